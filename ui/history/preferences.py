"""Edit > Preferences…: the officer's name, which the journal puts on every change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.journal.identity import MAX_ACTOR_CHARS, default_actor
from ui import settings

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class PreferencesDialog(QDialog):
    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setObjectName("preferences")
        self.setWindowTitle("Preferences")
        self.window_ = window
        self.officer = QLineEdit(settings.officer_name(), self)
        self.officer.setObjectName("preferences_officer")
        self.officer.setMaxLength(MAX_ACTOR_CHARS)
        self.officer.setPlaceholderText(default_actor())
        hint = QLabel(
            "Your name as colleagues should read it in History (e.g. “A. Petrova”). "
            "Without one, your user name on this computer is used.",
            self,
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Officer's name:", self.officer)
        form.addRow(hint)
        form.addRow(buttons)
        self.resize(460, self.sizeHint().height())

    def accept(self) -> None:
        name = self.officer.text().strip()
        settings.set_officer_name(name)
        context = self.window_.context
        if context is not None and not self.window_.actor_override:
            context.db.actor = name or default_actor()
        super().accept()


def open_preferences(window: MainWindow) -> object:
    dialog = PreferencesDialog(window)
    dialog.open()
    return dialog
