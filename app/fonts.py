"""Discovery of font files that cover the scripts of delegates' names.

Badges, place cards and briefing packs must print names in every script a
delegation may bring, on any machine, so this module finds font *files* in a
fixed order of preference: the Noto families that ship as Python wheels
(``manimgx-fonts``: Noto Sans and one Noto Sans per script; ``manimgx-fonts-cjk``:
Noto Sans CJK) first, then system fonts, then DejaVu as a last resort. System
fonts remain the fallback for scripts no wheel carries (Tibetan, say).

System discovery honours ``FONTCONFIG_FILE``: when it names a configuration,
only the ``<dir>`` folders listed there are searched, as fontconfig (and so Qt)
would do. That is how a test proves the app needs no system fonts.

It must stay importable without PySide6 or reportlab: the PDF layer turns the
faces into reportlab fonts and the Qt layer registers the same files with
``QFontDatabase`` so that names render on a machine without system fonts.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import os
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

LATIN = "latin"
ARABIC = "arabic"
DEVANAGARI = "devanagari"
SCRIPT = "script"  # a Noto Sans family for one script (its scripts come from _WHEEL_FILES)
CJK = "cjk"
FALLBACK = "fallback"

# ISO 15924 codes a face is the first choice for, even when an earlier face in the
# fallback order also has the glyphs (Noto Sans carries a Devanagari subset, but the
# dedicated family is the complete one).
_SCRIPTS_BY_ROLE: dict[str, frozenset[str]] = {
    LATIN: frozenset({"Latn", "Grek", "Cyrl"}),
    ARABIC: frozenset({"Arab"}),
    DEVANAGARI: frozenset({"Deva"}),
    SCRIPT: frozenset(),
    CJK: frozenset({"Hani", "Hira", "Kana", "Hang", "Bopo"}),
    FALLBACK: frozenset(),
}
# Regional CJK faces: kana goes to the Japanese face and hangul to the Korean one;
# ideographs go to whichever regional face comes first.
_CJK_LANGUAGES: tuple[tuple[tuple[str, ...], str, frozenset[str]], ...] = (
    (("SC", "CN", "GB"), "zh-Hans", frozenset({"Hani", "Bopo"})),
    (("TC", "TW"), "zh-Hant", frozenset({"Hani", "Bopo"})),
    (("HK",), "zh-HK", frozenset({"Hani", "Bopo"})),
    (("JP", "Hiragino", "Yu Gothic", "Meiryo", "MS Gothic"), "ja", frozenset({"Hira", "Kana"})),
    (("KR", "Malgun", "SD Gothic"), "ko", frozenset({"Hang"})),
)

# The variable Noto files of the ``manimgx-fonts`` wheel: file, family, role, and the
# ISO 15924 scripts the family is the first choice for. Noto Sans comes first so that
# Latin (with Vietnamese), Greek and Cyrillic (with Kazakh and Mongolian letters)
# never fall to the CJK faces, which carry some of those letters but not all.
_WHEEL_PACKAGE = "manimgx_fonts"
_WHEEL_CJK_PACKAGE = "manimgx_fonts_cjk"
_WHEEL_CJK_FILE = "NotoSansCJK-VF.otf.ttc"
_WHEEL_FILES: tuple[tuple[str, str, str, frozenset[str]], ...] = (
    ("NotoSans[wght].ttf", "Noto Sans", LATIN, _SCRIPTS_BY_ROLE[LATIN]),
    ("NotoSansArabic[wght].ttf", "Noto Sans Arabic", ARABIC, _SCRIPTS_BY_ROLE[ARABIC]),
    ("NotoSansDevanagari[wght].ttf", "Noto Sans Devanagari", DEVANAGARI, frozenset({"Deva"})),
    ("NotoSansHebrew[wght].ttf", "Noto Sans Hebrew", SCRIPT, frozenset({"Hebr"})),
    ("NotoSansArmenian[wght].ttf", "Noto Sans Armenian", SCRIPT, frozenset({"Armn"})),
    ("NotoSansGeorgian[wght].ttf", "Noto Sans Georgian", SCRIPT, frozenset({"Geor"})),
    ("NotoSansBengali[wght].ttf", "Noto Sans Bengali", SCRIPT, frozenset({"Beng"})),
    ("NotoSansGurmukhi[wght].ttf", "Noto Sans Gurmukhi", SCRIPT, frozenset({"Guru"})),
    ("NotoSansGujarati[wght].ttf", "Noto Sans Gujarati", SCRIPT, frozenset({"Gujr"})),
    ("NotoSansOriya[wght].ttf", "Noto Sans Oriya", SCRIPT, frozenset({"Orya"})),
    ("NotoSansTamil[wght].ttf", "Noto Sans Tamil", SCRIPT, frozenset({"Taml"})),
    ("NotoSansTelugu[wght].ttf", "Noto Sans Telugu", SCRIPT, frozenset({"Telu"})),
    ("NotoSansKannada[wght].ttf", "Noto Sans Kannada", SCRIPT, frozenset({"Knda"})),
    ("NotoSansMalayalam[wght].ttf", "Noto Sans Malayalam", SCRIPT, frozenset({"Mlym"})),
    ("NotoSansSinhala[wght].ttf", "Noto Sans Sinhala", SCRIPT, frozenset({"Sinh"})),
    ("NotoSansThai[wght].ttf", "Noto Sans Thai", SCRIPT, frozenset({"Thai"})),
    ("NotoSansLao[wght].ttf", "Noto Sans Lao", SCRIPT, frozenset({"Laoo"})),
    ("NotoSansKhmer[wght].ttf", "Noto Sans Khmer", SCRIPT, frozenset({"Khmr"})),
    ("NotoSansMyanmar[wght].ttf", "Noto Sans Myanmar", SCRIPT, frozenset({"Mymr"})),
    ("NotoSansEthiopic[wght].ttf", "Noto Sans Ethiopic", SCRIPT, frozenset({"Ethi"})),
    ("NotoSansSymbols[wght].ttf", "Noto Sans Symbols", FALLBACK, frozenset()),
)


@dataclass(frozen=True)
class FontFace:
    """One face of one font file, as the PDF and Qt layers need to load it."""

    family: str
    path: Path
    index: int = 0  # face number inside a .ttc collection
    bold: bool = False
    is_cff: bool = False  # PostScript outlines: reportlab needs a TrueType conversion
    variable: bool = False  # bold comes from the wght axis, not from a separate file
    role: str = LATIN
    language: str = ""  # BCP 47 tag of a regional CJK face, "" otherwise
    scripts: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def weight(self) -> int:
        return 700 if self.bold else 400

    @property
    def key(self) -> str:
        """Stable identity for caches: path, face number and weight."""
        return f"{self.path}#{self.index}@{self.weight}"


def _windows_fonts_dir() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def _system_candidates(role: str) -> list[tuple[Path, bool]]:
    """(path, bold) pairs worth trying for a role on this platform, best first."""
    if sys.platform == "darwin":
        lib = Path("/System/Library/Fonts")
        table = {
            CJK: [
                (lib / "PingFang.ttc", False),
                (lib / "Hiragino Sans GB.ttc", False),
                (lib / "ヒラギノ角ゴシック W3.ttc", False),
                (lib / "ヒラギノ角ゴシック W6.ttc", True),
                (lib / "AppleSDGothicNeo.ttc", False),
                (lib / "STHeiti Light.ttc", False),
                (lib / "Supplemental" / "Arial Unicode.ttf", False),
            ],
            FALLBACK: [(Path("/Library/Fonts/Arial Unicode.ttf"), False)],
        }
    elif sys.platform == "win32":
        win = _windows_fonts_dir()
        table = {
            LATIN: [(win / "NotoSans-Regular.ttf", False), (win / "NotoSans-Bold.ttf", True)],
            ARABIC: [(win / "NotoSansArabic-Regular.ttf", False)],
            DEVANAGARI: [
                (win / "NotoSansDevanagari-Regular.ttf", False),
                (win / "Nirmala.ttf", False),
            ],
            CJK: [
                (win / "msyh.ttc", False),
                (win / "msyhbd.ttc", True),
                (win / "YuGothR.ttc", False),
                (win / "meiryo.ttc", False),
                (win / "malgun.ttf", False),
                (win / "malgunbd.ttf", True),
                (win / "simsun.ttc", False),
                (win / "msgothic.ttc", False),
            ],
            FALLBACK: [(win / "seguisym.ttf", False), (win / "arialuni.ttf", False)],
        }
    else:
        share = Path("/usr/share/fonts")
        local = Path.home() / ".local" / "share" / "fonts"
        table = {
            LATIN: [
                (share / "truetype" / "noto" / "NotoSans-Regular.ttf", False),
                (share / "truetype" / "noto" / "NotoSans-Bold.ttf", True),
            ],
            ARABIC: [
                (share / "truetype" / "noto" / "NotoSansArabic-Regular.ttf", False),
                (share / "truetype" / "noto" / "NotoSansArabic-Bold.ttf", True),
            ],
            DEVANAGARI: [
                (share / "truetype" / "noto" / "NotoSansDevanagari-Regular.ttf", False),
                (share / "truetype" / "noto" / "NotoSansDevanagari-Bold.ttf", True),
            ],
            CJK: [
                (share / "opentype" / "noto" / "NotoSansCJK-Regular.ttc", False),
                (share / "opentype" / "noto" / "NotoSansCJK-Bold.ttc", True),
                (share / "noto-cjk" / "NotoSansCJK-Regular.ttc", False),
                (share / "noto-cjk" / "NotoSansCJK-Bold.ttc", True),
                (share / "google-noto-cjk" / "NotoSansCJK-Regular.ttc", False),
                (share / "google-noto-cjk" / "NotoSansCJK-Bold.ttc", True),
                (local / "NotoSansCJK-Regular.ttc", False),
                (share / "truetype" / "droid" / "DroidSansFallbackFull.ttf", False),
                (share / "truetype" / "wqy" / "wqy-microhei.ttc", False),
                (share / "truetype" / "wqy" / "wqy-zenhei.ttc", False),
                (share / "truetype" / "arphic" / "uming.ttc", False),
            ],
            # No wheel carries Tibetan: Debian's fonts-noto-core or fonts-tibetan-machine.
            FALLBACK: [
                (share / "truetype" / "noto" / "NotoSansTibetan-Regular.ttf", False),
                (share / "truetype" / "noto" / "NotoSerifTibetan-Regular.ttf", False),
                (share / "truetype" / "tibetan-machine" / "TibetanMachineUni.ttf", False),
            ],
        }
    dejavu = [
        (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), False),
        (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"), True),
        (Path("/usr/share/fonts/TTF/DejaVuSans.ttf"), False),
        (Path("/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"), True),
        (Path("/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf"), False),
        (Path("/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf"), True),
        (_windows_fonts_dir() / "DejaVuSans.ttf", False),
        (Path("/Library/Fonts/DejaVuSans.ttf"), False),
    ]
    candidates = list(table.get(role, []))
    if role == FALLBACK:
        candidates += dejavu
    return candidates


def _family_name(font: TTFont) -> str:
    name = font["name"]
    for name_id in (16, 1):  # typographic family first: it omits the weight
        record = name.getDebugName(name_id)
        if record:
            return str(record)
    return "Unknown"


def _subfamily(font: TTFont) -> str:
    for name_id in (17, 2):
        record = font["name"].getDebugName(name_id)
        if record:
            return str(record)
    return ""


def _cjk_language(family: str) -> tuple[str, frozenset[str]]:
    for markers, language, scripts in _CJK_LANGUAGES:
        if any(marker in family for marker in markers):
            return language, scripts
    return "", _SCRIPTS_BY_ROLE[CJK]


def _region_rank(face: FontFace) -> int:
    languages = [language for _, language, _ in _CJK_LANGUAGES]
    return languages.index(face.language) if face.language in languages else len(languages)


def _faces_in_file(path: Path, role: str, bold: bool) -> list[FontFace]:
    """The usable faces of one file; unreadable or odd files yield nothing."""
    # Imported here: the desktop imports this module at start-up for the wheel file
    # list, which needs no fontTools.
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    try:
        if path.suffix.lower() in (".ttc", ".otc"):
            with TTCollection(str(path), lazy=True) as collection:
                faces = [
                    _describe(path, i, font, role, bold, len(collection.fonts))
                    for i, font in enumerate(collection.fonts)
                ]
        else:
            with TTFont(str(path), lazy=True) as font:
                faces = [_describe(path, 0, font, role, bold, 1)]
    except (OSError, TTLibError, AssertionError, KeyError, ValueError):
        return []
    usable = [face for face in faces if face is not None]
    if role == CJK:
        usable.sort(key=_region_rank)
    return usable


def _describe(
    path: Path, index: int, font: TTFont, role: str, bold: bool, count: int
) -> FontFace | None:
    family = _family_name(font)
    if "Mono" in family:
        return None  # monospaced CJK variants are for code, not names
    variable = "fvar" in font
    if count > 1 and not variable and _subfamily(font) not in ("Regular", "Bold", "W3", "W6", ""):
        return None  # collections such as PingFang hold many weights; take the plain ones
    language, scripts = ("", _SCRIPTS_BY_ROLE[role])
    if role == CJK:
        language, scripts = _cjk_language(family)
    return FontFace(
        family=family,
        path=path,
        index=index,
        bold=bold,
        is_cff=font.sfntVersion == "OTTO",
        variable=variable,
        role=role,
        language=language,
        scripts=scripts,
    )


def wheel_dir(package: str) -> Path | None:
    """Folder of a font wheel's files, or None when the wheel is not installed."""
    try:
        module = importlib.import_module(package)
    except ImportError:
        return None
    return Path(module.__file__ or ".").parent


