"""Undoable edits. Each one runs app services inside one ``db.transaction()``.

Undo of a create deletes (keeping the receipt), undo of a delete restores from the
receipt, undo of an update writes back the snapshot taken before it.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtGui import QUndoCommand
from sqlalchemy.orm import Session

from app.errors import NotFoundError, ProtocolDeskError
from app.model import (
    Agreement,
    AgreementStatusChange,
    Base,
    Delegation,
    DelegationMember,
    Person,
    StoredFile,
)
from app.services import agreements, delegations, records
from ui.context import DataContext

# Kinds whose display depends on another kind's rows (names shown in lists).
RELATED_KINDS: dict[str, frozenset[str]] = {
    "Person": frozenset({"DelegationMember", "Delegation", "SpeakingRole", "Signatory", "Gift"}),
    "Organisation": frozenset({"Person", "Delegation", "AgreementParty", "Gift"}),
    "Agreement": frozenset({"SigningCeremony"}),
    "ProgrammeItem": frozenset({"SpeakingRole", "SigningCeremony"}),
    "SpeakingRole": frozenset({"ProgrammeItem"}),
    "DelegationMember": frozenset({"Delegation"}),
    "AgreementParty": frozenset({"Agreement", "Signatory"}),
    "Signatory": frozenset({"SigningCeremony"}),
    "Event": frozenset({"Agreement", "Gift"}),
}


def touched(*models: type[Base] | str) -> frozenset[str]:
    names = {m if isinstance(m, str) else m.__name__ for m in models}
    for name in list(names):
        names |= RELATED_KINDS.get(name, frozenset())
    return frozenset(names)


class RecordCommand(QUndoCommand):
    """Base: ``apply`` on first run and redo, ``revert`` on undo, one transaction each."""

    def __init__(self, context: DataContext, text: str, kinds: frozenset[str]) -> None:
        super().__init__(text)
        self.context = context
        self.kinds = kinds
        self._skip_next_redo = False

    def perform_first(self) -> None:
        with self.context.db.transaction() as session:
            self.apply(session, first=True)
        self._skip_next_redo = True
        self.context.notify(self.kinds)

    def mark_done(self) -> None:
        """The first run happened outside ``perform_first``; tell the views."""
        self._skip_next_redo = True
        self.context.notify(self.kinds)

    def redo(self) -> None:
        if self._skip_next_redo:
            self._skip_next_redo = False
            return
        self._run(lambda session: self.apply(session, first=False))

    def undo(self) -> None:
        self._run(self.revert)

    def _run(self, step: Any) -> None:
        try:
            with self.context.db.transaction() as session:
                step(session)
        except ProtocolDeskError as error:
            self.context.failed.emit(f"{self.text()}: {error}")
        self.context.notify(self.kinds)

    def apply(self, session: Session, *, first: bool) -> None:
        raise NotImplementedError

    def revert(self, session: Session) -> None:
        raise NotImplementedError


class CreateRecord(RecordCommand):
    def __init__(self, context: DataContext, model: type[Base], fields: dict[str, Any]) -> None:
        super().__init__(context, f"Create {_label(model)}", touched(model))
        self.model = model
        self.fields = fields
        self.record_id: uuid.UUID | None = None
        self.receipt: records.DeletionReceipt | None = None

    def apply(self, session: Session, *, first: bool) -> None:
        if self.receipt is not None:
            records.restore(session, self.receipt)
            return
        record = records.create(session, self.model, **self.fields)
        self.record_id = record.id  # type: ignore[attr-defined]

    def revert(self, session: Session) -> None:
        assert self.record_id is not None
        self.receipt = records.delete(session, self.model, self.record_id)


class UpdateRecord(RecordCommand):
    def __init__(
        self, context: DataContext, model: type[Base], record_id: uuid.UUID, changes: dict[str, Any]
    ) -> None:
        super().__init__(context, f"Edit {_label(model)}", touched(model))
        self.model = model
        self.record_id = record_id
        self.changes = changes
        self.before: dict[str, Any] = {}

    def apply(self, session: Session, *, first: bool) -> None:
        if first:
            current = records.get(session, self.model, self.record_id)
            self.before = records.snapshot(current, list(self.changes))
        records.update(session, self.model, self.record_id, **self.changes)

    def revert(self, session: Session) -> None:
        records.update(session, self.model, self.record_id, **self.before)


class DeleteRecord(RecordCommand):
    def __init__(self, context: DataContext, model: type[Base], record_id: uuid.UUID) -> None:
        super().__init__(context, f"Delete {_label(model)}", touched(model, *_cascade(model)))
        self.model = model
        self.record_id = record_id
        self.receipt: records.DeletionReceipt | None = None

    def apply(self, session: Session, *, first: bool) -> None:
        self.receipt = records.delete(session, self.model, self.record_id)

    def revert(self, session: Session) -> None:
        assert self.receipt is not None
        records.restore(session, self.receipt)


class AddMember(RecordCommand):
    """Add a member; redo after undo brings back the same member row (same id and place)."""

    def __init__(
        self, context: DataContext, delegation_id: uuid.UUID, person_id: uuid.UUID, role: str
    ) -> None:
        super().__init__(context, "Add delegation member", touched(DelegationMember, Delegation))
        self.delegation_id = delegation_id
        self.person_id = person_id
        self.role = role
        self.record_id: uuid.UUID | None = None
        self.receipt: records.DeletionReceipt | None = None
        self.became_head = False

    def apply(self, session: Session, *, first: bool) -> None:
        if self.receipt is not None:
            records.restore(session, self.receipt)
            self.receipt = None
            if self.became_head:
                records.update(
                    session, Delegation, self.delegation_id, head_person_id=self.person_id
                )
            return
        member = delegations.add_member(session, self.delegation_id, self.person_id, self.role)
        self.record_id = member.id
        delegation = records.get(session, Delegation, self.delegation_id)
        self.became_head = delegation.head_person_id == self.person_id

    def revert(self, session: Session) -> None:
        self.receipt = delegations.remove_member(session, self.delegation_id, self.person_id)


class RemoveMember(RecordCommand):
    def __init__(
        self, context: DataContext, delegation_id: uuid.UUID, person_id: uuid.UUID
    ) -> None:
        super().__init__(context, "Remove delegation member", touched(DelegationMember, Delegation))
        self.delegation_id = delegation_id
        self.person_id = person_id
        self.was_head = False
        self.receipt: records.DeletionReceipt | None = None

    def apply(self, session: Session, *, first: bool) -> None:
        delegation = records.get(session, Delegation, self.delegation_id)
        self.was_head = delegation.head_person_id == self.person_id
        self.receipt = delegations.remove_member(session, self.delegation_id, self.person_id)

    def revert(self, session: Session) -> None:
        assert self.receipt is not None
        records.restore(session, self.receipt)
        if self.was_head:
            session.expire_all()
            records.update(session, Delegation, self.delegation_id, head_person_id=self.person_id)


class SetHead(RecordCommand):
    def __init__(
        self, context: DataContext, delegation_id: uuid.UUID, person_id: uuid.UUID | None
    ) -> None:
        super().__init__(context, "Set head of delegation", touched(DelegationMember, Delegation))
        self.delegation_id = delegation_id
        self.person_id = person_id
        self.before_head: uuid.UUID | None = None
        self.before_roles: dict[uuid.UUID, str] = {}

    def apply(self, session: Session, *, first: bool) -> None:
        delegation = records.get(session, Delegation, self.delegation_id)
        if first:
            self.before_head = delegation.head_person_id
            self.before_roles = {m.id: m.role for m in delegation.members}
        delegations.set_head(session, self.delegation_id, self.person_id)

    def revert(self, session: Session) -> None:
        delegations.set_head(session, self.delegation_id, self.before_head)
        for member_id, role in self.before_roles.items():
            records.update(session, DelegationMember, member_id, role=role)


class ReorderMembers(RecordCommand):
    def __init__(
        self, context: DataContext, delegation_id: uuid.UUID, person_ids: list[uuid.UUID]
    ) -> None:
        super().__init__(context, "Reorder delegation members", touched(DelegationMember))
        self.delegation_id = delegation_id
        self.person_ids = person_ids
        self.before: list[uuid.UUID] = []

    def apply(self, session: Session, *, first: bool) -> None:
        if first:
            delegation = records.get(session, Delegation, self.delegation_id)
            self.before = [m.person_id for m in delegation.members]
        delegations.reorder_members(session, self.delegation_id, self.person_ids)

    def revert(self, session: Session) -> None:
        delegations.reorder_members(session, self.delegation_id, self.before)


class ChangeAgreementStatus(RecordCommand):
    def __init__(
        self,
        context: DataContext,
        agreement_id: uuid.UUID,
        status: str,
        *,
        force: bool,
        reason: str | None,
    ) -> None:
        super().__init__(
            context,
            f"Change agreement status to {status}",
            touched(Agreement, AgreementStatusChange),
        )
        self.agreement_id = agreement_id
        self.status = status
        self.force = force
        self.reason = reason
        self.change_id: uuid.UUID | None = None

    def apply(self, session: Session, *, first: bool) -> None:
        change = agreements.change_agreement_status(
            session, self.agreement_id, self.status, force=self.force, reason=self.reason
        )
        self.change_id = change.id

    def revert(self, session: Session) -> None:
        assert self.change_id is not None
        agreements.undo_status_change(session, self.change_id)


class SetPhoto(RecordCommand):
    """Store an image in the database and make it the person's photo."""

    def __init__(
        self,
        context: DataContext,
        person_id: uuid.UUID,
        filename: str,
        media_type: str,
        content: bytes,
    ) -> None:
        super().__init__(context, "Set photo", touched(Person, StoredFile))
        self.person_id = person_id
        self.filename = filename
        self.media_type = media_type
        self.content = content
        self.before: uuid.UUID | None = None
        self.file_id: uuid.UUID | None = None

    def apply(self, session: Session, *, first: bool) -> None:
        import hashlib

        person = records.get(session, Person, self.person_id)
        if first:
            self.before = person.photo_id
        stored = records.create(
            session,
            StoredFile,
            filename=self.filename,
            media_type=self.media_type,
            size=len(self.content),
            sha256=hashlib.sha256(self.content).hexdigest(),
            content=self.content,
        )
        self.file_id = stored.id
        records.update(session, Person, self.person_id, photo_id=stored.id)

    def revert(self, session: Session) -> None:
        records.update(session, Person, self.person_id, photo_id=self.before)
        if self.file_id is not None:
            records.delete(session, StoredFile, self.file_id)


