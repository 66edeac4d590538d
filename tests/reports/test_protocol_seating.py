"""Seating diagrams read back: every seat numbered and named, tables drawn, host side marked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.db import Database
from app.protocol.seating import Layout, plan_for_item, save_plan, swap_seats
from app.reports.protocol.seating_pdf import DiagramHeading, render_seating
from tests.reports.protocol_event import (
    EVENT_TITLE,
    PLENARY,
    BuiltEvent,
    build_event,
    page_texts,
    page_words,
)


@pytest.fixture
def event(sqlite_db: Database) -> BuiltEvent:
    with sqlite_db.transaction() as session:
        return build_event(session)


@pytest.mark.parametrize("layout", list(Layout))
def test_every_layout_draws_every_seat(
    event: BuiltEvent, sqlite_db: Database, tmp_path: Path, layout: Layout
) -> None:
    item = event.signing_id if layout is Layout.SIGNING_TABLE else event.plenary_id
    with sqlite_db.session() as session:
        plan = plan_for_item(session, item, layout)
    pdf = tmp_path / "plan.pdf"
    rendered = render_seating([(DiagramHeading("Plan", EVENT_TITLE), plan)], pdf)
    assert rendered.pages == len(PdfReader(pdf).pages) == 1
    assert rendered.missing == []
    text = " ".join(page_texts(pdf)[0].split())
    # Neighbouring labels interleave in reading order: check them word by word.
    words = [w.text for w in page_words(pdf)]
    for seat in plan.seats:
        for word in seat.label.split():
            assert word in words, seat.label
        if seat.party_code:
            assert seat.party_code in words
    numbers = {w for w in words if w.isdigit()}
    assert {str(s.number) for s in plan.seats} <= numbers
    assert ("STAGE" if layout is Layout.THEATRE else "FRONT") in text
    assert "host side" in text


def test_signing_table_guest_on_the_hosts_right(
    event: BuiltEvent, sqlite_db: Database, tmp_path: Path
) -> None:
    with sqlite_db.session() as session:
        plan = plan_for_item(session, event.signing_id, Layout.SIGNING_TABLE)
    pdf = tmp_path / "plan.pdf"
    render_seating([(DiagramHeading("Signing"), plan)], pdf)
    words = {w.text: w for w in page_words(pdf)}
    # Seen from the audience, the guest (China) is on the left of the host.
    assert words["CHN"].x < words["KAZ"].x


def test_cli_draws_the_kept_plan(event: BuiltEvent, sqlite_db: Database, tmp_path: Path) -> None:
    with sqlite_db.transaction() as session:
        plan = plan_for_item(session, event.plenary_id, Layout.U_SHAPE)
        first, second = plan.seats[0], plan.seats[1]
        save_plan(session, event.plenary_id, swap_seats(plan, first.number, second.number))
    out = tmp_path / "seating.pdf"
    db_path = str(sqlite_db.url).removeprefix("sqlite:///")
    result = subprocess.run(
        [sys.executable, "-m", "app.cli.main", "--db", db_path, "export", "seating",
         EVENT_TITLE, "--item", PLENARY, "--layout", "u-shape", "-o", str(out)],
        capture_output=True, text=True, env=dict(os.environ), timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "U-shape" in result.stdout
    words = page_words(out)
    # Seat 1 now holds the person generated for seat 2: their name sits over seat 1.
    one = next(w for w in words if w.text == "1")
    two = next(w for w in words if w.text == "2")
    moved = next(w for w in words if w.text == second.label.split()[0])
    stayed = next(w for w in words if w.text == first.label.split()[0])
    assert abs(moved.centre - one.centre) < abs(moved.centre - two.centre)
    assert abs(stayed.centre - two.centre) < abs(stayed.centre - one.centre)
    bad = subprocess.run(
        [sys.executable, "-m", "app.cli.main", "--db", db_path, "export", "seating",
         EVENT_TITLE, "--item", "Gala dinner", "-o", str(out)],
        capture_output=True, text=True, env=dict(os.environ), timeout=120,
    )  # fmt: skip
    assert bad.returncode == 1
    assert "no programme item matches 'Gala dinner'" in bad.stderr
