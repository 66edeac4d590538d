"""Gifts register: the year's gifts, declaration flags per currency, CSV read back."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import DomainError
from app.model import Gift, OfficeSetting, Organisation
from app.model.enums import GiftDirection
from app.protocol.gifts import (
    CSV_COLUMNS,
    DeclarationPolicy,
    gifts_csv,
    gifts_register,
    store_thresholds,
    stored_thresholds,
    write_gifts_csv,
)
from app.services import records
from tests.protocol.conftest import make_event, make_person

POLICY = DeclarationPolicy.parse("EUR=150, usd=200")


def _gift(tx: Session, description: str, **fields: object) -> Gift:
    return records.create(tx, Gift, description=description, **fields)


@pytest.fixture
def register(tx: Session) -> Session:
    minister = make_person(tx, "Baimenov", "Alikhan", honorific="H.E. Mr")
    academy = records.create(tx, Organisation, name="Chinese Academy of Governance")
    event = make_event(tx, host="CHN")  # starts 2027-03-01
    _gift(tx, "Porcelain vase", direction="received", estimated_value=Decimal("400"),
          currency="EUR", given_on=date(2027, 3, 2), giver_organisation_id=academy.id,
          recipient_person_id=minister.id)  # fmt: skip
    _gift(tx, "Tea set", direction="received", estimated_value=Decimal("150.00"),
          currency="EUR", given_on=date(2027, 1, 5))  # fmt: skip
    _gift(tx, "Silk scarf", direction="received", estimated_value=Decimal("250"),
          currency="USD", given_on=date(2027, 6, 1))  # fmt: skip
    _gift(tx, "Carpet", direction="received", estimated_value=Decimal("90000"),
          currency="KZT", given_on=date(2027, 6, 2))  # fmt: skip
    _gift(tx, "Book", direction="received", event_id=event.id)  # dated by its event
    _gift(tx, "Crystal bowl", direction="given", estimated_value=Decimal("900"),
          currency="EUR", given_on=date(2027, 3, 2), giver_person_id=minister.id)  # fmt: skip
    _gift(tx, "Old medal", direction="received", estimated_value=Decimal("999"),
          currency="EUR", given_on=date(2026, 12, 31))  # fmt: skip
    return tx


def test_register_flags_values_above_the_threshold(register: Session) -> None:
    entries = gifts_register(register, 2027, POLICY)
    assert [e.description for e in entries] == [
        "Tea set",
        "Book",
        "Crystal bowl",
        "Porcelain vase",
        "Silk scarf",
        "Carpet",
    ]
    flagged = {e.description: (e.declare, e.note) for e in entries}
    assert flagged["Porcelain vase"] == (True, "above the EUR 150.00 threshold")
    assert flagged["Tea set"] == (False, "")  # equal to the threshold is not above it
    assert flagged["Silk scarf"] == (True, "above the USD 200.00 threshold")
    assert flagged["Carpet"] == (False, "no declaration threshold set for KZT")
    assert flagged["Book"][0] is False
    assert flagged["Book"][1].startswith("no estimated value")
    assert flagged["Crystal bowl"] == (False, "")  # given, not received
    vase = next(e for e in entries if e.description == "Porcelain vase")
    assert vase.giver == "Chinese Academy of Governance"
    assert vase.recipient == "Alikhan Baimenov"


def test_policy_for_given_gifts_and_direction_filter(register: Session) -> None:
    policy = DeclarationPolicy(
        {"EUR": Decimal(500)}, frozenset({GiftDirection.GIVEN, GiftDirection.RECEIVED})
    )
    entries = gifts_register(register, 2027, policy, GiftDirection.GIVEN)
    assert [(e.description, e.declare) for e in entries] == [("Crystal bowl", True)]
    assert [e.description for e in gifts_register(register, 2026, policy)] == ["Old medal"]


def test_csv_reads_back(register: Session, tmp_path: Path) -> None:
    entries = gifts_register(register, 2027, POLICY)
    path = tmp_path / "gifts-2027.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        write_gifts_csv(entries, stream)
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert tuple(rows[0]) == CSV_COLUMNS
    vase = next(r for r in rows if r["Description"] == "Porcelain vase")
    assert vase["Date"] == "2027-03-02"
    assert vase["Estimated value"] == "400.00"
    assert vase["Declare"] == "yes"
    assert vase["Received by"] == "Alikhan Baimenov"
    assert len(rows) == 6
    assert list(csv.reader(io.StringIO(gifts_csv(entries))))[1][2] == "Tea set"


@pytest.mark.parametrize("text", ["EURO=5", "EUR=five", "EUR=-1"])
def test_bad_thresholds(text: str) -> None:
    with pytest.raises(DomainError):
        DeclarationPolicy.parse(text)


def test_office_thresholds_are_stored_once_and_checked(db: Database) -> None:
    with db.session() as session:
        assert stored_thresholds(session) is None
    with db.transaction() as session:
        store_thresholds(session, {"EUR": Decimal("150"), "KZT": Decimal("75000.50")})
    with db.transaction() as session:
        store_thresholds(session, {"USD": Decimal("200")})
    with db.session() as session:
        assert stored_thresholds(session) == {"USD": Decimal("200")}
        assert session.scalar(select(func.count()).select_from(OfficeSetting)) == 1
    for bad, reason in (
        ({"dollars": Decimal(5)}, "'dollars' is not a currency code"),
        ({"EUR": Decimal(-1)}, "the EUR threshold is negative"),
        ({"EUR": Decimal("NaN")}, "the EUR threshold is not an amount"),
    ):
        with pytest.raises(DomainError) as refused, db.transaction() as session:
            store_thresholds(session, bad)
        assert (refused.value.field, refused.value.reason) == ("thresholds", reason)
    with db.session() as session:
        assert stored_thresholds(session) == {"USD": Decimal("200")}
