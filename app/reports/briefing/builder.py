"""build_briefing: from the database to a finished PDF, written atomically."""

from __future__ import annotations

import contextlib
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import __version__
from app.collector import full_collections_paused
from app.errors import NotFoundError
from app.io.private import create_private_file, part_path, sweep_leftovers
from app.model import Event, Person, StoredFile
from app.reports.briefing.changes_page import changes_story
from app.reports.briefing.document import (
    HEADER_LEFT_ROOM,
    PAGE_LABEL_WIDTH,
    Furniture,
    PackDocument,
)
from app.reports.briefing.layout import Jpeg
from app.reports.briefing.options import (
    BriefingCancelled,
    BriefingOptions,
    BriefingResult,
    CancelToken,
    Paper,
    ProgressCallback,
)
from app.reports.briefing.photos import PhotoError, portrait_jpeg
from app.reports.briefing.scope import PackContent, gather
from app.reports.briefing.sections import Story_Builder
from app.reports.briefing.styles import MARGIN_X, make_styles
from app.reports.briefing.text import Piece, Writer
from app.reports.protocol.seating_pdf import plan_texts
from app.reports.text import FontSet

PAGE_SIZES = {Paper.A4: A4, Paper.LETTER: LETTER}


def build_briefing(
    session: Session,
    event_id: uuid.UUID,
    output_path: Path | str,
    options: BriefingOptions | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    *,
    font_cache: Path | None = None,
) -> BriefingResult:
    """Write the briefing pack of an event (or of one delegation or person in it).

    The PDF is written beside ``output_path`` under a temporary name and renamed
    into place only when complete, so a failed or cancelled build leaves no file.
    Characters no font covers print as ``[U+XXXX]`` and are listed in
    :attr:`BriefingResult.missing_glyphs`; they never fail the build.
    Raises :class:`NotFoundError` for an unknown event, delegation or person,
    :class:`BriefingCancelled` when ``cancel.cancelled`` turns true.
    """
    with full_collections_paused():
        return _build(session, event_id, output_path, options, progress, cancel, font_cache)


def _build(
    session: Session,
    event_id: uuid.UUID,
    output_path: Path | str,
    options: BriefingOptions | None,
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
    font_cache: Path | None,
) -> BriefingResult:
    options = options or BriefingOptions()
    target = Path(output_path)
    report = progress or (lambda _fraction, _message: None)

    def check() -> None:
        if cancel is not None and cancel.cancelled:
            raise BriefingCancelled()

    event = session.get(Event, event_id)
    if event is None or event.is_deleted:
        raise NotFoundError("event", str(event_id))
    report(0.0, "Collecting records")
    content = gather(session, event, options)
    check()
    report(0.05, "Preparing photos")
    warnings: list[str] = []
    photos = _load_photos(session, content, warnings, check)
    check()
    report(0.12, "Preparing fonts")
    classification = (
        options.classification if options.classification is not None else event.classification
    ) or ""
    texts = _texts(content, classification)
    if options.changes is not None:
        texts += options.changes.texts()
    fonts = FontSet(texts, cache_dir=font_cache)
    writer = Writer(fonts)
    pagesize = PAGE_SIZES[options.paper]
    frame_width = pagesize[0] - 2 * MARGIN_X
    builder = Story_Builder(
        content=content,
        writer=writer,
        styles=make_styles(),
        width=frame_width,
        classification=classification,
        generated_at=options.generated_at or datetime.now(UTC),
        photos=photos,
    )
    check()
    report(0.15, "Composing sections")
    changes = changes_story(builder, options.changes) if options.changes is not None else []
    cover, rest = builder.story(options.include_notes_pages, options.notes_pages)
    check()
    toc_keys: set[str] = set()
    story = [*cover, *builder.contents(toc_keys), *changes, *rest]
    del cover, rest  # layout drops each flowable once drawn; nothing else may hold them
    furniture = _furniture(writer, content, classification, frame_width)
    # A private part file beside the target; a later run sweeps it if this one is killed.
    sweep_leftovers(target.parent)
    temporary = part_path(target)
    create_private_file(temporary)
    try:
        document = PackDocument(
            str(temporary),
            pagesize=pagesize,
            furniture=furniture,
            number_size=8,
            progress=progress,
            cancel=cancel,
            title=f"Briefing pack — {event.title}",
            subject=f"{content.subject_label} — {event.title}",
            author="Protocol Desk",
            creator=f"Protocol Desk {__version__}",
            keywords=classification,
        )
        document.toc_keys = toc_keys
        pages = document.build_pack(story)
        check()
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    report(1.0, "Done")
    for entry in fonts.missing.entries:
        warnings.append(str(entry))
    warnings += builder.warnings
    return BriefingResult(
        target, pages, fonts.missing.entries, warnings, writer.paragraphs, builder.images
    )


