"""Badges read back from real PDFs: every script prints, counts and pages per layout,
role colours, photos that never fail, the printer offset."""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, A6
from sqlalchemy.orm import Session

from app.db import Database
from app.fonts import available_faces
from app.reports.protocol.badges import (
    CATEGORY_COLOURS,
    LAYOUTS,
    BadgeCategory,
    BadgeEntry,
    badge_entries,
    render_badges,
)
from tests.reports.protocol_event import (
    EVENT_TITLE,
    BuiltEvent,
    build_event,
    page_texts,
    page_words,
    png_photo,
    script_chunks,
)


@pytest.fixture(scope="module")
def font_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fonts")


@pytest.fixture
def event(sqlite_db: Database) -> BuiltEvent:
    with sqlite_db.transaction() as session:
        return build_event(session)


@pytest.fixture
def session(sqlite_db: Database) -> Iterator[Session]:
    with sqlite_db.session() as s:
        yield s


def test_everyone_gets_one_badge_in_precedence_order(event: BuiltEvent, session: Session) -> None:
    entries = badge_entries(session, event.event_id)
    assert len(entries) == event.person_count
    assert len({e.person_id for e in entries}) == len(entries)
    # Host first (default rule), head first within it; the organisation after the states.
    assert entries[0].name == "BAIMENOV Alikhan"
    assert entries[0].native == "Әлихан Байменов"
    assert entries[0].category is BadgeCategory.HEAD
    assert entries[-1].delegation == "Astana Civil Service Hub (ACSH)" or entries[-1].name == (
        "ZHAKSYLYKOV Kairat"
    )
    delegations = [e.delegation for e in entries]
    assert delegations.index("Brazil") < delegations.index("China") < delegations.index("Türkiye")


def test_categories_follow_roles(event: BuiltEvent, session: Session) -> None:
    by_person = {e.person_id: e.category for e in badge_entries(session, event.event_id)}
    assert by_person[event.people["CHN"]] is BadgeCategory.HEAD
    assert by_person[event.people["CHN-adviser"]] is BadgeCategory.DELEGATE
    assert by_person[event.people["KAZ-press"]] is BadgeCategory.PRESS
    assert by_person[event.people["KAZ-interpreter"]] is BadgeCategory.STAFF
    assert by_person[event.people["ACSH"]] is BadgeCategory.ORGANISER
    assert len(set(CATEGORY_COLOURS.values())) == len(BadgeCategory)


def test_photos_are_kept_and_corrupt_ones_do_not_fail(event: BuiltEvent, session: Session) -> None:
    by_person = {e.person_id: e for e in badge_entries(session, event.event_id)}
    assert by_person[event.people["KAZ"]].photo == png_photo()
    assert by_person[event.people["CHN"]].photo is not None  # stored, but not an image


