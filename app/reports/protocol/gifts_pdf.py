"""The gifts register for a year as a PDF table; gifts to declare are highlighted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from app.protocol.gifts import GiftEntry
from app.reports.protocol.common import Rendered, font_set
from app.reports.text import paragraph

_FLAG = HexColor("#FCE4D6")
_HEADERS = ("Date", "Direction", "Description", "Given by", "Received by", "Event", "Value",
            "Disposition", "Declare")  # fmt: skip


def render_gifts_register(
    entries: Sequence[GiftEntry],
    path: Path,
    *,
    year: int,
    thresholds: Mapping[str, Decimal],
    cache_dir: Path | None = None,
) -> Rendered:
    texts = [
        t for e in entries for t in (e.description, e.giver, e.recipient, e.event or "", e.note)
    ]
    fonts = font_set([*texts, *_HEADERS], cache_dir)
    cell = ParagraphStyle("cell", fontSize=8, leading=10)
    head = ParagraphStyle("head", fontSize=8, leading=10, fontName=fonts.bold)
    value_style = ParagraphStyle("value", parent=cell, alignment=TA_RIGHT)
    title = ParagraphStyle("title", fontSize=15, leading=19, fontName=fonts.bold)
    info = ParagraphStyle("info", fontSize=9, leading=12, textColor=HexColor("#444444"))
    limits = ", ".join(f"{c} {v:.2f}" for c, v in sorted(thresholds.items())) or "none set"
    flagged = sum(1 for e in entries if e.declare)
    story = [
        paragraph(f"Gifts register {year}", title, fonts, bold=True),
        paragraph(
            f"{len(entries)} gift(s); declaration thresholds: {limits}; "
            f"{flagged} gift(s) above the threshold, highlighted.",
            info,
            fonts,
        ),
        Spacer(1, 4 * mm),
    ]
    rows = [[paragraph(h, head, fonts, bold=True) for h in _HEADERS]]
    for index, entry in enumerate(entries, start=1):
        value = f"{entry.value:,.2f} {entry.currency or ''}" if entry.value is not None else "—"
        declare = "YES" if entry.declare else "no"
        if entry.note:
            declare += f" — {entry.note}"
        record = f"gift {index}"
        rows.append([
            paragraph(entry.on.isoformat() if entry.on else "", cell, fonts),
            paragraph(entry.direction, cell, fonts),
            paragraph(entry.description, cell, fonts, record=record),
            paragraph(entry.giver, cell, fonts, record=record),
            paragraph(entry.recipient, cell, fonts, record=record),
            paragraph(entry.event or "", cell, fonts, record=record),
            paragraph(value, value_style, fonts),
            paragraph(entry.disposition, cell, fonts),
            paragraph(declare, cell, fonts, bold=entry.declare),
        ])  # fmt: skip
    widths = [20, 20, 52, 34, 34, 38, 24, 26, 27]
    table = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.25, HexColor("#BBBBBB")),
        ("BACKGROUND", (0, 0), (-1, 0), HexColor("#E8E8E8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    style += [
        ("BACKGROUND", (0, i), (-1, i), _FLAG)
        for i, entry in enumerate(entries, start=1)
        if entry.declare
    ]
    table.setStyle(TableStyle(style))
    story.append(table)
    document = SimpleDocTemplate(
        str(path), pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
        topMargin=14 * mm, bottomMargin=14 * mm, title=f"Gifts register {year}",
        author="Protocol Desk",
    )  # fmt: skip
    document.build(story)
    return Rendered(path, document.page, len(entries), fonts.missing.entries)
