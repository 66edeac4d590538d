"""The main lists: people, organisations, agreements, countries.

People are many (50,000 in an office database), so their list reads only ids to show
and filters in the database, on the stored folded search key, instead of holding a
folded key per person in memory.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from sqlalchemy import Connection, and_, func, not_, or_, select

from app.listing.base import (
    Listing,
    ListKeys,
    Matches,
    SortKeys,
    as_uuids,
    cached_fold,
    core_rows,
    driver_column,
    enum_label,
    keys_from_rows,
    live,
    live_join,
    organisation_label,
    person_name,
    sort_text,
    stored_key,
)
from app.model import Agreement, Country, Event, Organisation, Person

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

PERSON = Person.__table__
ORGANISATION = Organisation.__table__
COUNTRY = Country.__table__
EVENT = Event.__table__
AGREEMENT = Agreement.__table__


class PersonRow(NamedTuple):
    name: str
    native_name: str | None
    position: str | None
    organisation: str
    country: str | None


class PeopleListing(Listing):
    """Everyone, family name first as protocol lists are read."""

    Row: ClassVar[type[tuple[Any, ...]]] = PersonRow
    # Every read is Core; a connection is cheaper than a session per keystroke.
    core_only = True

    def __init__(self, db: Any, scope: Any = None) -> None:
        super().__init__(db, scope)
        self._filter = _PeopleFilter(self, {}, 0)

    def load_keys(self, reader: Session | Connection) -> ListKeys:
        # Only the ids in natural order are read to show the list: 50,000 rows of names,
        # positions and search keys cost more than the query. Sort keys are read when
        # their column is first sorted; filtering asks the database (matching()), with
        # the distinct positions folded here (a few dozen, read in one grouped scan).
        positions = core_rows(
            reader,
            select(PERSON.c.position)
            .where(live(PERSON), PERSON.c.position.is_not(None))
            .group_by(PERSON.c.position),
        )
        ids = driver_column(
            reader,
            select(stored_key(PERSON.c.id))
            .where(live(PERSON))
            .order_by(PERSON.c.family_name, PERSON.c.given_names),
        )
        folded = {r[0]: sort_text(r[0]) for r in positions}
        self._filter = _PeopleFilter(self, folded, len(ids))
        return ListKeys(ids, self._sort_keys(ids), None)

    def matching(self, needle: str) -> Matches:
        """People whose name (any spelling or script), position or organisation holds
        ``needle``, already folded by ``app.textnorm.fold``."""
        return self._filter.matching(needle)

    def _sort_keys(self, ids: list[Any]) -> list[SortKeys]:
        query = self.query

        def by_id(*columns: Any) -> dict[Any, Any]:
            rows = query(select(stored_key(PERSON.c.id), *columns).where(live(PERSON)))
            return {r[0]: r[1:] for r in rows}

        def names() -> list[str]:
            rows = by_id(PERSON.c.family_name, PERSON.c.given_names)
            pairs = (rows.get(i, (None, None)) for i in ids)
            return [f"{sort_text(family)} {sort_text(given)}" for family, given in pairs]

        def column(source: Any) -> Callable[[], list[str]]:
            def compute() -> list[str]:
                rows = by_id(source)
                # Positions repeat ("Minister", "Director of ..."): fold each only once.
                folded = {v[0]: sort_text(v[0]) for v in rows.values()}
                return [folded.get(rows.get(i, (None,))[0], "") for i in ids]

            return compute

        def organisation_names() -> list[str]:
            labels = {
                r[0]: organisation_label(r[1], r[2])
                for r in query(
                    select(
                        stored_key(ORGANISATION.c.id), ORGANISATION.c.name, ORGANISATION.c.acronym
                    ).where(live(ORGANISATION))
                )
            }
            rows = by_id(stored_key(PERSON.c.organisation_id))
            return [sort_text(labels.get(rows.get(i, (None,))[0])) for i in ids]

        def countries() -> list[str]:
            rows = query(
                select(stored_key(PERSON.c.id), COUNTRY.c.name_en)
                .select_from(PERSON.outerjoin(COUNTRY, live_join(COUNTRY, PERSON.c.country_id)))
                .where(live(PERSON))
            )
            names = dict(rows)
            return [sort_text(names.get(i)) for i in ids]

        return [
            names,
            column(PERSON.c.native_name),
            column(PERSON.c.position),
            organisation_names,
            countries,
        ]

    def fetch_rows(self, reader: Session | Connection, ids: list[Any]) -> Mapping[Any, PersonRow]:
        rows = core_rows(
            reader,
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
                    ORGANISATION, live_join(ORGANISATION, PERSON.c.organisation_id)
                ).outerjoin(COUNTRY, live_join(COUNTRY, PERSON.c.country_id))
            )
            .where(PERSON.c.id.in_(as_uuids(ids))),
        )
        return {
            r[0]: PersonRow(
                person_name(r[1], r[2], r[3]), r[4], r[5], organisation_label(r[6], r[7]), r[8]
            )
            for r in rows
        }


# Needles whose matches are kept: backspacing returns to one of them.
KEPT_NEEDLES = 32


class _PeopleFilter:
    """The people filter: a substring test in the database on stored folded keys.

    Every needle is one scan of the people (their search keys and organisations'; no
    key is folded here) that returns ids only: on 50,000 people, ids cost more than
    the scan. When a shorter needle already matched most people, the ones that do not
    match are asked for instead (typing on after "d" in "director"). Recent answers are
    kept, so backspacing asks nothing.
    """

    def __init__(self, listing: Listing, positions: dict[str, str], total: int) -> None:
        self._listing = listing
        # Every distinct position, casefolded.
        self._positions = positions
        self._total = total
        self._kept: OrderedDict[str, Matches] = OrderedDict()

    def matching(self, needle: str) -> Matches:
        found = self._kept.get(needle)
        if found is None:
            wider = [m for k, m in self._kept.items() if k in needle]
            most = any(m.count(self._total) * 2 > self._total for m in wider)
            found = self._kept[needle] = self._query(needle, others=most)
            while len(self._kept) > KEPT_NEEDLES:
                self._kept.popitem(last=False)
        else:
            self._kept.move_to_end(needle)
        return found

    def _query(self, needle: str, *, others: bool) -> Matches:
        pattern = f"%{_escaped(needle)}%"
        organisations = select(ORGANISATION.c.id).where(
            live(ORGANISATION), ORGANISATION.c.search_key.like(pattern, escape="\\")
        )
        conditions = [
            PERSON.c.search_key.like(pattern, escape="\\"),
            PERSON.c.organisation_id.in_(organisations),
        ]
        # Positions have no stored folded key; the distinct ones (few: "Minister",
        # "Director of ...") were folded with the list's keys.
        positions = [raw for raw, folded in self._positions.items() if needle in folded]
        if positions:
            conditions.append(PERSON.c.position.in_(positions))
        # A missing organisation or position makes its test NULL, which is no match.
        hit = func.coalesce(or_(*conditions), False)
        wanted = and_(live(PERSON), not_(hit) if others else hit)
        if self._listing.db.is_sqlite:
            # One string of ids: a row per person would cost more than the scan.
            (joined,) = self._listing.query(
                select(func.group_concat(stored_key(PERSON.c.id))).where(wanted)
            )[0]
            ids = set(joined.split(",")) if joined else set()
        else:
            ids = {r[0] for r in self._listing.query(select(stored_key(PERSON.c.id)).where(wanted))}
        return Matches(ids, others)


def _escaped(text: str) -> str:
    """``text`` as a literal inside a LIKE pattern."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class OrganisationRow(NamedTuple):
    name: str
    acronym: str | None
    native_name: str | None
    kind: str | None
    country: str | None


