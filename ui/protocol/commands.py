"""Undoable protocol edits: the precedence rule, kept seating plans, merging people.

Each follows ``ui.commands.RecordCommand``: the change runs through the core's
services inside one ``db.transaction()``; undo writes back what was there before.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.model import DelegationMember, Person, SeatingPlanRecord
from app.protocol.duplicates import MergeReport, merge_people
from app.protocol.precedence import PrecedenceRule, get_rule, set_rule
from app.protocol.seating import Layout, SeatingPlan, load_plan, save_plan
from app.services import records
from ui.commands import RecordCommand, touched
from ui.context import DataContext

PRECEDENCE_KINDS = frozenset({"PrecedenceSetting"})
SEATING_KINDS = frozenset({"SeatingPlanRecord"})


class ChangePrecedence(RecordCommand):
    """Any change of an event's rule (alphabet, draw, host, organisations, a position set
    by hand): ``change`` runs the core service once; redo and undo store whole rules."""

    def __init__(
        self,
        context: DataContext,
        event_id: uuid.UUID,
        text: str,
        change: Callable[[Session], object],
    ) -> None:
        super().__init__(context, text, PRECEDENCE_KINDS)
        self.event_id = event_id
        self.change = change
        self.before: PrecedenceRule | None = None
        self.after: PrecedenceRule | None = None

    def apply(self, session: Session, *, first: bool) -> None:
        if first:
            self.before = get_rule(session, self.event_id)
            self.change(session)
            self.after = get_rule(session, self.event_id)
            return
        assert self.after is not None
        set_rule(session, self.event_id, self.after)

    def revert(self, session: Session) -> None:
        assert self.before is not None
        set_rule(session, self.event_id, self.before)


class KeepSeatingPlan(RecordCommand):
    """Keep an adjusted plan for a programme item, or (``plan`` None) drop the kept one so
    the plan is generated afresh from precedence."""

    def __init__(
        self,
        context: DataContext,
        programme_item_id: uuid.UUID,
        layout: Layout,
        plan: SeatingPlan | None,
        text: str,
    ) -> None:
        super().__init__(context, text, SEATING_KINDS)
        self.programme_item_id = programme_item_id
        self.layout = layout
        self.plan = plan
        self.before: SeatingPlan | None = None

    def apply(self, session: Session, *, first: bool) -> None:
        if first:
            self.before = load_plan(session, self.programme_item_id, self.layout)
        self._store(session, self.plan)

    def revert(self, session: Session) -> None:
        self._store(session, self.before)

    def _store(self, session: Session, plan: SeatingPlan | None) -> None:
        if plan is not None:
            save_plan(session, self.programme_item_id, plan)
            return
        stored = session.scalars(
            select(SeatingPlanRecord).where(
                SeatingPlanRecord.programme_item_id == self.programme_item_id,
                SeatingPlanRecord.layout == self.layout.value,
            )
        ).first()
        if stored is not None:
            records.delete(session, SeatingPlanRecord, stored.id)


# What merging changes on the kept person; written back on undo.
_KEPT_FIELDS = (
    "honorific",
    "given_names",
    "native_name",
    "position",
    "organisation_id",
    "country_id",
    "dietary_needs",
    "accessibility_needs",
    "email",
    "phone",
    "photo_id",
    "biography",
    "pronunciation",
    "languages",
    "interpreter_needed",
    "alt_spellings",
    "notes",
)


@dataclass
class _MergeBefore:
    kept: dict[str, Any] = field(default_factory=dict)
    # (model, column) -> ids of the rows that pointed at the merged person.
    links: list[tuple[type[Any], str, list[uuid.UUID]]] = field(default_factory=list)
    # Memberships in a delegation both were in: the kept one's role and place.
    kept_memberships: dict[uuid.UUID, tuple[str, int]] = field(default_factory=dict)
    live_memberships: set[uuid.UUID] = field(default_factory=set)
    seats: dict[uuid.UUID, list[dict[str, Any]]] = field(default_factory=dict)


class MergePeople(RecordCommand):
    """Merge a duplicate into the kept person (the core's ``merge_people``). Undo puts
    every moved link, the kept person's fields and the merged record back."""

    def __init__(self, context: DataContext, keep_id: uuid.UUID, merge_id: uuid.UUID) -> None:
        kinds = touched(Person, *(d.model for d in records.dependents_of(Person)))
        super().__init__(context, "Merge duplicate people", kinds | SEATING_KINDS)
        self.keep_id = keep_id
        self.merge_id = merge_id
        self.before = _MergeBefore()
        self.report: MergeReport | None = None

    def apply(self, session: Session, *, first: bool) -> None:
        if first:
            self.before = self._capture(session)
        self.report = merge_people(session, self.keep_id, self.merge_id)

    def _capture(self, session: Session) -> _MergeBefore:
        before = _MergeBefore()
        kept = records.get(session, Person, self.keep_id)
        before.kept = {name: _copy(getattr(kept, name)) for name in _KEPT_FIELDS}
        for dependent in records.dependents_of(Person):
            column = getattr(dependent.model, dependent.column)
            rows = session.scalars(
                select(dependent.model)
                .where(column == self.merge_id)
                .execution_options(include_deleted=True)
            ).all()
            if rows:
                before.links.append(
                    (dependent.model, dependent.column, [cast(Any, r).id for r in rows])
                )
            for row in rows:
                if isinstance(row, DelegationMember) and row.deleted_at is None:
                    before.live_memberships.add(row.id)
        for member in session.scalars(
            select(DelegationMember).where(DelegationMember.person_id == self.keep_id)
        ):
            before.kept_memberships[member.id] = (member.role, member.sort_order)
        wanted = str(self.merge_id)
        for plan in session.scalars(select(SeatingPlanRecord)):
            if any(seat.get("person_id") == wanted for seat in plan.seats or []):
                before.seats[plan.id] = [dict(seat) for seat in plan.seats or []]
        return before

    def revert(self, session: Session) -> None:
        before = self.before
        merged = session.get(Person, self.merge_id, execution_options={"include_deleted": True})
        assert merged is not None
        merged.deleted_at = None
        kept = records.get(session, Person, self.keep_id)
        for name, value in before.kept.items():
            setattr(kept, name, _copy(value))
        for model, column, ids in before.links:
            for row in session.scalars(
                select(model).where(model.id.in_(ids)).execution_options(include_deleted=True)
            ):
                setattr(row, column, self.merge_id)
                if row.id in before.live_memberships:
                    row.deleted_at = None
        for member_id, (role, sort_order) in before.kept_memberships.items():
            member = session.get(DelegationMember, member_id)
            if member is not None:
                member.role, member.sort_order = role, sort_order
        for plan_id, seats in before.seats.items():
            plan = session.get(SeatingPlanRecord, plan_id)
            if plan is not None:
                plan.seats = seats
        session.flush()


def _copy(value: Any) -> Any:
    # JSON lists are mutated in place by the merge; keep our own copy.
    return list(value) if isinstance(value, list) else value
