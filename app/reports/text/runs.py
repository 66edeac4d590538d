"""Split a line of text into runs that each use one font, in visual order.

reportlab has no per-glyph font fallback, and with shaping on it shapes a whole
whitespace-delimited word with the *first* font of that word, so a word must
never span two fonts. Fonts are therefore chosen per word where any font covers
the whole word; spaces, punctuation, digits and marks follow their neighbours.

Right-to-left text is put in visual word order here, but each right-to-left
word keeps its characters in *logical* order: reportlab's shaper lets HarfBuzz
guess the direction of each word, and HarfBuzz both joins Arabic letters and
reverses them into visual order only when it receives them logically. Shaping
reversed text instead yields the wrong joining forms.

This module knows nothing about reportlab; it works on :class:`FontFace` objects
and a coverage predicate supplied by the caller.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from bidi.mirror import MIRRORED
from fontTools import unicodedata as ot_unicodedata

from app.fonts import FontFace
from app.reports.text.ordering import order_clusters

# Scripts that reportlab draws correctly glyph by glyph, without HarfBuzz.
_SIMPLE_SCRIPTS = frozenset(
    {"Latn", "Grek", "Cyrl", "Hani", "Hira", "Kana", "Hang", "Bopo", "Zyyy"}
)
_RTL_CLASSES = frozenset({"R", "AL"})
# reportlab splits words with str.split(), which breaks on HAIR SPACE; it is the
# narrowest separator that still keeps two fonts out of one shaped word.
WORD_BREAK = "\u200a"
PLACEHOLDER_CHARS = frozenset("[]U+0123456789ABCDEF")
# The characters reportlab breaks words at (its paragraph module's list). NO-BREAK
# SPACE and its kin are *not* among them: reportlab keeps "a\u00a0b" as one word,
# so for font choice and ordering they must count as part of the word too.
BREAKING_SPACES = frozenset(
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000"
)

Covers = Callable[[FontFace, str], bool]


def placeholder(char: str) -> str:
    """Visible stand-in for a character no font can draw."""
    return f"[U+{ord(char):04X}]"


def _joins_previous(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Mc", "Me") or char in "\u200c\u200d"


def clusters_of(text: str) -> list[str]:
    """Split into clusters: a base character with its marks, joiners and modifiers.

    Not full UAX #29 grapheme segmentation, but enough that a mark always travels
    with its base: to the same font and the same place in the visual order.
    """
    clusters: list[str] = []
    for char in text:
        if clusters and (
            _joins_previous(char)
            or clusters[-1].endswith("\u200d")
            or "\U0001f3fb" <= char <= "\U0001f3ff"  # emoji skin tones
        ):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _is_space(cluster: str) -> bool:
    """A word separator as reportlab sees it (NO-BREAK SPACE is not one)."""
    return cluster[0] in BREAKING_SPACES


def _is_strong(cluster: str) -> bool:
    """Letters decide fonts; digits, punctuation and symbols follow their neighbours."""
    return unicodedata.category(cluster[0])[0] in ("L", "M")


@functools.lru_cache(maxsize=8192)
def _is_ignorable(char: str) -> bool:
    """Invisible format characters (joiners, variation selectors) a font may lack."""
    if unicodedata.category(char) == "Cf":
        return True
    return "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef"


@functools.lru_cache(maxsize=16384)
def char_script(char: str) -> str:
    """ISO 15924 script code of one character (fontTools' lookup is slow; cached)."""
    return str(ot_unicodedata.script(char))


def _script(cluster: str) -> str:
    return char_script(cluster[0])


@functools.lru_cache(maxsize=16384)
def char_needs_shaping(char: str) -> bool:
    """Whether a text containing ``char`` must go through HarfBuzz."""
    if unicodedata.bidirectional(char) in _RTL_CLASSES:
        return True
    script = char_script(char)
    if script == "Zinh" and unicodedata.combining(char):
        return True
    return script not in _SIMPLE_SCRIPTS and script not in ("Zinh", "Zzzz")


def needs_shaping(text: str) -> bool:
    """Whether HarfBuzz must shape the text (complex scripts, marks or right-to-left)."""
    return any(char_needs_shaping(char) for char in text)


@dataclass(frozen=True)
class Run:
    """Text for one reportlab ``<font>`` span, already in the order reportlab needs."""

    face: FontFace
    text: str


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]
    shaping: bool
    base_rtl: bool
    missing: tuple[str, ...]  # characters no font covers, in logical order


