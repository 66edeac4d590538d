"""The main lists: people, organisations, events, agreements, countries.

Keys are read with Core statements on the tables (no ORM loading, no soft-delete hook;
each statement says ``deleted_at IS NULL`` itself), ids as the driver gives them.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from app.model import Agreement, Country, Event, Organisation, Person
from ui.models.base import (
    IdleKeys,
    RecordKeys,
    RecordTableModel,
    SortKeys,
    as_uuids,
    cached_fold,
    core_rows,
    driver_column,
    keys_from_rows,
    sort_text,
    stored_key,
)

# EventsModel lives in its own ORM-free module (the first list at start-up).
from ui.models.events_list import EventsModel as EventsModel
from ui.models.events_list import enum_label

PERSON = Person.__table__
ORGANISATION = Organisation.__table__
COUNTRY = Country.__table__
EVENT = Event.__table__
AGREEMENT = Agreement.__table__
# People read per idle step while filter keys are built (about 6 ms each).
FILTER_CHUNK = 1000


def person_name(given: str | None, family: str | None, family_first: bool | None) -> str:
    parts = [family, given] if family_first else [given, family]
    return " ".join(p for p in parts if p)


def organisation_label(name: str | None, acronym: str | None) -> str:
    if name and acronym and acronym != name:
        return f"{name} ({acronym})"
    return name or acronym or ""


def _live_join(table: Any, column: Any) -> Any:
    """An outer-join condition that also hides a soft-deleted target row."""
    return and_(column == table.c.id, table.c.deleted_at.is_(None))


class PeopleModel(RecordTableModel):
    item_names = ("person", "people")
    headers = ("Name", "Native name", "Position", "Organisation", "Country")
    record_kind = Person
    depends_on = frozenset({"Organisation"})

    def load_keys(self, session: Session) -> RecordKeys:
        # Only the ids in natural order (family name, then given names, as protocol lists
        # are read) are needed to show the list: 50,000 rows of names, positions and
        # search keys cost more than the query. Filter keys are built in idle time
        # once the list shows (IdleKeys) and sort keys when their column is first sorted.
        ids = driver_column(
            session,
            select(stored_key(PERSON.c.id))
            .where(PERSON.c.deleted_at.is_(None))
            .order_by(PERSON.c.family_name, PERSON.c.given_names),
        )
        query = self.query

        folded_texts: dict[str | None, str] = {}

        def folded(text: str | None) -> str:
            # Positions repeat ("Minister", "Director of ..."): fold each only once.
            found = folded_texts.get(text)
            if found is None:
                found = folded_texts[text] = sort_text(text)
            return found

        def organisations() -> dict[Any, str]:
            rows = query(
                select(
                    stored_key(ORGANISATION.c.id), ORGANISATION.c.name, ORGANISATION.c.acronym
                ).where(ORGANISATION.c.deleted_at.is_(None))
            )
            return {r[0]: organisation_label(r[1], r[2]) for r in rows}

        def by_id(*columns: Any) -> dict[Any, Any]:
            rows = query(
                select(stored_key(PERSON.c.id), *columns).where(PERSON.c.deleted_at.is_(None))
            )
            return {r[0]: r[1:] for r in rows}

        def filters() -> Generator[None, None, list[str]]:
            # Read in chunks in id order (keyset on the primary key), one chunk per idle
            # turn of the event loop (each step ~5-15 ms); each key lands at its row's
            # place in ``ids``.
            org_keys = {key: cached_fold(name) for key, name in organisations().items()}
            yield
            place = {key: i for i, key in enumerate(ids)}
            keys = [""] * len(ids)
            # Position and organisation repeat: their part of the key is made once.
            tails: dict[tuple[str | None, Any], str] = {}
            person_id = stored_key(PERSON.c.id)
            statement = (
                select(
                    person_id,
                    PERSON.c.search_key,
                    PERSON.c.position,
                    stored_key(PERSON.c.organisation_id),
                )
                .where(PERSON.c.deleted_at.is_(None))
                .order_by(PERSON.c.id)
                .limit(FILTER_CHUNK)
            )
            last = None
            while True:
                yield
                rows = query(statement if last is None else statement.where(person_id > last))
                for key, search, position, org in rows:
                    i = place.get(key)
                    if i is None:  # added since the ids were read; its reload follows
                        continue
                    tail = tails.get((position, org))
                    if tail is None:
                        tail = f" | {folded(position)}"
                        if org:
                            tail += f" | {org_keys.get(org, '')}"
                        tails[position, org] = tail
                    keys[i] = (search or "") + tail
                if len(rows) < FILTER_CHUNK:
                    return keys
                last = rows[-1][0]

        def names() -> list[str]:
            rows = by_id(PERSON.c.family_name, PERSON.c.given_names)
            pairs = (rows.get(i, (None, None)) for i in ids)
            return [f"{sort_text(family)} {sort_text(given)}" for family, given in pairs]

        def column(source: Any) -> Callable[[], list[str]]:
            def compute() -> list[str]:
                rows = by_id(source)
                return [folded(rows.get(i, (None,))[0]) for i in ids]

            return compute

        def organisation_names() -> list[str]:
            labels = organisations()
            rows = by_id(stored_key(PERSON.c.organisation_id))
            return [sort_text(labels.get(rows.get(i, (None,))[0])) for i in ids]

        sort_keys: list[SortKeys] = [
            names,
            column(PERSON.c.native_name),
            column(PERSON.c.position),
            organisation_names,
            lambda: self._country_keys(ids),
        ]
        return ids, sort_keys, IdleKeys(filters)

    def _country_keys(self, ids: list[Any]) -> list[str]:
        rows = self.query(
            select(stored_key(PERSON.c.id), COUNTRY.c.name_en)
            .select_from(PERSON.outerjoin(COUNTRY, _live_join(COUNTRY, PERSON.c.country_id)))
            .where(PERSON.c.deleted_at.is_(None))
        )
        names = dict(rows)
        return [sort_text(names.get(i)) for i in ids]

    def fetch_rows(self, session: Session, ids: list[Any]) -> dict[Any, Sequence[Any]]:
        rows = core_rows(
            session,
            select(
                stored_key(PERSON.c.id),
                PERSON.c.given_names,
                PERSON.c.family_name,
                PERSON.c.family_name_first,
                PERSON.c.native_name,
                PERSON.c.position,
                ORGANISATION.c.name,
                ORGANISATION.c.acronym,
                COUNTRY.c.name_en,
            )
            .select_from(
                PERSON.outerjoin(
                    ORGANISATION, _live_join(ORGANISATION, PERSON.c.organisation_id)
                ).outerjoin(COUNTRY, _live_join(COUNTRY, PERSON.c.country_id))
            )
            .where(PERSON.c.id.in_(as_uuids(ids))),
        )
        return {
            r[0]: (
                person_name(r[1], r[2], r[3]),
                r[4],
                r[5],
                organisation_label(r[6], r[7]),
                r[8],
            )
            for r in rows
        }


class OrganisationsModel(RecordTableModel):
    item_names = ("organisation", "organisations")
    headers = ("Name", "Acronym", "Native name", "Kind", "Country")
    record_kind = Organisation

    def _query(self) -> Any:
        return select(
            stored_key(ORGANISATION.c.id),
            ORGANISATION.c.name,
            ORGANISATION.c.acronym,
            ORGANISATION.c.native_name,
            ORGANISATION.c.kind,
            COUNTRY.c.name_en,
            ORGANISATION.c.search_key,
        ).select_from(
            ORGANISATION.outerjoin(COUNTRY, _live_join(COUNTRY, ORGANISATION.c.country_id))
        )

    def load_keys(self, session: Session) -> RecordKeys:
        rows = core_rows(
            session,
            self._query().where(ORGANISATION.c.deleted_at.is_(None)).order_by(ORGANISATION.c.name),
        )
        return keys_from_rows(rows, 5, 6)

    def fetch_rows(self, session: Session, ids: list[Any]) -> dict[Any, Sequence[Any]]:
        rows = core_rows(session, self._query().where(ORGANISATION.c.id.in_(as_uuids(ids))))
        return {r[0]: tuple(r[1:6]) for r in rows}


class AgreementsModel(RecordTableModel):
    item_names = ("agreement", "agreements")
    headers = ("Title", "Kind", "Status", "Signed on", "Event")
    record_kind = Agreement
    depends_on = frozenset({"Event", "AgreementStatusChange"})

    def _query(self) -> Any:
        return select(
            stored_key(AGREEMENT.c.id),
            AGREEMENT.c.title,
            AGREEMENT.c.kind,
            AGREEMENT.c.status,
            AGREEMENT.c.signed_on,
            EVENT.c.title,
            AGREEMENT.c.search_key,
        ).select_from(AGREEMENT.outerjoin(EVENT, _live_join(EVENT, AGREEMENT.c.event_id)))

    def load_keys(self, session: Session) -> RecordKeys:
        rows = core_rows(
            session,
            self._query()
            .where(AGREEMENT.c.deleted_at.is_(None))
            .order_by(AGREEMENT.c.signed_on.desc(), AGREEMENT.c.title),
        )
        ids, sort_keys, _ = keys_from_rows(rows, 5, None)
        sort_keys[3] = lambda: [r[4].isoformat() if r[4] else "" for r in rows]
        filters = [f"{r[6] or ''} | {cached_fold(r[5])}" for r in rows]
        return ids, sort_keys, filters

    def fetch_rows(self, session: Session, ids: list[Any]) -> dict[Any, Sequence[Any]]:
        rows = core_rows(session, self._query().where(AGREEMENT.c.id.in_(as_uuids(ids))))
        return {
            r[0]: (
                r[1],
                enum_label(r[2]),
                enum_label(r[3]),
                f"{r[4]:%-d %b %Y}" if r[4] else "",
                r[5],
            )
            for r in rows
        }


class CountriesModel(RecordTableModel):
    item_names = ("country", "countries")
    headers = ("Country", "Code")
    record_kind = Country

    def load_keys(self, session: Session) -> RecordKeys:
        rows = core_rows(
            session,
            select(
                stored_key(COUNTRY.c.id), COUNTRY.c.name_en, COUNTRY.c.alpha3, COUNTRY.c.search_key
            )
            .where(COUNTRY.c.deleted_at.is_(None))
            .order_by(COUNTRY.c.name_en),
        )
        return keys_from_rows(rows, 2, 3)

    def fetch_rows(self, session: Session, ids: list[Any]) -> dict[Any, Sequence[Any]]:
        rows = core_rows(
            session,
            select(stored_key(COUNTRY.c.id), COUNTRY.c.name_en, COUNTRY.c.alpha3).where(
                COUNTRY.c.id.in_(as_uuids(ids))
            ),
        )
        return {r[0]: tuple(r[1:]) for r in rows}
