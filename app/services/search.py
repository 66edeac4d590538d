"""Search over every kind of record that copes with real names.

Matching is a substring test on precomputed folded keys (see app.textnorm), so case,
accents, native script, alternative spellings and Latin readings all match. When
nothing matches exactly, rapidfuzz offers near spellings ('Baimenov' ~ 'Baymenov').
``search`` answers one list; ``search_everything`` answers the global search (Ctrl+K):
events, people, organisations, delegations and agreements, grouped by kind.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz, process
from sqlalchemy import ScalarResult, or_, select
from sqlalchemy.orm import Session

from app.dates import dates_text
from app.model import Agreement, Country, Delegation, Event, Organisation, Person
from app.textnorm import KEY_SEPARATOR, fold

Searchable = type[Person] | type[Organisation] | type[Event] | type[Agreement]
SEARCHABLE: dict[str, Searchable] = {"person": Person, "organisation": Organisation, "event": Event}
# Kinds with a folded key of their own; delegations are found through their sender.
KEYED: dict[str, Searchable] = {**SEARCHABLE, "agreement": Agreement}
Found = Person | Organisation | Event | Agreement | Delegation
# The order the global search shows its groups in: what an officer looks for most.
KINDS = ("event", "person", "organisation", "delegation", "agreement")
NEAR_MATCH_CUTOFF = 80.0


@dataclass(frozen=True)
class SearchHit:
    kind: str
    record_id: uuid.UUID
    label: str
    exact: bool
    score: float


def search(
    session: Session, query: str, *, kinds: tuple[str, ...] = tuple(SEARCHABLE), limit: int = 50
) -> list[SearchHit]:
    """Exact (folded substring) hits, or near spellings when there are none."""
    wanted = fold(query)
    if not wanted:
        return []
    hits: list[SearchHit] = []
    for kind in kinds:
        model = SEARCHABLE[kind]
        records: ScalarResult[Person | Organisation | Event] = session.scalars(
            select(model).where(model.search_key.contains(wanted, autoescape=True)).limit(limit)
        )
        hits.extend(SearchHit(kind, r.id, label(r), True, 100.0) for r in records.all())
    if hits:
        return sorted(hits, key=lambda h: h.label.casefold())[:limit]
    return near_matches(session, wanted, kinds=kinds, limit=limit)


def near_matches(
    session: Session, folded_query: str, *, kinds: tuple[str, ...], limit: int
) -> list[SearchHit]:
    hits: list[SearchHit] = []
    for kind in kinds:
        model = KEYED[kind]
        rows = session.execute(select(model.id, model.search_key)).all()
        found = process.extract(
            folded_query,
            [row[1] for row in rows],
            scorer=best_part_score,
            score_cutoff=NEAR_MATCH_CUTOFF,
            limit=limit,
        )
        for _key, score, index in found:
            record = session.get(model, rows[index][0])
            if isinstance(record, Person | Organisation | Event | Agreement):
                hits.append(SearchHit(kind, record.id, label(record), False, float(score)))
    return sorted(hits, key=lambda h: -h.score)[:limit]


def best_part_score(query: str, key: str, **_: object) -> float:
    """The best match of the query against any one name or word in a search key."""
    best = 0.0
    for part in key.split(KEY_SEPARATOR):
        best = max(best, fuzz.ratio(query, part))
        for word in part.replace("-", " ").split():
            best = max(best, fuzz.ratio(query, word))
    return best


def label(record: Found) -> str:
    if isinstance(record, Person):
        shown = record.native_name and record.native_name != record.full_name
        native = f" ({record.native_name})" if shown else ""
        return record.full_name + native
    if isinstance(record, Organisation | Delegation):
        return record.display_name
    return record.title


class FoundRow(NamedTuple):
    """One hit of the global search, with what tells it apart from its namesakes."""

    kind: str  # one of KINDS
    record_id: uuid.UUID
    label: str
    detail: str
    # The event a delegation belongs to: it is shown in that event's workspace.
    event_id: uuid.UUID | None
    exact: bool


def search_everything(
    session: Session, query: str, *, per_kind: int = 8
) -> dict[str, list[FoundRow]]:
    """Every kind's hits, in ``KINDS`` order, empty kinds left out.

    Exact (folded substring) hits of every kind first; only when no kind has one are
    near spellings offered, so a typo still finds its person or event.
    """
    wanted = fold(query)
    if not wanted:
        return {}
    found: dict[str, list[Found]] = {
        kind: _exact(session, kind, wanted, per_kind) for kind in KINDS
    }
    exact = any(found.values())
    if not exact:
        near = near_matches(session, wanted, kinds=tuple(KEYED), limit=per_kind)
        for hit in near:
            record = session.get(KEYED[hit.kind], hit.record_id)
            if isinstance(record, Person | Organisation | Event | Agreement):
                found[hit.kind].append(record)
    return {
        kind: [found_row(kind, record, exact) for record in records]
        for kind, records in found.items()
        if records
    }


def _exact(session: Session, kind: str, wanted: str, limit: int) -> list[Found]:
    if kind == "delegation":
        return _delegations(session, wanted, limit)
    model = KEYED[kind]
    records: ScalarResult[Found] = session.scalars(
        select(model).where(model.search_key.contains(wanted, autoescape=True)).limit(limit)
    )
    return sorted(records.all(), key=lambda r: label(r).casefold())


def _delegations(session: Session, wanted: str, limit: int) -> list[Found]:
    """Delegations whose country or organisation matches, or whose own name does."""
    by_sender = session.scalars(
        select(Delegation)
        .outerjoin(Country, Delegation.country_id == Country.id)
        .outerjoin(Organisation, Delegation.organisation_id == Organisation.id)
        .where(
            or_(
                Country.search_key.contains(wanted, autoescape=True),
                Organisation.search_key.contains(wanted, autoescape=True),
            )
        )
        .limit(limit)
    ).all()
    # A delegation's own name is free text without a stored key: few have one, so they
    # are folded here rather than given a column and a migration of their own.
    named = session.execute(
        select(Delegation.id, Delegation.name).where(Delegation.name.is_not(None))
    ).all()
    chosen: dict[uuid.UUID, Delegation] = {d.id: d for d in by_sender}
    for delegation_id, name in named:
        if len(chosen) >= limit:
            break
        if delegation_id not in chosen and wanted in fold(name or ""):
            record = session.get(Delegation, delegation_id)
            if record is not None:
                chosen[delegation_id] = record
    ordered = sorted(chosen.values(), key=lambda d: (label(d).casefold(), d.event.title))
    return list(ordered)


def found_row(kind: str, record: Found, exact: bool) -> FoundRow:
    event_id = record.event_id if isinstance(record, Delegation) else None
    return FoundRow(kind, record.id, label(record), _detail(record), event_id, exact)


def _detail(record: Found) -> str:
    """A line that tells namesakes apart: when and where, or whose and in what."""
    if isinstance(record, Event):
        when = dates_text(record.start_date, record.end_date, record.date_precision)
        return ", ".join(part for part in (when, record.city) if part)
    if isinstance(record, Person):
        position = record.position or ""
        organisation = record.organisation.name if record.organisation else ""
        # Positions often name their organisation already ("Chairman of ... in Astana").
        if organisation and organisation.casefold() in position.casefold():
            organisation = ""
        return ", ".join(part for part in (position, organisation) if part)
    if isinstance(record, Organisation):
        return record.country.name_en if record.country else ""
    if isinstance(record, Delegation):
        return record.event.title
    if record.signed_on is not None:
        return f"signed on {record.signed_on:%d %B %Y}"
    return record.event.title if record.event is not None else ""
