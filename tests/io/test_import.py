"""Participant import from real CSV files (each encoding) and XLSX files written by openpyxl."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.cli.main import main
from app.db import Database
from app.io.participants import ImportRefusedError, apply_import, preview_import
from app.io.tabular import UnreadableFileError, parse_delimiter, read_table
from app.io.tasks import Cancelled, TaskState
from app.model import Delegation, DelegationMember, Organisation, Person
from app.model.reference import country_uuid
from app.seed.sample import sample_uuid
from app.services import records

HEADERS = ["Delegation", "Role", "Prénom", "NOM", "Native name", "E-mail", "Position"]
PEOPLE = {
    # encoding -> rows that the encoding can hold
    "utf-8": [
        ["China", "head", "Jiantang", "MA", "马建堂", "ma@example.cn", "Vice-Minister"],
        ["KAZ", "member", "Ерлан", "Байменов", "", "erlan@example.kz", "Adviser"],
        ["France", "adviser", "Hélène", "Lefèvre", "", "hl@example.fr", "Chargée de mission"],
    ],
    "cp1251": [
        ["KAZ", "head", "Ерлан", "Байменов", "", "erlan@example.kz", "Советник"],
        ["Russia", "member", "Анна", "Иванова", "", "anna@example.ru", "Эксперт"],
    ],
    "gb18030": [
        ["China", "head", "Jiantang", "MA", "马建堂", "ma@example.cn", "副部长"],
        ["CHN", "member", "Li", "WEI", "李伟", "li@example.cn", "处长"],
    ],
    "latin-1": [
        ["France", "head", "Hélène", "Lefèvre", "", "hl@example.fr", "Chargée de mission"],
        ["Germany", "member", "Jürgen", "Müller", "", "jm@example.de", "Referent"],
    ],
}
FILE_KINDS = [
    # (file encoding, delimiter, rows key, accepted guesses)
    ("utf-8", ",", "utf-8", {"utf-8"}),
    ("utf-8-sig", ";", "utf-8", {"utf-8-sig"}),
    ("utf-16", "\t", "utf-8", {"utf-16"}),
    ("cp1251", ";", "cp1251", {"cp1251"}),
    ("gb18030", ",", "gb18030", {"gb18030"}),
    ("latin-1", ",", "latin-1", {"cp1252", "latin-1"}),
]


def write_csv(
    path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]], sheet: str = "Participants") -> Path:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    workbook.save(path)
    return path


def count(db: Database, model: type) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def do_import(db: Database, event_id: uuid.UUID, path: Path, **kwargs: object):
    table = read_table(path, **kwargs)  # type: ignore[arg-type]
    with db.transaction() as session:
        return apply_import(session, event_id, table)


def do_preview(db: Database, event_id: uuid.UUID, path: Path, **kwargs: object):
    table = read_table(path, **kwargs)  # type: ignore[arg-type]
    with db.session() as session:
        return preview_import(session, event_id, table)


@pytest.mark.parametrize(("encoding", "delimiter", "key", "guesses"), FILE_KINDS)
def test_each_encoding_is_detected_and_imported_as_written(
    tmp_path: Path,
    sqlite_db: Database,
    event_id: uuid.UUID,
    encoding: str,
    delimiter: str,
    key: str,
    guesses: set[str],
) -> None:
    headers = HEADERS if encoding != "cp1251" else [h.replace("é", "e") for h in HEADERS]
    path = write_csv(tmp_path / "list.csv", [headers, *PEOPLE[key]], encoding, delimiter)
    table = read_table(path)
    assert table.guess.encoding in guesses
    assert table.guess.delimiter == delimiter
    assert table.rows[0].cells == PEOPLE[key][0]
    preview = do_preview(sqlite_db, event_id, path)
    assert [o.status for o in preview.outcomes] == ["created"] * len(PEOPLE[key])
    assert preview.outcomes[0].values["family_name"] == PEOPLE[key][0][3]
    do_import(sqlite_db, event_id, path)
    with sqlite_db.session() as session:
        names = {
            (p.given_names, p.family_name, p.position) for p in session.scalars(select(Person))
        }
    assert {(r[2], r[3], r[6]) for r in PEOPLE[key]} <= names


def test_encoding_override_reads_what_the_user_says(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "l.csv", [HEADERS, *PEOPLE["latin-1"]], "latin-1")
    table = read_table(path, encoding="cp1251")
    assert not table.guess.encoding_guessed
    assert table.rows[0].cells[2] != "Hélène"  # the mojibake is visible in the preview
    with pytest.raises(UnreadableFileError, match="unknown encoding"):
        read_table(path, encoding="klingon")


def test_delimiter_override_reads_what_the_user_says(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "l.csv", [HEADERS, *PEOPLE["utf-8"]], delimiter=";")
    sniffed = read_table(path)
    assert (sniffed.guess.delimiter, sniffed.guess.delimiter_guessed) == (";", True)
    assert len(sniffed.headers) == len(HEADERS)
    forced = read_table(path, delimiter=",")
    assert (forced.guess.delimiter, forced.guess.delimiter_guessed) == (",", False)
    assert forced.headers == [";".join(HEADERS)]  # one column: the user sees the split is wrong
    assert "comma-separated (as given)" in forced.guess.describe()
    assert read_table(path, delimiter=";").headers == HEADERS
    with pytest.raises(UnreadableFileError, match="unknown delimiter '\\|'"):
        read_table(path, delimiter="|")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [(",", ","), (";", ";"), ("tab", "\t"), ("TAB", "\t"), ("\\t", "\t"), ("\t", "\t")],
)
def test_delimiter_spellings(typed: str, meant: str) -> None:
    assert parse_delimiter(typed) == meant


def test_cli_delimiter_option(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "l.csv", [HEADERS, *PEOPLE["utf-8"]], delimiter=";")
    base = ["--db", sqlite_db.url, "import", "participants", str(event_id), str(path)]
    assert main([*base, "--dry-run", "--delimiter", ";"]) == 0
    out = capsys.readouterr().out
    assert "semicolon-separated (as given)" in out
    assert out.count(": created") == len(PEOPLE["utf-8"])
    # Forced to commas the file is one column without a family name: every row is refused.
    assert main([*base, "--dry-run", "--delimiter", ","]) == 1
    out = capsys.readouterr().out
    assert "comma-separated (as given)" in out
    assert "missing family name" in out
    assert count(sqlite_db, Person) == 0
    tabbed = write_csv(tmp_path / "t.csv", [HEADERS, *PEOPLE["utf-8"]], delimiter="\t")
    assert main([*base[:-1], str(tabbed), "--delimiter", "tab"]) == 0
    assert "tab-separated (as given)" in capsys.readouterr().out
    assert count(sqlite_db, Person) == len(PEOPLE["utf-8"])


@pytest.mark.parametrize("bad", ["|", "pipe", ""])
def test_cli_bad_delimiter_is_a_usage_error(
    tmp_path: Path, sqlite_db: Database, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    path = write_csv(tmp_path / "l.csv", [HEADERS, *PEOPLE["utf-8"]])
    with pytest.raises(SystemExit) as exit_:
        main(["--db", sqlite_db.url, "import", "participants", "x", str(path), "--delimiter", bad])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "argument --delimiter" in err
    assert "use ',', ';' or 'tab'" in err


def test_xlsx_import_then_reimport_changes_nothing(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID
) -> None:
    path = write_xlsx(tmp_path / "list.xlsx", [HEADERS, *PEOPLE["utf-8"]])
    first = do_import(sqlite_db, event_id, path)
    assert first.counts()["created"] == 3
    assert sorted(first.new_delegations) == ["China", "France", "KAZ"]
    before = {m: count(sqlite_db, m) for m in (Person, Delegation, DelegationMember)}
    again = do_import(sqlite_db, event_id, path)
    assert again.counts() == {"created": 0, "updated": 0, "unchanged": 3, "error": 0}
    assert {m: count(sqlite_db, m) for m in before} == before
    with sqlite_db.session() as session:
        china = session.scalars(
            select(Delegation).where(Delegation.country.has(alpha3="CHN"))
        ).one()
        assert china.head is not None
        assert china.head.family_name == "MA"
        assert china.head.native_name == "马建堂"


def test_xlsx_sheet_choice_and_unknown_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "list.xlsx", [HEADERS, *PEOPLE["utf-8"]], sheet="Guests")
    assert read_table(path, sheet="Guests").guess.sheet == "Guests"
    with pytest.raises(UnreadableFileError, match="no sheet 'Other'; its sheets: Guests"):
        read_table(path, sheet="Other")


def test_known_person_is_updated_by_alternative_spelling_and_email(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID
) -> None:
    from app.services import records

    with sqlite_db.transaction() as session:
        records.create(
            session,
            Person,
            given_names="Alikhan",
            family_name="Baimenov",
            alt_spellings=["Alikhan Baymenov"],
            email="ab@example.kz",
        )
    path = write_csv(
        tmp_path / "l.csv",
        [
            ["Given name", "Surname", "Email", "Phone", "Country"],
            ["Alikhan", "Baymenov", "AB@example.kz", "+7 7172 000", "KZ"],
        ],
    )
    preview = do_import(sqlite_db, event_id, path)
    assert preview.outcomes[0].status == "updated"
    assert set(preview.outcomes[0].changes) == {"phone", "country"}
    assert count(sqlite_db, Person) == 1
    with sqlite_db.session() as session:
        person = session.scalars(select(Person)).one()
        assert person.phone == "+7 7172 000"
        assert person.country is not None
        assert person.country.alpha3 == "KAZ"
        assert person.family_name == "Baimenov"


def test_dry_run_writes_nothing_and_explains_every_row(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        HEADERS,
        PEOPLE["utf-8"][0],
        ["Atlantis", "", "A", "B", "", "", ""],
        ["China", "", "Only", "", "", "", ""],
        ["China", "boss", "X", "Y", "", "", ""],
        PEOPLE["utf-8"][0],
    ]
    path = write_csv(tmp_path / "l.csv", rows)
    code = main(
        ["--db", sqlite_db.url, "import", "participants", str(event_id), str(path), "--dry-run"]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert "encoding utf-8 (guessed), comma-separated" in out
    assert "row 2: created" in out
    assert "row 3: error" in out
    assert "unknown delegation 'Atlantis'" in out
    assert "row 4: error" in out
    assert "missing family name" in out
    assert "row 5: error" in out
    assert "unknown role 'boss'" in out
    assert "row 6: error" in out
    assert "duplicate row: the same person as row 2" in out
    assert count(sqlite_db, Person) == 0


def test_one_bad_row_means_nothing_is_imported(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID
) -> None:
    rows = [
        ["Delegation", "First name", "Last name", "Arrival"],
        ["China", "Li", "Wei", "2024-05-06 10:00"],
        ["China", "Wang", "Fang", "tomorrow"],
    ]
    path = write_csv(tmp_path / "l.csv", rows)
    with pytest.raises(ImportRefusedError, match="bad date 'tomorrow'"):
        do_import(sqlite_db, event_id, path)
    assert count(sqlite_db, Person) == count(sqlite_db, Delegation) == 0


def test_heads_arrival_and_second_head(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID
) -> None:
    rows = [
        ["delegation", "role", "given_name", "family_name", "arrival", "departure"],
        ["IND", "member", "Asha", "Rao", "06/05/2024 09:00", ""],
        ["IND", "head", "Ravi", "Kumar", "2024-05-05 18:30", "2024-05-08"],
        ["IND", "head", "Meera", "Das", "", ""],
    ]
    preview = do_import(sqlite_db, event_id, write_csv(tmp_path / "l.csv", rows))
    assert "imported as member" in preview.outcomes[2].notes[0]
    with sqlite_db.session() as session:
        india = session.scalars(select(Delegation)).one()
        assert india.head is not None
        assert india.head.family_name == "Kumar"
        assert [(m.person.family_name, m.role) for m in india.members] == [
            ("Rao", "member"),
            ("Kumar", "head"),
            ("Das", "member"),
        ]
        assert str(india.arrival_at) == "2024-05-05 18:30:00"
        assert str(india.departure_at) == "2024-05-08 00:00:00"


def test_full_name_is_split_and_flagged(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID
) -> None:
    rows = [
        ["Full Name", "Organisation"],
        ["MA Jiantang", "CAG"],
        ["Jean DUPONT", "ENA"],
        ["Dupont, Marie", "ENA"],
        ["Hélène Lefèvre", "ENA"],
        ["李伟", "CAG"],
    ]
    preview = do_import(sqlite_db, event_id, write_csv(tmp_path / "l.csv", rows))
    assert all("name split" in o.notes[0] for o in preview.outcomes)
    with sqlite_db.session() as session:
        people = {
            (p.given_names, p.family_name, p.family_name_first)
            for p in session.scalars(select(Person))
        }
        assert count(sqlite_db, Organisation) == 2
    assert people == {
        ("Jiantang", "MA", True),
        ("Jean", "DUPONT", False),
        ("Marie", "Dupont", False),
        ("Hélène", "Lefèvre", False),
        ("伟", "李", True),
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"  \r\n", "is empty"),
        (b"given_name,family_name\r\n", "header row but no participants"),
        (b"\x00\x01\x02\x03binary\xff\xfe\x00junk" * 50, "binary"),
        (b"%PDF-1.7 not a list", "a PDF document"),
        (b"\xd0\xcf\x11\xe0old excel", "save it as .xlsx or CSV"),
        (b"PK\x03\x04broken zip", "cannot be read as an Excel workbook"),
        (b'family_name,notes\r\nSmith,"unclosed\r\nJones,x\r\n', "unbalanced quote"),
        (b"family_name\r\n" + b"x" * 200_000 + b"\r\n", "extremely long cell"),
    ],
)
def test_broken_files_give_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError, match=message):
        read_table(path)


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://evil.example","click")',
        '=WEBSERVICE("http://x")',
        "=cmd|' /C calc'!A0",
        "-cmd|' /C calc'!A0",
        "+SUM(1,2)",
        "@SUM(A1)",
    ],
)
def test_formula_cells_are_refused(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID, cell: str
) -> None:
    path = write_csv(tmp_path / "l.csv", [["family_name", "notes"], ["Smith", cell]])
    preview = do_preview(sqlite_db, event_id, path)
    assert preview.outcomes[0].status == "error"
    assert "holds a formula" in preview.outcomes[0].errors[0]


def test_formula_cell_in_xlsx_is_refused_not_evaluated(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID
) -> None:
    path = write_xlsx(tmp_path / "l.xlsx", [["family_name", "email"], ["Smith", '=A2&"@x.org"']])
    with pytest.raises(ImportRefusedError, match="holds a formula"):
        do_import(sqlite_db, event_id, path)


def test_phone_numbers_with_plus_are_not_formulas(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID
) -> None:
    path = write_csv(
        tmp_path / "l.csv", [["family_name", "phone"], ["Smith", "+86 (10) 6512 3456"]]
    )
    assert do_preview(sqlite_db, event_id, path).outcomes[0].status == "created"


def test_long_cell_and_long_name_are_row_errors(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID
) -> None:
    rows = [["family_name", "notes"], ["Smith", "n" * 20_000], ["W" * 300, "ok"]]
    preview = do_preview(sqlite_db, event_id, write_csv(tmp_path / "l.csv", rows))
    assert "20,000 characters long" in preview.outcomes[0].errors[0]
    assert "longer than 200 characters" in preview.outcomes[1].errors[0]


def test_progress_and_cancel(tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID) -> None:
    rows = [["family_name", "given_name", "email"]]
    rows += [[f"Name{i}", "A", f"p{i}@example.org"] for i in range(1200)]
    table = read_table(write_csv(tmp_path / "l.csv", rows))
    seen: list[tuple[int, int]] = []
    task = TaskState(lambda done, total: seen.append((done, total)))
    with sqlite_db.session() as session:
        preview_import(session, event_id, table, task=task)
    assert seen[-1][0] == seen[-1][1]
    assert (500, 1200) in seen
    task = TaskState()
    task.cancel()
    with pytest.raises(Cancelled), sqlite_db.transaction() as session:
        apply_import(session, event_id, table, task=task)
    assert count(sqlite_db, Person) == 0


SEMINAR = sample_uuid("seminar")
ACADEMY_DELEGATION = sample_uuid("academy-delegation")
HUB_DELEGATION = sample_uuid("hub-delegation")
SEMINAR_HEADERS = ["Delegation", "Role", "Given name", "Family name", "E-mail"]


def delegation_members(db: Database) -> dict[str, list[str]]:
    with db.session() as session:
        delegations = session.scalars(select(Delegation).where(Delegation.event_id == SEMINAR))
        return {
            d.display_name: sorted(m.person.family_name for m in d.members) for d in delegations
        }


@pytest.mark.parametrize("written", ["China", "CN", "CHN", "china "])
def test_a_country_joins_the_events_only_delegation_of_that_country(
    tmp_path: Path, sample_db: Database, written: str
) -> None:
    rows = [
        SEMINAR_HEADERS,
        [written, "adviser", "Li", "WANG", "wang.li@example.cn"],
        ["Astana Hub", "member", "Aigerim", "Nurlanova", "an@example.kz"],
        ["KAZ", "member", "Daniyar", "Sadykov", "ds@example.kz"],
    ]
    path = write_csv(tmp_path / "l.csv", rows)
    before = delegation_members(sample_db)
    preview = do_preview(sample_db, SEMINAR, path)
    assert preview.new_delegations == []
    assert [o.status for o in preview.outcomes] == ["created"] * 3
    first = do_import(sample_db, SEMINAR, path)
    assert first.new_delegations == []
    after = delegation_members(sample_db)
    assert set(after) == set(before)  # no second China or Kazakhstan delegation
    assert after["China — Chinese Academy of Governance"] == ["Ma", "WANG"]
    assert after["Kazakhstan — Regional Hub of Civil Service in Astana"] == [
        "Baimenov",
        "Nurlanova",
        "Sadykov",
    ]
    with sample_db.session() as session:
        academy = session.get_one(Delegation, ACADEMY_DELEGATION)
        assert academy.head is not None
        assert academy.head.family_name == "Ma"
    counts = {m: count(sample_db, m) for m in (Person, Delegation, DelegationMember)}
    again = do_import(sample_db, SEMINAR, path)
    assert [o.status for o in again.outcomes] == ["unchanged"] * 3
    assert {m: count(sample_db, m) for m in (Person, Delegation, DelegationMember)} == counts
    assert delegation_members(sample_db) == after


def test_a_country_with_several_delegations_must_be_named_in_full(
    tmp_path: Path, sample_db: Database
) -> None:
    with sample_db.transaction() as session:
        ministry = records.create(
            session,
            Organisation,
            name="Ministry of Foreign Affairs of China",
            country_id=country_uuid("CHN"),
        )
        records.create(
            session,
            Delegation,
            event_id=SEMINAR,
            country_id=country_uuid("CHN"),
            organisation_id=ministry.id,
        )
    rows = [
        SEMINAR_HEADERS,
        ["CHN", "adviser", "Li", "WANG", "wang.li@example.cn"],
        ["China — Chinese Academy of Governance", "member", "Wei", "ZHAO", "zw@example.cn"],
    ]
    path = write_csv(tmp_path / "l.csv", rows)
    counts = {m: count(sample_db, m) for m in (Person, Delegation, DelegationMember)}
    preview = do_preview(sample_db, SEMINAR, path)
    ambiguous, named = preview.outcomes
    assert ambiguous.status == "error"
    assert ambiguous.errors == [
        "'CHN' matches 2 delegations of this event: China — Chinese Academy of Governance; "
        "China — Ministry of Foreign Affairs of China; write the delegation's full name"
    ]
    assert named.status == "created"
    with pytest.raises(ImportRefusedError, match="matches 2 delegations"):
        do_import(sample_db, SEMINAR, path)
    assert {m: count(sample_db, m) for m in (Person, Delegation, DelegationMember)} == counts

    # A delegation of the country alone is what the bare country means.
    with sample_db.transaction() as session:
        plain = records.create(
            session, Delegation, event_id=SEMINAR, country_id=country_uuid("CHN")
        )
        plain_id = plain.id
    do_import(sample_db, SEMINAR, path)
    with sample_db.session() as session:
        joined = session.scalars(
            select(DelegationMember).join(Person).where(Person.family_name == "WANG")
        ).one()
        assert joined.delegation_id == plain_id
