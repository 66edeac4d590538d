"""Fixtures for import/export tests: an event with time zone and dates in a real SQLite file."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from app.db import Database
from app.model import Event
from app.services import records


@pytest.fixture
def event_id(sqlite_db: Database) -> uuid.UUID:
    with sqlite_db.transaction() as session:
        event = records.create(
            session,
            Event,
            title="Governance Forum",
            kind="forum",
            start_date=date(2024, 5, 6),
            end_date=date(2024, 5, 8),
            date_precision="day",
            timezone="Asia/Shanghai",
            city="Quanzhou",
            venue="Quanzhou Hotel",
        )
        return event.id
