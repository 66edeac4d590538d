"""The words the briefing tab uses about a finished build and the file it writes.

Qt-free on purpose: plain strings, quick to test; whom a pack can be for is read by
``app.listing.choices``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from app.reports.briefing import BriefingResult, PackKind
from app.reports.text import MissingGlyph

# Characters Windows, macOS or Linux refuse in a file name.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def export_file_name(event_title: str, kind: PackKind, subject: str | None, day: date) -> str:
    """'Founding Seminar - briefing - Kazakhstan - 2025-05-01.pdf'."""
    parts = [event_title, "briefing"]
    if kind is not PackKind.EVENT and subject:
        # Only the Latin form: the native name beside it makes file names unwieldy.
        parts.append(subject.split("  ")[0])
    parts.append(day.isoformat())
    name = " - ".join(" ".join(_UNSAFE.sub(" ", p).split()) for p in parts if p.strip())
    return f"{name.strip(' .')[:180]}.pdf"


def missing_characters_text(missing: Iterable[MissingGlyph]) -> str:
    """'2 characters could not be printed: 𓀀 in 'biography of X'; ☃ in 'event title''."""
    places: dict[str, list[str]] = {}
    for entry in missing:
        where = places.setdefault(entry.char, [])
        if entry.record_label and entry.record_label not in where:
            where.append(entry.record_label)
    if not places:
        return ""
    count = len(places)
    noun = "character" if count == 1 else "characters"
    details = []
    for char, where in places.items():
        shown = f"{char} (U+{ord(char):04X})"
        if where:
            shown += " in " + ", ".join(f"‘{w}’" for w in where[:3])
            if len(where) > 3:
                shown += f" and {len(where) - 3} more"
        details.append(shown)
    return (
        f"{count} {noun} could not be printed and show as [U+…] in the pack: "
        + "; ".join(details)
        + "."
    )


def result_notes(result: BriefingResult) -> list[str]:
    """What the user should know about a finished build, in plain words."""
    notes = []
    missing = missing_characters_text(result.missing_glyphs)
    if missing:
        notes.append(missing)
    glyph_lines = {str(entry) for entry in result.missing_glyphs}
    others = [w for w in result.warnings if w not in glyph_lines]
    for warning in others:
        notes.append(warning[:1].upper() + warning[1:] + ("" if warning.endswith(".") else "."))
    return notes
