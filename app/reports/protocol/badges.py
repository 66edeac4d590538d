"""Badges: several per A4 sheet (2×4, 2×5) or one per page for a badge printer.

Each badge carries the name in the list form ('BAIMENOV Alikhan') with the native
script below, the delegation, the photo when there is one, and a band in the colour
of the role category, with the category written out so it reads in greyscale too.

Sheets are imposed edge to edge with crop marks in the margins along every cut line;
``offset_mm`` moves everything on the page to compensate a printer that does not
print where it is told (measure a test sheet, then set the difference).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.model import Delegation, DelegationMember, Event, EventOrganiser
from app.model.enums import DelegationRole
from app.protocol.names import badge_lines, ideograph_language
from app.protocol.precedence import ordered_delegations
from app.reports.protocol.common import (
    Rendered,
    crop_marks,
    draw_fitted,
    fitted_paragraph,
    font_set,
    photo_reader,
)
from app.reports.text import FontSet
from app.services import records


class BadgeCategory(StrEnum):
    HEAD = "Head of delegation"
    DELEGATE = "Delegate"
    STAFF = "Staff"
    PRESS = "Press"
    ORGANISER = "Organiser"


# Dark enough for white text on the band; distinct in hue and in grey level.
CATEGORY_COLOURS: dict[BadgeCategory, Color] = {
    BadgeCategory.HEAD: HexColor("#9E1B32"),
    BadgeCategory.DELEGATE: HexColor("#1F4E9A"),
    BadgeCategory.STAFF: HexColor("#2E7D32"),
    BadgeCategory.PRESS: HexColor("#C25E00"),
    BadgeCategory.ORGANISER: HexColor("#4A2C7A"),
}

_ROLE_CATEGORY: dict[str, BadgeCategory] = {
    DelegationRole.HEAD.value: BadgeCategory.HEAD,
    DelegationRole.DEPUTY.value: BadgeCategory.DELEGATE,
    DelegationRole.MEMBER.value: BadgeCategory.DELEGATE,
    DelegationRole.ADVISER.value: BadgeCategory.DELEGATE,
    DelegationRole.INTERPRETER.value: BadgeCategory.STAFF,
    DelegationRole.SECURITY.value: BadgeCategory.STAFF,
    DelegationRole.PRESS.value: BadgeCategory.PRESS,
}


def badge_category(
    member: DelegationMember, delegation: Delegation, organiser_ids: set[uuid.UUID]
) -> BadgeCategory:
    """The category printed on a member's badge.

    Everyone in a delegation of one of the event's organisers is an organiser (they
    work the event rather than attend it); otherwise the role decides, the recorded
    head of delegation counting as head whatever their role says.
    """
    if delegation.organisation_id is not None and delegation.organisation_id in organiser_ids:
        return BadgeCategory.ORGANISER
    if member.person_id == delegation.head_person_id:
        return BadgeCategory.HEAD
    return _ROLE_CATEGORY.get(member.role, BadgeCategory.DELEGATE)


@dataclass(frozen=True)
class BadgeEntry:
    person_id: uuid.UUID
    name: str
    native: str | None
    delegation: str
    category: BadgeCategory
    photo: bytes | None = field(default=None, repr=False)
    native_language: str = ""  # regional shapes for a native name in ideographs


def badge_entries(session: Session, event_id: uuid.UUID) -> list[BadgeEntry]:
    """One badge per person of the event, delegations in order of precedence and each
    delegation head first, then as notified. A person in two delegations gets one
    badge, from the first."""
    event = records.get(session, Event, event_id)
    organiser_ids = set(
        session.scalars(
            select(EventOrganiser.organisation_id).where(EventOrganiser.event_id == event.id)
        )
    )
    entries: list[BadgeEntry] = []
    seen: set[uuid.UUID] = set()
    for ranked in ordered_delegations(session, event.id):
        for member in ranked.members:
            person = member.person
            if person is None or person.id in seen:
                continue
            seen.add(person.id)
            lines = badge_lines(person)
            entries.append(
                BadgeEntry(
                    person.id,
                    lines.latin,
                    lines.native,
                    ranked.delegation.display_name,
                    badge_category(member, ranked.delegation, organiser_ids),
                    _photo_bytes(person.photo),
                    # without a country of their own, the delegation's tells
                    ideograph_language(
                        lines.native,
                        person.languages,
                        person.country or ranked.delegation.country,
                    ),
                )
            )
    return entries


def _photo_bytes(photo: object) -> bytes | None:
    content = getattr(photo, "content", None)
    return content if isinstance(content, bytes) and content else None


# --- layouts --------------------------------------------------------------------------


@dataclass(frozen=True)
class BadgeLayout:
    name: str
    page: tuple[float, float]
    badge: tuple[float, float]
    columns: int
    rows: int
    marks: bool

    @property
    def per_page(self) -> int:
        return self.columns * self.rows


LAYOUTS: dict[str, BadgeLayout] = {
    # 95 × 65 mm: a common insert size for clip-on holders, eight to an A4 sheet.
    "2x4": BadgeLayout("2x4", A4, (95 * mm, 65 * mm), 2, 4, True),
    # 86 × 54 mm: the ID-1 card size that standard card holders and lanyards take.
    "2x5": BadgeLayout("2x5", A4, (86 * mm, 54 * mm), 2, 5, True),
    # A6 portrait, page = badge: for badge printers and A6 card stock.
    "single": BadgeLayout("single", A6, A6, 1, 1, False),
}


def render_badges(
    entries: Sequence[BadgeEntry],
    path: Path,
    *,
    event_title: str,
    layout: str = "2x4",
    offset_mm: tuple[float, float] = (0.0, 0.0),
    cache_dir: Path | None = None,
) -> Rendered:
    """Write the badges to ``path``. ``offset_mm`` is (x, y): positive x moves the print
    to the right, positive y moves it down the sheet."""
    sheet = LAYOUTS[layout]
    texts = [event_title, *(c.value for c in BadgeCategory)]
    for entry in entries:
        texts += [entry.name, entry.native or "", entry.delegation]
    fonts = font_set(texts, cache_dir)
    canvas = Canvas(str(path), pagesize=sheet.page, pageCompression=1)
    canvas.setTitle(f"Badges — {event_title}")
    canvas.setAuthor("Protocol Desk")
    canvas.setSubject(f"{len(entries)} badge(s), layout {sheet.name}")
    page_w, page_h = sheet.page
    badge_w, badge_h = sheet.badge
    grid_w, grid_h = badge_w * sheet.columns, badge_h * sheet.rows
    left = (page_w - grid_w) / 2
    bottom = (page_h - grid_h) / 2
    pages = max(1, math.ceil(len(entries) / sheet.per_page))
    for page in range(pages):
        canvas.saveState()
        canvas.translate(offset_mm[0] * mm, -offset_mm[1] * mm)
        chunk = entries[page * sheet.per_page : (page + 1) * sheet.per_page]
        for index, entry in enumerate(chunk):
            column, row = index % sheet.columns, index // sheet.columns
            x = left + column * badge_w
            y = bottom + grid_h - (row + 1) * badge_h
            canvas.saveState()
            canvas.translate(x, y)
            _draw_badge(canvas, entry, fonts, badge_w, badge_h, event_title)
            canvas.restoreState()
        if sheet.marks:
            crop_marks(
                canvas,
                [left + c * badge_w for c in range(sheet.columns + 1)],
                [bottom + r * badge_h for r in range(sheet.rows + 1)],
                left=left,
                right=left + grid_w,
                bottom=bottom,
                top=bottom + grid_h,
            )
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return Rendered(path, pages, len(entries), fonts.missing.entries)


def _draw_badge(
    canvas: Canvas, entry: BadgeEntry, fonts: FontSet, width: float, height: float, event: str
) -> None:
    colour = CATEGORY_COLOURS[entry.category]
    portrait = height > width
    pad = 4 * mm if not portrait else 7 * mm
    header_h = height * (0.14 if not portrait else 0.10)
    band_h = height * (0.17 if not portrait else 0.11)
    record = f"badge {entry.name}"
    # Thin frame so an unmarked single badge still shows its edge.
    canvas.setStrokeColor(HexColor("#BBBBBB"))
    canvas.setLineWidth(0.25)
    canvas.rect(0, 0, width, height, stroke=1, fill=0)
    # Header: the event, in the category colour.
    canvas.setFillColor(colour)
    canvas.rect(0, height - 1.2 * mm, width, 1.2 * mm, stroke=0, fill=1)
    draw_fitted(
        canvas,
        event,
        fonts,
        x=pad,
        top=height - 2.2 * mm,
        width=width - 2 * pad,
        max_height=header_h - 2 * mm,
        size=8 if not portrait else 11,
        min_size=5,
        color=HexColor("#333333"),
        record=f"{record}: event",
    )
    # Footer band: the category, white on its colour.
    canvas.setFillColor(colour)
    canvas.rect(0, 0, width, band_h, stroke=0, fill=1)
    band_size = band_h * 0.45
    draw_fitted(
        canvas,
        entry.category.value.upper(),
        fonts,
        x=pad,
        top=band_h / 2 + band_size * 0.6,
        width=width - 2 * pad,
        max_height=band_h,
        size=band_size,
        bold=True,
        color=white,
    )
    body_top = height - header_h
    body_bottom = band_h + 1.5 * mm
    photo_w = 0.0
    if portrait:
        frame_w, frame_h = width * 0.42, width * 0.42 * 4 / 3
        picture = photo_reader(entry.photo, frame_w, frame_h)
        if picture is not None:
            canvas.drawImage(picture, (width - frame_w) / 2, body_top - frame_h, frame_w, frame_h)
            body_top -= frame_h + 4 * mm
        _draw_name_block(
            canvas, entry, fonts, pad, body_top, width - 2 * pad, body_top - body_bottom, 26,
            TA_CENTER, record,
        )  # fmt: skip
        return
    frame_h = body_top - body_bottom - 2 * mm
    frame_w = frame_h * 3 / 4
    picture = photo_reader(entry.photo, frame_w, frame_h)
    if picture is not None:
        canvas.drawImage(picture, pad, body_bottom + 1 * mm, frame_w, frame_h)
        photo_w = frame_w + 3 * mm
    _draw_name_block(
        canvas, entry, fonts, pad + photo_w, body_top, width - 2 * pad - photo_w,
        body_top - body_bottom, 17, TA_LEFT if photo_w else TA_CENTER, record,
    )  # fmt: skip


def _draw_name_block(
    canvas: Canvas,
    entry: BadgeEntry,
    fonts: FontSet,
    x: float,
    top: float,
    width: float,
    height: float,
    size: float,
    alignment: int,
    record: str,
) -> None:
    """Name (largest), native script, delegation, centred vertically in the space."""
    parts: list[tuple[str, float, bool, Color, str, str]] = [
        (entry.name, size, True, HexColor("#000000"), "name", "")
    ]
    if entry.native:
        native = (entry.native, size * 0.8, False, HexColor("#000000"), "native name")
        parts.append((*native, entry.native_language))
    parts.append((entry.delegation, size * 0.55, False, HexColor("#444444"), "delegation", ""))
    # Measure first at the sizes that fit, then centre the block.
    shares = [0.5, 0.3, 0.2] if entry.native else [0.62, 0.38]
    fitted = [
        fitted_paragraph(
            text,
            fonts,
            width=width,
            max_height=height * share,
            size=part_size,
            min_size=min(6.0, part_size),
            bold=bold,
            alignment=alignment,
            color=colour,
            record=f"{record}: {what}",
            language=language,
        )
        for (text, part_size, bold, colour, what, language), share in zip(
            parts, shares, strict=True
        )
    ]
    gap = 1.5 * mm
    total = sum(h for _, h in fitted) + gap * (len(fitted) - 1)
    cursor = top - max(0.0, (height - total) / 2)
    for para, para_h in fitted:
        para.drawOn(canvas, x, cursor - para_h)
        cursor -= para_h + gap
