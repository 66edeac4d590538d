"""Possible duplicates and merging, on a real SQLite file."""

from __future__ import annotations

import random
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import DomainError, NotFoundError
from app.model import (
    Agreement,
    AgreementParty,
    Delegation,
    DelegationMember,
    Gift,
    Person,
    ProgrammeItem,
    Signatory,
    SigningCeremony,
    SpeakingRole,
    Witness,
)
from app.protocol.duplicates import (
    NameRecord,
    duplicates_of,
    find_duplicates,
    merge_people,
    possible_duplicates,
    readings_of,
    skeleton,
    undo_merge,
)
from app.services import records
from app.services.delegations import add_member
from tests.protocol.conftest import add_state, make_event, make_person


def test_readings_and_skeletons() -> None:
    assert readings_of(["Alikhan Baimenov", "Алихан Байменов", "马建堂", None, ""]) == (
        "alikhan baimenov",
        "majiantang",
        "ma jiantang",
    )
    assert skeleton("baimenov") == skeleton("baymenov") == "bmnv"


def test_spellings_scripts_and_order_are_flagged(sqlite_db: Database) -> None:
    with sqlite_db.transaction() as tx:
        latin = make_person(tx, "Baimenov", "Alikhan")
        other_spelling = make_person(tx, "Baymenov", "Alikhan")
        cyrillic = make_person(tx, "Байменов", "Алихан")
        make_person(tx, "Baimenov", "Serik")  # a relative, not the same man
        ma = make_person(tx, "Ma", "Jiantang", family_name_first=True)
        ma_reversed = make_person(tx, "Jiantang", "Ma")  # entered in the wrong fields
        ma_native = make_person(tx, "马", "建堂", family_name_first=True)
        native_only = make_person(tx, "Ma", "J.", native_name="马建堂")
        make_person(tx, "Smith", "John")
    with sqlite_db.transaction() as tx:
        pairs = {frozenset((d.first_id, d.second_id)) for d in possible_duplicates(tx)}
    expected = {
        frozenset((latin.id, other_spelling.id)),
        frozenset((latin.id, cyrillic.id)),
        frozenset((other_spelling.id, cyrillic.id)),
    }
    same_ma = [ma.id, ma_reversed.id, ma_native.id, native_only.id]
    expected |= {frozenset((a, b)) for a in same_ma for b in same_ma if a != b}
    assert pairs == expected
    with sqlite_db.transaction() as tx:
        found = {d.second_id for d in duplicates_of(tx, ma.id)}
    assert found == {ma_reversed.id, ma_native.id, native_only.id}


