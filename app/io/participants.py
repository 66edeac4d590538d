"""Participant import: a preview of what each row would do, and the same plan applied.

``preview_import`` only reads; ``apply_import`` recomputes the plan inside the caller's
transaction and writes it, refusing if any row has an error, so a file goes in whole
or not at all. Lookups are done once into dictionaries (people, countries,
organisations, the event's delegations), never one query per row, so that a
100,000-row list stays within a minute.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, insert, select
from sqlalchemy.orm import Session

from app.collector import full_collections_paused
from app.errors import ProtocolDeskError
from app.io import columns as col
from app.io.tabular import Table, TableGuess
from app.io.tasks import TaskState, report
from app.journal.recorder import journal_inserted
from app.model import (
    Country,
    Delegation,
    DelegationMember,
    Event,
    Organisation,
    Person,
    utc_now,
)
from app.model.enums import DelegationRole
from app.services import records
from app.services.countries import (
    CountryNameError,
    country_index,
    country_key,
    remembered_countries,
)
from app.services.delegations import set_head
from app.services.validation import validate
from app.textnorm import fold, is_multiline_field

MAX_CELL_CHARS = 10_000
FLUSH_EVERY = 2000
CREATED, UPDATED, UNCHANGED, ERROR = "created", "updated", "unchanged", "error"
# Row field -> Person attribute, for the fields a row may set on a person.
PERSON_FIELDS = {
    "honorific": "honorific",
    "position": "position",
    "email": "email",
    "phone": "phone",
    "dietary": "dietary_needs",
    "notes": "notes",
    "native_name": "native_name",
    "languages": "languages",
}

PersonRef = uuid.UUID  # new people get their id at planning time
DelegationRef = uuid.UUID | str  # str: the key of a delegation to create
OrganisationRef = uuid.UUID | str  # str: the folded name of an organisation to create


@dataclass
class RowOutcome:
    """What one row does: shown in the dry run and the import assistant's preview."""

    row: int
    status: str
    name: str = ""
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)  # as they will be stored

    def describe(self) -> str:
        head = f"row {self.row}: {self.status}"
        if self.status == UPDATED:
            head += f" ({', '.join(self.changes)})"
        if self.name:
            head += f" — {self.name}"
        if self.errors:
            head += ": " + "; ".join(self.errors)
        if self.notes:
            head += " [review: " + "; ".join(self.notes) + "]"
        return head


@dataclass
class ImportPreview:
    guess: TableGuess
    mapping: dict[int, str]
    headers: list[str]
    outcomes: list[RowOutcome] = field(default_factory=list)
    new_delegations: list[str] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)
    delegation_changes: list[str] = field(default_factory=list)
    # Each country value no source knows -> the alpha-3 codes it is nearest to.
    unknown_countries: dict[str, list[str]] = field(default_factory=dict)
    # Rows left out by an import with skip_invalid, each with its errors.
    rejected: list[RowOutcome] = field(default_factory=list)

    @property
    def ignored_columns(self) -> list[str]:
        return [h for i, h in enumerate(self.headers) if i not in self.mapping and h]

    @property
    def errors(self) -> list[RowOutcome]:
        return [o for o in self.outcomes if o.status == ERROR]

    @property
    def has_errors(self) -> bool:
        return any(o.status == ERROR for o in self.outcomes)

    def counts(self) -> dict[str, int]:
        totals = dict.fromkeys((CREATED, UPDATED, UNCHANGED, ERROR), 0)
        for outcome in self.outcomes:
            totals[outcome.status] += 1
        return totals

    def summary(self) -> str:
        counts = self.counts()
        text = ", ".join(f"{n} {status}" for status, n in counts.items())
        extra = []
        if self.new_delegations:
            extra.append(f"{len(self.new_delegations)} new delegation(s)")
        if self.new_organisations:
            extra.append(f"{len(self.new_organisations)} new organisation(s)")
        return text + (f"; {', '.join(extra)}" if extra else "")

    def column_report(self) -> str:
        used = ", ".join(f"{self.headers[i]!r}→{name}" for i, name in sorted(self.mapping.items()))
        ignored = ", ".join(repr(h) for h in self.ignored_columns)
        return f"columns: {used}" + (f"; ignored: {ignored}" if ignored else "")


