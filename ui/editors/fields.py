"""Input widgets that read and write one field value each, in the core's types."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, ClassVar

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)

from app.errors import DomainError
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
    def __init__(self, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus_target(self) -> QWidget:
        return self


class TextField(FieldWidget):
    """Single-line text, and the parsed kinds typed as text (dates, numbers, lists)."""

    FORMATS: ClassVar[dict[str, str]] = {
        "date": "YYYY-MM-DD",
        "datetime": "YYYY-MM-DD HH:MM",
        "list": "comma-separated",
    }

    def __init__(self, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(spec.placeholder or self.FORMATS.get(spec.kind, ""))
        self.layout_.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def value(self) -> Any:
        text = self.edit.text().strip()
        kind, name = self.spec.kind, self.spec.name
        if kind == "text":
            return text or None
        if kind == "list":
            return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        if not text:
            return None
        try:
            if kind == "date":
                return date.fromisoformat(text)
            if kind == "datetime":
                return datetime.fromisoformat(text.replace("T", " "))
            if kind == "int":
                return int(text)
            if kind == "decimal":
                return Decimal(text.replace(",", "."))
        except (ValueError, InvalidOperation):
            wanted = {"int": "a whole number", "decimal": "an amount like 120.50"}.get(
                kind, f"written as {self.FORMATS.get(kind, kind)}"
            )
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
            self.combo.addItem(member.value, member.value)
        self.layout_.addWidget(self.combo)
        self.setFocusProxy(self.combo)

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

    def _on_activated(self, row: int) -> None:
        self._value = self.model.record_uuid(row)

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


def make_field(spec: Field, context: DataContext, scope: dict[str, Any]) -> FieldWidget:
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
