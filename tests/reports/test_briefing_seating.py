"""Seating plans in the briefing pack: kept plans and generated signing tables are drawn
as diagrams under a "Seating plans" bookmark, with native-script names on the seats."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from app.db import Database
from app.protocol.seating import Layout, plan_for_item, save_plan, swap_seats
from app.reports.briefing import BriefingOptions, build_briefing
from tests.reports.protocol_event import (
    HEADS,
    PLENARY,
    SIGNING,
    BuiltEvent,
    build_event,
    page_texts,
    page_words,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Database, BuiltEvent, Path]:
    from app.db import open_database

    folder = tmp_path_factory.mktemp("seating-pack")
    db = open_database(str(folder / "pack.sqlite3"))
    with db.transaction() as session:
        event = build_event(session)
        plan = plan_for_item(session, event.plenary_id, Layout.U_SHAPE)
        # An adjusted plan: the first two seats swapped and kept.
        save_plan(session, event.plenary_id, swap_seats(plan, 1, 2))
    pdf = folder / "pack.pdf"
    with db.session() as session:
        build_briefing(session, event.event_id, pdf, BriefingOptions(), font_cache=folder / "fonts")
    yield db, event, pdf
    db.close()


def _outline(pdf: Path) -> list[tuple[str, int, int]]:
    reader = PdfReader(pdf)
    found: list[tuple[str, int, int]] = []

    def walk(items: list[object], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                page = reader.get_destination_page_number(item)  # type: ignore[arg-type]
                found.append((str(item.title), level, page))  # type: ignore[attr-defined]

    walk(reader.outline, 0)
    return found


def test_kept_u_shape_plan_is_drawn_on_the_seating_plans_page(
    built: tuple[Database, BuiltEvent, Path],
) -> None:
    db, event, pdf = built
    with db.session() as session:
        from app.protocol.seating import load_plan

        kept = load_plan(session, event.plenary_id, Layout.U_SHAPE)
    assert kept is not None
    outline = _outline(pdf)
    section = [page for title, level, page in outline if title == "Seating plans"]
    assert len(section) == 1
    assert [lvl for t, lvl, _ in outline if t == "Seating plans"] == [0]
    page = section[0]
    words = {w.text for w in page_words(pdf) if w.page == page}
    for seat in kept.seats:
        for word in seat.label.split():
            assert word in words, (seat.number, seat.label)
    # Seat numbers, party codes and the front of the room are on the diagram too.
    assert {str(s.number) for s in kept.seats} <= words
    assert {s.party_code for s in kept.seats if s.party_code} <= words
    text = " ".join(page_texts(pdf)[page].split())
    assert "FRONT" in text
    assert "host side" in text
    assert f"{PLENARY} — U-shape" in [t for t, lvl, _ in outline if lvl == 1]


def test_the_swap_kept_in_the_database_is_what_prints(
    built: tuple[Database, BuiltEvent, Path],
) -> None:
    db, event, pdf = built
    with db.session() as session:
        generated = plan_for_item(session, event.plenary_id, Layout.U_SHAPE)
    page = next(p for t, _, p in _outline(pdf) if t == "Seating plans")
    words = [w for w in page_words(pdf) if w.page == page]

    # Seat 1 now holds whoever the generator put in seat 2: the kept plan, not a new one.
    def nearest_name(number: str) -> str:
        circle = next(w for w in words if w.text == number)
        families = {s.label.split()[0] for s in generated.seats}
        named = [w for w in words if w.text in families]
        return min(named, key=lambda w: abs(w.centre - circle.centre) + abs(w.y - circle.y)).text

    assert nearest_name("1") == generated.seats[1].label.split()[0]
    assert nearest_name("2") == generated.seats[0].label.split()[0]


def test_signing_ceremony_tables_are_generated_with_native_names(
    built: tuple[Database, BuiltEvent, Path],
) -> None:
    _db, _event, pdf = built
    outline = _outline(pdf)
    tables = [(t, p) for t, lvl, p in outline if lvl == 1 and t.endswith("— signing table")]
    # Two agreements are signed at the one signing item: a table for each.
    assert len(tables) == 2
    assert all(SIGNING not in t for t, _ in tables)
    texts = page_texts(pdf)
    natives = {code: native for code, *_rest, native in HEADS if native}
    bilateral_page = next(p for t, p in tables if t.startswith("Memorandum"))
    flat = "".join(texts[bilateral_page].split())
    # Kazakh Cyrillic and Chinese under the Latin names of the two signatories.
    assert "".join(natives["KAZ"].split()) in flat
    assert "".join(natives["CHN"].split()) in flat


def test_pack_without_plans_or_signings_has_no_seating_section(
    sample_db: Database, tmp_path: Path
) -> None:
    from sqlalchemy import select

    from app.model import Event

    with sample_db.session() as session:
        event = session.scalars(select(Event)).first()
        assert event is not None
        pdf = tmp_path / "sample.pdf"
        build_briefing(session, event.id, pdf, font_cache=tmp_path / "fonts")
    titles = [t for t, _, _ in _outline(pdf)]
    has_signing = "Signing ceremonies" in titles
    assert ("Seating plans" in titles) == has_signing