@dataclass
class Coverage:
    """Answers that depend only on the font chain, shared by every layout with it:
    a document has thousands of distinct strings but far fewer distinct words."""

    clusters: dict[str, tuple[FontFace, ...]] = field(default_factory=dict)
    words: dict[tuple[str, ...], FontFace | None] = field(default_factory=dict)


class _Planner:
    """Chooses a face for every cluster of one line.

    ``coverage`` memoises the faces that cover each cluster and the face of each
    word; a caller that lays out many strings with the same chain passes one
    :class:`Coverage` to all calls so that each is worked out once.
    """

    def __init__(
        self, chain: Sequence[FontFace], covers: Covers, coverage: Coverage | None = None
    ) -> None:
        self.chain = chain
        self.covers = covers
        self.coverage = Coverage() if coverage is None else coverage

    def covering(self, cluster: str) -> tuple[FontFace, ...]:
        known = self.coverage.clusters.get(cluster)
        if known is None:
            visible = "".join(char for char in cluster if not _is_ignorable(char)) or cluster[0]
            known = tuple(face for face in self.chain if self.covers(face, visible))
            self.coverage.clusters[cluster] = known
        return known

    def _covers_cluster(self, face: FontFace, cluster: str) -> bool:
        # identity, not equality: faces all come from the chain, and the dataclass
        # __eq__ (comparing paths and field by field) dominated layout time
        return any(covering is face for covering in self.covering(cluster))

    def best_for(self, cluster: str) -> FontFace | None:
        faces = self.covering(cluster)
        if not faces:
            return None
        script = _script(cluster)
        primary = [face for face in faces if script in face.scripts]
        return (primary or faces)[0]

    def word_face(self, word: list[str], missing: set[int]) -> FontFace | None:
        """The one face for a whole word, or None when the word needs several."""
        if missing:
            return self._word_face(word, missing)
        key = tuple(word)
        words = self.coverage.words
        if key not in words:
            words[key] = self._word_face(word, missing)
        return words[key]

    def _word_face(self, word: list[str], missing: set[int]) -> FontFace | None:
        covered = [cluster for i, cluster in enumerate(word) if i not in missing]
        needs_placeholder = len(covered) < len(word)
        candidates = [
            face
            for face in self.chain
            if all(self._covers_cluster(face, cluster) for cluster in covered)
            and (not needs_placeholder or self.covers(face, "".join(PLACEHOLDER_CHARS)))
        ]
        if not candidates:
            return None
        strong = [_script(cluster) for cluster in covered if _is_strong(cluster)]
        if not strong:
            return candidates[0]

        def score(face: FontFace) -> int:
            return sum(script in face.scripts for script in strong)

        best = max(score(face) for face in candidates)
        return next(face for face in candidates if score(face) == best)


