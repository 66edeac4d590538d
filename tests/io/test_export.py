"""Exports: participant list round-trips, formula guard, iCalendar parses back, vCard escaping."""

from __future__ import annotations

import csv
import uuid
from datetime import datetime
from pathlib import Path

import icalendar
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.cli.main import main
from app.db import Database
from app.io.participants import apply_import
from app.io.participants_export import export_participants
from app.io.tabular import read_table
from app.io.vcard import fold_line, person_vcard
from app.model import Person, ProgrammeItem, SpeakingRole
from app.services import records

ROWS = [
    [
        "delegation",
        "role",
        "given_name",
        "family_name",
        "family_name_first",
        "native_name",
        "alt_spellings",
        "email",
        "phone",
        "languages",
        "notes",
    ],
    [
        "Kazakhstan",
        "member",
        "Ерлан",
        "Байменов",
        "no",
        "",
        "Erlan Baimenov",
        "eb@example.kz",
        "+7 7172 11",
        "kk; ru",
        "=1+1 should stay text",
    ],
    ["China", "head", "Jiantang", "MA", "yes", "马建堂", "", "ma@example.cn", "", "zh", ""],
    ["China", "member", "Wei", "LI", "yes", "李伟", "", "li@example.cn", "", "", ""],
    ["Brazil", "head", "Ana", "Souza", "no", "", "", "as@example.br", "", "pt", ""],
]


@pytest.fixture
def imported(tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID) -> Database:
    rows = [[*row[:10], ""] for row in ROWS]  # the import refuses the formula-like note
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with sqlite_db.transaction() as session:
        apply_import(session, event_id, read_table(path))
        person = session.scalars(select(Person).where(Person.family_name == "Байменов")).one()
        person.notes = "=1+1 should stay text"
    return sqlite_db


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_reimports_to_the_same_data(
    imported: Database, event_id: uuid.UUID, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"out{suffix}"
    with imported.session() as session:
        assert export_participants(session, event_id, out) == 4
    table = read_table(out)
    assert table.headers == [
        "delegation",
        "role",
        "honorific",
        "given_name",
        "family_name",
        "family_name_first",
        "native_name",
        "alt_spellings",
        "position",
        "organisation",
        "country",
        "email",
        "phone",
        "languages",
        "dietary",
        "arrival",
        "departure",
        "notes",
    ]
    families = [row.cells[4] for row in table.rows]
    # Members head first, then in notified order within each delegation.
    assert families.index("MA") + 1 == families.index("LI")
    with imported.transaction() as session:
        preview = apply_import(session, event_id, table)
    assert preview.counts() == {"created": 0, "updated": 0, "unchanged": 4, "error": 0}


def test_csv_neutralises_formulas_and_xlsx_keeps_them_text(
    imported: Database, event_id: uuid.UUID, tmp_path: Path
) -> None:
    with imported.session() as session:
        export_participants(session, event_id, tmp_path / "o.csv")
        export_participants(session, event_id, tmp_path / "o.xlsx")
    text = (tmp_path / "o.csv").read_text("utf-8-sig")
    assert "'=1+1 should stay text" in text
    assert "'+7 7172 11" in text
    workbook = load_workbook(tmp_path / "o.xlsx")
    sheet = workbook.active
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= len("Kazakhstan")
    notes = [c for c in sheet["R"] if c.value and str(c.value).startswith("=")]
    assert [c.data_type for c in notes] == ["s"]
    workbook.close()


def test_unknown_export_suffix_is_a_user_error(
    imported: Database, event_id: uuid.UUID, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "--db",
            imported.url,
            "export",
            "participants",
            str(event_id),
            "-o",
            str(tmp_path / "x.pdf"),
        ]
    )
    assert code == 1
    assert ".xlsx or .csv" in capsys.readouterr().err


