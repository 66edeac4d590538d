"""The multi-script text layer, checked on a real PDF read back with pypdf and poppler."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate

from app.fonts import CJK, available_faces
from app.reports.text import FontSet, MissingGlyph, paragraph
from app.reports.text.runs import clusters_of, layout_line

LATIN = ["São Paulo", "Łódź", "Ελευθέριος Βενιζέλος"]
CYRILLIC = ["Қасым-Жомарт Тоқаев", "Әлихан Байменов"]
CJK_NAMES = ["马建堂", "安倍晋三 さくら", "문재인"]
MARKUP = ["AT&T <Holdings>", "O'Neil & Sons"]
ARABIC = "محمد بن سلمان"
DEVANAGARI = "नरेन्द्र मोदी"
UNCOVERED = "Hieroglyph \U00013000 here"

HAS_CJK = any(face.role == CJK for face in available_faces())
needs_cjk = pytest.mark.skipif(
    not HAS_CJK and os.environ.get("CI") != "true",
    reason="no CJK font on this machine (CI requires one)",
)


@dataclass
class Built:
    pdf: Path
    fonts: FontSet
    cache: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = tmp_path_factory.mktemp("multiscript")
    texts = [*LATIN, *CYRILLIC, *CJK_NAMES, *MARKUP, ARABIC, DEVANAGARI, UNCOVERED]
    fonts = FontSet(texts, cache_dir=folder / "fonts")
    style = ParagraphStyle("name", fontSize=18, leading=28)
    story = [paragraph(text, style, fonts, record=f"line {i}") for i, text in enumerate(texts)]
    story.append(paragraph(f"Bold: {ARABIC} {DEVANAGARI} 马建堂 Тоқаев", style, fonts, bold=True))
    pdf = folder / "multiscript.pdf"
    SimpleDocTemplate(str(pdf)).build(story)
    return Built(pdf, fonts, folder / "fonts")


def _text(pdf: Path) -> str:
    return unicodedata.normalize("NFC", "\n".join(p.extract_text() for p in PdfReader(pdf).pages))


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} (poppler-utils) is required in CI")
        pytest.skip(f"{tool} not installed")
    return path


@pytest.mark.parametrize("name", [*LATIN, *CYRILLIC, *MARKUP])
def test_latin_and_cyrillic_names_are_printed_exactly(built: Built, name: str) -> None:
    assert name in _text(built.pdf)


@needs_cjk
@pytest.mark.parametrize("name", CJK_NAMES)
def test_cjk_names_are_printed(built: Built, name: str) -> None:
    assert name in _text(built.pdf)


def test_markup_characters_print_literally_in_layout_text(built: Built) -> None:
    layout = subprocess.run(
        [_poppler("pdftotext"), "-layout", str(built.pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "AT&T <Holdings>" in layout
    assert "O'Neil & Sons" in layout
    assert "&amp;" not in layout


def _font_cmaps(cache: Path) -> dict[str, set[int]]:
    return {path.stem: set(TTFont(path).getBestCmap()) for path in cache.glob("*.ttf")}


def test_every_text_chunk_uses_a_font_that_covers_it(built: Built) -> None:
    cmaps = _font_cmaps(built.cache)
    chunks: list[tuple[str, str]] = []

    def visit(text: str, _cm: object, _tm: object, font: object, _size: object) -> None:
        if text.strip() and isinstance(font, dict):
            chunks.append((str(font["/BaseFont"]).split("+", 1)[-1], text))

    for page in PdfReader(built.pdf).pages:
        page.extract_text(visitor_text=visit)
    assert chunks
    for font_name, text in chunks:
        assert font_name in cmaps, f"{text!r} drawn with unexpected font {font_name}"
        for char in text:
            if char.isspace() or 0xE000 <= ord(char) <= 0xF8FF:
                continue  # private-use codes stand for shaped glyphs (conjuncts, marks)
            assert ord(char) in cmaps[font_name], f"{char!r} not in {font_name}"


def _words(pdf: Path) -> Iterator[tuple[float, float, str]]:
    bbox = subprocess.run(
        [_poppler("pdftotext"), "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>'
    for x, y, word in re.findall(pattern, bbox):
        yield float(x), float(y), unicodedata.normalize("NFKC", word)


def test_arabic_is_joined_and_reads_right_to_left(built: Built) -> None:
    words = list(_words(built.pdf))
    first = [(x, y) for x, y, w in words if w in ("محمد", "محمد"[::-1])]
    assert first, "the first Arabic word was not found"
    x_first, y_first = first[0]
    same_line = [
        (x, w) for x, y, w in words if abs(y - y_first) < 4 and re.search("[\u0600-\u06ff]", w)
    ]
    others = [x for x, w in same_line if w not in ("محمد", "محمد"[::-1])]
    assert others, "the other Arabic words were not found"
    assert all(x < x_first for x in others), "محمد must be the rightmost word of the name"
    # Shaping turned the letters into joining forms (Arabic Presentation Forms-B).
    raw = "".join(page.extract_text() for page in PdfReader(built.pdf).pages)
    assert re.search("[\ufe70-\ufeff]", raw)


def _prepared_font(built: Built, family: str) -> Path:
    return next(p for p in built.cache.glob(f"PD-{family}-Regular-*.ttf"))


def test_devanagari_conjuncts_form(built: Built) -> None:
    font = hb.Font(
        hb.Face(hb.Blob.from_file_path(str(_prepared_font(built, "NotoSansDevanagari"))))
    )
    buffer = hb.Buffer()
    buffer.add_str("न्द्र")
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    assert len(buffer.glyph_infos) < len("न्द्र"), "conjunct ndra should be fewer glyphs"
    chunks: list[str] = []

    def visit(text: str, _cm: object, _tm: object, font: object, _size: object) -> None:
        if isinstance(font, dict) and "Devanagari" in str(font["/BaseFont"]):
            chunks.append(text)

    for page in PdfReader(built.pdf).pages:
        page.extract_text(visitor_text=visit)
    # the conjunct glyph has no code point of its own, so reportlab maps it to private use
    assert any(re.search("[\ue000-\uf8ff]", chunk) for chunk in chunks)


def test_uncovered_character_prints_a_placeholder_and_is_reported(built: Built) -> None:
    assert "[U+13000]" in _text(built.pdf)
    index = [*LATIN, *CYRILLIC, *CJK_NAMES, *MARKUP, ARABIC, DEVANAGARI].index(DEVANAGARI) + 1
    assert MissingGlyph(f"line {index}", "\U00013000", 0x13000) in built.fonts.missing.entries
    assert len(built.fonts.missing) == 1


def test_words_never_span_two_fonts() -> None:
    fonts = FontSet()
    for text in [*LATIN, *CYRILLIC, ARABIC, DEVANAGARI, "马建堂 (Ma Jiantang)", "Dr. محمد 2024"]:
        line = layout_line(text, fonts.chain, fonts.covers, shaping=True)
        joined = "".join(run.text for run in line.runs)
        boundaries = [
            len("".join(r.text for r in line.runs[: i + 1])) for i in range(len(line.runs))
        ]
        for end in boundaries[:-1]:
            assert joined[end - 1].isspace() or joined[end - 1] == "\u200a", (text, line.runs)


def test_text_is_nfc_normalised() -> None:
    fonts = FontSet()
    decomposed = "Sa\u0303o Paulo"
    assert fonts.prepare(decomposed).source == "São Paulo"
    assert "São Paulo" in fonts.markup(decomposed)
    assert clusters_of("e\u0301\u0323x") == ["e\u0301\u0323", "x"]


def test_markup_escapes_user_text() -> None:
    fonts = FontSet()
    markup = fonts.markup('AT&T <Holdings> "quoted" <font name="x">')
    assert "&amp;T &lt;Holdings&gt;" in markup
    assert '&lt;font name="x"&gt;' in markup


def test_paragraph_keeps_the_original_text_for_bookmarks() -> None:
    fonts = FontSet([ARABIC])
    para = paragraph(ARABIC, ParagraphStyle("s"), fonts)
    assert para.source_text == ARABIC
    assert para.style.shaping == 1


@needs_cjk
def test_cjk_conversion_is_fast_and_cached(tmp_path: Path) -> None:
    ideographs = "".join(chr(code) for code in range(0x4E00, 0x4E00 + 1000))
    fonts = FontSet([ideographs], cache_dir=tmp_path)
    cjk = next(face for face in fonts.chain if face.role == CJK)
    started = time.perf_counter()
    name = fonts.font_name(cjk)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"CJK subset + CFF conversion took {elapsed:.2f}s"
    again = FontSet([ideographs], cache_dir=tmp_path)
    assert again.font_name(cjk) == name
    assert TTFont(tmp_path / f"{name}.ttf").sfntVersion == "\x00\x01\x00\x00"
