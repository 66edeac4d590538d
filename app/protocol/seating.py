"""Seating plans as pure data, for the desktop editor and the PDF diagrams alike.

The frame is the plan seen from above with the front (audience, cameras, stage) at
the bottom: x grows to the right, y grows away from the front, one unit is one seat.
A person facing the front has their right hand towards smaller x, so "the host's
right", the honour position, is the diagram's left for people facing the front.

Layouts take people already in order of precedence (see app.protocol.precedence);
:func:`plan_for_item` gathers them for a programme item from the database.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import DomainError
from app.model import Delegation, Person, ProgrammeItem, SeatingPlanRecord, SigningCeremony
from app.model.enums import DelegationRole
from app.protocol.names import list_name, native_form
from app.protocol.precedence import members_in_order, ordered_delegations, ordered_parties
from app.services import records


class Layout(StrEnum):
    SIGNING_TABLE = "signing table"
    HEAD_TABLE = "head table"
    U_SHAPE = "U-shape"
    BILATERAL = "bilateral"
    THEATRE = "theatre"


class Facing(StrEnum):
    FRONT = "front"  # towards the bottom of the diagram
    BACK = "back"
    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True)
class Sitter:
    """Someone to seat: a person (or an empty labelled place) of a party."""

    person_id: uuid.UUID | None
    label: str
    party_code: str = ""
    role: str = ""
    is_host: bool = False
    native: str = ""  # the name in its own script, where recorded


@dataclass(frozen=True)
class Seat:
    number: int
    x: float
    y: float
    facing: Facing
    person_id: uuid.UUID | None
    label: str
    party_code: str
    role: str
    host_side: bool
    native: str = ""  # the occupant's name in its own script, where recorded

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["person_id"] = str(self.person_id) if self.person_id else None
        data["facing"] = self.facing.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Seat:
        person = data.get("person_id")
        return cls(
            number=int(data["number"]),
            x=float(data["x"]),
            y=float(data["y"]),
            facing=Facing(data["facing"]),
            person_id=uuid.UUID(person) if person else None,
            label=str(data.get("label", "")),
            party_code=str(data.get("party_code", "")),
            role=str(data.get("role", "")),
            host_side=bool(data.get("host_side", False)),
            native=str(data.get("native", "")),
        )


@dataclass(frozen=True)
class SeatingPlan:
    layout: Layout
    seats: list[Seat]
    notes: list[str] = field(default_factory=list)

    def seat_of(self, person_id: uuid.UUID) -> Seat | None:
        return next((s for s in self.seats if s.person_id == person_id), None)


def centre_out(count: int) -> list[int]:
    """Offsets in the 'own right first' order: 0, 1, -1, 2, -2 ... (1 = one seat to the
    right of the centre person, from their own point of view)."""
    offsets = [0]
    step = 1
    while len(offsets) < count:
        offsets.append(step)
        if len(offsets) < count:
            offsets.append(-step)
        step += 1
    return offsets[:count]


def _seat(number: int, x: float, y: float, facing: Facing, sitter: Sitter) -> Seat:
    return Seat(
        number,
        x,
        y,
        facing,
        sitter.person_id,
        sitter.label,
        sitter.party_code,
        sitter.role,
        sitter.is_host,
        sitter.native,
    )


def _own_right_to_x(offset: int, facing: Facing) -> float:
    # Facing the front, one's right is towards smaller x; facing the back, larger x.
    return float(-offset if facing is Facing.FRONT else offset)


def signing_table(
    parties: Sequence[Sitter], host_side: Literal["left", "right"] | None = None
) -> SeatingPlan:
    """Signatories side by side facing the front.

    Two parties: the host sits on ``host_side`` of the table as the audience sees it;
    by default on the right, which puts the guest on the host's right, the place of
    honour. Several parties: in the order given (precedence), left to right as the
    audience sees them.
    """
    if len(parties) == 2 and any(p.is_host for p in parties):
        host = next(p for p in parties if p.is_host)
        guest = next(p for p in parties if p is not host)
        side = host_side or "right"
        host_x, guest_x = (0.5, -0.5) if side == "right" else (-0.5, 0.5)
        seats = sorted(
            [
                _seat(0, host_x, 0.0, Facing.FRONT, host),
                _seat(0, guest_x, 0.0, Facing.FRONT, guest),
            ],
            key=lambda s: s.x,
        )
        notes = [
            "the guest sits on the host's right (place of honour)"
            if side == "right"
            else "the guest sits on the host's left, as set for this ceremony"
        ]
        return SeatingPlan(Layout.SIGNING_TABLE, _numbered(seats), notes)
    start = -(len(parties) - 1) / 2
    seats = [_seat(0, start + i, 0.0, Facing.FRONT, p) for i, p in enumerate(parties)]
    return SeatingPlan(
        Layout.SIGNING_TABLE, _numbered(seats), ["parties in order of precedence, left to right"]
    )


def head_table(people: Sequence[Sitter]) -> SeatingPlan:
    """The first person in the centre, the second on their right, the third on their
    left, and so on outwards; all facing the front."""
    seats = [
        _seat(0, _own_right_to_x(offset, Facing.FRONT), 0.0, Facing.FRONT, person)
        for offset, person in zip(centre_out(len(people)), people, strict=True)
    ]
    return SeatingPlan(Layout.HEAD_TABLE, _numbered(seats), ["precedence from the centre outwards"])


def u_shape(people: Sequence[Sitter], base_seats: int = 5) -> SeatingPlan:
    """The base of the U at the back facing the front, the arms facing each other.

    The first ``base_seats`` people sit at the base, centre outwards; the rest go down
    the arms alternately, the chair's right arm (the diagram's left) first.
    """
    base = list(people[:base_seats])
    arms = list(people[base_seats:])
    half_width = max(base_seats, 1) / 2 + 0.5
    top = float((len(arms) + 1) // 2 + 1)
    seats = [
        _seat(0, _own_right_to_x(offset, Facing.FRONT), top, Facing.FRONT, person)
        for offset, person in zip(centre_out(len(base)), base, strict=True)
    ]
    for index, person in enumerate(arms):
        row = index // 2
        y = top - 1 - row
        if index % 2 == 0:
            seats.append(_seat(0, -half_width, y, Facing.RIGHT, person))
        else:
            seats.append(_seat(0, half_width, y, Facing.LEFT, person))
    return SeatingPlan(
        Layout.U_SHAPE,
        _numbered(seats),
        ["chair at the centre of the base; precedence alternates right arm, left arm"],
    )


def bilateral(
    host_side: Sequence[Sitter],
    guest_side: Sequence[Sitter],
    interpreters: Literal["behind", "beside"] = "behind",
) -> SeatingPlan:
    """Two delegations face to face across a table, principals in the middle.

    The host side sits at the back facing the front, the guests at the front facing
    the back. Members follow their principal's right, left, right... An interpreter
    (role 'interpreter') sits behind the principal, or beside on the principal's left.
    """
    seats: list[Seat] = []
    for sitters, y, facing in ((host_side, 1.0, Facing.FRONT), (guest_side, -1.0, Facing.BACK)):
        interpreter = [s for s in sitters if s.role == DelegationRole.INTERPRETER.value]
        others = [s for s in sitters if s.role != DelegationRole.INTERPRETER.value]
        if interpreter and interpreters == "beside":
            # On the principal's left (offset -1); the members fill the other places.
            offsets = [o for o in centre_out(len(others) + 2) if o != -1][: len(others)]
            seats.append(_seat(0, _own_right_to_x(-1, facing), y, facing, interpreter[0]))
        else:
            offsets = centre_out(len(others))
        for offset, sitter in zip(offsets, others, strict=False):
            seats.append(_seat(0, _own_right_to_x(offset, facing), y, facing, sitter))
        behind = 1.0 if facing is Facing.FRONT else -1.0
        rest = interpreter if interpreters == "behind" else interpreter[1:]
        for index, sitter in enumerate(rest):
            seats.append(_seat(0, float(index), y + behind, facing, sitter))
    return SeatingPlan(
        Layout.BILATERAL,
        _numbered(seats),
        [f"principals face each other; interpreters {interpreters} their principal"],
    )


def theatre(people: Sequence[Sitter], row_length: int = 10) -> SeatingPlan:
    """Rows facing the stage at the front; each row filled from its centre outwards,
    first row first."""
    if row_length < 1:
        raise DomainError("row_length", "a row has at least one seat")
    seats: list[Seat] = []
    for start in range(0, len(people), row_length):
        row = people[start : start + row_length]
        y = float(start // row_length + 1)
        seats.extend(
            _seat(0, _own_right_to_x(offset, Facing.FRONT), y, Facing.FRONT, person)
            for offset, person in zip(centre_out(len(row)), row, strict=True)
        )
    return SeatingPlan(Layout.THEATRE, _numbered(seats), ["rows filled from the centre outwards"])


def _numbered(seats: list[Seat]) -> list[Seat]:
    # Seat numbers read like text on the diagram: back row first, left to right.
    ordered = sorted(seats, key=lambda s: (-s.y, s.x))
    return [replace(seat, number=i + 1) for i, seat in enumerate(ordered)]


def swap_seats(plan: SeatingPlan, first: int, second: int) -> SeatingPlan:
    """The plan with the occupants of two seats exchanged (a drag and drop)."""
    by_number = {seat.number: seat for seat in plan.seats}
    if first not in by_number or second not in by_number:
        raise DomainError("seat", "no such seat number in this plan")
    a, b = by_number[first], by_number[second]

    def occupant(seat: Seat) -> dict[str, Any]:
        return {
            "person_id": seat.person_id,
            "label": seat.label,
            "party_code": seat.party_code,
            "role": seat.role,
            "host_side": seat.host_side,
            "native": seat.native,
        }

    moved = {first: replace(a, **occupant(b)), second: replace(b, **occupant(a))}
    return replace(plan, seats=[moved.get(s.number, s) for s in plan.seats])


# --- from the database --------------------------------------------------------------


def _code(delegation: Delegation) -> str:
    if delegation.organisation is not None and delegation.organisation.acronym:
        return delegation.organisation.acronym
    if delegation.country is not None:
        return delegation.country.alpha3
    return delegation.display_name[:12]


def _sitter(person: Person, code: str, role: str, is_host: bool) -> Sitter:
    return Sitter(person.id, list_name(person), code, role, is_host, native_form(person) or "")


def plan_for_item(
    session: Session,
    programme_item_id: uuid.UUID,
    layout: Layout,
    *,
    host_side: Literal["left", "right"] | None = None,
    interpreters: Literal["behind", "beside"] = "behind",
    guest_delegation_id: uuid.UUID | None = None,
    base_seats: int = 5,
    row_length: int = 10,
) -> SeatingPlan:
    """Generate a plan for a programme item from the event's precedence and roles.

    Signing table: the signatories of the item's signing ceremony, by party
    precedence. Head table and U-shape: the item's chair, then the heads of
    delegation in precedence. Bilateral: the host delegation and the guest delegation
    (the first other one unless named). Theatre: every delegation's members.
    """
    item = records.get(session, ProgrammeItem, programme_item_id)
    event = item.event
    ranked = ordered_delegations(session, event.id)
    host_country = event.host_country_id

    def is_host(delegation: Delegation) -> bool:
        return host_country is not None and delegation.country_id == host_country

    if layout is Layout.SIGNING_TABLE:
        ceremony = session.scalars(
            select(SigningCeremony).where(SigningCeremony.programme_item_id == item.id)
        ).first()
        if ceremony is None:
            raise DomainError("layout", "no signing ceremony is attached to this programme item")
        return signing_table(_signatories(session, ceremony, host_country), host_side)
    if layout is Layout.BILATERAL:
        host = next((r.delegation for r in ranked if is_host(r.delegation)), None)
        guests = [
            r.delegation
            for r in ranked
            if r.delegation is not host
            and (guest_delegation_id is None or r.delegation.id == guest_delegation_id)
        ]
        if host is None or not guests:
            raise DomainError("layout", "a bilateral plan needs a host and a guest delegation")
        sides = [
            [_sitter(m.person, _code(d), m.role, d is host) for m in members_in_order(d)]
            for d in (host, guests[0])
        ]
        return bilateral(sides[0], sides[1], interpreters)
    if layout is Layout.THEATRE:
        people = [
            _sitter(m.person, _code(r.delegation), m.role, is_host(r.delegation))
            for r in ranked
            for m in r.members
        ]
        return theatre(people, row_length)
    heads: list[Sitter] = []
    if item.chair is not None:
        heads.append(_sitter(item.chair, "", "chair", False))
    for r in ranked:
        head = r.members[0] if r.members else None
        if head is not None and head.person_id not in {h.person_id for h in heads}:
            heads.append(
                _sitter(head.person, _code(r.delegation), head.role, is_host(r.delegation))
            )
    if layout is Layout.HEAD_TABLE:
        return head_table(heads)
    return u_shape(heads, base_seats)


def plan_for_ceremony(
    session: Session,
    ceremony_id: uuid.UUID,
    *,
    host_side: Literal["left", "right"] | None = None,
) -> SeatingPlan:
    """The signing table of one ceremony (a programme item may hold several signings)."""
    ceremony = records.get(session, SigningCeremony, ceremony_id)
    return signing_table(_signatories(session, ceremony, ceremony.event.host_country_id), host_side)


def _signatories(
    session: Session, ceremony: SigningCeremony, host_country: uuid.UUID | None
) -> list[Sitter]:
    by_party = {s.party_id: s for s in reversed(ceremony.signatories)}
    sitters = []
    for ranked in ordered_parties(session, ceremony.agreement_id):
        signatory = by_party.get(ranked.party.id)
        if signatory is None:
            continue
        party = ranked.party
        code = (
            party.country.alpha3
            if party.country is not None
            else (
                party.organisation.acronym or party.organisation.name if party.organisation else ""
            )
        )
        sitters.append(
            _sitter(
                signatory.person,
                code,
                "signatory",
                host_country is not None and party.country_id == host_country,
            )
        )
    return sitters


# --- kept adjustments ---------------------------------------------------------------


def save_plan(
    session: Session, programme_item_id: uuid.UUID, plan: SeatingPlan
) -> SeatingPlanRecord:
    """Keep ``plan`` (e.g. after drag and drop) as the item's plan for ``plan.layout``."""
    records.get(session, ProgrammeItem, programme_item_id)
    existing = _stored(session, programme_item_id, plan.layout)
    fields: dict[str, Any] = {
        "seats": [seat.to_json() for seat in plan.seats],
        "settings": {"notes": list(plan.notes)},
    }
    if existing is None:
        return records.create(
            session,
            SeatingPlanRecord,
            programme_item_id=programme_item_id,
            layout=plan.layout.value,
            **fields,
        )
    return records.update(session, SeatingPlanRecord, existing.id, **fields)