@pytest.mark.parametrize("layout", ["2x4", "2x5", "single"])
def test_layout_pages_and_names_in_every_script(
    event: BuiltEvent, session: Session, layout: str, tmp_path: Path, font_cache: Path
) -> None:
    entries = badge_entries(session, event.event_id)
    pdf = tmp_path / f"badges-{layout}.pdf"
    rendered = render_badges(
        entries, pdf, event_title=EVENT_TITLE, layout=layout, cache_dir=font_cache
    )
    sheet = LAYOUTS[layout]
    expected_pages = math.ceil(len(entries) / sheet.per_page)
    reader = PdfReader(pdf)
    assert rendered.pages == len(reader.pages) == expected_pages
    assert rendered.missing == []
    size = tuple(round(float(v)) for v in reader.pages[0].mediabox[2:])
    assert size == tuple(round(v) for v in (A6 if layout == "single" else A4))
    pages = page_texts(pdf)
    text = " ".join("\n".join(pages).split())  # a long name may wrap onto two lines
    # One badge per person: each list-form name once, the event title once per badge.
    for entry in entries:
        if re.fullmatch(r"[\w .'-]+", entry.name, re.ASCII):
            assert text.count(entry.name) == 1, entry.name
    assert sum(p.count("Astana Forum on Public Service 2027") for p in pages) == len(entries)
    # Fourteen heads of state delegations; the organiser's head wears an organiser badge.
    assert sum(p.count("HEAD OF DELEGATION") for p in pages) == 14
    assert sum(p.count("ORGANISER") for p in pages) == 1
    assert pages[0].count("Astana Forum") == min(sheet.per_page, len(entries))
    for name in ["GONÇALVES João", "MÜLLER Anna", "WRÓBEL Łukasz", "ÖZTÜRK Çağlar"]:
        assert name in text
    for native in ["Әлихан Байменов", "Айгерім Сейтқали", "Қайрат Жақсылықов", "马建堂", "박지우"]:
        assert native in text
    # Shaped Arabic comes back as joining forms (NFKC folds them) and ligature glyphs in
    # private use; the first name has no ligature, so it reads back whole.
    assert "محمد" in text
    devanagari = "".join(script_chunks(pdf, "Devanagari"))
    assert re.search("[\u0900-\u097f]", devanagari), "Devanagari names were not drawn"
    # Kanji alone cannot tell Japanese from Chinese; the Japanese delegation's can.
    if "ja" in {face.language for face in available_faces()}:
        assert "田中" in "".join(script_chunks(pdf, "CJKJP"))
        assert "田中" not in "".join(script_chunks(pdf, "CJKSC"))
        assert "马建堂" in "".join(script_chunks(pdf, "CJKSC"))


def test_sheet_positions_and_printer_offset(
    event: BuiltEvent, session: Session, tmp_path: Path, font_cache: Path
) -> None:
    entries = badge_entries(session, event.event_id)[:2]
    plain, moved = tmp_path / "plain.pdf", tmp_path / "moved.pdf"
    render_badges(entries, plain, event_title=EVENT_TITLE, cache_dir=font_cache)
    render_badges(entries, moved, event_title=EVENT_TITLE, offset_mm=(3, 2), cache_dir=font_cache)

    def position(pdf: Path, word: str) -> tuple[float, float]:
        found = next(w for w in page_words(pdf) if w.text == word)
        return found.x, found.y

    x0, y0 = position(plain, "BAIMENOV")
    x1, y1 = position(moved, "BAIMENOV")
    mm = 72 / 25.4
    assert x1 - x0 == pytest.approx(3 * mm, abs=0.2)
    assert y1 - y0 == pytest.approx(2 * mm, abs=0.2)  # poppler's y grows downwards
    # Second badge in the right-hand column, same row.
    xa, ya = position(plain, "MEMBERKAZ")
    assert xa > A4[0] / 2 > x0
    assert abs(ya - y0) < 60


def test_a_badge_without_photo_or_with_garbage_still_prints(
    tmp_path: Path, font_cache: Path
) -> None:
    entries = [
        BadgeEntry(uuid.uuid4(), name, None, "Nowhere", BadgeCategory.DELEGATE, photo)
        for name, photo in [
            ("NOPHOTO Anna", None),
            ("GARBAGE Ben", b"\x89PNG\r\n\x1a\n broken"),
            ("EMPTY Cleo", b""),
        ]
    ]
    pdf = tmp_path / "badges.pdf"
    rendered = render_badges(entries, pdf, event_title="T", layout="single", cache_dir=font_cache)
    assert rendered.pages == 3
    assert [n in "".join(page_texts(pdf)) for n in ("NOPHOTO", "GARBAGE", "EMPTY")] == [True] * 3


def test_the_photo_is_embedded_as_an_image(
    event: BuiltEvent, session: Session, tmp_path: Path, font_cache: Path
) -> None:
    entries = badge_entries(session, event.event_id)
    pdf = tmp_path / "badges.pdf"
    render_badges(entries, pdf, event_title=EVENT_TITLE, layout="single", cache_dir=font_cache)
    reader = PdfReader(pdf)
    with_images = [i for i, page in enumerate(reader.pages) if page.images]
    assert with_images == [0]  # only Baimenov's photo is a readable image