class ImportRefusedError(ProtocolDeskError):
    """The file has rows in error; nothing was imported."""

    def __init__(self, preview: ImportPreview) -> None:
        errors = preview.errors
        first = errors[0].describe() if errors else ""
        super().__init__(
            f"{len(errors)} row(s) have errors, nothing was imported (first: {first}); "
            "run with --dry-run to see every row"
        )
        self.preview = preview


def preview_import(
    session: Session,
    event_id: uuid.UUID,
    table: Table,
    mapping: dict[int, str] | None = None,
    task: TaskState | None = None,
) -> ImportPreview:
    """What importing ``table`` into the event would do, row by row; writes nothing."""
    return _Planner(session, event_id, table, mapping, task).plan().preview


def apply_import(
    session: Session,
    event_id: uuid.UUID,
    table: Table,
    mapping: dict[int, str] | None = None,
    task: TaskState | None = None,
    *,
    skip_invalid: bool = False,
) -> ImportPreview:
    """Import inside the caller's transaction; raises ImportRefusedError on any row error.

    With ``skip_invalid`` the rows in error are left out (listed in ``preview.rejected``)
    and the others imported; an error that belongs to no row still refuses the file.
    """
    with full_collections_paused():  # a big list keeps hundreds of thousands of rows alive
        plan = _Planner(session, event_id, table, mapping, task).plan()
        rejected: list[RowOutcome] = []
        while skip_invalid and (bad := [o for o in plan.preview.errors if o.row]):
            # Planned again without them: a left-out row may have been the one a later
            # row was a duplicate of, or the head its delegation counted on.
            rejected.extend(bad)
            left_out = {o.row for o in rejected}
            kept = Table(
                table.guess, table.headers, [r for r in table.rows if r.number not in left_out]
            )
            unknown = plan.preview.unknown_countries
            plan = _Planner(session, event_id, kept, mapping, task).plan()
            plan.preview.unknown_countries = unknown | plan.preview.unknown_countries
        if plan.preview.has_errors:
            plan.preview.rejected = rejected
            raise ImportRefusedError(plan.preview)
        plan.preview.rejected = sorted(rejected, key=lambda o: o.row)
        _execute(session, plan, task)
    return plan.preview


# --- planning -----------------------------------------------------------------------


@dataclass
class _NewDelegation:
    label: str
    country_id: uuid.UUID | None = None
    organisation_id: uuid.UUID | None = None


@dataclass
class _NewPerson:
    row: int
    values: dict[str, Any]
    organisation: OrganisationRef | None
    keys: set[str]
    email: str | None
    delegation: DelegationRef | None


@dataclass
class _Plan:
    preview: ImportPreview
    event_id: uuid.UUID
    new_organisations: dict[str, tuple[str, uuid.UUID | None]] = field(default_factory=dict)
    new_delegations: dict[str, _NewDelegation] = field(default_factory=dict)
    new_people: dict[uuid.UUID, _NewPerson] = field(default_factory=dict)
    person_changes: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    person_organisation: dict[uuid.UUID, OrganisationRef] = field(default_factory=dict)
    new_members: list[tuple[DelegationRef, PersonRef, str]] = field(default_factory=list)
    role_changes: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    heads: dict[DelegationRef, PersonRef] = field(default_factory=dict)
    delegation_times: dict[DelegationRef, dict[str, datetime]] = field(default_factory=dict)


def name_keys(
    given: str | None, family: str | None, native: str | None, alts: Iterable[str]
) -> set[str]:
    """Every folded form a person's name is known by, in both name orders."""
    keys = {fold(native or ""), *(fold(a) for a in alts)}
    if family:
        keys.add(fold(f"{given or ''} {family}"))
        keys.add(fold(f"{family} {given or ''}"))
    keys.discard("")
    return keys


