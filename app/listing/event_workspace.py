"""Lists inside one event's workspace (scope = the event id) and their detail lists.

Like the main lists, keys come from Core statements that hide soft-deleted rows by
:func:`~app.listing.base.live`; people are filtered by their stored search key (every
spelling and script).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from sqlalchemy import Connection, func, select

from app.listing.base import (
    Listing,
    ListKeys,
    SortKeys,
    as_uuids,
    cached_fold,
    core_rows,
    enum_label,
    keys_from_rows,
    live,
    live_join,
    organisation_label,
    person_name,
    sort_text,
    stored_key,
)
from app.model import (
    Agreement,
    AgreementParty,
    AgreementStatusChange,
    Country,
    Delegation,
    DelegationMember,
    Event,
    EventOrganiser,
    EventRelation,
    Gift,
    Organisation,
    Person,
    ProgrammeItem,
    Signatory,
    SigningCeremony,
    SpeakingRole,
    Witness,
)
from app.model.enums import DelegationRole

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

PERSON = Person.__table__
ORGANISATION = Organisation.__table__
COUNTRY = Country.__table__
ITEM = ProgrammeItem.__table__
ROLE = SpeakingRole.__table__
DELEGATION = Delegation.__table__
MEMBER = DelegationMember.__table__
AGREEMENT = Agreement.__table__
PARTY = AgreementParty.__table__
CEREMONY = SigningCeremony.__table__
SIGNATORY = Signatory.__table__
WITNESS = Witness.__table__
GIFT = Gift.__table__
STATUS_CHANGE = AgreementStatusChange.__table__
EVENT = Event.__table__
ORGANISER = EventOrganiser.__table__
RELATION = EventRelation.__table__


def time_text(moment: datetime | None) -> str:
    return f"{moment:%H:%M}" if moment else ""


def time_range(starts: datetime | None, ends: datetime | None) -> str:
    return "–".join(t for t in (time_text(starts), time_text(ends)) if t)


def day_text(day_number: int | None, starts: datetime | None) -> str:
    """'Day 1 · Tue 12 Sep', or whichever half is known."""
    parts = [f"Day {day_number}" if day_number else "", f"{starts:%a %-d %b}" if starts else ""]
    return " · ".join(p for p in parts if p)


def _names_by(
    reader: Session | Connection, link: Any, owner: str, ids: list[Any]
) -> dict[Any, list[str]]:
    """Person names per owner row (speakers of an item, signatories of a ceremony...)."""
    owner_column = link.c[owner]
    rows = core_rows(
        reader,
        select(
            stored_key(owner_column),
            PERSON.c.given_names,
            PERSON.c.family_name,
            PERSON.c.family_name_first,
        )
        .select_from(link.join(PERSON, live_join(PERSON, link.c.person_id)))
        .where(owner_column.in_(as_uuids(ids)), live(link))
        .order_by(owner_column, link.c.sort_order),
    )
    names: dict[Any, list[str]] = defaultdict(list)
    for key, given, family, first in rows:
        names[key].append(person_name(given, family, first))
    return names


class ScopedListing(Listing):
    """The rows of ``table`` whose ``scope_column`` is the scope, read with one Core
    query, in ``_order()``, each shown through ``_values`` (one value per column)."""

    table: ClassVar[Any]
    scope_column: ClassVar[str]

    def _query(self) -> Any:
        raise NotImplementedError

    @staticmethod
    def _values(r: Any) -> tuple[Any, ...]:
        raise NotImplementedError

    def _listing_order(self) -> tuple[Any, ...]:
        return ()

    def _listed_rows(self, reader: Session | Connection) -> list[Any]:
        statement = self._query().where(
            self.table.c[self.scope_column] == self.scope, live(self.table)
        )
        return list(core_rows(reader, statement.order_by(*self._listing_order())))

    def _row(self, r: Any) -> tuple[Any, ...]:
        return self.Row(*self._values(r))

    def load_keys(self, reader: Session | Connection) -> ListKeys:
        rows = self._listed_rows(reader)
        return keys_from_rows([(r[0], *self._values(r)) for r in rows], len(self.columns()), None)

    def fetch_rows(
        self, reader: Session | Connection, ids: list[Any]
    ) -> Mapping[Any, tuple[Any, ...]]:
        rows = core_rows(reader, self._query().where(self.table.c.id.in_(as_uuids(ids))))
        return {r[0]: self._row(r) for r in rows}


class ProgrammeRow(NamedTuple):
    day: str
    time: str
    title: str
    kind: str
    place: str | None
    speakers: str


class ProgrammeListing(Listing):
    """The programme by day, with times, rooms and speakers; natural order is the agenda."""

    Row: ClassVar[type[tuple[Any, ...]]] = ProgrammeRow

    def load_keys(self, reader: Session | Connection) -> ListKeys:
        rows = core_rows(
            reader,
            select(
                stored_key(ITEM.c.id),
                ITEM.c.day_number,
                ITEM.c.starts_at,
                ITEM.c.title,
                ITEM.c.kind,
                ITEM.c.place,
                ITEM.c.sort_order,
            ).where(ITEM.c.event_id == self.scope, live(ITEM)),
        )

        def agenda(r: Any) -> tuple[object, ...]:
            return (
                r[1] is None and r[2] is None,
                r[2].date() if r[2] else date.min,
                r[1] or 0,
                r[2] or datetime.min,
                r[6],
            )

        rows = sorted(rows, key=agenda)
        ids = [r[0] for r in rows]
        sort_keys: list[SortKeys] = [
            lambda: [f"{r[1] or 0:04d}{r[2].isoformat() if r[2] else ''}" for r in rows],
            lambda: [r[2].strftime("%H:%M") if r[2] else "" for r in rows],
            lambda: [sort_text(r[3]) for r in rows],
            lambda: [sort_text(r[4]) for r in rows],
            lambda: [sort_text(r[5]) for r in rows],
            lambda: ["" for _ in rows],
        ]
        filters = [" | ".join(cached_fold(v) for v in (r[3], r[4], r[5]) if v) for r in rows]
        return ListKeys(ids, sort_keys, filters)

    def fetch_rows(
        self, reader: Session | Connection, ids: list[Any]
    ) -> Mapping[Any, ProgrammeRow]:
        rows = core_rows(
            reader,
            select(
                stored_key(ITEM.c.id),
                ITEM.c.day_number,
                ITEM.c.starts_at,
                ITEM.c.ends_at,
                ITEM.c.title,
                ITEM.c.kind,
                ITEM.c.place,
            ).where(ITEM.c.id.in_(as_uuids(ids))),
        )
        speakers = _names_by(reader, ROLE, "programme_item_id", ids)
        return {
            r[0]: ProgrammeRow(
                day_text(r[1], r[2]),
                time_range(r[2], r[3]),
                r[4],
                enum_label(r[5]),
                r[6],
                ", ".join(speakers.get(r[0], [])),
            )
            for r in rows
        }


class DelegationRow(NamedTuple):
    delegation: str
    head: str
    members: int
    status: str
    hotel: str | None


class DelegationsListing(ScopedListing):
    Row: ClassVar[type[tuple[Any, ...]]] = DelegationRow
    table = DELEGATION
    scope_column = "event_id"

    def _query(self) -> Any:
        head = PERSON.alias("head")
        members = (
            select(func.count())
            .select_from(MEMBER)
            .where(MEMBER.c.delegation_id == DELEGATION.c.id, live(MEMBER))
            .scalar_subquery()
        )
        return select(
            stored_key(DELEGATION.c.id),
            DELEGATION.c.name,
            COUNTRY.c.name_en,
            ORGANISATION.c.name,
            ORGANISATION.c.acronym,
            head.c.given_names,
            head.c.family_name,
            head.c.family_name_first,
            members,
            DELEGATION.c.status,
            DELEGATION.c.hotel,
        ).select_from(
            DELEGATION.outerjoin(COUNTRY, live_join(COUNTRY, DELEGATION.c.country_id))
            .outerjoin(ORGANISATION, live_join(ORGANISATION, DELEGATION.c.organisation_id))
            .outerjoin(head, live_join(head, DELEGATION.c.head_person_id))
        )

    @staticmethod
    def _values(r: Any) -> tuple[Any, ...]:
        organisation = organisation_label(r[3], r[4])
        name = r[1] or (
            f"{r[2]} — {organisation}" if r[2] and organisation else r[2] or organisation
        )
        return (
            name or "(unnamed delegation)",
            person_name(r[5], r[6], r[7]),
            r[8],
            enum_label(r[9]),
            r[10],
        )

    def load_keys(self, reader: Session | Connection) -> ListKeys:
        values = [(r[0], *self._values(r)) for r in self._listed_rows(reader)]
        values.sort(key=lambda v: sort_text(v[1]))
        ids, sort_keys, filters = keys_from_rows(values, 5, None)
        sort_keys[2] = [f"{v[3] or 0:06d}" for v in values]
        return ListKeys(ids, sort_keys, filters)


class MemberRow(NamedTuple):
    name: str
    role: str
    native_name: str | None
    position: str | None


class MembersListing(Listing):
    """Members of one delegation (scope = delegation id): head first, then notified order."""

    Row: ClassVar[type[tuple[Any, ...]]] = MemberRow

    def __init__(self, db: Any, scope: Any = None) -> None:
        super().__init__(db, scope)
        self._values: dict[Any, MemberRow] = {}
        self._roles: dict[Any, str] = {}

    def load_keys(self, reader: Session | Connection) -> ListKeys:
        from app.listing.base import connection_of

        head_id = connection_of(reader).scalar(
            select(stored_key(DELEGATION.c.head_person_id)).where(DELEGATION.c.id == self.scope)
        )
        rows = core_rows(
            reader,
            select(
                stored_key(MEMBER.c.person_id),
                PERSON.c.given_names,
                PERSON.c.family_name,
                PERSON.c.family_name_first,
                MEMBER.c.role,
                PERSON.c.native_name,
                PERSON.c.position,
                MEMBER.c.sort_order,
            )
            .select_from(MEMBER.join(PERSON, live_join(PERSON, MEMBER.c.person_id)))
            .where(MEMBER.c.delegation_id == self.scope, live(MEMBER)),
        )
        rows = sorted(rows, key=lambda r: (r[0] != head_id, r[7]))
        self._values = {
            r[0]: MemberRow(person_name(r[1], r[2], r[3]), enum_label(r[4]), r[5], r[6])
            for r in rows
        }
        self._roles = {r[0]: r[4] for r in rows}
        return keys_from_rows([(r[0], *self._values[r[0]]) for r in rows], 4, None)

    def rows(self, ids: list[Any]) -> Mapping[Any, MemberRow]:
        # Delegations are small; the values read with the keys are reused.
        return {key: self._values[key] for key in ids if key in self._values}

    def is_head(self, person_key: Any) -> bool:
        return self._roles.get(person_key) == DelegationRole.HEAD.value


class SpeakerRow(NamedTuple):
    speaker: str
    role: str
    programme_item: str
    topic: str | None
    minutes: int | None
    status: str


class SpeakersListing(ScopedListing):
    Row: ClassVar[type[tuple[Any, ...]]] = SpeakerRow
    table = ROLE
    scope_column = "programme_item_id"

    def _query(self) -> Any:
        return select(
            stored_key(ROLE.c.id),
            PERSON.c.given_names,
            PERSON.c.family_name,
            PERSON.c.family_name_first,
            ROLE.c.role,
            ITEM.c.title,
            ROLE.c.topic,
            ROLE.c.planned_minutes,
            ROLE.c.status,
            PERSON.c.search_key,
        ).select_from(
            ROLE.join(PERSON, live_join(PERSON, ROLE.c.person_id)).join(
                ITEM, live_join(ITEM, ROLE.c.programme_item_id)
            )
        )

    @staticmethod
    def _values(r: Any) -> tuple[Any, ...]:
        return (
            person_name(r[1], r[2], r[3]),
            enum_label(r[4]),
            r[5],
            r[6],
            r[7],
            enum_label(r[8]),
        )

    def load_keys(self, reader: Session | Connection) -> ListKeys:
        # Scope is the event: every speaker of every item, in agenda order.
        rows = core_rows(
            reader,
            self._query()
            .where(ITEM.c.event_id == self.scope, live(ROLE))
            .order_by(ITEM.c.starts_at, ITEM.c.sort_order, ROLE.c.sort_order),
        )
        ids = [r[0] for r in rows]
        sort_keys: list[SortKeys] = [
            lambda: [f"{sort_text(r[2])} {sort_text(r[1])}" for r in rows],
            lambda: [sort_text(r[4]) for r in rows],
            lambda: [sort_text(r[5]) for r in rows],
            lambda: [sort_text(r[6]) for r in rows],
            lambda: [f"{r[7] or 0:06d}" for r in rows],
            lambda: [sort_text(r[8]) for r in rows],
        ]
        # The person's stored search key holds every spelling and script of the name.
        filters = [
            " | ".join((r[9] or "", cached_fold(r[4]), cached_fold(r[5]), cached_fold(r[6])))
            for r in rows
        ]
        return ListKeys(ids, sort_keys, filters)


class CeremonyRow(NamedTuple):
    agreement: str
    when: str
    programme_item: str | None
    signatories: str


class CeremoniesListing(Listing):
    Row: ClassVar[type[tuple[Any, ...]]] = CeremonyRow

    @staticmethod
    def _query() -> Any:
        return select(
            stored_key(CEREMONY.c.id),
            AGREEMENT.c.title,
            ITEM.c.day_number,
            ITEM.c.starts_at,
            ITEM.c.ends_at,
            ITEM.c.title,
        ).select_from(
            CEREMONY.join(AGREEMENT, live_join(AGREEMENT, CEREMONY.c.agreement_id)).outerjoin(
                ITEM, live_join(ITEM, CEREMONY.c.programme_item_id)
            )
        )

    @staticmethod
    def _when(r: Any) -> str:
        return " ".join(p for p in (day_text(r[2], r[3]), time_range(r[3], r[4])) if p)

    def load_keys(self, reader: Session | Connection) -> ListKeys:
        rows = core_rows(
            reader,
            self._query()
            .where(CEREMONY.c.event_id == self.scope, live(CEREMONY))
            .order_by(ITEM.c.starts_at, AGREEMENT.c.title),
        )
        values = [(r[0], r[1], self._when(r), r[5]) for r in rows]
        ids, sort_keys, filters = keys_from_rows(values, 3, None)
        sort_keys[1] = [r[3].isoformat() if r[3] else "" for r in rows]
        sort_keys.append(["" for _ in rows])
        return ListKeys(ids, sort_keys, filters)

    def fetch_rows(self, reader: Session | Connection, ids: list[Any]) -> Mapping[Any, CeremonyRow]:
        rows = core_rows(reader, self._query().where(CEREMONY.c.id.in_(as_uuids(ids))))
        names = _names_by(reader, SIGNATORY, "ceremony_id", ids)
        return {
            r[0]: CeremonyRow(r[1], self._when(r), r[5], ", ".join(names.get(r[0], [])))
            for r in rows
        }


def _party_query() -> Any:
    return select(
        stored_key(PARTY.c.id),
        ORGANISATION.c.name,
        ORGANISATION.c.acronym,
        COUNTRY.c.name_en,
        PARTY.c.sort_order,
    ).select_from(
        PARTY.outerjoin(ORGANISATION, live_join(ORGANISATION, PARTY.c.organisation_id)).outerjoin(
            COUNTRY, live_join(COUNTRY, PARTY.c.country_id)
        )
    )


def _party_values(r: Sequence[Any]) -> tuple[str, str]:
    if r[1]:
        return (organisation_label(r[1], r[2]), "Organisation")
    return (r[3] or "(unknown party)", "Country")


class PartyRow(NamedTuple):
    party: str
    kind: str


class PartiesListing(ScopedListing):
    """Parties of one agreement (scope = agreement id), in their listed order."""

    Row: ClassVar[type[tuple[Any, ...]]] = PartyRow
    table = PARTY
    scope_column = "agreement_id"

    def _query(self) -> Any:
        return _party_query()

    @staticmethod
    def _values(r: Any) -> tuple[Any, ...]:
        return _party_values(r)

    def _listing_order(self) -> tuple[Any, ...]:
        return (PARTY.c.sort_order,)


class SignatoryRow(NamedTuple):
    signatory: str
    signs_for: str
    seat: str | None


class SignatoriesListing(ScopedListing):
    """Signatories of one ceremony (scope = ceremony id)."""

    Row: ClassVar[type[tuple[Any, ...]]] = SignatoryRow
    table = SIGNATORY
    scope_column = "ceremony_id"

    def _query(self) -> Any:
        return select(
            stored_key(SIGNATORY.c.id),
            PERSON.c.given_names,
            PERSON.c.family_name,
            PERSON.c.family_name_first,
            ORGANISATION.c.name,
            ORGANISATION.c.acronym,
            COUNTRY.c.name_en,
            SIGNATORY.c.seat,
        ).select_from(
            SIGNATORY.join(PERSON, live_join(PERSON, SIGNATORY.c.person_id))
            .join(PARTY, live_join(PARTY, SIGNATORY.c.party_id))
            .outerjoin(ORGANISATION, live_join(ORGANISATION, PARTY.c.organisation_id))
            .outerjoin(COUNTRY, live_join(COUNTRY, PARTY.c.country_id))
        )

    @staticmethod
    def _values(r: Any) -> tuple[Any, ...]:
        party = _party_values((None, r[4], r[5], r[6]))[0]
        return (person_name(r[1], r[2], r[3]), party, r[7])

    def _listing_order(self) -> tuple[Any, ...]:
        return (SIGNATORY.c.sort_order,)


class WitnessRow(NamedTuple):
    witness: str
    role: str | None
    position: str | None


class WitnessesListing(ScopedListing):
    """Witnesses of one ceremony (scope = ceremony id)."""

    Row: ClassVar[type[tuple[Any, ...]]] = WitnessRow
    table = WITNESS
    scope_column = "ceremony_id"

    def _query(self) -> Any:
        return select(
            stored_key(WITNESS.c.id),
            PERSON.c.given_names,
            PERSON.c.family_name,
            PERSON.c.family_name_first,
            WITNESS.c.role,
            PERSON.c.position,
        ).select_from(WITNESS.join(PERSON, live_join(PERSON, WITNESS.c.person_id)))

    @staticmethod
    def _values(r: Any) -> tuple[Any, ...]:
        return (person_name(r[1], r[2], r[3]), r[4], r[5])

    def _listing_order(self) -> tuple[Any, ...]:
        return (PERSON.c.family_name,)


class StatusChangeRow(NamedTuple):
    changed: str
    from_status: str
    to_status: str
    reason: str


class StatusHistoryListing(ScopedListing):
    """An agreement's status changes (scope = agreement id), oldest first."""

    Row: ClassVar[type[tuple[Any, ...]]] = StatusChangeRow
    table = STATUS_CHANGE
    scope_column = "agreement_id"

    def _query(self) -> Any:
        return select(
            stored_key(STATUS_CHANGE.c.id),
            STATUS_CHANGE.c.changed_at,
            STATUS_CHANGE.c.from_status,
            STATUS_CHANGE.c.to_status,
            STATUS_CHANGE.c.forced,
            STATUS_CHANGE.c.reason,
        )

    @staticmethod
    def _values(r: Any) -> tuple[Any, ...]:
        moment: datetime | None = r[1]
        when = f"{moment:%-d %b %Y %H:%M}" if moment else ""
        reason = r[5] or ""
        if r[4]:
            reason = f"Steps skipped{': ' + reason if reason else ''}"
        return (when, enum_label(r[2]) or "—", enum_label(r[3]), reason)

    def _listing_order(self) -> tuple[Any, ...]:
        return (STATUS_CHANGE.c.changed_at,)


