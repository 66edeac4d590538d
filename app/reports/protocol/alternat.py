"""Alternat signature pages: one page per original of an agreement.

Under the alternat each party's own original names that party first. Our convention,
printed in the footer of every page:

* the keeping party's signature block comes first and stands on the honour side,
  which is the left column when the first text of that original reads left to right
  and the right column when it reads right to left (Arabic, Hebrew, Persian, Urdu...);
* the other parties follow in the event's order of precedence, filling the columns in
  reading order (two columns, row by row, starting on the honour side);
* the languages of the texts are named with the keeping party's language first, then
  the others in the order recorded on the agreement (e.g. English as a common text).

Originals are numbered in precedence order: original 1 is kept by the first party.
With more originals than parties the keepers go round again; with fewer, the last
parties keep none (a depositary arrangement: record it in the agreement's notes).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.languages import get_official_languages
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.model import Agreement, AgreementParty, Signatory, SigningCeremony
from app.protocol.names import formal_name, native_form
from app.protocol.precedence import ordered_parties
from app.reports.protocol.common import Rendered, draw_fitted, font_set
from app.reports.text import FontSet
from app.services import records

# Scripts of these languages run right to left.
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"})


class HonourSide(StrEnum):
    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True)
class SignatureBlock:
    party_id: uuid.UUID
    party: str  # 'For the Republic of Kazakhstan'
    signatory: str | None  # formal name; None leaves a blank to fill by hand
    native: str | None
    position: str | None


@dataclass(frozen=True)
class OriginalPage:
    number: int
    total: int
    keeper: str
    languages: list[str]  # display names, this original's order
    honour_side: HonourSide
    blocks: list[SignatureBlock]  # the keeper first, then precedence


@dataclass(frozen=True)
class AlternatDocument:
    title: str
    kind: str
    signed_place: str | None
    signed_on: date | None
    originals: list[OriginalPage]


# --- languages ------------------------------------------------------------------------


@cache
def _locale(code: str) -> Locale | None:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


@cache
def _english_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for code, name in Locale("en").languages.items():
        names.setdefault(name.casefold(), code)
    return names


def language_code(text: str) -> str | None:
    """'kk', 'kk_KZ', 'Kazakh' -> 'kk'; None when the entry names no known language."""
    entry = text.strip()
    locale = _locale(entry)
    if locale is not None:
        return str(locale.language)
    return _english_names().get(entry.casefold())


def language_label(text: str) -> str:
    code = language_code(text)
    locale = _locale(code) if code else None
    name = locale.get_display_name("en") if locale is not None else None
    return name or text.strip()


def party_languages(party: AgreementParty) -> list[str]:
    """Official languages of a state party, its own language first; an organisation has
    none of its own.

    CLDR lists official languages by number of speakers, which puts Russian before
    Kazakh for Kazakhstan; a language whose home territory is the party's country (its
    likely subtags: 'kk' -> kk_Cyrl_KZ) is the state's own and goes first.
    """
    if party.country is None:
        return []
    alpha2 = party.country.alpha2
    codes = [str(code) for code in get_official_languages(alpha2)]
    likely: Mapping[str, str] = get_global("likely_subtags")

    def home(code: str) -> bool:
        return likely.get(code, "").rsplit("_", 1)[-1] == alpha2

    return sorted(codes, key=lambda code: not home(code))


def languages_for(keeper: AgreementParty, texts: Sequence[str]) -> list[str]:
    """The agreement's ``texts`` (as recorded) with the keeping party's languages first."""
    recorded = [t for t in texts if t.strip()]
    own = party_languages(keeper)  # CLDR lists the principal official language first
    first = sorted(
        (t for t in recorded if language_code(t) in own),
        key=lambda t: own.index(language_code(t) or ""),
    )
    return first + [t for t in recorded if t not in first]


def honour_side(first_language: str | None) -> HonourSide:
    code = language_code(first_language) if first_language else None
    return HonourSide.RIGHT if code in RTL_LANGUAGES else HonourSide.LEFT


# --- from the database ------------------------------------------------------------------


def party_heading(party: AgreementParty) -> str:
    if party.country is not None:
        official = party.country.official_name_en
        return f"For the {official}" if official else f"For {party.country.name_en}"
    return f"For {party.display_name}"


def _signatories(session: Session, agreement_id: uuid.UUID) -> dict[uuid.UUID, Signatory]:
    found: dict[uuid.UUID, Signatory] = {}
    ceremonies = session.scalars(
        select(SigningCeremony)
        .where(SigningCeremony.agreement_id == agreement_id)
        .order_by(SigningCeremony.created_at)
    )
    for ceremony in ceremonies:
        for signatory in sorted(ceremony.signatories, key=lambda s: s.sort_order):
            found.setdefault(signatory.party_id, signatory)
    return found


def _block(party: AgreementParty, signatory: Signatory | None) -> SignatureBlock:
    person = signatory.person if signatory is not None else None
    return SignatureBlock(
        party.id,
        party_heading(party),
        formal_name(person) if person is not None else None,
        native_form(person) if person is not None else None,
        person.position if person is not None else None,
    )


def alternat_document(session: Session, agreement_id: uuid.UUID) -> AlternatDocument:
    agreement = records.get(session, Agreement, agreement_id)
    parties = [r.party for r in ordered_parties(session, agreement.id)]
    signatories = _signatories(session, agreement.id)
    total = agreement.originals_count or len(parties)
    pages: list[OriginalPage] = []
    for number in range(1, total + 1 if parties else 1):
        keeper = parties[(number - 1) % len(parties)]
        others = [p for p in parties if p.id != keeper.id]
        texts = languages_for(keeper, agreement.languages or [])
        pages.append(
            OriginalPage(
                number,
                total,
                keeper.display_name,
                [language_label(t) for t in texts],
                honour_side(texts[0] if texts else None),
                [_block(p, signatories.get(p.id)) for p in (keeper, *others)],
            )
        )
    return AlternatDocument(
        agreement.title, agreement.kind, agreement.signed_place, agreement.signed_on, pages
    )


# --- the PDF ------------------------------------------------------------------------------


def _and_list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _date_text(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day is not None else "______________"


def testimonium(document: AlternatDocument, page: OriginalPage) -> list[str]:
    """The closing formula of the text, in English, naming this original's languages."""
    kind = document.kind if document.kind not in ("other", "") else "instrument"
    lines = [
        "IN WITNESS WHEREOF the undersigned, being duly authorised thereto, "
        f"have signed this {kind}."
    ]
    done = (
        f"DONE at {document.signed_place or '______________'} on {_date_text(document.signed_on)}"
    )
    done += f", in {page.total} original{'s' if page.total != 1 else ''}"
    if len(page.languages) > 1:
        done += (
            f", each in the {_and_list(page.languages)} languages, "
            "all texts being equally authentic."
        )
    elif page.languages:
        done += f", in the {page.languages[0]} language."
    else:
        done += "."
    return [lines[0], done]


