"""The page furniture of a pack: running header and footer, outline, contents, page totals.

The whole pack is laid out in one pass. Numbers that are only known at the end
(the total in "Page N of M", the page of each contents entry) are drawn through
form XObjects that every page references by name and that are filled in just
before the file is saved. The usual "NumberedCanvas" recipe instead replays the
pages at the end, which sends every outline and contents link to page 1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from app.reports.briefing.options import BriefingCancelled, CancelToken, ProgressCallback
from app.reports.briefing.styles import (
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    RULE,
)
from app.reports.briefing.text import SourceParagraph

PAGE_LABEL_WIDTH = 90.0  # points reserved for "Page 1234 of 1234" in the footer


class Heading(SourceParagraph):
    """A section heading that is also a bookmark, an outline entry and a contents line."""

    key: str = ""
    level: int = 0
    in_contents: bool = True

    def draw(self) -> None:
        super().draw()
        # The destination is the top of the heading, so a link lands on it exactly.
        self.canv.bookmarkHorizontal(self.key, 0, self.height + 6)
        # Headings inside tables never reach afterFlowable; the canvas sees them all.
        drawn = getattr(self.canv, "heading_drawn", None)
        if drawn is not None and self.key:
            drawn(self)


@dataclass(frozen=True)
class Furniture:
    """What every page shows besides its content (paragraphs already fitted to one line)."""

    marking: Paragraph | None  # classification, centred at the top and bottom of every page
    header_left: Paragraph | None  # event title
    header_right: Paragraph | None  # "Briefing pack"
    footer_left: Paragraph | None  # who the pack is for
    font: str  # reportlab name of the regular Latin font, for page numbers


class PageNumber(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A contents entry's page number: a reference to a form filled in at the end."""

    def __init__(self, key: str, width: float, height: float) -> None:
        super().__init__()
        self.key = key
        self.width = width
        self.height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.doForm(_toc_form(self.key))


def _toc_form(key: str) -> str:
    return f"toc_{key}"


_BODY_FURNITURE_FORM = "furniture_body"


def _page_form(page: int) -> str:
    return f"pageof_{page}"


class _Canvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
    """Calls ``before_save`` so late forms exist when the file is written."""

    before_save: Callable[[Canvas], None] | None = None
    heading_drawn: Callable[[Heading], None] | None = None

    def save(self) -> None:
        if self.before_save is not None:
            self.before_save(self)
        super().save()