def wheel_font_files() -> list[Path]:
    """The bundled font files, best first, without opening any of them (fast enough
    for start-up: the Qt layer registers exactly these)."""
    files: list[Path] = []
    latin = wheel_dir(_WHEEL_PACKAGE)
    if latin is not None:
        files += [latin / name for name, *_ in _WHEEL_FILES if (latin / name).is_file()]
    cjk = wheel_dir(_WHEEL_CJK_PACKAGE)
    if cjk is not None and (cjk / _WHEEL_CJK_FILE).is_file():
        files.append(cjk / _WHEEL_CJK_FILE)
    return files


def _wheel_faces() -> Iterator[FontFace]:
    """Faces of the bundled wheels: each variable file gives a regular and a bold face
    (the text layer pins its ``wght`` axis to 400 or 700)."""
    folder = wheel_dir(_WHEEL_PACKAGE)
    for name, family, role, scripts in _WHEEL_FILES:
        path = (folder or Path()) / name
        if folder is None or not path.is_file():
            continue
        for bold in (False, True):
            yield FontFace(family, path, bold=bold, variable=True, role=role, scripts=scripts)
    cjk = wheel_dir(_WHEEL_CJK_PACKAGE)
    if cjk is not None and (cjk / _WHEEL_CJK_FILE).is_file():
        # One regular face per region (sorted Chinese first), each with its bold.
        for face in _faces_in_file(cjk / _WHEEL_CJK_FILE, CJK, False):
            yield face
            yield dataclasses.replace(face, bold=True)


