"""Backup and restore: every record kind, multi-script names, photos, soft-deleted rows."""

from __future__ import annotations

import hashlib
import json
import uuid
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.cli.main import main
from app.db import Database, open_database
from app.io.backup import BackupError, create_backup, restore_backup, table_rows
from app.model import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    AgreementStatusChange,
    Base,
    Delegation,
    DelegationMember,
    Event,
    EventOrganiser,
    Organisation,
    Person,
    Signatory,
    SigningCeremony,
    StoredFile,
    Witness,
)
from app.seed.sample import load_sample
from app.services import records

PHOTO = bytes(range(256)) * 40 + "照片".encode()
CORE_TABLES = [
    m.__tablename__
    for m in (
        Agreement,
        AgreementDocument,
        AgreementStatusChange,
        Delegation,
        DelegationMember,
        Event,
        EventOrganiser,
        Organisation,
        Person,
        Signatory,
        StoredFile,
        Witness,
    )
]


def fill(db: Database) -> None:
    with db.transaction() as session:
        load_sample(session)
        photo = records.create(
            session,
            StoredFile,
            filename="портрет.jpg",
            media_type="image/jpeg",
            size=len(PHOTO),
            sha256=hashlib.sha256(PHOTO).hexdigest(),
            content=PHOTO,
        )
        people = [
            records.create(
                session,
                Person,
                given_names=g,
                family_name=f,
                native_name=n,
                alt_spellings=alts,
                photo_id=photo.id,
                languages=["ar", "hi"],
            )
            for g, f, n, alts in [
                ("Amal", "Haddad", "أمل حداد", ["Amal Hadad"]),
                ("Priya", "Sharma", "प्रिया शर्मा", []),
                ("Айгерим", "Сәрсенова", "Айгерім Сәрсенова", ["Aigerim Sarsenova"]),
            ]
        ]
        event = session.scalars(select(Event).order_by(Event.title)).first()
        assert event is not None
        organisation = session.scalars(select(Organisation)).first()
        assert organisation is not None
        records.create(session, EventOrganiser, event_id=event.id, organisation_id=organisation.id)
        agreement = session.scalars(select(Agreement)).one()
        records.create(
            session, AgreementDocument, agreement_id=agreement.id, file_id=photo.id, language="zh"
        )
        records.create(
            session,
            AgreementStatusChange,
            agreement_id=agreement.id,
            from_status="draft",
            to_status="agreed",
            changed_at=datetime(2017, 9, 1, 8, 0, tzinfo=UTC),
            reason="signed off",
        )
        ceremony = session.scalars(select(SigningCeremony)).one()
        party = session.scalars(select(AgreementParty)).first()
        assert party is not None
        records.create(
            session, Signatory, ceremony_id=ceremony.id, person_id=people[0].id, party_id=party.id
        )
        records.create(session, Witness, ceremony_id=ceremony.id, person_id=people[1].id)
        delegation = session.scalars(select(Delegation)).first()
        assert delegation is not None
        records.create(
            session,
            DelegationMember,
            delegation_id=delegation.id,
            person_id=people[2].id,
            role="press",
            sort_order=9,
        )
        records.delete(session, Person, people[2].id)  # soft delete, cascades to membership


def dump(db: Database) -> dict[str, list[dict[str, Any]]]:
    snapshot: dict[str, list[dict[str, Any]]] = {}
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            snapshot[table.name] = list(table_rows(connection, table))
        files = Base.metadata.tables["stored_file"]
        snapshot["file contents"] = [
            {"id": str(i), "sha": hashlib.sha256(c).hexdigest()}
            for i, c in connection.execute(select(files.c.id, files.c.content).order_by(files.c.id))
        ]
    return snapshot


@pytest.fixture
def filled(db: Database) -> Database:
    fill(db)
    return db


