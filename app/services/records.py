"""Generic use cases over any record kind: create, update, soft delete and restore.

Every one validates the whole record with the kind's rules before flushing, and
runs inside the caller's transaction (``Database.transaction()``), so a use case
that raises leaves the database exactly as it was.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import JSON, Column, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, class_mapper

from app.errors import DomainError, NotFoundError
from app.model import Base, utc_now
from app.services.validation import validate
from app.textnorm import is_multiline_field, normalise_text

R = TypeVar("R", bound=Base)

SYSTEM_FIELDS = frozenset(
    {"id", "created_at", "updated_at", "revision", "deleted_at", "search_key"}
)
# Changed only through their own use case, which applies the lifecycle rules.
GUARDED_FIELDS: dict[str, str] = {"Agreement.status": "use change_agreement_status"}


def kind_name(model: type[Base]) -> str:
    return model.__name__


def editable_fields(model: type[Base]) -> list[str]:
    return [attr.key for attr in class_mapper(model).column_attrs if attr.key not in SYSTEM_FIELDS]


def get[R: Base](session: Session, model: type[R], record_id: uuid.UUID | str) -> R:
    key = record_id if isinstance(record_id, uuid.UUID) else _parse_uuid("id", record_id)
    record = session.get(model, key)
    if record is None or record.deleted_at is not None:  # type: ignore[attr-defined]
        raise NotFoundError(kind_name(model).lower(), str(record_id))
    return record


def create[R: Base](
    session: Session, model: type[R], *, record_id: uuid.UUID | None = None, **fields: Any
) -> R:
    """A new validated record; ``record_id`` gives it a known key (sample data, merges)."""
    record = model()
    if record_id is not None:
        record.id = record_id  # type: ignore[attr-defined]
    _apply_defaults(record)
    _assign(record, fields, creating=True)
    session.add(record)
    _validate_and_flush(session, record)
    return record


def update[R: Base](
    session: Session, model: type[R], record_id: uuid.UUID | str, **changes: Any
) -> R:
    record = get(session, model, record_id)
    _assign(record, changes, creating=False)
    _validate_and_flush(session, record)
    return record


def snapshot(record: Base, fields: list[str] | None = None) -> dict[str, Any]:
    """The current values of ``fields`` (default: all editable ones), e.g. for undo."""
    names = fields if fields is not None else editable_fields(type(record))
    return {name: _copy(getattr(record, name)) for name in names}


@dataclass
class DeletionReceipt:
    """What a soft delete touched, so that undo can put every piece back."""

    model: type[Base]
    record_id: uuid.UUID
    stamp: datetime
    cleared_references: list[tuple[type[Base], uuid.UUID, str, uuid.UUID]] = field(
        default_factory=list
    )


def delete(session: Session, model: type[Base], record_id: uuid.UUID | str) -> DeletionReceipt:
    """Soft-delete a record, the rows that only exist through it, and detach references."""
    record = get(session, model, record_id)
    stamp = utc_now()
    receipt = DeletionReceipt(model, record.id, stamp)  # type: ignore[attr-defined]
    _soft_delete_tree(session, record, stamp, receipt)
    session.flush()
    return receipt


def restore(session: Session, receipt: DeletionReceipt) -> Base:
    """Undo a soft delete: the record, its dependent rows deleted with it, its references."""
    record = session.get(receipt.model, receipt.record_id, execution_options=_ALL)
    if record is None:
        raise NotFoundError(kind_name(receipt.model).lower(), str(receipt.record_id))
    _restore_tree(session, record, receipt.stamp)
    for model, row_id, column, value in receipt.cleared_references:
        row = session.get(model, row_id, execution_options=_ALL)
        if row is not None:
            setattr(row, column, value)
    session.flush()
    return record


@dataclass(frozen=True)
class Dependent:
    model: type[Base]
    column: str
    cascades: bool


_ALL = {"include_deleted": True}
# How a dependent row reads in a delete confirmation, by (table, foreign key column).
DEPENDENT_PHRASES: Mapping[tuple[str, str], str] = {
    ("speaking_role", "person_id"): "speaks in {n} programme item(s)",
    ("signatory", "person_id"): "signs {n} agreement(s)",
    ("witness", "person_id"): "witnesses {n} signing(s)",
    ("delegation_member", "person_id"): "is a member of {n} delegation(s)",
    ("delegation", "head_person_id"): "heads {n} delegation(s)",
    ("delegation", "liaison_officer_id"): "is liaison officer of {n} delegation(s)",
    ("programme_item", "chair_id"): "chairs {n} programme item(s)",
    ("gift", "giver_person_id"): "gave {n} gift(s)",
    ("gift", "recipient_person_id"): "received {n} gift(s)",
    ("delegation_member", "delegation_id"): "has {n} member(s)",
    ("delegation", "event_id"): "has {n} delegation(s)",
    ("programme_item", "event_id"): "has {n} programme item(s)",
    ("speaking_role", "programme_item_id"): "has {n} speaker(s)",
    ("signing_ceremony", "event_id"): "has {n} signing ceremony(ies)",
    ("signing_ceremony", "agreement_id"): "is signed at {n} ceremony(ies)",
    ("agreement_party", "organisation_id"): "is party to {n} agreement(s)",
    ("agreement_party", "country_id"): "is party to {n} agreement(s)",
    ("person", "organisation_id"): "employs {n} person(s)",
    ("delegation", "organisation_id"): "sends {n} delegation(s)",
    ("gift", "event_id"): "has {n} gift(s)",
    ("signatory", "party_id"): "has {n} signatory(ies)",
    ("signatory", "aide_person_id"): "stands behind {n} signatory(ies)",
}


def describe_dependents(session: Session, model: type[Base], record_id: uuid.UUID) -> list[str]:
    """Plain-words facts about what depends on a record, for the delete confirmation."""
    phrases: list[str] = []
    for dependent in dependents_of(model):
        column = getattr(dependent.model, dependent.column)
        count = session.scalar(
            select(func.count()).select_from(dependent.model).where(column == record_id)
        )
        if count:
            table = dependent.model.__tablename__
            template = DEPENDENT_PHRASES.get(
                (table, dependent.column), f"is referred to by {{n}} {table.replace('_', ' ')}(s)"
            )
            phrases.append(template.format(n=count))
    return phrases


@cache
def dependents_of(model: type[Base]) -> tuple[Dependent, ...]:
    """Every (model, column) whose foreign key points at ``model``'s table."""
    target = model.__table__
    found: list[Dependent] = []
    for mapper in Base.registry.mappers:
        for foreign_key in mapper.local_table.foreign_keys:
            if foreign_key.column.table is target:
                parent: Column[Any] = foreign_key.parent
                found.append(
                    Dependent(mapper.class_, parent.key, (foreign_key.ondelete or "") == "CASCADE")
                )
    return tuple(sorted(found, key=lambda d: (d.model.__name__, d.column)))


