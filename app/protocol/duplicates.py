"""The same person entered twice: found by how the names read, merged without losing a link.

'Baimenov', 'Baymenov' and 'Байменов' are one man. Every name form of a person (the
Latin name, the native name, the alternative spellings) is read into folded Latin
(:func:`app.protocol.collation.latin_reading`) and compared with rapidfuzz's token
sort ratio, which ignores word order ('Ma Jiantang' / 'Jiantang Ma').

Comparing every pair of 50,000 people is more than a billion comparisons, so people
are first put in blocks by a rough sound skeleton of each name word (first letter and
consonants, with y, h and w dropped: 'baimenov' and 'baymenov' both give 'bmnv'); only
people who share a block are compared.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import DomainError, NotFoundError
from app.model import (
    Delegation,
    DelegationMember,
    DistinctPeople,
    Person,
    SeatingPlanRecord,
    utc_now,
)
from app.model.enums import DelegationRole
from app.protocol.collation import has_han, latin_reading
from app.services import records
from app.textnorm import fold

DEFAULT_THRESHOLD = 88.0
# A block this large means a very common name word ('mohammed', 'wang'): it says little,
# and the people in it are still compared through their other name words.
MAX_BLOCK = 2000
_VOWELS_AND_GLIDES = re.compile(r"[aeiouyhw]")
_NOT_LETTERS = re.compile(r"[^a-z ]+")


@dataclass(frozen=True)
class NameRecord:
    """What duplicate detection needs to know about a person."""

    person_id: uuid.UUID
    display: str
    readings: tuple[str, ...]


@dataclass(frozen=True)
class PossibleDuplicate:
    first_id: uuid.UUID
    second_id: uuid.UUID
    score: float
    first_name: str
    second_name: str
    reason: str


def readings_of(names: Iterable[str | None]) -> tuple[str, ...]:
    """Each name form read into folded Latin letters, blanks squeezed; duplicates dropped."""
    seen: dict[str, None] = {}
    for name in names:
        if not name:
            continue
        reading = " ".join(_NOT_LETTERS.sub(" ", latin_reading(name)).split())
        if reading:
            seen.setdefault(reading, None)
        compact = "".join(name.split())
        if 2 <= len(compact) <= 4 and all(has_han(c) for c in compact):
            # A Chinese name written solid: most surnames are one character, so
            # '马建堂' also reads 'ma jiantang'.
            split = f"{latin_reading(compact[0])} {latin_reading(compact[1:])}"
            seen.setdefault(split, None)
    return tuple(seen)


def name_record(person: Person) -> NameRecord:
    return NameRecord(
        person.id,
        person.full_name,
        readings_of([person.full_name, person.native_name, *(person.alt_spellings or [])]),
    )


def skeleton(word: str) -> str:
    """A rough sound key: 'baimenov' and 'baymenov' -> 'bmnv'; 'chzhan' -> 'czzn'."""
    if not word:
        return ""
    rest = _VOWELS_AND_GLIDES.sub("", word[1:])
    collapsed = re.sub(r"(.)\1+", r"\1", word[0] + rest)
    return collapsed[:5]


def blocking_keys(record: NameRecord) -> set[str]:
    keys: set[str] = set()
    for reading in record.readings:
        for word in reading.split():
            if len(word) >= 2:
                keys.add(skeleton(word))
    return keys


def similarity(first: NameRecord, second: NameRecord) -> tuple[float, str, str]:
    """The best score over all pairs of name forms, and the forms that gave it."""
    best = (0.0, "", "")
    for a in first.readings:
        for b in second.readings:
            score = fuzz.token_sort_ratio(a, b, score_cutoff=best[0])
            if score > best[0]:
                best = (score, a, b)
    return best


def _sorted_tokens(reading: str) -> str:
    return " ".join(sorted(reading.split()))


def find_duplicates(
    people: Sequence[NameRecord], threshold: float = DEFAULT_THRESHOLD
) -> list[PossibleDuplicate]:
    """Pairs of people whose names read alike, best matches first."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(people):
        for key in blocking_keys(record):
            blocks[key].append(index)
    best: dict[tuple[int, int], tuple[float, str, str]] = {}
    for members in blocks.values():
        if len(members) < 2 or len(members) > MAX_BLOCK:
            continue
        # Word order does not count: compare the readings with their words sorted,
        # scanning each block in rapidfuzz's compiled loop.
        owners = [i for i in members for _ in people[i].readings]
        texts = [r for i in members for r in people[i].readings]
        keys = [_sorted_tokens(t) for t in texts]
        for k in range(len(keys) - 1):
            matches = process.extract(
                keys[k],
                keys[k + 1 :],
                scorer=fuzz.ratio,
                score_cutoff=threshold,
                limit=None,
            )
            for _, score, offset in matches:
                i, j = owners[k], owners[k + 1 + offset]
                if i == j:
                    continue
                pair = (i, j) if i < j else (j, i)
                a, b = (texts[k], texts[k + 1 + offset])
                if pair not in best or score > best[pair][0]:
                    best[pair] = (score, a, b) if i < j else (score, b, a)
    found = [
        _duplicate(people[i], people[j], score, a, b) for (i, j), (score, a, b) in best.items()
    ]
    found.sort(key=lambda d: (-d.score, fold(d.first_name), fold(d.second_name)))
    return found


