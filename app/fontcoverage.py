"""Which font file draws each writing system, as the About box and support staff ask.

Answers from the same faces and fallback order the PDF and Qt layers use
(:mod:`app.fonts`): a script goes to the first regular face that is declared for it
and has its sample letters, else to the first face that has them at all. Qt-free.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import uharfbuzz as hb

from app.fonts import FontFace, regular_faces

# (name shown, ISO 15924 code, letters a face must have to count as covering it).
# The samples are ordinary letters of names delegates carry, not rare ones.
SCRIPT_SAMPLES: tuple[tuple[str, str, str], ...] = (
    ("Latin", "Latn", "Aaéşł"),
    ("Cyrillic", "Cyrl", "ЖжқҚә"),
    ("Greek", "Grek", "ΑΩλ"),
    ("Arabic", "Arab", "عربي"),
    ("Hebrew", "Hebr", "אבג"),
    ("Devanagari", "Deva", "कखग"),
    ("Bengali", "Beng", "অআ"),
    ("Tamil", "Taml", "அஆ"),
    ("Thai", "Thai", "กขค"),
    ("Georgian", "Geor", "აბგ"),
    ("Armenian", "Armn", "Աբգ"),
    ("Ethiopic", "Ethi", "አበ"),
    ("Chinese", "Hani", "马建堂"),
    ("Japanese", "Hira", "ひらがなカタカナ"),
    ("Korean", "Hang", "한국어"),
)


@dataclass(frozen=True)
class ScriptFont:
    """The face that draws one script, or ``face=None`` when no font has it."""

    script: str
    face: FontFace | None

    @property
    def described(self) -> str:
        if self.face is None:
            return "no font found (PDFs print its letters as [U+XXXX])"
        return f"{self.face.family} ({self.face.path.name})"


@functools.cache
def _cmap(path: Path, index: int) -> frozenset[int]:
    return frozenset(hb.Face(hb.Blob.from_file_path(str(path)), index).unicodes)


def _covers(face: FontFace, sample: str) -> bool:
    cmap = _cmap(face.path, face.index)
    return all(ord(char) in cmap for char in sample)


def fonts_by_script(faces: Iterable[FontFace] | None = None) -> list[ScriptFont]:
    """One entry per script of :data:`SCRIPT_SAMPLES`, in that order."""
    chain = regular_faces(faces)
    result: list[ScriptFont] = []
    for name, code, sample in SCRIPT_SAMPLES:
        covering = [face for face in chain if _covers(face, sample)]
        # A dedicated face wins over an earlier one that merely carries a subset
        # (Noto Sans has some Devanagari; Noto Sans Devanagari is the complete one).
        declared = [face for face in covering if code in face.scripts]
        chosen = (declared or covering)[:1]
        result.append(ScriptFont(name, chosen[0] if chosen else None))
    return result
