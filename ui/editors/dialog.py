"""The record editor: nothing is written until OK, and a refused save says why, in place."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import DomainError, ProtocolDeskError
from app.services import records
from ui.commands import CreateRecord, RecordCommand, UpdateRecord
from ui.context import DataContext
from ui.editors.fields import FieldWidget, make_field
from ui.editors.specs import EditorSpec

ERROR_STYLE = "color: #b00020;"


class RecordEditor(QDialog):
    """Edits one record (or creates one when ``record_id`` is None) through a command."""

    def __init__(
        self,
        context: DataContext,
        spec: EditorSpec,
        record_id: uuid.UUID | None = None,
        *,
        fixed: dict[str, Any] | None = None,
        scope: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.spec = spec
        self.record_id = record_id
        self.fixed = dict(fixed or {})
        self.scope = {**self.fixed, **(scope or {})}
        self.command: RecordCommand | None = None
        verb = "Edit" if record_id else "New"
        self.setWindowTitle(f"{verb} {spec.title.lower()}")
        self.setObjectName(f"editor_{spec.model.__name__}")

        self.general_error = QLabel(self)
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()

        form_host = QWidget()
        self.form = QFormLayout(form_host)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.widgets: dict[str, FieldWidget] = {}
        self.errors: dict[str, QLabel] = {}
        for field in spec.fields:
            widget = make_field(field, context, self.scope)
            widget.setObjectName(f"field_{field.name}")
            error = QLabel(form_host)
            error.setObjectName(f"error_{field.name}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            holder = QWidget(form_host)
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(error)
            label = QLabel(f"{field.label}:", form_host)
            label.setBuddy(widget)
            self.form.addRow(label, holder)
            self.widgets[field.name] = widget
            self.errors[field.name] = error
            for name, companion in widget.companions().items():
                # Shown inside its field's row, and its errors under that row.
                self.widgets[name] = companion
                self.errors[name] = error
        for widget in list(self.widgets.values()):
            widget.link(self.widgets)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_host)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.header = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(self.header)
        layout.addWidget(self.general_error)
        layout.addWidget(self._with_history(scroll), 1)
        layout.addWidget(self.buttons)
        hint = form_host.sizeHint()
        self.resize(max(560, hint.width() + 60), min(720, hint.height() + 140))
        self.original = self._load()

    def _with_history(self, form: QWidget) -> QWidget:
        """An existing record gets a History tab beside its fields (built when opened)."""
        if self.record_id is None:
            return form
        tabs = QTabWidget(self)
        tabs.setObjectName("editor_tabs")
        tabs.addTab(form, "&Details")
        holder = QWidget(tabs)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        tabs.addTab(holder, "&History")
        record_id = self.record_id

        def build(index: int) -> None:
            if index == 1 and column.count() == 0:
                from ui.history.views import RecordHistory

                column.addWidget(RecordHistory(self.context, record_id, holder))

        tabs.currentChanged.connect(build)
        self.tabs = tabs
        return tabs

    def _load(self) -> dict[str, Any]:
        names = list(self.widgets)  # the spec's fields and their companions
        if self.record_id is None:
            values = {name: self.spec.defaults.get(name) for name in names}
        else:
            with self.context.db.session() as session:
                record = records.get(session, self.spec.model, self.record_id)
                values = records.snapshot(record, names)
        for name, value in values.items():
            if value is not None:
                self.widgets[name].set_value(value)
        return {name: widget.value() for name, widget in self.widgets.items()}

    def clear_errors(self) -> None:
        self.general_error.hide()
        for label in self.errors.values():
            label.hide()

    def show_error(self, field: str, reason: str) -> None:
        label = self.errors.get(field)
        if label is None:
            self.general_error.setText(f"Not saved: {field.replace('_', ' ')} {reason}")
            self.general_error.show()
            return
        label.setText(_sentence(reason))
        label.show()
        self.widgets[field].setFocus()

    def values(self) -> dict[str, Any]:
        return {name: widget.value() for name, widget in self.widgets.items()}

    def build_command(self, values: dict[str, Any]) -> RecordCommand | None:
        if self.spec.make_command is not None:
            command: RecordCommand = self.spec.make_command(self.context, values, self.scope)
            return command
        if self.record_id is None:
            fields = {k: v for k, v in values.items() if v is not None}
            return CreateRecord(self.context, self.spec.model, {**self.fixed, **fields})
        changes = {k: v for k, v in values.items() if v != self.original.get(k)}
        if not changes:
            return None
        return UpdateRecord(self.context, self.spec.model, self.record_id, changes)

    def save(self) -> None:
        self.clear_errors()
        try:
            values = self.values()
            command = self.build_command(values)
            if command is not None:
                self.context.submit(command)
        except DomainError as error:
            self.show_error(error.field, error.reason)
            return
        except ProtocolDeskError as error:
            self.general_error.setText(f"Not saved: {error}")
            self.general_error.show()
            return
        self.command = command
        self.accept()


def _sentence(reason: str) -> str:
    text = reason.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def created_id(editor: RecordEditor) -> uuid.UUID | None:
    command = editor.command
    return getattr(command, "record_id", None) if command is not None else None