class _Planner:
    def __init__(
        self,
        session: Session,
        event_id: uuid.UUID,
        table: Table,
        mapping: dict[int, str] | None,
        task: TaskState | None,
    ) -> None:
        self.session = session
        self.event = records.get(session, Event, event_id)
        self.table = table
        self.mapping = mapping if mapping is not None else col.auto_mapping(table.headers)
        self.task = task
        self.plan_ = _Plan(ImportPreview(table.guess, self.mapping, table.headers), self.event.id)
        self.file_heads: set[DelegationRef] = set()
        self.seen_people: dict[uuid.UUID, int] = {}
        self.new_by_key: dict[str, list[uuid.UUID]] = defaultdict(list)

    # Indexes, each built with one query.
    def _load(self) -> None:
        session = self.session
        self.countries: dict[str, uuid.UUID] = {}
        self.by_alpha3: dict[str, uuid.UUID] = {}
        self.country_answers: dict[str, uuid.UUID | CountryNameError] = {}
        for country in session.scalars(select(Country)):
            for name in (
                country.alpha2,
                country.alpha3,
                country.name_en,
                country.name_fr,
                country.official_name_en,
            ):
                if name:
                    self.countries.setdefault(country_key(name), country.id)
            self.by_alpha3[country.alpha3] = country.id
        # The office's answers to "which country is this?" come before any guess.
        for key, alpha3 in remembered_countries(session).items():
            if alpha3 in self.by_alpha3:
                self.countries[key] = self.by_alpha3[alpha3]
        self.organisations: dict[str, list[uuid.UUID]] = defaultdict(list)
        for org in session.scalars(select(Organisation)):
            names = {org.name, org.acronym, org.native_name, org.display_name}
            for name in names | set(org.alt_names or []):
                if name and org.id not in self.organisations[country_key(name)]:
                    self.organisations[country_key(name)].append(org.id)
        self.delegations = list(
            session.scalars(select(Delegation).where(Delegation.event_id == self.event.id))
        )
        self.delegation_by_name = {fold(d.display_name): d for d in self.delegations}
        self.delegation_by_name.update({fold(d.name): d for d in self.delegations if d.name})
        self.members: dict[tuple[uuid.UUID, uuid.UUID], DelegationMember] = {}
        self.next_order: dict[DelegationRef, int] = defaultdict(int)
        for member in session.scalars(
            select(DelegationMember).join(Delegation).where(Delegation.event_id == self.event.id)
        ):
            self.members[(member.delegation_id, member.person_id)] = member
            order = self.next_order[member.delegation_id]
            self.next_order[member.delegation_id] = max(order, member.sort_order + 1)
        self.people: dict[uuid.UUID, Person] = {}
        self.people_by_key: dict[str, list[uuid.UUID]] = defaultdict(list)
        for person in session.scalars(select(Person)):
            self.people[person.id] = person
            for key in name_keys(
                person.given_names,
                person.family_name,
                person.native_name,
                person.alt_spellings or [],
            ):
                self.people_by_key[key].append(person.id)

    def plan(self) -> _Plan:
        self._load()
        total = len(self.table.rows)
        for done, row in enumerate(self.table.rows, start=1):
            outcome = RowOutcome(row.number, UNCHANGED)
            try:
                if row.problem:  # flagged by the reader (a garbled name): never stored
                    raise _RowError(row.problem)
                self._plan_row(row.cells, outcome)
            except _RowError as error:
                outcome.errors.append(str(error))
            if outcome.errors:
                outcome.status = ERROR
            self.plan_.preview.outcomes.append(outcome)
            report(self.task, done, total)
        self._plan_delegation_times()
        return self.plan_

    # --- one row ---
    def _plan_row(self, cells: list[str], outcome: RowOutcome) -> None:
        values = self._read_cells(cells, outcome)
        if outcome.errors:
            return
        if not values.get("family_name"):
            raise _RowError("missing family name")
        outcome.name = _display_name(values)
        country_id = self._country(values.get("country"))
        organisation = self._organisation(values.get("organisation"), country_id)
        delegation = self._delegation(values.get("delegation"), outcome)
        role = values.get("role")
        keys = name_keys(
            values.get("given_name"),
            values["family_name"],
            values.get("native_name"),
            values.get("alt_spellings", []),
        )
        email = (values.get("email") or "").casefold() or None
        existing = self._match_existing(keys, email, organisation, delegation, outcome)
        if existing is None:
            self._match_planned(keys, email, organisation, delegation)
            person_id = uuid.uuid4()
            fields = {k: v for k, v in values.items() if k not in _NON_PERSON}
            fields["country_id"] = country_id
            self.plan_.new_people[person_id] = _NewPerson(
                outcome.row, fields, organisation, keys, email, delegation
            )
            for key in keys:
                self.new_by_key[key].append(person_id)
            outcome.status = CREATED
        else:
            person_id = existing.id
            self.seen_people[person_id] = outcome.row
            changes = self._person_changes(existing, values, country_id, organisation)
            if changes:
                outcome.changes.extend(changes)
        if delegation is not None:
            self._plan_membership(delegation, person_id, role, outcome)
            self._collect_times(delegation, values)
        if outcome.status == UNCHANGED and outcome.changes:
            outcome.status = UPDATED

    def _read_cells(self, cells: list[str], outcome: RowOutcome) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for index, name in self.mapping.items():
            if index >= len(cells):
                continue
            raw = cells[index]
            header = self.table.headers[index] if index < len(self.table.headers) else name
            if len(raw) > MAX_CELL_CHARS:
                outcome.errors.append(
                    f"cell '{header}' is {len(raw):,} characters long (limit {MAX_CELL_CHARS:,})"
                )
                continue
            text = col.clean_cell(raw, multiline=is_multiline_field(name))
            if not text:
                continue
            # "'=..." is how spreadsheets (and our export) mark text that only looks
            # like a formula: accepted as text; a bare formula is refused.
            guarded = bool(col.NEUTRALISED.match(raw.strip()))
            if not guarded and col.looks_like_formula(text):
                outcome.errors.append(f"cell '{header}' holds a formula ({text[:40]!r}); refused")
                continue
            outcome.values[name] = text
            try:
                values[name] = _convert(name, text)
            except _RowError as error:
                outcome.errors.append(str(error))
        if "full_name" in values and not values.get("family_name"):
            given, family, family_first = col.split_full_name(values.pop("full_name"))
            values.update(given_name=given or None, family_name=family)
            values.setdefault("family_name_first", family_first)
            outcome.notes.append(f"name split from full name as given '{given}', family '{family}'")
        values.pop("full_name", None)
        for name, attribute in (
            ("honorific", "honorific"),
            ("given_name", "given_names"),
            ("family_name", "family_name"),
            ("native_name", "native_name"),
            ("email", "email"),
            ("phone", "phone"),
        ):
            limit = getattr(Person.__table__.c[attribute].type, "length", None)
            value = values.get(name)
            if isinstance(value, str) and limit is not None and len(value) > limit:
                outcome.errors.append(f"{name} is longer than {limit} characters")
        return values

    def _country(self, text: str | None) -> uuid.UUID | None:
        if not text:
            return None
        try:
            return self._country_id(text)
        except CountryNameError as error:
            self.plan_.preview.unknown_countries.setdefault(text, error.suggestions)
            raise _RowError(error.reason) from None

    def _country_id(self, text: str) -> uuid.UUID:
        """The country by the office's own names first, then every form the resolver knows."""
        # A list repeats a few values over thousands of rows: each is worked out once.
        if text not in self.country_answers:
            try:
                self.country_answers[text] = self._find_country(text)
            except CountryNameError as error:
                self.country_answers[text] = error
        answer = self.country_answers[text]
        if isinstance(answer, CountryNameError):
            # A fresh error each time: re-raising one object would grow its traceback.
            raise CountryNameError(answer.text, answer.reason, answer.suggestions)
        return answer

    def _find_country(self, text: str) -> uuid.UUID:
        found = self.countries.get(country_key(text))
        if found is not None:
            return found
        alpha3 = country_index().lookup(text)
        if alpha3 not in self.by_alpha3:
            raise CountryNameError(text, f"'{text}' ({alpha3}) is not in the country list")
        return self.by_alpha3[alpha3]

    def _organisation_ids(self, text: str) -> list[uuid.UUID]:
        """By name, acronym or "Name (ACRONYM)" as the export writes it."""
        found = self.organisations.get(country_key(text), [])
        if found or not (match := _NAME_AND_ACRONYM.match(text)):
            return found
        by_name = self.organisations.get(country_key(match["name"]), [])
        by_acronym = set(self.organisations.get(country_key(match["acronym"]), []))
        both = [o for o in by_name if o in by_acronym]
        return both or by_name

    def _organisation(
        self, text: str | None, country_id: uuid.UUID | None
    ) -> OrganisationRef | None:
        if not text:
            return None
        found = self._organisation_ids(text)
        if len(found) > 1:
            raise _RowError(f"several organisations are called '{text}'; rename one first")
        if found:
            return found[0]
        key = fold(text)
        if key not in self.plan_.new_organisations:
            self.plan_.new_organisations[key] = (text, country_id)
            self.plan_.preview.new_organisations.append(text)
        return key

    def _delegation(self, text: str | None, outcome: RowOutcome) -> DelegationRef | None:
        """The event's delegation a row names, by full name, country or organisation.

        "China", "CN" or "CHN" name the event's one delegation from China even when it
        is "China — Chinese Academy of Governance": creating a second China delegation
        beside it would split the list. When several delegations share the country (or
        organisation) the row must say which; a new delegation is made only when none does.
        """
        if not text:
            return None
        existing = self.delegation_by_name.get(fold(text))
        if existing is not None:
            return existing.id
        country_id, orgs, both = self._delegation_parts(text)

        def sends(d: Delegation) -> bool:
            same_country = country_id is not None and d.country_id == country_id
            same_org = d.organisation_id is not None and d.organisation_id in orgs
            return (same_country and same_org) if both else (same_country or same_org)

        candidates = [d for d in self.delegations if sends(d)]
        if len(candidates) > 1:
            # A delegation of the country alone is what a bare country name means.
            plain = [d for d in candidates if d.organisation_id is None and not d.name]
            if len(plain) == 1 and not both:
                return plain[0].id
            names = "; ".join(sorted(d.display_name for d in candidates))
            raise _RowError(
                f"'{text}' matches {len(candidates)} delegations of this event: {names}; "
                "write the delegation's full name"
            )
        if candidates:
            return candidates[0].id
        organisation_id = orgs[0] if len(orgs) == 1 else None
        if organisation_id is None and (country_id is None or orgs):
            raise _RowError(f"several organisations are called '{text}'; rename one first")
        new_key = f"country:{country_id}|organisation:{organisation_id}"
        if new_key not in self.plan_.new_delegations:
            self.plan_.new_delegations[new_key] = _NewDelegation(text, country_id, organisation_id)
            self.plan_.preview.new_delegations.append(text)
            outcome.notes.append(f"new delegation '{text}'")
        return new_key

    def _delegation_parts(self, text: str) -> tuple[uuid.UUID | None, list[uuid.UUID], bool]:
        """The country and organisations a delegation's name stands for, and whether it
        must be both: "Country — Organisation" is how the export writes such a delegation."""
        orgs = self._organisation_ids(text)
        try:
            return self._country_id(text), orgs, False
        except CountryNameError as error:
            if orgs:
                return None, orgs, False
            unknown = error
        country_part, dash, org_part = text.partition(" — ")
        if dash:
            try:
                country_id = self._country_id(country_part)
            except CountryNameError:
                country_id = None
            orgs = self._organisation_ids(org_part)
            if country_id is not None and orgs:
                return country_id, orgs, True
        if unknown.suggestions:
            self.plan_.preview.unknown_countries.setdefault(text, unknown.suggestions)
        hint = unknown.reason.partition("; ")[2]
        raise _RowError(
            f"unknown delegation '{text}' (not a country, ISO code or known organisation)"
            + (f"; {hint}" if hint else "")
        )

    def _match_existing(
        self,
        keys: set[str],
        email: str | None,
        organisation: OrganisationRef | None,
        delegation: DelegationRef | None,
        outcome: RowOutcome,
    ) -> Person | None:
        candidates = {pid for key in keys for pid in self.people_by_key.get(key, ())}
        confirmed = []
        for pid in candidates:
            person = self.people[pid]
            same_email = bool(email) and (person.email or "").casefold() == email
            same_org = organisation is not None and person.organisation_id == organisation
            same_delegation = isinstance(delegation, uuid.UUID) and (
                (delegation, pid) in self.members
            )
            if same_email or same_org or same_delegation:
                confirmed.append(person)
        if len(confirmed) > 1:
            names = "; ".join(f"{p.full_name} ({str(p.id)[:8]})" for p in confirmed)
            raise _RowError(f"matches several known people: {names}")
        if not confirmed:
            return None
        person = confirmed[0]
        if person.id in self.seen_people:
            raise _RowError(f"duplicate row: the same person as row {self.seen_people[person.id]}")
        return person

    def _match_planned(
        self,
        keys: set[str],
        email: str | None,
        organisation: OrganisationRef | None,
        delegation: DelegationRef | None,
    ) -> None:
        for pid in {pid for key in keys for pid in self.new_by_key.get(key, ())}:
            other = self.plan_.new_people[pid]
            if (
                (email and other.email == email)
                or (organisation is not None and other.organisation == organisation)
                or (delegation is not None and other.delegation == delegation)
                or (not email and not other.email and organisation is None and delegation is None)
            ):
                raise _RowError(f"duplicate row: the same person as row {other.row}")

    def _person_changes(
        self,
        person: Person,
        values: dict[str, Any],
        country_id: uuid.UUID | None,
        organisation: OrganisationRef | None,
    ) -> list[str]:
        changes: dict[str, Any] = {}
        for name, attribute in PERSON_FIELDS.items():
            value = values.get(name)
            current = getattr(person, attribute)
            if (
                attribute == "email"
                and value
                and current
                and value.casefold() == current.casefold()
            ):
                continue  # addresses are case-insensitive in practice
            if value is not None and value != current:
                changes[attribute] = value
        if country_id is not None and country_id != person.country_id:
            changes["country_id"] = country_id
        # A name spelt differently from the stored one is kept as another spelling,
        # never written over the name the office has curated.
        known = {fold(s) for s in (person.alt_spellings or [])}
        own_name = _both_orders(person.given_names, person.family_name)
        known |= own_name
        known.add(fold(person.native_name or ""))
        spellings = list(person.alt_spellings or [])
        row_name = " ".join(p for p in (values.get("given_name"), values["family_name"]) if p)
        for spelling in (row_name, *values.get("alt_spellings", [])):
            if fold(spelling) not in known:
                spellings.append(spelling)
                known.add(fold(spelling))
        if spellings != list(person.alt_spellings or []):
            changes["alt_spellings"] = spellings
        same_name = fold(row_name) in own_name
        flag = values.get("family_name_first")
        if same_name and flag is not None and flag != person.family_name_first:
            changes["family_name_first"] = flag
        labels = [_label(a) for a in changes]
        if organisation is not None and organisation != person.organisation_id:
            self.plan_.person_organisation[person.id] = organisation
            labels.append("organisation")
        if changes:
            self.plan_.person_changes[person.id] = changes
        return labels

    def _plan_membership(
        self, delegation: DelegationRef, person_id: uuid.UUID, role: str | None, outcome: RowOutcome
    ) -> None:
        wants_head = role == DelegationRole.HEAD.value
        if wants_head and delegation in self.file_heads:
            outcome.notes.append("a second head in this delegation; imported as member")
            role, wants_head = DelegationRole.MEMBER.value, False
        member = (
            self.members.get((delegation, person_id)) if isinstance(delegation, uuid.UUID) else None
        )
        if member is None:
            self.plan_.new_members.append(
                (delegation, person_id, role or DelegationRole.MEMBER.value)
            )
            if outcome.status != CREATED:
                outcome.changes.append("delegation")
        elif (
            role
            and role != member.role
            and not (member.role == DelegationRole.HEAD.value and not wants_head)
        ):
            self.plan_.role_changes.append((member.id, role))
            outcome.changes.append("role")
        if wants_head:
            self.file_heads.add(delegation)
            current = next((d for d in self.delegations if d.id == delegation), None)
            if current is None or current.head_person_id != person_id:
                self.plan_.heads[delegation] = person_id
                if outcome.status != CREATED:
                    outcome.changes.append("head of delegation")

    def _collect_times(self, delegation: DelegationRef, values: dict[str, Any]) -> None:
        times = self.plan_.delegation_times.setdefault(delegation, {})
        arrival, departure = values.get("arrival"), values.get("departure")
        if arrival is not None and ("arrival_at" not in times or arrival < times["arrival_at"]):
            times["arrival_at"] = arrival
        if departure is not None and (
            "departure_at" not in times or departure > times["departure_at"]
        ):
            times["departure_at"] = departure

    def _plan_delegation_times(self) -> None:
        for ref, times in list(self.plan_.delegation_times.items()):
            current = next((d for d in self.delegations if d.id == ref), None)
            changed = {
                k: v for k, v in times.items() if current is None or getattr(current, k) != v
            }
            if not changed:
                del self.plan_.delegation_times[ref]
                continue
            self.plan_.delegation_times[ref] = changed
            label = current.display_name if current else self.plan_.new_delegations[str(ref)].label
            text = ", ".join(
                f"{k.removesuffix('_at')} {v:%Y-%m-%d %H:%M}" for k, v in changed.items()
            )
            self.plan_.preview.delegation_changes.append(f"{label}: {text}")
            arrival = changed.get("arrival_at") or (current.arrival_at if current else None)
            departure = changed.get("departure_at") or (current.departure_at if current else None)
            if arrival and departure and departure < arrival:
                self.plan_.preview.outcomes.append(
                    RowOutcome(0, ERROR, label, errors=["departure before arrival"])
                )


