"""Place cards: fold-over tent cards with the name readable from both sides.

A card is printed flat and folded along its middle; the upper half is drawn turned by
180° so that, standing as a tent, both faces read upright. Each face shows the formal
name ('H.E. Mr Alikhan BAIMENOV'), the name in its own script on a second line where
it is recorded, and the delegation in small type.

Sizes: ``per_page=1`` is one large card per A4 landscape sheet (faces 297 × 105 mm,
for conference tables); ``per_page=2`` puts two smaller cards on an A4 portrait sheet
(faces 210 × 74 mm, for dinner and meeting tables), with cut marks between them.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.model import Delegation, Person, ProgrammeItem, SigningCeremony
from app.model.enums import SpeakingStatus
from app.protocol.names import ideograph_language, person_sort_key, place_card_lines
from app.protocol.precedence import ordered_delegations
from app.reports.protocol.common import Rendered, fitted_paragraph, font_set
from app.reports.text import FontSet
from app.services import records


@dataclass(frozen=True)
class PlaceCardEntry:
    person_id: uuid.UUID
    name: str
    native: str | None
    delegation: str
    native_language: str = ""  # regional shapes for a native name in ideographs


def _seated_ids(session: Session, item_id: uuid.UUID) -> list[uuid.UUID]:
    """People of the item's kept seating plans, in seat order."""
    from app.protocol.seating import Layout, load_plan

    seated: list[uuid.UUID] = []
    for layout in Layout:
        plan = load_plan(session, item_id, layout)
        if plan is None:
            continue
        seated += [s.person_id for s in sorted(plan.seats, key=lambda s: s.number) if s.person_id]
    return seated


def seated_people(session: Session, item_id: uuid.UUID) -> list[Person]:
    """Everyone who takes a seat at the item: the chair first, then the speakers,
    the signatories of its ceremonies and the people of its kept seating plans, in
    the order of precedence of their delegations (head first); people outside every
    delegation follow by family name."""
    item = records.get(session, ProgrammeItem, item_id)
    wanted: dict[uuid.UUID, Person] = {}

    def take(people: Iterable[Person | None]) -> None:
        for person in people:
            if person is not None and person.id not in wanted:
                wanted[person.id] = person

    take(
        role.person
        for role in sorted(item.speakers, key=lambda r: r.sort_order)
        if role.status != SpeakingStatus.DECLINED.value
    )
    ceremonies = session.scalars(
        select(SigningCeremony).where(SigningCeremony.programme_item_id == item.id)
    )
    take(s.person for ceremony in ceremonies for s in ceremony.signatories)
    take(session.get(Person, person_id) for person_id in _seated_ids(session, item.id))
    order = _precedence_index(session, item.event_id)
    ordered = sorted(
        (p for p in wanted.values() if p.id in order), key=lambda p: order[p.id][0]
    ) + sorted((p for p in wanted.values() if p.id not in order), key=person_sort_key)
    chair = item.chair
    if chair is not None:
        ordered = [chair, *(p for p in ordered if p.id != chair.id)]
    return ordered


def _precedence_index(
    session: Session, event_id: uuid.UUID
) -> dict[uuid.UUID, tuple[int, Delegation]]:
    index: dict[uuid.UUID, tuple[int, Delegation]] = {}
    for ranked in ordered_delegations(session, event_id):
        for member in ranked.members:
            index.setdefault(member.person_id, (len(index), ranked.delegation))
    return index


def place_card_entries(session: Session, item_id: uuid.UUID) -> list[PlaceCardEntry]:
    item = records.get(session, ProgrammeItem, item_id)
    delegations = _precedence_index(session, item.event_id)
    entries = []
    for person in seated_people(session, item_id):
        lines = place_card_lines(person)
        found = delegations.get(person.id)
        delegation = found[1].display_name if found is not None else ""
        if not delegation and person.organisation is not None:
            delegation = person.organisation.display_name
        # without a country of their own, the delegation's tells
        country = person.country or (found[1].country if found is not None else None)
        language = ideograph_language(lines.native, person.languages, country)
        entries.append(PlaceCardEntry(person.id, lines.latin, lines.native, delegation, language))
    return entries


