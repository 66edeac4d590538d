"""Alternat signature pages read back: one page per original, its keeper first and on the
honour side, the keeper's language first."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import NotFoundError
from app.model import Agreement
from app.reports.protocol.alternat import (
    HonourSide,
    alternat_document,
    honour_side,
    language_code,
    render_alternat,
)
from app.services import records
from app.services.resolve import resolve_agreement
from tests.reports.protocol_event import BuiltEvent, Word, build_event, page_texts, page_words


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


def _heading(words: list[Word], page: int, country_word: str) -> Word:
    """The 'For the ... <country_word>' heading of a signature block on ``page``."""
    return next(w for w in words if w.page == page and w.text == country_word)


def test_bilateral_one_page_per_original_keeper_first_on_the_left(
    event: BuiltEvent, session: Session, tmp_path: Path, font_cache: Path
) -> None:
    document = alternat_document(session, event.bilateral_id)
    assert [p.keeper for p in document.originals] == ["Kazakhstan", "China"]
    pdf = tmp_path / "alternat.pdf"
    rendered = render_alternat(document, pdf, cache_dir=font_cache)
    assert rendered.pages == len(PdfReader(pdf).pages) == 2
    words = page_words(pdf)
    # Page 1 is Kazakhstan's original: its block left of China's; page 2 the reverse.
    kaz, chn = _heading(words, 0, "Kazakhstan"), _heading(words, 0, "China")
    assert kaz.x < chn.x
    assert abs(kaz.y - chn.y) < 2
    kaz, chn = _heading(words, 1, "Kazakhstan"), _heading(words, 1, "China")
    assert chn.x < kaz.x
    assert abs(kaz.y - chn.y) < 2
    pages = page_texts(pdf)
    assert "each in the Kazakh, Chinese and English languages" in " ".join(pages[0].split())
    assert "each in the Chinese, Kazakh and English languages" in " ".join(pages[1].split())
    assert "in 2 originals" in pages[0]
    # Signatories under their party, in every script.
    for page in pages:
        assert "H.E. Mr Alikhan BAIMENOV" in page
        assert "Әлихан Байменов" in page
        assert "H.E. Mr MA Jiantang" in page
        assert "马建堂" in page
    assert "Original 1 of 2, kept by Kazakhstan" in " ".join(pages[0].split())


def test_multilateral_default_originals_and_right_to_left_honour_side(
    event: BuiltEvent, session: Session, tmp_path: Path, font_cache: Path
) -> None:
    document = alternat_document(session, event.trilateral_id)
    # No originals_count recorded: one per party, keepers in precedence (host first).
    assert [p.keeper for p in document.originals] == ["Kazakhstan", "India", "Saudi Arabia"]
    saudi = document.originals[2]
    assert saudi.languages[0] == "Arabic"
    assert saudi.honour_side is HonourSide.RIGHT
    assert document.originals[1].languages[0] == "Hindi"
    assert [b.party for b in document.originals[1].blocks] == [
        "For the Republic of India",
        "For the Republic of Kazakhstan",
        "For the Kingdom of Saudi Arabia",
    ]
    pdf = tmp_path / "alternat.pdf"
    render_alternat(document, pdf, cache_dir=font_cache)
    words = page_words(pdf)
    assert max(w.page for w in words) == 2
    # India's original: India top left, Kazakhstan top right, Saudi Arabia below.
    india, kaz, saudi_word = (_heading(words, 1, w) for w in ("India", "Kazakhstan", "Saudi"))
    assert india.x < kaz.x
    assert abs(india.y - kaz.y) < 2
    assert saudi_word.y > india.y + 50
    # Saudi Arabia's original opens in Arabic: its block stands on the right.
    saudi_word, kaz = _heading(words, 2, "Saudi"), _heading(words, 2, "Kazakhstan")
    assert saudi_word.x > kaz.x
    assert abs(saudi_word.y - kaz.y) < 2
    text = "\n".join(page_texts(pdf))
    assert "محمد" in text
    assert "H.E. Mr Narendra SHARMA" in text


def test_originals_count_beyond_the_parties_goes_round(
    event: BuiltEvent, sqlite_db: Database
) -> None:
    with sqlite_db.transaction() as session:
        records.update(session, Agreement, event.bilateral_id, originals_count=4)
    with sqlite_db.session() as session:
        document = alternat_document(session, event.bilateral_id)
    keepers = [p.keeper for p in document.originals]
    assert keepers == ["Kazakhstan", "China", "Kazakhstan", "China"]
    assert {p.total for p in document.originals} == {4}


def test_the_states_own_language_comes_first(event: BuiltEvent, sqlite_db: Database) -> None:
    # CLDR lists Russian before Kazakh for Kazakhstan (more speakers); Kazakh is its own.
    with sqlite_db.transaction() as session:
        records.update(session, Agreement, event.bilateral_id, languages=["ru", "zh", "kk"])
    with sqlite_db.session() as session:
        document = alternat_document(session, event.bilateral_id)
    assert document.originals[0].languages == ["Kazakh", "Russian", "Chinese"]
    assert document.originals[1].languages == ["Chinese", "Russian", "Kazakh"]


def test_languages_and_sides() -> None:
    assert language_code("kk") == "kk"
    assert language_code("Kazakh") == "kk"
    assert language_code("zh_Hans") == "zh"
    assert language_code("Klingonese") is None
    assert honour_side("ar") is HonourSide.RIGHT
    assert honour_side("Hebrew") is HonourSide.RIGHT
    assert honour_side("en") is HonourSide.LEFT
    assert honour_side(None) is HonourSide.LEFT


def test_agreement_resolver(event: BuiltEvent, session: Session) -> None:
    found = resolve_agreement(session, "memorandum on cooperation in civil service training")
    assert found.id == event.bilateral_id
    assert resolve_agreement(session, str(event.trilateral_id)).id == event.trilateral_id
    with pytest.raises(NotFoundError):
        resolve_agreement(session, "Treaty of Westphalia")