def test_backup_restores_every_row_and_file_unchanged(filled: Database, tmp_path: Path) -> None:
    archive = tmp_path / "office.pdbackup"
    manifest = create_backup(filled, archive)
    original = dump(filled)
    for name in CORE_TABLES:
        assert original[name], f"the fixture should fill {name}"
    assert manifest["tables"]["person"]["deleted_rows"] == 1
    assert manifest["tables"]["delegation_member"]["deleted_rows"] == 1
    restored_path = tmp_path / "restored.sqlite3"
    restore_backup(archive, str(restored_path))
    restored = open_database(str(restored_path))
    try:
        assert dump(restored) == original
        with restored.session() as session:
            names = {p.native_name for p in session.scalars(select(Person))}
            assert {"أمل حداد", "प्रिया शर्मा"} <= names
            assert "Айгерім Сәрсенова" not in names  # still soft-deleted
            photo = session.scalars(select(StoredFile)).one()
            assert photo.content == PHOTO
            assert photo.filename == "портрет.jpg"
    finally:
        restored.close()


def test_restore_refuses_existing_database_unless_forced(
    sample_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "b.zip"
    assert main(["--db", sample_db.url, "backup", "-o", str(archive)]) == 0
    target = tmp_path / "t.sqlite3"
    target.write_bytes(b"precious")
    assert main(["restore", str(archive), "--db", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert target.read_bytes() == b"precious"
    assert main(["restore", str(archive), "--db", str(target), "--force"]) == 0
    reopened = open_database(str(target))
    try:
        assert dump(reopened) == dump(sample_db)
    finally:
        reopened.close()


def _rewrite(archive: Path, target: Path, change: dict[str, bytes]) -> None:
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(target, "w") as copy:
        for item in source.infolist():
            copy.writestr(item.filename, change.get(item.filename, source.read(item.filename)))


@pytest.mark.parametrize("damage", ["truncated", "checksum", "newer schema", "not a backup"])
def test_damaged_archive_fails_clearly_and_leaves_nothing(
    sample_db: Database, tmp_path: Path, damage: str
) -> None:
    good = tmp_path / "good.zip"
    create_backup(sample_db, good)
    bad = tmp_path / "bad.zip"
    if damage == "truncated":
        data = good.read_bytes()
        bad.write_bytes(data[: len(data) // 2])
        message = "damaged or incomplete"
    elif damage == "checksum":
        with zipfile.ZipFile(good) as z:
            lines = z.read("tables/person.jsonl").replace(b"Ma", b"Mo", 1)
        _rewrite(good, bad, {"tables/person.jsonl": lines})
        message = "does not match its checksum"
    elif damage == "newer schema":
        with zipfile.ZipFile(good) as z:
            manifest = json.loads(z.read("manifest.json"))
        manifest["schema_revision"] = "9999"
        _rewrite(good, bad, {"manifest.json": json.dumps(manifest).encode()})
        message = "newer than this app knows"
    else:
        bad.write_bytes(b"PK\x05\x06" + b"\x00" * 18)
        message = "not a Protocol Desk backup"
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(BackupError, match=message):
        restore_backup(bad, str(out / "new.sqlite3"))
    assert list(out.iterdir()) == []


def test_backup_is_a_point_in_time_copy_of_a_live_sqlite_file(
    sample_db: Database, tmp_path: Path
) -> None:
    archive = tmp_path / "b.zip"
    manifest = create_backup(sample_db, archive)
    with sample_db.transaction() as session:
        records.create(session, Person, family_name="Later", given_names=str(uuid.uuid4()))
    with zipfile.ZipFile(archive) as z:
        assert b"Later" not in z.read("tables/person.jsonl")
        assert json.loads(z.read("manifest.json"))["tables"] == manifest["tables"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".pd-part")]


def test_rows_written_during_a_backup_stay_out_of_it(filled: Database, tmp_path: Path) -> None:
    """One snapshot for every table, with no copy of the database: a person and a
    delegation member committed between two tables' reads are in neither."""
    from app.io.tasks import TaskState

    written: list[uuid.UUID] = []

    def write_meanwhile(done: int, _total: int) -> None:
        if done == 2 and not written:
            with filled.transaction() as session:
                written.append(
                    records.create(session, Person, family_name="Meanwhile", given_names="A").id
                )

    before = dump(filled)
    manifest = create_backup(filled, tmp_path / "b.zip", TaskState(write_meanwhile))
    assert written, "the write should have happened while the backup ran"
    assert manifest["tables"]["person"]["rows"] == len(before["person"])
    with zipfile.ZipFile(tmp_path / "b.zip") as z:
        assert b"Meanwhile" not in z.read("tables/person.jsonl")
