"""The pack's light grid draws and splits as the platypus Table it replaces."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from app.reports.briefing.layout import RuledGrid
from app.reports.briefing.sections import GRID_LOOK
from app.reports.briefing.styles import BAND, RULE

CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=12)
WIDTHS = [90.0, 200.0, 160.0]


def _cells(count: int, *, varied: bool = True) -> tuple[list[Paragraph], list[list[Paragraph]]]:
    header = [Paragraph(text, CELL) for text in ("Role", "Name", "Position")]
    rows = [
        [
            Paragraph(f"Member {i}", CELL),
            Paragraph(f"Person number {i} " + "with a long name " * (i % 3 if varied else 0), CELL),
            Paragraph("Adviser", CELL),
        ]
        for i in range(count)
    ]
    return header, rows


def _table(count: int) -> Table:
    header, rows = _cells(count)
    table = Table([header, *rows], colWidths=WIDTHS, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("BACKGROUND", (0, 0), (-1, 0), BAND),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
            ]
        )
    )
    return table


def _grid(count: int, *, varied: bool = True) -> RuledGrid:
    header, rows = _cells(count, varied=varied)
    return RuledGrid(header, rows, WIDTHS, GRID_LOOK)


def _render(flowable: Flowable, folder: Path, name: str) -> list[Image.Image]:
    pdf = folder / f"{name}.pdf"
    SimpleDocTemplate(str(pdf), pagesize=A4).build([flowable])
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(pdf), str(folder / name)], check=True)
    return [Image.open(page).convert("RGB") for page in sorted(folder.glob(f"{name}-*.png"))]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_a_long_grid_renders_page_for_page_like_the_table(tmp_path: Path) -> None:
    table_pages = _render(_table(90), tmp_path, "table")
    grid_pages = _render(_grid(90), tmp_path, "grid")
    assert len(table_pages) >= 3  # it splits, and the header repeats
    assert len(grid_pages) == len(table_pages)
    for table_page, grid_page in zip(table_pages, grid_pages, strict=True):
        # Identical but for anti-aliasing at the very end of a rule on continued pages.
        difference = ImageChops.difference(table_page, grid_page).convert("L")
        histogram = difference.histogram()  # pixel counts by difference 0..255
        assert sum(histogram[1:]) <= 4
        assert sum(histogram[41:]) == 0


def test_split_keeps_the_rows_that_fit_and_repeats_the_header() -> None:
    grid = _grid(10, varied=False)
    _width, height = grid.wrap(450, 10_000)
    row = grid._heights[1]
    first, rest = grid.split(450, grid._heights[0] + 3.5 * row)
    assert len(first.rows) == 3
    assert len(rest.rows) == 7
    assert rest.header == grid.header
    assert grid.split(450, height) == [grid]


def test_a_grid_that_cannot_keep_a_row_under_its_header_does_not_split() -> None:
    grid = _grid(5)
    grid.wrap(450, 10_000)
    assert grid.split(450, grid._heights[0] + grid._heights[1] / 2) == []
