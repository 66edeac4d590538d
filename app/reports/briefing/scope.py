"""Which records a pack shows: the whole event, or what concerns one delegation or person.

A pack for a delegation or a person keeps the programme items it has a part in
(chair, speaker, signatory, witness) and the items open to every participant;
bilateral meetings and signing ceremonies stay only where the subject takes part.
Its profiles are the people it meets there, its delegations those of the people
in the pack.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.errors import NotFoundError
from app.model import (
    Agreement,
    Delegation,
    DelegationMember,
    Event,
    EventRelation,
    Gift,
    Person,
    ProgrammeItem,
    Signatory,
    SigningCeremony,
    SpeakingRole,
    Witness,
)
from app.model.enums import ProgrammeItemKind
from app.protocol.names import formal_name, native_form, sort_people
from app.protocol.precedence import ordered_delegations
from app.protocol.seating import (
    Layout,
    SeatingPlan,
    plan_for_ceremony,
    stored_plans,
    with_native_names,
)
from app.reports.briefing.options import BriefingOptions, PackKind
from app.services.dossier import programme_order

# Items a participant attends only when taking part in them.
_BY_INVITATION = frozenset(
    {ProgrammeItemKind.BILATERAL_MEETING.value, ProgrammeItemKind.SIGNING_CEREMONY.value}
)


@dataclass
class RankedEntry:
    delegation: Delegation
    position: int
    members: list[DelegationMember]


@dataclass(frozen=True)
class PlanEntry:
    """A seating plan the pack draws: a kept one, or a signing table generated for a
    ceremony."""

    item: ProgrammeItem
    plan: SeatingPlan
    title: str  # e.g. "Opening plenary — U-shape"


@dataclass
class PackContent:
    event: Event
    kind: PackKind
    subject_label: str  # who the pack is for, in words
    subject_native: str | None
    subject_people: set[uuid.UUID]
    relations: list[EventRelation]
    programme: list[ProgrammeItem]
    ceremonies_by_item: dict[uuid.UUID, list[SigningCeremony]]
    delegations: list[RankedEntry]
    profiles: list[Person]
    ceremonies: list[SigningCeremony]
    gifts: list[Gift]
    delegation_of: dict[uuid.UUID, Delegation] = field(default_factory=dict)
    seating: list[PlanEntry] = field(default_factory=list)

    def people(self) -> list[Person]:
        """Everyone the pack names, once each, for font preparation and photos."""
        seen: dict[uuid.UUID, Person] = {}
        for item in self.programme:
            for person in _item_people(item, self.ceremonies_by_item.get(item.id, [])):
                seen.setdefault(person.id, person)
        for entry in self.delegations:
            for member in entry.members:
                seen.setdefault(member.person.id, member.person)
            if entry.delegation.liaison_officer is not None:
                seen.setdefault(
                    entry.delegation.liaison_officer.id, entry.delegation.liaison_officer
                )
        for person in self.profiles:
            seen.setdefault(person.id, person)
        for ceremony in self.ceremonies:
            for person in _ceremony_people(ceremony):
                seen.setdefault(person.id, person)
        return list(seen.values())


def _ceremony_people(ceremony: SigningCeremony) -> list[Person]:
    return [s.person for s in ceremony.signatories] + [w.person for w in ceremony.witnesses]


def _item_people(item: ProgrammeItem, ceremonies: Iterable[SigningCeremony]) -> list[Person]:
    people = [item.chair] if item.chair is not None else []
    people += [role.person for role in item.speakers]
    for ceremony in ceremonies:
        people += _ceremony_people(ceremony)
    return people


def gather(session: Session, event: Event, options: BriefingOptions) -> PackContent:
    programme = sorted(
        session.scalars(
            select(ProgrammeItem)
            .where(ProgrammeItem.event_id == event.id)
            .options(
                selectinload(ProgrammeItem.chair),
                selectinload(ProgrammeItem.speakers).selectinload(SpeakingRole.person),
            )
        ),
        key=programme_order,
    )
    ceremonies = list(
        session.scalars(
            select(SigningCeremony)
            .where(SigningCeremony.event_id == event.id)
            .options(
                selectinload(SigningCeremony.agreement).selectinload(Agreement.parties),
                selectinload(SigningCeremony.signatories).selectinload(Signatory.person),
                selectinload(SigningCeremony.witnesses).selectinload(Witness.person),
            )
        )
    )
    by_item: dict[uuid.UUID, list[SigningCeremony]] = {}
    for ceremony in ceremonies:
        if ceremony.programme_item_id is not None:
            by_item.setdefault(ceremony.programme_item_id, []).append(ceremony)
    # Load members and their people in a few queries rather than one per row.
    list(
        session.scalars(
            select(Delegation)
            .where(Delegation.event_id == event.id)
            .options(
                selectinload(Delegation.members)
                .selectinload(DelegationMember.person)
                .selectinload(Person.organisation),
                selectinload(Delegation.country),
                selectinload(Delegation.organisation),
                selectinload(Delegation.liaison_officer),
            )
        )
    )
    ranked = [
        RankedEntry(r.delegation, r.position, list(r.members))
        for r in ordered_delegations(session, event.id)
    ]
    delegation_of: dict[uuid.UUID, Delegation] = {}
    for entry in ranked:
        for member in entry.members:
            delegation_of.setdefault(member.person_id, entry.delegation)
    gifts = list(session.scalars(select(Gift).where(Gift.event_id == event.id)))
    relations = list(
        session.scalars(select(EventRelation).where(EventRelation.event_id == event.id))
    )
    content = PackContent(
        event=event,
        kind=options.kind,
        subject_label="The whole event",
        subject_native=None,
        subject_people=set(),
        relations=relations,
        programme=programme,
        ceremonies_by_item=by_item,
        delegations=ranked,
        profiles=[],
        ceremonies=ceremonies,
        gifts=gifts,
        delegation_of=delegation_of,
    )
    if options.kind is PackKind.EVENT:
        content.profiles = _event_profiles(content)
    else:
        _narrow(session, content, options)
    content.seating = _seating(session, content)
    return content


def _seating(session: Session, content: PackContent) -> list[PlanEntry]:
    """For each item of the pack, in programme order: its kept plans; and for a signing
    with no kept signing table, one generated per ceremony held there."""
    kept = stored_plans(session, [item.id for item in content.programme])
    in_pack = set(content.ceremonies)
    entries: list[PlanEntry] = []
    for item in content.programme:
        plans = kept.get(item.id, [])
        for plan in plans:
            entries.append(
                PlanEntry(item, with_native_names(session, plan), f"{item.title} — {plan.layout}")
            )
        if any(plan.layout is Layout.SIGNING_TABLE for plan in plans):
            continue
        ceremonies = [c for c in content.ceremonies_by_item.get(item.id, []) if c in in_pack]
        for ceremony in ceremonies:
            if not ceremony.signatories:
                continue
            plan = plan_for_ceremony(session, ceremony.id)
            title = item.title if len(ceremonies) == 1 else ceremony.agreement.title
            entries.append(PlanEntry(item, plan, f"{title} — {plan.layout}"))
    return entries


def _event_profiles(content: PackContent) -> list[Person]:
    """Principals and speakers: heads of delegation, chairs, speakers, signatories, witnesses."""
    wanted: dict[uuid.UUID, Person] = {}
    for item in content.programme:
        for person in _item_people(item, content.ceremonies_by_item.get(item.id, [])):
            wanted.setdefault(person.id, person)
    for ceremony in content.ceremonies:
        for person in _ceremony_people(ceremony):
            wanted.setdefault(person.id, person)
    heads = [
        entry.delegation.head or (entry.members[0].person if entry.members else None)
        for entry in content.delegations
    ]
    return _in_protocol_order(content, [h for h in heads if h is not None], wanted.values())


def _in_protocol_order(
    content: PackContent, first: list[Person], others: Iterable[Person]
) -> list[Person]:
    """Heads in order of precedence, then members by delegation, then the rest by name."""
    result: dict[uuid.UUID, Person] = {p.id: p for p in first}
    pool = {p.id: p for p in others if p.id not in result}
    for entry in content.delegations:
        for member in entry.members:
            if member.person_id in pool:
                result[member.person_id] = pool.pop(member.person_id)
    for person in sort_people(pool.values()):
        result[person.id] = person
    return list(result.values())


def _narrow(session: Session, content: PackContent, options: BriefingOptions) -> None:
    subject_delegation: Delegation | None = None
    if options.kind is PackKind.DELEGATION:
        delegation = session.get(Delegation, options.subject_id)
        if delegation is None or delegation.is_deleted or delegation.event_id != content.event.id:
            raise NotFoundError("delegation", str(options.subject_id))
        subject_delegation = delegation
        people = {m.person_id for m in delegation.members}
        if delegation.head_person_id is not None:
            people.add(delegation.head_person_id)
        content.subject_label = f"Delegation of {delegation.display_name}"
    else:
        person = session.get(Person, options.subject_id)
        if person is None or person.is_deleted:
            raise NotFoundError("person", str(options.subject_id))
        people = {person.id}
        content.subject_label = formal_name(person)
        content.subject_native = native_form(person)
        subject_delegation = content.delegation_of.get(person.id)
    content.subject_people = people
    sides = _sides(subject_delegation)

    def concerns_ceremony(ceremony: SigningCeremony) -> bool:
        if any(p.id in people for p in _ceremony_people(ceremony)):
            return True
        return any(
            (party.organisation_id or party.country_id) in sides
            for party in ceremony.agreement.parties
        )

    ceremonies = [c for c in content.ceremonies if concerns_ceremony(c)]
    met: dict[uuid.UUID, Person] = {}
    programme: list[ProgrammeItem] = []
    for item in content.programme:
        item_ceremonies = content.ceremonies_by_item.get(item.id, [])
        involved = _item_people(item, item_ceremonies)
        takes_part = any(p.id in people for p in involved) or any(
            c in ceremonies for c in item_ceremonies
        )
        if takes_part or item.kind not in _BY_INVITATION:
            programme.append(item)
        if takes_part:
            for other in involved:
                if other.id not in people:
                    met.setdefault(other.id, other)
    for ceremony in ceremonies:
        for other in _ceremony_people(ceremony):
            if other.id not in people:
                met.setdefault(other.id, other)
    in_pack = people | set(met)
    delegations = [
        entry
        for entry in content.delegations
        if entry.delegation is subject_delegation
        or any(m.person_id in in_pack for m in entry.members)
    ]
    gifts = [
        g
        for g in content.gifts
        if {g.giver_person_id, g.recipient_person_id} & people
        or {g.giver_organisation_id, g.recipient_organisation_id} & sides
    ]
    content.programme = programme
    content.ceremonies = ceremonies
    content.delegations = delegations
    content.gifts = gifts
    content.profiles = _in_protocol_order(content, [], met.values())


def _sides(delegation: Delegation | None) -> set[uuid.UUID | None]:
    """The organisation and country a delegation speaks for, as agreement parties name them."""
    if delegation is None:
        return set()
    sides = {delegation.organisation_id, delegation.country_id}
    sides.discard(None)
    return sides
