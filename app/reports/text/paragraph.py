"""reportlab Paragraphs built from user text in any script.

Right-to-left text and line breaking: the markup of :meth:`FontSet.prepare` is in
visual order, which is right for a paragraph on one line. reportlab breaks lines
from the left of that order, so a wrapped right-to-left paragraph would put the
*last* words on the first line. When a paragraph with right-to-left text wraps,
:class:`TextParagraph` therefore lets reportlab break the *logical* order (same
words, same fonts, same widths), then puts each line into visual order on its own
and lays the paragraph out again with one forced break per line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from app.reports.text.fontset import FontSet, LogicalText, PreparedText
from app.reports.text.ordering import has_rtl
from app.reports.text.parsing import parse_paragraph

_BIG = 1e9  # "unlimited" height for a measuring wrap


@dataclass(frozen=True)
class Segment:
    """One piece of a paragraph: prepared text, its weight and its own markup around it."""

    prepared: PreparedText
    bold: bool = False
    record: str = ""
    open_tag: str = ""  # e.g. '<font color="#4a5568">'
    close_tag: str = ""


class BidiLines:
    """Re-lays a paragraph with right-to-left text line by line (see module doc)."""

    def __init__(self, fonts: FontSet, segments: Sequence[Segment], base_rtl: bool) -> None:
        self.fonts = fonts
        self.segments = tuple(segment for segment in segments if segment.prepared.source)
        self.base_rtl = base_rtl
        self._logical: list[LogicalText] | None = None  # only needed once a paragraph wraps

    @property
    def _layouts(self) -> list[LogicalText]:
        if self._logical is None:
            self._logical = [
                self.fonts.logical(s.prepared.source, bold=s.bold, language=s.prepared.language)
                for s in self.segments
            ]
        return self._logical

    def logical_markup(self) -> str:
        return "".join(
            f"{segment.open_tag}{layout.markup}{segment.close_tag}"
            for segment, layout in zip(self.segments, self._layouts, strict=True)
        )

    def _words(self) -> list[list[tuple[int, int, int]]]:
        """reportlab's words in logical order, each a list of (segment, start, end)
        parts: a word spans two segments when no space separates them."""
        words: list[list[tuple[int, int, int]]] = []
        touching_end = False
        for index, (segment, layout) in enumerate(zip(self.segments, self._layouts, strict=True)):
            for position, (start, end) in enumerate(layout.tokens):
                part = (index, start, end)
                if position == 0 and start == 0 and touching_end and words:
                    words[-1].append(part)  # no space between the segments: one word
                else:
                    words.append([part])
            source = segment.prepared.source
            last = layout.tokens[-1][1] if layout.tokens else -1
            touching_end = last == len(source)
        return words

    def visual_markup(self, words_per_line: Sequence[int]) -> str | None:
        """Markup with one forced break per line, each line in visual order;
        None when the line word counts do not match the words (then keep the old)."""
        words = self._words()
        if sum(words_per_line) != len(words):
            return None
        lines: list[str] = []
        taken = 0
        for count in words_per_line:
            line_words = words[taken : taken + count]
            taken += count
            lines.append(self._line(line_words))
        return "<br/>".join(lines)

    def _line(self, line_words: list[list[tuple[int, int, int]]]) -> str:
        spans: dict[int, tuple[int, int]] = {}
        for word in line_words:
            for index, start, end in word:
                first, _ = spans.get(index, (start, end))
                spans[index] = (min(first, start), end)
        offsets = [0]
        for segment in self.segments:
            offsets.append(offsets[-1] + len(segment.prepared.source))
        whole = "".join(segment.prepared.source for segment in self.segments)
        parts: list[str] = []
        gaps: list[str] = []  # what separates each part from the one before it
        previous_end: int | None = None
        for index in sorted(spans):
            segment = self.segments[index]
            start, end = spans[index]
            prepared = self.fonts.prepare(
                segment.prepared.source[start:end],
                bold=segment.bold,
                record=segment.record,
                language=segment.prepared.language,
            )
            parts.append(f"{segment.open_tag}{prepared.markup}{segment.close_tag}")
            begin = offsets[index] + start
            between = "" if previous_end is None else whole[previous_end:begin]
            gaps.append(" " if any(char.isspace() for char in between) else "")
            previous_end = offsets[index] + end
        if self.base_rtl:
            # reversed pieces; the gap before a piece now follows it
            parts.reverse()
            gaps = ["", *reversed(gaps[1:])]
        return "".join(gap + part for gap, part in zip(gaps, parts, strict=True))


def _words_per_line(paragraph: Paragraph) -> list[int]:
    lines = paragraph.blPara.lines
    if paragraph.blPara.kind == 1:
        return [int(line.wordCount) for line in lines]
    return [len(line[1]) for line in lines]


class TextParagraph(Paragraph):  # type: ignore[misc]  # reportlab is untyped
    """A Paragraph that remembers the text it was made from.

    ``getPlainText()`` of a shaped paragraph returns Arabic presentation forms
    and private-use code points for conjuncts; bookmarks and outlines should use
    :attr:`source_text` instead. Both halves of a split keep it.

    With :attr:`bidi` set, a paragraph that wraps is re-laid line by line so that
    right-to-left lines read top to bottom in logical order.
    """

    source_text: str = ""
    bidi: BidiLines | None = None
    _bidi_width: float | None = None
    _wrapped_width: float | None = None
    _bidi_markup: str | None = None  # markup as first given, for a wrap at another width

    def _setup(self, text: str, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:
        if frags is not None or bulletText:
            super()._setup(text, style, bulletText, frags, cleaner)
            return
        cleaned, (parsed_style, parsed, _bullets) = parse_paragraph(
            text, style, cleaner, self.caseSensitive
        )
        super()._setup(cleaned, parsed_style, bulletText, parsed, cleaner)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # Tables wrap every cell several times at the same width; the lines depend on
        # the width alone, so the last result stands until a split discards it.
        if availWidth == self._wrapped_width and hasattr(self, "blPara"):
            return self.width, self.height
        result: tuple[float, float] = self._wrap_text(availWidth, availHeight)
        self._wrapped_width = availWidth
        return result

    def _wrap_text(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        result: tuple[float, float] = super().wrap(availWidth, availHeight)
        if self.bidi is None or availWidth == self._bidi_width:
            return result
        hard_lines = self.text.count("<br/>") + 1 if self._bidi_markup is None else None
        if self._bidi_markup is None:
            self._bidi_markup = self.text
        elif self.text != self._bidi_markup:
            # laid out for another width before: start again from the original markup
            self._setup(self._bidi_markup, self.style, self.bulletText, None, _identity)
            result = super().wrap(availWidth, availHeight)
            hard_lines = None
        self._bidi_width = availWidth
        if hard_lines is not None and len(self.blPara.lines) <= hard_lines:
            return result  # nothing wrapped: the visual markup is already right
        relaid = self._relaid(availWidth)
        if relaid is None:
            return result
        self._setup(relaid, self.style, self.bulletText, None, _identity)
        relaid_result: tuple[float, float] = super().wrap(availWidth, availHeight)
        return relaid_result

    def _relaid(self, width: float) -> str | None:
        assert self.bidi is not None
        # Long words are not split while measuring, so every line holds whole words.
        measuring_style = ParagraphStyle("bidi-measure", parent=self.style, splitLongWords=0)
        measure = Paragraph(self.bidi.logical_markup(), measuring_style)
        measure.wrap(width, _BIG)
        return self.bidi.visual_markup(_words_per_line(measure))

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts: list[Any] = super().split(availWidth, availHeight)
        for part in parts:
            if part is not self and isinstance(part, TextParagraph):
                part.source_text = self.source_text
                part.bidi = None  # the halves hold lines already in visual order
        return parts


def _identity(text: str) -> str:
    return text


def paragraph(
    text: str,
    style: ParagraphStyle,
    fonts: FontSet,
    *,
    record: str = "",
    bold: bool | None = None,
    language: str = "",
) -> TextParagraph:
    """A Paragraph showing ``text`` exactly as typed, in whatever scripts it uses.

    ``style`` supplies size, leading, alignment and colour; its font is replaced
    by the document's fonts (bold when ``bold`` is true or ``style.fontName``
    looks bold). ``record`` labels missing glyphs in ``fonts.missing``.
    Left alignment means "start": a paragraph whose first strong character is
    right-to-left is aligned to the right. ``language`` picks the regional shapes of
    CJK ideographs (see :meth:`FontSet.prepare`).
    """
    want_bold = fonts.is_bold(style.fontName) if bold is None else bold
    prepared = fonts.prepare(text, bold=want_bold, record=record, language=language)
    overrides: dict[str, Any] = {
        "fontName": fonts.bold if want_bold else fonts.regular,
        "shaping": 1 if prepared.shaping else 0,
    }
    if prepared.base_rtl and style.alignment == TA_LEFT:
        overrides["alignment"] = TA_RIGHT
    derived = ParagraphStyle(f"{style.name}~text", parent=style, **overrides)
    # Text the style's own font draws alone needs no font tag (reportlab parses faster).
    markup = escape(prepared.source) if prepared.plain else prepared.markup
    result = TextParagraph(markup, derived)
    result.source_text = prepared.source
    if has_rtl(prepared.source):
        result.bidi = BidiLines(fonts, [Segment(prepared, want_bold, record)], prepared.base_rtl)
    return result