class OrganisationsListing(Listing):
    Row: ClassVar[type[tuple[Any, ...]]] = OrganisationRow

    @staticmethod
    def _query() -> Any:
        return select(
            stored_key(ORGANISATION.c.id),
            ORGANISATION.c.name,
            ORGANISATION.c.acronym,
            ORGANISATION.c.native_name,
            ORGANISATION.c.kind,
            COUNTRY.c.name_en,
            ORGANISATION.c.search_key,
        ).select_from(
            ORGANISATION.outerjoin(COUNTRY, live_join(COUNTRY, ORGANISATION.c.country_id))
        )

    def load_keys(self, reader: Session | Connection) -> ListKeys:
        rows = core_rows(
            reader, self._query().where(live(ORGANISATION)).order_by(ORGANISATION.c.name)
        )
        return keys_from_rows(rows, 5, 6)

    def fetch_rows(
        self, reader: Session | Connection, ids: list[Any]
    ) -> Mapping[Any, OrganisationRow]:
        rows = core_rows(reader, self._query().where(ORGANISATION.c.id.in_(as_uuids(ids))))
        return {r[0]: OrganisationRow(*r[1:6]) for r in rows}


class AgreementRow(NamedTuple):
    title: str
    kind: str
    status: str
    signed_on: str
    event: str | None


