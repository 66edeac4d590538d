"""Briefing packs read back from real PDFs: every script, bookmarks, page totals, markup."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from sqlalchemy import select

from app.db import Database, open_database
from app.errors import NotFoundError
from app.fonts import CJK, available_faces
from app.model import Event, ProgrammeItem
from app.reports.briefing import (
    BriefingCancelled,
    BriefingOptions,
    BriefingResult,
    Paper,
    build_briefing,
)
from app.seed.sample import load_sample
from tests.reports.briefing_fixture import (
    ARABIC,
    DEVANAGARI,
    LATIN_NAMES,
    MARKUP,
    NATIVE_READABLE,
    UNCOVERED,
    MultiScript,
    build_multiscript,
)

HAS_CJK = any(face.role == CJK for face in available_faces())
needs_cjk = pytest.mark.skipif(
    not HAS_CJK and os.environ.get("CI") != "true",
    reason="no CJK font on this machine (CI requires one)",
)
SEMINAR = "BRICS Seminar on Governance"


@dataclass
class Pack:
    result: BriefingResult
    fonts: Path

    @property
    def pdf(self) -> Path:
        return self.result.path


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} (poppler-utils) is required in CI")
        pytest.skip(f"{tool} not installed")
    return path


def _layout(pdf: Path) -> str:
    return subprocess.run(
        [_poppler("pdftotext"), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _pages_text(pdf: Path) -> list[str]:
    return [unicodedata.normalize("NFC", p.extract_text()) for p in PdfReader(pdf).pages]


def _build(db: Database, event_id: uuid.UUID, folder: Path, name: str, **options: object) -> Pack:
    fonts = folder / f"fonts-{name}"
    with db.session() as session:
        result = build_briefing(
            session,
            event_id,
            folder / f"{name}.pdf",
            BriefingOptions(**options),  # type: ignore[arg-type]
            font_cache=fonts,
        )
    return Pack(result, fonts)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, uuid.UUID]]:
    folder = tmp_path_factory.mktemp("sample")
    db = open_database(str(folder / "sample.sqlite3"))
    with db.transaction() as session:
        load_sample(session)
    with db.session() as session:
        event_id = session.scalars(select(Event.id).where(Event.title == SEMINAR)).one()
    yield db, event_id
    db.close()


@pytest.fixture(scope="module")
def multiscript(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, MultiScript]]:
    folder = tmp_path_factory.mktemp("multiscript")
    db = open_database(str(folder / "multi.sqlite3"))
    with db.transaction() as session:
        fixture = build_multiscript(session)
    yield db, fixture
    db.close()


@pytest.fixture(scope="module")
def sample_pack(
    sample: tuple[Database, uuid.UUID], tmp_path_factory: pytest.TempPathFactory
) -> Pack:
    db, event_id = sample
    return _build(
        db,
        event_id,
        tmp_path_factory.mktemp("sample-pack"),
        "sample",
        classification="RESTRICTED",
        include_notes_pages=True,
    )


@pytest.fixture(scope="module")
def multi_pack(
    multiscript: tuple[Database, MultiScript], tmp_path_factory: pytest.TempPathFactory
) -> Pack:
    db, fixture = multiscript
    return _build(db, fixture.event_id, tmp_path_factory.mktemp("multi-pack"), "multi")


# --- names in every script ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        SEMINAR,
        "Alikhan BAIMENOV",
        "MA Jiantang",
        "Regional Hub of Civil Service in Astana",
        "September 2017 (exact dates to be confirmed)",
        "Quanzhou, China",
    ],
)
def test_sample_pack_prints_the_seminar(sample_pack: Pack, text: str) -> None:
    assert text in "\n".join(_pages_text(sample_pack.pdf))


@needs_cjk
def test_sample_pack_prints_the_chinese_name(sample_pack: Pack) -> None:
    text = "\n".join(_pages_text(sample_pack.pdf))
    assert "MA Jiantang 马建堂" in text or "MA Jiantang  马建堂" in text
    assert "马建堂" in _layout(sample_pack.pdf)


@pytest.mark.parametrize("name", [*LATIN_NAMES, *MARKUP, "Қасым-Жомарт Тоқаев"])
def test_multiscript_latin_greek_cyrillic_names_are_found(multi_pack: Pack, name: str) -> None:
    assert name in "\n".join(_pages_text(multi_pack.pdf))


@needs_cjk
@pytest.mark.parametrize("name", NATIVE_READABLE)
def test_multiscript_native_names_are_found(multi_pack: Pack, name: str) -> None:
    assert name in "\n".join(_pages_text(multi_pack.pdf))


def _words(pdf: Path) -> list[tuple[int, float, float, str]]:
    """(page, x, y, word) from poppler's bounding boxes, NFKC so joined forms compare."""
    xhtml = subprocess.run(
        [_poppler("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words: list[tuple[int, float, float, str]] = []
    for number, page in enumerate(xhtml.split("<page ")[1:], start=1):
        pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>'
        for x, y, word in re.findall(pattern, page):
            words.append((number, float(x), float(y), unicodedata.normalize("NFKC", word)))
    return words


def test_arabic_name_reads_right_to_left_first_word_rightmost(multi_pack: Pack) -> None:
    first = ARABIC.split()[0]  # محمد, the first word in logical order
    words = _words(multi_pack.pdf)
    checked = 0
    for page, x, y, text in words:
        if text not in (first, first[::-1]):
            continue
        others = [
            ox
            for op, ox, oy, ot in words
            if op == page
            and abs(oy - y) < 4
            and abs(ox - x) < 150
            and re.search("[\u0600-\u06ff]", ot)
            and ot not in (first, first[::-1])
        ]
        assert others, "the other words of the Arabic name were not found"
        assert all(ox < x for ox in others), "محمد must be the rightmost word of the name"
        checked += 1
    assert checked >= 2  # the programme and the delegation list at least


def test_arabic_letters_are_joined(multi_pack: Pack) -> None:
    # Joined Arabic is drawn with presentation-form glyphs; isolated letters would map
    # back to the base code points only.
    raw = "".join(p.extract_text() for p in PdfReader(multi_pack.pdf).pages)
    assert any("\ufb50" <= c <= "\ufeff" for c in raw)


def test_devanagari_name_is_shaped_and_present(multi_pack: Pack) -> None:
    # Conjuncts come out as private-use glyph codes, so compare the plain letters.
    text = "".join(_pages_text(multi_pack.pdf))
    assert "मोदी" in text or "मोद" in text
    assert DEVANAGARI.split()[0][0] in text


def _font_cmaps(cache: Path) -> dict[str, set[int]]:
    return {path.stem: set(TTFont(path).getBestCmap()) for path in cache.glob("*.ttf")}


@pytest.mark.parametrize("pack_name", ["sample_pack", "multi_pack"])
def test_every_text_run_is_drawn_with_a_font_that_covers_it(
    pack_name: str, request: pytest.FixtureRequest
) -> None:
    pack: Pack = request.getfixturevalue(pack_name)
    cmaps = _font_cmaps(pack.fonts)
    chunks: list[tuple[str, str]] = []

    def visit(text: str, _cm: object, _tm: object, font: object, _size: object) -> None:
        if text.strip() and isinstance(font, dict):
            chunks.append((str(font["/BaseFont"]).split("+", 1)[-1], text))

    for page in PdfReader(pack.pdf).pages:
        page.extract_text(visitor_text=visit)
    assert len(chunks) > 50
    for font_name, text in chunks:
        assert font_name in cmaps, f"{text!r} drawn with unexpected font {font_name}"
        for char in text:
            if char.isspace() or 0xE000 <= ord(char) <= 0xF8FF:
                continue  # private-use codes stand for shaped glyphs (conjuncts, marks)
            assert ord(char) in cmaps[font_name], f"{char!r} not in {font_name}"


def test_fonts_are_embedded(multi_pack: Pack) -> None:
    listing = subprocess.run(
        [_poppler("pdffonts"), str(multi_pack.pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing
    for line in listing:
        assert " yes " in line, line  # the "emb" column


# --- markup, missing photos, uncovered characters ------------------------------------


def test_markup_characters_print_literally(multi_pack: Pack) -> None:
    layout = _layout(multi_pack.pdf)
    for text in [*MARKUP, "Hotel “Ritz & Co” <Main", "Silver bowl from O'Neil &"]:
        assert text in layout
    assert "&amp;" not in layout
    assert "&lt;" not in layout


def test_uncovered_character_is_reported_not_fatal(multi_pack: Pack) -> None:
    result = multi_pack.result
    assert [g.char for g in result.missing_glyphs] == [UNCOVERED]
    assert "Müller-Łęcki" in result.missing_glyphs[0].record_label
    assert "[U+13000]" in "\n".join(_pages_text(multi_pack.pdf))


def test_broken_photo_is_a_warning_and_good_photos_are_embedded(multi_pack: Pack) -> None:
    assert any("Moon Jae-in" in w and "photo" in w for w in multi_pack.result.warnings)
    images = sum(len(page.images) for page in PdfReader(multi_pack.pdf).pages)
    assert images == 8  # nine profiles, one photo unreadable


# --- page furniture ---------------------------------------------------------------------


@pytest.mark.parametrize("pack_name", ["sample_pack", "multi_pack"])
def test_page_n_of_m_on_every_page(pack_name: str, request: pytest.FixtureRequest) -> None:
    pack: Pack = request.getfixturevalue(pack_name)
    pages = _pages_text(pack.pdf)
    assert len(pages) == pack.result.pages
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert len(re.findall(r"Page \d+ of \d+", text)) == 1


def test_classification_marks_every_page(sample_pack: Pack) -> None:
    for text in _pages_text(sample_pack.pdf):
        assert text.count("RESTRICTED") >= 2  # top and bottom


def test_running_header_and_footer_on_every_page_after_the_cover(sample_pack: Pack) -> None:
    pages = _pages_text(sample_pack.pdf)
    assert "Prepared for" not in pages[0]
    for text in pages[1:]:
        assert "Briefing pack" in text
        assert "Prepared for: The whole event" in text


def _outline(reader: PdfReader) -> list[tuple[str, int, int]]:
    """(title, level, zero-based page) of every bookmark, in order."""
    result: list[tuple[str, int, int]] = []

    def walk(items: list[object], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                result.append(
                    (str(item.title), level, reader.get_destination_page_number(item))  # type: ignore[attr-defined]
                )

    walk(reader.outline, 0)
    return result


@pytest.mark.parametrize("pack_name", ["sample_pack", "multi_pack"])
def test_bookmarks_land_on_the_pages_where_sections_start(
    pack_name: str, request: pytest.FixtureRequest
) -> None:
    pack: Pack = request.getfixturevalue(pack_name)
    reader = PdfReader(pack.pdf)
    outline = _outline(reader)
    titles = [t for t, level, _ in outline if level == 0]
    assert titles[:3] == ["Event overview", "Programme", "Delegations"]
    pages = _pages_text(pack.pdf)
    assert len({page for _, _, page in outline}) > 3  # not all on one page
    for title, level, page in outline:
        flat = " ".join(pages[page].split())
        assert " ".join(title.split())[:40] in flat, f"{title!r} not on page {page + 1}"
        # a section starts there: it is not on the page before (beyond the contents)
        if level == 0 and page > 2:
            assert " ".join(title.split()) not in " ".join(pages[page - 1].split())


def test_contents_page_numbers_match_the_bookmarks(sample_pack: Pack) -> None:
    reader = PdfReader(sample_pack.pdf)
    lines = [line.strip() for line in _layout(sample_pack.pdf).split("\f")[1].splitlines()]
    outline = _outline(reader)
    assert len(outline) >= 8
    for title, _level, page in outline:
        index = next(i for i, line in enumerate(lines) if line.startswith(title[:30]))
        # a long title wraps; its page number then ends the following line
        line = lines[index] if re.search(r"\s\d+$", lines[index]) else lines[index + 1]
        assert int(line.split()[-1]) == page + 1, title


def test_metadata_and_paper_sizes(
    sample: tuple[Database, uuid.UUID], sample_pack: Pack, tmp_path: Path
) -> None:
    meta = PdfReader(sample_pack.pdf).metadata
    assert meta is not None
    assert meta.title == f"Briefing pack — {SEMINAR}"
    assert meta.author == "Protocol Desk"
    assert meta.subject is not None
    assert SEMINAR in meta.subject
    box = PdfReader(sample_pack.pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    db, event_id = sample
    letter = _build(db, event_id, tmp_path, "letter", paper=Paper.LETTER)
    box = PdfReader(letter.pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    info = subprocess.run(
        [_poppler("pdfinfo"), str(letter.pdf)], capture_output=True, text=True, check=True
    )
    assert "Pages:" in info.stdout
    assert not info.stderr


def test_cover_is_honest_about_dates_and_shows_version(sample_pack: Pack) -> None:
    cover = _pages_text(sample_pack.pdf)[0]
    assert "September 2017 (exact dates to be confirmed)" in cover
    assert "The whole event" in cover
    assert "Generated" in cover
    assert "revision" in cover


def test_notes_pages_are_optional(
    sample: tuple[Database, uuid.UUID], sample_pack: Pack, tmp_path: Path
) -> None:
    db, event_id = sample
    without = _build(db, event_id, tmp_path, "plain")
    assert without.result.pages < sample_pack.result.pages
    assert "Notes" in [t for t, _, _ in _outline(PdfReader(sample_pack.pdf))]
    assert "Notes" not in [t for t, _, _ in _outline(PdfReader(without.pdf))]


# --- packs for one delegation or one person ------------------------------------------


def test_person_pack_keeps_their_meetings_and_whom_they_meet(
    multiscript: tuple[Database, MultiScript], tmp_path: Path
) -> None:
    db, fixture = multiscript
    pack = _build(
        db, fixture.event_id, tmp_path, "greek", kind="person", subject_id=fixture.people["greek"]
    )
    text = "\n".join(_pages_text(pack.pdf))
    assert "Bilateral meeting Greece – Korea" in text  # their own meeting
    assert "Opening plenary" in text  # open to every participant
    assert "Signing ceremony\n" not in text
    assert "Memorandum on cultural cooperation" not in text
    outline = [t for t, _, _ in _outline(PdfReader(pack.pdf))]
    assert "Who you will meet" in outline
    assert "H.E. Mr MOON Jae-in" in outline  # the counterpart's profile
    assert "H.E. Mr Eleftherios VENIZELOS" not in outline  # not their own
    assert "Prepared for: H.E. Mr Eleftherios VENIZELOS" in text


def test_delegation_pack_keeps_its_ceremony(
    multiscript: tuple[Database, MultiScript], tmp_path: Path
) -> None:
    db, fixture = multiscript
    pack = _build(
        db,
        fixture.event_id,
        tmp_path,
        "japan",
        kind="delegation",
        subject_id=fixture.delegations["japanese"],
    )
    text = "\n".join(_pages_text(pack.pdf))
    assert "Memorandum on cultural cooperation" in text
    assert "Bilateral meeting Greece – Korea" not in text
    assert "Delegation of Japan" in text


def test_unknown_subject_is_not_found(
    multiscript: tuple[Database, MultiScript], tmp_path: Path
) -> None:
    db, fixture = multiscript
    with pytest.raises(NotFoundError):
        _build(db, fixture.event_id, tmp_path, "x", kind="delegation", subject_id=uuid.uuid4())
    assert not list(tmp_path.glob("*.pdf*"))


def test_cancel_leaves_no_file(sample: tuple[Database, uuid.UUID], tmp_path: Path) -> None:
    db, event_id = sample

    class Cancel:
        def __init__(self) -> None:
            self.calls = 0

        @property
        def cancelled(self) -> bool:
            self.calls += 1
            return self.calls > 3

    target = tmp_path / "cancelled.pdf"
    with db.session() as session, pytest.raises(BriefingCancelled):
        build_briefing(session, event_id, target, BriefingOptions(), cancel=Cancel())
    assert list(tmp_path.iterdir()) == []


def test_progress_is_reported_up_to_done(
    sample: tuple[Database, uuid.UUID], tmp_path: Path
) -> None:
    db, event_id = sample
    seen: list[float] = []
    with db.session() as session:
        build_briefing(session, event_id, tmp_path / "p.pdf", progress=lambda f, _m: seen.append(f))
    assert seen[0] == 0.0
    assert seen[-1] == 1.0
    assert seen == sorted(seen)


def test_programme_item_times_print(multi_pack: Pack) -> None:
    text = "\n".join(_pages_text(multi_pack.pdf))
    assert "09:30–10:30" in text
    assert "Day 1 — Monday 14 June 2027" in text
    assert ProgrammeItem.__name__  # the programme section exists at all
    assert "Programme" in [t for t, _, _ in _outline(PdfReader(multi_pack.pdf))]


def test_a_name_in_kanji_only_takes_the_japanese_shapes(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """Ideographs alone cannot tell Japanese from Chinese; the person's country can."""
    if not {"ja", "zh-Hans"} <= {face.language for face in available_faces()}:
        pytest.skip("needs the Japanese and Simplified Chinese faces (manimgx-fonts-cjk)")
    from app.model import Delegation, DelegationMember, Person, country_uuid
    from app.services import records

    with sqlite_db.transaction() as session:
        event = records.create(session, Event, title="Kanji check", kind="meeting")
        for alpha3, family, given, native in (
            ("JPN", "Yamada", "Taro", "山田太郎"),
            ("CHN", "Wang", "Yi", "王毅"),
        ):
            delegation = records.create(
                session, Delegation, event_id=event.id, country_id=country_uuid(alpha3)
            )
            person = records.create(
                session,
                Person,
                family_name=family,
                given_names=given,
                family_name_first=True,
                native_name=native,
                country_id=country_uuid(alpha3),
            )
            records.create(
                session,
                DelegationMember,
                delegation_id=delegation.id,
                person_id=person.id,
                role="head",
            )
        event_id = event.id
    pack = _build(sqlite_db, event_id, tmp_path, "kanji")
    fonts_of: dict[str, set[str]] = {}

    def visit(text: str, _cm: object, _tm: object, font: object, _size: object) -> None:
        if isinstance(font, dict):
            for name in ("山田太郎", "王毅"):
                if name in text.replace(" ", ""):
                    fonts_of.setdefault(name, set()).add(str(font["/BaseFont"]))

    for page in PdfReader(pack.result.path).pages:
        page.extract_text(visitor_text=visit)
    assert fonts_of["山田太郎"]
    assert all("CJKJP" in font for font in fonts_of["山田太郎"])
    assert all("CJKSC" in font for font in fonts_of["王毅"])
