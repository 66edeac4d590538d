"""The desktop's changes, each a named unit of work for the core to run as one operation.

Undo, redo and the journal live in ``app.journal``: a command only says what to do
(``apply``) and how the change reads in Edit > Undo. ``DataContext.submit`` runs it
through ``app.journal.operations.operation`` and tells the views what changed.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import TYPE_CHECKING, Any

from app.journal.recorder import record_name
from app.model import Base, Delegation, Person, StoredFile
from app.services import agreements, delegations, records

if TYPE_CHECKING:
    from app.seed.sample import LoadResult
    from ui.context import DataContext


class RecordCommand:
    """Base: ``apply(session)`` does the work; ``label`` names it (may be refined in apply)."""

    def __init__(self, context: DataContext, label: str) -> None:
        self.context = context
        self.label = label

    def text(self) -> str:
        return self.label

    def apply(self, session: Any) -> None:
        raise NotImplementedError


class CreateRecord(RecordCommand):
    def __init__(self, context: DataContext, model: type[Base], fields: dict[str, Any]) -> None:
        super().__init__(context, f"Create {_label(model)}")
        self.model = model
        self.fields = fields
        self.record_id: uuid.UUID | None = None

    def apply(self, session: Any) -> None:
        record = records.create(session, self.model, **self.fields)
        self.record_id = record.id  # type: ignore[attr-defined]
        self.label = _named("Create", self.model, record)


class UpdateRecord(RecordCommand):
    def __init__(
        self, context: DataContext, model: type[Base], record_id: uuid.UUID, changes: dict[str, Any]
    ) -> None:
        super().__init__(context, f"Edit {_label(model)}")
        self.model = model
        self.record_id = record_id
        self.changes = changes

    def apply(self, session: Any) -> None:
        record = records.update(session, self.model, self.record_id, **self.changes)
        self.label = _named("Edit", self.model, record)


class DeleteRecord(RecordCommand):
    def __init__(self, context: DataContext, model: type[Base], record_id: uuid.UUID) -> None:
        super().__init__(context, f"Delete {_label(model)}")
        self.model = model
        self.record_id = record_id

    def apply(self, session: Any) -> None:
        self.label = _named("Delete", self.model, records.get(session, self.model, self.record_id))
        records.delete(session, self.model, self.record_id)


class AddMember(RecordCommand):
    def __init__(
        self, context: DataContext, delegation_id: uuid.UUID, person_id: uuid.UUID, role: str
    ) -> None:
        super().__init__(context, "Add delegation member")
        self.delegation_id = delegation_id
        self.person_id = person_id
        self.role = role
        self.record_id: uuid.UUID | None = None

    def apply(self, session: Any) -> None:
        member = delegations.add_member(session, self.delegation_id, self.person_id, self.role)
        self.record_id = member.id


class RemoveMember(RecordCommand):
    def __init__(
        self, context: DataContext, delegation_id: uuid.UUID, person_id: uuid.UUID
    ) -> None:
        super().__init__(context, "Remove delegation member")
        self.delegation_id = delegation_id
        self.person_id = person_id

    def apply(self, session: Any) -> None:
        delegations.remove_member(session, self.delegation_id, self.person_id)


class SetHead(RecordCommand):
    def __init__(
        self, context: DataContext, delegation_id: uuid.UUID, person_id: uuid.UUID | None
    ) -> None:
        super().__init__(context, "Set head of delegation")
        self.delegation_id = delegation_id
        self.person_id = person_id

    def apply(self, session: Any) -> None:
        delegations.set_head(session, self.delegation_id, self.person_id)


class ReorderMembers(RecordCommand):
    def __init__(
        self, context: DataContext, delegation_id: uuid.UUID, person_ids: list[uuid.UUID]
    ) -> None:
        super().__init__(context, "Reorder delegation members")
        self.delegation_id = delegation_id
        self.person_ids = person_ids

    def apply(self, session: Any) -> None:
        delegations.reorder_members(session, self.delegation_id, self.person_ids)


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
        super().__init__(context, f"Change agreement status to {status}")
        self.agreement_id = agreement_id
        self.status = status
        self.force = force
        self.reason = reason

    def apply(self, session: Any) -> None:
        agreements.change_agreement_status(
            session, self.agreement_id, self.status, force=self.force, reason=self.reason
        )


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
        super().__init__(context, "Set photo")
        self.person_id = person_id
        self.filename = filename
        self.media_type = media_type
        self.content = content

    def apply(self, session: Any) -> None:
        stored = records.create(
            session,
            StoredFile,
            filename=self.filename,
            media_type=self.media_type,
            size=len(self.content),
            sha256=hashlib.sha256(self.content).hexdigest(),
            content=self.content,
        )
        person = records.update(session, Person, self.person_id, photo_id=stored.id)
        self.label = f"Set photo of {person.full_name}"


class LoadSample(RecordCommand):
    """Load the sample seminar (run on a worker thread, see ``MainWindow.load_sample``)."""

    def __init__(self, context: DataContext) -> None:
        super().__init__(context, "Load sample seminar")
        self.result: LoadResult | None = None

    def apply(self, session: Any) -> None:
        from app.seed.sample import load_sample

        self.result = load_sample(session)


def _label(model: type[Base]) -> str:
    name = model.__name__
    return "".join(f" {c.lower()}" if c.isupper() else c for c in name).strip()


def _named(verb: str, model: type[Base], record: Base) -> str:
    name = record_name(record)
    if model is Delegation or not name:
        return f"{verb} {_label(model)}" + (f" {name}" if name else "")
    return f"{verb} {name}"
