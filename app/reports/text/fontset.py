"""The set of reportlab fonts one document uses, and the markup that selects them."""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import uharfbuzz as hb
from platformdirs import user_cache_path
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.fonts import FontFace, available_faces, bold_face_for, regular_faces
from app.reports.text.fontprep import cache_key, prepare_face
from app.reports.text.missing import MissingGlyphLog
from app.reports.text.runs import (
    PLACEHOLDER_CHARS,
    WORD_BREAK,
    Coverage,
    char_needs_shaping,
    char_script,
    layout_line,
    logical_line,
    needs_shaping,
)

_LINE_BREAKS = re.compile(r"\r\n|[\n\r\u2028\u2029]")
# Distinct strings remembered by prepare(): names, labels and places recur all
# through a document. Bounded so a huge document cannot grow it without limit.
PREPARED_CACHE_SIZE = 8192


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
    # One run in the first (Latin) face, no shaping: a caller whose paragraph style
    # already uses :attr:`FontSet.regular` may print ``source`` without a font tag.
    plain: bool = False
    # The regional CJK face preferred for ideographs ("ja", "ko", "zh-Hant"...), if any.
    language: str = ""


@dataclass(frozen=True)
class LogicalText:
    """Markup in logical order with the source span of every word reportlab will see.

    Used to find where a paragraph containing right-to-left text breaks into
    lines before each line is put into visual order (see ``paragraph``).
    """

    source: str
    markup: str
    tokens: tuple[tuple[int, int], ...]  # (start, end) in ``source``
    line_ends: tuple[int, ...]  # index into ``tokens`` where each hard line ends


@functools.cache
def _cmap(path: Path, index: int) -> frozenset[int]:
    return frozenset(hb.Face(hb.Blob.from_file_path(str(path)), index).unicodes)


