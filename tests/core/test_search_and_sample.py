"""Search over folded keys, and the founding seminar as sample data."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.db import Database
from app.model import Agreement, Base, Event, Gift, Organisation, Person
from app.seed.sample import load_sample
from app.services import records
from app.services.search import search
from app.textnorm import fold, search_key


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("São Paulo", "sao paulo"),
        ("Қасым-Жомарт", "қасым"),
        ("ŁÓDŹ", "lodz"),
        ("Straße", "strasse"),
        ("Байменов", "baimenov"),
    ],
)
def test_folded_key_contains_what_people_type(stored: str, typed: str) -> None:
    assert fold(typed) in search_key([stored])


def test_devanagari_vowel_signs_are_kept() -> None:
    # Vowel signs change the word in Indic scripts; only Latin/Greek/Cyrillic accents go.
    assert fold("मोदी") != fold("मद")
    assert fold("मोदी") == "मोदी"


def test_search_copes_with_real_names(db: Database) -> None:
    with db.transaction() as session:
        load_sample(session)
        records.create(
            session, Person, given_names="Қасым-Жомарт", family_name="Тоқаев", native_name=None
        )
        records.create(session, Organisation, name="Prefeitura de São Paulo")
    with db.session() as session:
        assert [h.label for h in search(session, "baymenov")] == ["Alikhan Baimenov"]
        assert [h.label for h in search(session, "BAIMENOV")] == ["Alikhan Baimenov"]
        assert [h.label for h in search(session, "马")] == ["Ma Jiantang (马建堂)"]
        assert [h.label for h in search(session, "қасым")] == ["Қасым-Жомарт Тоқаев"]
        assert [h.label for h in search(session, "sao paulo")] == ["Prefeitura de São Paulo"]
        assert all(h.exact for h in search(session, "quanzhou"))


def test_near_spellings_are_offered_when_nothing_matches(db: Database) -> None:
    with db.transaction() as session:
        load_sample(session)
    with db.session() as session:
        hits = search(session, "Baimenow")
    assert [h.label for h in hits] == ["Alikhan Baimenov"]
    assert not hits[0].exact


def test_percent_and_underscore_are_literal_in_search(db: Database) -> None:
    with db.transaction() as session:
        records.create(session, Person, family_name="Smith")
    with db.session() as session:
        assert search(session, "%") == []
        assert search(session, "_") == []


def _counts(db: Database) -> dict[str, int]:
    with db.session() as session:
        return {
            mapper.class_.__name__: int(
                session.scalar(select(func.count()).select_from(mapper.class_)) or 0
            )
            for mapper in Base.registry.mappers
        }


def test_sample_loads_the_seminar_as_the_article_tells_it(db: Database) -> None:
    with db.transaction() as session:
        result = load_sample(session)
    assert result.created > 0
    with db.session() as session:
        seminar = session.get(Event, result.event_id)
        assert seminar is not None
        assert (seminar.city, seminar.host_country.alpha3) == ("Quanzhou", "CHN")  # type: ignore[union-attr]
        assert seminar.expected_countries == 13
        assert seminar.duration_days == 2
        assert seminar.auspices == "BRICS"
        # The article gives the month only: no day may be invented.
        assert seminar.date_precision == "month"
        baimenov = session.scalars(select(Person).where(Person.family_name == "Baimenov")).one()
        assert baimenov.alt_spellings == ["Baymenov"]
        ma = session.scalars(select(Person).where(Person.family_name == "Ma")).one()
        assert ma.family_name_first
        assert ma.full_name == "Ma Jiantang"
        memorandum = session.scalars(select(Agreement)).one()
        assert [p.display_name for p in memorandum.parties] == [
            "Regional Hub of Civil Service in Astana",
            "Chinese Academy of Governance",
        ]
        assert "capacity building of civil servants" in memorandum.areas
        gift = session.scalars(select(Gift)).one()
        assert "International Journal of Civil Service Reform and Practice" in gift.description


def test_loading_the_sample_twice_changes_nothing(db: Database) -> None:
    with db.transaction() as session:
        load_sample(session)
    before = _counts(db)
    with db.transaction() as session:
        again = load_sample(session)
    assert again.created == 0
    assert _counts(db) == before


def test_a_native_name_equal_to_the_name_is_not_repeated(db: Database) -> None:
    with db.transaction() as session:
        records.create(
            session,
            Person,
            given_names="Қасым-Жомарт",
            family_name="Тоқаев",
            native_name="Қасым-Жомарт Тоқаев",
        )
    with db.session() as session:
        assert [h.label for h in search(session, "тоқаев")] == ["Қасым-Жомарт Тоқаев"]
