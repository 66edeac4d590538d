"""Random bytes, random CSV and random workbook XML fed to `import participants`.

Whatever the file holds, the command ends with success or one plain refusal (exit 0 or
1), never an internal error or a traceback, prints nothing a terminal would obey, and a
refused import leaves every table exactly as it was. Example counts stay modest: CI
runs the suite on two cores.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import select

from app.cli.main import main
from app.db import Database
from app.model import Base, Event
from app.services import records

FUZZ = settings(
    # PROTOCOL_DESK_FUZZ_EXAMPLES=2000 for a long hunt on a quiet machine.
    max_examples=int(os.environ.get("PROTOCOL_DESK_FUZZ_EXAMPLES", "40")),
    deadline=None,  # a shared 2-core machine: timing is not what is tested here
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEADERS = ["delegation", "role", "given_name", "family_name", "email", "notes", "country",
           "arrival", "departure", "native_name", "alt_spellings", "languages", "name"]  # fmt: skip
PREFIXES = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"PK\x03\x04", b"\xd0\xcf\x11\xe0"]
# Any character a file may hold, controls and bidi overrides included; no lone
# surrogates, which no encoding can write.
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@pytest.fixture
def target(sqlite_db: Database, tmp_path: Path) -> tuple[Database, str, Path]:
    with sqlite_db.transaction() as session:
        event = records.create(
            session, Event, title="Fuzz Forum", kind="forum", start_date=date(2024, 5, 6)
        )
        records.create(session, Event, title="Other", kind="forum")
    return sqlite_db, str(event.id), tmp_path


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order."""
    with db.engine.connect() as connection:
        return {
            table.name: sorted(
                (tuple(map(repr, row)) for row in connection.execute(select(table))),
            )
            for table in Base.metadata.sorted_tables
        }


def run_import(
    target: tuple[Database, str, Path], name: str, data: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    db, event, folder = target
    path = folder / name
    path.write_bytes(data)
    before = snapshot(db)
    status = main(["--db", db.url, "import", "participants", event, str(path)])
    captured = capsys.readouterr()
    assert status in (0, 1), captured.err
    assert "Traceback" not in captured.out + captured.err
    assert "internal error" not in captured.err
    printed = captured.out + captured.err
    hostile = [c for c in printed if c not in "\n\t" and (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F)]
    hostile += [c for c in printed if "\u202a" <= c <= "\u202e" or "\u2066" <= c <= "\u2069"]
    assert not hostile, f"printed raw to the terminal: {hostile[:5]!r}"
    if status == 1:
        assert captured.err.startswith("protocol-desk: ") or "row " in captured.err
        assert snapshot(db) == before, "a refused import changed the database"


@FUZZ
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=3000))
def test_random_bytes(
    target: tuple[Database, str, Path],
    capsys: pytest.CaptureFixture[str],
    prefix: bytes,
    body: bytes,
) -> None:
    run_import(target, "random.csv", prefix + body, capsys)


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    width = draw(st.integers(1, 8))
    header = draw(st.lists(st.one_of(st.sampled_from(HEADERS), ANY_TEXT), min_size=width,
                           max_size=width))  # fmt: skip
    if draw(st.booleans()):  # half the files name people, so some of them import
        header[0] = "family_name"
    known = ["China", "head", "=1+1", "2024-05-06 10:00", "\x1b[31mChina\x07", "head\u202e"]
    cell = st.one_of(ANY_TEXT, st.sampled_from(known))
    rows = draw(st.lists(st.lists(cell, max_size=width + 2), max_size=12))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=draw(st.sampled_from([",", ";", "\t"])))
    writer.writerow(header)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1251", "gb18030"]))
    return buffer.getvalue().encode(encoding, errors="replace")


@FUZZ
@given(data=csv_files())
def test_random_csv(
    target: tuple[Database, str, Path], capsys: pytest.CaptureFixture[str], data: bytes
) -> None:
    run_import(target, "random.csv", data, capsys)


def _template() -> dict[str, bytes]:
    """The parts of a real one-sheet workbook, as openpyxl writes it."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["family_name", "given_name", "delegation"])
    sheet.append(["Baimenov", "Alikhan", "Kazakhstan"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


TEMPLATE = _template()
SHEET = "xl/worksheets/sheet1.xml"
CELL_TYPES = ["s", "n", "b", "e", "str", "inlineStr", "d", "x", ""]


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


@st.composite
def sheet_xml(draw: st.DrawFn) -> bytes:
    """A worksheet whose cells have random references, types and values; or noise."""
    if draw(st.booleans()):
        original = bytearray(TEMPLATE[SHEET])
        for _ in range(draw(st.integers(1, 8))):
            original[draw(st.integers(0, len(original) - 1))] = draw(st.integers(0, 255))
        return bytes(original)
    cells = []
    for _ in range(draw(st.integers(0, 20))):
        column = draw(st.sampled_from(["A", "B", "C", "Z", "AA", "XFD", "", "1A", "a"]))
        row = draw(st.sampled_from(["1", "2", "3", "40", "0", "-1", "", "x"]))
        kind = draw(st.sampled_from(CELL_TYPES))
        value = _xml_text(draw(ANY_TEXT.filter(lambda t: t.isprintable())))
        body = f"<is><t>{value}</t></is>" if kind == "inlineStr" else f"<v>{value}</v>"
        cells.append(f'<c r="{column}{row}" t="{kind}">{body}</c>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
        '"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f'<row r="1">{"".join(cells)}</row></sheetData></worksheet>'
    ).encode()


@FUZZ
@given(xml=sheet_xml())
def test_random_workbook_xml(
    target: tuple[Database, str, Path], capsys: pytest.CaptureFixture[str], xml: bytes
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in TEMPLATE.items():
            archive.writestr(name, xml if name == SHEET else content)
    run_import(target, "random.xlsx", buffer.getvalue(), capsys)
