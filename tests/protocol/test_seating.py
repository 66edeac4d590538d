"""Seating plans: pure layouts, then generated from a real event and kept after adjusting."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.orm import Session

from app.db import Database
from app.model import (
    Agreement,
    AgreementParty,
    ProgrammeItem,
    Signatory,
    SigningCeremony,
    country_uuid,
)
from app.protocol.seating import (
    Facing,
    Layout,
    Sitter,
    bilateral,
    centre_out,
    head_table,
    load_plan,
    plan_for_item,
    save_plan,
    signing_table,
    swap_seats,
    theatre,
    u_shape,
)
from app.services import records
from tests.protocol.conftest import add_person_to, add_state, make_event


def people(*labels: str, host: str = "") -> list[Sitter]:
    return [Sitter(uuid.uuid4(), label, label[:3], "", label == host) for label in labels]


def test_centre_out() -> None:
    assert centre_out(5) == [0, 1, -1, 2, -2]
    assert centre_out(0) == []


def test_signing_table_guest_on_the_hosts_right_by_default() -> None:
    host, guest = people("KAZ", "CHN", host="KAZ")
    plan = signing_table([guest, host])
    by_label = {s.label: s for s in plan.seats}
    # Facing the audience, the host's right is the audience's left.
    assert by_label["CHN"].x < by_label["KAZ"].x
    assert by_label["KAZ"].host_side is True
    assert [s.number for s in sorted(plan.seats, key=lambda s: s.x)] == [1, 2]
    assert all(s.facing is Facing.FRONT for s in plan.seats)
    swapped = signing_table([guest, host], host_side="left")
    by_label = {s.label: s for s in swapped.seats}
    assert by_label["KAZ"].x < by_label["CHN"].x
    assert "host's left" in swapped.notes[0]


def test_several_parties_in_precedence_left_to_right() -> None:
    plan = signing_table(people("A", "B", "C", "D"))
    assert [s.label for s in sorted(plan.seats, key=lambda s: s.x)] == ["A", "B", "C", "D"]
    assert [s.x for s in plan.seats] == [-1.5, -0.5, 0.5, 1.5]


def test_head_table_centre_outwards() -> None:
    plan = head_table(people("1st", "2nd", "3rd", "4th", "5th"))
    # Facing the front, the 2nd sits on the 1st's right: the diagram's left.
    assert [s.label for s in sorted(plan.seats, key=lambda s: s.x)] == [
        "4th", "2nd", "1st", "3rd", "5th",
    ]  # fmt: skip


def test_u_shape_base_then_arms() -> None:
    plan = u_shape(people(*[f"p{i}" for i in range(1, 10)]), base_seats=3)
    base = [s for s in plan.seats if s.facing is Facing.FRONT]
    assert sorted(s.label for s in base) == ["p1", "p2", "p3"]
    centre = next(s for s in base if s.x == 0)
    assert centre.label == "p1"
    left_arm = [s.label for s in sorted(plan.seats, key=lambda s: -s.y) if s.facing is Facing.RIGHT]
    right_arm = [s.label for s in sorted(plan.seats, key=lambda s: -s.y) if s.facing is Facing.LEFT]
    # The chair faces the front: their right arm is the diagram's left.
    assert left_arm == ["p4", "p6", "p8"]
    assert right_arm == ["p5", "p7", "p9"]
    assert len({s.number for s in plan.seats}) == 9


def test_bilateral_interpreters_behind_or_beside() -> None:
    host = [Sitter(uuid.uuid4(), n, "KAZ", r, True) for n, r in
            (("Head K", "head"), ("Interp K", "interpreter"), ("Deputy K", "deputy"))]  # fmt: skip
    guest = [Sitter(uuid.uuid4(), n, "CHN", r) for n, r in
             (("Head C", "head"), ("Deputy C", "deputy"), ("Interp C", "interpreter"))]  # fmt: skip
    plan = bilateral(host, guest, "behind")
    seat = {s.label: s for s in plan.seats}
    assert (seat["Head K"].x, seat["Head K"].y) == (0.0, 1.0)
    assert (seat["Head C"].x, seat["Head C"].y) == (0.0, -1.0)
    assert (seat["Interp K"].x, seat["Interp K"].y) == (0.0, 2.0)  # behind, further back
    assert (seat["Interp C"].x, seat["Interp C"].y) == (0.0, -2.0)
    # Each deputy on their principal's right: the host side faces the front, the guests
    # face the back, so their rights are on opposite sides of the diagram.
    assert seat["Deputy K"].x == -1.0
    assert seat["Deputy C"].x == 1.0
    beside = {s.label: s for s in bilateral(host, guest, "beside").seats}
    assert (beside["Interp K"].x, beside["Interp K"].y) == (1.0, 1.0)  # principal's left
    assert (beside["Interp C"].x, beside["Interp C"].y) == (-1.0, -1.0)
    assert beside["Deputy K"].x == -1.0


def test_theatre_rows_and_swap() -> None:
    plan = theatre(people(*[f"p{i}" for i in range(1, 8)]), row_length=3)
    rows = sorted({s.y for s in plan.seats})
    assert rows == [1.0, 2.0, 3.0]
    first_row = {s.label for s in plan.seats if s.y == 1.0}
    assert first_row == {"p1", "p2", "p3"}
    a = next(s for s in plan.seats if s.label == "p1")
    b = next(s for s in plan.seats if s.label == "p7")
    swapped = swap_seats(plan, a.number, b.number)
    assert next(s for s in swapped.seats if s.number == a.number).label == "p7"
    assert next(s for s in swapped.seats if s.number == b.number).label == "p1"
    assert (next(s for s in swapped.seats if s.number == a.number).x) == a.x


def test_plans_from_the_database_and_kept_adjustments(sqlite_db: Database) -> None:
    with sqlite_db.transaction() as tx:
        event = make_event(tx, host="KAZ")
        kaz = add_state(tx, event, "KAZ")
        chn = add_state(tx, event, "CHN")
        deu = add_state(tx, event, "DEU")
        host_head = add_person_to(tx, kaz, "Baimenov", "Alikhan", "head")
        add_person_to(tx, kaz, "Interpreter", "Aida", "interpreter")
        guest_head = add_person_to(tx, chn, "Ma", "Jiantang", "head")
        add_person_to(tx, deu, "Weber", "Klaus", "head")
        item = records.create(
            tx, ProgrammeItem, event_id=event.id, title="Signing", kind="signing ceremony"
        )
        agreement = records.create(tx, Agreement, title="Memorandum", event_id=event.id)
        parties = {
            code: records.create(
                tx, AgreementParty, agreement_id=agreement.id, country_id=country_uuid(code)
            )
            for code in ("CHN", "KAZ")
        }
        ceremony = records.create(
            tx, SigningCeremony, event_id=event.id, agreement_id=agreement.id,
            programme_item_id=item.id,
        )  # fmt: skip
        for code, person in (("CHN", guest_head), ("KAZ", host_head)):
            records.create(
                tx, Signatory, ceremony_id=ceremony.id, person_id=person.id,
                party_id=parties[code].id,
            )  # fmt: skip
    with sqlite_db.transaction() as tx:
        signing = plan_for_item(tx, item.id, Layout.SIGNING_TABLE)
        codes = [s.party_code for s in sorted(signing.seats, key=lambda s: s.x)]
        assert codes == ["CHN", "KAZ"]  # guest on the host's right
        assert [s.label for s in signing.seats] == ["MA Jiantang", "BAIMENOV Alikhan"]
        u_plan = plan_for_item(tx, item.id, Layout.U_SHAPE, base_seats=1)
        centre = next(s for s in u_plan.seats if s.x == 0 and s.facing is Facing.FRONT)
        assert centre.party_code == "KAZ"  # the host is first by the default rule
        facing_pair = plan_for_item(tx, item.id, Layout.BILATERAL)
        assert {s.party_code for s in facing_pair.seats if s.y < 0} == {"CHN"}
        adjusted = swap_seats(signing, 1, 2)
        save_plan(tx, item.id, adjusted)
    with sqlite_db.transaction() as tx:
        kept = load_plan(tx, item.id, Layout.SIGNING_TABLE)
        assert kept is not None
        assert [s.party_code for s in sorted(kept.seats, key=lambda s: s.x)] == ["KAZ", "CHN"]
        assert kept.seats == adjusted.seats
        assert load_plan(tx, item.id, Layout.THEATRE) is None


def test_signing_plan_needs_a_ceremony(tx: Session) -> None:
    from app.errors import DomainError

    event = make_event(tx)
    item = records.create(tx, ProgrammeItem, event_id=event.id, title="Talks", kind="plenary")
    with pytest.raises(DomainError, match="no signing ceremony"):
        plan_for_item(tx, item.id, Layout.SIGNING_TABLE)
