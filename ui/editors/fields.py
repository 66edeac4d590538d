"""Input widgets that read and write one field value each, in the core's types."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, ClassVar

from PySide6.QtCore import QDate, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QBoxLayout,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from app.dates import PRECISION_LABELS, format_date
from app.errors import DomainError
from app.listing.base import enum_label
from app.services.validation import parse_date, parse_datetime
from app.timezones import all_zones, zone_label
from ui.context import DataContext
from ui.models.base import RecordTableModel

ModelFactory = Callable[[DataContext, dict[str, Any]], RecordTableModel]


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text multiline choice date datetime int decimal bool list ref
    choices: type[StrEnum] | None = None
    ref: ModelFactory | None = None
    placeholder: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class FieldWidget(QWidget):
    # The user changed the value (never emitted when the editor loads a record).
    edited = Signal()

    def __init__(self, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)

    def companions(self) -> dict[str, FieldWidget]:
        """Fields edited inside this one (a date's precision); the editor reads and
        writes them, and shows their errors, like any other field."""
        return {}

    def link(self, widgets: dict[str, FieldWidget]) -> None:
        """Connect to the other fields of the editor this one depends on."""

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus_target(self) -> QWidget:
        return self


class TextField(FieldWidget):
    """Single-line text, and the parsed kinds typed as text (dates, numbers, lists)."""

    FORMATS: ClassVar[dict[str, str]] = {
        "datetime": "e.g. 2027-02-03 14:30",
        "list": "comma-separated",
    }

    def __init__(self, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(spec.placeholder or self.FORMATS.get(spec.kind, ""))
        self.layout_.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self.edit.editingFinished.connect(self._finished)

    def _finished(self) -> None:
        if self.edit.isModified():
            self.edit.setModified(False)
            self.edited.emit()

    def value(self) -> Any:
        text = self.edit.text().strip()
        kind, name = self.spec.kind, self.spec.name
        if kind == "text":
            return text or None
        if kind == "list":
            return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        if not text:
            return None
        if kind == "datetime":
            return parse_datetime(name, text)
        try:
            if kind == "int":
                return int(text)
            if kind == "decimal":
                return Decimal(text.replace(",", "."))
        except (ValueError, InvalidOperation):
            wanted = {"int": "a whole number", "decimal": "an amount like 120.50"}[kind]
            raise DomainError(name, f"'{text}' is not {wanted}") from None
        return text

    def set_value(self, value: Any) -> None:
        if value is None:
            text = ""
        elif isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        elif isinstance(value, datetime):
            text = f"{value:%Y-%m-%d %H:%M}"
        else:
            text = str(value)
        self.edit.setText(text)


class MultilineField(FieldWidget):
    def __init__(self, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 4 + 12)
        self.layout_.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def value(self) -> Any:
        return self.edit.toPlainText().strip() or None

    def set_value(self, value: Any) -> None:
        self.edit.setPlainText(value or "")


class ChoiceField(FieldWidget):
    def __init__(self, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        assert spec.choices is not None
        self.combo = QComboBox(self)
        for member in spec.choices:
            # The label the lists show for the same value: 'Seminar', 'Planned'.
            self.combo.addItem(enum_label(member.value), member.value)
        self.layout_.addWidget(self.combo)
        self.setFocusProxy(self.combo)
        self.combo.activated.connect(lambda _index: self.edited.emit())

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value)
        if index >= 0:
            self.combo.setCurrentIndex(index)


class BoolField(FieldWidget):
    def __init__(self, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.box = QCheckBox(self)
        self.layout_.addWidget(self.box)
        self.setFocusProxy(self.box)

    def value(self) -> Any:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))


class RecordPicker(FieldWidget):
    """Pick a record from a lazy list model; typing in the box narrows it by folded keys."""

    def __init__(self, spec: Field, model: RecordTableModel, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.model = model
        self._value: uuid.UUID | None = None
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Type to find…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setMaximumWidth(140)
        self.combo = QComboBox(self)
        # Never measure every row: the list may hold 50,000 people.
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(24)
        self.combo.setModel(model)
        self.combo.setModelColumn(0)
        self.combo.setCurrentIndex(-1)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("×")
        self.clear_button.setToolTip("Clear")
        self.layout_.addWidget(self.filter)
        self.layout_.addWidget(self.combo, 1)
        self.layout_.addWidget(self.clear_button)
        self.setFocusProxy(self.filter)
        self.filter.textEdited.connect(self._on_filter)
        self.combo.activated.connect(self._on_activated)
        self.clear_button.clicked.connect(lambda: self.set_value(None))
        model.modelReset.connect(self._reselect)

    def _on_filter(self, text: str) -> None:
        self.model.set_filter(text)
        if self.model.rowCount() > 0:
            self._value = self.model.record_uuid(0)
        self._reselect()
        self.edited.emit()

    def _on_activated(self, row: int) -> None:
        self._value = self.model.record_uuid(row)
        self.edited.emit()

    def _reselect(self) -> None:
        row = self.model.row_of(self._value) if self._value is not None else None
        self.combo.setCurrentIndex(-1 if row is None else row)

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = (
            value if value is None or isinstance(value, uuid.UUID) else uuid.UUID(str(value))
        )
        self.filter.clear()
        self.model.set_filter("")
        self._reselect()


def calendar_icon(ink: QColor) -> QIcon:
    """A small calendar page (Qt's standard icons have none), drawn in the text colour."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(ink)
    painter.drawRoundedRect(QRectF(1.5, 2.5, 13, 12), 1.5, 1.5)
    painter.fillRect(QRectF(1.5, 2.5, 13, 3.5), ink)
    for row in range(2):
        for column in range(3):
            painter.fillRect(QRectF(4 + column * 3.5, 8 + row * 3, 2, 2), ink)
    painter.end()
    return QIcon(pixmap)


class PrecisionField(FieldWidget):
    """How much of a date is known (day, month, year, not yet), beside that date."""

    changed = Signal(str)

    def __init__(self, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.combo = QComboBox(self)
        for value, label in PRECISION_LABELS.items():
            self.combo.addItem(label, value)
        self.combo.setToolTip("How much of the dates is known; the lists never invent a day")
        self.layout_.addWidget(self.combo)
        self.setFocusProxy(self.combo)
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit(self.value()))
        self.combo.activated.connect(lambda _index: self.edited.emit())

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(str(value))
        if index >= 0:
            self.combo.setCurrentIndex(index)


class DateField(FieldWidget):
    """A date typed or picked from a calendar, written out at its precision.

    Typed text is read by the core's ``parse_date``, so a mistake is named the way the
    command line and the import name it ('there is no 30 February 2027'). With
    ``extra={"precision": NAME}`` a precision box comes first and is the field NAME;
    with ``extra={"precision_of": FIELD}`` the date follows FIELD's precision (an end
    date means nothing once only the month of the start is known).
    """

    PLACEHOLDERS: ClassVar[dict[str, str]] = {
        "day": "e.g. 3 February 2027",
        "month": "e.g. February 2027",
        "year": "e.g. 2027",
        "unknown": "to be confirmed",
    }

    def __init__(self, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.precision = "day"
        self._held: date | None = None  # kept while the precision hides the date
        self.precision_box: PrecisionField | None = None
        precision_name = spec.extra.get("precision")
        if precision_name:
            self.precision_box = PrecisionField(Field(precision_name, "Precision", "choice"))
            self.precision_box.setObjectName(f"field_{precision_name}")
            self.precision_box.changed.connect(self.set_precision)
            self.layout_.addWidget(self.precision_box)
        self.edit = QLineEdit(self)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("30 September 2027__"))
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self.pick)
        self.calendar.activated.connect(self.pick)
        menu = QMenu(self)
        picker = QWidgetAction(menu)
        picker.setDefaultWidget(self.calendar)
        menu.addAction(picker)
        menu.aboutToShow.connect(self._show_current_month)
        self.button = QToolButton(self)
        self.button.setIcon(calendar_icon(self.palette().color(QPalette.ColorRole.Text)))
        self.button.setText("Calendar")
        self.button.setToolTip("Pick the date from a calendar")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setMenu(menu)
        self.layout_.addWidget(self.edit, 1)
        self.layout_.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.editingFinished.connect(self._tidy)
        self.set_precision("day")

    def companions(self) -> dict[str, FieldWidget]:
        if self.precision_box is None:
            return {}
        return {self.precision_box.spec.name: self.precision_box}

    def link(self, widgets: dict[str, FieldWidget]) -> None:
        leader = widgets.get(self.spec.extra.get("precision_of", ""))
        if isinstance(leader, DateField) and leader.precision_box is not None:
            leader.precision_box.changed.connect(self._follow)
            self._follow(leader.precision)

    def _follow(self, precision: str) -> None:
        """An end date is given only with exact days; otherwise it is kept, unused."""
        exact = precision == "day"
        if not exact and self.edit.isEnabled():
            self._held = self._parsed_quietly()
        self.edit.setEnabled(exact)
        self.button.setEnabled(exact)
        self.edit.setText(format_date(self._held) if exact else "")
        self.edit.setPlaceholderText(self.PLACEHOLDERS["day"] if exact else "only with exact days")

    def set_precision(self, precision: str) -> None:
        """Rewrite the date at the new precision ('3 September 2017' -> 'September 2017')."""
        current = self._parsed_quietly() if self.edit.isEnabled() else self._held
        self.precision = precision
        known = precision != "unknown"
        if not known:
            self._held = current
        self.edit.setEnabled(known)
        self.button.setEnabled(known)
        self.edit.setPlaceholderText(self.PLACEHOLDERS.get(precision, ""))
        formats = {"day": "d MMMM yyyy", "month": "MMMM yyyy", "year": "yyyy"}
        self.calendar.setToolTip(f"Shown as {formats.get(precision, '')}")
        if current is not None or not known:
            self.edit.setText(format_date(current, precision))

    def _parsed_quietly(self) -> date | None:
        try:
            return parse_date(self.spec.name, self.edit.text(), self.precision)
        except DomainError:
            return None

    def _tidy(self) -> None:
        """Write a typed date out in full, so the officer sees what was understood."""
        parsed = self._parsed_quietly()
        if parsed is not None:
            self.edit.setText(format_date(parsed, self.precision))
        if self.edit.isModified():
            self.edit.setModified(False)
            self.edited.emit()

    def _show_current_month(self) -> None:
        current = self._parsed_quietly()
        if current is not None:
            self.calendar.setSelectedDate(QDate(current.year, current.month, current.day))

    def pick(self, picked: QDate) -> None:
        chosen = date(picked.year(), picked.month(), picked.day())
        self.edit.setText(format_date(chosen, self.precision))
        menu = self.button.menu()
        if menu is not None:
            menu.close()
        self.edited.emit()

    def value(self) -> Any:
        if not self.edit.isEnabled():
            return self._held if self.precision != "unknown" else None
        return parse_date(self.spec.name, self.edit.text(), self.precision)

    def set_value(self, value: Any) -> None:
        self._held = value if isinstance(value, date) else None
        if self.edit.isEnabled():
            self.edit.setText(format_date(self._held, self.precision))


class TimeZoneField(FieldWidget):
    """An IANA zone picked from the full list, narrowed by typing any part of its name;
    the host city's zone is suggested (and filled in while none is chosen)."""

    def __init__(self, spec: Field, context: DataContext, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.context = context
        self.suggested: str | None = None
        self.country: FieldWidget | None = None
        self.city: FieldWidget | None = None
        self.combo = QComboBox(self)
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.addItem("", None)
        for zone in all_zones():
            self.combo.addItem(zone_label(zone), zone)
        self.combo.setMaxVisibleItems(16)
        line = self.combo.lineEdit()
        assert line is not None
        line.setPlaceholderText("Type part of a city or region: shanghai, almaty, new york")
        completer = QCompleter(self.combo.model(), self.combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.setCompleter(completer)
        self.hint = QLabel(self)
        self.hint.setObjectName(f"hint_{spec.name}")
        self.hint.linkActivated.connect(lambda _link: self._use_suggestion())
        self.hint.hide()
        # The offer goes under the list: beside it, it would widen the whole editor.
        self.layout_.setDirection(QBoxLayout.Direction.TopToBottom)
        self.layout_.setSpacing(2)
        self.layout_.addWidget(self.combo)
        self.layout_.addWidget(self.hint)
        self.setFocusProxy(self.combo)
        self.combo.activated.connect(lambda _index: self._chosen())

    def link(self, widgets: dict[str, FieldWidget]) -> None:
        self.country = widgets.get("host_country_id")
        self.city = widgets.get("city")
        for widget in (self.country, self.city):
            if widget is not None:
                widget.edited.connect(self.suggest)

    def suggest(self) -> str | None:
        """Work out the host city's zone; fill it in unless the user chose another."""
        from app.services.timezones import host_city_zone

        country = self.country.value() if self.country is not None else None
        city = self.city.value() if self.city is not None else None
        with self.context.db.session() as session:
            zone = host_city_zone(session, country, city)
        current = self.value_or_none()
        if zone is not None and current in (None, self.suggested):
            self.set_value(zone)
        self.suggested = zone
        self._chosen()
        return zone

    def _use_suggestion(self) -> None:
        if self.suggested is not None:
            self.set_value(self.suggested)
            self._chosen()

    def _chosen(self) -> None:
        other = self.suggested is not None and self.value_or_none() != self.suggested
        if other:
            label = zone_label(self.suggested or "")
            self.hint.setText(f'<a href="use">Use {label}</a>, the host city\u2019s zone')
        self.hint.setVisible(other)

    def value_or_none(self) -> str | None:
        try:
            value = self.value()
        except DomainError:
            return None
        return value if isinstance(value, str) else None

    def value(self) -> Any:
        text = self.combo.currentText().strip()
        if not text:
            return None
        index = self.combo.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            index = self.combo.findData(text)
        if index > 0:
            return self.combo.itemData(index)
        # 'shanghai' typed and left without choosing from the list: one zone fits it.
        wanted = text.casefold().replace("_", " ")
        fitting = [z for z in all_zones() if wanted in zone_label(z).casefold()]
        # Anything else goes to the core as typed; its validation names the problem.
        return fitting[0] if len(fitting) == 1 else text

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value) if value else 0
        if index >= 0:
            self.combo.setCurrentIndex(index)
        else:
            self.combo.setEditText(str(value))


def make_field(spec: Field, context: DataContext, scope: dict[str, Any]) -> FieldWidget:
    if spec.kind == "date":
        return DateField(spec)
    if spec.kind == "timezone":
        return TimeZoneField(spec, context)
    if spec.kind == "multiline":
        return MultilineField(spec)
    if spec.kind == "choice":
        return ChoiceField(spec)
    if spec.kind == "bool":
        return BoolField(spec)
    if spec.kind == "ref":
        assert spec.ref is not None
        return RecordPicker(spec, spec.ref(context, scope))
    return TextField(spec)
