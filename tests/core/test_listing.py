"""Listings read by the desktop app, on real SQLite and PostgreSQL databases."""

from __future__ import annotations

import uuid

from app.listing.directory import OrganisationsListing, PeopleListing
from app.model import Organisation, Person
from app.services import records
from app.textnorm import fold


def _people(db):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        ministry = records.create(session, Organisation, name="Ministère des Affaires étrangères")
        made = {}
        for given, family, position, organisation in (
            ("Ana", "Silva", "Consul general", None),
            ("Chloé", "Dubois", "Посол", None),
            ("Ильяс", "Ахметов", "CONSUL", ministry.id),
            ("Per", "Cent", "100%_sure", None),
        ):
            person = records.create(
                session,
                Person,
                given_names=given,
                family_name=family,
                position=position,
                organisation_id=organisation,
            )
            made[family] = person.id
        gone = records.create(session, Person, given_names="Gone", family_name="Silvano")
        records.delete(session, Person, gone.id)
    return made


def test_people_are_filtered_in_the_database_by_name_position_and_organisation(db) -> None:  # type: ignore[no-untyped-def]
    made = _people(db)
    listing = PeopleListing(db)
    ids = listing.keys().ids
    assert len(ids) == 4  # the soft-deleted person is not listed

    def names(text: str) -> list[str]:
        matches = listing.matching(fold(text))
        found = [i for i in ids if (i in matches.ids) != matches.others]
        assert matches.count(len(ids)) == len(found)
        return sorted(row.name for row in listing.rows(found).values())

    assert names("SILV") == ["Ana Silva"]  # not the soft-deleted Silvano
    assert names("consul") == ["Ana Silva", "Ильяс Ахметов"]  # position, any case
    assert names("посол") == ["Chloé Dubois"]  # a position in Cyrillic
    assert names("affaires etrangeres") == ["Ильяс Ахметов"]  # the organisation's key
    assert names("akhmetov") == ["Ильяс Ахметов"]  # the Latin reading in the stored key
    assert names("100%_") == ["Per Cent"]  # LIKE's wildcards are literal
    assert names("%") == ["Per Cent"]
    assert names("zzz") == []
    # After a needle that matched most people, the others are asked for instead.
    assert names("c") == ["Ana Silva", "Chloé Dubois", "Per Cent", "Ильяс Ахметов"]
    assert listing.matching("con").others
    # Dubois has no organisation: a NULL test must not count as a match.
    assert names("cons") == ["Ana Silva", "Ильяс Ахметов"]
    # Answers are kept: going back to a needle asks the database nothing.
    assert names("c") == ["Ana Silva", "Chloé Dubois", "Per Cent", "Ильяс Ахметов"]
    # Ids as the driver gives them (hex text on SQLite, UUIDs on PostgreSQL).
    assert {uuid.UUID(str(k)) for k in listing.matching("silva").ids} == {made["Silva"]}


def test_rows_are_named_and_soft_deleted_targets_are_left_out(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        kept = records.create(session, Organisation, name="Kept", acronym="KP")
        gone = records.create(session, Organisation, name="Gone")
        records.create(session, Person, family_name="Worker", organisation_id=gone.id)
        records.delete(session, Organisation, gone.id)
    listing = OrganisationsListing(db)
    keys = listing.keys()
    rows = listing.rows(keys.ids)
    assert [row.name for row in rows.values()] == ["Kept"]
    assert next(iter(rows.values())).acronym == "KP"
    people = PeopleListing(db)
    (worker,) = people.rows(people.keys().ids).values()
    assert worker.organisation == ""  # the deleted organisation is not shown
    assert kept.id