@functools.cache
def fontconfig_dirs() -> tuple[Path, ...] | None:
    """The folders ``FONTCONFIG_FILE`` lists, or None when it is unset (no restriction).

    Only plain ``<dir>`` elements count; a file that cannot be read restricts the search
    to nothing rather than to everything, so a test cannot pass by accident.
    """
    config = os.environ.get("FONTCONFIG_FILE")
    if not config:
        return None
    try:
        root = ElementTree.parse(config).getroot()
    except (OSError, ElementTree.ParseError):
        return ()
    folders = [Path(os.path.expanduser(d.text.strip())) for d in root.iter("dir") if d.text]
    return tuple(folder.resolve() for folder in folders)


def _allowed(path: Path) -> bool:
    folders = fontconfig_dirs()
    if folders is None:
        return True
    resolved = path.resolve()
    return any(resolved.is_relative_to(folder) for folder in folders)


def _system_faces(role: str) -> Iterator[FontFace]:
    for path, bold in _system_candidates(role):
        if path.is_file() and _allowed(path):
            yield from _faces_in_file(path, role, bold)


def _unique(faces: Iterable[FontFace]) -> list[FontFace]:
    seen: set[str] = set()
    result: list[FontFace] = []
    for face in faces:
        if face.key not in seen:
            seen.add(face.key)
            result.append(face)
    return result


