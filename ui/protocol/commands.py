"""Undoable protocol edits: the precedence rule, kept seating plans, merging people.

Each follows ``ui.commands.RecordCommand``: the change runs through the core's
services inside one ``db.transaction()``; undo writes back what was there before.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.model import Person, SeatingPlanRecord
from app.protocol.duplicates import MergeReport, merge_people, set_apart, take_back, undo_merge
from app.protocol.gifts import store_thresholds
from app.protocol.precedence import PrecedenceRule, get_rule, set_rule
from app.protocol.seating import Layout, SeatingPlan, load_plan, save_plan
from app.services import records
from ui.commands import RecordCommand, touched
from ui.context import DataContext

PRECEDENCE_KINDS = frozenset({"PrecedenceSetting"})
SEATING_KINDS = frozenset({"SeatingPlanRecord"})
DISTINCT_KINDS = frozenset({"DistinctPeople"})
OFFICE_KINDS = frozenset({"OfficeSetting"})


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


class MergePeople(RecordCommand):
    """Merge a duplicate into the kept person (the core's ``merge_people``). Undo puts
    every moved link, the kept person's fields and the merged record back."""

    def __init__(self, context: DataContext, keep_id: uuid.UUID, merge_id: uuid.UUID) -> None:
        kinds = touched(Person, *(d.model for d in records.dependents_of(Person)))
        super().__init__(context, "Merge duplicate people", kinds | SEATING_KINDS)
        self.keep_id = keep_id
        self.merge_id = merge_id
        self.report: MergeReport | None = None

    def apply(self, session: Session, *, first: bool) -> None:
        self.report = merge_people(session, self.keep_id, self.merge_id)

    def revert(self, session: Session) -> None:
        assert self.report is not None
        undo_merge(session, self.report)


class SetApart(RecordCommand):
    """Say that two people are not one person (the core's ``set_apart``), so the
    duplicate search stops offering the pair; undo lets it be offered again."""

    def __init__(self, context: DataContext, first_id: uuid.UUID, second_id: uuid.UUID) -> None:
        super().__init__(context, "Set apart as different people", DISTINCT_KINDS)
        self.first_id = first_id
        self.second_id = second_id
        self.pair_id: uuid.UUID | None = None

    def apply(self, session: Session, *, first: bool) -> None:
        self.pair_id = set_apart(session, self.first_id, self.second_id).id

    def revert(self, session: Session) -> None:
        assert self.pair_id is not None
        take_back(session, self.pair_id)


class StoreGiftThresholds(RecordCommand):
    """The office's gift declaration thresholds, stored in the database for every
    workstation; undo stores the ones before (none, if there were none)."""

    def __init__(
        self,
        context: DataContext,
        before: dict[str, Decimal] | None,
        after: dict[str, Decimal],
    ) -> None:
        super().__init__(context, "Change gift declaration thresholds", OFFICE_KINDS)
        self.before = before or {}
        self.after = after

    def apply(self, session: Session, *, first: bool) -> None:
        store_thresholds(session, self.after)

    def revert(self, session: Session) -> None:
        store_thresholds(session, self.before)
