"""Place cards read back: who gets one, the name on both halves, the upper half upside down."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import NotFoundError
from app.model import Event
from app.reports.protocol.place_cards import place_card_entries, render_place_cards
from app.services import records
from app.services.resolve import resolve_item
from tests.reports.protocol_event import BuiltEvent, build_event, page_texts, page_words


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


def test_chair_first_then_speakers_in_precedence(event: BuiltEvent, session: Session) -> None:
    names = [e.name for e in place_card_entries(session, event.plenary_id)]
    # Chair (the organiser), then speakers by delegation precedence (host first, then
    # alphabetical: India before Saudi Arabia), not in the order they speak.
    assert names == [
        "Mr Kairat ZHAKSYLYKOV",
        "H.E. Mr Alikhan BAIMENOV",
        "H.E. Mr MA Jiantang",
        "H.E. Mr Narendra SHARMA",
        "H.E. Mr Mohammed AL-QAHTANI",
    ]


def test_signatories_of_the_items_ceremonies_are_seated(
    event: BuiltEvent, session: Session
) -> None:
    ids = {e.person_id for e in place_card_entries(session, event.signing_id)}
    assert ids == {event.people[k] for k in ("KAZ", "CHN", "SAU", "IND")}


@pytest.mark.parametrize("per_page", [1, 2])
def test_name_on_both_halves_of_every_card(
    event: BuiltEvent, session: Session, tmp_path: Path, font_cache: Path, per_page: int
) -> None:
    entries = place_card_entries(session, event.plenary_id)
    pdf = tmp_path / "cards.pdf"
    rendered = render_place_cards(entries, pdf, per_page=per_page, cache_dir=font_cache)
    reader = PdfReader(pdf)
    assert rendered.pages == len(reader.pages) == -(-len(entries) // per_page)
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (width > height) is (per_page == 1)
    pages = page_texts(pdf)
    for index, entry in enumerate(entries):
        page = pages[index // per_page]
        assert " ".join(page.split()).count(entry.name) == 2, entry.name
    assert pages[0].count("Қайрат Жақсылықов") == 2
    assert pages[2 // per_page].count("马建堂") == 2


def test_upper_half_is_turned_upside_down(
    event: BuiltEvent, session: Session, tmp_path: Path, font_cache: Path
) -> None:
    entries = place_card_entries(session, event.plenary_id)[:1]
    pdf = tmp_path / "card.pdf"
    render_place_cards(entries, pdf, cache_dir=font_cache)
    height = float(PdfReader(pdf).pages[0].mediabox[3])
    found = [w for w in page_words(pdf) if w.text == "ZHAKSYLYKOV"]
    assert len(found) == 2
    # One copy on each half of the sheet (poppler's y grows downwards).
    assert sorted(w.y < height / 2 for w in found) == [False, True]
    # The upper copy is drawn rotated by 180°: its text matrix has a = -1.
    reader = PdfReader(pdf)
    matrices: list[list[float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        if "ZHAKSYLYKOV" in text:
            matrices.append([a * b for a, b in zip(cm[:1], tm[:1], strict=True)])

    reader.pages[0].extract_text(visitor_text=visit)
    assert sorted(m[0] > 0 for m in matrices) == [False, True]


def test_item_resolver(event: BuiltEvent, session: Session) -> None:
    the_event = records.get(session, Event, event.event_id)
    assert resolve_item(session, the_event, "opening PLENARY").id == event.plenary_id
    assert resolve_item(session, the_event, str(event.signing_id)[:8]).id == event.signing_id
    with pytest.raises(NotFoundError, match="Opening plenary"):
        resolve_item(session, the_event, "Closing dinner")


def test_a_kanji_only_name_is_set_in_its_delegations_regional_shapes(
    event: BuiltEvent, sqlite_db: Database
) -> None:
    from app.model import SpeakingRole

    with sqlite_db.transaction() as session:
        records.create(
            session,
            SpeakingRole,
            programme_item_id=event.plenary_id,
            person_id=event.people["JPN"],
            role="panellist",
        )
    with sqlite_db.session() as session:
        entries = place_card_entries(session, event.plenary_id)
    languages = {entry.native: entry.native_language for entry in entries}
    assert languages["田中 博"] == "ja"  # from the Japanese delegation: no country of their own
    assert languages["马建堂"] == "zh-Hans"
    assert languages["Қайрат Жақсылықов"] == ""
