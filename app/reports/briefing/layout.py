"""Light flowables for layouts the pack repeats hundreds of times.

A platypus Table costs about a millisecond to build, measure and draw even for
two columns of paragraphs; a profile per person made the tables the largest cost
of a big pack. These flowables place the same paragraphs at the same positions
with the same rules, without the general machinery (no splitting: they sit in
blocks that are kept together anyway).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

_UNLIMITED = 1e9  # a cell is measured as if it could grow without limit
_TABLE_ROOM = 72000  # the height a Table offers its cells while measuring them


def _pen(canvas: Canvas, width: float, colour: Color) -> None:
    """The pen of a Table's LINEBELOW rules: round caps and joins."""
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(width)
    canvas.setLineCap(1)
    canvas.setLineJoin(1)


class FactRows(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Label/value rows, each value beside its label, a hairline between rows.

    Draws exactly what a two-column Table with top-aligned cells, no left padding
    and ``right_padding`` on the right, ``top_padding`` (``label_top_padding`` for
    the label) and ``bottom_padding``, and a LINEBELOW between rows would draw.
    """

    def __init__(
        self,
        rows: Sequence[tuple[Flowable, Flowable]],
        widths: tuple[float, float],
        *,
        right_padding: float,
        top_padding: float,
        label_top_padding: float,
        bottom_padding: float,
        rule_width: float,
        rule_colour: Color,
    ) -> None:
        super().__init__()
        self.rows = list(rows)
        self.widths = widths
        self.right_padding = right_padding
        self.top_padding = top_padding
        self.label_top_padding = label_top_padding
        self.bottom_padding = bottom_padding
        self.rule_width = rule_width
        self.rule_colour = rule_colour
        self.hAlign = "LEFT"
        self._measured: list[tuple[float, float, float]] = []  # label h, value h, row h

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        label_width, value_width = self.widths
        measured = []
        for label, value in self.rows:
            _w, label_height = label.wrap(label_width - self.right_padding, _UNLIMITED)
            _w, value_height = value.wrap(value_width - self.right_padding, _UNLIMITED)
            row_height = max(
                label_height + self.label_top_padding + self.bottom_padding,
                value_height + self.top_padding + self.bottom_padding,
            )
            measured.append((label_height, value_height, row_height))
        self._measured = measured
        self.width = label_width + value_width
        self.height = sum(row for _l, _v, row in measured)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        top = self.height
        rules: list[float] = []
        label_width = self.widths[0] - self.right_padding
        for (label, value), (label_height, value_height, row_height) in zip(
            self.rows, self._measured, strict=True
        ):
            # Labels are shared between blocks: lay this one out at our width again
            # (free when it already is) in case another block measured it since.
            label.wrapOn(canvas, label_width, _UNLIMITED)
            label.drawOn(canvas, 0, top - self.label_top_padding - label_height)
            value.drawOn(canvas, self.widths[0], top - self.top_padding - value_height)
            top -= row_height
            rules.append(top)
        if len(rules) > 1:
            canvas.saveState()
            _pen(canvas, self.rule_width, self.rule_colour)
            for y in rules[:-1]:
                canvas.line(0, y, self.width, y)
            canvas.restoreState()


class Beside(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A flowable (a photo, a time) with a column of flowables to its right, a rule below.

    Draws what a one-row, two-column Table with top-aligned cells, no left padding,
    ``right_padding``, ``top_padding`` and ``bottom_padding`` and a LINEBELOW would
    draw: the column's items stacked with their space before and after (none above
    the first).
    """

    def __init__(
        self,
        left: Flowable,
        column: Sequence[Flowable],
        widths: tuple[float, float],
        *,
        top_padding: float,
        bottom_padding: float,
        rule_width: float,
        rule_colour: Color,
        right_padding: float = 0,
    ) -> None:
        super().__init__()
        self.left = left
        self.right_padding = right_padding
        self.column = list(column)
        self.widths = widths
        self.top_padding = top_padding
        self.bottom_padding = bottom_padding
        self.rule_width = rule_width
        self.rule_colour = rule_colour
        self.hAlign = "LEFT"
        self._left_height = 0.0
        self._heights: list[float] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        canvas = getattr(self, "canv", None)
        room = _TABLE_ROOM - self.top_padding - self.bottom_padding
        left_width, right_width = (width - self.right_padding for width in self.widths)
        _w, self._left_height = self.left.wrapOn(canvas, left_width, room)
        heights = []
        total = 0.0
        for index, item in enumerate(self.column):
            _w, height = item.wrapOn(canvas, right_width, room)
            heights.append(height)
            total += height + item.getSpaceAfter()
            if index:
                total += item.getSpaceBefore()
        if self.column:
            total -= self.column[-1].getSpaceAfter()
        self._heights = heights
        content = max(self._left_height, total)
        self.width = self.widths[0] + self.widths[1]
        self.height = content + self.top_padding + self.bottom_padding
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        top = self.height - self.top_padding
        self.left.drawOn(canvas, 0, top - self._left_height)
        y = top
        for index, (item, height) in enumerate(zip(self.column, self._heights, strict=True)):
            if index:
                y -= item.getSpaceBefore()
            y -= height
            item.drawOn(canvas, self.widths[0], y)
            y -= item.getSpaceAfter()
        canvas.saveState()
        _pen(canvas, self.rule_width, self.rule_colour)
        canvas.line(0, 0, self.width, 0)
        canvas.restoreState()


@dataclass(frozen=True)
class Jpeg:
    """A JPEG in memory, handed to reportlab as it is (it embeds JPEG data without
    decoding it). Duck-types the one method of ``ImageReader`` that reportlab asks a
    JPEG source for, so no file is written and read back for each photo."""

    data: bytes
    width: int  # pixels
    height: int

    def jpeg_fh(self) -> io.BytesIO:
        return io.BytesIO(self.data)

    def __str__(self) -> str:
        # reportlab names a non-ImageReader image by str(); equal photos share one object
        return f"jpeg-{hashlib.sha1(self.data, usedforsecurity=False).hexdigest()}"


class Photo(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A JPEG scaled to fit a box, keeping its proportions, aligned left."""

    def __init__(self, jpeg: Jpeg, box_width: float, box_height: float) -> None:
        super().__init__()
        self.jpeg = jpeg
        scale = min(box_width / jpeg.width, box_height / jpeg.height)
        self.drawWidth = jpeg.width * scale
        self.drawHeight = jpeg.height * scale
        self.hAlign = "LEFT"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        self.canv.drawImage(self.jpeg, 0, 0, self.drawWidth, self.drawHeight)


@dataclass(frozen=True)
class GridLook:
    """Padding, header band and rules of a :class:`RuledGrid`."""

    padding: tuple[float, float, float, float]  # left, right, top, bottom of every cell
    header_band: Color
    header_rule: tuple[float, Color]  # width, colour of the line under the header
    row_rule: tuple[float, Color]  # under every other row


class RuledGrid(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A header row and rows of flowables: what a platypus Table with ``repeatRows=1``,
    top-aligned cells, a header BACKGROUND and LINEBELOW rules draws, at a fraction of
    its cost (a pack has a table per delegation, hundreds of them).

    Splits between rows as such a Table does: the rows that fit stay, the header
    repeats on the next page, and a grid that cannot keep one row under its header
    does not split at all.
    """

    def __init__(
        self,
        header: Sequence[Flowable],
        rows: Sequence[Sequence[Flowable]],
        widths: Sequence[float],
        look: GridLook,
    ) -> None:
        super().__init__()
        self.header = list(header)
        self.rows = [list(row) for row in rows]
        self.widths = list(widths)
        self.look = look
        self.hAlign = "LEFT"
        self._heights: list[float] = []  # of each row, the header first
        self._cell_heights: list[list[float]] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        left, right, top, bottom = self.look.padding
        canvas = getattr(self, "canv", None)
        self._cell_heights = [
            [
                cell.wrapOn(canvas, width - left - right, _TABLE_ROOM)[1]
                for cell, width in zip(cells, self.widths, strict=True)
            ]
            for cells in (self.header, *self.rows)
        ]
        self._heights = [max(row, default=0.0) + top + bottom for row in self._cell_heights]
        self.width = sum(self.widths)
        self.height = sum(self._heights)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        used = 0.0
        fitting = 0  # rows that fit, the header counted
        for height in self._heights:
            if used + height > availHeight:
                break
            used += height
            fitting += 1
        if fitting <= 1:
            return []
        if fitting == len(self._heights):
            return [self]
        kept = fitting - 1
        return [
            RuledGrid(self.header, self.rows[:kept], self.widths, self.look),
            RuledGrid(self.header, self.rows[kept:], self.widths, self.look),
        ]

    def draw(self) -> None:
        canvas = self.canv
        left, right, top, _bottom = self.look.padding
        canvas.saveState()
        header_height = self._heights[0]
        canvas.setFillColor(self.look.header_band)
        canvas.rect(0, self.height, self.width, -header_height, stroke=0, fill=1)
        row_top = self.height
        rule_heights: list[float] = []
        rows = zip((self.header, *self.rows), self._heights, self._cell_heights, strict=True)
        for cells, row_height, cell_heights in rows:
            x = 0.0
            for cell, width, height in zip(cells, self.widths, cell_heights, strict=True):
                # header cells are shared between grids: ensure this grid's layout of it
                cell.wrapOn(canvas, width - left - right, _TABLE_ROOM)
                cell.drawOn(canvas, x + left, row_top - top - height)
                x += width
            row_top -= row_height
            rule_heights.append(row_top)
        header_rule, *row_rules = rule_heights
        _pen(canvas, *self.look.header_rule)
        canvas.line(0, header_rule, self.width, header_rule)
        _pen(canvas, *self.look.row_rule)
        for y in row_rules:
            canvas.line(0, y, self.width, y)
        canvas.restoreState()
