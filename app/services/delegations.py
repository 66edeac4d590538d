"""Delegations: members in notified order, one head who is always a member."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.errors import DomainError
from app.model import Delegation, DelegationMember, Person
from app.model.enums import DelegationRole
from app.services import records


def add_member(
    session: Session,
    delegation_id: uuid.UUID,
    person_id: uuid.UUID,
    role: str = DelegationRole.MEMBER.value,
) -> DelegationMember:
    """Append a member; a member added as head becomes the head of delegation."""
    delegation = records.get(session, Delegation, delegation_id)
    if role == DelegationRole.HEAD.value and delegation.head_person_id is not None:
        current = session.get(Person, delegation.head_person_id)
        name = current.full_name if current else "someone else"
        raise DomainError("role", f"the delegation already has a head ({name})")
    last = session.scalar(
        select(func.max(DelegationMember.sort_order)).where(
            DelegationMember.delegation_id == delegation.id
        )
    )
    member = records.create(
        session,
        DelegationMember,
        delegation_id=delegation.id,
        person_id=person_id,
        role=role,
        sort_order=(last if last is not None else -1) + 1,
    )
    if role == DelegationRole.HEAD.value:
        session.refresh(delegation, ["members"])
        records.update(session, Delegation, delegation.id, head_person_id=person_id)
    return member


def set_head(session: Session, delegation_id: uuid.UUID, person_id: uuid.UUID | None) -> None:
    """Make a member the head; the previous head stays in the delegation as a member."""
    delegation = records.get(session, Delegation, delegation_id)
    # Only the old head's and the new head's rows change: a delegation of 10,000 (an
    # imported list) is not loaded whole.
    touched = session.scalars(
        select(DelegationMember).where(
            DelegationMember.delegation_id == delegation.id,
            or_(
                DelegationMember.role == DelegationRole.HEAD.value,
                DelegationMember.person_id == person_id,
            ),
        )
    )
    for member in touched:
        if member.role == DelegationRole.HEAD.value and member.person_id != person_id:
            member.role = DelegationRole.MEMBER.value
        elif member.person_id == person_id:
            member.role = DelegationRole.HEAD.value
    records.update(session, Delegation, delegation.id, head_person_id=person_id)


def remove_member(
    session: Session, delegation_id: uuid.UUID, person_id: uuid.UUID
) -> records.DeletionReceipt:
    delegation = records.get(session, Delegation, delegation_id)
    member = _member(delegation, person_id)
    if delegation.head_person_id == person_id:
        delegation.head_person_id = None
    return records.delete(session, DelegationMember, member.id)


def reorder_members(
    session: Session, delegation_id: uuid.UUID, person_ids: Sequence[uuid.UUID]
) -> None:
    """Put members in the order the sending side notified them."""
    delegation = records.get(session, Delegation, delegation_id)
    current = {member.person_id: member for member in delegation.members}
    if set(person_ids) != set(current) or len(person_ids) != len(current):
        raise DomainError("members", "the new order must list every member exactly once")
    for position, person_id in enumerate(person_ids):
        current[person_id].sort_order = position
    session.flush()


def _member(delegation: Delegation, person_id: uuid.UUID) -> DelegationMember:
    for member in delegation.members:
        if member.person_id == person_id:
            return member
    raise DomainError("person_id", "that person is not a member of the delegation")
