"""The global search: one query over events, people, organisations, delegations and
agreements, grouped by kind, on both database backends."""

from __future__ import annotations

from app.db import Database
from app.model import Delegation, Organisation, Person
from app.seed.sample import load_sample, sample_uuid
from app.services import records
from app.services.search import KINDS, search_everything

SEMINAR = sample_uuid("seminar")


def _labels(db: Database, query: str) -> dict[str, list[str]]:
    with db.session() as session:
        found = search_everything(session, query)
    return {kind: [row.label for row in rows] for kind, rows in found.items()}


def test_each_kind_is_found_in_any_spelling_or_script(db: Database) -> None:
    with db.transaction() as session:
        load_sample(session)
        records.create(session, Organisation, name="Prefeitura de São Paulo")
        records.create(session, Person, given_names="Қасым-Жомарт", family_name="Тоқаев")
    assert _labels(db, "QUANZHOU") == {"event": ["BRICS Seminar on Governance"]}
    assert _labels(db, "baymenov") == {"person": ["Alikhan Baimenov"]}  # other spelling
    assert _labels(db, "马") == {"person": ["Ma Jiantang (马建堂)"]}  # native script
    assert _labels(db, "қасым") == {"person": ["Қасым-Жомарт Тоқаев"]}
    assert _labels(db, "sao paulo") == {"organisation": ["Prefeitura de São Paulo"]}
    kazakh = _labels(db, "kazakh")
    assert kazakh["delegation"] == ["Kazakhstan — Regional Hub of Civil Service in Astana"]
    assert "Government of Kazakhstan" in kazakh["organisation"]
    memorandum = _labels(db, "memorandum")
    assert list(memorandum) == ["agreement"]
    assert memorandum["agreement"][0].startswith("Memorandum on cooperation")


def test_groups_come_in_a_fixed_order_with_what_tells_hits_apart(db: Database) -> None:
    with db.transaction() as session:
        load_sample(session)
    with db.session() as session:
        found = search_everything(session, "a")
    assert list(found) == [kind for kind in KINDS if kind in found]
    assert set(found) == set(KINDS)
    seminar = next(row for row in found["event"] if row.record_id == SEMINAR)
    assert seminar.detail == "September 2017 (exact dates to be confirmed), Quanzhou"
    assert all(row.event_id == SEMINAR for row in found["delegation"])
    assert all(row.exact for rows in found.values() for row in rows)


def test_a_delegation_is_found_by_its_own_name_and_a_deleted_one_is_not(db: Database) -> None:
    with db.transaction() as session:
        load_sample(session)
        records.create(session, Delegation, event_id=SEMINAR, name="Délégation de l'Observatoire")
        gone = records.create(session, Delegation, event_id=SEMINAR, name="Observatoire bis")
    with db.transaction() as session:
        records.delete(session, Delegation, gone.id)
    assert _labels(db, "delegation de l'observatoire") == {
        "delegation": ["Délégation de l'Observatoire"]
    }
    assert _labels(db, "observatoire") == {"delegation": ["Délégation de l'Observatoire"]}


def test_a_typo_offers_near_spellings_and_nothing_offers_nothing(db: Database) -> None:
    with db.transaction() as session:
        load_sample(session)
    with db.session() as session:
        near = search_everything(session, "Baimenow")
        assert [row.label for row in near["person"]] == ["Alikhan Baimenov"]
        assert not near["person"][0].exact
        assert search_everything(session, "zzzzqqq") == {}
        assert search_everything(session, "  ") == {}
