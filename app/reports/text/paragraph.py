"""reportlab Paragraphs built from user text in any script."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from app.reports.text.fontset import FontSet


class TextParagraph(Paragraph):  # type: ignore[misc]  # reportlab is untyped
    """A Paragraph that remembers the text it was made from.

    ``getPlainText()`` of a shaped paragraph returns Arabic presentation forms
    and private-use code points for conjuncts; bookmarks and outlines should use
    :attr:`source_text` instead.
    """

    source_text: str = ""


def paragraph(
    text: str,
    style: ParagraphStyle,
    fonts: FontSet,
    *,
    record: str = "",
    bold: bool | None = None,
) -> TextParagraph:
    """A Paragraph showing ``text`` exactly as typed, in whatever scripts it uses.

    ``style`` supplies size, leading, alignment and colour; its font is replaced
    by the document's fonts (bold when ``bold`` is true or ``style.fontName``
    looks bold). ``record`` labels missing glyphs in ``fonts.missing``.
    """
    want_bold = fonts.is_bold(style.fontName) if bold is None else bold
    prepared = fonts.prepare(text, bold=want_bold, record=record)
    overrides: dict[str, Any] = {
        "fontName": fonts.bold if want_bold else fonts.regular,
        "shaping": 1 if prepared.shaping else 0,
    }
    derived = ParagraphStyle(f"{style.name}~text", parent=style, **overrides)
    result = TextParagraph(prepared.markup, derived)
    result.source_text = prepared.source
    return result