@functools.cache
def available_faces() -> tuple[FontFace, ...]:
    """All usable faces, best first: Latin, Arabic, Devanagari, the other scripts, CJK,
    then fallbacks.

    Within a role the wheel fonts precede system fonts, and regular precedes bold
    only by file order; use :func:`regular_faces` / :func:`bold_face_for` to pick.
    The result is cached for the life of the process.
    """
    faces: list[FontFace] = []
    wheel = list(_wheel_faces())
    for role in (LATIN, ARABIC, DEVANAGARI, SCRIPT, CJK, FALLBACK):
        faces += [face for face in wheel if face.role == role]
        faces += list(_system_faces(role))
    return tuple(_unique(faces))


def regular_faces(faces: Iterable[FontFace] | None = None) -> list[FontFace]:
    """Non-bold faces in fallback order, one per family, for coverage decisions."""
    seen: set[str] = set()
    result: list[FontFace] = []
    for face in available_faces() if faces is None else faces:
        if not face.bold and face.family not in seen:
            seen.add(face.family)
            result.append(face)
    return result


def bold_face_for(face: FontFace, faces: Iterable[FontFace] | None = None) -> FontFace | None:
    """The bold companion of a regular face, or None when the family has no bold."""
    for candidate in available_faces() if faces is None else faces:
        if candidate.bold and candidate.family == face.family:
            return candidate
    return None


def font_files() -> list[Path]:
    """Distinct font files, best first, e.g. for ``QFontDatabase.addApplicationFont``."""
    paths: list[Path] = []
    for face in available_faces():
        if face.path not in paths:
            paths.append(face.path)
    return paths
