"""Reading a spreadsheet (CSV in any of the encodings embassies send, or XLSX) as text rows.

Only a regular file under ``MAX_FILE_BYTES`` is read (a FIFO or a device would hang or
never end). The content decides the kind, whatever the name says. The encoding rule
(certain, guessed, or asked) is in :mod:`app.io.encodings`; the bounds put on a
workbook before openpyxl reads it are in :mod:`app.io.workbook`.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from app.errors import ProtocolDeskError
from app.io import encodings
from app.io.encodings import Candidate, EncodingGuess
from app.io.tasks import TaskState, report

MAX_FILE_BYTES = 64 * 1024 * 1024
DELIMITERS = ("\t", ";", ",")
DELIMITER_NAMES = {"\t": "tab", ";": "semicolon", ",": "comma"}
# What a user may type for each delimiter (a shell makes a literal tab awkward).
DELIMITER_SPELLINGS = {
    ",": ",",
    "comma": ",",
    ";": ";",
    "semicolon": ";",
    "\t": "\t",
    "\\t": "\t",
    "tab": "\t",
}
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 .xls
BINARY_MAGIC = {b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG"}
MAX_CONTROL_SHARE = 0.01


class UnreadableFileError(ProtocolDeskError):
    """The file cannot be read as a participant list at all; nothing was changed."""


class EncodingUncertainError(UnreadableFileError):
    """The encoding cannot be told for certain: the user chooses among ``guess.candidates``."""

    def __init__(self, message: str, guess: EncodingGuess) -> None:
        super().__init__(message)
        self.guess = guess


@dataclass(frozen=True)
class TableGuess:
    """How the file was read; shown to the user, who may override encoding, delimiter
    or sheet."""

    kind: str  # "csv" or "xlsx"
    encoding: str | None = None
    encoding_guessed: bool = True
    delimiter: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    delimiter_guessed: bool = True
    # How the encoding was told (see app.io.encodings) and the readings it was chosen from.
    encoding_reason: str = ""
    candidates: tuple[Candidate, ...] = ()

    def describe(self) -> str:
        if self.kind == "xlsx":
            others = f" (sheets: {', '.join(self.sheets)})" if len(self.sheets) > 1 else ""
            return f"Excel workbook, sheet '{self.sheet}'{others}"
        how = "guessed" if self.encoding_guessed else "as given"
        delimiter = DELIMITER_NAMES.get(self.delimiter or ",", repr(self.delimiter))
        split = "guessed" if self.delimiter_guessed else "as given"
        return f"CSV, encoding {self.encoding} ({how}), {delimiter}-separated ({split})"


@dataclass(frozen=True)
class TableRow:
    number: int  # as a spreadsheet shows it: the header is row 1
    cells: list[str]
    # Why the row must not be stored as read (a word that mixes scripts, like "Jos茅").
    problem: str = ""


@dataclass
class Table:
    guess: TableGuess
    headers: list[str]
    rows: list[TableRow] = field(default_factory=list)


def read_table(
    path: Path | str,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    task: TaskState | None = None,
) -> Table:
    """Headers and non-blank rows of a CSV or XLSX file; the content decides the kind.

    ``encoding`` and ``delimiter`` (one of ``DELIMITERS``) override what is detected in
    a CSV file; ``sheet`` chooses an XLSX sheet. None means detect (or the first sheet).
    Raises EncodingUncertainError when the encoding must be chosen by the user.
    """
    if delimiter is not None and delimiter not in DELIMITERS:
        names = ", ".join(f"{DELIMITER_NAMES[d]} {d!r}" for d in DELIMITERS)
        raise UnreadableFileError(f"unknown delimiter {delimiter!r} (use {names})")
    path = Path(path)
    data = read_file(path)
    if not data.strip():
        raise UnreadableFileError(f"{path.name} is empty")
    if data.startswith(ZIP_MAGIC):
        table = _read_xlsx(path.name, data, sheet, task)
    else:
        for magic, what in (*BINARY_MAGIC.items(), (OLE_MAGIC, "an Excel 97-2003 .xls file")):
            if data.startswith(magic):
                hint = "; save it as .xlsx or CSV" if magic == OLE_MAGIC else ""
                raise UnreadableFileError(f"{path.name} is {what}, not a participant list{hint}")
        table = _read_csv(path.name, data, encoding, delimiter, task)
    if not any(h.strip() for h in table.headers):
        raise UnreadableFileError(f"{path.name} has no header row")
    if not table.rows:
        raise UnreadableFileError(f"{path.name} has a header row but no participants")
    return table


def read_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Opened without blocking and checked on the open descriptor: a FIFO would wait for
    a writer forever and a device like /dev/zero never ends."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise UnreadableFileError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            what = "a directory" if stat.S_ISDIR(mode) else "not a regular file"
            what = "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else what
            what = "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else what
            raise UnreadableFileError(f"{path} is {what}; choose a saved .csv or .xlsx file")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise UnreadableFileError(f"cannot read {path}: {error.strerror or error}") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise UnreadableFileError(
            f"{path.name} is larger than {limit // 2**20} MB, the most a participant list "
            "may be; split it into several files"
        )
    return data


# --- CSV --------------------------------------------------------------------------


def detect_encoding(data: bytes) -> str | None:
    """The encoding :func:`read_table` would read ``data`` with; None when it would ask."""
    return encodings.detect(data).encoding


def sniff_delimiter(text: str) -> str:
    """The separator used most in the header line, counting outside quotes."""
    header = _first_record(text)
    counts = {d: _count_outside_quotes(header, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _first_record(text: str) -> str:
    quoted = False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            return text[:index]
    return text


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def parse_delimiter(text: str) -> str:
    """The delimiter a user means by ``text`` (",", ";", "tab" or "\\t"); ValueError else."""
    found = DELIMITER_SPELLINGS.get(text.strip(" ").lower())
    if found is None:
        raise ValueError(f"unknown delimiter {text!r}; use ',', ';' or 'tab'")
    return found


def _read_csv(
    name: str, data: bytes, encoding: str | None, delimiter: str | None, task: TaskState | None
) -> Table:
    text, told = _decode(name, data, encoding)
    controls = sum(
        1 for c in text[:100_000] if unicodedata.category(c) == "Cc" and c not in "\t\r\n"
    )
    if "\x00" in text or controls > MAX_CONTROL_SHARE * min(len(text), 100_000):
        raise UnreadableFileError(f"{name} contains binary data; it is not a CSV file")
    delimiter_guessed = delimiter is None
    delimiter = delimiter or sniff_delimiter(text)
    guess = TableGuess(
        "csv",
        told.encoding,
        encoding is None,
        delimiter,
        delimiter_guessed=delimiter_guessed,
        encoding_reason=told.reason,
        candidates=told.candidates,
    )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as error:
        raise UnreadableFileError(
            f"{name}, line {reader.line_num}: the CSV is malformed ({error}); "
            "look for an unbalanced quote or an extremely long cell"
        ) from None
    return _table(guess, records, task)


def _decode(name: str, data: bytes, encoding: str | None) -> tuple[str, EncodingGuess]:
    if encoding is None:
        guess = encodings.detect(data)
        if guess.reason == "binary data":
            raise UnreadableFileError(f"{name} contains binary data, not text")
        if guess.encoding is None:
            raise EncodingUncertainError(encodings.explain(name, guess), guess)
    elif not encodings.is_known(encoding):
        raise UnreadableFileError(f"unknown encoding '{encoding}'")
    else:
        guess = EncodingGuess(encoding, True, "as given")
    chosen = guess.encoding or ""
    try:
        text = encodings.decode(data, chosen)
    except UnicodeDecodeError as error:
        raise UnreadableFileError(
            f"{name} is not valid {chosen} (byte {error.start}); try another --encoding"
        ) from None
    return text.removeprefix("\ufeff"), guess


# --- XLSX -------------------------------------------------------------------------


def _read_xlsx(name: str, data: bytes, sheet: str | None, task: TaskState | None) -> Table:
    import openpyxl

    from app.io import workbook as checks

    try:
        extents = checks.scan(io.BytesIO(data))
        # read_only streams rows from the zip; data_only=False keeps formulas visible
        # as text so that hostile ones are refused rather than silently evaluated.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except checks.WorkbookRefused as error:
        raise UnreadableFileError(f"{name} cannot be read as an Excel workbook: {error}") from None
    except Exception as error:
        raise UnreadableFileError(
            f"{name} cannot be read as an Excel workbook ({type(error).__name__}: {error})"
        ) from None
    try:
        names = tuple(book.sheetnames)
        if sheet is not None and sheet not in names:
            raise UnreadableFileError(
                f"{name} has no sheet '{sheet}'; its sheets: {', '.join(names)}"
            )
        chosen = sheet if sheet is not None else names[0]
        worksheet = book[chosen]
        # The dimension tag is ignored: only the cells the scan found are read.
        part = str(getattr(worksheet, "_worksheet_path", "")).lstrip("/")
        extent = extents.get(part) or checks.Extent(checks.MAX_ROWS, checks.MAX_COLUMNS)
        rows, columns = checks.bounds(extent)
        records = (
            [
                [_xlsx_cell(c) for c in row]
                for row in worksheet.iter_rows(min_row=1, max_row=rows, min_col=1, max_col=columns)
            ]
            if rows and columns
            else []
        )
    except UnreadableFileError:
        raise
    except checks.WorkbookRefused as error:
        raise UnreadableFileError(f"{name}, sheet '{chosen}': {error}") from None
    except Exception as error:
        raise UnreadableFileError(
            f"{name} is a damaged Excel workbook ({type(error).__name__}: {error})"
        ) from None
    finally:
        book.close()
    return _table(TableGuess("xlsx", sheet=chosen, sheets=names), records, task)


def _xlsx_cell(cell: Any) -> str:
    """A text cell that merely starts with '=' is marked as text, as the user typed it;
    a real formula cell stays a bare formula for the import to refuse."""
    text = cell_text(cell.value)
    if cell.data_type == "s" and text.startswith("="):
        return "'" + text
    return text


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text it shows: dates in ISO form, 42.0 as 42."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(guess: TableGuess, records: Iterable[Sequence[str]], task: TaskState | None) -> Table:
    headers: list[str] = []
    table = Table(guess, headers)
    for number, record in enumerate(records, start=1):
        if not any(cell.strip() for cell in record):
            continue
        if not table.headers:
            table.headers = [cell.strip() for cell in record]
            while table.headers and not table.headers[-1]:
                table.headers.pop()
        else:
            table.rows.append(TableRow(number, list(record), _problem(record, guess)))
        report(task, number, 0, every=5000)
    return table


def _script_name(script: str) -> str:
    return script if script == "CJK" else script.title()


def _problem(record: Sequence[str], guess: TableGuess) -> str:
    """Why a row must not be stored as read: a word that mixes scripts no name mixes
    ("Jos茅", "Mьller") is what a wrong encoding produces."""
    for cell in record:
        if cell.isascii():
            continue
        for word in encodings.words(cell):
            scripts = encodings.mixed_scripts(word)
            if scripts:
                how = f"read as {guess.encoding}" if guess.kind == "csv" else "as stored"
                return (
                    f"'{word}' mixes {' and '.join(_script_name(s) for s in scripts)} letters in "
                    f"one word, which no name does ({how}): check the file's encoding"
                )
    return ""
