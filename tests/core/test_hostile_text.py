"""Control characters and bidi overrides: stripped where text enters, never printed raw."""

from __future__ import annotations

import csv
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli.main import main
from app.db import Database
from app.io.participants import apply_import
from app.io.tabular import read_table
from app.model import Event, Person
from app.services import records
from app.textnorm import normalise_text, safe_for_terminal, strip_controls

ESC_RED = "\x1b[31m"
RESET = "\x1b[0m"
TITLE = "\x1b]0;pwned\x07"
RLO = "\u202e"
HOSTILE = [ESC_RED, RESET, TITLE, "\x07", RLO, "\u2066", "\u2069", "\x9b2J", "\x00", "\x7f"]


def _assert_clean(text: str) -> None:
    assert all(ord(c) >= 0x20 or c in "\t\n" for c in text), repr(text)
    assert not any(0x7F <= ord(c) <= 0x9F for c in text), repr(text)
    assert not any(c in text for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@pytest.mark.parametrize("hostile", HOSTILE)
def test_single_line_text_loses_every_control_and_bidi_override(hostile: str) -> None:
    cleaned = normalise_text(f"Ivan{hostile} Petrov")
    _assert_clean(cleaned)
    assert cleaned.startswith("Ivan")
    assert cleaned.endswith("Petrov")


def test_escape_sequences_go_whole_and_line_breaks_follow_the_field() -> None:
    assert strip_controls(f"{ESC_RED}Ma{RESET} Jiantang{TITLE}") == "Ma Jiantang"
    assert normalise_text("Ivan\nPetrov\r\nThe\tThird") == "Ivan Petrov The Third"
    assert normalise_text("line one\r\nline\ttwo\x07", multiline=True) == "line one\nline\ttwo"


def test_joiners_that_names_need_are_kept() -> None:
    # ZWNJ in Persian, ZWJ in Malayalam/Devanagari conjuncts, RLM beside Arabic digits.
    for name in ("می\u200cخواهم", "ക്\u200dക", "क्\u200dष", "محمد\u200f 2"):
        assert normalise_text(name) == name


def test_safe_for_terminal_shows_what_would_drive_the_terminal() -> None:
    shown = safe_for_terminal(f"{ESC_RED}txt{RLO}exe.doc\x07\r\nnext\tline")
    assert shown == "[U+001B][31mtxt[U+202E]exe.doc[U+0007][U+000D]\nnext\tline"
    assert safe_for_terminal("马建堂 Ерлан") == "马建堂 Ерлан"


def test_editors_store_no_control_characters(sqlite_db: Database) -> None:
    """records.create/update are what every editor of the app calls."""
    with sqlite_db.transaction() as session:
        person = records.create(
            session,
            Person,
            given_names=f"Ivan{ESC_RED}",
            family_name=f"{RLO}Petrov\x07",
            notes=f"first line\nsecond{TITLE} line",
        )
        person_id = person.id
    with sqlite_db.transaction() as session:
        records.update(session, Person, person_id, position=f"Adviser{RLO}rotinoM\x1b[2J")
    with sqlite_db.session() as session:
        stored = session.get_one(Person, person_id)
        assert (stored.given_names, stored.family_name) == ("Ivan", "Petrov")
        assert stored.notes == "first line\nsecond line"
        assert stored.position == "AdviserrotinoM"


def _event(db: Database, title: str = "Forum") -> uuid.UUID:
    with db.transaction() as session:
        return records.create(
            session, Event, title=title, kind="forum", start_date=date(2024, 5, 6)
        ).id


def test_import_stores_no_control_characters(sqlite_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["given_name", "family_name", "email", "notes", "position"])
        writer.writerow(
            [f"Ivan{ESC_RED}", f"Pet{RLO}rov", "ivan@example.org", "a\nb\x07", f"X{TITLE}"]
        )
        # Plain rows around it: a file that is mostly control bytes is refused as binary.
        writer.writerows([["Anna", f"Smith{n}", f"a{n}@example.org", "", ""] for n in range(40)])
    event_id = _event(sqlite_db)
    with sqlite_db.transaction() as session:
        apply_import(session, event_id, read_table(path))
    with sqlite_db.session() as session:
        person = session.scalars(select(Person).where(Person.given_names == "Ivan")).one()
        for value in (person.given_names, person.family_name, person.notes, person.position):
            _assert_clean(value or "")
        assert (person.given_names, person.family_name, person.notes, person.position) == (
            "Ivan",
            "Petrov",
            "a\nb",
            "X",
        )


def _plant_hostile_title(db: Database) -> uuid.UUID:
    """A title that reached the database before this hygiene (an older version, SQL)."""
    event_id = _event(db, "Placeholder")
    with db.transaction() as session:
        session.get_one(Event, event_id).title = f"Forum{ESC_RED}{RLO}{TITLE}\x07"
    return event_id


def test_show_and_events_print_no_raw_controls(
    sqlite_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    event_id = _plant_hostile_title(sqlite_db)
    for command in (["show", str(event_id)], ["events"], ["show", str(event_id), "--json"]):
        assert main(["--db", sqlite_db.url, *command]) == 0
        out = capsys.readouterr().out
        _assert_clean(out)
        assert "Forum" in out


def test_import_report_and_errors_print_no_raw_controls(
    sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "list.csv"
    plain = "".join(f"Smith{n},member,fine\n" for n in range(40))
    path.write_text(
        f"family_name,role,notes{ESC_RED}\nPetrov,chief{RLO}{TITLE}\x07,x\n{plain}",
        encoding="utf-8",
    )
    event_id = _event(sqlite_db)
    for command in (["--dry-run"], []):
        status = main(
            ["--db", sqlite_db.url, "import", "participants", str(event_id), str(path), *command]
        )
        assert status == 1
        captured = capsys.readouterr()
        _assert_clean(captured.out)
        _assert_clean(captured.err)
        assert "unknown role" in captured.out + captured.err
    assert main(["--db", sqlite_db.url, "show", f"no such {RLO}event\x1b[2J"]) == 1
    err = capsys.readouterr().err
    _assert_clean(err)
    assert "[U+202E]" in err