def _duplicate(
    first: NameRecord, second: NameRecord, score: float, a: str, b: str
) -> PossibleDuplicate:
    return PossibleDuplicate(
        first.person_id,
        second.person_id,
        score,
        first.display,
        second.display,
        f"'{first.display}' and '{second.display}' read alike ('{a}' / '{b}', {score:.0f}%)",
    )


def possible_duplicates(
    session: Session, threshold: float = DEFAULT_THRESHOLD
) -> list[PossibleDuplicate]:
    """Every pair of (not deleted) people in the database who may be one person, but
    for the pairs the user has set apart (:func:`set_apart`)."""
    rows = session.execute(
        select(
            Person.id,
            Person.given_names,
            Person.family_name,
            Person.family_name_first,
            Person.native_name,
            Person.alt_spellings,
        )
    )
    people = []
    for person_id, given, family, family_first, native, alternatives in rows:
        parts = [family, given] if family_first else [given, family]
        full = " ".join(p for p in parts if p)
        people.append(
            NameRecord(person_id, full, readings_of([full, native, *(alternatives or [])]))
        )
    apart = pairs_set_apart(session)
    return [
        found
        for found in find_duplicates(people, threshold)
        if frozenset((found.first_id, found.second_id)) not in apart
    ]


def duplicates_of(
    session: Session, person_id: uuid.UUID, threshold: float = DEFAULT_THRESHOLD
) -> list[PossibleDuplicate]:
    """People who may be the same as ``person_id``, e.g. to warn right after data entry."""
    target = name_record(records.get(session, Person, person_id))
    keys = blocking_keys(target)
    found = []
    apart = pairs_set_apart(session)
    for person in session.scalars(select(Person).where(Person.id != person_id)):
        other = name_record(person)
        if not keys & blocking_keys(other) or frozenset((person_id, person.id)) in apart:
            continue
        score, a, b = similarity(target, other)
        if score >= threshold:
            found.append(_duplicate(target, other, score, a, b))
    return sorted(found, key=lambda d: -d.score)


# --- pairs set apart ----------------------------------------------------------------


def set_apart(session: Session, first_id: uuid.UUID, second_id: uuid.UUID) -> DistinctPeople:
    """Record that two people are not one person, so the search stops offering the pair.

    Saying it again is harmless; a verdict taken back (:func:`take_back`) is restored.
    """
    if first_id == second_id:
        raise DomainError("second_id", "a person cannot be set apart from themselves")
    for person_id in (first_id, second_id):
        records.get(session, Person, person_id)  # NotFoundError for an unknown person
    low, high = sorted((first_id, second_id))
    pair = session.scalars(
        select(DistinctPeople)
        .where(DistinctPeople.first_id == low, DistinctPeople.second_id == high)
        .execution_options(include_deleted=True)
    ).first()
    if pair is None:
        pair = DistinctPeople(first_id=low, second_id=high)
        session.add(pair)
    pair.deleted_at = None
    session.flush()
    return pair