def render_place_cards(
    entries: Sequence[PlaceCardEntry],
    path: Path,
    *,
    title: str = "Place cards",
    per_page: int = 1,
    cache_dir: Path | None = None,
) -> Rendered:
    if per_page not in (1, 2):
        raise ValueError("per_page is 1 or 2")
    texts = [t for e in entries for t in (e.name, e.native or "", e.delegation)]
    fonts = font_set(texts, cache_dir)
    page = landscape(A4) if per_page == 1 else A4
    page_w, page_h = page
    card_h = page_h / per_page
    canvas = Canvas(str(path), pagesize=page, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("Protocol Desk")
    canvas.setSubject(f"{len(entries)} place card(s)")
    pages = max(1, math.ceil(len(entries) / per_page))
    for number in range(pages):
        chunk = entries[number * per_page : (number + 1) * per_page]
        for slot, entry in enumerate(chunk):
            bottom = page_h - (slot + 1) * card_h
            _draw_card(canvas, entry, fonts, 0, bottom, page_w, card_h)
        if per_page == 2:
            _cut_marks(canvas, page_w, card_h)
        canvas.showPage()
    canvas.save()
    return Rendered(path, pages, len(entries), fonts.missing.entries)


_FOLD_GREY = HexColor("#9A9A9A")


def _draw_card(
    canvas: Canvas,
    entry: PlaceCardEntry,
    fonts: FontSet,
    x: float,
    y: float,
    width: float,
    height: float,
) -> None:
    face_h = height / 2
    fold_y = y + face_h
    # Fold marks at both edges only: a full line would show on the ridge of the tent.
    canvas.saveState()
    canvas.setStrokeColor(_FOLD_GREY)
    canvas.setLineWidth(0.4)
    canvas.setDash(2, 2)
    canvas.line(x, fold_y, x + 8 * mm, fold_y)
    canvas.line(x + width - 8 * mm, fold_y, x + width, fold_y)
    canvas.restoreState()
    # Lower face upright; upper face turned half a circle about its own centre.
    _draw_face(canvas, entry, fonts, x, y, width, face_h)
    canvas.saveState()
    canvas.translate(x + width, fold_y + face_h)
    canvas.rotate(180)
    _draw_face(canvas, entry, fonts, 0, 0, width, face_h)
    canvas.restoreState()


def _draw_face(
    canvas: Canvas,
    entry: PlaceCardEntry,
    fonts: FontSet,
    x: float,
    y: float,
    width: float,
    height: float,
) -> None:
    """One face: the name centred in the upper part, the delegation near the fold's
    opposite edge (the table), all within margins that survive a slightly off fold."""
    margin = max(8 * mm, width * 0.05)
    inner_w = width - 2 * margin
    big = height * 0.30
    record = f"place card {entry.name}"
    parts: list[tuple[str, float, bool, Color, str, str]] = [
        (entry.name, big, True, HexColor("#000000"), "name", "")
    ]
    if entry.native:
        native = (entry.native, big * 0.72, False, HexColor("#000000"), "native name")
        parts.append((*native, entry.native_language))
    shares = [0.42, 0.26] if entry.native else [0.6]
    fitted = [
        fitted_paragraph(
            text,
            fonts,
            width=inner_w,
            max_height=height * share,
            size=size,
            min_size=size * 0.35,
            bold=bold,
            color=colour,
            record=f"{record}: {what}",
            language=language,
        )
        for (text, size, bold, colour, what, language), share in zip(parts, shares, strict=True)
    ]
    footer_h = height * 0.16
    gap = height * 0.03
    total = sum(h for _, h in fitted) + gap * (len(fitted) - 1)
    area_top = y + height - height * 0.08
    area_bottom = y + footer_h
    cursor = area_top - max(0.0, (area_top - area_bottom - total) / 2)
    for para, para_h in fitted:
        para.drawOn(canvas, x + margin, cursor - para_h)
        cursor -= para_h + gap
    if entry.delegation:
        para, para_h = fitted_paragraph(
            entry.delegation,
            fonts,
            width=inner_w,
            max_height=footer_h * 0.7,
            size=footer_h * 0.42,
            min_size=7,
            color=HexColor("#555555"),
            record=f"{record}: delegation",
        )
        # Clear of the unprintable strip most office printers leave at the sheet's edge.
        para.drawOn(canvas, x + margin, y + max(7 * mm, footer_h * 0.35))


def _cut_marks(canvas: Canvas, width: float, card_h: float) -> None:
    canvas.saveState()
    canvas.setLineWidth(0.4)
    for edge in (0.0, width - 6 * mm):
        canvas.line(edge, card_h, edge + 6 * mm, card_h)
    canvas.restoreState()
