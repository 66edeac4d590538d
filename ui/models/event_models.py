"""Lists inside one event's workspace (scope = the event id) and their detail lists."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from app.model import (
    Agreement,
    AgreementParty,
    Country,
    Delegation,
    DelegationMember,
    Gift,
    Organisation,
    Person,
    ProgrammeItem,
    Signatory,
    SigningCeremony,
    SpeakingRole,
)
from app.model.enums import DelegationRole
from app.textnorm import fold
from ui.models.base import RecordKeys, RecordTableModel, keys_from_rows, sort_text
from ui.models.lists import person_name


def _folded_keys(rows: Sequence[Sequence[Any]], columns: int) -> RecordKeys:
    ids, sort_keys, _ = keys_from_rows(rows, columns, None)
    filters = [fold(" | ".join(str(v) for v in r[1:] if v is not None)) for r in rows]
    return ids, sort_keys, filters


def _names_by(
    session: Session, link: Any, owner_column: Any, ids: list[Any], order: Any
) -> dict[Any, list[str]]:
    rows = session.execute(
        select(owner_column, Person.given_names, Person.family_name, Person.family_name_first)
        .join(Person, link.person_id == Person.id)
        .where(owner_column.in_(ids))
        .order_by(owner_column, order)
    ).all()
    names: dict[Any, list[str]] = defaultdict(list)
    for owner, given, family, first in rows:
        names[owner].append(person_name(given, family, first))
    return names


def _time_text(moment: datetime | None) -> str:
    return f"{moment:%H:%M}" if moment else ""


class ProgrammeModel(RecordTableModel):
    """The programme by day, with times, rooms and speakers; natural order is the agenda."""

    headers = ("Day", "Time", "Title", "Kind", "Place", "Speakers")
    record_kind = ProgrammeItem
    scoped = True
    depends_on = frozenset({"SpeakingRole", "Person"})

    def load_keys(self, session: Session) -> RecordKeys:
        rows = session.execute(
            select(
                ProgrammeItem.id,
                ProgrammeItem.day_number,
                ProgrammeItem.starts_at,
                ProgrammeItem.title,
                ProgrammeItem.kind,
                ProgrammeItem.place,
                ProgrammeItem.sort_order,
            ).where(ProgrammeItem.event_id == self.scope)
        ).all()

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
        sort_keys = [
            [f"{r[1] or 0:04d}" for r in rows],
            [r[2].isoformat() if r[2] else "" for r in rows],
            *([sort_text(r[c]) for r in rows] for c in (3, 4, 5)),
            ["" for _ in rows],
        ]
        filters = [fold(" | ".join(v for v in (r[3], r[4], r[5]) if v)) for r in rows]
        return ids, sort_keys, filters

    def fetch_rows(self, session: Session, ids: list[Any]) -> dict[Any, Sequence[Any]]:
        rows = session.execute(
            select(
                ProgrammeItem.id,
                ProgrammeItem.day_number,
                ProgrammeItem.starts_at,
                ProgrammeItem.ends_at,
                ProgrammeItem.title,
                ProgrammeItem.kind,
                ProgrammeItem.place,
            ).where(ProgrammeItem.id.in_(ids))
        ).all()
        speakers = _names_by(
            session, SpeakingRole, SpeakingRole.programme_item_id, ids, SpeakingRole.sort_order
        )
        result: dict[Any, Sequence[Any]] = {}
        for r in rows:
            day = f"Day {r[1]}" if r[1] else ""
            if r[2]:
                day = f"{day} · {r[2]:%a %d %b}".strip(" ·")
            times = "–".join(t for t in (_time_text(r[2]), _time_text(r[3])) if t)
            result[r[0]] = (day, times, r[4], r[5], r[6], ", ".join(speakers.get(r[0], [])))
        return result


class DelegationsModel(RecordTableModel):
    headers = ("Delegation", "Head", "Members", "Status", "Hotel")
    record_kind = Delegation
    scoped = True
    depends_on = frozenset({"DelegationMember", "Person", "Organisation"})

    def _query(self) -> Any:
        head = aliased(Person)
        members = (
            select(func.count(DelegationMember.id))
            .where(
                DelegationMember.delegation_id == Delegation.id,
                DelegationMember.deleted_at.is_(None),
            )
            .scalar_subquery()
        )
        return (
            select(
                Delegation.id,
                Delegation.name,
                Country.name_en,
                Organisation.name,
                Organisation.acronym,
                head.given_names,
                head.family_name,
                head.family_name_first,
                members,
                Delegation.status,
                Delegation.hotel,
            )
            .select_from(Delegation)
            .outerjoin(Country, Delegation.country_id == Country.id)
            .outerjoin(Organisation, Delegation.organisation_id == Organisation.id)
            .outerjoin(head, Delegation.head_person_id == head.id)
        )

    @staticmethod
    def _values(r: Any) -> tuple[Any, ...]:
        organisation = f"{r[3]} ({r[4]})" if r[3] and r[4] else r[3]
        name = r[1] or (
            f"{r[2]} — {organisation}" if r[2] and organisation else r[2] or organisation
        )
        return (name or "(unnamed delegation)", person_name(r[5], r[6], r[7]), r[8], r[9], r[10])

    def load_keys(self, session: Session) -> RecordKeys:
        rows = session.execute(self._query().where(Delegation.event_id == self.scope)).all()
        values = [(r[0], *self._values(r)) for r in rows]
        values.sort(key=lambda v: sort_text(v[1]))
        ids, sort_keys, filters = _folded_keys(values, 5)
        sort_keys[2] = [f"{v[3] or 0:06d}" for v in values]
        return ids, sort_keys, filters

    def fetch_rows(self, session: Session, ids: list[Any]) -> dict[Any, Sequence[Any]]:
        rows = session.execute(self._query().where(Delegation.id.in_(ids))).all()
        return {r[0]: self._values(r) for r in rows}


class MembersModel(RecordTableModel):
    """Members of one delegation (scope = delegation id): head first, then notified order."""

    headers = ("Name", "Role", "Native name", "Position")
    record_kind = DelegationMember
    scoped = True
    depends_on = frozenset({"Person", "Delegation"})
    sortable = False

    def load_keys(self, session: Session) -> RecordKeys:
        head_id = session.scalar(
            select(Delegation.head_person_id).where(Delegation.id == self.scope)
        )
        rows = session.execute(
            select(
                DelegationMember.person_id,
                Person.given_names,
                Person.family_name,
                Person.family_name_first,
                DelegationMember.role,
                Person.native_name,
                Person.position,
                DelegationMember.sort_order,
            )
            .join(Person, DelegationMember.person_id == Person.id)
            .where(DelegationMember.delegation_id == self.scope)
        ).all()
        rows = sorted(rows, key=lambda r: (r[0] != head_id, r[7]))
        self._values = {r[0]: (person_name(r[1], r[2], r[3]), r[4], r[5], r[6]) for r in rows}
        values = [(r[0], *self._values[r[0]]) for r in rows]
        return _folded_keys(values, 4)

    def fetch_rows(self, session: Session, ids: list[Any]) -> dict[Any, Sequence[Any]]:
        # Delegations are small; the values read with the keys are reused.
        return {key: self._values[key] for key in ids if key in self._values}

    def notified_order(self) -> list[Any]:
        """Person ids in the stored notified order (the head is not moved first here)."""
        return list(self._ids)

    def is_head(self, row: int) -> bool:
        values = self.row_values(row)
        return bool(values) and values[1] == DelegationRole.HEAD.value


class SpeakersModel(RecordTableModel):
    headers = ("Speaker", "Role", "Programme item", "Topic", "Minutes", "Status")
    record_kind = SpeakingRole
    scoped = True
    depends_on = frozenset({"Person", "ProgrammeItem"})

    def _query(self) -> Any:
        return (
            select(
                SpeakingRole.id,
                Person.given_names,
                Person.family_name,
                Person.family_name_first,
                SpeakingRole.role,
                ProgrammeItem.title,
                SpeakingRole.topic,
                SpeakingRole.planned_minutes,
                SpeakingRole.status,
            )
            .join(Person, SpeakingRole.person_id == Person.id)
            .join(ProgrammeItem, SpeakingRole.programme_item_id == ProgrammeItem.id)
        )

    @staticmethod
    def _values(r: Any) -> tuple[Any, ...]:
        return (person_name(r[1], r[2], r[3]), r[4], r[5], r[6], r[7], r[8])

    def load_keys(self, session: Session) -> RecordKeys:
        rows = session.execute(
            self._query()
            .where(ProgrammeItem.event_id == self.scope)
            .order_by(ProgrammeItem.starts_at, ProgrammeItem.sort_order, SpeakingRole.sort_order)
        ).all()
        values = [(r[0], *self._values(r)) for r in rows]
        ids, sort_keys, filters = _folded_keys(values, 6)
        sort_keys[4] = [f"{v[5] or 0:06d}" for v in values]
        return ids, sort_keys, filters

    def fetch_rows(self, session: Session, ids: list[Any]) -> dict[Any, Sequence[Any]]:
        rows = session.execute(self._query().where(SpeakingRole.id.in_(ids))).all()
        return {r[0]: self._values(r) for r in rows}


class CeremoniesModel(RecordTableModel):
    headers = ("Agreement", "Programme item", "Signatories")
    record_kind = SigningCeremony
    scoped = True
    depends_on = frozenset({"Signatory", "Agreement", "ProgrammeItem", "Person"})

    def _query(self) -> Any:
        return (
            select(SigningCeremony.id, Agreement.title, ProgrammeItem.title)
            .join(Agreement, SigningCeremony.agreement_id == Agreement.id)
            .outerjoin(ProgrammeItem, SigningCeremony.programme_item_id == ProgrammeItem.id)
        )

    def load_keys(self, session: Session) -> RecordKeys:
        rows = session.execute(self._query().where(SigningCeremony.event_id == self.scope)).all()
        ids, sort_keys, filters = _folded_keys(rows, 2)
        sort_keys.append(["" for _ in rows])
        return ids, sort_keys, filters

    def fetch_rows(self, session: Session, ids: list[Any]) -> dict[Any, Sequence[Any]]:
        rows = session.execute(self._query().where(SigningCeremony.id.in_(ids))).all()
        names = _names_by(session, Signatory, Signatory.ceremony_id, ids, Signatory.sort_order)
        return {r[0]: (r[1], r[2], ", ".join(names.get(r[0], []))) for r in rows}


def _party_query() -> Any:
    return (
        select(
            AgreementParty.id,
            Organisation.name,
            Organisation.acronym,
            Country.name_en,
            AgreementParty.sort_order,
        )
        .outerjoin(Organisation, AgreementParty.organisation_id == Organisation.id)
        .outerjoin(Country, AgreementParty.country_id == Country.id)
    )


def _party_values(r: Any) -> tuple[Any, ...]:
    if r[1]:
        return (f"{r[1]} ({r[2]})" if r[2] else r[1], "organisation")
    return (r[3] or "(unknown party)", "country")


class PartiesModel(RecordTableModel):
    """Parties of one agreement (scope = agreement id), in their listed order."""

    headers = ("Party", "Kind")
    record_kind = AgreementParty
    scoped = True
    depends_on = frozenset({"Organisation"})

    def load_keys(self, session: Session) -> RecordKeys:
        rows = session.execute(
            _party_query()
            .where(AgreementParty.agreement_id == self.scope)
            .order_by(AgreementParty.sort_order)
        ).all()
        return _folded_keys([(r[0], *_party_values(r)) for r in rows], 2)

    def fetch_rows(self, session: Session, ids: list[Any]) -> dict[Any, Sequence[Any]]:
        rows = session.execute(_party_query().where(AgreementParty.id.in_(ids))).all()
        return {r[0]: _party_values(r) for r in rows}


class SignatoriesModel(RecordTableModel):
    """Signatories of one ceremony (scope = ceremony id)."""

    headers = ("Signatory", "Signs for", "Seat")
    record_kind = Signatory
    scoped = True
    depends_on = frozenset({"Person", "AgreementParty", "Organisation"})

    def _query(self) -> Any:
        return (
            select(
                Signatory.id,
                Person.given_names,
                Person.family_name,
                Person.family_name_first,
                Organisation.name,
                Organisation.acronym,
                Country.name_en,
                Signatory.seat,
            )
            .join(Person, Signatory.person_id == Person.id)
            .join(AgreementParty, Signatory.party_id == AgreementParty.id)
            .outerjoin(Organisation, AgreementParty.organisation_id == Organisation.id)
            .outerjoin(Country, AgreementParty.country_id == Country.id)
        )

    @staticmethod
    def _values(r: Any) -> tuple[Any, ...]:
        party = _party_values((None, r[4], r[5], r[6]))[0]
        return (person_name(r[1], r[2], r[3]), party, r[7])

    def load_keys(self, session: Session) -> RecordKeys:
        rows = session.execute(
            self._query().where(Signatory.ceremony_id == self.scope).order_by(Signatory.sort_order)
        ).all()
        return _folded_keys([(r[0], *self._values(r)) for r in rows], 3)

    def fetch_rows(self, session: Session, ids: list[Any]) -> dict[Any, Sequence[Any]]:
        rows = session.execute(self._query().where(Signatory.id.in_(ids))).all()
        return {r[0]: self._values(r) for r in rows}


class GiftsModel(RecordTableModel):
    headers = ("Description", "Direction", "Giver", "Recipient", "Value", "Disposition")
    record_kind = Gift
    scoped = True
    depends_on = frozenset({"Person", "Organisation"})

    def _query(self) -> Any:
        giver, recipient = aliased(Person), aliased(Person)
        giver_org, recipient_org = aliased(Organisation), aliased(Organisation)
        return (
            select(
                Gift.id,
                Gift.description,
                Gift.direction,
                giver.given_names,
                giver.family_name,
                giver.family_name_first,
                giver_org.name,
                recipient.given_names,
                recipient.family_name,
                recipient.family_name_first,
                recipient_org.name,
                Gift.estimated_value,
                Gift.currency,
                Gift.disposition,
            )
            .outerjoin(giver, Gift.giver_person_id == giver.id)
            .outerjoin(giver_org, Gift.giver_organisation_id == giver_org.id)
            .outerjoin(recipient, Gift.recipient_person_id == recipient.id)
            .outerjoin(recipient_org, Gift.recipient_organisation_id == recipient_org.id)
        )

    @staticmethod
    def _values(r: Any) -> tuple[Any, ...]:
        def party(person: str, organisation: str | None) -> str:
            return ", ".join(p for p in (person, organisation) if p)

        value = f"{r[11]} {r[12] or ''}".strip() if r[11] is not None else ""
        return (
            r[1],
            r[2],
            party(person_name(r[3], r[4], r[5]), r[6]),
            party(person_name(r[7], r[8], r[9]), r[10]),
            value,
            r[13],
        )

    def load_keys(self, session: Session) -> RecordKeys:
        rows = session.execute(self._query().where(Gift.event_id == self.scope)).all()
        return _folded_keys([(r[0], *self._values(r)) for r in rows], 6)

    def fetch_rows(self, session: Session, ids: list[Any]) -> dict[Any, Sequence[Any]]:
        rows = session.execute(self._query().where(Gift.id.in_(ids))).all()
        return {r[0]: self._values(r) for r in rows}