def _words(clusters: list[str]) -> list[tuple[int, int]]:
    """(start, end) cluster spans of maximal non-space sequences."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for index, cluster in enumerate(clusters):
        if _is_space(cluster):
            if start is not None:
                spans.append((start, index))
                start = None
        elif start is None:
            start = index
    if start is not None:
        spans.append((start, len(clusters)))
    return spans


def assign_faces(
    clusters: list[str], planner: _Planner, fallback: FontFace
) -> tuple[list[FontFace], set[int]]:
    """A face per cluster plus the indices of clusters that need a placeholder."""
    missing = {i for i, cluster in enumerate(clusters) if not planner.covering(cluster)}
    faces: list[FontFace | None] = [None] * len(clusters)
    spans = _words(clusters)
    neutral_words: list[tuple[int, int]] = []
    for start, end in spans:
        word = clusters[start:end]
        local_missing = {i - start for i in missing if start <= i < end}
        if not any(_is_strong(cluster) for cluster in word):
            neutral_words.append((start, end))
            continue
        face = planner.word_face(word, local_missing)
        if face is not None:
            faces[start:end] = [face] * (end - start)
        else:
            _assign_within_word(clusters, faces, start, end, planner, missing, fallback)
    for start, end in neutral_words:
        # a date or a dash between names stays in the font of the words around it
        neighbours = [faces[start - 1]] if start > 0 else []
        neighbours += [faces[end]] if end < len(clusters) else []
        word = clusters[start:end]
        local_missing = {i - start for i in missing if start <= i < end}
        face = next(
            (
                face
                for face in neighbours
                if face is not None
                and all(
                    planner._covers_cluster(face, cluster)
                    for i, cluster in enumerate(word)
                    if i not in local_missing
                )
            ),
            None,
        ) or planner.word_face(word, local_missing)
        if face is not None:
            faces[start:end] = [face] * (end - start)
        else:
            _assign_within_word(clusters, faces, start, end, planner, missing, fallback)
    for index, cluster in enumerate(clusters):
        if faces[index] is None:  # spaces: keep with the previous word when it can
            around = [faces[index - 1]] if index > 0 else []
            around += [faces[j] for j in range(index + 1, len(faces)) if faces[j] is not None][:1]
            faces[index] = next(
                (f for f in around if f is not None and planner._covers_cluster(f, cluster)),
                planner.best_for(cluster) or fallback,
            )
    return [face or fallback for face in faces], missing


def _assign_within_word(
    clusters: list[str],
    faces: list[FontFace | None],
    start: int,
    end: int,
    planner: _Planner,
    missing: set[int],
    fallback: FontFace,
) -> None:
    for index in range(start, end):
        if index in missing:
            faces[index] = fallback
        elif _is_strong(clusters[index]):
            faces[index] = planner.best_for(clusters[index])
    for index in range(start, end):
        if faces[index] is None:
            previous = faces[index - 1] if index > start else None
            following = next((faces[j] for j in range(index + 1, end) if faces[j]), None)
            faces[index] = next(
                (
                    face
                    for face in (previous, following)
                    if face is not None and planner._covers_cluster(face, clusters[index])
                ),
                planner.best_for(clusters[index]) or fallback,
            )


def _display(cluster: str, face: FontFace, covers: Covers, is_missing: bool) -> str:
    """Cluster text as drawn: uncovered characters become visible placeholders."""
    if not is_missing:
        return cluster
    parts: list[str] = []
    for char in cluster:
        if covers(face, char):
            parts.append(char)
        elif not _is_ignorable(char):
            parts.append(placeholder(char))
    return "".join(parts)


def _plan(
    text: str, chain: Sequence[FontFace], covers: Covers, coverage: Coverage | None
) -> tuple[list[str], _Planner, list[FontFace], set[int], tuple[str, ...]]:
    """Clusters, planner, a face per cluster, placeholder clusters and uncovered characters."""
    if not chain:
        raise ValueError("no fonts available")
    clusters = clusters_of(text)
    planner = _Planner(chain, covers, coverage)
    faces, missing = assign_faces(clusters, planner, chain[0]) if clusters else ([], set())
    uncovered = tuple(
        char
        for i in sorted(missing)
        for char in clusters[i]
        if not _is_ignorable(char) and not planner.covering(char)
    )
    return clusters, planner, faces, missing, uncovered


def _splits_unit(
    unit: list[int],
    index: int,
    faces: list[FontFace],
    missing: set[int],
    directions: tuple[str, str],
) -> bool:
    """Whether a shaped word must end before cluster ``index``: HarfBuzz shapes a
    reportlab word with one font in one direction."""
    previous_direction, direction = directions
    return (
        faces[unit[-1]] is not faces[index]
        or (index in missing) != (unit[-1] in missing)
        or (bool(direction and previous_direction) and direction != previous_direction)
    )


def layout_line(
    text: str,
    chain: Sequence[FontFace],
    covers: Covers,
    *,
    shaping: bool | None = None,
    coverage: Coverage | None = None,
) -> Line:
    """Fonts and visual order for one line (no line breaks) of NFC text.

    ``coverage`` is an optional cache shared between calls (see :class:`_Planner`).
    """
    clusters, _planner, faces, missing, uncovered = _plan(text, chain, covers, coverage)
    if not clusters:
        return Line((), False, False, ())
    shaped = needs_shaping(text) if shaping is None else shaping
    ordering = order_clusters(clusters)

    pieces: list[tuple[FontFace, str]] = []

    def add_word(unit: list[int]) -> None:
        face = faces[unit[0]]
        rtl = any(_direction(clusters[i]) == "R" for i in unit)
        if shaped and rtl:
            # HarfBuzz reverses an RTL word itself (and mirrors brackets), so it
            # gets the unit's clusters in logical order.
            ordered = reversed(unit)
            body = "".join(_display(clusters[i], face, covers, i in missing) for i in ordered)
        else:
            body = "".join(
                _mirror(_display(clusters[i], face, covers, i in missing), ordering.is_rtl(i))
                for i in unit
            )
        _append_word(pieces, face, body)

    for is_space, indices in _segments(ordering.visual, clusters, faces, missing, shaped):
        if is_space:
            pieces.append((faces[indices[0]], clusters[indices[0]]))
        else:
            add_word(indices)
    return Line(_merge(pieces), shaped, ordering.base_rtl, uncovered)


@dataclass(frozen=True)
class LogicalLine:
    """A line in *logical* order, for measuring where reportlab breaks it.

    ``tokens`` are the (start, end) character spans in ``text`` of the words
    reportlab will see in ``runs``, in order: the runs contain exactly these
    words, separated by breaking spaces.
    """

    runs: tuple[Run, ...]
    tokens: tuple[tuple[int, int], ...]


def logical_line(
    text: str,
    chain: Sequence[FontFace],
    covers: Covers,
    *,
    shaping: bool | None = None,
    coverage: Coverage | None = None,
) -> LogicalLine:
    """Runs of one line in logical order, split into words exactly as :func:`layout_line`
    splits them, so that the words of both have the same widths."""
    clusters, _planner, faces, missing, _uncovered = _plan(text, chain, covers, coverage)
    shaped = needs_shaping(text) if shaping is None else shaping
    starts: list[int] = []
    offset = 0
    for cluster in clusters:
        starts.append(offset)
        offset += len(cluster)
    pieces: list[tuple[FontFace, str]] = []
    tokens: list[tuple[int, int]] = []

    def add_word(unit: list[int]) -> None:
        face = faces[unit[0]]
        body = "".join(_display(clusters[i], face, covers, i in missing) for i in unit)
        if body:
            _append_word(pieces, face, body)
            tokens.append((starts[unit[0]], starts[unit[-1]] + len(clusters[unit[-1]])))

    for is_space, indices in _segments(range(len(clusters)), clusters, faces, missing, shaped):
        if is_space:
            pieces.append((faces[indices[0]], clusters[indices[0]]))
        else:
            add_word(indices)
    return LogicalLine(_merge(pieces), tuple(tokens))


def _segments(
    order: Iterable[int],
    clusters: Sequence[str],
    faces: list[FontFace],
    missing: set[int],
    shaped: bool,
) -> Iterator[tuple[bool, list[int]]]:
    """The line's spaces and words, in ``order``, as (is_space, cluster indices).

    Words are the units reportlab will shape: one face, one direction, no spaces.
    :func:`layout_line` (visual order) and :func:`logical_line` (logical order) both cut
    a line here, so the words they produce are the same and measure the same.
    """
    unit: list[int] = []
    previous_direction = ""
    for index in order:
        cluster = clusters[index]
        if _is_space(cluster):
            if unit:
                yield False, unit
                unit = []
            yield True, [index]
            previous_direction = ""
            continue
        direction = _direction(cluster)
        if (
            unit
            and shaped
            and _splits_unit(unit, index, faces, missing, (previous_direction, direction))
        ):
            yield False, unit
            unit = []
        unit.append(index)
        if direction:
            previous_direction = direction
    if unit:
        yield False, unit


def _append_word(pieces: list[tuple[FontFace, str]], face: FontFace, body: str) -> None:
    # Two words in a row with no space between them (a font or direction change inside
    # a word) get a break so that reportlab shapes each with its own font.
    if pieces and pieces[-1][1] and pieces[-1][1][-1] not in BREAKING_SPACES:
        pieces.append((pieces[-1][0], WORD_BREAK))
    pieces.append((face, body))


@functools.lru_cache(maxsize=16384)
def _direction(cluster: str) -> str:
    """ "R" or "L" as HarfBuzz will guess it from the script, "" for common characters.

    HarfBuzz picks a word's direction from its first character with a real script,
    so Arabic-Indic digits (script Arabic, bidi class AN) count as right-to-left.
    """
    script = _script(cluster)
    if script in ("Zyyy", "Zinh", "Zzzz"):
        return ""
    return "R" if ot_unicodedata.script_horizontal_direction(script, "LTR") == "RTL" else "L"


def _mirror(text: str, rtl_level: bool) -> str:
    if not rtl_level:
        return text
    return "".join(MIRRORED.get(char, char) for char in text)


def _merge(pieces: list[tuple[FontFace, str]]) -> tuple[Run, ...]:
    runs: list[Run] = []
    for face, text in pieces:
        # spaces between two fonts stay with the run before them
        if runs and (runs[-1].face == face or all(c in BREAKING_SPACES for c in text)):
            runs[-1] = Run(runs[-1].face, runs[-1].text + text)
        else:
            runs.append(Run(face, text))
    return tuple(runs)