def test_ical_programme_parses_back_with_time_zone_and_stable_uids(
    imported: Database, event_id: uuid.UUID, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with imported.transaction() as session:
        speaker = session.scalars(select(Person).where(Person.family_name == "MA")).one()
        opening = records.create(
            session,
            ProgrammeItem,
            event_id=event_id,
            title="Opening; plenary",
            kind="opening ceremony",
            starts_at=datetime(2024, 5, 6, 9, 0),
            ends_at=datetime(2024, 5, 6, 10, 30),
            place="Hall A",
        )
        records.create(
            session,
            SpeakingRole,
            programme_item_id=opening.id,
            person_id=speaker.id,
            role="keynote",
            topic="Governance",
        )
        records.create(
            session,
            ProgrammeItem,
            event_id=event_id,
            title="Site visit",
            kind="visit",
            day_number=2,
            sort_order=1,
        )
        records.create(
            session,
            ProgrammeItem,
            event_id=event_id,
            title="Gala dinner",
            kind="meal",
            sort_order=2,
        )
    path = tmp_path / "p.ics"
    assert main(["--db", imported.url, "export", "ical", str(event_id), "-o", str(path)]) == 0
    assert "'Gala dinner' has no date or time" in capsys.readouterr().err
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Opening; plenary", "Site visit"}
    start = events["Opening; plenary"].decoded("dtstart")
    assert start.isoformat() == "2024-05-06T09:00:00+08:00"
    assert str(events["Opening; plenary"]["uid"]) == f"{opening.id}@protocol-desk"
    assert "Keynote: Jiantang MA" in str(events["Opening; plenary"]["description"]) or (
        "Keynote: MA Jiantang" in str(events["Opening; plenary"]["description"])
    )
    assert str(events["Site visit"].decoded("dtstart")) == "2024-05-07"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    again = tmp_path / "again.ics"
    main(["--db", imported.url, "export", "ical", str(event_id), "-o", str(again)])
    assert again.read_bytes() == path.read_bytes()
    mine = tmp_path / "mine.ics"
    capsys.readouterr()
    # An empty VCALENDAR is not valid RFC 5545 and imports as nothing: refused, unwritten.
    code = main(
        [
            "--db",
            imported.url,
            "export",
            "ical",
            str(event_id),
            "-o",
            str(mine),
            "--person",
            "Ерлан Байменов",
        ]
    )
    assert code == 1
    assert "no programme item for Ерлан Байменов with a day or time" in capsys.readouterr().err
    assert not mine.exists()
    main(
        [
            "--db",
            imported.url,
            "export",
            "ical",
            str(event_id),
            "-o",
            str(mine),
            "--person",
            "马建堂",
        ]
    )
    summaries = [
        str(e["summary"]) for e in icalendar.Calendar.from_ical(mine.read_bytes()).walk("VEVENT")
    ]
    assert summaries == ["Opening; plenary"]


def test_vcard_escapes_and_folds_without_splitting_characters(
    imported: Database, event_id: uuid.UUID, tmp_path: Path
) -> None:
    with imported.session() as session:
        person = session.scalars(select(Person).where(Person.family_name == "MA")).one()
        person.position = "Vice-Minister; Development Research Center, State Council\nBeijing"
        card = person_vcard(person, role="Head of delegation, China")
    assert "TITLE:Vice-Minister\\; Development Research Center\\, State Council\\nBeijing" in (
        card.replace("\r\n ", "")
    )
    for line in card.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    long = fold_line("NOTE:" + "名" * 60)
    assert all(len(part.encode()) <= 75 for part in long.split("\r\n"))
    assert long.replace("\r\n ", "") == "NOTE:" + "名" * 60
    out = tmp_path / "china.vcf"
    assert (
        main(
            [
                "--db",
                imported.url,
                "export",
                "vcard",
                str(event_id),
                "--delegation",
                "CHN",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    text = out.read_text("utf-8")
    assert text.count("BEGIN:VCARD") == 2
    assert text.index("马建堂") < text.index("李伟")  # head first