def keep_plan(
    session: Session, programme_item_id: uuid.UUID, layout: Layout, plan: SeatingPlan | None
) -> None:
    """Keep ``plan`` for the item, or with None drop the kept one (generated afresh)."""
    if plan is not None:
        save_plan(session, programme_item_id, plan)
        return
    stored = _stored(session, programme_item_id, layout)
    if stored is not None:
        records.delete(session, SeatingPlanRecord, stored.id)


def load_plan(session: Session, programme_item_id: uuid.UUID, layout: Layout) -> SeatingPlan | None:
    """The kept plan of an item, or None when it was never adjusted."""
    stored = _stored(session, programme_item_id, layout)
    if stored is None:
        return None
    notes = [str(n) for n in (stored.settings or {}).get("notes", [])]
    return SeatingPlan(layout, [Seat.from_json(s) for s in stored.seats or []], notes)


def stored_plans(
    session: Session, programme_item_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[SeatingPlan]]:
    """The kept plans of several items at once, in the order of :class:`Layout`."""
    found: dict[uuid.UUID, list[SeatingPlan]] = {}
    if not programme_item_ids:
        return found
    order = list(Layout)
    rows = session.scalars(
        select(SeatingPlanRecord).where(SeatingPlanRecord.programme_item_id.in_(programme_item_ids))
    )
    for stored in sorted(rows, key=lambda r: order.index(Layout(r.layout))):
        notes = [str(n) for n in (stored.settings or {}).get("notes", [])]
        seats = [Seat.from_json(s) for s in stored.seats or []]
        found.setdefault(stored.programme_item_id, []).append(
            SeatingPlan(Layout(stored.layout), seats, notes)
        )
    return found


def with_native_names(session: Session, plan: SeatingPlan) -> SeatingPlan:
    """The plan with each occupant's native-script name as recorded now (a kept plan may
    predate the name, or the native field)."""
    ids = [s.person_id for s in plan.seats if s.person_id is not None]
    if not ids:
        return plan
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
    seats = [
        replace(seat, native=native_form(people[seat.person_id]) or "")
        if seat.person_id in people
        else seat
        for seat in plan.seats
    ]
    return replace(plan, seats=seats)


def _stored(
    session: Session, programme_item_id: uuid.UUID, layout: Layout
) -> SeatingPlanRecord | None:
    return session.scalars(
        select(SeatingPlanRecord).where(
            SeatingPlanRecord.programme_item_id == programme_item_id,
            SeatingPlanRecord.layout == layout.value,
        )
    ).first()