class AgreementsListing(Listing):
    Row: ClassVar[type[tuple[Any, ...]]] = AgreementRow

    @staticmethod
    def _query() -> Any:
        return select(
            stored_key(AGREEMENT.c.id),
            AGREEMENT.c.title,
            AGREEMENT.c.kind,
            AGREEMENT.c.status,
            AGREEMENT.c.signed_on,
            EVENT.c.title,
            AGREEMENT.c.search_key,
        ).select_from(AGREEMENT.outerjoin(EVENT, live_join(EVENT, AGREEMENT.c.event_id)))

    def load_keys(self, reader: Session | Connection) -> ListKeys:
        rows = core_rows(
            reader,
            self._query()
            .where(live(AGREEMENT))
            .order_by(AGREEMENT.c.signed_on.desc(), AGREEMENT.c.title),
        )
        ids, sort_keys, _ = keys_from_rows(rows, 5, None)
        sort_keys[3] = lambda: [r[4].isoformat() if r[4] else "" for r in rows]
        filters = [f"{r[6] or ''} | {cached_fold(r[5])}" for r in rows]
        return ListKeys(ids, sort_keys, filters)

    def fetch_rows(
        self, reader: Session | Connection, ids: list[Any]
    ) -> Mapping[Any, AgreementRow]:
        rows = core_rows(reader, self._query().where(AGREEMENT.c.id.in_(as_uuids(ids))))
        return {
            r[0]: AgreementRow(
                r[1],
                enum_label(r[2]),
                enum_label(r[3]),
                f"{r[4]:%-d %b %Y}" if r[4] else "",
                r[5],
            )
            for r in rows
        }


class CountryRow(NamedTuple):
    country: str
    code: str


class CountriesListing(Listing):
    Row: ClassVar[type[tuple[Any, ...]]] = CountryRow

    def load_keys(self, reader: Session | Connection) -> ListKeys:
        rows = core_rows(
            reader,
            select(
                stored_key(COUNTRY.c.id), COUNTRY.c.name_en, COUNTRY.c.alpha3, COUNTRY.c.search_key
            )
            .where(live(COUNTRY))
            .order_by(COUNTRY.c.name_en),
        )
        return keys_from_rows(rows, 2, 3)

    def fetch_rows(self, reader: Session | Connection, ids: list[Any]) -> Mapping[Any, CountryRow]:
        rows = core_rows(
            reader,
            select(stored_key(COUNTRY.c.id), COUNTRY.c.name_en, COUNTRY.c.alpha3).where(
                COUNTRY.c.id.in_(as_uuids(ids))
            ),
        )
        return {r[0]: CountryRow(*r[1:]) for r in rows}
