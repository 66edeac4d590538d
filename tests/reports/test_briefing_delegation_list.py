"""The briefing pack's delegation list names a member's organisation when it is not the
delegation's own, read back from the PDF with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from datetime import date
from pathlib import Path

import pytest

from app.db import Database
from app.model import Delegation, Event, Organisation, Person
from app.model.reference import country_uuid
from app.reports.briefing import BriefingOptions, build_briefing
from app.services import records
from app.services.delegations import add_member

ACADEMY = "Academy of Public Administration"
UNDP = "United Nations Development Programme"


def make_event(db: Database) -> uuid.UUID:
    with db.transaction() as session:
        event = records.create(
            session, Event, title="Civil Service Forum", kind="forum", start_date=date(2024, 5, 6)
        )
        academy = records.create(session, Organisation, name=ACADEMY)
        undp = records.create(session, Organisation, name=UNDP, acronym="UNDP")
        kazakhstan = records.create(
            session, Delegation, event_id=event.id, country_id=country_uuid("KAZ")
        )
        agency = records.create(session, Delegation, event_id=event.id, organisation_id=undp.id)
        people = [
            (kazakhstan, "Baimenov", "Chairman", None, "head"),
            (kazakhstan, "Abenova", "Rector", academy, "member"),
            (agency, "Hartley", "Resident Representative", undp, "head"),
            (agency, "Okafor", None, academy, "member"),
        ]
        for delegation, family, position, organisation, role in people:
            person = records.create(
                session,
                Person,
                family_name=family,
                given_names="A",
                position=position,
                organisation_id=organisation.id if organisation else None,
            )
            add_member(session, delegation.id, person.id, role)
        return event.id


def delegations_text(db: Database, event_id: uuid.UUID, folder: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    with db.session() as session:
        result = build_briefing(
            session,
            event_id,
            folder / "pack.pdf",
            BriefingOptions(),
            font_cache=folder / "fonts",
        )
    text = subprocess.run(
        [tool, "-layout", str(result.path), "-"], capture_output=True, text=True, check=True
    ).stdout
    start = text.index("Delegations\n")
    return text[start : text.index("Profiles", start)]


def test_a_members_other_organisation_is_printed(sqlite_db: Database, tmp_path: Path) -> None:
    text = delegations_text(sqlite_db, make_event(sqlite_db), tmp_path)
    lines = text.splitlines()
    abenova = next(i for i, line in enumerate(lines) if "ABENOVA" in line)
    assert "Rector" in lines[abenova]
    assert ACADEMY in lines[abenova + 1]  # under her position
    okafor = next(i for i, line in enumerate(lines) if "OKAFOR" in line)
    assert ACADEMY in lines[okafor]  # no position: the organisation takes its place
    # The head of the UNDP delegation is of UNDP: it is said once, in the heading.
    assert text.count(UNDP) == 1
    assert text.count(ACADEMY) == 2
