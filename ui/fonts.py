"""Font files registered with Qt at start so every script renders without system fonts.

Registers the same bundled Noto files the PDF layer uses (``app.fonts.wheel_font_files``,
a few milliseconds: no file is opened to find them). Only when no wheel is installed
does it fall back to ``app.fonts`` discovery, which opens every file with fontTools
(over 100 ms, too slow for start-up).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app import fonts as core_fonts

# Families asked for, in order, when the first cannot draw a character. Noto Sans
# leads so Latin, Greek and Cyrillic (Kazakh letters included) keep its shapes; the
# Chinese face leads the CJK ones, as in the PDF layer. A person's list entry or
# editor that knows the name is Japanese or Korean can set that face first.
FALLBACK_FAMILIES = (
    "Noto Sans",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Armenian",
    "Noto Sans Georgian",
    "Noto Sans Devanagari",
    "Noto Sans Bengali",
    "Noto Sans Gurmukhi",
    "Noto Sans Gujarati",
    "Noto Sans Oriya",
    "Noto Sans Tamil",
    "Noto Sans Telugu",
    "Noto Sans Kannada",
    "Noto Sans Malayalam",
    "Noto Sans Sinhala",
    "Noto Sans Thai",
    "Noto Sans Lao",
    "Noto Sans Khmer",
    "Noto Sans Myanmar",
    "Noto Sans Ethiopic",
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
    "Noto Sans CJK TC",
    "Noto Sans Symbols",
    "DejaVu Sans",
)
_registered: list[str] = []


def font_files() -> list[Path]:
    found = core_fonts.wheel_font_files()
    if found:
        return found
    return _unique(face.path for face in core_fonts.available_faces())


def _unique(paths: Iterable[Path]) -> list[Path]:
    seen: dict[Path, None] = {}
    for path in paths:
        if "Italic" not in path.name and "Bold" not in path.name:
            seen.setdefault(path, None)
    return list(seen)


def register_fonts(application: QApplication) -> list[str]:
    """Register the files once and give the app font a fallback chain; returns families."""
    if not _registered:
        for path in font_files():
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                _registered.extend(QFontDatabase.applicationFontFamilies(font_id))
    available = set(QFontDatabase.families())
    chain = [f for f in FALLBACK_FAMILIES if f in available]
    if chain:
        font = QFont(application.font())
        font.setFamilies(chain)
        # Qt registers only a variable font's default instance, and Noto Sans CJK's is
        # Thin (weight 100): pin the weight axis to Regular. Bold text keeps working
        # (Qt emboldens from this instance), and faces whose default is already 400
        # are unchanged.
        font.setVariableAxis(QFont.Tag("wght"), 400.0)
        application.setFont(font)
    return list(dict.fromkeys(_registered))