class LoadSample(RecordCommand):
    """Load the sample seminar; undo soft-deletes exactly the records the load created.

    The first run happens on a worker thread (see ``MainWindow.load_sample``); redo
    restores the deleted records with their receipts, keeping their ids.
    """

    def __init__(self, context: DataContext) -> None:
        super().__init__(context, "Load sample seminar", frozenset(ALL_KINDS))
        self.created: list[tuple[type[Base], uuid.UUID]] = []
        self.receipts: list[records.DeletionReceipt] = []
        self.result: Any = None

    def apply(self, session: Session, *, first: bool) -> None:
        if not first:
            for receipt in reversed(self.receipts):
                records.restore(session, receipt)
            self.receipts = []
            return
        import app.model
        from app.seed.sample import load_sample, read_sample, sample_uuid

        wanted = [
            (getattr(app.model, entry["kind"]), sample_uuid(entry["ref"]))
            for entry in read_sample()["records"]
            if entry["kind"] != "DelegationHead"
        ]
        existing = {
            key
            for model, key in wanted
            if session.get(model, key, execution_options={"include_deleted": True}) is not None
        }
        self.result = load_sample(session)
        self.created = [(model, key) for model, key in wanted if key not in existing]

    def revert(self, session: Session) -> None:
        self.receipts = []
        # Children first, so each receipt holds what one delete touched.
        for model, key in reversed(self.created):
            try:
                self.receipts.append(records.delete(session, model, key))
            except NotFoundError:
                continue  # already gone with its parent's delete


ALL_KINDS = (
    "Event",
    "Person",
    "Organisation",
    "Agreement",
    "AgreementParty",
    "AgreementStatusChange",
    "Delegation",
    "DelegationMember",
    "ProgrammeItem",
    "SpeakingRole",
    "SigningCeremony",
    "Signatory",
    "Witness",
    "Gift",
    "Country",
)


def _label(model: type[Base]) -> str:
    name = model.__name__
    return "".join(f" {c.lower()}" if c.isupper() else c for c in name).strip()


def _cascade(model: type[Base]) -> list[str]:
    """Every kind a delete may reach through cascades or detached references."""
    found: list[str] = []
    pending = [model]
    while pending:
        current = pending.pop()
        for dependent in records.dependents_of(current):
            name = dependent.model.__name__
            if name not in found:
                found.append(name)
                if dependent.cascades:
                    pending.append(dependent.model)
    return found
