"""Soft delete hides a record and what only exists through it; restore brings all back."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app.db import Database
from app.model import Delegation, DelegationMember, Person, ProgrammeItem, SpeakingRole
from app.seed.sample import load_sample, sample_uuid
from app.services import records


def test_deleting_a_person_hides_their_roles_and_restore_brings_them_back(db: Database) -> None:
    with db.transaction() as session:
        load_sample(session)
    ma = sample_uuid("ma-jiantang")
    with db.session() as session:
        phrases = records.describe_dependents(session, Person, ma)
    assert "speaks in 1 programme item(s)" in phrases
    assert "heads 1 delegation(s)" in phrases

    with db.transaction() as session:
        receipt = records.delete(session, Person, ma)
    with db.session() as session:
        assert session.scalars(select(Person).where(Person.id == ma)).first() is None
        talks = session.get(ProgrammeItem, sample_uuid("talks"))
        assert talks is not None
        assert talks.speakers == []
        delegation = session.get(Delegation, sample_uuid("academy-delegation"))
        assert delegation is not None
        assert delegation.head_person_id is None
        assert delegation.members == []
        hidden = session.scalars(
            select(Person).where(Person.id == ma).execution_options(include_deleted=True)
        ).one()
        assert hidden.deleted_at is not None

    with db.transaction() as session:
        records.restore(session, receipt)
    with db.session() as session:
        delegation = session.get(Delegation, sample_uuid("academy-delegation"))
        assert delegation is not None
        assert delegation.head_person_id == ma
        assert [m.person_id for m in delegation.members] == [ma]
        roles = session.scalars(select(SpeakingRole).where(SpeakingRole.person_id == ma)).all()
        assert len(roles) == 1


def test_restore_leaves_rows_deleted_earlier_deleted(db: Database) -> None:
    with db.transaction() as session:
        load_sample(session)
    member_id = sample_uuid("hub-head")
    with db.transaction() as session:
        records.update(session, Delegation, sample_uuid("hub-delegation"), head_person_id=None)
        records.delete(session, DelegationMember, member_id)
    with db.transaction() as session:
        receipt = records.delete(session, Delegation, sample_uuid("hub-delegation"))
    with db.transaction() as session:
        records.restore(session, receipt)
    with db.session() as session:
        delegation = session.get(Delegation, sample_uuid("hub-delegation"))
        assert delegation is not None
        assert delegation.members == []


def test_every_update_raises_the_revision(db: Database) -> None:
    with db.transaction() as session:
        person = records.create(session, Person, family_name="Baimenov")
        person_id: uuid.UUID = person.id
    with db.transaction() as session:
        records.update(session, Person, person_id, given_names="Alikhan")
    with db.transaction() as session:
        records.update(session, Person, person_id, alt_spellings=["Baymenov"])
    with db.session() as session:
        stored = session.get(Person, person_id)
        assert stored is not None
        assert stored.revision == 3
        assert stored.updated_at >= stored.created_at
