"""Tools > Find possible duplicates: pairs of people who may be one person, side by side,
to merge or to set apart as different people (both kept in the database, both undoable)."""

from __future__ import annotations

import html
import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.errors import ProtocolDeskError
from app.listing.people import full_names, person_dossier
from app.protocol.duplicates import PossibleDuplicate, possible_duplicates
from ui.context import DataContext
from ui.protocol.commands import MergePeople, SetApart
from ui.protocol.table_model import Row, RowsModel, table_view_defaults


class DuplicatesModel(RowsModel):
    def __init__(self, context: DataContext) -> None:
        super().__init__(("First", "Second", "Score", "Why"), context)
        self.context = context
        self.pairs: list[PossibleDuplicate] = []

    def reload(self) -> None:
        with self.context.db.session() as session:
            self.pairs = possible_duplicates(session)
        self.set_rows(
            [
                Row(
                    (p.first_id, p.second_id),
                    (p.first_name, p.second_name, f"{p.score:.0f}%", p.reason),
                    tooltip=p.reason,
                )
                for p in self.pairs
            ]
        )


def person_details(db: Database, person_id: uuid.UUID) -> str:
    """A person as rich text: every name form, where they work, and what links to them."""
    dossier = person_dossier(db, person_id)
    rows, links = dossier.facts, dossier.links
    body = "".join(
        f"<tr><td style='padding-right:10px; color:#555'>{html.escape(k)}</td>"
        f"<td>{html.escape(v)}</td></tr>"
        for k, v in rows
        if v
    )
    linked = (
        "<ul>" + "".join(f"<li>{html.escape(text)}</li>" for text in links) + "</ul>"
        if links
        else "<p style='color:#555'>Nothing links to this record yet.</p>"
    )
    return (
        f"<h3>{html.escape(dossier.name)}</h3><table>{body}</table>"
        f"<p><b>Links</b> (all move to the record kept)</p>{linked}"
    )


class DuplicatesDialog(QDialog):
    def __init__(self, context: DataContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicates_dialog")
        self.setWindowTitle("Possible duplicates")
        self.resize(900, 620)
        self.context = context
        self.model = DuplicatesModel(context)
        self.view = QTableView(self)
        self.view.setObjectName("duplicates_table")
        self.view.setModel(self.model)
        table_view_defaults(self.view)
        self.summary = QLabel(self)
        self.summary.setObjectName("duplicates_summary")

        self.details: list[QTextBrowser] = []
        self.keep: list[QRadioButton] = []
        sides = QSplitter(Qt.Orientation.Horizontal, self)
        for side in ("left", "right"):
            pane = QWidget(sides)
            browser = QTextBrowser(pane)
            browser.setObjectName(f"duplicate_{side}")
            keep = QRadioButton(
                "&Keep this record" if side == "left" else "K&eep this record", pane
            )
            keep.setObjectName(f"keep_{side}")
            box = QVBoxLayout(pane)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(browser, 1)
            box.addWidget(keep)
            self.details.append(browser)
            self.keep.append(keep)
            sides.addWidget(pane)
        self.keep[0].setChecked(True)

        self.merge_button = QPushButton("&Merge…", self)
        self.merge_button.setObjectName("duplicates_merge")
        self.merge_button.clicked.connect(lambda _checked=False: self.merge())
        self.different_button = QPushButton("&Not the same person", self)
        self.different_button.setObjectName("duplicates_different")
        self.different_button.clicked.connect(lambda _checked=False: self.not_the_same())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.different_button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(sides)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        context.watch(self, {"Person", "DistinctPeople"}, lambda _changes: self.reload())
        self.reload()

    def reload(self) -> None:
        held = self.selected_pair()
        self.model.reload()
        count = self.model.rowCount()
        self.summary.setText(
            f"{count} pair(s) of people whose names read alike, best matches first."
            if count
            else "No possible duplicates: every person's names read differently."
        )
        self.view.resizeColumnsToContents()
        row = self.model.row_of(held) if held is not None else None
        if row is None and count:
            row = 0
        if row is not None:
            self.view.selectRow(row)
        self._show_selected()

    def selected_pair(self) -> tuple[uuid.UUID, uuid.UUID] | None:
        index = self.view.currentIndex()
        key = self.model.key(index.row()) if index.isValid() else None
        return key if isinstance(key, tuple) else None

    def select_pair(self, first: uuid.UUID, second: uuid.UUID) -> bool:
        row = self.model.row_of((first, second))
        if row is None:
            row = self.model.row_of((second, first))
        if row is None:
            return False
        self.view.selectRow(row)
        return True

    def _show_selected(self) -> None:
        pair = self.selected_pair()
        for button in (self.merge_button, self.different_button):
            button.setEnabled(pair is not None)
        if pair is None:
            for browser in self.details:
                browser.clear()
            return
        for browser, person_id in zip(self.details, pair, strict=True):
            browser.setHtml(person_details(self.context.db, person_id))

    def kept_and_merged(self) -> tuple[uuid.UUID, uuid.UUID] | None:
        pair = self.selected_pair()
        if pair is None:
            return None
        return pair if self.keep[0].isChecked() else (pair[1], pair[0])

    def merge(self) -> bool:
        chosen = self.kept_and_merged()
        if chosen is None:
            return False
        keep_id, merge_id = chosen
        kept, merged = full_names(self.context.db, [keep_id, merge_id])
        answer = QMessageBox.question(
            self,
            "Merge",
            f"Merge {merged} into {kept}?\n\n"
            f"Every link of {merged} (delegations, speaking roles, signatures, gifts, seats) "
            f"moves to {kept}, whose record keeps '{merged}' as another spelling. "
            "Edit > Undo reverses the merge.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            from app.backups import automatic_backup

            automatic_backup(self.context.db, "before-merge")
            self.context.submit(MergePeople(self.context, keep_id, merge_id))
        except ProtocolDeskError as error:
            QMessageBox.warning(self, "Not merged", str(error))
            return False
        return True

    def not_the_same(self) -> bool:
        pair = self.selected_pair()
        if pair is None:
            return False
        try:
            self.context.submit(SetApart(self.context, *pair))
        except ProtocolDeskError as error:
            QMessageBox.warning(self, "Not set apart", str(error))
            return False
        return True
