"""Imports and edits at the same time: real processes on one SQLite file or PostgreSQL.

The test itself holds the import lock while two CLI imports start, so both are certain
to find it taken (and to say so) before it is released and they race for it.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import threading
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.cli.main import main
from app.db import Database, open_database
from app.db.engine import BUSY_MESSAGE
from app.db.locks import WAITING_MESSAGE, acquire_import_lock
from app.errors import DatabaseBusyError
from app.io.participants import preview_import
from app.io.tabular import read_table
from app.io.tasks import Cancelled
from app.model import Delegation, DelegationMember, Event, Person
from app.services import records

ROWS = 5000
COUNTRIES = ["China", "Kazakhstan", "Brazil", "India", "Russia", "South Africa", "France"]
REPO = Path(__file__).resolve().parents[2]


def write_list(path: Path, rows: int = ROWS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["delegation", "given_name", "family_name", "email"])
        for n in range(rows):
            writer.writerow([COUNTRIES[n % 7], f"Given{n}", f"Family{n}", f"p{n}@example.org"])
    return path


def new_event(db: Database, title: str) -> str:
    with db.transaction() as session:
        start = date(2024, 5, 6)
        event = records.create(session, Event, title=title, kind="forum", start_date=start)
        return str(event.id)


def start_import(url: str, event: str, path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli.main", "--db", url, "import", "participants", event,
         str(path)],
        cwd=REPO,
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def import_twice_at_once(db: Database, events: list[str], path: Path) -> None:
    """Two CLI imports started while the lock is held: both wait, then both succeed."""
    holder = db.session()
    holder.begin()
    assert acquire_import_lock(holder) is False
    processes = [start_import(db.url, event, path) for event in events]
    try:
        for process in processes:
            assert process.stderr is not None
            # Blocks until the import has found the lock taken (or the process ended).
            assert WAITING_MESSAGE in process.stderr.readline()
    finally:
        holder.rollback()
        holder.close()
    for process in processes:
        _out, err = process.communicate()
        assert process.returncode == 0, err
        assert "Traceback" not in err


@pytest.mark.slow
def test_two_imports_of_one_file_into_one_event_equal_one_import(
    db: Database, tmp_path: Path
) -> None:
    event = new_event(db, "Forum")
    path = write_list(tmp_path / "list.csv")
    import_twice_at_once(db, [event, event], path)
    with db.session() as session:
        assert count(session, Person) == ROWS
        assert count(session, Delegation) == 7
        assert count(session, DelegationMember) == ROWS
        again = preview_import(session, uuid.UUID(event), read_table(path))
    assert again.counts() == {"created": 0, "updated": 0, "unchanged": ROWS, "error": 0}


@pytest.mark.slow
def test_two_imports_into_two_events_share_the_people(db: Database, tmp_path: Path) -> None:
    events = [new_event(db, "Forum"), new_event(db, "Summit")]
    import_twice_at_once(db, events, write_list(tmp_path / "list.csv"))
    with db.session() as session:
        assert count(session, Person) == ROWS
        assert count(session, Delegation) == 14
        assert count(session, DelegationMember) == 2 * ROWS


def test_the_lock_is_tried_once_then_waited_for_and_cancel_stops_the_wait(
    db: Database,
) -> None:
    holder = db.session()
    holder.begin()
    acquire_import_lock(holder)
    said: list[str] = []
    with pytest.raises(Cancelled), db.transaction() as session:
        acquire_import_lock(
            session, on_wait=lambda: said.append(WAITING_MESSAGE), cancelled=lambda: bool(said)
        )
    assert said == [WAITING_MESSAGE]
    released = threading.Event()

    def release() -> None:
        released.wait()
        holder.rollback()
        holder.close()

    releaser = threading.Thread(target=release)
    releaser.start()
    with db.transaction() as session:
        waited = acquire_import_lock(session, on_wait=released.set)
        records.create(session, Event, title="After the wait", kind="forum")
    releaser.join()
    assert waited is True
    with db.session() as session:
        assert count(session, Event) == 1


def test_an_edit_that_cannot_get_the_write_lock_is_a_plain_message(
    sqlite_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("app.db.engine.SQLITE_BUSY_TIMEOUT_MS", 100)
    db = open_database(str(sqlite_file))
    with db.transaction() as session:
        person_id = records.create(session, Person, family_name="Baimenov").id
    importer = open_database(str(sqlite_file)).session()
    importer.begin()
    acquire_import_lock(importer)  # an import holding the write lock
    try:
        with pytest.raises(DatabaseBusyError) as raised, db.transaction() as session:
            records.update(session, Person, person_id, email="alikhan@example.kz")
        assert str(raised.value) == BUSY_MESSAGE
        assert main(["--db", str(sqlite_file), "demo"]) == 1
        err = capsys.readouterr().err
        assert err == f"protocol-desk: {BUSY_MESSAGE}\n"
    finally:
        importer.rollback()
        importer.close()
    db.close()


@pytest.mark.slow
def test_an_edit_waits_longer_than_five_seconds_for_an_import(sqlite_file: Path) -> None:
    """The edit that failed once in 9,944 during a long import: now it waits and saves."""
    db = open_database(str(sqlite_file))
    with db.transaction() as session:
        person_id = records.create(session, Person, family_name="Baimenov").id
    importer = db.session()
    importer.begin()
    acquire_import_lock(importer)
    edit_started = threading.Event()
    outcome: list[BaseException | None] = []

    def edit() -> None:
        other = open_database(str(sqlite_file))
        edit_started.set()
        try:
            with other.transaction() as session:
                records.update(session, Person, person_id, email="alikhan@example.kz")
            outcome.append(None)
        except BaseException as error:  # reported below, not swallowed
            outcome.append(error)
        other.close()

    editor = threading.Thread(target=edit)
    editor.start()
    edit_started.wait()
    # Longer than the five seconds after which edits used to give up.
    editor.join(timeout=6)
    importer.rollback()
    importer.close()
    editor.join()
    assert outcome == [None]
    with db.session() as session:
        assert session.get_one(Person, person_id).email == "alikhan@example.kz"
    db.close()


def test_an_edit_blocked_by_another_writer_is_a_plain_message_on_both_backends(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A person held by another workstation's open transaction (a row lock on
    PostgreSQL, the write lock on SQLite): the wait ends in one plain sentence."""
    monkeypatch.setattr("app.db.engine.SQLITE_BUSY_TIMEOUT_MS", 200)
    db, other = open_database(db_url), open_database(db_url)
    with db.transaction() as session:
        person_id = records.create(session, Person, family_name="Baimenov").id
    holding = other.operation("A colleague's edit, not yet committed")
    holder = holding.__enter__()
    records.update(holder.session, Person, person_id, position="Rector")
    try:
        with pytest.raises(DatabaseBusyError) as raised, db.transaction() as session:
            records.update(session, Person, person_id, email="alikhan@example.kz")
        assert str(raised.value) == BUSY_MESSAGE
    finally:
        # Leaving with an error rolls the colleague's transaction back.
        holding.__exit__(RuntimeError, RuntimeError("done"), None)
    db.close()
    other.close()
