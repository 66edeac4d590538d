"""The event's order of precedence: the rule in words, its settings, and the list.

Every setting applies at once (the list re-orders while the user watches) and goes
through an undoable command; a position set by hand needs a reason, which is kept
and shown in the explanation of that position.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import DomainError, ProtocolDeskError
from app.listing import choices
from app.model import Event
from app.model.protocol import Alphabet, HostPlacement, OrganisationOrder
from app.protocol.names import list_name, native_form
from app.protocol.precedence import (
    PrecedenceRule,
    clear_override,
    describe_rule,
    get_rule,
    host_language,
    ordered_delegations,
    set_override,
    set_rule,
)
from ui.context import DataContext
from ui.editors.dialog import ERROR_STYLE
from ui.protocol.commands import ChangePrecedence
from ui.protocol.lazy_refresh import RefreshWhenShown
from ui.protocol.table_model import MANUAL, Row, RowsModel, table_view_defaults

HEADERS = ("#", "Delegation", "Head of delegation", "Why in this place")
WATCHED = frozenset(
    {
        "PrecedenceSetting",
        "Delegation",
        "DelegationMember",
        "Event",
        "Person",
        "Organisation",
        "Country",
    }
)
NO_DRAW, DRAW_LETTER, DRAW_COUNTRY = "none", "letter", "country"


def _fill(combo: QComboBox, choices: Sequence[tuple[str, str]]) -> None:
    for text, value in choices:
        combo.addItem(text, str(value))


def _with_native(name: str, native: str | None) -> str:
    return f"{name}  {native}" if native else name


class PrecedenceModel(RowsModel):
    """One event's delegations in order of precedence, each explaining its place."""

    def __init__(self, context: DataContext, event_id: uuid.UUID) -> None:
        super().__init__(HEADERS, context)
        self.context = context
        self.event_id = event_id
        self.overridden: set[uuid.UUID] = set()

    def reload(self) -> None:
        with self.context.db.session() as session:
            ranked = ordered_delegations(session, self.event_id)
            overrides = get_rule(session, self.event_id).overrides
            rows = []
            for entry in ranked:
                head = entry.members[0].person if entry.members else None
                manual = entry.delegation.id in overrides
                rows.append(
                    Row(
                        entry.delegation.id,
                        (
                            str(entry.position),
                            entry.delegation.display_name,
                            _with_native(list_name(head), native_form(head)) if head else "—",
                            entry.explanation,
                        ),
                        tooltip=entry.explanation,
                        background=MANUAL if manual else None,
                    )
                )
        self.overridden = set(overrides)
        self.set_rows(rows)


