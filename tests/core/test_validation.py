"""Every validation rule of the core, on SQLite and PostgreSQL: the use case raises a
DomainError naming the field, and the database is left exactly as it was."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app.db import Database
from app.errors import DomainError
from app.model import (
    Agreement,
    AgreementParty,
    Delegation,
    DelegationMember,
    Event,
    Organisation,
    Person,
    ProgrammeItem,
    Signatory,
    SigningCeremony,
    country_uuid,
)
from app.services import agreements, delegations, records


def count(db: Database, model: type) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def make(db: Database, model: type, **fields: object) -> uuid.UUID:
    with db.transaction() as session:
        record = records.create(session, model, **fields)
        return record.id  # type: ignore[no-any-return]


@pytest.fixture
def event_id(db: Database) -> uuid.UUID:
    return make(
        db,
        Event,
        title="Summit",
        kind="summit",
        start_date=date(2026, 5, 10),
        end_date=date(2026, 5, 11),
        date_precision="day",
    )


def test_event_ending_before_it_starts_is_refused(db: Database) -> None:
    with pytest.raises(DomainError) as caught, db.transaction() as session:
        records.create(
            session, Event, title="X", start_date=date(2026, 5, 2), end_date=date(2026, 5, 1)
        )
    assert caught.value.field == "end_date"
    assert "before it starts" in caught.value.reason
    assert count(db, Event) == 0


def test_programme_item_ending_before_it_starts_is_refused(
    db: Database, event_id: uuid.UUID
) -> None:
    with pytest.raises(DomainError) as caught, db.transaction() as session:
        records.create(
            session,
            ProgrammeItem,
            event_id=event_id,
            title="Plenary",
            kind="plenary",
            starts_at=datetime(2026, 5, 10, 11, 0),
            ends_at=datetime(2026, 5, 10, 10, 0),
        )
    assert caught.value.field == "ends_at"
    assert count(db, ProgrammeItem) == 0


@pytest.mark.parametrize(
    ("model", "fields", "field"),
    [
        (Person, {"family_name": "   ", "given_names": "Ann"}, "family_name"),
        (Event, {"title": ""}, "title"),
        (Organisation, {"name": "\t"}, "name"),
        (Agreement, {"title": " "}, "title"),
    ],
)
def test_empty_names_are_refused(db: Database, model: type, fields: dict, field: str) -> None:
    with pytest.raises(DomainError) as caught, db.transaction() as session:
        records.create(session, model, **fields)
    assert caught.value.field == field
    assert "must not be empty" in caught.value.reason
    assert count(db, model) == 0


def test_person_twice_in_one_delegation_is_refused(db: Database, event_id: uuid.UUID) -> None:
    person = make(db, Person, family_name="Baimenov", given_names="Alikhan")
    with db.transaction() as session:
        delegation = records.create(
            session, Delegation, event_id=event_id, country_id=country_uuid("KAZ")
        )
        delegations.add_member(session, delegation.id, person)
        delegation_id = delegation.id
    with pytest.raises(DomainError) as caught, db.transaction() as session:
        delegations.add_member(session, delegation_id, person, role="adviser")
    assert caught.value.field == "person_id"
    assert "already a member" in caught.value.reason
    assert count(db, DelegationMember) == 1


def test_head_of_delegation_must_be_a_member(db: Database, event_id: uuid.UUID) -> None:
    outsider = make(db, Person, family_name="Ma", given_names="Jiantang", family_name_first=True)
    delegation_id = make(db, Delegation, event_id=event_id, country_id=country_uuid("CHN"))
    with pytest.raises(DomainError) as caught, db.transaction() as session:
        records.update(session, Delegation, delegation_id, head_person_id=outsider)
    assert caught.value.field == "head_person_id"
    assert "Ma Jiantang is not a member" in caught.value.reason
    with db.session() as session:
        assert session.get(Delegation, delegation_id).head_person_id is None  # type: ignore[union-attr]


def test_member_added_as_head_becomes_head(db: Database, event_id: uuid.UUID) -> None:
    person = make(db, Person, family_name="Baimenov")
    delegation_id = make(db, Delegation, event_id=event_id, country_id=country_uuid("KAZ"))
    with db.transaction() as session:
        delegations.add_member(session, delegation_id, person, role="head")
    with db.session() as session:
        assert session.get(Delegation, delegation_id).head_person_id == person  # type: ignore[union-attr]


def test_signatory_must_sign_for_a_party_of_the_agreement(
    db: Database, event_id: uuid.UUID
) -> None:
    hub = make(db, Organisation, name="Regional Hub")
    academy = make(db, Organisation, name="Academy")
    other = make(db, Organisation, name="Unrelated Ministry")
    signer = make(db, Person, family_name="Baimenov")
    with db.transaction() as session:
        memorandum = records.create(session, Agreement, title="Memorandum")
        records.create(session, AgreementParty, agreement_id=memorandum.id, organisation_id=hub)
        records.create(session, AgreementParty, agreement_id=memorandum.id, organisation_id=academy)
        unrelated = records.create(session, Agreement, title="Another agreement")
        foreign_party = records.create(
            session, AgreementParty, agreement_id=unrelated.id, organisation_id=other
        )
        ceremony = records.create(
            session, SigningCeremony, event_id=event_id, agreement_id=memorandum.id
        )
        ceremony_id, foreign_party_id = ceremony.id, foreign_party.id
    with pytest.raises(DomainError) as caught, db.transaction() as session:
        records.create(
            session, Signatory, ceremony_id=ceremony_id, person_id=signer, party_id=foreign_party_id
        )
    assert caught.value.field == "party_id"
    assert count(db, Signatory) == 0


def test_programme_item_outside_event_dates_is_refused(db: Database, event_id: uuid.UUID) -> None:
    with pytest.raises(DomainError) as caught, db.transaction() as session:
        records.create(
            session,
            ProgrammeItem,
            event_id=event_id,
            title="Reception",
            kind="reception",
            starts_at=datetime(2026, 5, 12, 19, 0),
        )
    assert caught.value.field == "starts_at"
    assert "outside the event's dates" in caught.value.reason
    assert count(db, ProgrammeItem) == 0


def test_programme_item_within_event_dates_is_accepted(db: Database, event_id: uuid.UUID) -> None:
    make(
        db,
        ProgrammeItem,
        event_id=event_id,
        title="Reception",
        kind="reception",
        starts_at=datetime(2026, 5, 11, 19, 0),
    )
    assert count(db, ProgrammeItem) == 1


def test_day_number_beyond_a_two_day_event_is_refused(db: Database) -> None:
    seminar = make(db, Event, title="Seminar", duration_days=2)
    with pytest.raises(DomainError) as caught, db.transaction() as session:
        records.create(
            session, ProgrammeItem, event_id=seminar, title="X", kind="panel", day_number=3
        )
    assert caught.value.field == "day_number"


def test_status_may_not_skip_the_lifecycle(db: Database) -> None:
    agreement_id = make(db, Agreement, title="Memorandum", status="negotiating")
    with pytest.raises(DomainError) as caught, db.transaction() as session:
        agreements.change_agreement_status(session, agreement_id, "signed")
    assert caught.value.field == "status"
    assert "cannot go from negotiating to signed" in caught.value.reason
    with db.session() as session:
        assert session.get(Agreement, agreement_id).status == "negotiating"  # type: ignore[union-attr]


def test_forced_status_change_needs_a_reason_and_keeps_it(db: Database) -> None:
    agreement_id = make(db, Agreement, title="Memorandum", status="negotiating")
    with pytest.raises(DomainError) as caught, db.transaction() as session:
        agreements.change_agreement_status(session, agreement_id, "signed", force=True)
    assert caught.value.field == "reason"
    with db.transaction() as session:
        agreements.change_agreement_status(
            session, agreement_id, "signed", force=True, reason="signed ad referendum"
        )
    with db.session() as session:
        agreement = session.get(Agreement, agreement_id)
        assert agreement is not None
        assert agreement.status == "signed"
        (change,) = agreement.status_changes
        assert change.forced
        assert change.reason == "signed ad referendum"


def test_ordinary_lifecycle_steps_are_accepted(db: Database) -> None:
    agreement_id = make(db, Agreement, title="Memorandum")
    for status in ("negotiating", "agreed", "signed", "in force", "expired"):
        with db.transaction() as session:
            agreements.change_agreement_status(session, agreement_id, status)
    with db.session() as session:
        agreement = session.get(Agreement, agreement_id)
        assert agreement is not None
        assert [c.to_status for c in agreement.status_changes] == [
            "negotiating",
            "agreed",
            "signed",
            "in force",
            "expired",
        ]
        assert not any(c.forced for c in agreement.status_changes)


def test_status_is_not_editable_as_a_plain_field(db: Database) -> None:
    agreement_id = make(db, Agreement, title="Memorandum")
    with pytest.raises(DomainError) as caught, db.transaction() as session:
        records.update(session, Agreement, agreement_id, status="in force")
    assert caught.value.field == "status"


def test_unknown_choice_and_unknown_field_name_the_field(db: Database) -> None:
    with pytest.raises(DomainError) as caught, db.transaction() as session:
        records.create(session, Event, title="X", kind="party")
    assert caught.value.field == "kind"
    with pytest.raises(DomainError) as caught, db.transaction() as session:
        records.create(session, Event, title="X", colour="red")
    assert caught.value.field == "colour"
    assert count(db, Event) == 0


def test_failed_use_case_rolls_back_earlier_writes_in_it(db: Database) -> None:
    with pytest.raises(DomainError), db.transaction() as session:  # noqa: PT012 - the point
        records.create(session, Person, family_name="Written first")
        records.create(session, Person, family_name="")
    assert count(db, Person) == 0


def test_feature_rules_apply_even_when_the_feature_was_never_imported() -> None:
    import subprocess
    import sys

    script = (
        "import tempfile, os\n"
        "from app.db import open_database\n"
        "from app.errors import DomainError\n"
        "from app.model import Event\n"
        "from app.model.protocol import PrecedenceSetting\n"
        "from app.services import records\n"
        "db = open_database(os.path.join(tempfile.mkdtemp(), 'x.sqlite3'))\n"
        "with db.transaction() as s:\n"
        "    event = records.create(s, Event, title='Summit')\n"
        "try:\n"
        "    with db.transaction() as s:\n"
        "        records.create(s, PrecedenceSetting, event_id=event.id, alphabet='klingon')\n"
        "except DomainError as error:\n"
        "    print(error.field)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "alphabet"


def test_undoing_a_status_change_restores_the_status_and_drops_the_history(
    db: Database,
) -> None:
    agreement_id = make(db, Agreement, title="Memorandum")
    with db.transaction() as session:
        change = agreements.change_agreement_status(session, agreement_id, "negotiating")
        change_id = change.id
    with db.transaction() as session:
        agreements.undo_status_change(session, change_id)
    with db.session() as session:
        agreement = session.get(Agreement, agreement_id)
        assert agreement is not None
        assert agreement.status == "draft"
        assert agreement.status_changes == []
