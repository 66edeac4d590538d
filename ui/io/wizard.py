"""The participant import assistant: file → how it reads → columns → every row → import.

Pages only collect choices and show the engine's answers (``app.io``); the dry run and
the import run off the GUI thread with progress and Cancel. The import is one
transaction and goes on the undo stack (see :mod:`ui.io.undo`).
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ui import settings
from ui.io.common import EventCombo
from ui.io.models import OutcomesModel, RawRowsModel
from ui.io.progress import ProgressTask, engine_state, error_text, was_cancelled

if TYPE_CHECKING:
    from app.io.encodings import EncodingGuess
    from app.io.participants import ImportPreview
    from app.io.tabular import Table
    from app.journal.operations import OperationResult
    from ui.context import DataContext

PAGE_SOURCE, PAGE_COLUMNS, PAGE_CHECK, PAGE_DONE = range(4)
PREVIEW_ROWS = 12
SAMPLE_VALUES = 3
ENCODINGS: tuple[tuple[str, str], ...] = (
    ("UTF-8", "utf-8"),
    ("UTF-8 with BOM", "utf-8-sig"),
    ("UTF-16 (Excel “Unicode text”)", "utf-16"),
    ("Windows-1251 (Cyrillic)", "cp1251"),
    ("GB18030 (Chinese)", "gb18030"),
    ("Windows-1252 (Western European)", "cp1252"),
    ("Latin-1 (ISO 8859-1)", "latin-1"),
)
DELIMITERS: tuple[tuple[str, str], ...] = (
    ("Comma ( , )", ","),
    ("Semicolon ( ; )", ";"),
    ("Tab", "\t"),
)
ENCODING_LABELS = {
    **{code: label for label, code in ENCODINGS},
    "utf-16-le": "UTF-16 little-endian, no BOM",
    "utf-16-be": "UTF-16 big-endian, no BOM",
}
FIELD_LABELS = {
    "delegation": "Delegation",
    "role": "Role in the delegation",
    "honorific": "Honorific",
    "given_name": "Given name(s)",
    "family_name": "Family name",
    "family_name_first": "Family name first (yes/no)",
    "native_name": "Name in native script",
    "alt_spellings": "Other spellings",
    "position": "Position",
    "organisation": "Organisation",
    "country": "Country",
    "email": "E-mail",
    "phone": "Phone",
    "languages": "Languages",
    "dietary": "Dietary needs",
    "arrival": "Arrival",
    "departure": "Departure",
    "notes": "Notes",
    "full_name": "Full name (split, flagged for review)",
}
MAPPING_KEY = "import/mappings/{}"
PROBLEM_STYLE = "color: #a61b0f;"


def encoding_label(code: str | None) -> str:
    """A person's name for an encoding; "utf-8+cp1251" reads a file mixing two."""
    code = code or ""
    if "+" in code:
        first, other = code.split("+", 1)
        return f"{encoding_label(first)}, other lines {encoding_label(other)}"
    return ENCODING_LABELS.get(code, code)


def remembered_mapping(signature: str, width: int) -> dict[int, str] | None:
    raw = settings.settings().value(MAPPING_KEY.format(signature))
    if not isinstance(raw, str):
        return None
    try:
        stored = {int(k): str(v) for k, v in json.loads(raw).items()}
    except (ValueError, AttributeError):
        return None
    from app.io.columns import FIELDS

    return {i: f for i, f in stored.items() if 0 <= i < width and f in FIELDS}


def remember_mapping(signature: str, mapping: dict[int, str]) -> None:
    settings.settings().setValue(
        MAPPING_KEY.format(signature), json.dumps({str(k): v for k, v in mapping.items()})
    )


