"""Participant list export: XLSX and CSV with the import's column names, so files round-trip."""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.orm import Session

from app.errors import DomainError
from app.io.columns import EXPORT_COLUMNS
from app.io.private import atomic_output
from app.io.tasks import TaskState, report
from app.model import Delegation, DelegationMember, Event, Person
from app.protocol.precedence import ordered_delegations as by_precedence
from app.services import records

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_COLUMN_WIDTH = 50
DATETIME_FORMAT = "%Y-%m-%d %H:%M"

Row = dict[str, str]


def ordered_delegations(
    session: Session, event_id: uuid.UUID
) -> list[tuple[Delegation, list[DelegationMember]]]:
    """Delegations in order of precedence (the event's protocol rule), members head first
    and then in the order the sending side notified them."""
    return [(r.delegation, list(r.members)) for r in by_precedence(session, event_id)]


def participant_rows(session: Session, event_id: uuid.UUID) -> Iterator[Row]:
    """One row per delegation member, with exactly the import's columns."""
    records.get(session, Event, event_id)
    for delegation, members in ordered_delegations(session, event_id):
        for member in members:
            yield _row(delegation, member, member.person)


def _row(delegation: Delegation, member: DelegationMember, person: Person) -> Row:
    def when(moment: object) -> str:
        return moment.strftime(DATETIME_FORMAT) if moment is not None else ""  # type: ignore[attr-defined]

    values = {
        "delegation": delegation.display_name,
        "role": member.role,
        "honorific": person.honorific,
        "given_name": person.given_names,
        "family_name": person.family_name,
        "family_name_first": "yes" if person.family_name_first else "no",
        "native_name": person.native_name,
        "alt_spellings": "; ".join(person.alt_spellings or []),
        "position": person.position,
        "organisation": person.organisation.name if person.organisation else None,
        "country": person.country.name_en if person.country else None,
        "email": person.email,
        "phone": person.phone,
        "languages": "; ".join(person.languages or []),
        "dietary": person.dietary_needs,
        "arrival": when(delegation.arrival_at),
        "departure": when(delegation.departure_at),
        "notes": person.notes,
    }
    return {column: values[column] or "" for column in EXPORT_COLUMNS}


def neutralise(value: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def write_participants_csv(rows: Iterator[Row], path: Path, task: TaskState | None = None) -> int:
    """UTF-8 with a BOM, so Excel opens non-Latin names correctly; returns the row count."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(EXPORT_COLUMNS)
        for row in rows:
            writer.writerow([neutralise(row[c]) for c in EXPORT_COLUMNS])
            count += 1
            report(task, count, 0)
    return count


def write_participants_xlsx(rows: Iterator[Row], path: Path, task: TaskState | None = None) -> int:
    """Header row in bold, frozen below it, widths fitted to the content (capped)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Participants"
    sheet.append(list(EXPORT_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(c) for c in EXPORT_COLUMNS]
    count = 0
    for count, row in enumerate(rows, start=1):
        for index, column in enumerate(EXPORT_COLUMNS):
            value = row[column]
            cell = sheet.cell(row=count + 1, column=index + 1, value=value or None)
            if value.startswith("="):
                # openpyxl would store it as a formula; the text is data, keep it text.
                cell.data_type = "s"
            widths[index] = max(widths[index], min(len(value), MAX_COLUMN_WIDTH))
        report(task, count, 0)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    workbook.save(path)
    return count


def export_participants(
    session: Session, event_id: uuid.UUID, path: Path | str, task: TaskState | None = None
) -> int:
    """Write the event's participant list; the file's suffix (.xlsx or .csv) picks the format."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise DomainError("output", f"'{path.name}' should end in .xlsx or .csv")
    rows = participant_rows(session, event_id)
    writer = write_participants_xlsx if suffix == ".xlsx" else write_participants_csv
    with atomic_output(path) as partial:
        return writer(rows, partial, task)
