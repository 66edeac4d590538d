"""The aide behind each signatory: migration 0004, validation, deletion, the dossier JSON
and the briefing pack's signing ceremony page."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text

from app.db import Database, open_database
from app.db.migrate import upgrade
from app.errors import DomainError
from app.model import Person, Signatory
from app.reports.briefing import BriefingOptions, build_briefing
from app.services import records
from app.services.dossier import event_dossier
from tests.reports.protocol_event import BuiltEvent, build_event, page_texts


@pytest.fixture
def event(sqlite_db: Database) -> BuiltEvent:
    with sqlite_db.transaction() as session:
        return build_event(session)


def _signatory_of(sqlite_db: Database, person_id: uuid.UUID) -> uuid.UUID:
    with sqlite_db.session() as session:
        found = session.scalars(select(Signatory.id).where(Signatory.person_id == person_id))
        return next(iter(found))


def test_an_0003_database_gains_the_column_and_keeps_its_signatories(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine, "0003")
    engine.dispose()
    # Fill it through the current model would need the new column: build the rows at
    # head in another file and copy them over with plain SQL instead.
    source = open_database(str(tmp_path / "source.sqlite3"))
    with source.transaction() as session:
        build_event(session)
    source.close()
    old = sqlite3.connect(path)
    old.execute("ATTACH DATABASE ? AS src", (str(tmp_path / "source.sqlite3"),))
    tables = [
        "country", "organisation", "stored_file", "person", "event", "programme_item",
        "agreement", "agreement_party", "signing_ceremony",
    ]  # fmt: skip
    for table in tables:
        columns = [row[1] for row in old.execute(f"PRAGMA main.table_info({table})")]
        names = ", ".join(columns)
        old.execute(f"INSERT INTO main.{table} ({names}) SELECT {names} FROM src.{table}")
    columns = [row[1] for row in old.execute("PRAGMA main.table_info(signatory)")]
    assert "aide_person_id" not in columns
    names = ", ".join(columns)
    old.execute(f"INSERT INTO main.signatory ({names}) SELECT {names} FROM src.signatory")
    old.commit()
    before = {row[0] for row in old.execute("SELECT id FROM main.signatory")}
    old.close()
    assert len(before) == 5

    database = open_database(str(path))
    try:
        assert database.migrated_from == "0003"
        with database.engine.connect() as connection:
            columns = {c["name"] for c in inspect(connection).get_columns("signatory")}
            assert "aide_person_id" in columns
            rows = connection.execute(text("SELECT id, aide_person_id FROM signatory")).fetchall()
            assert {row[0] for row in rows} == before
            assert all(row[1] is None for row in rows)
            keys = inspect(connection).get_foreign_keys("signatory")
            aide_key = next(k for k in keys if k["constrained_columns"] == ["aide_person_id"])
            assert aide_key["referred_table"] == "person"
            assert aide_key["options"].get("ondelete") == "SET NULL"
    finally:
        database.close()


def test_aide_is_kept_and_cannot_be_the_signatory(event: BuiltEvent, sqlite_db: Database) -> None:
    signatory_id = _signatory_of(sqlite_db, event.people["KAZ"])
    with pytest.raises(DomainError) as raised, sqlite_db.transaction() as session:
        records.update(session, Signatory, signatory_id, aide_person_id=event.people["KAZ"])
    assert raised.value.field == "aide_person_id"
    with pytest.raises(DomainError) as missing, sqlite_db.transaction() as session:
        records.update(session, Signatory, signatory_id, aide_person_id=uuid.uuid4())
    assert missing.value.field == "aide_person_id"
    with sqlite_db.transaction() as session:
        records.update(session, Signatory, signatory_id, aide_person_id=event.people["KAZ-press"])
    with sqlite_db.session() as session:
        signatory = session.get(Signatory, signatory_id)
        assert signatory is not None
        assert signatory.aide is not None
        assert signatory.aide.family_name == "Seitkali"
        assert signatory.person.family_name == "Baimenov"


def test_deleting_the_aide_detaches_them_and_undo_puts_them_back(
    event: BuiltEvent, sqlite_db: Database
) -> None:
    signatory_id = _signatory_of(sqlite_db, event.people["KAZ"])
    aide_id = event.people["KAZ-press"]
    with sqlite_db.transaction() as session:
        records.update(session, Signatory, signatory_id, aide_person_id=aide_id)
        assert "stands behind 1 signatory(ies)" in records.describe_dependents(
            session, Person, aide_id
        )
    with sqlite_db.transaction() as session:
        receipt = records.delete(session, Person, aide_id)
    with sqlite_db.session() as session:
        signatory = session.get(Signatory, signatory_id)
        assert signatory is not None
        assert signatory.deleted_at is None  # the signature stays
        assert signatory.aide_person_id is None
    with sqlite_db.transaction() as session:
        records.restore(session, receipt)
    with sqlite_db.session() as session:
        signatory = session.get(Signatory, signatory_id)
        assert signatory is not None
        assert signatory.aide_person_id == aide_id


def test_dossier_names_the_aide_under_each_signatory(
    event: BuiltEvent, sqlite_db: Database
) -> None:
    signatory_id = _signatory_of(sqlite_db, event.people["KAZ"])
    with sqlite_db.transaction() as session:
        records.update(
            session, Signatory, signatory_id, aide_person_id=event.people["KAZ-interpreter"]
        )
    with sqlite_db.session() as session:
        from app.model import Event

        dossier = event_dossier(session, records.get(session, Event, event.event_id))
    signatories = [s for c in dossier["signing_ceremonies"] for s in c["signatories"]]
    assert len(signatories) == 5
    assert all("aide" in s for s in signatories)
    with_aide = [s for s in signatories if s["aide"] is not None]
    # Baimenov signs both agreements; the aide was named for one of the two signatures.
    assert len(with_aide) == 1
    assert with_aide[0]["aide"]["family_name"] == "Ospanova"
    assert with_aide[0]["person"]["family_name"] == "Baimenov"
    # the existing keys are still there, unchanged
    assert {"person", "party", "order", "seat"} <= set(with_aide[0])


def test_briefing_says_who_stands_behind_and_lists_the_table_checklist(
    event: BuiltEvent, sqlite_db: Database, tmp_path: Path
) -> None:
    signatory_id = _signatory_of(sqlite_db, event.people["CHN"])
    with sqlite_db.transaction() as session:
        records.update(session, Signatory, signatory_id, aide_person_id=event.people["CHN-adviser"])
    pdf = tmp_path / "pack.pdf"
    with sqlite_db.session() as session:
        build_briefing(
            session, event.event_id, pdf, BriefingOptions(), font_cache=tmp_path / "fonts"
        )
    text = " ".join(" ".join(page_texts(pdf)).split())
    assert "Behind each signatory" in text
    assert "Behind H.E. Mr MA Jiantang 马建堂 (China): Mr Adviser1 MEMBERCHN" in text
    assert "Behind H.E. Mr Alikhan BAIMENOV Әлихан Байменов (Kazakhstan): aide to be named" in text
    # the run-sheet puts the aide in place before the signing starts
    assert "Aides take their places behind the signatories: Mr Adviser1 MEMBERCHN behind" in text
    assert "Pens and folders checklist" in text
    # The bilateral memorandum: two originals, two signatories, three languages.
    assert "Signature folders, one per original, each open at the signature page 2" in text
    assert "Pens, one per signatory (black ink), and a spare 3" in text
    for language in ("Kazakh", "Chinese", "English"):
        assert f"Copy of the text in {language} 1" in text
    assert "Table flags, one per party: Kazakhstan; China 2" in text
    assert "Blotters, one per signatory" in text
    assert "Seating cards at the signing table" in text
