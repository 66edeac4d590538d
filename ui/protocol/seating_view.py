"""A seating plan drawn as seen from above, front at the bottom, seats that swap by
drag and drop.

Dropping a seat onto another asks for the two occupants to be exchanged
(:attr:`SeatingScene.swap_requested`); the tab keeps the change through the core's
``swap_seats`` and ``save_plan`` and redraws. A seat dropped anywhere else goes back.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Mapping

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPainter,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsObject,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsTextItem,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from app.protocol.seating import Facing, Layout, Seat, SeatingPlan

# One plan unit (one seat) in pixels, across and in depth.
UNIT_X = 150.0
UNIT_Y = 125.0
RADIUS = 17.0
LABEL_WIDTH = 138.0
HOST_FILL = QColor("#f6d28b")
GUEST_FILL = QColor("#cfe0f5")
NEUTRAL_FILL = QColor("#e4e4e4")
TABLE_FILL = QColor("#d9c7a7")
TABLE_EDGE = QColor("#8c7350")
DROP_EDGE = QColor("#d0342c")


def scene_point(x: float, y: float) -> QPointF:
    # The plan's y grows away from the front; the scene's y grows downwards.
    return QPointF(x * UNIT_X, -y * UNIT_Y)


class SeatItem(QGraphicsObject):
    """A numbered seat with its occupant's name; dragged onto another seat, it swaps."""

    def __init__(self, seat: Seat, native: str | None) -> None:
        super().__init__()
        self.seat = seat
        self.home = scene_point(seat.x, seat.y)
        self.highlighted = False
        self.setPos(self.home)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setZValue(2)
        self.setToolTip(self._tooltip(native))
        self.label = QGraphicsTextItem(self)
        self.label.setTextWidth(LABEL_WIDTH)
        self.label.setHtml(self._label_html(native))
        self._place_label()

    @property
    def number(self) -> int:
        return self.seat.number

    def _label_html(self, native: str | None) -> str:
        seat = self.seat
        lines = []
        if seat.person_id is None and not seat.label:
            lines.append("<i style='color:#777'>(empty)</i>")
        else:
            lines.append(f"<b>{html.escape(seat.label)}</b>")
        if native:
            lines.append(html.escape(native))
        details = " · ".join(p for p in (seat.party_code, seat.role) if p)
        if details:
            lines.append(f"<span style='color:#555'>{html.escape(details)}</span>")
        return f"<div align='center'>{'<br>'.join(lines)}</div>"

    def _tooltip(self, native: str | None) -> str:
        seat = self.seat
        parts = [f"Seat {seat.number}", seat.label or "(empty)"]
        if native:
            parts.append(native)
        if seat.party_code:
            parts.append(seat.party_code)
        if seat.host_side:
            parts.append("host side")
        return " — ".join(parts)

    def _place_label(self) -> None:
        # The name goes on the side away from the table the seat faces.
        box = self.label.boundingRect()
        facing = self.seat.facing
        if facing is Facing.FRONT:
            self.label.setPos(-box.width() / 2, -RADIUS - 2 - box.height())
        elif facing is Facing.BACK:
            self.label.setPos(-box.width() / 2, RADIUS + 2)
        elif facing is Facing.LEFT:
            self.label.setPos(RADIUS + 4, -box.height() / 2)
        else:
            self.label.setPos(-RADIUS - 4 - box.width(), -box.height() / 2)

    def boundingRect(self) -> QRectF:
        return QRectF(-RADIUS - 2, -RADIUS - 2, 2 * RADIUS + 4, 2 * RADIUS + 4)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        seat = self.seat
        fill = HOST_FILL if seat.host_side else GUEST_FILL if seat.party_code else NEUTRAL_FILL
        edge = DROP_EDGE if self.highlighted else QColor("#333333")
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(edge, 2.5 if self.highlighted else 1.2))
        painter.setBrush(QBrush(fill))
        painter.drawEllipse(QPointF(0, 0), RADIUS, RADIUS)
        font = QFont(painter.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#111111"))
        painter.drawText(
            QRectF(-RADIUS, -RADIUS, 2 * RADIUS, 2 * RADIUS),
            Qt.AlignmentFlag.AlignCenter,
            str(seat.number),
        )

    def set_highlighted(self, on: bool) -> None:
        if on != self.highlighted:
            self.highlighted = on
            self.update()

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.setZValue(10)
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseMoveEvent(event)
        scene = self.scene()
        if isinstance(scene, SeatingScene):
            scene.hover_target(self)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        self.setZValue(2)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        scene = self.scene()
        if isinstance(scene, SeatingScene):
            scene.dropped(self)


class SeatingScene(QGraphicsScene):
    swap_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.seats: dict[int, SeatItem] = {}
        self.plan: SeatingPlan | None = None

    def show_plan(self, plan: SeatingPlan, natives: Mapping[uuid.UUID, str]) -> None:
        self.clear()
        self.seats = {}
        self.plan = plan
        for rect in table_rects(plan):
            table = self.addRect(rect, QPen(TABLE_EDGE, 1.5), QBrush(TABLE_FILL))
            table.setZValue(0)
        for seat in plan.seats:
            item = SeatItem(seat, natives.get(seat.person_id) if seat.person_id else None)
            self.addItem(item)
            self.seats[seat.number] = item
        self._add_front(plan)
        self._add_legend(plan)
        self.setSceneRect(self.itemsBoundingRect().adjusted(-20, -20, 20, 20))

    def show_message(self, text: str) -> None:
        self.clear()
        self.seats = {}
        self.plan = None
        message = self.addText(text)
        message.setTextWidth(420)
        self.setSceneRect(self.itemsBoundingRect().adjusted(-20, -20, 20, 20))

    def _add_front(self, plan: SeatingPlan) -> None:
        if not plan.seats:
            return
        xs = [s.x for s in plan.seats]
        lowest = min(s.y for s in plan.seats)
        left = scene_point(min(xs) - 0.6, 0).x()
        right = scene_point(max(xs) + 0.6, 0).x()
        top = scene_point(0, lowest - 0.9).y()
        text = "FRONT — stage" if plan.layout is Layout.THEATRE else "FRONT — audience and cameras"
        label = self.addText(text)
        label.setDefaultTextColor(QColor("#444444"))
        box = label.boundingRect()
        middle = (left + right) / 2
        half = max(right - left, box.width() + 40) / 2
        band = self.addRect(
            QRectF(middle - half, top, 2 * half, 24),
            QPen(Qt.PenStyle.NoPen),
            QBrush(QColor("#efefef")),
        )
        band.setZValue(-1)
        label.setPos(middle - box.width() / 2, top + 12 - box.height() / 2)

    def _add_legend(self, plan: SeatingPlan) -> None:
        top = self.itemsBoundingRect().top() - 34
        left = self.itemsBoundingRect().left()
        x = left
        for fill, text in (
            (HOST_FILL, "host side"),
            (GUEST_FILL, "guests"),
            (NEUTRAL_FILL, "chair / no party"),
        ):
            self.addEllipse(QRectF(x, top + 4, 14, 14), QPen(QColor("#333333")), QBrush(fill))
            label = self.addText(text)
            label.setPos(x + 16, top)
            x += 22 + label.boundingRect().width() + 12
        if plan.notes:
            notes = self.addText("; ".join(plan.notes))
            notes.setDefaultTextColor(QColor("#555555"))
            notes.setPos(x + 8, top)

    # ----- drag and drop
    def target_for(self, item: SeatItem) -> SeatItem | None:
        """The seat whose circle lies under the dragged seat's centre."""
        centre = item.scenePos()
        for other in self.seats.values():
            if other is item:
                continue
            if (other.scenePos() - centre).manhattanLength() <= 2 * RADIUS:
                return other
        return None

    def hover_target(self, item: SeatItem) -> None:
        target = self.target_for(item)
        for other in self.seats.values():
            other.set_highlighted(other is target)

    def dropped(self, item: SeatItem) -> None:
        target = self.target_for(item)
        for other in self.seats.values():
            other.set_highlighted(False)
        item.setPos(item.home)
        if target is not None:
            self.swap_requested.emit(item.number, target.number)


def table_rects(plan: SeatingPlan) -> list[QRectF]:
    """Where the tables stand: in front of the seats facing the front, behind those
    facing the back, beside the arms of a U; one shared table for a bilateral; none in
    a theatre."""
    if plan.layout is Layout.THEATRE or not plan.seats:
        return []
    rects: list[QRectF] = []

    def rect(x0: float, y0: float, x1: float, y1: float) -> QRectF:
        a, b = scene_point(x0, y0), scene_point(x1, y1)
        return QRectF(a, b).normalized()

    front = [s for s in plan.seats if s.facing is Facing.FRONT]
    back = [s for s in plan.seats if s.facing is Facing.BACK]
    if plan.layout is Layout.BILATERAL and front and back:
        principals = [s for s in front if s.y == min(f.y for f in front)] + [
            s for s in back if s.y == max(b.y for b in back)
        ]
        xs = [s.x for s in principals]
        return [rect(min(xs) - 0.45, -0.4, max(xs) + 0.45, 0.4)]
    front_top: float | None = None
    if front:
        row_y = min(s.y for s in front)
        xs = [s.x for s in front if s.y == row_y]
        rects.append(rect(min(xs) - 0.45, row_y - 0.3, max(xs) + 0.45, row_y - 0.7))
        front_top = row_y - 0.3
    if back:
        row_y = max(s.y for s in back)
        xs = [s.x for s in back if s.y == row_y]
        rects.append(rect(min(xs) - 0.45, row_y + 0.3, max(xs) + 0.45, row_y + 0.7))
    for facing, inward in ((Facing.RIGHT, 1.0), (Facing.LEFT, -1.0)):
        arm = [s for s in plan.seats if s.facing is facing]
        if not arm:
            continue
        x = arm[0].x
        ys = [s.y for s in arm]
        top = front_top if front_top is not None else max(ys) + 0.45
        rects.append(rect(x + 0.3 * inward, min(ys) - 0.45, x + 0.7 * inward, top))
    return rects


class SeatingView(QGraphicsView):
    """Shows the whole plan, scaled down to fit (never up, so names stay crisp)."""

    def __init__(self, scene: SeatingScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setObjectName("seating_view")
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setBackgroundBrush(QBrush(QColor("#ffffff")))
        scene.sceneRectChanged.connect(lambda _rect: self.fit())

    def fit(self) -> None:
        self.resetTransform()
        rect = self.sceneRect()
        viewport = self.viewport().rect()
        if rect.width() > viewport.width() or rect.height() > viewport.height():
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()