_NON_PERSON = frozenset({"delegation", "role", "organisation", "country", "arrival", "departure"})


class _RowError(Exception):
    pass


_NAME_AND_ACRONYM = re.compile(r"^(?P<name>.+?)\s*\((?P<acronym>[^()]+)\)\s*$")


def _convert(name: str, text: str) -> Any:
    if name == "role":
        role = col.parse_role(text)
        if role is None:
            raise _RowError(f"unknown role '{text}' (use {col.role_choices()})")
        return role
    if name == "family_name_first":
        flag = col.parse_bool(text)
        if flag is None:
            raise _RowError(f"family_name_first must be yes or no, not '{text}'")
        return flag
    if name in ("alt_spellings", "languages"):
        return col.split_list(text)
    if name in ("arrival", "departure"):
        moment = col.parse_datetime(text)
        if moment is None:
            raise _RowError(f"bad date '{text}' in {name} (use YYYY-MM-DD HH:MM)")
        return moment
    if name == "email" and ("@" not in text or " " in text):
        raise _RowError(f"'{text}' is not an e-mail address")
    return text


def _both_orders(given: str | None, family: str) -> set[str]:
    return {fold(f"{given or ''} {family}"), fold(f"{family} {given or ''}")}


def _label(attribute: str) -> str:
    return {"dietary_needs": "dietary", "country_id": "country"}.get(attribute, attribute)