def _lossy_rows(
    path: Path, encoding: str, delimiter: str | None
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The first lines decoded with replacement characters, to show why a strict read fails."""
    from app.io.tabular import sniff_delimiter

    with path.open("rb") as handle:
        head = handle.read(64_000)
    # A mixed "utf-8+cp1251" reading shows its second encoding's replacement characters.
    text = head.decode(encoding.split("+")[-1], errors="replace").removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or sniff_delimiter(text))
    records: list[list[str]] = []
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                records.append(record)
            if len(records) > PREVIEW_ROWS:
                break
    except csv.Error:
        pass
    if not records:
        return [], []
    return records[0], [(n, r) for n, r in enumerate(records[1:], start=2)]


def _problem_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(PROBLEM_STYLE)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


def _show(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class SourcePage(QWizardPage):
    """Which event, which file, which sheet or encoding and delimiter, and the first rows
    as stored."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setTitle("Choose the participant list")
        self.setSubTitle(
            "A CSV or Excel file as the delegations sent it. Check below that names read "
            "correctly; if they look garbled, choose the file's encoding; if they are not "
            "split into columns, choose the separator."
        )
        self.event_combo = EventCombo(wizard.context.db, wizard.initial_event, self)
        self.event_combo.currentIndexChanged.connect(self.completeChanged)
        self.path = QLineEdit(self)
        self.path.setObjectName("io_path")
        self.path.setPlaceholderText("Participant list (.csv or .xlsx)")
        self.path.editingFinished.connect(self._path_edited)
        browse = QPushButton("&Browse…", self)
        browse.setObjectName("io_browse")
        browse.clicked.connect(self.browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        self.sheet = QComboBox(self)
        self.sheet.setObjectName("io_sheet")
        self.sheet.currentIndexChanged.connect(lambda _i: self.load())
        self.encoding = QComboBox(self)
        self.encoding.setObjectName("io_encoding")
        self.encoding.addItem("Detect automatically", "")
        for label, code in ENCODINGS:
            self.encoding.addItem(label, code)
        self.encoding.currentIndexChanged.connect(lambda _i: self.load())
        self.delimiter = QComboBox(self)
        self.delimiter.setObjectName("io_delimiter")
        # Grows with "Detect automatically (found semicolon)" rather than cutting it.
        self.delimiter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.delimiter.addItem("Detect automatically", "")
        for label, char in DELIMITERS:
            self.delimiter.addItem(label, char)
        self.delimiter.currentIndexChanged.connect(lambda _i: self.load())
        delimiter_label = QLabel("Se&parator:", self)
        delimiter_label.setBuddy(self.delimiter)
        # Both are how a CSV file's bytes become cells, so they share one row.
        self.text_row = QHBoxLayout()
        self.text_row.addWidget(self.encoding, 1)
        self.text_row.addSpacing(12)
        self.text_row.addWidget(delimiter_label)
        self.text_row.addWidget(self.delimiter)
        self.guess = QLabel(self)
        self.guess.setObjectName("io_guess")
        self.guess.setWordWrap(True)
        self.problem = _problem_label(self, "io_read_problem")
        # When the encoding cannot be told for certain: each candidate reading, with how
        # the lines concerned read in it; choosing one rereads the preview below.
        self.candidates = QListWidget(self)
        self.candidates.setObjectName("io_encoding_candidates")
        self.candidates.setAccessibleName("Candidate encodings")
        self.candidates.setMaximumHeight(self.candidates.fontMetrics().height() * 7)
        self.candidates.currentRowChanged.connect(self._candidate_chosen)
        self.candidates.hide()
        self.candidates_caption = QLabel(
            "How the lines concerned read in each candidate encoding:", self
        )
        self.candidates_caption.setObjectName("io_candidates_caption")
        self.candidates_caption.setBuddy(self.candidates)
        self.candidates_caption.hide()
        self.rows = RawRowsModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("io_raw_rows")
        self.view.setModel(self.rows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.form = QFormLayout()
        self.form.addRow("&Event:", self.event_combo)
        file_label = QLabel("&File:", self)
        file_label.setBuddy(self.path)
        self.form.addRow(file_label, file_row)
        self.form.addRow("&Sheet:", self.sheet)
        encoding_caption = QLabel("E&ncoding:", self)
        encoding_caption.setBuddy(self.encoding)
        self.form.addRow(encoding_caption, self.text_row)
        self.form.addRow("", self.guess)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.candidates_caption)
        layout.addWidget(self.candidates)
        caption = QLabel("First rows, as they will be stored:", self)
        caption.setObjectName("io_raw_caption")
        layout.addWidget(caption)
        layout.addWidget(self.view, 1)
        self._loaded_path: Path | None = None
        self._show_kind(None)

    # ----- choosing
    def browse(self) -> None:
        start = self.path.text() or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Choose a participant list",
            start,
            "Participant lists (*.csv *.tsv *.txt *.xlsx);;All files (*)",
        )
        if path:
            self.set_path(path)

    def set_path(self, path: Path | str) -> None:
        self.path.setText(str(path))
        self._path_edited()

    def set_encoding(self, code: str | None) -> None:
        """Choose an encoding (None: detect); the preview follows at once."""
        index = self.encoding.findData(code or "")
        if index < 0:
            raise ValueError(f"unknown encoding {code!r}")
        self.encoding.setCurrentIndex(index)

    def candidate_codes(self) -> list[str]:
        return [
            str(self.candidates.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.candidates.count())
        ]

    def _candidate_chosen(self, row: int) -> None:
        if row < 0:
            return
        code = str(self.candidates.item(row).data(Qt.ItemDataRole.UserRole))
        if self.encoding.findData(code) < 0:
            # Readings outside the usual list (a mixed file, a rarer code page).
            self.encoding.blockSignals(True)
            self.encoding.addItem(encoding_label(code), code)
            self.encoding.blockSignals(False)
        self.set_encoding(code)

    def _show_candidates(self, guess: EncodingGuess) -> None:
        self.candidates.blockSignals(True)
        self.candidates.clear()
        for candidate in guess.candidates:
            shown = "; ".join(f"line {n}: {text}" for n, text in candidate.samples)
            odd = "" if candidate.plausible else "  (names look garbled)"
            item = QListWidgetItem(f"{encoding_label(candidate.encoding)}{odd} — {shown}")
            item.setData(Qt.ItemDataRole.UserRole, candidate.encoding)
            self.candidates.addItem(item)
        self.candidates.setCurrentRow(-1)
        self.candidates.blockSignals(False)
        self.candidates.setVisible(bool(guess.candidates))
        self.candidates_caption.setVisible(bool(guess.candidates))

    def set_delimiter(self, char: str | None) -> None:
        """Choose a delimiter ("," ";" or a tab; None: detect); the preview follows at once."""
        index = self.delimiter.findData(char or "")
        if index < 0:
            raise ValueError(f"unknown delimiter {char!r}")
        self.delimiter.setCurrentIndex(index)

    def set_sheet(self, name: str) -> None:
        self.sheet.setCurrentText(name)

    def _path_edited(self) -> None:
        text = self.path.text().strip()
        path = Path(text) if text else None
        if path == self._loaded_path:
            return
        # A new file starts from what is detected, not from the last file's choices.
        combos = (self.sheet, self.encoding, self.delimiter)
        for combo in combos:
            combo.blockSignals(True)
        self.sheet.clear()
        self.candidates.clear()
        self.candidates.hide()
        self.candidates_caption.hide()
        self.encoding.setCurrentIndex(0)
        self.delimiter.setCurrentIndex(0)
        for combo in combos:
            combo.blockSignals(False)
        self._loaded_path = path
        self.load()

    # ----- reading
    def load(self) -> None:
        from app.io.columns import clean_cell
        from app.io.tabular import EncodingUncertainError, UnreadableFileError, read_table

        path = self._loaded_path
        self.wizard_.table = None
        self.rows.set_rows([], [])
        _show(self.problem, "")
        self.guess.clear()
        if path is None:
            self._show_kind(None)
            self.completeChanged.emit()
            return
        encoding = self.encoding.currentData() or None
        delimiter = self.delimiter.currentData() or None
        sheet = self.sheet.currentText() or None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            table = read_table(path, encoding=encoding, delimiter=delimiter, sheet=sheet)
        except EncodingUncertainError as error:
            self._show_kind("csv")
            _show(self.problem, self._uncertain_text(error.guess))
            self._show_candidates(error.guess)
        except UnreadableFileError as error:
            _show(self.problem, str(error))
            self._show_kind("xlsx" if path.suffix.lower() == ".xlsx" else "csv")
            if encoding and path.is_file():
                headers, rows = _lossy_rows(path, encoding, delimiter)
                self.rows.set_rows(
                    [clean_cell(h) for h in headers],
                    [(n, [clean_cell(c) for c in r]) for n, r in rows],
                )
                self.guess.setText(
                    f"Read as {encoding_label(encoding)}: the characters shown as � "
                    "are not valid in that encoding."
                )
        else:
            self.wizard_.table = table
            self._show_table(table)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.completeChanged.emit()

    def _show_table(self, table: Table) -> None:
        from app.io.columns import clean_cell
        from app.io.tabular import DELIMITER_NAMES

        guess = table.guess
        self._show_kind(guess.kind)
        if guess.kind == "xlsx":
            if self.sheet.count() != len(guess.sheets):
                self.sheet.blockSignals(True)
                self.sheet.clear()
                self.sheet.addItems(list(guess.sheets))
                self.sheet.blockSignals(False)
            self.sheet.blockSignals(True)
            self.sheet.setCurrentText(guess.sheet or "")
            self.sheet.blockSignals(False)
            sheets = f"{len(guess.sheets)} sheets" if len(guess.sheets) > 1 else "one sheet"
            text = f"Excel workbook ({sheets}); reading sheet “{guess.sheet}”"
        else:
            how = "detected" if guess.encoding_guessed else "your choice"
            detected = "Detect automatically"
            if guess.encoding_guessed:
                detected += f" (found {encoding_label(guess.encoding)})"
            self.encoding.setItemText(0, detected)
            separator = DELIMITER_NAMES.get(guess.delimiter or ",", repr(guess.delimiter))
            split_how = "detected" if guess.delimiter_guessed else "your choice"
            found = "Detect automatically"
            if guess.delimiter_guessed:
                found += f" (found {separator})"
            self.delimiter.setItemText(0, found)
            text = (
                f"CSV text read as {encoding_label(guess.encoding)} ({how}), "
                f"{separator}-separated ({split_how})"
            )

        count = len(table.rows)
        text += f" · {count:,} participant row{'s' if count != 1 else ''}"
        if guess.kind == "csv" and not guess.encoding_guessed and self._loaded_path is not None:
            text += self._detection_hint(self._loaded_path, guess.encoding)
        self.guess.setText(text)
        self.rows.set_rows(
            [clean_cell(h) for h in table.headers],
            [(r.number, [clean_cell(c) for c in r.cells]) for r in table.rows[:PREVIEW_ROWS]],
        )
        header = self.view.horizontalHeader()
        self.view.resizeColumnsToContents()
        for column in range(self.rows.columnCount()):
            header.resizeSection(column, min(header.sectionSize(column) + 16, 280))

    @staticmethod
    def _uncertain_text(guess: EncodingGuess) -> str:
        from app.io.encodings import lines_text

        why = "it mixes encodings" if guess.mixed else "several encodings could be meant"
        return (
            f"The file's encoding cannot be told for certain: {why} "
            f"({lines_text(guess.lines)}). "
            "Choose the reading in which the names are written correctly."
        )

    @staticmethod
    def _detection_hint(path: Path, chosen: str | None) -> str:
        from app.io.tabular import UnreadableFileError, detect_encoding, read_file

        try:
            detected = detect_encoding(read_file(path))
        except UnreadableFileError:
            return ""
        if detected is None or detected == chosen or {detected, chosen} <= {"utf-8", "utf-8-sig"}:
            return ""
        return (
            f" · the file looks like {encoding_label(detected)}: "
            "if the names above look garbled, choose that"
        )

    def _show_kind(self, kind: str | None) -> None:
        self.form.setRowVisible(self.sheet, kind == "xlsx")
        self.form.setRowVisible(self.text_row, kind != "xlsx")
        self.encoding.setEnabled(kind == "csv")
        self.delimiter.setEnabled(kind == "csv")

    def preview_text(self) -> str:
        return self.rows.text()

    def isComplete(self) -> bool:
        return self.wizard_.table is not None and self.event_combo.event_id is not None


class ColumnsPage(QWizardPage):
    """Which field each column fills: matched from the headers, adjustable, remembered."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setTitle("Match the columns")
        self.setSubTitle(
            "Each column of the file fills one field. Columns set to “Do not import” are "
            "left out. The choice is remembered for files with the same columns."
        )
        self.info = QLabel(self)
        self.info.setObjectName("io_mapping_info")
        self.info.setWordWrap(True)
        self.reset = QPushButton("&Match automatically", self)
        self.reset.setObjectName("io_mapping_reset")
        self.reset.clicked.connect(self.match_automatically)
        top = QHBoxLayout()
        top.addWidget(self.info, 1)
        top.addWidget(self.reset)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("io_mapping")
        self.table.setHorizontalHeaderLabels(["Column in the file", "First values", "Imports as"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.problem = _problem_label(self, "io_mapping_problem")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)
        self.combos: list[QComboBox] = []
        self.signature = ""

    def initializePage(self) -> None:
        from app.io.columns import auto_mapping, header_signature

        table = self.wizard_.table
        assert table is not None
        self.signature = header_signature(table.headers)
        stored = remembered_mapping(self.signature, len(table.headers))
        if stored is not None:
            self.info.setText("Matched as you chose last time for a file with these columns.")
            self._fill(table, stored)
        else:
            self.info.setText("Matched automatically from the column names.")
            self._fill(table, auto_mapping(table.headers))

    def match_automatically(self) -> None:
        from app.io.columns import auto_mapping

        table = self.wizard_.table
        assert table is not None
        self.info.setText("Matched automatically from the column names.")
        self._fill(table, auto_mapping(table.headers))

    def _fill(self, table: Table, mapping: dict[int, str]) -> None:
        from app.io.columns import FIELDS, clean_cell

        self.table.setRowCount(len(table.headers))
        self.combos = []
        for index, header in enumerate(table.headers):
            name = QTableWidgetItem(clean_cell(header) or f"(column {index + 1}, no name)")
            self.table.setItem(index, 0, name)
            samples: list[str] = []
            for row in table.rows:
                if index < len(row.cells) and (value := clean_cell(row.cells[index])):
                    samples.append(value)
                if len(samples) >= SAMPLE_VALUES:
                    break
            sample = QTableWidgetItem(" · ".join(samples))
            sample.setToolTip("\n".join(samples))
            self.table.setItem(index, 1, sample)
            combo = QComboBox(self.table)
            combo.setObjectName(f"io_field_{index}")
            combo.addItem("Do not import", "")
            for field_name in FIELDS:
                combo.addItem(FIELD_LABELS.get(field_name, field_name), field_name)
            combo.setCurrentIndex(max(combo.findData(mapping.get(index, "")), 0))
            combo.currentIndexChanged.connect(lambda _i: self._changed())
            self.table.setCellWidget(index, 2, combo)
            self.combos.append(combo)
        self._changed()

    def set_field(self, column: int, field_name: str | None) -> None:
        combo = self.combos[column]
        combo.setCurrentIndex(combo.findData(field_name or ""))

    def mapping(self) -> dict[int, str]:
        return {i: c.currentData() for i, c in enumerate(self.combos) if c.currentData()}

    def problems(self) -> str:
        mapping = self.mapping()
        chosen = list(mapping.values())
        twice = sorted({f for f in chosen if chosen.count(f) > 1})
        if twice:
            names = ", ".join(f"“{FIELD_LABELS[f]}”" for f in twice)
            return f"Two columns import as {names}; choose one of them."
        if "family_name" not in chosen and "full_name" not in chosen:
            return "No column gives the family name (or a full name to split); choose one."
        return ""

    def _changed(self) -> None:
        _show(self.problem, self.problems())
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.combos) and not self.problems()

    def validatePage(self) -> bool:
        self.wizard_.mapping = self.mapping()
        remember_mapping(self.signature, self.wizard_.mapping)
        return True


class CheckPage(QWizardPage):
    """The dry run: every row's outcome, then Import (one transaction, undoable)."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setTitle("Check every row")
        self.setSubTitle(
            "Nothing has been written yet. The file is imported whole or not at all: "
            "rows in red must be fixed in the file first, or set aside below."
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
        self.summary = QLabel(self)
        self.summary.setObjectName("io_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.extra = QLabel(self)
        self.extra.setObjectName("io_new_records")
        self.extra.setWordWrap(True)
        self.extra.setTextFormat(Qt.TextFormat.RichText)
        self.problem = _problem_label(self, "io_check_problem")
        self.problems_only = QCheckBox("Show only rows with &errors or notes", self)
        self.problems_only.setObjectName("io_problems_only")
        self.reread = QPushButton("&Re-read the file", self)
        self.reread.setObjectName("io_reread")
        self.reread.setToolTip("After fixing the file in the spreadsheet, check it again")
        self.reread.clicked.connect(self.reread_file)
        self.outcomes = OutcomesModel(self)
        self.problems_only.toggled.connect(self.outcomes.set_problems_only)
        self.view = QTableView(self)
        self.view.setObjectName("io_outcomes")
        self.view.setModel(self.outcomes)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        tools = QHBoxLayout()
        tools.addWidget(self.problems_only)
        tools.addStretch(1)
        tools.addWidget(self.reread)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.extra)
        layout.addWidget(self.problem)
        self._add_row_error_choices(layout)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)
        self.preview: ImportPreview | None = None
        self.imported = False
        self.task: ProgressTask | None = None

    # ----- the dry run
    def initializePage(self) -> None:
        self.run_check()

    def run_check(self) -> ProgressTask:
        from app.io.participants import preview_import

        self.preview = None
        self.outcomes.set_outcomes([])
        self.summary.setText("Checking every row…")
        self.extra.clear()
        _show(self.problem, "")
        self.completeChanged.emit()
        wizard = self.wizard_
        table, mapping, event_id, db = (
            wizard.table,
            dict(wizard.mapping),
            wizard.event_id,
            wizard.context.db,
        )
        assert table is not None
        assert event_id is not None

        def work(state: Any) -> ImportPreview:
            engine = engine_state(state, "Checking every row…")
            with db.session() as session:
                return preview_import(session, event_id, table, mapping, engine)

        self.task = ProgressTask(wizard, "Checking every row…", work)
        self.task.finished.connect(self._checked)
        return self.task.start()

    def _checked(self, result: Any, error: BaseException | None) -> None:
        self.task = None
        if error is not None:
            self.summary.setText("The rows were not checked.")
            _show(self.problem, "Check cancelled." if was_cancelled(error) else error_text(error))
            self.completeChanged.emit()
            return
        self.show_preview(result)

    def show_preview(self, preview: ImportPreview) -> None:
        import html

        self.preview = preview
        self.outcomes.set_outcomes(preview.outcomes)
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        header.resizeSection(2, min(header.sectionSize(2), 340))
        counts = preview.counts()
        parts = [
            f"<b>{counts['created']}</b> to create",
            f"<b>{counts['updated']}</b> to update",
            f"<b>{counts['unchanged']}</b> unchanged",
        ]
        errors = counts["error"]
        parts.append(
            f"<span style='color:#a61b0f'><b>{errors}</b> with errors</span>"
            if errors
            else "<b>0</b> errors"
        )
        self.summary.setText(" · ".join(parts))
        self._show_row_error_choices(preview)
        lines = []
        if preview.new_delegations:
            lines.append("New delegations: " + html.escape(", ".join(preview.new_delegations)))
        if preview.new_organisations:
            lines.append("New organisations: " + html.escape(", ".join(preview.new_organisations)))
        if preview.delegation_changes:
            lines.append("Travel dates: " + html.escape("; ".join(preview.delegation_changes)))
        ignored = preview.ignored_columns
        if ignored:
            lines.append("Columns left out: " + html.escape(", ".join(ignored)))
        self.extra.setText("<br>".join(lines))
        self.extra.setVisible(bool(lines))
        if errors:
            _show(
                self.problem,
                f"{errors} row{'s' if errors != 1 else ''} cannot be imported as they are. "
                "Fix them in the spreadsheet and press Re-read, or go Back to change the "
                "column matching. Nothing is imported while any row has an error, "
                "unless you choose below to import the valid rows only.",
            )
        self.completeChanged.emit()

    def reread_file(self) -> None:
        wizard = self.wizard_
        old = wizard.table
        wizard.source.load()
        table = wizard.table
        if table is None:
            _show(self.problem, wizard.source.problem.text() or "The file cannot be read now.")
            self.preview = None
            self.completeChanged.emit()
            return
        if old is not None and table.headers != old.headers:
            self.preview = None
            _show(self.problem, "The file's columns have changed; go Back to match them again.")
            self.completeChanged.emit()
            return
        self.run_check()

    # ----- the import
    def isComplete(self) -> bool:
        if self.imported:
            return True
        if self.preview is None or self.task is not None:
            return False
        return not self.preview.has_errors or self._valid_rows_only()

    def validatePage(self) -> bool:
        if self.imported:
            return True
        if self.task is None:
            self.start_import()
        return False

    def start_import(self) -> ProgressTask:
        from app.io.import_operation import import_participants

        wizard = self.wizard_
        table, mapping, event_id, db = (
            wizard.table,
            dict(wizard.mapping),
            wizard.event_id,
            wizard.context.db,
        )
        assert table is not None
        assert event_id is not None

        skip_invalid, original = self._valid_rows_only(), Path(wizard.source.path.text())
        wizard.rejected_file = None

        def before_commit(preview: ImportPreview) -> None:
            # Cancel pressed after the last row still rolls the whole import back.
            state_holder[0].check()
            # Written before the commit: if it cannot be, nothing is imported either.
            wizard.rejected_file = _write_rejected(table, preview, original)

        state_holder: list[Any] = [None]

        def work(state: Any) -> tuple[ImportPreview, OperationResult]:
            from app.backups import automatic_backup
            from app.db.locks import WAITING_MESSAGE

            engine = engine_state(state, "Importing participants…")
            automatic_backup(db, "before-import")
            state_holder[0] = state
            waiting = f"{WAITING_MESSAGE.capitalize()}…"
            return import_participants(
                db,
                event_id,
                table,
                mapping,
                engine,
                skip_invalid=skip_invalid,
                before_commit=before_commit,
                on_wait=lambda: state.report(0, waiting),
                cancelled=lambda: state.cancelled,
            )

        self.task = ProgressTask(wizard, "Importing participants…", work, show_after_ms=200)
        self.task.finished.connect(self._imported)
        self.completeChanged.emit()
        return self.task.start()

    def _imported(self, result: Any, error: BaseException | None) -> None:
        from app.io.participants import ImportRefusedError

        self.task = None
        if error is not None:
            if was_cancelled(error):
                _show(self.problem, "Import cancelled; nothing was changed.")
            else:
                if isinstance(error, ImportRefusedError):
                    self.show_preview(error.preview)  # the data changed since the check
                _show(self.problem, error_text(error))
                QMessageBox.warning(self.wizard_, "Participants not imported", error_text(error))
            self.completeChanged.emit()
            return
        preview, changes = result
        self.imported = True
        self.wizard_.imported(preview, changes)
        self.completeChanged.emit()
        self.wizard_.next()

    # ----- rows in error: a country for all rows at once, or the valid rows only
    # (issue 14; kept apart from the rest of the page, which other work also changes)
    def _add_row_error_choices(self, layout: QVBoxLayout) -> None:
        from ui.io.country_choice import CountryChoicePanel

        self.country_choice = CountryChoicePanel(self.wizard_.context.db, self.run_check, self)
        self.skip_invalid = QCheckBox(self)
        self.skip_invalid.setObjectName("io_skip_invalid")
        self.skip_invalid.toggled.connect(self.completeChanged)
        self.skip_invalid.hide()
        layout.addWidget(self.country_choice)
        layout.addWidget(self.skip_invalid)

    def _show_row_error_choices(self, preview: ImportPreview) -> None:
        from app.io.rejected import rejected_path

        self.country_choice.show_values(preview)
        errors = preview.counts()["error"]
        valid = len(preview.outcomes) - errors
        name = rejected_path(self.wizard_.source.path.text()).name
        self.skip_invalid.setText(
            f"Import the {valid} valid row{'s' if valid != 1 else ''} only, and write the "
            f"{errors} in error, with what is wrong with each, to {name} beside the file"
        )
        self.skip_invalid.setVisible(bool(errors) and valid > 0)
        if not self.skip_invalid.isVisible():
            self.skip_invalid.setChecked(False)

    def _valid_rows_only(self) -> bool:
        return self.skip_invalid.isChecked() and not self.skip_invalid.isHidden()


def _rows(count: int) -> str:
    return f"{count} row{'s' if count != 1 else ''}"


def _write_rejected(table: Table, preview: ImportPreview, original: Path) -> Path | None:
    from app.io.rejected import write_rejected

    return write_rejected(table, preview.rejected, original) if preview.rejected else None


class DonePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setTitle("Participants imported")
        self.setSubTitle("The participant list is in the database; this step can be undone.")
        self.text = QLabel(self)
        self.text.setObjectName("io_done")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addStretch(1)

    def initializePage(self) -> None:
        import html

        wizard = self.wizard_
        preview = wizard.outcome
        assert preview is not None
        counts = preview.counts()
        event = html.escape(wizard.source.event_combo.currentText())
        lines = [
            f"<p><b>{len(preview.outcomes)} rows</b> of {html.escape(wizard.file_name)} "
            f"went into <b>{event}</b>: {counts['created']} people created, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged.</p>"
        ]
        if preview.new_delegations:
            lines.append(
                "<p>New delegations: " + html.escape(", ".join(preview.new_delegations)) + "</p>"
            )
        if preview.new_organisations:
            lines.append(
                "<p>New organisations: "
                + html.escape(", ".join(preview.new_organisations))
                + "</p>"
            )
        if preview.rejected and wizard.rejected_file is not None:
            lines.append(
                f"<p><b>{_rows(len(preview.rejected))}</b> in error left out. They are in "
                f"<b>{html.escape(str(wizard.rejected_file))}</b> with what is wrong with "
                "each; correct them there and import that file.</p>"
            )
        done = wizard.import_result
        if done is None or done.operation_id is None:
            lines.append("<p>The database already held all of it; nothing was changed.</p>")
        else:
            lines.append(
                f"<p>To take the import back, use <b>Edit › Undo {html.escape(done.label)}</b> "
                "(Ctrl+Z) in the main window: the people, delegations and organisations it "
                "created are removed again (kept as deleted records) and every field it "
                "changed gets its previous value back. Redo puts the import back.</p>"
            )
        self.text.setText("".join(lines))


class ImportWizard(QWizard):
    def __init__(
        self,
        context: DataContext,
        event_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("import_wizard")
        self.setWindowTitle("Import participants")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.context = context
        self.initial_event = event_id
        self.table: Table | None = None
        self.mapping: dict[int, str] = {}
        self.outcome: ImportPreview | None = None
        self.import_result: OperationResult | None = None
        self.rejected_file: Path | None = None
        self.source = SourcePage(self)
        self.columns = ColumnsPage(self)
        self.check = CheckPage(self)
        self.finished_page = DonePage(self)
        self.setPage(PAGE_SOURCE, self.source)
        self.setPage(PAGE_COLUMNS, self.columns)
        self.setPage(PAGE_CHECK, self.check)
        self.setPage(PAGE_DONE, self.finished_page)
        self.resize(980, 660)

    @property
    def event_id(self) -> uuid.UUID | None:
        return self.source.event_combo.event_id

    @property
    def file_name(self) -> str:
        return Path(self.source.path.text()).name

    def imported(self, preview: ImportPreview, result: OperationResult) -> None:
        self.outcome, self.import_result = preview, result
        self.context.done(result)

    def running_task(self) -> ProgressTask | None:
        return self.check.task

    def reject(self) -> None:
        task = self.check.task
        if task is not None and task.running:
            # Closing mid-import cancels it; the wizard stays to say nothing was written.
            task.state.cancel()
            return
        super().reject()