def test_planted_duplicate_is_found_among_fifty_thousand_people() -> None:
    # How long this takes is measured by benchmarks/text_and_names_benchmark.py.
    rng = random.Random(5)
    syllables = ["ba", "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "zu", "an", "el", "or"]

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()

    people = [
        NameRecord(uuid.uuid4(), name, readings_of([name]))
        for name in (f"{word()} {word()}" for _ in range(50_000))
    ]
    planted = NameRecord(uuid.uuid4(), "Alikhan Baymenov", readings_of(["Alikhan Baymenov"]))
    original = NameRecord(uuid.uuid4(), "Alikhan Baimenov", readings_of(["Alikhan Baimenov"]))
    found = find_duplicates([*people, planted, original])
    assert any({d.first_id, d.second_id} == {planted.person_id, original.person_id} for d in found)


def _ceremony(tx: Session, event_id: uuid.UUID, person: Person) -> Signatory:
    agreement = records.create(tx, Agreement, title="Memorandum", event_id=event_id)
    party = records.create(
        tx, AgreementParty, agreement_id=agreement.id, country_id=person.country_id
    )
    ceremony = records.create(tx, SigningCeremony, event_id=event_id, agreement_id=agreement.id)
    records.create(tx, Witness, ceremony_id=ceremony.id, person_id=person.id)
    return records.create(
        tx, Signatory, ceremony_id=ceremony.id, person_id=person.id, party_id=party.id
    )


def test_merge_moves_every_link_and_keeps_the_spelling(sqlite_db: Database) -> None:
    from app.model import country_uuid

    with sqlite_db.transaction() as tx:
        event = make_event(tx, host="CHN")
        keep = make_person(tx, "Baimenov", "Alikhan", honorific="H.E. Mr")
        dup = make_person(
            tx,
            "Байменов",
            "Алихан",
            email="hub@example.org",
            country_id=country_uuid("KAZ"),
            alt_spellings=["Baymenov"],
        )
        shared = add_state(tx, event, "KAZ")
        add_member(tx, shared.id, keep.id, "member")
        add_member(tx, shared.id, dup.id, "head")
        only_dup = add_state(tx, event, "CHN")
        add_member(tx, only_dup.id, dup.id, "adviser")
        records.update(tx, Delegation, only_dup.id, liaison_officer_id=dup.id)
        item = records.create(
            tx, ProgrammeItem, event_id=event.id, title="Opening", kind="plenary", chair_id=dup.id
        )
        records.create(
            tx, SpeakingRole, programme_item_id=item.id, person_id=dup.id, role="keynote"
        )
        _ceremony(tx, event.id, dup)
        records.create(tx, Gift, description="Book", giver_person_id=dup.id)
    with sqlite_db.transaction() as tx:
        report = merge_people(tx, keep.id, dup.id)
    assert report.memberships_joined == 1
    assert report.added_spellings == ["Алихан Байменов", "Baymenov"]
    assert set(report.filled_fields) == {"email", "country_id"}
    with sqlite_db.transaction() as tx:
        with pytest.raises(NotFoundError):
            records.get(tx, Person, dup.id)
        merged = tx.get(Person, dup.id, execution_options={"include_deleted": True})
        assert merged is not None
        assert merged.deleted_at is not None
        kept = records.get(tx, Person, keep.id)
        assert kept.alt_spellings == ["Алихан Байменов", "Baymenov"]
        assert kept.email == "hub@example.org"
        # One membership in the shared delegation, as its head.
        shared_members = tx.scalars(
            select(DelegationMember).where(DelegationMember.delegation_id == shared.id)
        ).all()
        assert [(m.person_id, m.role) for m in shared_members] == [(keep.id, "head")]
        assert records.get(tx, Delegation, shared.id).head_person_id == keep.id
        other = records.get(tx, Delegation, only_dup.id)
        assert other.liaison_officer_id == keep.id
        assert [m.person_id for m in other.members] == [keep.id]
        assert tx.scalars(select(ProgrammeItem.chair_id)).one() == keep.id
        assert tx.scalars(select(SpeakingRole.person_id)).one() == keep.id
        assert tx.scalars(select(Signatory.person_id)).one() == keep.id
        assert tx.scalars(select(Witness.person_id)).one() == keep.id
        assert tx.scalars(select(Gift.giver_person_id)).one() == keep.id
        # Nothing points at the merged record any more, deleted rows included.
        for model, column in (
            (DelegationMember, DelegationMember.person_id),
            (SpeakingRole, SpeakingRole.person_id),
        ):
            left = tx.scalars(
                select(model).where(column == dup.id).execution_options(include_deleted=True)
            ).all()
            assert left == []
        assert possible_duplicates(tx) == []


def test_merge_refuses_itself_and_unknown_people(tx: Session) -> None:
    person = make_person(tx, "Baimenov", "Alikhan")
    with pytest.raises(DomainError, match="themselves"):
        merge_people(tx, person.id, person.id)
    with pytest.raises(NotFoundError):
        merge_people(tx, person.id, uuid.uuid4())


def test_failed_merge_writes_nothing(sqlite_db: Database) -> None:
    with sqlite_db.transaction() as tx:
        keep = make_person(tx, "Baimenov", "Alikhan")
        dup = make_person(tx, "Baymenov", "Alikhan")

    def merge_twice() -> None:
        with sqlite_db.transaction() as tx:
            merge_people(tx, keep.id, dup.id)
            merge_people(tx, keep.id, dup.id)  # the second time the duplicate is gone

    with pytest.raises(NotFoundError):
        merge_twice()
    with sqlite_db.transaction() as tx:
        assert records.get(tx, Person, dup.id).family_name == "Baymenov"
        assert records.get(tx, Person, keep.id).alt_spellings == []


def test_undo_merge_puts_every_link_and_field_back(sqlite_db: Database) -> None:
    with sqlite_db.transaction() as tx:
        event = make_event(tx, host="CHN")
        keep = make_person(tx, "Baimenov", "Alikhan")
        dup = make_person(tx, "Байменов", "Алихан", email="hub@example.org")
        shared = add_state(tx, event, "KAZ")
        add_member(tx, shared.id, keep.id, "member")
        add_member(tx, shared.id, dup.id, "head")
        item = records.create(
            tx, ProgrammeItem, event_id=event.id, title="Opening", kind="plenary", chair_id=dup.id
        )
    with sqlite_db.transaction() as tx:
        report = merge_people(tx, keep.id, dup.id)
    with sqlite_db.transaction() as tx:
        undo_merge(tx, report)
    with sqlite_db.session() as tx:
        kept = records.get(tx, Person, keep.id)
        assert kept.email is None
        assert kept.alt_spellings == []
        assert kept.notes is None
        assert records.get(tx, Person, dup.id).email == "hub@example.org"
        members = tx.scalars(
            select(DelegationMember)
            .where(DelegationMember.delegation_id == shared.id)
            .order_by(DelegationMember.sort_order)
        ).all()
        assert [(m.person_id, m.role) for m in members] == [
            (keep.id, "member"),
            (dup.id, "head"),
        ]
        assert records.get(tx, Delegation, shared.id).head_person_id == dup.id
        assert records.get(tx, ProgrammeItem, item.id).chair_id == dup.id
