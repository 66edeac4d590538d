"""Checking an XLSX workbook before openpyxl reads it, so that reading is bounded by
what the file really holds.

A workbook is a zip of XML parts, and both layers can lie: a 5 KB file may claim
16,384 × 1,048,576 cells in its ``<dimension>`` tag, or inflate to gigabytes, and an XML
part may declare entities (exponential expansion) or use undefined ones (which crash
the XML parser of some Python 3.12 releases at exit). So every XML part is first
streamed through expat with no document type declaration allowed, under a cap on the
uncompressed size, while the cells that hold a value are counted and their extent
measured. The sheet is then read from those real extents only, never from the
dimension tag, within the caps below; anything past them is refused with a message
that states the cap.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any
from xml.parsers import expat

MAX_ROWS = 200_000
MAX_COLUMNS = 256
MAX_CELLS = 5_000_000  # rows × columns of the sheet read
MAX_XML_BYTES = 200 * 1024 * 1024  # all XML parts, uncompressed
EXCEL_MAX_ROWS, EXCEL_MAX_COLUMNS = 1_048_576, 16_384
CHUNK = 64 * 1024
_REF = re.compile(r"([A-Za-z]{1,3})(\d+)$")


class WorkbookRefused(Exception):
    """The workbook is damaged or hostile; the message says why, for the user."""


@dataclass
class Extent:
    """Where the cells with a value lie in one worksheet part."""

    rows: int = 0
    columns: int = 0
    cells: int = 0


@dataclass
class _SheetScan:
    """expat callbacks for a worksheet part: the extent of the cells with a value."""

    part: str
    extent: Extent = field(default_factory=Extent)
    row: int = 0
    column: int = 0
    cells_in_row: int = 0
    has_value: bool = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = tag.rsplit(":", 1)[-1]
        if name == "row":
            self.row = _number(attrs.get("r"), self.row + 1, EXCEL_MAX_ROWS, "row", self.part)
            self.column = self.cells_in_row = 0
        elif name == "c":
            self.cells_in_row += 1
            if self.cells_in_row > EXCEL_MAX_COLUMNS:
                raise WorkbookRefused(
                    f"{self.part} has a row with more than {EXCEL_MAX_COLUMNS:,} cells"
                )
            self.column = self._column(attrs.get("r"))
            self.has_value = False
        elif name in ("v", "is", "f"):
            self.has_value = True

    def end(self, tag: str) -> None:
        if tag.rsplit(":", 1)[-1] == "c" and self.has_value:
            extent = self.extent
            extent.cells += 1
            extent.rows = max(extent.rows, self.row)
            extent.columns = max(extent.columns, self.column)

    def _column(self, ref: str | None) -> int:
        match = _REF.match(ref or "")
        if match is None:
            return self.column + 1
        column = 0
        for letter in match.group(1).upper():
            column = column * 26 + ord(letter) - 64
        row = _number(match.group(2), self.row, EXCEL_MAX_ROWS, "row", self.part)
        self.row = max(self.row, row)
        return _number(str(column), column, EXCEL_MAX_COLUMNS, "column", self.part)


def _number(text: str | None, default: int, limit: int, what: str, part: str) -> int:
    if text is None:
        return default
    if not text.isdigit() or not 0 < int(text) <= limit:
        raise WorkbookRefused(f"{part} refers to {what} {text[:20]}, outside any Excel sheet")
    return int(text)


def scan(handle: IO[bytes]) -> dict[str, Extent]:
    """Check every XML part of the workbook in ``handle``; the extent of each worksheet.

    Raises WorkbookRefused for anything openpyxl should not be given."""
    try:
        archive = zipfile.ZipFile(handle)
        members = [i for i in archive.infolist() if i.filename.endswith((".xml", ".rels"))]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise WorkbookRefused(f"it is not a readable zip archive ({error})") from None
    total = sum(i.file_size for i in members)
    if total > MAX_XML_BYTES:
        raise WorkbookRefused(
            f"it unpacks to {total / 2**20:,.0f} MB of XML; the limit is "
            f"{MAX_XML_BYTES / 2**20:,.0f} MB"
        )
    extents: dict[str, Extent] = {}
    with archive:
        for info in members:
            sheet = _SheetScan(info.filename) if "worksheets/" in info.filename else None
            _parse_part(archive, info, sheet)
            if sheet is not None:
                extents[info.filename] = sheet.extent
    return extents


def _parse_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: _SheetScan | None) -> None:
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _no_doctype
    parser.EntityDeclHandler = _no_doctype
    if sheet is not None:
        parser.StartElementHandler = sheet.start
        parser.EndElementHandler = sheet.end
    try:
        with archive.open(info) as part:
            while chunk := part.read(CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise WorkbookRefused(
            f"{info.filename} is not well-formed XML ({expat.errors.messages[error.code]}, "
            f"line {error.lineno})"
        ) from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise WorkbookRefused(f"{info.filename} cannot be unpacked ({error})") from None


def _no_doctype(*_args: Any) -> None:
    raise WorkbookRefused(
        "it contains an XML document type declaration, which Excel never writes "
        "(a way to hide entity expansion)"
    )


def bounds(extent: Extent) -> tuple[int, int]:
    """The rows and columns to read for a sheet of this extent; refused past the caps."""
    if extent.rows > MAX_ROWS:
        raise WorkbookRefused(
            f"the sheet has cells down to row {extent.rows:,}; at most {MAX_ROWS:,} rows are read"
        )
    if extent.columns > MAX_COLUMNS:
        raise WorkbookRefused(
            f"the sheet has cells up to column {extent.columns:,}; at most {MAX_COLUMNS} "
            "columns are read"
        )
    if extent.rows * extent.columns > MAX_CELLS:
        raise WorkbookRefused(
            f"the sheet spans {extent.rows:,} rows × {extent.columns:,} columns; at most "
            f"{MAX_CELLS:,} cells are read"
        )
    return extent.rows, extent.columns
