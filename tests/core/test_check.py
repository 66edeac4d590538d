"""`protocol-desk check`: a sound database passes; each kind of damage is named plainly."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import Connection, select, update

from app.cli.main import main
from app.db import Database
from app.model import Base, Delegation, DelegationMember, Person

person = Base.metadata.tables["person"]
delegation = Base.metadata.tables["delegation"]
member = Base.metadata.tables["delegation_member"]


def _a_member(connection: Connection) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    row = connection.execute(
        select(member.c.id, member.c.person_id, member.c.delegation_id)
        .where(member.c.deleted_at.is_(None))
        .order_by(member.c.id)
    ).first()
    assert row is not None
    return row[0], row[1], row[2]


def _dangling(connection: Connection) -> None:
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    member_id = _a_member(connection)[0]
    connection.execute(
        update(member).where(member.c.id == member_id).values(person_id=uuid.uuid4())
    )


def _deleted_parent(connection: Connection) -> None:
    person_id = _a_member(connection)[1]
    connection.execute(
        update(person).where(person.c.id == person_id).values(deleted_at=person.c.created_at)
    )


def _head_not_member(connection: Connection) -> None:
    _member_id, _person_id, delegation_id = _a_member(connection)
    stranger = connection.execute(
        select(person.c.id).where(~person.c.id.in_(select(member.c.person_id)))
    ).scalar()
    if stranger is None:  # everyone is a member somewhere: add someone who is not
        stranger = uuid.uuid4()
        connection.execute(
            person.insert().values(
                id=stranger, family_name="Stranger", given_names="", search_key="stranger"
            )
        )
    connection.execute(
        update(delegation).where(delegation.c.id == delegation_id).values(head_person_id=stranger)
    )


def _foreign_party(connection: Connection) -> None:
    """A signatory at one agreement's ceremony signing for a party to another agreement."""
    tables = Base.metadata.tables
    agreement_id = connection.execute(select(tables["agreement"].c.id)).scalar()
    event_id = connection.execute(select(tables["event"].c.id)).scalar()
    country_id = connection.execute(select(tables["country"].c.id)).scalar()
    person_id = connection.execute(select(person.c.id)).scalar()
    other, party, ceremony = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    connection.execute(tables["agreement"].insert().values(id=other, title="Other"))
    connection.execute(
        tables["agreement_party"]
        .insert()
        .values(id=party, agreement_id=other, country_id=country_id)
    )
    connection.execute(
        tables["signing_ceremony"]
        .insert()
        .values(id=ceremony, event_id=event_id, agreement_id=agreement_id)
    )
    connection.execute(
        tables["signatory"]
        .insert()
        .values(ceremony_id=ceremony, person_id=person_id, party_id=party)
    )


def _revision(connection: Connection) -> None:
    connection.execute(update(person).values(revision=0))


def _stale_key(connection: Connection) -> None:
    connection.execute(update(person).values(search_key="zzz"))


DAMAGE: dict[str, tuple[Callable[[Connection], None], str]] = {
    "dangling": (_dangling, "delegation member(s) refer through person_id to a person that "),
    "deleted parent": (_deleted_parent, "live delegation member(s) still refer through "),
    "head": (_head_not_member, "delegation(s) have a head who is not one of their members"),
    "party": (_foreign_party, "signatory(ies) sign for a party of another agreement"),
    "revision": (_revision, "person(s) have a revision number below 1"),
    "search key": (_stale_key, "person(s) have a search key out of date"),
}


def test_a_sound_database_passes(sample_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", sample_db.url, "check"]) == 0
    out = capsys.readouterr().out
    assert "No problems found." in out
    assert "every delegation's head is one of its members" in out


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_each_kind_of_damage_is_reported_plainly(
    sample_db: Database, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    with sample_db.engine.connect() as connection:
        DAMAGE[damage][0](connection)
        connection.commit()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
    with sample_db.session() as session:
        names = [p.family_name for p in session.scalars(select(Person)) if p.family_name]
        assert session.scalars(select(Delegation)).first() is not None
        assert session.scalars(select(DelegationMember)).first() is not None
    assert main(["--db", sample_db.url, "check"]) == 1
    out = capsys.readouterr().out
    assert DAMAGE[damage][1] in out
    assert "PROBLEM" in out
    assert "problem(s) found" in out
    for name in names:  # records are named by id, never by personal fields
        assert f" {name}" not in out.replace("Checked", "")


def test_check_refuses_a_database_that_does_not_exist(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = f"{tmp_path}/nowhere.sqlite3"
    assert main(["--db", missing, "check"]) == 1
    assert "database file not found" in capsys.readouterr().err


def test_the_same_checks_run_on_postgresql(db: Database) -> None:
    from app.check import check_database
    from app.seed.sample import load_sample

    with db.transaction() as session:
        load_sample(session)
    report = check_database(db)
    assert report.ok, report.lines()
    assert len(report.passed) == 7
    with db.engine.begin() as connection:
        _revision(connection)
    assert not check_database(db).ok
