"""What every protocol print shares: the font cache, text fitted into a box, crop marks,
photos that never fail, and the outcome of one rendering.

Text drawn at a position (badges, place cards, seat labels) is a reportlab Paragraph
built by :func:`app.reports.text.paragraph`, so every script goes through the same
shaping, bidi and fallback as the briefing pack.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from platformdirs import user_cache_path
from reportlab.lib.colors import Color, black
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from app.reports.text import FontSet, MissingGlyph, TextParagraph, paragraph

__all__ = [
    "Rendered",
    "crop_marks",
    "default_font_cache",
    "draw_fitted",
    "fitted_paragraph",
    "font_set",
    "photo_reader",
]


def default_font_cache() -> Path:
    """Prepared (subset, CFF-converted) fonts kept between runs: the first PDF with CJK
    names pays the conversion once, later ones reuse it."""
    return user_cache_path("protocol-desk", appauthor=False) / "fonts"


def font_set(texts: Sequence[str], cache_dir: Path | None = None) -> FontSet:
    return FontSet(texts, cache_dir=cache_dir or default_font_cache())


@dataclass(frozen=True)
class Rendered:
    """One PDF written: where, how many pages and things on them, what could not print."""

    path: Path
    pages: int
    items: int
    missing: list[MissingGlyph] = field(default_factory=list)


def fitted_paragraph(
    text: str,
    fonts: FontSet,
    *,
    width: float,
    max_height: float,
    size: float,
    min_size: float,
    bold: bool = False,
    alignment: int = TA_CENTER,
    color: Color = black,
    record: str = "",
    language: str = "",
) -> tuple[TextParagraph, float]:
    """The largest size from ``size`` down to ``min_size`` at which ``text`` fits the box
    without breaking inside a word; returns the wrapped paragraph and its height."""
    current = size
    while True:
        style = ParagraphStyle(
            "fitted",
            fontName=fonts.bold if bold else fonts.regular,
            fontSize=current,
            leading=current * 1.18,
            alignment=alignment,
            textColor=color,
        )
        para = paragraph(text, style, fonts, record=record, bold=bold, language=language)
        _, height = para.wrap(width, max_height * 20)
        if (height <= max_height and para.minWidth() <= width) or current <= min_size:
            return para, float(height)
        current = max(min_size, current * 0.93)


def draw_fitted(
    canvas: Canvas,
    text: str,
    fonts: FontSet,
    *,
    x: float,
    top: float,
    width: float,
    max_height: float,
    size: float,
    min_size: float | None = None,
    bold: bool = False,
    alignment: int = TA_CENTER,
    color: Color = black,
    record: str = "",
) -> float:
    """Draw ``text`` in the box whose top-left corner is (x, top); returns the height used."""
    if not text.strip():
        return 0.0
    para, height = fitted_paragraph(
        text,
        fonts,
        width=width,
        max_height=max_height,
        size=size,
        min_size=min_size if min_size is not None else size * 0.5,
        bold=bold,
        alignment=alignment,
        color=color,
        record=record,
    )
    para.drawOn(canvas, x, top - height)
    return height


def crop_marks(
    canvas: Canvas,
    xs: Sequence[float],
    ys: Sequence[float],
    *,
    left: float,
    right: float,
    bottom: float,
    top: float,
    gap: float = 2 * mm,
    length: float = 6 * mm,
) -> None:
    """Marks in the sheet margins along every cut line, as a guillotine operator expects:
    each vertical cut at ``xs`` gets a mark above ``top`` and below ``bottom``, each
    horizontal cut at ``ys`` one left of ``left`` and right of ``right``."""
    canvas.saveState()
    canvas.setLineWidth(0.3)
    canvas.setStrokeColor(black)
    for x in xs:
        canvas.line(x, top + gap, x, top + gap + length)
        canvas.line(x, bottom - gap, x, bottom - gap - length)
    for y in ys:
        canvas.line(left - gap, y, left - gap - length, y)
        canvas.line(right + gap, y, right + gap + length, y)
    canvas.restoreState()


_PRINT_DPI = 300


def photo_reader(content: bytes | None, width: float, height: float) -> ImageReader | None:
    """A portrait cropped to the frame's proportions at print resolution, or None when
    there is no photo or the stored bytes are not a readable image (the badge then
    prints without it; a photo must never stop a print run)."""
    if not content:
        return None
    pixels = (max(1, round(width / 72 * _PRINT_DPI)), max(1, round(height / 72 * _PRINT_DPI)))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                image.draft("RGB", pixels)
                picture = ImageOps.exif_transpose(image).convert("RGB")
        # Faces sit in the upper part of a portrait: keep the top when cropping.
        picture = ImageOps.fit(picture, pixels, centering=(0.5, 0.3))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    out.seek(0)
    return ImageReader(out)


def output_file(text: str, suffixes: Sequence[str]) -> Path:
    """The path to write, checked before any work: a known suffix and an existing folder."""
    from app.errors import DomainError

    path = Path(text).expanduser()
    if path.suffix.lower() not in suffixes:
        raise DomainError("output", f"'{path.name}' must end in {' or '.join(suffixes)}")
    if not path.parent.is_dir():
        raise DomainError("output", f"the folder '{path.parent}' does not exist")
    return path


def warning_lines(rendered: Rendered) -> list[str]:
    """What the command line prints to stderr when some characters had no glyph."""
    return [f"protocol-desk: warning: {entry}" for entry in rendered.missing]
