"""What an empty database shows: the first steps, each saying what it does.

Only Qt here: the window shows this page before the ORM is imported.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCommandLinkButton, QHBoxLayout, QLabel, QVBoxLayout, QWidget


class WelcomePage(QWidget):
    """What an empty database shows: the three first steps, each saying what it does."""

    # Wide enough for the step descriptions to read as short paragraphs, narrow enough
    # that the eye does not travel across a 1400-pixel window.
    COLUMN_WIDTH = 620

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        column = QWidget(self)
        column.setObjectName("welcome_column")
        column.setMaximumWidth(self.COLUMN_WIDTH)
        title = QLabel("Welcome to Protocol Desk", column)
        title.setObjectName("welcome_title")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            "This database has no events yet. Begin with one of these steps; "
            "Edit > Undo takes back whatever you do.",
            column,
        )
        intro.setObjectName("welcome_intro")
        intro.setWordWrap(True)
        self.load_sample = self._step(
            column,
            "welcome_load_sample",
            "Load the sample seminar",
            "The BRICS governance seminar in Quanzhou (2017): delegations of 13 countries, "
            "speakers, a signed memorandum and a gift, to look around before real work.",
        )
        self.new_event = self._step(
            column,
            "welcome_new_event",
            "Create an event",
            "A seminar, visit or summit: its title, host city, dates (exact, or only the "
            "month while they are unconfirmed) and time zone.",
        )
        self.import_list = self._step(
            column,
            "welcome_import",
            "Import a participant list",
            "A spreadsheet or CSV file of names, delegations and roles. You name the "
            "event first; every row is checked before anything is written.",
        )
        steps = QVBoxLayout(column)
        steps.setContentsMargins(0, 0, 0, 0)
        steps.setSpacing(10)
        steps.addWidget(title)
        steps.addWidget(intro)
        steps.addSpacing(8)
        for button in (self.load_sample, self.new_event, self.import_list):
            steps.addWidget(button)
        self.load_sample.setFocus()
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 100)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    @staticmethod
    def _step(parent: QWidget, name: str, text: str, description: str) -> QCommandLinkButton:
        button = QCommandLinkButton(text, description, parent)
        button.setObjectName(name)
        return button
