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
from reportlab.platypus import Flowable

from app.protocol.seating import Facing, Layout, Seat, SeatingPlan
from app.reports.protocol.common import Rendered, draw_fitted, fitted_paragraph, font_set
from app.reports.text import FontSet

type _At = Callable[[float, float], tuple[float, float]]

_HOST_FILL = HexColor("#E3ECF7")
_HOST_EDGE = HexColor("#1F4E9A")
_TABLE = HexColor("#D9CBB0")
_GREY = HexColor("#555555")
_FRONT = "FRONT — audience, press and cameras"
_STAGE = "STAGE"
_HOST_KEY = "host side"
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
        texts += [heading.title, heading.subtitle, *plan_texts(plan)]
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
    host_key(canvas, fonts, width - margin - 55 * mm, top - 2 * mm)
    draw_diagram(
        canvas, plan, fonts, x=margin, y=margin, width=width - 2 * margin,
        height=top - 14 * mm - margin,
    )  # fmt: skip


def plan_texts(plan: SeatingPlan) -> list[str]:
    """Every string a diagram of ``plan`` prints, for font preparation."""
    texts = [*plan.notes, plan.layout.value.capitalize(), _FRONT, _STAGE, _HOST_KEY]
    return texts + [t for s in plan.seats for t in (s.label, s.native, s.party_code) if t]


def draw_diagram(
    canvas: Canvas,
    plan: SeatingPlan,
    fonts: FontSet,
    *,
    x: float,
    y: float,
    width: float,
    height: float,
) -> None:
    """Draw the seats, tables and the front of the room into the box whose lower-left
    corner is (x, y); the scale follows the box, so a page and a pack frame share it."""
    area_top = y + height
    area_bottom = y + 14 * mm
    if not plan.seats:
        draw_fitted(
            canvas, "No seats in this plan.", fonts, x=x, top=area_top,
            width=width, max_height=10 * mm, size=12,
        )  # fmt: skip
        return
    xs = [s.x for s in plan.seats]
    ys = [s.y for s in plan.seats]
    # One unit of room around the outer seats for labels and tables; the arms of a U
    # carry their labels outside, about two units wide.
    sideways = any(s.facing in (Facing.LEFT, Facing.RIGHT) for s in plan.seats)
    side_room = 2.4 if sideways else 1.0
    min_x, max_x = min(xs) - side_room, max(xs) + side_room
    min_y, max_y = min(ys) - 1.1, max(ys) + 0.9
    scale = min(
        width / (max_x - min_x),
        (area_top - area_bottom) / (max_y - min_y),
        42 * mm,
    )
    origin_x = x + width / 2 - (min_x + max_x) / 2 * scale
    origin_y = (area_top + area_bottom) / 2 - (min_y + max_y) / 2 * scale

    def at(px: float, py: float) -> tuple[float, float]:
        return origin_x + px * scale, origin_y + py * scale

    _tables(canvas, plan, at)
    for seat in plan.seats:
        _seat(canvas, seat, fonts, at, scale)
    # The front of the room.
    canvas.saveState()
    canvas.setStrokeColor(_GREY)
    canvas.setDash(4, 3)
    canvas.line(x, y + 9 * mm, x + width, y + 9 * mm)
    canvas.restoreState()
    front = _STAGE if plan.layout is Layout.THEATRE else _FRONT
    draw_fitted(
        canvas, front, fonts, x=x, top=y + 7.5 * mm, width=width,
        max_height=6 * mm, size=9, min_size=7, color=_GREY, bold=True,
    )  # fmt: skip


class SeatingDiagram(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A plan as a platypus flowable (the briefing pack): the full frame width, as tall
    as the plan's proportions need, never more than the room left on the page."""

    def __init__(self, plan: SeatingPlan, fonts: FontSet, *, max_height: float) -> None:
        super().__init__()
        self.plan = plan
        self.fonts = fonts
        self.max_height = max_height
        self._size = (0.0, 0.0)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        ys = [s.y for s in self.plan.seats] or [0.0]
        xs = [s.x for s in self.plan.seats] or [0.0]
        units_high = max(ys) - min(ys) + 2.0
        units_wide = max(xs) - min(xs) + 2.0
        natural = available_width * units_high / units_wide + 20 * mm
        height = max(60 * mm, min(natural, self.max_height, available_height))
        self._size = (available_width, height)
        return self._size

    def draw(self) -> None:
        width, height = self._size
        host_key(self.canv, self.fonts, width - 30 * mm, height)
        key_room = 7 * mm
        draw_diagram(
            self.canv, self.plan, self.fonts, x=0, y=0, width=width, height=height - key_room
        )


def host_key(canvas: Canvas, fonts: FontSet, x: float, top: float) -> None:
    """The legend swatch: what the shaded seats mean."""
    canvas.saveState()
    canvas.setFillColor(_HOST_FILL)
    canvas.setStrokeColor(_HOST_EDGE)
    canvas.rect(x, top - 4 * mm, 6 * mm, 4 * mm, stroke=1, fill=1)
    canvas.restoreState()
    draw_fitted(
        canvas, _HOST_KEY, fonts, x=x + 8 * mm, top=top, width=45 * mm, max_height=6 * mm,
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
    # (text, share of the label box, largest size, bold, colour): the Latin name, the
    # name in its own script under it where recorded, then the party code.
    lines: list[tuple[str, float, float, bool, Color]] = [
        (seat.label, 0.66, min(11.0, scale * 0.16), False, black)
    ]
    if seat.native:
        lines.append((seat.native, 0.5, min(10.5, scale * 0.15), False, black))
    if seat.party_code:
        lines.append((seat.party_code, 0.34, min(9.0, scale * 0.13), True, _HOST_EDGE))
    box_h = scale * 0.5
    fitted = [
        fitted_paragraph(
            text,
            fonts,
            width=box_w,
            max_height=box_h * share,
            size=size,
            min_size=4.5,
            bold=bold,
            alignment=TA_CENTER,
            color=colour,
            record=f"seat {seat.number}",
        )
        for text, share, size, bold, colour in lines
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