def render_alternat(
    document: AlternatDocument,
    path: Path,
    *,
    collation_note: bool = True,
    cache_dir: Path | None = None,
) -> Rendered:
    texts = [document.title]
    for page in document.originals:
        for block in page.blocks:
            texts += [block.party, block.signatory or "", block.native or "", block.position or ""]
    fonts = font_set(texts, cache_dir)
    canvas = Canvas(str(path), pagesize=A4, pageCompression=1)
    canvas.setTitle(f"Signature pages — {document.title}")
    canvas.setAuthor("Protocol Desk")
    canvas.setSubject(f"{len(document.originals)} original(s), alternat")
    for page in document.originals:
        _draw_page(canvas, document, page, fonts, collation_note)
        canvas.showPage()
    canvas.save()
    return Rendered(path, len(document.originals), len(document.originals), fonts.missing.entries)


def _draw_page(
    canvas: Canvas, document: AlternatDocument, page: OriginalPage, fonts: FontSet, note: bool
) -> None:
    width, height = A4
    margin = 25 * mm
    text_w = width - 2 * margin
    top = height - 35 * mm
    top -= draw_fitted(
        canvas, document.title, fonts, x=margin, top=top, width=text_w, max_height=30 * mm,
        size=14, min_size=10, bold=True, record="agreement title",
    )  # fmt: skip
    top -= 12 * mm
    for line in testimonium(document, page):
        top -= draw_fitted(
            canvas, line, fonts, x=margin, top=top, width=text_w, max_height=30 * mm,
            size=11.5, min_size=9, alignment=TA_JUSTIFY,
        )  # fmt: skip
        top -= 5 * mm
    top -= 14 * mm
    column_gap = 14 * mm
    column_w = (text_w - column_gap) / 2
    columns = [margin, margin + column_w + column_gap]
    if page.honour_side is HonourSide.RIGHT:
        columns.reverse()
    row_h = 62 * mm if len(page.blocks) <= 4 else 48 * mm
    for index, block in enumerate(page.blocks):
        row, column = divmod(index, 2)
        x = columns[column]
        alignment = TA_RIGHT if page.honour_side is HonourSide.RIGHT else TA_LEFT
        _draw_block(canvas, block, fonts, x, top - row * row_h, column_w, alignment)
    if note:
        _draw_note(canvas, page, fonts, margin, text_w)