class PackDocument(BaseDocTemplate):  # type: ignore[misc]  # reportlab is untyped
    def __init__(
        self,
        filename: str,
        *,
        pagesize: tuple[float, float],
        furniture: Furniture,
        number_size: float,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
        **metadata: Any,
    ) -> None:
        super().__init__(
            filename,
            pagesize=pagesize,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            **metadata,
        )
        self.furniture = furniture
        # Otherwise every page starts with an unembedded Helvetica in its resources.
        self.initialFontName = furniture.font
        self.number_size = number_size
        self.progress = progress
        self.cancel = cancel
        self.heading_pages: dict[str, int] = {}
        self._body_form_made = False
        self.toc_keys: set[str] = set()
        self.expected_flowables = 1
        self._done_flowables = 0
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [frame], onPage=self._cover_page),
                PageTemplate("body", [frame], onPage=self._body_page),
            ]
        )

    # -- build ----------------------------------------------------------------------
    def build_pack(self, story: list[Flowable]) -> int:
        """Lay out ``story``; return the number of pages."""
        self.expected_flowables = max(1, len(story))

        def make_canvas(*args: Any, **kwargs: Any) -> _Canvas:
            canvas = _Canvas(*args, **kwargs)
            canvas.before_save = self._fill_forms
            canvas.heading_drawn = self._heading_drawn
            return canvas

        self.build(story, canvasmaker=make_canvas)
        return int(self.page)

    def afterFlowable(self, flowable: Flowable) -> None:
        if self.cancel is not None and self.cancel.cancelled:
            raise BriefingCancelled()
        self._done_flowables += 1
        if self.progress is not None and self._done_flowables % 25 == 0:
            fraction = min(self._done_flowables / self.expected_flowables, 1.0)
            self.progress(0.2 + 0.75 * fraction, "Laying out pages")

    def _heading_drawn(self, heading: Heading) -> None:
        self.heading_pages[heading.key] = self.canv.getPageNumber()
        if heading.in_contents:
            title = heading.source_text or heading.key
            self.canv.addOutlineEntry(title, heading.key, heading.level, closed=heading.level > 0)

    def _fill_forms(self, canvas: Canvas) -> None:
        total = int(self.page)
        font, size = self.furniture.font, self.number_size
        for page in range(1, total + 1):
            canvas.beginForm(_page_form(page), 0, 0, PAGE_LABEL_WIDTH, size * 1.5)
            canvas.setFont(font, size)
            canvas.setFillColor(MUTED)
            canvas.drawRightString(PAGE_LABEL_WIDTH, size * 0.3, f"Page {page} of {total}")
            canvas.endForm()
        for key, page in self.heading_pages.items():
            canvas.beginForm(_toc_form(key), 0, 0, TOC_NUMBER_WIDTH, TOC_NUMBER_HEIGHT)
            canvas.setFont(font, 9.5)
            canvas.drawRightString(TOC_NUMBER_WIDTH, 3, str(page))
            canvas.endForm()
        for key in self.toc_keys - self.heading_pages.keys():
            canvas.beginForm(_toc_form(key), 0, 0, TOC_NUMBER_WIDTH, TOC_NUMBER_HEIGHT)
            canvas.endForm()

    # -- page furniture -------------------------------------------------------------
    def _page_number(self, canvas: Canvas, baseline: float) -> None:
        canvas.saveState()
        canvas.translate(
            self.pagesize[0] - MARGIN_X - PAGE_LABEL_WIDTH, baseline - self.number_size * 0.3
        )
        canvas.doForm(_page_form(canvas.getPageNumber()))
        canvas.restoreState()

    def _markings(self, canvas: Canvas) -> None:
        if self.furniture.marking is None:
            return
        width, height = self.pagesize
        inner = width - 2 * MARGIN_X
        _draw_line(canvas, self.furniture.marking, MARGIN_X, height - 10 * mm, inner)
        _draw_line(canvas, self.furniture.marking, MARGIN_X, 6 * mm, inner)

    def _cover_page(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        self._markings(canvas)
        self._page_number(canvas, 12 * mm)
        canvas.restoreState()

    def _body_page(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        # Identical on every body page: drawn once into a form that each page references.
        if not self._body_form_made:
            canvas.beginForm(_BODY_FURNITURE_FORM)
            self._body_furniture(canvas)
            canvas.endForm()
            self._body_form_made = True
        canvas.doForm(_BODY_FURNITURE_FORM)
        self._page_number(canvas, 12 * mm)
        canvas.restoreState()

    def _body_furniture(self, canvas: Canvas) -> None:
        width, height = self.pagesize
        inner = width - 2 * MARGIN_X
        self._markings(canvas)
        furniture = self.furniture
        header = height - 16 * mm
        if furniture.header_left is not None:
            _draw_line(canvas, furniture.header_left, MARGIN_X, header, inner - 45 * mm)
        if furniture.header_right is not None:
            _draw_line(canvas, furniture.header_right, MARGIN_X, header, inner)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, header - 2.5 * mm, width - MARGIN_X, header - 2.5 * mm)
        footer = 12 * mm
        canvas.line(MARGIN_X, footer + 4 * mm, width - MARGIN_X, footer + 4 * mm)
        if furniture.footer_left is not None:
            _draw_line(
                canvas, furniture.footer_left, MARGIN_X, footer, inner - PAGE_LABEL_WIDTH - 8
            )


HEADER_LEFT_ROOM = 45 * mm  # the header's right side keeps this much for its label
TOC_NUMBER_WIDTH = 30.0
TOC_NUMBER_HEIGHT = 13.0


def _draw_line(
    canvas: Canvas, paragraph: Paragraph, x: float, baseline: float, width: float
) -> None:
    """Draw a one-line paragraph with its first baseline at ``baseline``."""
    _w, height = paragraph.wrap(width, 100)
    paragraph.drawOn(canvas, x, baseline - height + paragraph.style.leading * 0.78)
