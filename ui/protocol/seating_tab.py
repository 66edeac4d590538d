"""Seating plans of an event's programme items: generated from precedence and roles,
adjusted by dragging a seat onto another, the adjustment kept (and undoable)."""

from __future__ import annotations

import html
import uuid
from typing import Literal, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import ProtocolDeskError
from app.listing import choices
from app.model.enums import ProgrammeItemKind
from app.protocol.seating import Layout, SeatingPlan, load_plan, plan_for_item, swap_seats
from ui.context import DataContext
from ui.protocol.commands import KeepSeatingPlan
from ui.protocol.lazy_refresh import RefreshWhenShown
from ui.protocol.seating_view import SeatingScene, SeatingView

WATCHED = frozenset(
    {
        "SeatingPlanRecord",
        "PrecedenceSetting",
        "ProgrammeItem",
        "Delegation",
        "DelegationMember",
        "Person",
        "Organisation",
        "SigningCeremony",
        "Signatory",
        "AgreementParty",
        "Event",
    }
)
# The programme item's kind, kept in its combo entry for the layout suggestion.
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
LAYOUT_FOR_KIND = {
    ProgrammeItemKind.SIGNING_CEREMONY.value: Layout.SIGNING_TABLE,
    ProgrammeItemKind.BILATERAL_MEETING.value: Layout.BILATERAL,
    ProgrammeItemKind.PLENARY.value: Layout.U_SHAPE,
    ProgrammeItemKind.PANEL.value: Layout.HEAD_TABLE,
    ProgrammeItemKind.OPENING_CEREMONY.value: Layout.HEAD_TABLE,
    ProgrammeItemKind.CLOSING_CEREMONY.value: Layout.HEAD_TABLE,
    ProgrammeItemKind.PRESS_CONFERENCE.value: Layout.HEAD_TABLE,
}
LAYOUT_TEXT = {
    Layout.SIGNING_TABLE: "Signing table",
    Layout.HEAD_TABLE: "Head table",
    Layout.U_SHAPE: "U-shape",
    Layout.BILATERAL: "Bilateral, face to face",
    Layout.THEATRE: "Theatre rows",
}


