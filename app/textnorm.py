"""Text normalisation: the stored form of user text, search keys, terminal-safe output.

SQLite's LIKE and lower() fold ASCII only, so search never asks the database to
compare case or accents: every searchable record stores a precomputed key made
by :func:`fold`, and queries are folded the same way before a plain substring test.

Hostile text: control characters (terminal escape sequences, BEL) and bidi overrides
(U+202E shows "txt.exe" as "exe.txt") never reach the database (:func:`normalise_text`
strips them), and whatever the command line prints from data goes through
:func:`safe_for_terminal`, which makes any that are already stored visible instead.
"""

from __future__ import annotations

import re
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


# Fields whose text may run over several lines: there tab and newline are content.
MULTILINE_FIELDS = frozenset(
    {
        "notes",
        "description",
        "biography",
        "theme",
        "topic",
        "reason",
        "validity_note",
        "participation_note",
        "member_count_note",
        "dietary_needs",
        "accessibility_needs",
        "dietary",
    }
)
# Embedding, override and isolate controls. ZWJ/ZWNJ (U+200C/D) and the LRM/RLM marks
# are not here: Indic and Arabic names need the joiners, and marks cannot reorder text.
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# A whole escape sequence goes, not just its ESC, so no "[31m" debris is left behind:
# CSI (ESC [ or U+009B), OSC/DCS/PM/APC strings up to BEL or ST, and two-byte escapes.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_SINGLE_LINE_BLANKS = re.compile(r"[\t\n]")
_CONTROLS = re.compile(f"[\\x00-\\x08\\x0e-\\x1f\\x7f-\\x9f{_BIDI_CONTROLS}]")
_TERMINAL_HOSTILE = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_BIDI_CONTROLS}]")


def is_multiline_field(name: str) -> bool:
    return name in MULTILINE_FIELDS


def strip_controls(text: str, *, multiline: bool = False) -> str:
    """``text`` without control characters or bidi overrides.

    Line breaks of every kind become a newline in a multi-line field and a space in any
    other, as does a tab: "Ivan\\nPetrov" typed into a name is two words, not one.
    """
    if text.isascii() and text.isprintable():  # nearly every name: nothing to do
        return text
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _LINE_BREAKS.sub("\n", text)
    if not multiline:
        text = _SINGLE_LINE_BLANKS.sub(" ", text)
    return _CONTROLS.sub("", text)


def normalise_text(text: str | None, *, multiline: bool = False) -> str:
    """NFC, without controls or bidi overrides, surrounding blanks removed: the form in
    which user text is stored."""
    if text is None:
        return ""
    return strip_controls(unicodedata.normalize("NFC", text), multiline=multiline).strip()


def safe_for_terminal(text: str) -> str:
    """``text`` with every character a terminal would obey shown as ``[U+XXXX]``.

    Newline and tab stay; escape sequences, BEL, carriage return and bidi controls in
    data printed by the command line could otherwise recolour, retitle or rearrange
    the user's terminal, or hide what a line really says.
    """
    if text.isascii() and text.isprintable():
        return text
    return _TERMINAL_HOSTILE.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)