def _texts(content: PackContent, classification: str) -> list[str]:
    """Every string the pack may print, so each font is subset once."""
    event = content.event
    texts = [
        event.title,
        event.theme or "",
        event.description or "",
        event.city or "",
        event.venue or "",
        event.auspices or "",
        event.participation_note or "",
        classification,
        content.subject_label,
        content.subject_native or "",
        # our own labels and the digits, dashes and arrows we print
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,:;()[]—–−·▸+-/&'…",
    ]
    for item in content.programme:
        texts += [item.title, item.place or "", item.dress_code or "", item.description or ""]
        texts += [role.topic or "" for role in item.speakers]
    for person in content.people():
        texts += [
            person.honorific or "",
            person.given_names or "",
            person.family_name.upper(),
            person.family_name,
            person.native_name or "",
            person.position or "",
            person.biography or "",
            person.pronunciation or "",
            person.phone or "",
            person.email or "",
            " ".join(person.languages or []),
        ]
        if person.organisation is not None:
            texts.append(person.organisation.display_name)
    for entry in content.delegations:
        texts += [entry.delegation.display_name, entry.delegation.hotel or ""]
        texts.append(entry.delegation.notes or "")
    for ceremony in content.ceremonies:
        texts += [ceremony.agreement.title, ceremony.notes or "", *ceremony.agreement.languages]
        texts += [p.display_name for p in ceremony.agreement.parties]
        for signatory in ceremony.signatories:
            aide = signatory.aide
            if aide is not None:
                texts += [aide.honorific or "", aide.given_names or "", aide.family_name.upper()]
                texts += [aide.family_name, aide.native_name or "", aide.position or ""]
    for gift in content.gifts:
        texts += [gift.description, gift.giver_name, gift.recipient_name]
    for plan_entry in content.seating:
        texts += [plan_entry.title, *plan_texts(plan_entry.plan)]
    return texts


def _load_photos(
    session: Session,
    content: PackContent,
    warnings: list[str],
    check: object,
) -> dict[uuid.UUID, Jpeg | None]:
    """Print-size JPEGs of the profiled people's photos, loaded in batches."""
    people: dict[uuid.UUID, Person] = {p.id: p for p in content.profiles if p.photo_id}
    by_file: dict[uuid.UUID, list[uuid.UUID]] = {}
    for person in people.values():
        if person.photo_id is not None:
            by_file.setdefault(person.photo_id, []).append(person.id)
    result: dict[uuid.UUID, Jpeg | None] = {}
    ids = list(by_file)
    found: set[uuid.UUID] = set()
    for start in range(0, len(ids), 200):
        batch = ids[start : start + 200]
        rows = session.execute(
            select(StoredFile.id, StoredFile.content).where(StoredFile.id.in_(batch))
        )
        for file_id, data in rows:
            found.add(file_id)
            jpeg: Jpeg | None
            try:
                jpeg = Jpeg(*portrait_jpeg(bytes(data or b"")))
            except PhotoError as error:
                jpeg = None
                for person_id in by_file[file_id]:
                    warnings.append(f"photo of {people[person_id].full_name}: {error}")
            for person_id in by_file[file_id]:
                result[person_id] = jpeg
        if callable(check):
            check()
    for file_id in set(ids) - found:
        for person_id in by_file[file_id]:
            warnings.append(f"photo of {people[person_id].full_name}: the stored file is missing")
            result[person_id] = None
    return result


def _fit_one_line(
    writer: Writer, style: ParagraphStyle, width: float, pieces: list[Piece]
) -> Paragraph:
    """A one-line paragraph; long text is shortened at a word with an ellipsis."""
    paragraph = writer.para(style, *pieces)
    if len(paragraph.breakLines(width).lines) <= 1:
        return paragraph
    text = "".join(p.text for p in pieces)
    words = text.split()
    while len(words) > 1:
        words.pop()
        shorter = writer.para(style, Piece(" ".join(words) + " …", bold=pieces[0].bold))
        if len(shorter.breakLines(width).lines) <= 1:
            return shorter
    return writer.para(style, Piece(text[:40] + "…"))


def _furniture(
    writer: Writer, content: PackContent, classification: str, frame_width: float
) -> Furniture:
    styles = make_styles()
    header = styles.header
    marking_style = ParagraphStyle("marking_line", parent=styles.marking, fontSize=9, leading=11)
    right = ParagraphStyle("header_right", parent=header, alignment=TA_RIGHT)
    marking = (
        _fit_one_line(writer, marking_style, frame_width, [Piece(classification, bold=True)])
        if classification
        else None
    )
    subject = content.subject_label
    if content.subject_native:
        subject = f"{subject} {content.subject_native}"
    return Furniture(
        marking=marking,
        header_left=_fit_one_line(
            writer, header, frame_width - HEADER_LEFT_ROOM, [Piece(content.event.title)]
        ),
        header_right=writer.para(right, "Briefing pack"),
        footer_left=_fit_one_line(
            writer,
            header,
            frame_width - PAGE_LABEL_WIDTH - 8,
            [Piece(f"Prepared for: {subject}")],
        ),
        font=writer.fonts.regular,
    )


__all__ = ["TA_CENTER", "build_briefing"]
