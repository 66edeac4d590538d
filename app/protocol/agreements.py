"""The agreements register across events: where each text stands and what runs out soon.

There is no separate renewal field: an agreement in force must be renewed (or let
lapse) by the end of its validity, so its renewal date is ``valid_until``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.model import Agreement, AgreementParty, AgreementStatusChange
from app.model.enums import AgreementStatus
from app.protocol.collation import collation_key
from app.protocol.precedence import ordered_parties
from app.services.agreements import document_counts

DEFAULT_WINDOW_DAYS = 90
# Statuses under which an end date means something is about to run out.
RUNNING = frozenset({AgreementStatus.SIGNED.value, AgreementStatus.IN_FORCE.value})


@dataclass(frozen=True)
class AgreementEntry:
    agreement: Agreement
    # Party names in the precedence of the agreement's event.
    parties: list[str]
    event: str | None
    renewal_on: date | None
    days_left: int | None
    expiring: bool
    # Past its end date but still recorded as signed or in force.
    lapsed: bool
    note: str
    documents: int = 0  # files attached (texts, scans of the signed originals)


def assess(
    agreement: Agreement, today: date, window_days: int
) -> tuple[int | None, bool, bool, str]:
    """Days left, expiring within the window, lapsed, and a note in words."""
    end = agreement.valid_until
    if end is None or agreement.status not in RUNNING:
        return None, False, False, ""
    days_left = (end - today).days
    if days_left < 0:
        return (
            days_left,
            False,
            True,
            f"ended on {end.isoformat()} but is still recorded as {agreement.status}",
        )
    if days_left <= window_days:
        return days_left, True, False, f"expires in {days_left} day(s), on {end.isoformat()}"
    return days_left, False, False, ""


def agreements_register(
    session: Session,
    *,
    today: date | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    status: AgreementStatus | None = None,
    event_id: uuid.UUID | None = None,
    country_id: uuid.UUID | None = None,
    organisation_id: uuid.UUID | None = None,
    area: str | None = None,
) -> list[AgreementEntry]:
    """Every agreement (filtered as asked), the latest signed first, then by title."""
    today = today or date.today()
    query = select(Agreement).options(
        selectinload(Agreement.parties).selectinload(AgreementParty.country),
        selectinload(Agreement.parties).selectinload(AgreementParty.organisation),
        selectinload(Agreement.event),
    )
    if status is not None:
        query = query.where(Agreement.status == status.value)
    if event_id is not None:
        query = query.where(Agreement.event_id == event_id)
    if country_id is not None or organisation_id is not None:
        party = select(AgreementParty.agreement_id)
        if country_id is not None:
            party = party.where(AgreementParty.country_id == country_id)
        if organisation_id is not None:
            party = party.where(AgreementParty.organisation_id == organisation_id)
        query = query.where(Agreement.id.in_(party))
    wanted_area = area.casefold().strip() if area else None
    entries = []
    counts = document_counts(session)
    for agreement in session.scalars(query):
        if wanted_area and not any(wanted_area in a.casefold() for a in agreement.areas or []):
            continue
        days_left, expiring, lapsed, note = assess(agreement, today, window_days)
        renewal = agreement.valid_until if agreement.status in RUNNING else None
        entries.append(
            AgreementEntry(
                agreement,
                [r.party.display_name for r in ordered_parties(session, agreement.id)],
                agreement.event.title if agreement.event is not None else None,
                renewal,
                days_left,
                expiring,
                lapsed,
                note,
                counts.get(agreement.id, 0),
            )
        )
    entries.sort(
        key=lambda e: (
            -(e.agreement.signed_on or date.min).toordinal(),
            collation_key(e.agreement.title),
        )
    )
    return entries


def expiring_within(
    session: Session, days: int = DEFAULT_WINDOW_DAYS, today: date | None = None
) -> list[AgreementEntry]:
    """Signed or in-force agreements ending within ``days``, soonest first."""
    entries = agreements_register(session, today=today, window_days=days)
    return sorted((e for e in entries if e.expiring), key=lambda e: e.days_left or 0)


def renewals_due(session: Session, until: date, today: date | None = None) -> list[AgreementEntry]:
    """Running agreements whose renewal date falls from ``today`` up to ``until``."""
    today = today or date.today()
    entries = agreements_register(session, today=today)
    due = [e for e in entries if e.renewal_on is not None and today <= e.renewal_on <= until]
    return sorted(due, key=lambda e: e.renewal_on or date.max)


def lapsed_agreements(session: Session, today: date | None = None) -> list[AgreementEntry]:
    """Agreements past their end date that are still recorded as running: to mark expired."""
    return [e for e in agreements_register(session, today=today) if e.lapsed]


def lifecycle(session: Session, agreement_id: uuid.UUID) -> list[str]:
    """The status history in words, oldest first; forced steps show their reason."""
    changes = session.scalars(
        select(AgreementStatusChange)
        .where(AgreementStatusChange.agreement_id == agreement_id)
        .order_by(AgreementStatusChange.changed_at)
    )
    lines = []
    for change in changes:
        text = f"{change.changed_at:%Y-%m-%d}: {change.from_status or 'new'} → {change.to_status}"
        if change.forced:
            text += f" (forced: {change.reason})"
        lines.append(text)
    return lines