def take_back(session: Session, pair_id: uuid.UUID) -> None:
    """Undo :func:`set_apart`: the pair may be offered as possible duplicates again."""
    pair = session.get(DistinctPeople, pair_id)
    if pair is None:
        raise NotFoundError("pair of people set apart", str(pair_id))
    pair.deleted_at = utc_now()
    session.flush()


def pairs_set_apart(session: Session) -> set[frozenset[uuid.UUID]]:
    rows = session.execute(select(DistinctPeople.first_id, DistinctPeople.second_id))
    return {frozenset(row) for row in rows}


# --- merging ------------------------------------------------------------------------

# Filled from the merged record only where the kept one is empty.
_FILLABLE = (
    "honorific",
    "given_names",
    "native_name",
    "position",
    "organisation_id",
    "country_id",
    "dietary_needs",
    "accessibility_needs",
    "email",
    "phone",
    "photo_id",
    "biography",
    "pronunciation",
)


@dataclass
class MergeReport:
    kept_id: uuid.UUID
    merged_id: uuid.UUID
    # "delegation_member.person_id" -> how many rows now point at the kept person.
    moved: dict[str, int] = field(default_factory=dict)
    # Memberships of the merged person in delegations the kept one was already in.
    memberships_joined: int = 0
    added_spellings: list[str] = field(default_factory=list)
    filled_fields: list[str] = field(default_factory=list)
    # Everything the merge changed, as it was before: what undo_merge writes back.
    before: MergeSnapshot = field(default_factory=lambda: MergeSnapshot())


# Every field of the kept person that merging may change.
_KEPT_FIELDS = (*_FILLABLE, "languages", "interpreter_needed", "alt_spellings", "notes")


@dataclass
class MergeSnapshot:
    kept: dict[str, Any] = field(default_factory=dict)
    # (model, column, ids of the rows that pointed at the merged person)
    links: list[tuple[type[Any], str, list[uuid.UUID]]] = field(default_factory=list)
    # Memberships of the kept person: their role and place before a joined membership.
    kept_memberships: dict[uuid.UUID, tuple[str, int]] = field(default_factory=dict)
    live_memberships: set[uuid.UUID] = field(default_factory=set)
    seats: dict[uuid.UUID, list[dict[str, Any]]] = field(default_factory=dict)


def merge_people(session: Session, keep_id: uuid.UUID, merge_id: uuid.UUID) -> MergeReport:
    """Make ``merge_id`` part of ``keep_id``: every link moves, its spellings are kept,
    and the merged record is soft-deleted (restorable, and travels to other copies)."""
    keep = records.get(session, Person, keep_id)
    merged = records.get(session, Person, merge_id)
    if keep.id == merged.id:
        raise DomainError("merge_id", "a person cannot be merged with themselves")
    report = MergeReport(keep.id, merged.id, before=_snapshot(session, keep, merged.id))
    stamp = utc_now()
    for dependent in records.dependents_of(Person):
        column = getattr(dependent.model, dependent.column)
        rows = session.scalars(
            select(dependent.model)
            .where(column == merged.id)
            .execution_options(include_deleted=True)
        ).all()
        for row in rows:
            if isinstance(row, DelegationMember) and _join_membership(session, row, keep, stamp):
                report.memberships_joined += 1
            setattr(row, dependent.column, keep.id)
        if rows:
            report.moved[f"{dependent.model.__tablename__}.{dependent.column}"] = len(rows)
    _move_seats(session, merged.id, keep.id, report)
    _absorb_fields(keep, merged, report)
    merged.deleted_at = stamp
    note = f"Merged with a duplicate record ({merged.full_name}) on {stamp:%Y-%m-%d}."
    keep.notes = f"{keep.notes}\n{note}" if keep.notes else note
    session.flush()
    return report


def undo_merge(session: Session, report: MergeReport) -> None:
    """Take a merge back: the merged person, every moved link, the kept person's fields."""
    before = report.before
    merged = session.get(Person, report.merged_id, execution_options={"include_deleted": True})
    if merged is None:
        raise DomainError("merged_id", "the merged person is no longer in the database")
    merged.deleted_at = None
    kept = records.get(session, Person, report.kept_id)
    for name, value in before.kept.items():
        setattr(kept, name, _copy(value))
    for model, column, ids in before.links:
        rows = session.scalars(
            select(model).where(model.id.in_(ids)).execution_options(include_deleted=True)
        )
        for row in rows:
            setattr(row, column, report.merged_id)
            if row.id in before.live_memberships:
                row.deleted_at = None
    for member_id, (role, sort_order) in before.kept_memberships.items():
        member = session.get(DelegationMember, member_id)
        if member is not None:
            member.role, member.sort_order = role, sort_order
    for plan_id, seats in before.seats.items():
        plan = session.get(SeatingPlanRecord, plan_id)
        if plan is not None:
            plan.seats = seats
    session.flush()