def _display_name(values: dict[str, Any]) -> str:
    parts = [values.get("given_name"), values.get("family_name")]
    if values.get("family_name_first"):
        parts.reverse()
    name = " ".join(p for p in parts if p)
    if values.get("native_name"):
        name += f" ({values['native_name']})"
    if values.get("delegation"):
        name += f", {values['delegation']}"
    return name


# --- writing ------------------------------------------------------------------------


def _execute(session: Session, plan: _Plan, task: TaskState | None) -> None:
    organisations: dict[str, uuid.UUID] = {}
    for key, (name, country_id) in plan.new_organisations.items():
        organisations[key] = records.create(
            session, Organisation, name=name, country_id=country_id
        ).id
    delegations: dict[str, uuid.UUID] = {}
    event_id = plan.event_id
    for key, planned in plan.new_delegations.items():
        delegations[key] = records.create(
            session,
            Delegation,
            event_id=event_id,
            country_id=planned.country_id,
            organisation_id=planned.organisation_id,
        ).id

    def org_id(ref: OrganisationRef | None) -> uuid.UUID | None:
        return organisations[ref] if isinstance(ref, str) else ref

    def delegation_id(ref: DelegationRef) -> uuid.UUID:
        return delegations[ref] if isinstance(ref, str) else ref

    total = len(plan.new_people) + len(plan.person_changes) + len(plan.new_members)
    done = _insert_people(session, plan, org_id, task, total)
    for person_id, changes in plan.person_changes.items():
        person = session.get_one(Person, person_id)
        for attribute, value in changes.items():
            setattr(person, attribute, value)
        done += 1
        _flush_now_and_then(session, done, total, task)
    for person_id, ref in plan.person_organisation.items():
        session.get_one(Person, person_id).organisation_id = org_id(ref)
    for member_id, role in plan.role_changes:
        session.get_one(DelegationMember, member_id).role = role
    _insert_members(session, plan, delegation_id, task, done, total)
    session.flush()
    for ref, person_id in plan.heads.items():
        set_head(session, delegation_id(ref), person_id)
    for ref, times in plan.delegation_times.items():
        records.update(session, Delegation, delegation_id(ref), **times)
    session.flush()