def _soft_delete_tree(
    session: Session, record: Base, stamp: datetime, receipt: DeletionReceipt
) -> None:
    record.deleted_at = stamp  # type: ignore[attr-defined]
    record_id = record.id  # type: ignore[attr-defined]
    for dependent in dependents_of(type(record)):
        for row in _rows_pointing_at(session, dependent, record_id):
            if dependent.cascades:
                _soft_delete_tree(session, row, stamp, receipt)
            else:
                setattr(row, dependent.column, None)
                receipt.cleared_references.append(
                    (dependent.model, row.id, dependent.column, record_id)  # type: ignore[attr-defined]
                )


def _restore_tree(session: Session, record: Base, stamp: datetime) -> None:
    record.deleted_at = None  # type: ignore[attr-defined]
    for dependent in dependents_of(type(record)):
        if not dependent.cascades:
            continue
        rows = session.scalars(
            select(dependent.model)
            .where(
                getattr(dependent.model, dependent.column) == record.id,  # type: ignore[attr-defined]
                dependent.model.deleted_at == stamp,  # type: ignore[attr-defined]
            )
            .execution_options(**_ALL)
        )
        for row in rows:
            _restore_tree(session, row, stamp)


def _rows_pointing_at(session: Session, dependent: Dependent, key: uuid.UUID) -> Iterator[Base]:
    column = getattr(dependent.model, dependent.column)
    yield from session.scalars(select(dependent.model).where(column == key)).all()


def _apply_defaults(record: Base) -> None:
    """Column defaults now, not at flush, so that validation sees the values stored."""
    for attr in class_mapper(type(record)).column_attrs:
        column = attr.columns[0]
        if attr.key in SYSTEM_FIELDS or getattr(record, attr.key) is not None:
            continue
        default = column.default
        if default is not None and default.is_scalar:
            setattr(record, attr.key, default.arg)
        elif isinstance(column.type, JSON):
            setattr(record, attr.key, [])


def _assign(record: Base, fields: Mapping[str, Any], *, creating: bool) -> None:
    model = type(record)
    columns = {attr.key: attr for attr in class_mapper(model).column_attrs}
    for name, value in fields.items():
        if name in SYSTEM_FIELDS or name not in columns:
            raise DomainError(name, f"is not an editable field of {kind_name(model).lower()}")
        guard = GUARDED_FIELDS.get(f"{kind_name(model)}.{name}")
        if guard and not creating and getattr(record, name) != value:
            raise DomainError(name, f"cannot be set directly; {guard}")
        column = columns[name].columns[0]
        setattr(record, name, _clean(name, value, nullable=bool(column.nullable)))


def _clean(name: str, value: Any, *, nullable: bool) -> Any:
    if isinstance(value, str):
        text = normalise_text(value, multiline=is_multiline_field(name))
        if not text and nullable:
            return None
        if name.endswith("_id") and text:
            return _parse_uuid(name, text)
        return text
    if isinstance(value, list):
        return [normalise_text(v) if isinstance(v, str) else v for v in value if v != ""]
    return value


def _parse_uuid(field_name: str, text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise DomainError(field_name, f"'{text}' is not a record id") from None


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _validate_and_flush(session: Session, record: Base) -> None:
    with session.no_autoflush:
        validate(session, record)
    try:
        session.flush()
    except IntegrityError as error:
        raise DomainError(kind_name(type(record)).lower(), _integrity_reason(error)) from None


def _integrity_reason(error: IntegrityError) -> str:
    detail = str(error.orig).splitlines()[0] if error.orig else str(error)
    return f"the database refused the change ({detail})"
