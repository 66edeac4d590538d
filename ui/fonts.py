"""Font files registered with Qt at start so every script renders without system fonts.

Finds the Noto files shipped by the fontpkg wheels and the Noto CJK collection
directly (about 10 ms); only when none is there does it ask ``app.fonts``, whose
discovery opens every file with fontTools (over 100 ms, too slow for start-up).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

FONT_PACKAGES = ("fontpkg_noto_sans", "fontpkg_noto_sans_arabic", "fontpkg_noto_sans_devanagari")
SYSTEM_FONT_FILES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc"),
)
# Families asked for, in order, when the first cannot draw a character.
FALLBACK_FAMILIES = (
    "Noto Sans",
    "Noto Sans CJK SC",
    "Noto Sans Arabic",
    "Noto Sans Devanagari",
    "DejaVu Sans",
)
_registered: list[str] = []


def font_files() -> list[Path]:
    found = _unique(_packaged_files())
    if found:
        return found
    try:
        from app import fonts as core_fonts

        faces = core_fonts.available_faces()
        return _unique(Path(face.path) for face in faces if getattr(face, "path", None))
    except (ImportError, AttributeError):
        return []


def _packaged_files() -> Iterable[Path]:
    for name in FONT_PACKAGES:
        try:
            package = importlib.import_module(name)
        except ImportError:
            continue
        root = Path(getattr(package, "ROOT", Path(package.__file__ or ".").parent))
        yield from sorted(p for p in root.rglob("*") if p.suffix.lower() in {".ttf", ".otf"})
    yield from (p for p in SYSTEM_FONT_FILES if p.exists())


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
        application.setFont(font)
    return list(dict.fromkeys(_registered))
