"""Protocol edits: the precedence rule, kept seating plans, merging people, thresholds.

Each is a ``ui.commands.RecordCommand``: the change runs through the core's services
as one journaled operation; undo is the core's (``app.journal``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from app.protocol.duplicates import MergeReport, merge_people, set_apart
from app.protocol.gifts import store_thresholds
from app.protocol.seating import Layout, SeatingPlan, keep_plan
from ui.commands import RecordCommand
from ui.context import DataContext

PRECEDENCE_KINDS = frozenset({"PrecedenceSetting"})
SEATING_KINDS = frozenset({"SeatingPlanRecord"})
DISTINCT_KINDS = frozenset({"DistinctPeople"})
OFFICE_KINDS = frozenset({"OfficeSetting"})


class ChangePrecedence(RecordCommand):
    """Any change of an event's rule (alphabet, draw, host, organisations, a position set
    by hand): ``change`` runs the core service."""

    def __init__(
        self,
        context: DataContext,
        event_id: uuid.UUID,
        text: str,
        change: Callable[[Any], object],
    ) -> None:
        super().__init__(context, text)
        self.event_id = event_id
        self.change = change

    def apply(self, session: Any) -> None:
        self.change(session)


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
        super().__init__(context, text)
        self.programme_item_id = programme_item_id
        self.layout = layout
        self.plan = plan

    def apply(self, session: Any) -> None:
        keep_plan(session, self.programme_item_id, self.layout, self.plan)


class MergePeople(RecordCommand):
    """Merge a duplicate into the kept person (the core's ``merge_people``)."""

    def __init__(self, context: DataContext, keep_id: uuid.UUID, merge_id: uuid.UUID) -> None:
        super().__init__(context, "Merge duplicate people")
        self.keep_id = keep_id
        self.merge_id = merge_id
        self.report: MergeReport | None = None

    def apply(self, session: Any) -> None:
        self.report = merge_people(session, self.keep_id, self.merge_id)


class SetApart(RecordCommand):
    """Say that two people are not one person (the core's ``set_apart``), so the
    duplicate search stops offering the pair."""

    def __init__(self, context: DataContext, first_id: uuid.UUID, second_id: uuid.UUID) -> None:
        super().__init__(context, "Set apart as different people")
        self.first_id = first_id
        self.second_id = second_id
        self.pair_id: uuid.UUID | None = None

    def apply(self, session: Any) -> None:
        self.pair_id = set_apart(session, self.first_id, self.second_id).id


class StoreGiftThresholds(RecordCommand):
    """The office's gift declaration thresholds, stored in the database for every
    workstation."""

    def __init__(
        self,
        context: DataContext,
        before: dict[str, Decimal] | None,
        after: dict[str, Decimal],
    ) -> None:
        super().__init__(context, "Change gift declaration thresholds")
        self.after = after

    def apply(self, session: Any) -> None:
        store_thresholds(session, self.after)
