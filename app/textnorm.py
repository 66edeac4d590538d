"""Text normalisation for search keys.

SQLite's LIKE and lower() fold ASCII only, so search never asks the database to
compare case or accents: every searchable record stores a precomputed key made
by :func:`fold`, and queries are folded the same way before a plain substring test.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from unidecode import unidecode

# Letters that Unicode does not decompose but that people type without the stroke.
_STROKE_LETTERS = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h"}
)
# Combining marks are accents to drop on Latin, Greek and Cyrillic bases; in Indic
# scripts they are vowel signs that change the word, so they stay.
_LAST_ACCENTED_BASE = 0x052F
_ARABIC_HARAKAT = frozenset(range(0x064B, 0x0660)) | {0x0670}
KEY_SEPARATOR = " | "


def fold(text: str) -> str:
    """Case-fold and strip accents so that 'São Paulo' and 'sao paulo' compare equal."""
    if text.isascii():  # most names and places: nothing to decompose or strip
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept: list[str] = []
    base = 0
    for char in decomposed:
        code = ord(char)
        if unicodedata.combining(char):
            if base <= _LAST_ACCENTED_BASE or code in _ARABIC_HARAKAT:
                continue
        else:
            base = code
        kept.append(char)
    folded = unicodedata.normalize("NFC", "".join(kept)).translate(_STROKE_LETTERS)
    return " ".join(folded.split())


def transliterate(text: str) -> str:
    """A Latin reading of any script, folded: 'Байменов' -> 'baimenov'."""
    return fold(unidecode(text))


def search_key(parts: Iterable[str | None]) -> str:
    """One string that contains every folded form (and Latin reading) of ``parts``."""
    seen: dict[str, None] = {}
    for part in parts:
        if not part:
            continue
        folded = fold(part)
        if folded:
            seen.setdefault(folded, None)
        latin = transliterate(part)
        if latin:
            seen.setdefault(latin, None)
    return KEY_SEPARATOR.join(seen)


def normalise_text(text: str | None) -> str:
    """NFC with surrounding blanks removed: the form in which user text is stored."""
    if text is None:
        return ""
    return unicodedata.normalize("NFC", text).strip()
