"""One resolver for every reference a person types: events, delegations, people,
programme items and agreements, on the sample seminar in a real database."""

from __future__ import annotations

import pytest

from app.errors import AmbiguousReferenceError, NotFoundError
from app.model import Delegation, Organisation
from app.seed.sample import sample_uuid
from app.services import records
from app.services.resolve import resolve_delegation, resolve_event, resolve_person

SEMINAR = sample_uuid("seminar")


@pytest.mark.parametrize(
    "reference",
    [
        "kz",  # ISO alpha-2
        "KAZ",  # ISO alpha-3
        "Kazakhstan",  # country
        "regional hub of civil service in astana",  # organisation
        "Alikhan Baimenov",  # head
        "baymenov",  # head, another spelling
        "Kazakhstan — Regional Hub of Civil Service in Astana",  # the name shown
    ],
)
def test_a_delegation_is_found_by_every_name_it_is_known_by(sample_db, reference: str) -> None:  # type: ignore[no-untyped-def]
    with sample_db.session() as session:
        found = resolve_delegation(session, SEMINAR, reference)
        assert found.country is not None
        assert found.country.alpha3 == "KAZ"
        assert resolve_delegation(session, SEMINAR, str(found.id)[:8]) is found
        assert resolve_delegation(session, SEMINAR, str(found.id)) is found


def test_an_acronym_finds_the_delegation_of_its_organisation(sample_db) -> None:  # type: ignore[no-untyped-def]
    with sample_db.transaction() as session:
        china = resolve_delegation(session, SEMINAR, "CHN")
        assert china.organisation_id is not None
        records.get(session, Organisation, china.organisation_id).acronym = "CAG"
    with sample_db.session() as session:
        assert resolve_delegation(session, SEMINAR, "cag").id == china.id


def test_unknown_and_ambiguous_references_list_the_candidates(sample_db) -> None:  # type: ignore[no-untyped-def]
    with sample_db.session() as session:
        with pytest.raises(NotFoundError) as unknown:
            resolve_delegation(session, SEMINAR, "Narnia")
        assert any("Kazakhstan" in c for c in unknown.value.candidates)
        # "civil service" is part of one name; "a" of both.
        assert resolve_delegation(session, SEMINAR, "civil service").country.alpha2 == "KZ"  # type: ignore[union-attr]
        with pytest.raises(AmbiguousReferenceError) as ambiguous:
            resolve_delegation(session, SEMINAR, "a")
        assert len(ambiguous.value.candidates) == 2


def test_a_soft_deleted_delegation_is_not_found(sample_db) -> None:  # type: ignore[no-untyped-def]
    with sample_db.transaction() as session:
        kazakhstan = resolve_delegation(session, SEMINAR, "KZ")
        records.delete(session, Delegation, kazakhstan.id)
    with sample_db.session() as session, pytest.raises(NotFoundError):
        resolve_delegation(session, SEMINAR, "KZ")


def test_people_and_events_by_spelling_prefix_and_title(sample_db) -> None:  # type: ignore[no-untyped-def]
    with sample_db.session() as session:
        person = resolve_person(session, "BAYMENOV")
        assert person.family_name == "Baimenov"
        assert resolve_person(session, "马建堂").family_name == "Ma"
        assert resolve_person(session, person.id.hex[:6]) is person
        with pytest.raises(NotFoundError):
            resolve_person(session, "Nobody Atall")
        event = resolve_event(session, "brics seminar on governance")
        assert event.id == SEMINAR
        assert resolve_event(session, str(SEMINAR)[:6]) is event
        with pytest.raises(NotFoundError, match="BRICS Seminar on Governance"):
            resolve_event(session, "Congress of Vienna")