def _insert_people(
    session: Session,
    plan: _Plan,
    org_id: Callable[[OrganisationRef | None], uuid.UUID | None],
    task: TaskState | None,
    total: int,
) -> int:
    """New people in batches through Core: validated and keyed as records.create would,
    without the unit of work's per-object cost (most of a 100,000-row import)."""
    stamp = utc_now()
    batch: list[dict[str, Any]] = []
    names: list[str] = []
    done = 0
    for person_id, new in plan.new_people.items():
        person = _new_person(person_id, new, org_id(new.organisation))
        with session.no_autoflush:
            validate(session, person)
        person.refresh_search_key()
        batch.append(_column_values(person, stamp))
        names.append(person.full_name)
        done += 1
        report(task, done, total)
        if len(batch) == FLUSH_EVERY:
            _bulk_insert(session, Person, batch, names)
            batch, names = [], []
    _bulk_insert(session, Person, batch, names)
    return done


def _new_person(person_id: uuid.UUID, new: _NewPerson, organisation: uuid.UUID | None) -> Person:
    values = new.values
    return Person(
        id=person_id,
        given_names=values.get("given_name"),
        family_name=values["family_name"],
        family_name_first=bool(values.get("family_name_first", False)),
        alt_spellings=values.get("alt_spellings", []),
        organisation_id=organisation,
        country_id=values.get("country_id"),
        **{attr: values.get(name) for name, attr in PERSON_FIELDS.items() if name != "languages"},
        languages=values.get("languages", []),
    )


