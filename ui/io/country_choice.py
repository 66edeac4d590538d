"""The import assistant's answer to "unknown country": pick the country once for every row.

Each value that no source knows is shown with how many rows write it and the countries
it is nearest to, first in the list; the officer's choice is stored with the office's
settings (``app.services.countries.remember_country``), so every workstation and the
command line read that value the same way from then on, and the rows are checked again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QWidget,
)

if TYPE_CHECKING:
    from app.db import Database
    from app.io.participants import ImportPreview


class CountryChoicePanel(QGroupBox):
    """One line per unknown value: the value, its rows, a country list, Use for all rows."""

    def __init__(
        self, db: Database, rechecked: Callable[[], object], parent: QWidget | None = None
    ) -> None:
        super().__init__("Countries this list writes in a form not known", parent)
        self.setObjectName("io_country_choice")
        self.db = db
        self.rechecked = rechecked
        self.grid = QGridLayout(self)
        self.combos: dict[str, QComboBox] = {}
        self.buttons: dict[str, QPushButton] = {}
        self._countries: list[tuple[str, str]] | None = None
        self.hide()

    def countries(self) -> list[tuple[str, str]]:
        if self._countries is None:
            from app.services.countries import country_choices

            with self.db.session() as session:
                self._countries = country_choices(session)
        return self._countries

    def show_values(self, preview: ImportPreview) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.combos.clear()
        self.buttons.clear()
        for line, (value, suggestions) in enumerate(preview.unknown_countries.items()):
            rows = _rows_writing(preview, value)
            label = QLabel(f"“{value}” ({rows} row{'s' if rows != 1 else ''})", self)
            combo = self._combo(suggestions)
            button = QPushButton("Use for all rows", self)
            button.setObjectName("io_country_use")
            button.clicked.connect(lambda _=False, v=value: self.choose(v))
            self.grid.addWidget(label, line, 0)
            self.grid.addWidget(combo, line, 1)
            self.grid.addWidget(button, line, 2)
            self.combos[value], self.buttons[value] = combo, button
        self.grid.setColumnStretch(1, 1)
        self.setVisible(bool(self.combos))

    def _combo(self, suggestions: list[str]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName("io_country_pick")
        names = dict(self.countries())
        for alpha3 in suggestions:
            if alpha3 in names:
                combo.addItem(f"{names[alpha3]} (did you mean?)", alpha3)
        if suggestions:
            combo.insertSeparator(combo.count())
        for alpha3, name in self.countries():
            combo.addItem(name, alpha3)
        combo.setCurrentIndex(0)
        return combo

    def choose(self, value: str, alpha3: str | None = None) -> None:
        """Remember ``value`` as the chosen country, then check the rows again."""
        from app.services.countries import remember_country

        code = alpha3 or self.combos[value].currentData()
        with self.db.transaction() as session:
            remember_country(session, value, code)
        self.rechecked()


def _rows_writing(preview: ImportPreview, value: str) -> int:
    return sum(
        1
        for o in preview.outcomes
        if value in (o.values.get("country"), o.values.get("delegation"))
    )