def _draw_block(
    canvas: Canvas, block: SignatureBlock, fonts: FontSet, x: float, top: float, width: float,
    alignment: int,
) -> None:  # fmt: skip
    record = f"signature block {block.party}"
    top -= draw_fitted(
        canvas, block.party, fonts, x=x, top=top, width=width, max_height=14 * mm, size=11.5,
        min_size=8, bold=True, alignment=alignment, record=record,
    )  # fmt: skip
    line_y = top - 20 * mm
    canvas.saveState()
    canvas.setLineWidth(0.6)
    canvas.line(x, line_y, x + width, line_y)
    canvas.restoreState()
    cursor = line_y - 2 * mm
    lines = [
        (block.signatory or "Name: ", 11, False, HexColor("#000000")),
        (block.native or "", 11, False, HexColor("#000000")),
        (block.position or ("" if block.signatory else "Title: "), 9.5, False, HexColor("#444444")),
    ]
    for text, size, bold, colour in lines:
        cursor -= draw_fitted(
            canvas, text, fonts, x=x, top=cursor, width=width, max_height=12 * mm, size=size,
            min_size=7, bold=bold, alignment=alignment, color=colour, record=record,
        )  # fmt: skip
        cursor -= 0.8 * mm


def _draw_note(
    canvas: Canvas, page: OriginalPage, fonts: FontSet, margin: float, width: float
) -> None:
    """A collation note in the bottom margin, small and grey, so originals are bound
    with the right signature page; leave it out with ``collation_note=False``."""
    languages = ", ".join(page.languages) if page.languages else "languages not recorded"
    text = (
        f"Original {page.number} of {page.total}, kept by {page.keeper}. Alternat: the keeping "
        f"party signs first, on the honour side ({page.honour_side.value} column). Texts in "
        f"this original: {languages}."
    )
    canvas.saveState()
    canvas.setStrokeColor(HexColor("#BBBBBB"))
    canvas.setLineWidth(0.3)
    canvas.line(margin, 17 * mm, margin + width, 17 * mm)
    canvas.restoreState()
    draw_fitted(
        canvas, text, fonts, x=margin, top=15.5 * mm, width=width, max_height=10 * mm,
        size=7, min_size=6, alignment=TA_CENTER, color=HexColor("#777777"),
        record="collation note",
    )  # fmt: skip
