"""Type sizes, colours and spacing of the pack: one place to tune the look."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

INK = colors.HexColor("#1a202c")
ACCENT = colors.HexColor("#1f3a5f")
MUTED = colors.HexColor("#4a5568")
RULE = colors.HexColor("#a0aec0")
BAND = colors.HexColor("#edf2f7")
MARKING = colors.HexColor("#9b1c1c")

MARGIN_X = 20 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
PHOTO_WIDTH = 30 * mm
PHOTO_HEIGHT = 38 * mm


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    cover_line: ParagraphStyle
    cover_for: ParagraphStyle
    marking: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    small: ParagraphStyle
    toc0: ParagraphStyle
    toc1: ParagraphStyle
    header: ParagraphStyle


def make_styles() -> Styles:
    body = ParagraphStyle("body", fontSize=9.5, leading=13.5, textColor=INK, spaceAfter=4)
    return Styles(
        title=ParagraphStyle(
            "title", parent=body, fontSize=26, leading=33, textColor=ACCENT, spaceAfter=10
        ),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontSize=13, leading=18, textColor=MUTED, spaceAfter=18
        ),
        cover_line=ParagraphStyle("cover_line", parent=body, fontSize=11.5, leading=16),
        cover_for=ParagraphStyle(
            "cover_for", parent=body, fontSize=15, leading=21, textColor=ACCENT
        ),
        marking=ParagraphStyle(
            "marking",
            parent=body,
            fontSize=11,
            leading=14,
            alignment=TA_CENTER,
            textColor=MARKING,
        ),
        h1=ParagraphStyle(
            "h1",
            parent=body,
            fontSize=17,
            leading=22,
            textColor=ACCENT,
            spaceAfter=10,
            keepWithNext=1,
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontSize=12.5,
            leading=16,
            textColor=ACCENT,
            spaceBefore=12,
            spaceAfter=5,
            keepWithNext=1,
        ),
        h3=ParagraphStyle(
            "h3",
            parent=body,
            fontSize=10.5,
            leading=14,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
        ),
        body=body,
        cell=ParagraphStyle("cell", parent=body, fontSize=9, leading=12, spaceAfter=0),
        cell_head=ParagraphStyle(
            "cell_head", parent=body, fontSize=8, leading=10, textColor=MUTED, spaceAfter=0
        ),
        small=ParagraphStyle(
            "small", parent=body, fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=2
        ),
        toc0=ParagraphStyle("toc0", parent=body, fontSize=11, leading=15, spaceBefore=5),
        toc1=ParagraphStyle(
            "toc1", parent=body, fontSize=9.5, leading=12.5, leftIndent=14, spaceAfter=0
        ),
        header=ParagraphStyle("header", parent=body, fontSize=8, leading=10, textColor=MUTED),
    )