def _insert_members(
    session: Session,
    plan: _Plan,
    delegation_id: Callable[[DelegationRef], uuid.UUID],
    task: TaskState | None,
    done: int,
    total: int,
) -> None:
    # Membership rules (one row per person, valid role) were checked while planning, so
    # the bulk path skips add_member's per-row queries.
    stamp = utc_now()
    next_order: dict[uuid.UUID, int] = {}
    batch: list[dict[str, Any]] = []
    for ref, person_id, role in plan.new_members:
        target = delegation_id(ref)
        if target not in next_order:
            next_order[target] = _next_sort_order(session, target)
        member = DelegationMember(
            id=uuid.uuid4(),
            delegation_id=target,
            person_id=person_id,
            role=DelegationRole.MEMBER.value if role == DelegationRole.HEAD.value else role,
            sort_order=next_order[target],
        )
        batch.append(_column_values(member, stamp))
        next_order[target] += 1
        done += 1
        report(task, done, total)
        if len(batch) == FLUSH_EVERY:
            _bulk_insert(session, DelegationMember, batch, [""] * len(batch))
            batch = []
    _bulk_insert(session, DelegationMember, batch, [""] * len(batch))


def _column_values(record: Person | DelegationMember, stamp: datetime) -> dict[str, Any]:
    """Every column of a new record, defaults applied, as one Core insert row."""
    state = record.__dict__
    row: dict[str, Any] = {}
    for column in type(record).__table__.columns:
        value = state.get(column.key)
        default = column.default
        if value is None and default is not None and default.is_scalar:
            value = default.arg
        if value is None and isinstance(column.type, JSON):
            value = []
        row[column.key] = value
    row.update(created_at=stamp, updated_at=stamp, revision=1, deleted_at=None)
    return row


def _bulk_insert(
    session: Session,
    model: type[Person] | type[DelegationMember],
    rows: list[dict[str, Any]],
    names: list[str],
) -> None:
    if not rows:
        return
    session.execute(insert(model), rows, execution_options={"render_nulls": True})
    journal_inserted(session, model, rows, names)


def _next_sort_order(session: Session, delegation_id: uuid.UUID) -> int:
    orders = session.scalars(
        select(DelegationMember.sort_order)
        .where(DelegationMember.delegation_id == delegation_id)
        .execution_options(include_deleted=True)
    ).all()
    return max(orders, default=-1) + 1


def _flush_now_and_then(session: Session, done: int, total: int, task: TaskState | None) -> None:
    if done % FLUSH_EVERY == 0:
        session.flush()
    report(task, done, total)
