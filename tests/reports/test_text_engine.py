"""The multi-script text layer, checked on a real PDF read back with pypdf and poppler."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
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
from app.reports.text.paragraph import BidiLines, Segment, TextParagraph
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
def test_cjk_conversion_is_cached_as_truetype(tmp_path: Path) -> None:
    # How long the conversion takes is measured by benchmarks/text_and_names_benchmark.py.
    ideographs = "".join(chr(code) for code in range(0x4E00, 0x4E00 + 1000))
    fonts = FontSet([ideographs], cache_dir=tmp_path)
    cjk = next(face for face in fonts.chain if face.role == CJK)
    name = fonts.font_name(cjk)
    again = FontSet([ideographs], cache_dir=tmp_path)
    assert again.font_name(cjk) == name
    assert TTFont(tmp_path / f"{name}.ttf").sfntVersion == "\x00\x01\x00\x00"


# Words whose shaped glyphs poppler maps back to the letters, so their positions can be
# found with pdftotext; all distinct, so each one's place in the sentence is known.
ARABIC_WORDS = ["محمد", "حامد", "محمود", "احمد", "كامل", "عماد", "عادل", "كمال", "ممدوح"]


def _arabic_positions(pdf: Path) -> list[tuple[float, float, int]]:
    """(x, y, index in ARABIC_WORDS) of every known Arabic word on the page."""
    found = []
    for x, y, word in _words(pdf):
        for index, expected in enumerate(ARABIC_WORDS):
            if word in (expected, expected[::-1]):
                found.append((x, y, index))
    return found


def _narrow_pdf(tmp_path: Path, texts: list[str], fonts: FontSet) -> Path:
    pdf = tmp_path / "narrow.pdf"
    style = ParagraphStyle("body", fontSize=16, leading=24)
    document = SimpleDocTemplate(str(pdf), leftMargin=200, rightMargin=250)
    document.build([paragraph(text, style, fonts, record="wrapped") for text in texts])
    return pdf


def test_wrapped_arabic_lines_read_top_to_bottom_in_logical_order(tmp_path: Path) -> None:
    sentence = " ".join(ARABIC_WORDS)
    fonts = FontSet([sentence], cache_dir=tmp_path / "fonts")
    positions = _arabic_positions(_narrow_pdf(tmp_path, [sentence], fonts))
    assert {index for _, _, index in positions} == set(range(len(ARABIC_WORDS)))
    line_tops = sorted({round(y) for _, y, _ in positions})
    assert len(line_tops) >= 3, f"the sentence should wrap to 3+ lines, got {line_tops}"
    # Reading order: lines top to bottom, each line right to left.
    reading = [index for _, _, index in sorted(positions, key=lambda p: (round(p[1]), -p[0]))]
    assert reading == list(range(len(ARABIC_WORDS))), reading
    first_x, first_y = next((x, y) for x, y, index in positions if index == 0)
    top_line = [x for x, y, _ in positions if round(y) == line_tops[0]]
    assert round(first_y) == line_tops[0], "the first word is on the top line"
    assert first_x == max(top_line), "the first word is the rightmost of its line"


def test_no_break_spaces_keep_arabic_word_order(tmp_path: Path) -> None:
    text = "\u00a0".join(ARABIC_WORDS[:3])
    fonts = FontSet([text], cache_dir=tmp_path / "fonts")
    positions = _arabic_positions(_narrow_pdf(tmp_path, [text], fonts))
    assert {index for _, _, index in positions} == {0, 1, 2}
    by_x = [index for _, _, index in sorted(positions, key=lambda p: -p[0])]
    assert by_x == [0, 1, 2], "right to left: the first word is the rightmost"
    # NO-BREAK SPACE keeps the words together: one reportlab word, shaped logically.
    line = layout_line(text, fonts.chain, fonts.covers, shaping=True)
    assert [run.text for run in line.runs] == [text]


def test_split_paragraph_keeps_its_source_text_in_both_halves() -> None:
    text = " ".join(["Paragraph long enough to be split over two frames."] * 6)
    fonts = FontSet([text])
    para = paragraph(text, ParagraphStyle("s", fontSize=10, leading=12), fonts)
    para.wrap(120, 1000)
    halves = para.split(120, 40)
    assert len(halves) == 2
    assert [half.source_text for half in halves] == [text, text]


def test_prepared_text_is_cached_but_missing_glyphs_name_every_record() -> None:
    fonts = FontSet([UNCOVERED])
    first = fonts.prepare(UNCOVERED, record="record A")
    again = fonts.prepare(UNCOVERED, record="record B")
    assert again is first
    labels = [entry.record_label for entry in fonts.missing.entries]
    assert labels == ["record A", "record B"]


@pytest.mark.parametrize(
    "text", ["São Paulo", "Łukasiewicz-Ñúñez 42", "Ελευθέριος", "Қасым-Жомарт", "a  b", ""]
)
def test_fast_path_matches_the_full_layout(text: str) -> None:
    fonts = FontSet([text])
    line = layout_line(text, fonts.chain, fonts.covers)
    expected = "".join(
        f'<font name="{fonts.font_name(run.face)}">{run.text}</font>' for run in line.runs
    )
    assert fonts.markup(text) == expected


def test_wrapped_paragraph_of_several_pieces_keeps_reading_order(tmp_path: Path) -> None:
    """A bold label and a body in other markup (as the briefing pack composes them)."""
    label, body = ARABIC_WORDS[0], " ".join(ARABIC_WORDS[1:])
    fonts = FontSet([label, body], cache_dir=tmp_path / "fonts")
    segments = [
        Segment(fonts.prepare(label, bold=True), bold=True),
        Segment(fonts.prepare(" "), open_tag='<font color="#4a5568">', close_tag="</font>"),
        Segment(fonts.prepare(body), open_tag='<font color="#4a5568">', close_tag="</font>"),
    ]
    markup = "".join(f"{s.open_tag}{s.prepared.markup}{s.close_tag}" for s in segments)
    style = ParagraphStyle("body", fontSize=16, leading=24, fontName=fonts.regular, shaping=1)
    para = TextParagraph(markup, style)
    para.bidi = BidiLines(fonts, segments, base_rtl=True)
    pdf = tmp_path / "pieces.pdf"
    SimpleDocTemplate(str(pdf), leftMargin=200, rightMargin=250).build([para])
    positions = _arabic_positions(pdf)
    assert len({round(y) for _, y, _ in positions}) >= 3
    reading = [index for _, _, index in sorted(positions, key=lambda p: (round(p[1]), -p[0]))]
    assert reading == list(range(len(ARABIC_WORDS)))


def test_a_language_gives_ideographs_their_regional_shapes() -> None:
    fonts = FontSet()
    regional = {face.language for face in fonts.chain if face.language}
    if not {"ja", "zh-Hans"} <= regional:
        pytest.skip("needs the Japanese and Simplified Chinese faces (manimgx-fonts-cjk)")
    default = fonts.prepare("山田太郎")
    japanese = fonts.prepare("山田太郎", language="ja-JP")
    assert "CJKSC" in default.markup
    assert "CJKJP" not in default.markup
    assert "CJKJP" in japanese.markup
    assert "CJKSC" not in japanese.markup
    assert japanese.language == "ja"
    assert "CJKJP" in fonts.prepare("さくら").markup  # kana tell by themselves
    # (markup compared afresh: new characters renamed the subsets in between)
    assert fonts.prepare("山田太郎", language="xx").markup == fonts.prepare("山田太郎").markup
    assert fonts.prepare("Yamada", language="ja").markup == fonts.prepare("Yamada").markup
