"""Multi-script text for reportlab: font coverage, run splitting, bidi and shaping.

Typical use by a PDF builder::

    fonts = FontSet(all_texts_of_the_document)
    story.append(paragraph(delegate.full_name, style, fonts, record=f"delegate {delegate.id}"))
    ...
    for entry in fonts.missing.entries:
        report.warn(str(entry))
"""

from app.reports.text.fontset import FontSet, NoFontsError, PreparedText
from app.reports.text.missing import MissingGlyph, MissingGlyphLog
from app.reports.text.paragraph import TextParagraph, paragraph

__all__ = [
    "FontSet",
    "MissingGlyph",
    "MissingGlyphLog",
    "NoFontsError",
    "PreparedText",
    "TextParagraph",
    "paragraph",
]