class GiftRow(NamedTuple):
    description: str
    direction: str
    giver: str
    recipient: str
    value: str
    disposition: str


class GiftsListing(ScopedListing):
    Row: ClassVar[type[tuple[Any, ...]]] = GiftRow
    table = GIFT
    scope_column = "event_id"

    def _query(self) -> Any:
        giver, recipient = PERSON.alias("giver"), PERSON.alias("recipient")
        giver_org = ORGANISATION.alias("giver_org")
        recipient_org = ORGANISATION.alias("recipient_org")
        return select(
            stored_key(GIFT.c.id),
            GIFT.c.description,
            GIFT.c.direction,
            giver.c.given_names,
            giver.c.family_name,
            giver.c.family_name_first,
            giver_org.c.name,
            recipient.c.given_names,
            recipient.c.family_name,
            recipient.c.family_name_first,
            recipient_org.c.name,
            GIFT.c.estimated_value,
            GIFT.c.currency,
            GIFT.c.disposition,
        ).select_from(
            GIFT.outerjoin(giver, live_join(giver, GIFT.c.giver_person_id))
            .outerjoin(giver_org, live_join(giver_org, GIFT.c.giver_organisation_id))
            .outerjoin(recipient, live_join(recipient, GIFT.c.recipient_person_id))
            .outerjoin(recipient_org, live_join(recipient_org, GIFT.c.recipient_organisation_id))
        )

    @staticmethod
    def _values(r: Any) -> tuple[Any, ...]:
        def party(person: str, organisation: str | None) -> str:
            return ", ".join(p for p in (person, organisation) if p)

        value = f"{r[11]:,.2f} {r[12] or ''}".strip() if r[11] is not None else ""
        return (
            r[1],
            enum_label(r[2]),
            party(person_name(r[3], r[4], r[5]), r[6]),
            party(person_name(r[7], r[8], r[9]), r[10]),
            value,
            enum_label(r[13]),
        )

    def load_keys(self, reader: Session | Connection) -> ListKeys:
        rows = self._listed_rows(reader)
        values = [(r[0], *self._values(r)) for r in rows]
        ids, sort_keys, filters = keys_from_rows(values, 6, None)
        sort_keys[4] = [f"{r[11] or 0:015.2f}" for r in rows]
        return ListKeys(ids, sort_keys, filters)


