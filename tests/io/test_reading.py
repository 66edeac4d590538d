"""Reading participant lists safely: encodings stored right or asked, hostile files refused.

The hostile files are built here by hand (a workbook is a zip of XML parts). Reads that
a regression could turn into a hang or a memory blow-up run in a child process held
by resource limits (address space, CPU seconds), so they fail instead of eating the
machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli.main import main
from app.db import Database
from app.io.encodings import detect
from app.io.tabular import EncodingUncertainError, UnreadableFileError, read_table
from app.io.workbook import MAX_CELL_TAGS, MAX_CELLS, MAX_COLUMNS, MAX_ROWS
from app.model import Person

ROOT = Path(__file__).resolve().parents[2]
HEADER = b"Delegation,Role,given_name,family_name\r\n"
MEMORY_LIMIT = 1024 * 1024 * 1024
CPU_SECONDS = 30
IMPORT = ("import", "participants", "any event")


def people(db: Database) -> set[tuple[str | None, str]]:
    with db.session() as session:
        return {(p.given_names, p.family_name) for p in session.scalars(select(Person))}


def person_count(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Person)) or 0)


def cli(db: Database, event_id: uuid.UUID, path: Path, *extra: str) -> int:
    return main(["--db", db.url, "import", "participants", str(event_id), str(path), *extra])


# --- encodings ----------------------------------------------------------------------

UTF8_WITH_CP1251 = (
    HEADER
    + "France,head,Hélène,Lefèvre\r\n".encode()
    + "KAZ,member,Алихан,Байменов\r\n".encode("cp1251")
)
UTF8_WITH_LATIN1 = (
    HEADER
    + "France,head,Hélène,Lefèvre\r\n".encode()
    + "Spain,member,José,Müller\r\n".encode("latin-1")
)
ONE_ROW_GB18030 = HEADER + "China,head,建堂,马\r\n".encode("gb18030")


@pytest.mark.parametrize(
    ("data", "reading", "sample"),
    [
        (UTF8_WITH_CP1251, "utf-8+cp1251", "Алихан · Байменов"),
        (UTF8_WITH_LATIN1, "utf-8+cp1252", "José · Müller"),
    ],
)
def test_a_file_mixing_encodings_is_refused_with_the_rows_and_readings(
    tmp_path: Path,
    sqlite_db: Database,
    event_id: uuid.UUID,
    capsys: pytest.CaptureFixture[str],
    data: bytes,
    reading: str,
    sample: str,
) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(data)
    assert cli(sqlite_db, event_id, path) == 1
    err = capsys.readouterr().err
    assert "cannot tell the encoding for certain" in err
    assert "line 2 is UTF-8 but line 3 is not" in err
    assert f"{reading} — line 3: {sample}" in err
    assert "--encoding" in err
    assert person_count(sqlite_db) == 0
    # The reading offered imports both rows as written.
    assert cli(sqlite_db, event_id, path, "--encoding", reading) == 0
    given, family = sample.split(" · ")
    assert {("Hélène", "Lefèvre"), (given, family)} <= people(sqlite_db)


def test_a_short_gb18030_file_is_asked_not_read_as_cyrillic(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "china.csv"
    path.write_bytes(ONE_ROW_GB18030)
    with pytest.raises(EncodingUncertainError) as refused:
        read_table(path)
    readings = {c.encoding: c.samples[0][1] for c in refused.value.guess.candidates}
    assert readings["gb18030"] == "建堂 · 马"
    assert readings["cp1251"] == "ЅЁМГ · Вн"
    assert cli(sqlite_db, event_id, path) == 1
    assert "ЅЁМГ" in capsys.readouterr().err
    assert person_count(sqlite_db) == 0
    assert cli(sqlite_db, event_id, path, "--encoding", "gb18030") == 0
    assert ("建堂", "马") in people(sqlite_db)


@pytest.mark.parametrize(
    ("data", "encoding", "certain"),
    [
        ("Пётр,Иванов\r\n".encode("utf-8-sig"), "utf-8-sig", True),
        ("Пётр,Иванов\r\n".encode("utf-16"), "utf-16", True),
        ("Пётр,Иванов\r\n".encode(), "utf-8", True),
        ("Пётр,Иванов\r\nАнна,Смирнова\r\n".encode("cp1251"), "cp1251", False),
        ("马建堂,李伟\r\n".encode("gb18030"), "gb18030", False),
        ("Hélène,McDonald\r\nJürgen,Müller\r\n".encode("cp1252"), "cp1252", False),
    ],
)
def test_the_certainty_rule(data: bytes, encoding: str, certain: bool) -> None:
    guess = detect(data)
    assert (guess.encoding, guess.certain) == (encoding, certain)


def test_a_name_that_only_reads_as_a_script_mixture_is_flagged_not_stored(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID, capsys: pytest.CaptureFixture[str]
) -> None:
    # Valid UTF-8, so certain; but the name was garbled before it reached us.
    path = tmp_path / "list.csv"
    path.write_bytes(HEADER + "Spain,head,Jos茅,Garcia\r\nSpain,member,Ana,Ruiz\r\n".encode())
    table = read_table(path)
    assert "'Jos茅' mixes CJK and Latin letters" in table.rows[0].problem
    assert table.rows[1].problem == ""
    assert cli(sqlite_db, event_id, path, "--dry-run") == 1
    assert "row 2: error" in capsys.readouterr().out
    assert cli(sqlite_db, event_id, path) == 1
    assert person_count(sqlite_db) == 0


def test_a_wrong_encoding_given_by_the_user_is_flagged_row_by_row(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(HEADER + "Germany,head,Jürgen,Müller\r\n".encode("latin-1"))
    table = read_table(path, encoding="cp1251")
    assert "'Jьrgen' mixes Cyrillic and Latin letters" in table.rows[0].problem


# --- a workbook under a CSV name and the reverse ---------------------------------------


def test_a_workbook_named_csv_and_a_csv_named_xlsx_are_read_by_content(tmp_path: Path) -> None:
    workbook = tmp_path / "list.csv"
    make_xlsx(workbook, rows_xml(["family_name", "given_name"], ["Smith", "Ann"]))
    table = read_table(workbook)
    assert table.guess.kind == "xlsx"
    assert table.rows[0].cells == ["Smith", "Ann"]
    text = tmp_path / "list.xlsx"
    text.write_bytes(b"family_name,given_name\r\nSmith,Ann\r\n")
    table = read_table(text)
    assert table.guess.kind == "csv"
    assert table.rows[0].cells == ["Smith", "Ann"]


# --- hostile workbooks ------------------------------------------------------------------

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
    'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships"><sheets><sheet name="Participants" sheetId="1" '
    'r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def column_name(number: int) -> str:
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


def rows_xml(*rows: list[str], start: int = 1) -> str:
    out = []
    for number, row in enumerate(rows, start=start):
        cells = "".join(
            f'<c r="{column_name(i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
            for i, v in enumerate(row, start=1)
        )
        out.append(f'<row r="{number}">{cells}</row>')
    return "".join(out)


def make_xlsx(
    path: Path,
    sheet_data: str,
    dimension: str = "A1:B2",
    prologue: str = "",
    part: str = "worksheets/sheet1.xml",
) -> Path:
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prologue}<worksheet xmlns="http://schemas.'
        f'openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/>'
        f"<sheetData>{sheet_data}</sheetData></worksheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr(
            "xl/_rels/workbook.xml.rels", WORKBOOK_RELS.replace("worksheets/sheet1.xml", part)
        )
        archive.writestr(f"xl/{part}", sheet)
    return path


CHILD = """
import json, resource, sys
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
resource.setrlimit(resource.RLIMIT_CPU, (int(sys.argv[3]), int(sys.argv[3])))
from app.io.tabular import UnreadableFileError, read_table
try:
    table = read_table(sys.argv[1])
    result = {"rows": len(table.rows), "width": max(len(r.cells) for r in table.rows)}
