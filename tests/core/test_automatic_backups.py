"""Automatic backups: before a migration, a forced restore and an import, once a day;
rotated; private; and each one restores."""

from __future__ import annotations

import csv
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from app.backups import (
    KEEP_LAST,
    automatic_backup,
    backups_folder,
    daily_backup_if_due,
    database_key,
    list_backups,
    rotate,
)
from app.cli.main import main
from app.db import Database, open_database
from app.db.location import sqlite_url
from app.io.backup import restore_backup, verify_backup
from app.model import Person


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def people(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Person)) or 0)


def test_before_a_migration_an_archive_of_the_old_schema_is_kept(sqlite_file: Path) -> None:
    from tests.core.test_migrations import _insert_rows_at_first_revision

    _insert_rows_at_first_revision(sqlite_file)
    open_database(str(sqlite_file)).close()
    [backup] = list_backups(sqlite_url(sqlite_file))
    assert backup.reason == "before-migration"
    assert verify_backup(backup.path)["schema_revision"] == "0001"
    assert verify_backup(backup.path)["tables"]["person"]["rows"] == 3
    assert mode(backup.path) == 0o600
    assert mode(backup.path.parent) == 0o700
    assert mode(backup.path.parent.parent) == 0o700


def test_forced_restore_keeps_what_it_replaces(sample_db: Database, tmp_path: Path) -> None:
    archive = tmp_path / "empty.zip"
    empty = open_database(str(tmp_path / "empty.sqlite3"))
    assert main(["--db", empty.url, "backup", "-o", str(archive)]) == 0
    empty.close()
    before = people(sample_db)
    assert before > 0
    sample_db.close()
    target = str(sample_db.url)
    assert main(["restore", str(archive), "--db", target, "--force"]) == 0
    replaced = open_database(target)
    assert people(replaced) == 0
    replaced.close()
    [kept] = [b for b in list_backups(target) if b.reason == "before-restore"]
    back = tmp_path / "back.sqlite3"
    restore_backup(kept.path, str(back))
    again = open_database(str(back))
    try:
        assert people(again) == before
    finally:
        again.close()


def test_a_forced_restore_over_a_file_that_is_no_database_keeps_its_bytes(
    sample_db: Database, tmp_path: Path
) -> None:
    archive = tmp_path / "b.zip"
    assert main(["--db", sample_db.url, "backup", "-o", str(archive)]) == 0
    target = tmp_path / "precious.sqlite3"
    target.write_bytes(b"precious")
    assert main(["restore", str(archive), "--db", str(target), "--force"]) == 0
    [kept] = list_backups(sqlite_url(target))
    assert kept.path.read_bytes() == b"precious"
    assert not kept.restorable
    assert mode(kept.path) == 0o600


def test_an_import_takes_a_backup_first(sample_db: Database, tmp_path: Path) -> None:
    listing = tmp_path / "list.csv"
    with listing.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [["delegation", "family_name", "given_name"], ["Kazakhstan", "Sarsenova", "Aigerim"]]
        )
    with sample_db.session() as session:
        from app.model import Event

        event = str(session.scalars(select(Event.id)).first())
    main(["--db", sample_db.url, "import", "participants", event, str(listing)])
    reasons = [b.reason for b in list_backups(sample_db.url)]
    assert "before-import" in reasons


def test_the_daily_backup_is_taken_once_a_day(sample_db: Database) -> None:
    assert main(["--db", sample_db.url, "events"]) == 0
    assert main(["--db", sample_db.url, "events"]) == 0
    [daily] = list_backups(sample_db.url)
    assert daily.reason == "daily"
    assert daily_backup_if_due(sample_db) is None
    # A day later (its file renamed to yesterday's time), the next open takes another.
    yesterday = datetime.now(UTC) - timedelta(days=1, minutes=1)
    daily.path.rename(daily.path.with_name(f"{yesterday:%Y%m%dT%H%M%S%f}Z-daily.zip"))
    assert daily_backup_if_due(sample_db) is not None
    assert len(list_backups(sample_db.url)) == 2


def test_an_empty_database_needs_no_daily_backup(sqlite_db: Database) -> None:
    assert daily_backup_if_due(sqlite_db) is None
    assert list_backups(sqlite_db.url) == []


def test_rotation_keeps_the_last_ten_and_the_newest_of_each_month(sample_db: Database) -> None:
    first = automatic_backup(sample_db, "daily")
    folder = first.parent
    # Three files a month from January to June: 18 archives (copies of a real one).
    for month in range(1, 7):
        for day in (3, 13, 23):
            name = f"2026{month:02d}{day:02d}T120000000000Z-daily.zip"
            (folder / name).write_bytes(first.read_bytes())
    first.unlink()
    rotate(sample_db.url)
    kept = sorted(b.path.name[:8] for b in list_backups(sample_db.url))
    last_ten = sorted(f"2026{m:02d}{d:02d}" for m in range(1, 7) for d in (3, 13, 23))[-KEEP_LAST:]
    newest_of_month = [f"2026{m:02d}23" for m in range(1, 7)]
    assert kept == sorted(set(last_ten) | set(newest_of_month))
    assert len(kept) == KEEP_LAST + 2  # and January's and February's newest


def test_each_database_has_its_own_series_whatever_its_password() -> None:
    with_password = "postgresql://office:secret@db.example.org/protocol"
    assert database_key(with_password) == database_key(
        "postgresql+psycopg://office@db.example.org/protocol"
    )
    assert database_key(with_password) != database_key("postgresql://office@db.example.org/other")
    assert "secret" not in str(backups_folder(with_password))


def test_both_backends_are_backed_up_the_same_way(db: Database) -> None:
    from app.seed.sample import load_sample

    with db.transaction() as session:
        load_sample(session)
    path = automatic_backup(db, "before-merge")
    assert verify_backup(path)["source_backend"] == db.engine.dialect.name
    assert [b.reason for b in list_backups(db.url)] == ["before-merge"]


def test_forced_restore_on_either_backend_keeps_what_it_replaces(
    db: Database, tmp_path: Path
) -> None:
    from app.seed.sample import load_sample

    with db.transaction() as session:
        load_sample(session)
    before = people(db)
    empty = open_database(str(tmp_path / "empty.sqlite3"))
    archive = tmp_path / "empty.zip"
    from app.io.backup import create_backup

    create_backup(empty, archive)
    empty.close()
    db.engine.dispose()  # the restore replaces the tables under any open connection
    restore_backup(archive, db.url, force=True)
    assert people(db) == 0
    [kept] = [b for b in list_backups(db.url) if b.reason == "before-restore"]
    assert verify_backup(kept.path)["tables"]["person"]["rows"] == before