class OrganiserRow(NamedTuple):
    organiser: str
    role: str


class OrganisersListing(ScopedListing):
    """The organisations organising one event (scope = event id), in their order."""

    Row: ClassVar[type[tuple[Any, ...]]] = OrganiserRow
    table = ORGANISER
    scope_column = "event_id"

    def _query(self) -> Any:
        return select(
            stored_key(ORGANISER.c.id),
            ORGANISATION.c.name,
            ORGANISATION.c.acronym,
            ORGANISER.c.role,
        ).select_from(
            ORGANISER.join(ORGANISATION, live_join(ORGANISATION, ORGANISER.c.organisation_id))
        )

    @staticmethod
    def _values(r: Any) -> tuple[Any, ...]:
        return (organisation_label(r[1], r[2]), r[3] or "")

    def _listing_order(self) -> tuple[Any, ...]:
        return (ORGANISER.c.sort_order, ORGANISATION.c.name)


class RelatedEventRow(NamedTuple):
    relation: str
    event: str
    place: str


class RelatedEventsListing(ScopedListing):
    """Events linked to one event (scope = event id): 'timed to coincide with' a summit."""

    Row: ClassVar[type[tuple[Any, ...]]] = RelatedEventRow
    table = RELATION
    scope_column = "event_id"

    def _query(self) -> Any:
        return select(
            stored_key(RELATION.c.id), RELATION.c.relation, EVENT.c.title, EVENT.c.city
        ).select_from(RELATION.join(EVENT, live_join(EVENT, RELATION.c.related_event_id)))

    @staticmethod
    def _values(r: Any) -> tuple[Any, ...]:
        return (r[1], r[2], r[3] or "")

    def _listing_order(self) -> tuple[Any, ...]:
        return (EVENT.c.start_date, EVENT.c.title)
