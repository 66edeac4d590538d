"""Seating plans drawn as diagrams: seats numbered, names and party codes, the tables, the
front of the room at the bottom and the host side shaded.

The plan's frame (app.protocol.seating) is the room seen from above with the front at
the bottom; one unit is one seat. Tables are drawn in front of each row of principals
(towards the way they face), so the same code draws a signing table, a head table, the
three tables of a U and a bilateral table; theatre rows get a stage instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.protocol.seating import Facing, Layout, Seat, SeatingPlan
from app.reports.protocol.common import Rendered, draw_fitted, fitted_paragraph, font_set
from app.reports.text import FontSet

type _At = Callable[[float, float], tuple[float, float]]

_HOST_FILL = HexColor("#E3ECF7")
_HOST_EDGE = HexColor("#1F4E9A")
_TABLE = HexColor("#D9CBB0")
_GREY = HexColor("#555555")
# Unit vector each way of facing, in the plan's frame.
_DIRECTION = {
    Facing.FRONT: (0.0, -1.0),
    Facing.BACK: (0.0, 1.0),
    Facing.LEFT: (-1.0, 0.0),
    Facing.RIGHT: (1.0, 0.0),
}


@dataclass(frozen=True)
class DiagramHeading:
    title: str
    subtitle: str = ""


def render_seating(
    plans: Sequence[tuple[DiagramHeading, SeatingPlan]],
    path: Path,
    *,
    cache_dir: Path | None = None,
) -> Rendered:
    """One page per plan, A4 landscape."""
    texts: list[str] = []
    for heading, plan in plans:
        texts += [heading.title, heading.subtitle, *plan.notes]
        texts += [t for s in plan.seats for t in (s.label, s.party_code)]
    fonts = font_set(texts, cache_dir)
    canvas = Canvas(str(path), pagesize=landscape(A4), pageCompression=1)
    canvas.setTitle("Seating plan")
    canvas.setAuthor("Protocol Desk")
    for heading, plan in plans:
        _draw_plan(canvas, heading, plan, fonts)
        canvas.showPage()
    canvas.save()
    return Rendered(path, len(plans), sum(len(p.seats) for _, p in plans), fonts.missing.entries)


def _draw_plan(canvas: Canvas, heading: DiagramHeading, plan: SeatingPlan, fonts: FontSet) -> None:
    width, height = landscape(A4)
    margin = 15 * mm
    top = height - margin
    top -= draw_fitted(
        canvas, heading.title, fonts, x=margin, top=top, width=width - 2 * margin,
        max_height=12 * mm, size=16, min_size=11, bold=True, alignment=TA_LEFT,
    )  # fmt: skip
    if heading.subtitle:
        top -= draw_fitted(
            canvas, heading.subtitle, fonts, x=margin, top=top - 1 * mm,
            width=width - 2 * margin, max_height=8 * mm, size=10, min_size=8,
            alignment=TA_LEFT, color=_GREY,
        )  # fmt: skip
    notes = "; ".join(plan.notes)
    legend = f"{plan.layout.value.capitalize()}, {len(plan.seats)} seat(s)" + (
        f" — {notes}" if notes else ""
    )
    draw_fitted(
        canvas, legend, fonts, x=margin, top=top - 2 * mm, width=width - 2 * margin - 60 * mm,
        max_height=8 * mm, size=9, min_size=7, alignment=TA_LEFT, color=_GREY,
    )  # fmt: skip
    _host_key(canvas, fonts, width - margin - 55 * mm, top - 2 * mm)
    area_top = top - 14 * mm
    area_bottom = margin + 14 * mm
    if not plan.seats:
        draw_fitted(
            canvas, "No seats in this plan.", fonts, x=margin, top=area_top,
            width=width - 2 * margin, max_height=10 * mm, size=12,
        )  # fmt: skip
        return
    xs = [s.x for s in plan.seats]
    ys = [s.y for s in plan.seats]
    # One unit of room around the outer seats for labels and tables.
    min_x, max_x = min(xs) - 1.0, max(xs) + 1.0
    min_y, max_y = min(ys) - 1.1, max(ys) + 0.9
    scale = min(
        (width - 2 * margin) / (max_x - min_x),
        (area_top - area_bottom) / (max_y - min_y),
        42 * mm,
    )
    origin_x = width / 2 - (min_x + max_x) / 2 * scale
    origin_y = (area_top + area_bottom) / 2 - (min_y + max_y) / 2 * scale

    def at(x: float, y: float) -> tuple[float, float]:
        return origin_x + x * scale, origin_y + y * scale

    _tables(canvas, plan, at)
    for seat in plan.seats:
        _seat(canvas, seat, fonts, at, scale)
    # The front of the room.
    canvas.saveState()
    canvas.setStrokeColor(_GREY)
    canvas.setDash(4, 3)
    canvas.line(margin, margin + 9 * mm, width - margin, margin + 9 * mm)
    canvas.restoreState()
    front = "STAGE" if plan.layout is Layout.THEATRE else "FRONT — audience, press and cameras"
    draw_fitted(
        canvas, front, fonts, x=margin, top=margin + 7.5 * mm, width=width - 2 * margin,
        max_height=6 * mm, size=9, min_size=7, color=_GREY, bold=True,
    )  # fmt: skip


def _host_key(canvas: Canvas, fonts: FontSet, x: float, top: float) -> None:
    canvas.saveState()
    canvas.setFillColor(_HOST_FILL)
    canvas.setStrokeColor(_HOST_EDGE)
    canvas.rect(x, top - 4 * mm, 6 * mm, 4 * mm, stroke=1, fill=1)
    canvas.restoreState()
    draw_fitted(
        canvas, "host side", fonts, x=x + 8 * mm, top=top, width=45 * mm, max_height=6 * mm,
        size=9, alignment=TA_LEFT,
    )  # fmt: skip


def _tables(canvas: Canvas, plan: SeatingPlan, at: _At) -> None:
    if plan.layout is Layout.THEATRE:
        return
    rows: dict[tuple[Facing, float], list[Seat]] = defaultdict(list)
    for seat in plan.seats:
        line = seat.y if seat.facing in (Facing.FRONT, Facing.BACK) else seat.x
        rows[(seat.facing, line)].append(seat)
    if plan.layout is Layout.BILATERAL:
        # One table between the two principal rows; interpreters sit behind, not at it.
        principal = [s for s in plan.seats if abs(s.y) == 1.0]
        xs = [s.x for s in principal] or [0.0]
        _rect(canvas, at, min(xs) - 0.5, -0.55, max(xs) + 0.5, 0.55)
        return
    for (facing, line), seats in rows.items():
        dx, dy = _DIRECTION[facing]
        if facing in (Facing.FRONT, Facing.BACK):
            xs = [s.x for s in seats]
            near = line + dy * 0.45
            far = line + dy * 0.85
            _rect(canvas, at, min(xs) - 0.5, min(near, far), max(xs) + 0.5, max(near, far))
        else:
            ys = [s.y for s in seats]
            near = line + dx * 0.45
            far = line + dx * 0.85
            _rect(canvas, at, min(near, far), min(ys) - 0.5, max(near, far), max(ys) + 0.5)


def _rect(canvas: Canvas, at: _At, x0: float, y0: float, x1: float, y1: float) -> None:
    left, bottom = at(x0, y0)
    right, top = at(x1, y1)
    canvas.saveState()
    canvas.setFillColor(_TABLE)
    canvas.setStrokeColor(HexColor("#9C8A66"))
    canvas.roundRect(left, bottom, right - left, top - bottom, 2, stroke=1, fill=1)
    canvas.restoreState()


def _seat(canvas: Canvas, seat: Seat, fonts: FontSet, at: _At, scale: float) -> None:
    cx, cy = at(seat.x, seat.y)
    radius = min(scale * 0.2, 5 * mm)
    fill: Color = _HOST_FILL if seat.host_side else white
    canvas.saveState()
    canvas.setFillColor(fill)
    canvas.setStrokeColor(_HOST_EDGE if seat.host_side else black)
    canvas.setLineWidth(1.2 if seat.host_side else 0.6)
    canvas.circle(cx, cy, radius, stroke=1, fill=1)
    canvas.restoreState()
    draw_fitted(
        canvas, str(seat.number), fonts, x=cx - radius, top=cy + radius * 0.55,
        width=2 * radius, max_height=radius * 1.4, size=radius * 0.9, min_size=5, bold=True,
    )  # fmt: skip
    # Label behind the seat, away from the table: fitted first, then placed against it.
    dx, dy = _DIRECTION[seat.facing]
    across = seat.facing in (Facing.FRONT, Facing.BACK)
    box_w = scale * (0.98 if across else 1.9)
    box_h = scale * 0.5
    lines = [seat.label, seat.party_code] if seat.party_code else [seat.label]
    fitted = [
        fitted_paragraph(
            text,
            fonts,
            width=box_w,
            max_height=box_h * (0.66 if index == 0 else 0.34),
            size=min(11.0, scale * 0.16) if index == 0 else min(9.0, scale * 0.13),
            min_size=4.5,
            bold=index == 1,
            alignment=TA_CENTER,
            color=black if index == 0 else _HOST_EDGE,
            record=f"seat {seat.number}",
        )
        for index, text in enumerate(lines)
    ]
    total = sum(h for _, h in fitted)
    if dy < 0:  # facing the front: label above the seat
        left, top = cx - box_w / 2, cy + radius + 2 + total
    elif dy > 0:
        left, top = cx - box_w / 2, cy - radius - 2
    else:  # an arm of a U: label on the outer side
        left = cx - box_w - radius - 2 if dx > 0 else cx + radius + 2
        top = cy + total / 2
    for para, para_h in fitted:
        para.drawOn(canvas, left, top - para_h)
        top -= para_h