except UnreadableFileError as error:
    result = {"error": str(error)}
result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps(result))
"""


def read_in_child(path: Path) -> dict[str, object]:
    """read_table in a child held to 1 GB of address space and 30 CPU seconds."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(MEMORY_LIMIT), str(CPU_SECONDS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=10 * CPU_SECONDS,  # a guard against a hang only; CPU time is the limit
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_a_workbook_whose_dimension_tag_lies_is_read_by_what_it_holds(tmp_path: Path) -> None:
    rows = [["family_name", "given_name"]] + [[f"Name{i}", "Ann"] for i in range(6000)]
    path = make_xlsx(tmp_path / "lying.xlsx", rows_xml(*rows), dimension="A1:XFD1048576")
    assert path.stat().st_size < 100_000
    result = read_in_child(path)
    assert result["rows"] == 6000
    assert result["width"] == 2


@pytest.mark.parametrize(
    ("far_cell", "message"),
    [
        ('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', "down to row 1,048,576"),
        (
            f'<row r="3"><c r="{column_name(MAX_COLUMNS + 1)}3"><v>1</v></c></row>',
            f"up to column {MAX_COLUMNS + 1}",
        ),
    ],
)
def test_a_workbook_with_cells_past_the_caps_is_refused(
    tmp_path: Path, far_cell: str, message: str
) -> None:
    data = rows_xml(["family_name"], ["Smith"]) + far_cell
    path = make_xlsx(tmp_path / "far.xlsx", data, dimension="A1:XFD1048576")
    result = read_in_child(path)
    error = str(result.get("error"))
    assert message in error
    assert f"{MAX_ROWS:,} rows" in error or f"{MAX_COLUMNS} columns" in error


