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

MAX_ROWS = 100_000
MAX_COLUMNS = 256
# Cells with a value, and rows × columns of the sheet read. openpyxl takes about 15 µs a
# cell, so this keeps any workbook to a few seconds; longer lists go by CSV.
MAX_CELLS = 250_000
MAX_XML_BYTES = 100 * 1024 * 1024  # all XML parts, uncompressed
EXCEL_MAX_ROWS, EXCEL_MAX_COLUMNS = 1_048_576, 16_384
CHUNK = 64 * 1024


class WorkbookRefused(Exception):
    """The workbook is damaged or hostile; the message says why, for the user."""


@dataclass
class Extent:
    """Where the cells with a value lie in one worksheet part."""

    rows: int = 0
    columns: int = 0
    cells: int = 0


# Tags are matched on the raw XML (in C, by re) rather than through Python callbacks,
# which took 6 s for a million cells; expat still checks that the part is well-formed.
_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"(\d{1,9})\"")
_ROW_TAG = _ROW_START = re.compile(rb"<(?:\w+:)?row[\s>/]")
# A cell that is not self-closing holds a value (or a formula); "<c r="B7" s="1"/>" is
# formatting only and does not count.
_CELL = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Za-z]{1,4})(\d{1,9})\"[^>/]*>")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
MAX_CELL_TAGS = 2 * MAX_CELLS  # empty (formatting-only) cells too: openpyxl builds them
_SHARED_STRING = re.compile(rb"<(?:\w+:)?si[\s>/]")
_CELL_WITH_REF = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"")


@dataclass
class _SheetScan:
    """The extent of a worksheet part, from its XML read chunk by chunk."""

    part: str
    extent: Extent = field(default_factory=Extent)
    row_tags: int = 0
    cell_tags: int = 0
    last_row: int = 0
    unreferenced: bool = False
    row_width: int = 0  # cell tags so far in the row being read
    widest: int = 0  # the most cell tags in one row

    def feed(self, xml: bytes) -> None:
        """``xml`` must end at a tag boundary (the caller splits after a '>')."""
        cells = _CELL.findall(xml)
        tags = len(_CELL_TAG.findall(xml))
        self.cell_tags += tags
        if self.cell_tags > MAX_CELL_TAGS:
            raise WorkbookRefused(
                f"{self.part} holds more than {MAX_CELL_TAGS:,} cells, empty ones included"
            )
        pieces = _ROW_START.split(xml)
        self.row_width += len(_CELL_TAG.findall(pieces[0]))
        for piece in pieces[1:]:
            self.widest = max(self.widest, self.row_width)
            self.row_width = len(_CELL_TAG.findall(piece))
        if tags != len(_CELL_WITH_REF.findall(xml)):
            # Cells without a reference take the next column: count rows by their tags.
            self.unreferenced = True
            self.row_tags += len(_ROW_TAG.findall(xml))
            self.last_row = max([self.last_row, *(int(r) for r in _ROW.findall(xml))])
        extent = self.extent
        extent.cells += len(cells)
        if cells:
            letters = max((c[0].upper() for c in cells), key=lambda c: (len(c), c))
            extent.columns = max(extent.columns, _column(letters))
            extent.rows = max(extent.rows, max(int(c[1]) for c in cells))
        if extent.rows > EXCEL_MAX_ROWS or extent.columns > EXCEL_MAX_COLUMNS:
            raise WorkbookRefused(f"{self.part} refers to cells outside any Excel sheet")
        if extent.cells > MAX_CELLS:
            raise WorkbookRefused(
                f"{self.part} holds more than {MAX_CELLS:,} cells; save a longer list as CSV"
            )

    def feed_strings(self, xml: bytes) -> None:
        """openpyxl keeps every shared string in memory: count them too."""
        self.cell_tags += len(_SHARED_STRING.findall(xml))
        if self.cell_tags > MAX_CELL_TAGS:
            raise WorkbookRefused(f"{self.part} holds more than {MAX_CELL_TAGS:,} texts")

    def finish(self) -> Extent:
        if self.unreferenced:
            widest = max(self.widest, self.row_width)
            self.extent.columns = min(self.extent.columns + widest, EXCEL_MAX_COLUMNS)
            self.extent.rows = max(self.extent.rows, self.row_tags, self.last_row)
        return self.extent


def _column(letters: bytes) -> int:
    column = 0
    for letter in letters:
        column = column * 26 + letter - 64
    return column


def scan(handle: IO[bytes]) -> dict[str, Extent]:
    """Check every XML part of the workbook in ``handle``; the extent of each one.

    Parts are recognised by their content, not their names: a workbook's relationships
    may point a sheet at any name. Raises WorkbookRefused for anything openpyxl should
    not be given."""
    try:
        archive = zipfile.ZipFile(handle)
        members = [i for i in archive.infolist() if _is_xml(archive, i)]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
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
            sheet = _SheetScan(info.filename)
            _parse_part(archive, info, sheet)
            extents[info.filename] = sheet.finish()
    return extents


def _is_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    if info.is_dir():
        return False
    with archive.open(info) as part:
        head = part.read(64)
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")


def _parse_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: _SheetScan) -> None:
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _no_doctype
    parser.EntityDeclHandler = _no_doctype
    rest = b""
    try:
        with archive.open(info) as part:
            while chunk := part.read(CHUNK):
                parser.Parse(chunk, False)
                rest = _feed(sheet, rest + chunk, info.filename.endswith("sharedStrings.xml"))
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise WorkbookRefused(
            f"{info.filename} is not well-formed XML ({expat.errors.messages[error.code]}, "
            f"line {error.lineno})"
        ) from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise WorkbookRefused(f"{info.filename} cannot be unpacked ({error})") from None


def _feed(sheet: _SheetScan, xml: bytes, strings: bool) -> bytes:
    """Count the tags up to the last '>' of ``xml``; what follows (a tag cut by the
    chunk boundary) is returned to go before the next chunk."""
    cut = xml.rfind(b">") + 1
    if strings:
        sheet.feed_strings(xml[:cut])
    else:
        sheet.feed(xml[:cut])
    rest = xml[cut:]
    if len(rest) > CHUNK:  # a long text, not a tag: only a tag's start must be kept
        start = rest.rfind(b"<")
        rest = rest[start:] if start >= 0 else b""
    return rest


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
            f"{MAX_CELLS:,} cells are read; save a longer list as CSV"
        )
    return extent.rows, extent.columns
