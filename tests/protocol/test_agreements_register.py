"""Agreements register across events: filters, expiring within 90 days, renewals, lapses."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from app.model import Agreement, AgreementParty, country_uuid
from app.model.enums import AgreementStatus
from app.protocol.agreements import (
    agreements_register,
    expiring_within,
    lapsed_agreements,
    lifecycle,
    renewals_due,
)
from app.services import records
from app.services.agreements import change_agreement_status
from tests.protocol.conftest import make_event

TODAY = date(2027, 6, 1)


def _agreement(
    tx: Session, title: str, status: str, until: date | None, parties: list[str], **fields: object
) -> Agreement:
    agreement = records.create(tx, Agreement, title=title, valid_until=until, **fields)
    for order, code in enumerate(parties):
        records.create(
            tx,
            AgreementParty,
            agreement_id=agreement.id,
            country_id=country_uuid(code),
            sort_order=order,
        )
    path = ["negotiating", "agreed", "signed", "in force", "expired"]
    for step in path[: path.index(status) + 1] if status in path else []:
        change_agreement_status(tx, agreement.id, step)
    return agreement


@pytest.fixture
def register(tx: Session) -> Session:
    paris = make_event(tx, host="FRA", title="Paris talks")
    astana = make_event(tx, host="KAZ", title="Astana forum")
    _agreement(tx, "Culture programme", "in force", date(2027, 7, 15), ["DEU", "FRA"],
               event_id=paris.id, signed_on=date(2024, 7, 15),
               areas=["culture", "education"])  # fmt: skip
    _agreement(tx, "Transport agreement", "in force", date(2027, 8, 30), ["KAZ", "CHN"],
               event_id=astana.id, signed_on=date(2025, 1, 10), areas=["transport"])  # fmt: skip
    _agreement(tx, "Research memorandum", "in force", date(2028, 1, 1), ["KAZ", "FRA"],
               signed_on=date(2023, 1, 1), areas=["science"])  # fmt: skip
    _agreement(tx, "Old accord", "in force", date(2027, 5, 1), ["EGY", "FRA"],
               signed_on=date(2020, 5, 1))  # fmt: skip
    _agreement(tx, "Draft treaty", "negotiating", date(2027, 6, 20), ["ZAF", "FRA"])
    _agreement(tx, "Expired deal", "expired", date(2027, 6, 10), ["BRA", "FRA"])
    return tx


def test_expiring_within_90_days(register: Session) -> None:
    entries = expiring_within(register, 90, today=TODAY)
    assert [(e.agreement.title, e.days_left) for e in entries] == [
        ("Culture programme", 44),
        ("Transport agreement", 90),
    ]
    assert entries[0].note == "expires in 44 day(s), on 2027-07-15"
    assert [e.agreement.title for e in expiring_within(register, 60, today=TODAY)] == [
        "Culture programme"
    ]


def test_register_filters_and_party_precedence(register: Session) -> None:
    everything = agreements_register(register, today=TODAY)
    assert len(everything) == 6
    assert everything[0].agreement.title == "Transport agreement"  # latest signed first
    transport = everything[0]
    # The Astana forum's rule puts its host, Kazakhstan, first.
    assert transport.parties == ["Kazakhstan", "China"]
    assert transport.event == "Astana forum"
    by_country = agreements_register(register, today=TODAY, country_id=country_uuid("KAZ"))
    assert {e.agreement.title for e in by_country} == {"Transport agreement", "Research memorandum"}
    in_negotiation = agreements_register(register, today=TODAY, status=AgreementStatus.NEGOTIATING)
    assert [e.agreement.title for e in in_negotiation] == ["Draft treaty"]
    assert in_negotiation[0].renewal_on is None
    assert in_negotiation[0].expiring is False
    assert [e.agreement.title for e in agreements_register(register, area="EDUC")] == [
        "Culture programme"
    ]


def test_renewals_and_lapses(register: Session) -> None:
    due = renewals_due(register, until=date(2028, 1, 31), today=TODAY)
    assert [(e.agreement.title, e.renewal_on) for e in due] == [
        ("Culture programme", date(2027, 7, 15)),
        ("Transport agreement", date(2027, 8, 30)),
        ("Research memorandum", date(2028, 1, 1)),
    ]
    lapsed = lapsed_agreements(register, today=TODAY)
    assert [e.agreement.title for e in lapsed] == ["Old accord"]
    assert lapsed[0].note == "ended on 2027-05-01 but is still recorded as in force"


def test_lifecycle_in_words(tx: Session) -> None:
    agreement = _agreement(tx, "Memorandum", "agreed", None, ["DEU", "FRA"])
    change_agreement_status(tx, agreement.id, "in force", force=True, reason="signed abroad")
    lines = lifecycle(tx, agreement.id)
    assert [line.split(": ", 1)[1] for line in lines] == [
        "draft → negotiating",
        "negotiating → agreed",
        "agreed → in force (forced: signed abroad)",
    ]
