"""The set of reportlab fonts one document uses, and the markup that selects them."""

from __future__ import annotations

import functools
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.fonts import FontFace, available_faces, bold_face_for, regular_faces
from app.reports.text.fontprep import cache_key, prepare_face
from app.reports.text.missing import MissingGlyphLog
from app.reports.text.runs import PLACEHOLDER_CHARS, WORD_BREAK, layout_line, needs_shaping

_LINE_BREAKS = re.compile(r"\r\n|[\n\r\u2028\u2029]")


class NoFontsError(RuntimeError):
    """No usable font file was found at all; nothing can be printed."""


@dataclass(frozen=True)
class PreparedText:
    """User text turned into reportlab Paragraph markup."""

    source: str  # NFC original, for bookmarks and plain-text exports
    markup: str
    shaping: bool  # the paragraph style needs ``shaping=1``
    base_rtl: bool  # the first line reads right to left; callers may right-align
    missing: tuple[str, ...]


@functools.cache
def _cmap(path: Path, index: int) -> frozenset[int]:
    return frozenset(hb.Face(hb.Blob.from_file_path(str(path)), index).unicodes)


@functools.cache
def _default_cache_dir() -> Path:
    # Held for the life of the process; removed by its finaliser at exit.
    holder = tempfile.TemporaryDirectory(prefix="protocol-desk-fonts-")
    _TEMPORARY_DIRS.append(holder)
    return Path(holder.name)


_TEMPORARY_DIRS: list[tempfile.TemporaryDirectory[str]] = []


def _ascii_name(family: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", family) or "Face"


class FontSet:
    """Fonts for one document: coverage answers, reportlab registration and markup.

    Give it all the text the document will contain (``texts`` or :meth:`add_text`)
    before building paragraphs, so each face is subset and registered once. Text
    met later still works: the affected faces are re-subset under a new name.
    """

    def __init__(
        self,
        texts: Iterable[str] = (),
        *,
        cache_dir: Path | None = None,
        faces: Sequence[FontFace] | None = None,
    ) -> None:
        self._faces: tuple[FontFace, ...] = tuple(available_faces() if faces is None else faces)
        self.chain: tuple[FontFace, ...] = tuple(regular_faces(self._faces))
        if not self.chain:
            raise NoFontsError("no font files found; install fontpkg-noto-sans")
        self._cache_dir = cache_dir
        self._charset: set[str] = set(PLACEHOLDER_CHARS) | {" ", WORD_BREAK}
        self._names: dict[tuple[FontFace, bool], tuple[str, str]] = {}
        self._bold_names: set[str] = set()
        self.missing = MissingGlyphLog()
        self.add_text(*texts)

    # -- coverage ---------------------------------------------------------------
    def covers(self, face: FontFace, text: str) -> bool:
        """Whether ``face`` has a glyph for every character of ``text`` (by its cmap)."""
        cmap = _cmap(face.path, face.index)
        return all(ord(char) in cmap for char in text)

    def face_for(self, char: str) -> FontFace | None:
        """First face in fallback order that covers ``char``."""
        return next((face for face in self.chain if self.covers(face, char)), None)

    # -- registration -----------------------------------------------------------
    def add_text(self, *texts: str) -> None:
        for text in texts:
            self._charset.update(unicodedata.normalize("NFC", text))

    @property
    def regular(self) -> str:
        """reportlab name of the Latin regular font: use it as ``ParagraphStyle.fontName``."""
        return self.font_name(self.chain[0])

    @property
    def bold(self) -> str:
        return self.font_name(self.chain[0], bold=True)

    def is_bold(self, font_name: str) -> bool:
        return font_name in self._bold_names or "bold" in font_name.lower()

    def font_name(self, face: FontFace, *, bold: bool = False) -> str:
        """Register (once) and return the reportlab font name for ``face``."""
        source = (bold_face_for(face, self._faces) or face) if bold else face
        cmap = _cmap(source.path, source.index)
        chars = {char for char in self._charset if ord(char) in cmap}
        key = cache_key(source, chars)
        known = self._names.get((face, bold))
        if known is not None and known[0] == key:
            return known[1]
        style = "Bold" if source.bold else "Regular"
        name = f"PD-{_ascii_name(source.family)}-{style}-{key}"[:63]
        if name not in pdfmetrics.getRegisteredFontNames():
            cache_dir = self._cache_dir or _default_cache_dir()
            path = prepare_face(source, chars, cache_dir, name)
            pdfmetrics.registerFont(TTFont(name, str(path)))
        self._names[(face, bold)] = (key, name)
        if source.bold:
            self._bold_names.add(name)
        return name

    # -- markup -----------------------------------------------------------------
    def prepare(self, text: str, *, bold: bool = False, record: str = "") -> PreparedText:
        """Markup for ``text``: one ``<font>`` span per run, user text XML-escaped.

        Characters no font covers print as ``[U+XXXX]`` and are added to
        :attr:`missing` under ``record``.
        """
        source = unicodedata.normalize("NFC", text)
        self.add_text(source)
        shaping = needs_shaping(source)
        lines = _LINE_BREAKS.split(source)
        parts: list[str] = []
        missing: list[str] = []
        base_rtl: bool | None = None
        for line in lines:
            laid_out = layout_line(line, self.chain, self.covers, shaping=shaping)
            if base_rtl is None:
                base_rtl = laid_out.base_rtl
            missing += laid_out.missing
            parts.append(
                "".join(
                    f'<font name="{self.font_name(run.face, bold=bold)}">{escape(run.text)}</font>'
                    for run in laid_out.runs
                )
            )
        for char in missing:
            self.missing.add(record, char)
        return PreparedText(source, "<br/>".join(parts), shaping, bool(base_rtl), tuple(missing))

    def markup(self, text: str, *, bold: bool = False, record: str = "") -> str:
        """Just the markup string of :meth:`prepare`."""
        return self.prepare(text, bold=bold, record=record).markup
