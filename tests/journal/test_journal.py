"""The change journal: every write path journaled, undo and revert with their refusal.

Each test runs on a real SQLite file and on the real PostgreSQL server (``db``).
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from app.db import Database
from app.errors import DomainError
from app.journal.operations import operation
from app.journal.recorder import JournalBypassError
from app.journal.revert import RevertRefused, revert_operation
from app.model import Delegation, Person, ProgrammeItem, change_table, operation_table
from app.protocol.duplicates import merge_people, set_apart
from app.protocol.gifts import store_thresholds
from app.protocol.precedence import set_override
from app.protocol.seating import Layout, keep_plan, plan_for_item
from app.seed.sample import load_sample, sample_uuid
from app.services import agreements, delegations, records
from app.services.office_settings import write_setting
from tests.protocol.conftest import add_state, make_event, make_person


def journal(db: Database, operation_id: uuid.UUID | None) -> list[Any]:
    assert operation_id is not None, "the operation wrote no journal entry"
    with db.session() as session:
        return list(
            session.execute(
                select(change_table)
                .where(change_table.c.operation_id == operation_id)
                .order_by(change_table.c.seq)
            )
        )


def one(db: Database, label: str, work: Any) -> list[Any]:
    with operation(db, label) as op:
        work(op.session)
    assert op.result is not None
    return journal(db, op.result.operation_id)


@pytest.fixture
def seeded(db: Database) -> dict[str, uuid.UUID]:
    with db.transaction() as session:
        event = make_event(session, "CHN")
        delegation = add_state(session, event, "KAZ")
        person = make_person(session, "Baimenov", "Alikhan", position="Chairman")
        delegations.add_member(session, delegation.id, person.id, "head")
        return {"event": event.id, "delegation": delegation.id, "person": person.id}


def test_an_edit_is_journaled_with_who_when_and_before_after(db, seeded) -> None:
    db.actor = "A. Petrova"
    with db.operation("Edit Baimenov") as op:
        records.update(op.session, Person, seeded["person"], position="First Deputy Chairman")
    assert op.result is not None
    assert op.result.changes.kinds == {"Person"}
    assert op.result.changes.ids("Person") == {seeded["person"]}
    [change] = journal(db, op.result.operation_id)
    assert change.action == "update"
    assert change.fields == {"position": ["Chairman", "First Deputy Chairman"]}
    assert change.record_name == "Alikhan Baimenov"
    with db.session() as session:
        row = session.execute(
            select(operation_table).where(operation_table.c.id == op.result.operation_id)
        ).one()
    assert (row.label, row.actor, row.kind) == ("Edit Baimenov", "A. Petrova", "edit")
    assert row.workstation


@pytest.mark.parametrize(
    ("path", "expected_kinds"),
    [
        ("create", {"Person"}),
        ("delete", {"Person", "DelegationMember", "Delegation"}),
        ("add_member", {"DelegationMember"}),
        ("set_head", {"Delegation", "DelegationMember"}),
        ("precedence_override", {"PrecedenceSetting"}),
        ("office_setting", {"OfficeSetting"}),
        ("gift_thresholds", {"OfficeSetting"}),
        ("set_apart", {"DistinctPeople"}),
        ("merge", {"Person"}),
        ("seating", {"SeatingPlanRecord"}),
    ],
)
def test_every_write_path_is_journaled(db, seeded, path: str, expected_kinds: set[str]) -> None:
    def work(session: Any) -> None:
        if path == "create":
            make_person(session, "Ma", "Jiantang", family_name_first=True)
        elif path == "delete":
            records.delete(session, Person, seeded["person"])
        elif path == "add_member":
            other = make_person(session, "Ivanova", "Anna")
            session.flush()
            session.info["journal_recorder"].changes.clear()  # only the membership counts
            delegations.add_member(session, seeded["delegation"], other.id, "member")
        elif path == "set_head":
            delegations.set_head(session, seeded["delegation"], None)
        elif path == "precedence_override":
            set_override(session, seeded["event"], seeded["delegation"], 1, "host's request")
        elif path == "office_setting":
            write_setting(session, "example", {"a": 1})
        elif path == "gift_thresholds":
            store_thresholds(session, {"EUR": Decimal("150")})
        elif path == "set_apart":
            set_apart(session, seeded["person"], make_person(session, "Baymenov", "A.").id)
        elif path == "merge":
            twin = make_person(session, "Baymenov", "Alikhan")
            session.flush()
            session.info["journal_recorder"].changes.clear()
            merge_people(session, seeded["person"], twin.id)
        elif path == "seating":
            item = records.create(
                session, ProgrammeItem, event_id=seeded["event"], title="Opening", kind="plenary"
            )
            plan = plan_for_item(session, item.id, Layout.HEAD_TABLE)
            keep_plan(session, item.id, Layout.HEAD_TABLE, plan)

    changes = one(db, f"path {path}", work)
    assert {c.record_kind for c in changes} >= expected_kinds
    assert all(c.fields or c.action != "update" for c in changes)


def test_agreement_status_and_sample_load_are_journaled(db) -> None:
    changes = one(db, "Load sample seminar", load_sample)
    kinds = {c.record_kind for c in changes}
    assert {"Event", "Person", "Delegation", "Agreement", "Gift"} <= kinds
    assert all(c.action == "create" for c in changes)
    agreement_id = sample_uuid("memorandum")
    changes = one(
        db,
        "Withdraw the memorandum",
        lambda s: agreements.change_agreement_status(
            s, agreement_id, "terminated", force=True, reason="test"
        ),
    )
    assert {c.record_kind for c in changes} == {"Agreement", "AgreementStatusChange"}


def test_a_write_outside_an_operation_is_refused_and_nothing_is_written(db, seeded) -> None:
    def sneak_in() -> None:
        with db.session() as session:
            person = session.get(Person, seeded["person"])
            assert person is not None
            person.position = "sneaked in"
            session.commit()

    with pytest.raises(JournalBypassError):
        sneak_in()
    with db.session() as session:
        assert session.get(Person, seeded["person"]).position == "Chairman"  # type: ignore[union-attr]


def test_a_refused_operation_leaves_neither_data_nor_journal(db, seeded) -> None:
    with db.session() as session:
        before = session.scalar(select(func.count()).select_from(change_table))

    def half_good(session: Any) -> None:
        records.update(session, Person, seeded["person"], position="fine")
        records.update(session, Person, seeded["person"], family_name="")

    with pytest.raises(DomainError):
        one(db, "Bad edit", half_good)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(change_table)) == before
        assert session.get(Person, seeded["person"]).position == "Chairman"  # type: ignore[union-attr]


def test_undo_and_redo_come_from_the_journal_and_are_journaled(db, seeded) -> None:
    with db.operation("Edit Baimenov") as op:
        records.update(op.session, Person, seeded["person"], position="Adviser")
    assert db.undo.undo_label == "Edit Baimenov"
    undone = db.undo.undo()
    with db.session() as session:
        assert session.get(Person, seeded["person"]).position == "Chairman"  # type: ignore[union-attr]
    assert db.undo.redo_label == "Edit Baimenov"
    assert db.undo.undo_label is None
    redone = db.undo.redo()
    with db.session() as session:
        assert session.get(Person, seeded["person"]).position == "Adviser"  # type: ignore[union-attr]
        kinds = dict(
            session.execute(
                select(operation_table.c.id, operation_table.c.kind).where(
                    operation_table.c.id.in_([undone.operation_id, redone.operation_id])
                )
            ).all()
        )
    assert sorted(kinds.values()) == ["redo", "undo"]


def test_undo_of_a_delete_restores_the_record_and_its_rows(db, seeded) -> None:
    with db.operation("Delete Baimenov") as op:
        records.delete(op.session, Person, seeded["person"])
    db.undo.undo()
    with db.session() as session:
        delegation = session.get(Delegation, seeded["delegation"])
        assert delegation is not None
        assert delegation.head_person_id == seeded["person"]
        assert [m.person_id for m in delegation.members] == [seeded["person"]]


def test_undo_refuses_when_a_later_change_is_in_the_way(db, seeded) -> None:
    with db.operation("Edit Baimenov") as op:
        records.update(op.session, Person, seeded["person"], position="Adviser")
    other = Database(db.url, db.engine, actor="B. Ivanov")
    with other.operation("Colleague's edit") as op:
        records.update(op.session, Person, seeded["person"], position="Minister")
    with pytest.raises(RevertRefused) as refused:
        db.undo.undo()
    message = str(refused.value)
    assert "Alikhan Baimenov" in message
    assert "position" in message
    assert "B. Ivanov" in message
    with db.session() as session:
        assert session.get(Person, seeded["person"]).position == "Minister"  # type: ignore[union-attr]
    assert db.undo.undo_label == "Edit Baimenov"  # still there, nothing happened


def test_undo_of_a_creation_refuses_while_a_later_record_refers_to_it(db, seeded) -> None:
    with db.operation("Create Ma") as op:
        ma = make_person(op.session, "Ma", "Jiantang", family_name_first=True)
    created = op.result.operation_id  # type: ignore[union-attr]
    with db.operation("Add Ma") as op:
        delegations.add_member(op.session, seeded["delegation"], ma.id, "member")
    with pytest.raises(RevertRefused, match="referred to by a later delegation member"):
        revert_operation(db, created)  # type: ignore[arg-type]


def test_revert_of_a_past_operation_after_reopening(db, seeded) -> None:
    with db.operation("Edit Baimenov") as op:
        records.update(op.session, Person, seeded["person"], position="Adviser", phone="+7 1")
    target = op.result.operation_id  # type: ignore[union-attr]
    reopened = Database(db.url, db.engine)  # a later session: empty undo history
    preview = revert_operation(reopened, target, dry_run=True)  # type: ignore[arg-type]
    assert preview.operation_id is None
    with reopened.session() as session:
        assert session.get(Person, seeded["person"]).position == "Adviser"  # type: ignore[union-attr]
    done = revert_operation(reopened, target)  # type: ignore[arg-type]
    with reopened.session() as session:
        person = session.get(Person, seeded["person"])
        assert person is not None
        assert (person.position, person.phone) == ("Chairman", None)
        kind = session.scalar(
            select(operation_table.c.kind).where(operation_table.c.id == done.operation_id)
        )
    assert kind == "revert"
    with pytest.raises(RevertRefused):
        revert_operation(reopened, target)  # type: ignore[arg-type]  # already reverted


def test_search_key_follows_a_name_put_back(db, seeded) -> None:
    from app.services.search import search

    with db.operation("Rename") as op:
        records.update(op.session, Person, seeded["person"], family_name="Zhakenov")
    db.undo.undo()
    with db.session() as session:
        assert [h.record_id for h in search(session, "baimenov", kinds=("person",))] == [
            seeded["person"]
        ]
        assert search(session, "zhakenov", kinds=("person",)) == [] or all(
            not h.exact for h in search(session, "zhakenov", kinds=("person",))
        )
