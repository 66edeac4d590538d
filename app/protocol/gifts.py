"""The gifts register for a year, flagging the gifts whose value calls for a declaration.

Thresholds are set per currency (a gift worth 200 USD is compared with the USD
threshold); converting between currencies needs exchange rates the app does not
keep, so a gift in a currency without a threshold is listed with a note, not guessed.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.errors import DomainError
from app.model import Gift
from app.model.enums import GiftDirection
from app.services.office_settings import read_setting, write_setting

CSV_COLUMNS = (
    "Date",
    "Direction",
    "Description",
    "Given by",
    "Received by",
    "Event",
    "Estimated value",
    "Currency",
    "Disposition",
    "Declare",
    "Note",
)


@dataclass(frozen=True)
class DeclarationPolicy:
    """Above which value, per currency, a gift must be declared; and for which directions."""

    thresholds: Mapping[str, Decimal] = field(default_factory=dict)
    # Declaration rules are about what officials receive; add GIVEN where the office
    # must declare what it gives too.
    directions: frozenset[GiftDirection] = frozenset({GiftDirection.RECEIVED})

    @classmethod
    def parse(cls, text: str) -> DeclarationPolicy:
        """'EUR=150, USD=200' -> thresholds per currency (the CLI and settings form)."""
        thresholds: dict[str, Decimal] = {}
        for part in filter(None, (p.strip() for p in re.split(r"[,;]", text))):
            currency, _, amount = part.partition("=")
            code = currency.strip().upper()
            if len(code) != 3 or not code.isalpha():
                raise DomainError("thresholds", f"'{currency.strip()}' is not a currency code")
            try:
                value = Decimal(amount.strip())
            except InvalidOperation:
                raise DomainError("thresholds", f"'{amount.strip()}' is not an amount") from None
            thresholds[code] = _checked_threshold(code, value)
        return cls(thresholds)


def _checked_threshold(code: str, value: Decimal) -> Decimal:
    if not value.is_finite():
        raise DomainError("thresholds", f"the {code} threshold is not an amount")
    if value < 0:
        raise DomainError("thresholds", f"the {code} threshold is negative")
    return value


# The office's thresholds live in the database, shared by every workstation.
THRESHOLDS_SETTING = "gifts.declaration_thresholds"


def stored_thresholds(session: Session) -> dict[str, Decimal] | None:
    """The office's declaration thresholds, or None when none were ever set."""
    stored = read_setting(session, THRESHOLDS_SETTING)
    if stored is None:
        return None
    return {str(code): Decimal(str(amount)) for code, amount in dict(stored).items()}


def store_thresholds(session: Session, thresholds: Mapping[str, Decimal]) -> None:
    """Keep ``thresholds`` as the office's rule; a bad code or amount writes nothing."""
    checked: dict[str, str] = {}
    for code, value in thresholds.items():
        if len(code) != 3 or not code.isalpha() or not code.isupper():
            raise DomainError("thresholds", f"'{code}' is not a currency code")
        checked[code] = str(_checked_threshold(code, Decimal(value)))
    write_setting(session, THRESHOLDS_SETTING, checked)


@dataclass(frozen=True)
class GiftEntry:
    gift_id: uuid.UUID
    on: date | None
    direction: str
    description: str
    giver: str
    recipient: str
    event: str | None
    value: Decimal | None
    currency: str | None
    disposition: str
    declare: bool
    note: str


def gift_date(gift: Gift) -> date | None:
    """When a gift was given: its own date, else its event's first day."""
    if gift.given_on is not None:
        return gift.given_on
    if gift.event is not None:
        return gift.event.start_date
    return None


def assess(gift: Gift, policy: DeclarationPolicy) -> tuple[bool, str]:
    """Whether ``gift`` must be declared under ``policy``, and why in words."""
    if GiftDirection(gift.direction) not in policy.directions:
        return False, ""
    if gift.estimated_value is None:
        return False, "no estimated value: estimate it to know whether to declare"
    currency = (gift.currency or "").upper()
    threshold = policy.thresholds.get(currency)
    if threshold is None:
        return False, f"no declaration threshold set for {currency}"
    if gift.estimated_value > threshold:
        return True, f"above the {currency} {threshold:.2f} threshold"
    return False, ""


def gifts_register(
    session: Session,
    year: int,
    policy: DeclarationPolicy,
    direction: GiftDirection | None = None,
) -> list[GiftEntry]:
    """The gifts of ``year`` in date order, each assessed. A gift without a date counts
    from its event's first day; one with neither is in no year's register."""
    query = select(Gift).options(
        selectinload(Gift.event),
        selectinload(Gift.giver_person),
        selectinload(Gift.giver_organisation),
        selectinload(Gift.recipient_person),
        selectinload(Gift.recipient_organisation),
    )
    if direction is not None:
        query = query.where(Gift.direction == direction.value)
    dated: list[tuple[date, GiftEntry]] = []
    for gift in session.scalars(query):
        when = gift_date(gift)
        if when is None or when.year != year:
            continue
        declare, note = assess(gift, policy)
        dated.append(
            (
                when,
                GiftEntry(
                    gift.id,
                    gift.given_on,
                    gift.direction,
                    gift.description,
                    gift.giver_name,
                    gift.recipient_name,
                    gift.event.title if gift.event is not None else None,
                    gift.estimated_value,
                    gift.currency,
                    gift.disposition,
                    declare,
                    note,
                ),
            )
        )
    dated.sort(key=lambda item: (item[0], item[1].description.casefold()))
    return [entry for _, entry in dated]


def write_gifts_csv(entries: Iterable[GiftEntry], stream: TextIO) -> None:
    """The register as CSV (UTF-8 text; open the file with newline='')."""
    writer = csv.writer(stream)
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow(
            [
                entry.on.isoformat() if entry.on else "",
                entry.direction,
                entry.description,
                entry.giver,
                entry.recipient,
                entry.event or "",
                f"{entry.value:.2f}" if entry.value is not None else "",
                entry.currency or "",
                entry.disposition,
                "yes" if entry.declare else "no",
                entry.note,
            ]
        )


def gifts_csv(entries: Iterable[GiftEntry]) -> str:
    buffer = io.StringIO(newline="")
    write_gifts_csv(entries, buffer)
    return buffer.getvalue()
