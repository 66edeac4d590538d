"""Search over people, organisations and events that copes with real names.

Matching is a substring test on precomputed folded keys (see app.textnorm), so case,
accents, native script, alternative spellings and Latin readings all match. When
nothing matches exactly, rapidfuzz offers near spellings ('Baimenov' ~ 'Baymenov').
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import ScalarResult, select
from sqlalchemy.orm import Session

from app.model import Event, Organisation, Person
from app.textnorm import KEY_SEPARATOR, fold

Searchable = type[Person] | type[Organisation] | type[Event]
SEARCHABLE: dict[str, Searchable] = {"person": Person, "organisation": Organisation, "event": Event}
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
        model = SEARCHABLE[kind]
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
            if isinstance(record, Person | Organisation | Event):
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


def label(record: Person | Organisation | Event) -> str:
    if isinstance(record, Person):
        shown = record.native_name and record.native_name != record.full_name
        native = f" ({record.native_name})" if shown else ""
        return record.full_name + native
    if isinstance(record, Organisation):
        return record.display_name
    return record.title