class SeatingTab(RefreshWhenShown):
    watched = WATCHED

    def __init__(
        self, context: DataContext, event_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("seating_tab")
        self.context = context
        self.event_id = event_id
        self.plan: SeatingPlan | None = None
        self.kept = False
        self._stale = True
        self._updating = False

        self.item = QComboBox(self)
        self.item.setObjectName("seating_item")
        self.item.setMinimumContentsLength(30)
        self.item.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.layout_choice = QComboBox(self)
        self.layout_choice.setObjectName("seating_layout")
        for layout, text in LAYOUT_TEXT.items():
            self.layout_choice.addItem(text, layout.value)
        self.host_side = QComboBox(self)
        self.host_side.setObjectName("seating_host_side")
        self.host_side.addItem("Host on the right (guest on the host's right)", "right")
        self.host_side.addItem("Host on the left", "left")
        self.interpreters = QComboBox(self)
        self.interpreters.setObjectName("seating_interpreters")
        self.interpreters.addItem("Interpreters behind", "behind")
        self.interpreters.addItem("Interpreters beside", "beside")
        self.guest = QComboBox(self)
        self.guest.setObjectName("seating_guest")
        self.guest.setMinimumContentsLength(26)
        self.guest.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.guest.setToolTip("The delegation facing the host's")
        self.regenerate = QPushButton("Start again from &precedence", self)
        self.regenerate.setObjectName("seating_regenerate")
        self.regenerate.setToolTip("Drop the adjustments made by hand to this plan (undoable)")
        self.regenerate.clicked.connect(lambda _checked=False: self.start_again())
        self.status = QLabel(self)
        self.status.setObjectName("seating_status")
        self.status.setWordWrap(True)

        self.scene = SeatingScene(self)
        self.view = SeatingView(self.scene, self)
        self.scene.swap_requested.connect(self.swap)

        choices = QHBoxLayout()
        item_label = QLabel("Programme &item:", self)
        item_label.setBuddy(self.item)
        choices.addWidget(item_label)
        choices.addWidget(self.item, 2)
        layout_label = QLabel("&Layout:", self)
        layout_label.setBuddy(self.layout_choice)
        choices.addWidget(layout_label)
        choices.addWidget(self.layout_choice, 1)
        choices.addWidget(self.host_side)
        choices.addWidget(self.guest)
        choices.addWidget(self.interpreters)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.regenerate)
        page = QVBoxLayout(self)
        page.setContentsMargins(4, 4, 4, 4)
        page.addLayout(choices)
        page.addLayout(status_row)
        page.addWidget(self.view, 1)

        self.item.currentIndexChanged.connect(self._item_chosen)
        for combo in (self.layout_choice, self.host_side, self.interpreters, self.guest):
            combo.currentIndexChanged.connect(lambda _i: self._options_changed())
        self.watch_changes(context)

    # ----- loading
    def refresh(self) -> None:
        self._stale = False
        self._fill_items()
        self.show_current()

    def _fill_items(self) -> None:
        held = self.item.currentData()
        held_guest = self.guest.currentData()
        guests = [
            (str(key), name)
            for key, name in choices.guest_delegations(self.context.db, self.event_id)
        ]
        items = choices.programme_items(self.context.db, self.event_id)
        self._updating = True
        try:
            self.guest.clear()
            self.guest.addItem("Guest: first in precedence", "")
            for key, name in guests:
                self.guest.addItem(f"Guest: {name}", key)
            self.guest.setCurrentIndex(max(self.guest.findData(held_guest), 0))
            self.item.clear()
            for item_id, title, kind in items:
                self.item.addItem(title, str(item_id))
                self.item.setItemData(self.item.count() - 1, kind, KIND_ROLE)
            index = self.item.findData(held) if held else -1
            self.item.setCurrentIndex(index if index >= 0 else 0 if items else -1)
            if index < 0 and items:
                self._suggest_layout()
        finally:
            self._updating = False

    def _item_chosen(self) -> None:
        if self._updating:
            return
        self._updating = True
        try:
            self._suggest_layout()
        finally:
            self._updating = False
        self.show_current()

    def _suggest_layout(self) -> None:
        kind = self.item.currentData(KIND_ROLE)
        suggested = LAYOUT_FOR_KIND.get(str(kind), Layout.HEAD_TABLE)
        self.layout_choice.setCurrentIndex(self.layout_choice.findData(suggested.value))

    def _options_changed(self) -> None:
        if not self._updating:
            self.show_current()

    # ----- what is shown
    def current_item(self) -> uuid.UUID | None:
        data = self.item.currentData()
        return uuid.UUID(data) if data else None

    def current_layout(self) -> Layout:
        return Layout(self.layout_choice.currentData())

    def choose(self, programme_item_id: uuid.UUID, layout: Layout) -> None:
        """Show the plan of ``programme_item_id`` in ``layout`` (as the combos do)."""
        self.ensure_loaded()
        self._updating = True
        try:
            self.item.setCurrentIndex(self.item.findData(str(programme_item_id)))
            self.layout_choice.setCurrentIndex(self.layout_choice.findData(layout.value))
        finally:
            self._updating = False
        self.show_current()

    def show_current(self) -> None:
        layout = self.current_layout()
        self.host_side.setVisible(layout is Layout.SIGNING_TABLE)
        self.interpreters.setVisible(layout is Layout.BILATERAL)
        self.guest.setVisible(layout is Layout.BILATERAL)
        item_id = self.current_item()
        self.plan, self.kept = None, False
        if item_id is None:
            self._message("This event has no programme items yet: add one in Programme.")
            return
        try:
            with self.context.db.session() as session:
                kept = load_plan(session, item_id, layout)
                plan = kept or plan_for_item(
                    session,
                    item_id,
                    layout,
                    host_side=cast(Literal["left", "right"], self.host_side.currentData()),
                    interpreters=cast(Literal["behind", "beside"], self.interpreters.currentData()),
                    guest_delegation_id=uuid.UUID(guest)
                    if (guest := self.guest.currentData())
                    else None,
                )

        except ProtocolDeskError as error:
            self._message(f"No plan: {error}.")
            return
        ids = [s.person_id for s in plan.seats if s.person_id is not None]
        natives = choices.native_names(self.context.db, ids)
        self.plan, self.kept = plan, kept is not None
        if not plan.seats:
            self._message(
                "Nobody to seat yet: "
                + (
                    "name the signatories in Signing ceremonies."
                    if layout is Layout.SIGNING_TABLE
                    else "add delegations with their heads, or a chair for this item."
                )
            )
            return
        self.scene.show_plan(plan, natives)
        self.view.fit()
        self.status.setText(
            "<b>Adjusted by hand</b> and kept. Drag a seat onto another to swap them."
            if self.kept
            else "Generated from the order of precedence and the roles. "
            "Drag a seat onto another to swap them; the change is kept."
        )
        self.regenerate.setEnabled(self.kept)

    def _message(self, text: str) -> None:
        self.scene.show_message(text)
        self.status.setText(html.escape(text))
        self.regenerate.setEnabled(False)

    # ----- changes
    def swap(self, first: int, second: int) -> bool:
        """Exchange two seats' occupants and keep the plan (what a drop onto a seat does)."""
        item_id = self.current_item()
        if self.plan is None or item_id is None or first == second:
            return False
        try:
            swapped = swap_seats(self.plan, first, second)
            self.context.submit(
                KeepSeatingPlan(
                    self.context,
                    item_id,
                    self.plan.layout,
                    swapped,
                    f"Swap seats {first} and {second}",
                )
            )
        except ProtocolDeskError as error:
            self.status.setText(html.escape(str(error)))
            return False
        if not self.isVisible():
            self.refresh()
        return True

    def start_again(self) -> bool:
        item_id = self.current_item()
        if item_id is None or not self.kept:
            return False
        self.context.submit(
            KeepSeatingPlan(
                self.context,
                item_id,
                self.current_layout(),
                None,
                "Start the seating plan again from precedence",
            )
        )
        if not self.isVisible():
            self.refresh()
        return True