def _default_cache_dir() -> Path:
    """Prepared (pinned, subset, CFF-converted) faces kept between runs in the user's
    cache folder: the first document with CJK names pays the conversion, later ones
    with the same characters reuse it. Subsets hold the characters of names printed,
    so the folder is the user's alone (0700). Not remembered: tests point
    XDG_CACHE_HOME elsewhere per test."""
    from app.io.private import private_folder

    return private_folder(user_cache_path("protocol-desk", appauthor=False) / "fonts")


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
            raise NoFontsError("no font files found; install manimgx-fonts")
        self._cache_dir = cache_dir
        self._charset: set[str] = set(PLACEHOLDER_CHARS) | {" ", WORD_BREAK}
        # (face, bold) -> (charset version, subset key, registered name)
        self._names: dict[tuple[FontFace, bool], tuple[int, str, str]] = {}
        self._bold_names: set[str] = set()
        self.missing = MissingGlyphLog()
        # Coverage answered from per-character results: a bit per chain face.
        self._bits: dict[FontFace, int] = {face: 1 << i for i, face in enumerate(self.chain)}
        self._masks: dict[str, int] = {}
        # language -> (the chain with that region's CJK face first, its layouts' memo)
        self._chains: dict[str, tuple[tuple[FontFace, ...], Coverage]] = {
            "": (self.chain, Coverage())
        }
        self._served: dict[str, str] = {"": ""}  # language asked for -> face language
        self._plain: dict[str, bool] = {}  # char -> safe for the one-font fast path
        self._prepared: OrderedDict[tuple[str, bool, str], tuple[int, PreparedText]] = OrderedDict()
        self._logical: OrderedDict[tuple[str, bool, str], LogicalText] = OrderedDict()
        self._charset_version = 0  # bumped whenever the charset grows
        self.add_text(*texts)

    # -- coverage ---------------------------------------------------------------
    def _mask(self, char: str) -> int:
        mask = self._masks.get(char)
        if mask is None:
            code = ord(char)
            mask = 0
            for face, bit in self._bits.items():
                if code in _cmap(face.path, face.index):
                    mask |= bit
            self._masks[char] = mask
        return mask

    def covers(self, face: FontFace, text: str) -> bool:
        """Whether ``face`` has a glyph for every character of ``text`` (by its cmap)."""
        bit = self._bits.get(face)
        if bit is None:  # not in the chain (a bold face): ask its cmap directly
            cmap = _cmap(face.path, face.index)
            return all(ord(char) in cmap for char in text)
        masks = self._masks
        for char in text:
            mask = masks.get(char)
            if mask is None:
                mask = self._mask(char)
            if not mask & bit:
                return False
        return True

    def face_for(self, char: str) -> FontFace | None:
        """First face in fallback order that covers ``char``."""
        return next((face for face in self.chain if self.covers(face, char)), None)

    def _is_plain(self, char: str) -> bool:
        """Whether ``char`` lets a text take the fast path: the first face covers it,
        it needs no shaping or reordering, and the first face is the one the run
        planner would choose for it anyway (its script is one of the face's)."""
        known = self._plain.get(char)
        if known is None:
            first = self.chain[0]
            known = (
                not char_needs_shaping(char)
                and bool(self._mask(char) & 1)
                and unicodedata.bidirectional(char) not in ("R", "AL", "AN")
                and (
                    unicodedata.category(char)[0] not in ("L", "M")
                    or char_script(char) in first.scripts
                )
                and _LINE_BREAKS.match(char) is None
            )
            self._plain[char] = known
        return known

    # -- registration -----------------------------------------------------------
    def add_text(self, *texts: str) -> None:
        charset = self._charset
        for text in texts:
            if not charset.issuperset(text):
                size = len(charset)
                charset.update(unicodedata.normalize("NFC", text))
                if len(charset) != size:
                    self._charset_version += 1

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
        known = self._names.get((face, bold))
        if known is not None and known[0] == self._charset_version:
            return known[2]
        source = (bold_face_for(face, self._faces) or face) if bold else face
        cmap = _cmap(source.path, source.index)
        chars = {char for char in self._charset if ord(char) in cmap}
        key = cache_key(source, chars)
        if known is not None and known[1] == key:
            self._names[(face, bold)] = (self._charset_version, key, known[2])
            return known[2]
        style = "Bold" if source.bold else "Regular"
        name = f"PD-{_ascii_name(source.family)}-{style}-{key}"[:63]
        if name not in pdfmetrics.getRegisteredFontNames():
            cache_dir = self._cache_dir or _default_cache_dir()
            path = prepare_face(source, chars, cache_dir, name)
            pdfmetrics.registerFont(TTFont(name, str(path)))
        self._names[(face, bold)] = (self._charset_version, key, name)
        if source.bold:
            self._bold_names.add(name)
        return name

    def _chain_for(self, language: str) -> tuple[str, tuple[FontFace, ...], Coverage]:
        """(the language actually served, its chain, its memo). Unified ideographs take
        regional shapes: a Japanese name written only in kanji wants the Japanese face,
        which the default order (Simplified Chinese first) would not give it. The
        regional face goes first among the CJK faces and counts ideographs as its own."""
        served = self._served.get(language)
        if served is None:
            base = language.split("-")[0].lower()
            regional = next(
                (f for f in self.chain if f.language.lower() == language.lower()), None
            ) or next((f for f in self.chain if f.language.split("-")[0] == base), None)
            served = regional.language if regional is not None else ""
            self._served[language] = served
            if regional is not None and served not in self._chains:
                order = [face for face in self.chain if face != regional]
                first_cjk = next(i for i, face in enumerate(self.chain) if face.language)
                own = dataclasses.replace(regional, scripts=regional.scripts | {"Hani"})
                order.insert(first_cjk, own)
                self._chains[served] = (tuple(order), Coverage())
        return served, *self._chains[served]

    # -- markup -----------------------------------------------------------------
    def prepare(
        self, text: str, *, bold: bool = False, record: str = "", language: str = ""
    ) -> PreparedText:
        """Markup for ``text``: one ``<font>`` span per run, user text XML-escaped.

        ``language`` (BCP 47) picks the regional face for CJK ideographs when the
        text's own characters cannot tell, e.g. "ja" for a name written in kanji only.
        Characters no font covers print as ``[U+XXXX]`` and are added to
        :attr:`missing` under ``record`` (on every call, even when the result
        comes from the cache, so each record lacking a glyph is named).
        """
        if language:
            language = self._chain_for(language)[0]
        key = (text, bold, language)
        cached = self._prepared.get(key)
        if cached is not None and cached[0] == self._charset_version:
            self._prepared.move_to_end(key)
            prepared = cached[1]
        else:
            prepared = self._prepare(text, bold, language)
            self._prepared[key] = (self._charset_version, prepared)
            if len(self._prepared) > PREPARED_CACHE_SIZE:
                self._prepared.popitem(last=False)
        for char in prepared.missing:
            self.missing.add(record, char)
        return prepared

    def _prepare(self, text: str, bold: bool, language: str) -> PreparedText:
        source = unicodedata.normalize("NFC", text)
        self.add_text(source)
        if all(self._is_plain(char) for char in source):
            # Latin (Greek, Cyrillic) text the first face draws alone: one run, no
            # shaping, no reordering; exactly what layout_line would produce.
            name = self.font_name(self.chain[0], bold=bold)
            markup = f'<font name="{name}">{escape(source)}</font>' if source else ""
            return PreparedText(source, markup, False, False, (), plain=True)
        _served, chain, coverage = self._chain_for(language)
        shaping = needs_shaping(source)
        parts: list[str] = []
        missing: list[str] = []
        base_rtl: bool | None = None
        for line in _LINE_BREAKS.split(source):
            laid_out = layout_line(line, chain, self.covers, shaping=shaping, coverage=coverage)
            if base_rtl is None:
                base_rtl = laid_out.base_rtl
            missing += laid_out.missing
            parts.append(
                "".join(
                    f'<font name="{self.font_name(run.face, bold=bold)}">{escape(run.text)}</font>'
                    for run in laid_out.runs
                )
            )
        return PreparedText(
            source,
            "<br/>".join(parts),
            shaping,
            bool(base_rtl),
            tuple(missing),
            language=language,
        )

    def logical(self, source: str, *, bold: bool = False, language: str = "") -> LogicalText:
        """``source`` (NFC, as in :attr:`PreparedText.source`) laid out in logical order."""
        key = (source, bold, language)
        known = self._logical.get(key)
        if known is not None:
            return known
        _served, chain, coverage = self._chain_for(language)
        shaping = needs_shaping(source)
        parts: list[str] = []
        tokens: list[tuple[int, int]] = []
        line_ends: list[int] = []
        start = 0
        for match in [*_LINE_BREAKS.finditer(source), None]:
            end = len(source) if match is None else match.start()
            line = logical_line(
                source[start:end], chain, self.covers, shaping=shaping, coverage=coverage
            )
            tokens += [(start + a, start + b) for a, b in line.tokens]
            line_ends.append(len(tokens))
            parts.append(
                "".join(
                    f'<font name="{self.font_name(run.face, bold=bold)}">{escape(run.text)}</font>'
                    for run in line.runs
                )
            )
            if match is not None:
                start = match.end()
        known = LogicalText(source, "<br/>".join(parts), tuple(tokens), tuple(line_ends))
        self._logical[key] = known
        if len(self._logical) > PREPARED_CACHE_SIZE:
            self._logical.popitem(last=False)
        return known

    def markup(self, text: str, *, bold: bool = False, record: str = "", language: str = "") -> str:
        """Just the markup string of :meth:`prepare`."""
        return self.prepare(text, bold=bold, record=record, language=language).markup
