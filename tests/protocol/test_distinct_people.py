"""Pairs set apart as different people stay apart in every session, on both backends."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from app.db import Database, open_database
from app.errors import DomainError, NotFoundError
from app.model import DistinctPeople
from app.protocol.duplicates import (
    duplicates_of,
    merge_people,
    pairs_set_apart,
    possible_duplicates,
    set_apart,
    take_back,
    undo_merge,
)
from tests.protocol.conftest import make_person


def _pairs(db: Database) -> set[frozenset[object]]:
    with db.session() as session:
        return {frozenset((d.first_id, d.second_id)) for d in possible_duplicates(session)}


def test_a_pair_set_apart_is_no_longer_offered_nor_after_reopening(db: Database) -> None:
    with db.transaction() as tx:
        alikhan = make_person(tx, "Baimenov", "Alikhan")
        other = make_person(tx, "Baymenov", "Alikhan")
    assert _pairs(db) == {frozenset((alikhan.id, other.id))}
    with db.transaction() as tx:
        pair = set_apart(tx, other.id, alikhan.id)
    assert (pair.first_id, pair.second_id) == tuple(sorted((alikhan.id, other.id)))
    assert _pairs(db) == set()
    reopened = open_database(db.url)
    try:
        assert _pairs(reopened) == set()
        with reopened.session() as session:
            assert duplicates_of(session, alikhan.id) == []
    finally:
        reopened.close()


def test_saying_it_twice_keeps_one_row_and_take_back_offers_the_pair_again(
    db: Database,
) -> None:
    with db.transaction() as tx:
        first = make_person(tx, "Baimenov", "Alikhan")
        second = make_person(tx, "Baymenov", "Alikhan")
    with db.transaction() as tx:
        pair = set_apart(tx, first.id, second.id)
    with db.transaction() as tx:
        assert set_apart(tx, second.id, first.id).id == pair.id
    with db.transaction() as tx:
        take_back(tx, pair.id)
    assert _pairs(db) == {frozenset((first.id, second.id))}
    with db.transaction() as tx:
        assert set_apart(tx, first.id, second.id).id == pair.id  # restored, not duplicated
        rows = tx.scalar(
            select(func.count()).select_from(DistinctPeople).execution_options(include_deleted=True)
        )
    assert rows == 1
    assert _pairs(db) == set()


def test_set_apart_refuses_one_person_and_unknown_people_and_writes_nothing(
    db: Database,
) -> None:
    with db.transaction() as tx:
        person = make_person(tx, "Baimenov", "Alikhan")
    with pytest.raises(DomainError) as refused, db.transaction() as tx:
        set_apart(tx, person.id, person.id)
    assert refused.value.field == "second_id"
    with pytest.raises(NotFoundError), db.transaction() as tx:
        set_apart(tx, person.id, uuid.uuid4())
    with db.session() as session:
        assert pairs_set_apart(session) == set()


def test_a_merge_neither_moves_nor_blocks_a_pair_set_apart(db: Database) -> None:
    with db.transaction() as tx:
        keep = make_person(tx, "Baimenov", "Alikhan")
        twin = make_person(tx, "Baymenov", "Alikhan")
        third = make_person(tx, "Байменов", "Алихан")
    with db.transaction() as tx:
        set_apart(tx, twin.id, third.id)
    with db.transaction() as tx:
        report = merge_people(tx, keep.id, twin.id)
    with db.session() as session:
        assert pairs_set_apart(session) == {frozenset((twin.id, third.id))}
    assert frozenset((keep.id, third.id)) in _pairs(db)  # the verdict was about the twin
    with db.transaction() as tx:
        undo_merge(tx, report)
    assert frozenset((twin.id, third.id)) not in _pairs(db)
