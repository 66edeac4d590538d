"""Reading a spreadsheet (CSV in any of the encodings embassies send, or XLSX) as text rows.

Encoding detection is an ordered, explainable strategy rather than a statistical
guesser: a byte-order mark decides first (UTF-8, UTF-16 = Excel's "Unicode text"),
then strict UTF-8, then the three legacy code pages seen in practice (Windows-1251,
GB18030, Windows-1252/Latin-1) are each decoded strictly and scored on how words
look in that reading (mojibake mixes scripts or case inside a word). Short lists of
five delegates are common and statistical detectors are weakest exactly there; this
strategy gives the same answer every time and the user can always override it.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, BinaryIO

from app.errors import ProtocolDeskError
from app.io.tasks import TaskState, report

LEGACY_ENCODINGS = ("cp1251", "gb18030", "cp1252")
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
_WORD = re.compile(r"[^\W\d_]+")
# Non-ASCII punctuation that real lists contain; any other symbol hints at mojibake.
_USUAL = frozenset("«»№€–—‘’“”„…·\u00a0")


class UnreadableFileError(ProtocolDeskError):
    """The file cannot be read as a participant list at all; nothing was changed."""


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
    """
    if delimiter is not None and delimiter not in DELIMITERS:
        names = ", ".join(f"{DELIMITER_NAMES[d]} {d!r}" for d in DELIMITERS)
        raise UnreadableFileError(f"unknown delimiter {delimiter!r} (use {names})")
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFileError(f"cannot read {path}: {error.strerror or error}") from None
    if not data.strip():
        raise UnreadableFileError(f"{path.name} is empty")
    if data.startswith(ZIP_MAGIC):
        table = _read_xlsx(path, sheet, task)
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


# --- CSV --------------------------------------------------------------------------


def detect_encoding(data: bytes) -> str:
    """The encoding to read ``data`` with (see the module docstring for the order)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:4096]
    if b"\x00" in sample:
        # UTF-16 without a BOM shows as every other byte zero in Latin text.
        if sample[1::2].count(0) > len(sample) // 4:
            return "utf-16-le"
        if sample[0::2].count(0) > len(sample) // 4:
            return "utf-16-be"
        raise UnreadableFileError("the file contains binary data, not text")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    best, best_score = "latin-1", float("-inf")
    for candidate in LEGACY_ENCODINGS:
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text, candidate)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _plausibility(text: str, encoding: str) -> float:
    """How natural the words look in this reading: good words minus twice the odd ones."""
    good = bad = 0
    for word in _WORD.findall(text[:200_000]):
        if word.isascii() or len(word) < 2:
            continue
        if _odd_word(word, encoding):
            bad += 1
        else:
            good += 1
    for char in text[:200_000]:
        if not char.isascii() and unicodedata.category(char)[0] in "CPS" and char not in _USUAL:
            bad += 1
    return good - 2 * bad


def _odd_word(word: str, encoding: str) -> bool:
    foreign = [c for c in word if not c.isascii()]
    scripts = {_script(c) for c in foreign}
    if _mixed_case(word):
        return True
    if encoding == "gb18030":
        # GB2312 holds the hanzi, Cyrillic and pinyin letters real lists use; Latin-1
        # or Cyrillic bytes read as GB18030 mostly land outside it.
        return not all(_in_gb2312(c) for c in foreign)
    if encoding == "cp1251":
        # Cyrillic read from Latin bytes lands beside ASCII letters: "Mьller".
        return scripts != {"CYRILLIC"} or any(c.isascii() for c in word)
    # Windows-1252: Cyrillic bytes read as Latin give words made only of accents.
    return scripts != {"LATIN"} or (len(word) >= 4 and len(foreign) == len(word))


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    if name.startswith("CJK"):
        return "CJK"
    return name.split(" ", 1)[0]


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _mixed_case(word: str) -> bool:
    """An upper-case letter after a lower-case one ("ВнЅЁМГ"), rare in real names."""
    return any(a.islower() and b.isupper() for a, b in itertools.pairwise(word))


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
    guessed = encoding is None
    chosen = encoding or detect_encoding(data)
    try:
        codecs.lookup(chosen)
    except LookupError:
        raise UnreadableFileError(f"unknown encoding '{chosen}'") from None
    try:
        text = data.decode(chosen)
    except UnicodeDecodeError as error:
        raise UnreadableFileError(
            f"{name} is not valid {chosen} (byte {error.start}); try another --encoding"
        ) from None
    text = text.removeprefix("\ufeff")
    controls = sum(
        1 for c in text[:100_000] if unicodedata.category(c) == "Cc" and c not in "\t\r\n"
    )
    if "\x00" in text or controls > MAX_CONTROL_SHARE * min(len(text), 100_000):
        raise UnreadableFileError(f"{name} contains binary data; it is not a CSV file")
    delimiter_guessed = delimiter is None
    delimiter = delimiter or sniff_delimiter(text)
    guess = TableGuess("csv", chosen, guessed, delimiter, delimiter_guessed=delimiter_guessed)
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


# --- XLSX -------------------------------------------------------------------------


def _read_xlsx(path: Path, sheet: str | None, task: TaskState | None) -> Table:
    # openpyxl leaves a file it opened itself open when the workbook is damaged; a
    # handle of our own is closed on every path.
    with path.open("rb") as handle:
        return _read_workbook(handle, path, sheet, task)


def _read_workbook(
    handle: BinaryIO, path: Path, sheet: str | None, task: TaskState | None
) -> Table:
    import openpyxl

    try:
        # read_only streams rows from the zip; data_only=False keeps formulas visible
        # as text so that hostile ones are refused rather than silently evaluated.
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=False)
    except Exception as error:
        raise UnreadableFileError(
            f"{path.name} cannot be read as an Excel workbook ({type(error).__name__}: {error})"
        ) from None
    try:
        names = tuple(workbook.sheetnames)
        if sheet is not None and sheet not in names:
            raise UnreadableFileError(
                f"{path.name} has no sheet '{sheet}'; its sheets: {', '.join(names)}"
            )
        chosen = sheet if sheet is not None else names[0]
        worksheet = workbook[chosen]
        records = [[_xlsx_cell(c) for c in row] for row in worksheet.iter_rows()]
    except UnreadableFileError:
        raise
    except Exception as error:
        raise UnreadableFileError(
            f"{path.name} is a damaged Excel workbook ({type(error).__name__}: {error})"
        ) from None
    finally:
        workbook.close()
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
            table.rows.append(TableRow(number, list(record)))
        report(task, number, 0, every=5000)
    return table