@pytest.mark.parametrize(
    ("prologue", "cell", "message"),
    [
        ("", "Smith&bogus;", "not well-formed XML (undefined entity"),
        (
            '<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>',
            "&b;",
            "document type declaration",
        ),
    ],
)
def test_entities_in_a_workbook_are_a_plain_refusal_not_a_crash(
    tmp_path: Path, sqlite_db: Database, prologue: str, cell: str, message: str
) -> None:
    path = make_xlsx(tmp_path / "entity.xlsx", rows_xml(["family_name"], [cell]), prologue=prologue)
    # In a child: on Python 3.12.1 the old path died with a segmentation fault at exit.
    done = subprocess.run(
        [sys.executable, "-m", "app.cli.main", "--db", sqlite_db.url, *IMPORT, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1


def test_a_sheet_stored_under_an_odd_name_is_checked_all_the_same(
    tmp_path: Path, sqlite_db: Database
) -> None:
    # The relationships may point a sheet at any name; the check goes by content.
    data = rows_xml(["family_name"], ["Smith&bogus;"])
    path = make_xlsx(tmp_path / "odd.xlsx", data, part="sheet.dat")
    done = subprocess.run(
        [sys.executable, "-m", "app.cli.main", "--db", sqlite_db.url, *IMPORT, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "xl/sheet.dat is not well-formed XML (undefined entity" in done.stderr


def test_masses_of_empty_cells_in_one_row_are_refused_before_openpyxl_builds_them(
    tmp_path: Path,
) -> None:
    empty = "<c/>" * (MAX_CELL_TAGS + 1)
    data = rows_xml(["family_name"], ["Smith"]) + f'<row r="3">{empty}</row>'
    path = make_xlsx(tmp_path / "wide.xlsx", data)
    assert path.stat().st_size < 50_000
    result = read_in_child(path)
    assert f"holds more than {MAX_CELL_TAGS:,} cells" in str(result["error"])


def test_a_workbook_with_more_cells_than_the_cap_is_refused_quickly(tmp_path: Path) -> None:
    # A highly compressible sheet: a few hundred KB that would take openpyxl a minute.
    row = "<row>" + '<c t="inlineStr"><is><t>Ann</t></is></c>' * 10 + "</row>"
    path = make_xlsx(tmp_path / "many.xlsx", row * (MAX_CELLS // 10 + 1))
    assert path.stat().st_size < 1_000_000
    result = read_in_child(path)
    error = str(result["error"])
    assert f"{MAX_CELLS:,} cells" in error
    assert "save a longer list as CSV" in error


def test_a_long_text_cell_is_read_whole(tmp_path: Path) -> None:
    notes = "word " * 40_000  # 200 KB with no tag in it: spans several scan chunks
    path = make_xlsx(tmp_path / "long.xlsx", rows_xml(["family_name", "notes"], ["Smith", notes]))
    assert read_table(path).rows[0].cells == ["Smith", notes]


# --- not a regular file -------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "list.csv"
    os.mkfifo(fifo)
    # In a child, with a guard: the old code waited for a writer for ever.
    result = read_in_child(fifo)
    assert "is a named pipe (FIFO); choose a saved .csv or .xlsx file" in str(result["error"])


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused() -> None:
    result = read_in_child(Path("/dev/zero"))
    assert "/dev/zero is a device; choose a saved .csv or .xlsx file" in str(result["error"])


def test_a_file_over_the_size_limit_is_refused_with_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "huge.csv"
    with big.open("wb") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: no disk used
    with pytest.raises(UnreadableFileError, match="larger than 64 MB"):
        read_table(big)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="is a directory"):
        read_table(tmp_path)