class OverrideDialog(QDialog):
    """Place one delegation by hand: a position and the reason, which is required."""

    def __init__(
        self,
        context: DataContext,
        event_id: uuid.UUID,
        delegation_id: uuid.UUID,
        name: str,
        current: int,
        count: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.event_id = event_id
        self.delegation_id = delegation_id
        self.setWindowTitle("Place by hand")
        self.position = QSpinBox(self)
        self.position.setObjectName("override_position")
        self.position.setRange(1, max(count, 1))
        self.position.setValue(current)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("override_reason")
        self.reason.setPlaceholderText("e.g. head of state attending in person")
        self.reason.setMinimumWidth(340)
        self.error = QLabel(self)
        self.error.setObjectName("override_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(QLabel(f"<b>{html.escape(name)}</b>", self))
        form.addRow("&Position:", self.position)
        form.addRow("&Reason (kept):", self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(lambda text: self.ok.setEnabled(bool(text.strip())))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def save(self) -> bool:
        position, reason = self.position.value(), self.reason.text()
        delegation_id = self.delegation_id
        command = ChangePrecedence(
            self.context,
            self.event_id,
            "Place delegation by hand",
            lambda session: set_override(session, self.event_id, delegation_id, position, reason),
        )
        try:
            self.context.submit(command)
        except DomainError as error:
            self.error.setText(error.reason[:1].upper() + error.reason[1:] + ".")
            self.error.show()
            return False
        self.accept()
        return True


class PrecedenceTab(RefreshWhenShown):
    watched = WATCHED

    def __init__(
        self, context: DataContext, event_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("precedence_tab")
        self.context = context
        self.event_id = event_id
        self._stale = True
        self._updating = False
        self.rule = PrecedenceRule()

        self.alphabet = QComboBox(self)
        self.alphabet.setObjectName("rule_alphabet")
        _fill(
            self.alphabet,
            (
                ("English names", Alphabet.ENGLISH),
                ("French names", Alphabet.FRENCH),
                ("Names in the host's language", Alphabet.HOST),
            ),
        )
        self.language = QLineEdit(self)
        self.language.setObjectName("rule_language")
        self.language.setMaximumWidth(90)
        self.language.setToolTip("A language code such as kk, ru or zh; empty: the host's own")
        self.draw = QComboBox(self)
        self.draw.setObjectName("rule_draw")
        _fill(
            self.draw,
            (
                ("No draw: from A", NO_DRAW),
                ("From a letter drawn by lot", DRAW_LETTER),
                ("From a country drawn by lot", DRAW_COUNTRY),
            ),
        )
        self.draw_letter = QLineEdit(self)
        self.draw_letter.setObjectName("rule_draw_letter")
        self.draw_letter.setMaxLength(3)
        self.draw_letter.setMaximumWidth(60)
        self.draw_country = QComboBox(self)
        self.draw_country.setObjectName("rule_draw_country")
        self.draw_country.setMinimumContentsLength(18)
        self.host = QComboBox(self)
        self.host.setObjectName("rule_host")
        _fill(
            self.host,
            (
                ("First", HostPlacement.FIRST),
                ("Last", HostPlacement.LAST),
                ("In its alphabetical place", HostPlacement.IN_ORDER),
            ),
        )
        self.organisations = QComboBox(self)
        self.organisations.setObjectName("rule_organisations")
        _fill(
            self.organisations,
            (
                ("By name", OrganisationOrder.NAME),
                ("By founding year", OrganisationOrder.FOUNDING_YEAR),
            ),
        )

        alphabet_row = QHBoxLayout()
        alphabet_row.addWidget(self.alphabet, 1)
        alphabet_row.addWidget(QLabel("language:", self))
        alphabet_row.addWidget(self.language)
        draw_row = QHBoxLayout()
        draw_row.addWidget(self.draw, 1)
        draw_row.addWidget(self.draw_letter)
        draw_row.addWidget(self.draw_country, 1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow("States in order of:", alphabet_row)
        form.addRow("Starting:", draw_row)
        form.addRow("The host:", self.host)
        form.addRow("Organisations, after the states:", self.organisations)
        rule_box = QGroupBox("Rule", self)
        rule_box.setLayout(form)

        self.description = QLabel(self)
        self.description.setObjectName("rule_description")
        self.description.setWordWrap(True)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = QLabel(self)
        self.error.setObjectName("rule_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()

        self.model = PrecedenceModel(context, event_id)
        self.view = QTableView(self)
        self.view.setObjectName("precedence_table")
        self.view.setModel(self.model)
        table_view_defaults(self.view)
        self.view.doubleClicked.connect(lambda _index: self.place_by_hand())
        self.override_button = QPushButton("Place by &hand…", self)
        self.override_button.setObjectName("precedence_override")
        self.override_button.clicked.connect(lambda _checked=False: self.place_by_hand())
        self.clear_button = QPushButton("&Clear placing by hand", self)
        self.clear_button.setObjectName("precedence_clear_override")
        self.clear_button.clicked.connect(lambda _checked=False: self.clear_placing())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        buttons = QHBoxLayout()
        buttons.addWidget(self.override_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel("Shaded rows were placed by hand.", self))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        rule_row = QHBoxLayout()
        rule_row.addWidget(rule_box)
        rule_row.addStretch(1)
        layout.addLayout(rule_row)
        layout.addWidget(self.description)
        layout.addWidget(self.error)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

        for combo in (self.alphabet, self.draw, self.draw_country, self.host, self.organisations):
            combo.currentIndexChanged.connect(lambda _i: self.apply_rule())
        for edit in (self.language, self.draw_letter):
            edit.editingFinished.connect(self.apply_rule)
        self.watch_changes(context)

    # ----- loading
    def refresh(self) -> None:
        self._stale = False
        with self.context.db.session() as session:
            event = session.get(Event, self.event_id)
            if event is None:
                self.description.setText("<i>This event has been deleted.</i>")
                self.model.set_rows([])
                return
            self.rule = get_rule(session, self.event_id)
            host = event.host_country
            host_code = host_language(host)
            try:
                text = describe_rule(self.rule, host)
            except ProtocolDeskError as error:
                text = str(error)
        self._fill_countries()
        self.language.setPlaceholderText(host_code or "code")
        self.description.setText(f"<b>Rule:</b> {html.escape(text)}")
        self._show_rule(self.rule)
        held = self.selected_delegation()
        try:
            self.model.reload()
        except ProtocolDeskError as error:
            self.model.set_rows([])
            self._show_error(str(error))
        self._size_columns()
        if held is not None:
            self.select(held)
        self._update_buttons()

    def _size_columns(self) -> None:
        self.view.resizeColumnsToContents()
        for column, widest in ((1, 320), (2, 280)):
            self.view.setColumnWidth(column, min(self.view.columnWidth(column) + 12, widest))

    def _fill_countries(self) -> None:
        if self.draw_country.count():
            return
        self._updating = True
        for country_id, name in choices.countries(self.context.db):
            self.draw_country.addItem(name, str(country_id))
        self._updating = False

    def _show_rule(self, rule: PrecedenceRule) -> None:
        self._updating = True
        try:
            self.alphabet.setCurrentIndex(self.alphabet.findData(str(rule.alphabet)))
            self.language.setText(rule.language or "")
            self.language.setEnabled(rule.alphabet is Alphabet.HOST)
            draw = (
                DRAW_LETTER
                if rule.draw_letter
                else DRAW_COUNTRY
                if rule.draw_country_id
                else NO_DRAW
            )
            self.draw.setCurrentIndex(self.draw.findData(draw))
            self.draw_letter.setText(rule.draw_letter or "")
            self.draw_letter.setVisible(draw == DRAW_LETTER)
            self.draw_country.setVisible(draw == DRAW_COUNTRY)
            if rule.draw_country_id is not None:
                self.draw_country.setCurrentIndex(
                    self.draw_country.findData(str(rule.draw_country_id))
                )
            self.host.setCurrentIndex(self.host.findData(str(rule.host_placement)))
            self.organisations.setCurrentIndex(
                self.organisations.findData(str(rule.organisation_order))
            )
        finally:
            self._updating = False

    # ----- the rule
    def rule_from_widgets(self) -> PrecedenceRule:
        draw = self.draw.currentData()
        letter = self.draw_letter.text().strip().upper() or None
        return replace(
            self.rule,
            alphabet=Alphabet(self.alphabet.currentData()),
            language=self.language.text().strip() or None
            if self.alphabet.currentData() == Alphabet.HOST
            else None,
            draw_letter=letter if draw == DRAW_LETTER else None,
            draw_country_id=uuid.UUID(self.draw_country.currentData())
            if draw == DRAW_COUNTRY and self.draw_country.currentData()
            else None,
            host_placement=HostPlacement(self.host.currentData()),
            organisation_order=OrganisationOrder(self.organisations.currentData()),
        )

    def apply_rule(self) -> None:
        if self._updating:
            return
        rule = self.rule_from_widgets()
        draw = self.draw.currentData()
        self.draw_letter.setVisible(draw == DRAW_LETTER)
        self.draw_country.setVisible(draw == DRAW_COUNTRY)
        self.language.setEnabled(self.alphabet.currentData() == Alphabet.HOST)
        if rule == self.rule or (draw == DRAW_LETTER and rule.draw_letter is None):
            # A draw from a letter waits for the letter.
            return
        self.set_rule(rule)

    def set_rule(self, rule: PrecedenceRule) -> bool:
        """Store ``rule`` for the event (undoably); the list re-orders at once."""
        self.error.hide()
        command = ChangePrecedence(
            self.context,
            self.event_id,
            "Change order of precedence",
            lambda session: set_rule(session, self.event_id, rule),
        )
        try:
            self.context.submit(command)
        except ProtocolDeskError as error:
            self._show_error(str(error))
            self._show_rule(self.rule)
            return False
        if not self.isVisible():
            self.refresh()
        return True

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    # ----- positions set by hand
    def selected_delegation(self) -> uuid.UUID | None:
        rows = self.view.selectionModel().selectedRows()
        index = rows[0] if rows else self.view.currentIndex()
        key = self.model.key(index.row()) if index.isValid() else None
        return key if isinstance(key, uuid.UUID) else None

    def select(self, delegation_id: uuid.UUID) -> None:
        row = self.model.row_of(delegation_id)
        if row is not None:
            self.view.selectRow(row)

    def _update_buttons(self) -> None:
        selected = self.selected_delegation()
        self.override_button.setEnabled(selected is not None)
        self.clear_button.setEnabled(selected is not None and selected in self.model.overridden)

    def override_dialog(self) -> OverrideDialog | None:
        delegation_id = self.selected_delegation()
        if delegation_id is None:
            return None
        row = self.model.row_of(delegation_id)
        assert row is not None
        return OverrideDialog(
            self.context,
            self.event_id,
            delegation_id,
            self.model.rows[row].values[1],
            row + 1,
            self.model.rowCount(),
            self,
        )

    def place_by_hand(self) -> None:
        dialog = self.override_dialog()
        if dialog is not None:
            dialog.exec()

    def clear_placing(self) -> bool:
        delegation_id = self.selected_delegation()
        if delegation_id is None or delegation_id not in self.model.overridden:
            return False
        command = ChangePrecedence(
            self.context,
            self.event_id,
            "Clear placing by hand",
            lambda session: clear_override(session, self.event_id, delegation_id),
        )
        try:
            self.context.submit(command)
        except ProtocolDeskError as error:
            QMessageBox.warning(self, "Not changed", str(error))
            return False
        return True
