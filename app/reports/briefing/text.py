"""Paragraphs from pieces of text, each piece through the multi-script text layer.

Every string that reaches reportlab, user text and our own labels alike, goes
through :class:`FontSet`: it escapes markup characters, chooses a font per run,
orders right-to-left words and records characters no font covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from app.reports.text import FontSet
from app.reports.text.ordering import has_rtl
from app.reports.text.paragraph import BidiLines, Segment, TextParagraph


@dataclass(frozen=True)
class Piece:
    text: str
    bold: bool = False
    color: str | None = None
    size: float | None = None
    record: str = ""
    language: str = ""  # BCP 47, for the regional shapes of CJK ideographs


def label(text: str) -> Piece:
    """A field label: bold, in the muted label colour."""
    return Piece(text, bold=True, color=LABEL_COLOUR)


LABEL_COLOUR = "#4a5568"


class SourceParagraph(TextParagraph):
    """A paragraph of the pack (kept as a name of its own for headings and contents)."""


class Writer:
    """Makes paragraphs; caches one derived style per (style, shaping, alignment)."""

    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts
        self._styles: dict[tuple[str, bool, bool, str], ParagraphStyle] = {}
        self.paragraphs = 0  # for the benchmark's like-for-like baseline
        self._labels: dict[tuple[str, str, str], SourceParagraph] = {}

    def style(self, base: ParagraphStyle, *, shaping: bool, rtl: bool = False) -> ParagraphStyle:
        # keyed by the current regular font too: text grown since is in a newer subset
        key = (base.name, shaping, rtl, self.fonts.regular)
        style = self._styles.get(key)
        if style is None:
            overrides: dict[str, Any] = {
                "fontName": self.fonts.regular,
                "shaping": 1 if shaping else 0,
            }
            if rtl:
                overrides["alignment"] = TA_RIGHT
            style = ParagraphStyle(
                f"{base.name}~{int(shaping)}{int(rtl)}", parent=base, **overrides
            )
            self._styles[key] = style
        return style

    def markup(self, *pieces: Piece | str, record: str = "") -> tuple[str, bool, bool, str]:
        """(markup, needs shaping, starts right-to-left, plain source text)."""
        markup, shaping, rtl, source, _segments = self._compose(pieces, record)
        return markup, shaping, rtl, source

    def _compose(
        self, pieces: tuple[Piece | str, ...], record: str, *, in_regular: bool = False
    ) -> tuple[str, bool, bool, str, list[Segment]]:
        """``in_regular``: the paragraph style's font is the current regular face, so
        plain regular pieces need no font tag (fewer tags: reportlab parses faster)."""
        parts: list[str] = []
        shaping = False
        rtl: bool | None = None
        source: list[str] = []
        segments: list[Segment] = []
        for raw in pieces:
            piece = Piece(raw, record=record) if isinstance(raw, str) else raw
            if not piece.text:
                continue
            # FontSet.prepare remembers recent strings and still logs missing glyphs per record
            prepared = self.fonts.prepare(
                piece.text, bold=piece.bold, record=piece.record or record, language=piece.language
            )
            attributes = []
            if piece.color:
                attributes.append(f'color="{piece.color}"')
            if piece.size:
                attributes.append(f'size="{piece.size:g}"')
            opening, closing = (
                (f"<font {' '.join(attributes)}>", "</font>") if attributes else ("", "")
            )
            untagged = in_regular and prepared.plain and not piece.bold
            body = escape(prepared.source) if untagged else prepared.markup
            parts.append(f"{opening}{body}{closing}")
            segments.append(Segment(prepared, piece.bold, piece.record or record, opening, closing))
            source.append(prepared.source)
            shaping = shaping or prepared.shaping
            if rtl is None:
                rtl = prepared.base_rtl
        return "".join(parts), shaping, bool(rtl), "".join(source), segments

    def bidi(self, *pieces: Piece | str, record: str = "") -> BidiLines | None:
        """Line reordering for a paragraph made of :meth:`markup`; None without RTL text."""
        _markup, shaping, rtl, source, segments = self._compose(pieces, record)
        return self._bidi(source, shaping, rtl, segments)

    def _bidi(
        self, source: str, shaping: bool, rtl: bool, segments: list[Segment]
    ) -> BidiLines | None:
        if shaping and has_rtl(source):
            return BidiLines(self.fonts, segments, rtl)
        return None

    def label(self, style: ParagraphStyle, text: str) -> SourceParagraph:
        """A field label or column heading, made once per style and text and then
        drawn wherever it recurs: a pack repeats a few labels thousands of times.
        (Each use still counts as a paragraph, for the benchmark's baseline.)"""
        key = (style.name, text, self.fonts.regular)
        known = self._labels.get(key)
        if known is None:
            known = self._labels[key] = self.para(style, label(text))
        else:
            self.paragraphs += 1
        return known

    def para(
        self,
        style: ParagraphStyle,
        *pieces: Piece | str,
        record: str = "",
        follow_direction: bool = False,
    ) -> SourceParagraph:
        """A paragraph of ``pieces``; ``follow_direction`` right-aligns right-to-left text."""
        text, shaping, rtl, source, segments = self._compose(pieces, record, in_regular=True)
        result = SourceParagraph(
            text, self.style(style, shaping=shaping, rtl=rtl and follow_direction)
        )
        result.source_text = source
        result.bidi = self._bidi(source, shaping, rtl, segments)
        self.paragraphs += 1
        return result