def _snapshot(session: Session, keep: Person, merge_id: uuid.UUID) -> MergeSnapshot:
    before = MergeSnapshot(kept={name: _copy(getattr(keep, name)) for name in _KEPT_FIELDS})
    for dependent in records.dependents_of(Person):
        column = getattr(dependent.model, dependent.column)
        rows = session.scalars(
            select(dependent.model)
            .where(column == merge_id)
            .execution_options(include_deleted=True)
        ).all()
        if rows:
            before.links.append((dependent.model, dependent.column, [r.id for r in rows]))  # type: ignore[attr-defined]
        before.live_memberships.update(
            r.id for r in rows if isinstance(r, DelegationMember) and r.deleted_at is None
        )
    for member in session.scalars(
        select(DelegationMember).where(DelegationMember.person_id == keep.id)
    ):
        before.kept_memberships[member.id] = (member.role, member.sort_order)
    wanted = str(merge_id)
    for plan in session.scalars(select(SeatingPlanRecord)):
        if any(seat.get("person_id") == wanted for seat in plan.seats or []):
            before.seats[plan.id] = [dict(seat) for seat in plan.seats or []]
    return before


def _copy(value: Any) -> Any:
    # JSON lists are changed in place by the merge; keep a copy of our own.
    return list(value) if isinstance(value, list) else value


def _join_membership(session: Session, row: DelegationMember, keep: Person, stamp: Any) -> bool:
    """Where both were members of one delegation, one membership stays (a person is in a
    delegation once): the kept person's, with the higher role and the earlier place."""
    if row.deleted_at is not None:
        return False
    existing = session.scalars(
        select(DelegationMember).where(
            DelegationMember.delegation_id == row.delegation_id,
            DelegationMember.person_id == keep.id,
        )
    ).first()
    if existing is None:
        return False
    delegation = session.get(Delegation, row.delegation_id)
    if row.role == DelegationRole.HEAD.value or (
        delegation is not None and delegation.head_person_id in (row.person_id, keep.id)
    ):
        existing.role = DelegationRole.HEAD.value
    existing.sort_order = min(existing.sort_order, row.sort_order)
    row.deleted_at = stamp
    return True


def _move_seats(
    session: Session, merged_id: uuid.UUID, keep_id: uuid.UUID, report: MergeReport
) -> None:
    moved = 0
    for plan in session.scalars(select(SeatingPlanRecord)):
        seats = [dict(seat) for seat in plan.seats or []]
        changed = False
        for seat in seats:
            if seat.get("person_id") == str(merged_id):
                seat["person_id"] = str(keep_id)
                changed = True
                moved += 1
        if changed:
            plan.seats = seats
    if moved:
        report.moved["seating_plan.seats"] = moved


def _absorb_fields(keep: Person, merged: Person, report: MergeReport) -> None:
    for name in _FILLABLE:
        if getattr(keep, name) in (None, "") and getattr(merged, name) not in (None, ""):
            setattr(keep, name, getattr(merged, name))
            report.filled_fields.append(name)
    keep.languages = list(dict.fromkeys([*(keep.languages or []), *(merged.languages or [])]))
    keep.interpreter_needed = keep.interpreter_needed or merged.interpreter_needed
    own = {fold(keep.full_name), fold(keep.native_name or "")}
    spellings = list(keep.alt_spellings or [])
    known = own | {fold(s) for s in spellings}
    for candidate in (merged.full_name, merged.native_name, *(merged.alt_spellings or [])):
        if candidate and fold(candidate) not in known:
            spellings.append(candidate)
            known.add(fold(candidate))
            report.added_spellings.append(candidate)
    keep.alt_spellings = spellings
