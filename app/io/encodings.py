"""Which encoding a CSV file's bytes are in, and when that cannot be told.

The rule is deterministic, so that the same file always gets the same answer:

1. A byte-order mark (UTF-8 or UTF-16) or bytes that are valid UTF-8 throughout are
   **certain**: legacy text practically never forms valid multi-byte UTF-8 by chance.
2. UTF-16 without a mark shows as every other byte zero; it is read as such.
3. Anything else is a legacy code page. Each candidate (Windows-1251, GB18030,
   Windows-1252, and charset-normalizer's own best guess if it is another) is decoded
   strictly, line by line, and each line holding non-ASCII bytes is checked for readings
   that real lists do not contain: a word mixing scripts ("Jos茅", "Mьller"), stray
   symbols, or characters the code page's usual repertoire lacks. A candidate with no
   such line is *plausible*. charset-normalizer's mess ratio ("chaos") then ranks the
   plausible candidates. The guess is taken only when one plausible candidate is left,
   or when the best one is ahead of every other by ``CHAOS_MARGIN`` (or charset-normalizer
   rejects the others outright). Otherwise the file is **ambiguous**.
4. A file whose non-ASCII lines are partly valid UTF-8 and partly not **mixes encodings**.
   It is never guessed; the candidates are "UTF-8, other lines in X" readings.

Ambiguous and mixed files are refused with the lines concerned and how they read in
each candidate; the user picks one (``--encoding``, or in the import assistant).
"""

from __future__ import annotations

import codecs
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

LEGACY_ENCODINGS = ("cp1251", "gb18030", "cp1252")
MIXED = "+"  # "utf-8+cp1251": UTF-8 lines as UTF-8, every other line as cp1251
CHAOS_MARGIN = 0.05
SAMPLE_LINES = 3
SAMPLE_WIDTH = 60
SCORED_LINES = 2000
# charset-normalizer is given at most this much: it samples anyway, and stays quick.
DETECTOR_BYTES = 200_000
_WORD = re.compile(r"[^\W\d_]+")
# Non-ASCII punctuation that real lists contain; any other symbol hints at mojibake.
_USUAL = frozenset("«»№€–—‘’“”„…·°§©®™\u00a0")
# Scripts that legitimately share a word (Japanese mixes kanji and kana).
_SCRIPT_FAMILY = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "BOPOMOFO": "CJK"}


@dataclass(frozen=True)
class Candidate:
    """One possible reading of the file, with the evidence for and against it."""

    encoding: str
    samples: tuple[tuple[int, str], ...]  # (line number, its non-ASCII cells as read)
    odd_lines: tuple[int, ...]  # lines that read as something real lists do not hold
    chaos: float | None  # charset-normalizer's mess ratio; None: it rejects this reading

    @property
    def plausible(self) -> bool:
        return not self.odd_lines


@dataclass(frozen=True)
class EncodingGuess:
    encoding: str | None  # None: ambiguous or mixed, the user must choose
    certain: bool
    reason: str
    candidates: tuple[Candidate, ...] = ()
    lines: tuple[int, ...] = ()  # the lines whose reading depends on the choice
    mixed: bool = False


def is_known(encoding: str) -> bool:
    """Whether ``encoding`` names a codec (or a "utf-8+X" mixed reading of one)."""
    for part in encoding.split(MIXED, 1):
        try:
            codecs.lookup(part)
        except LookupError:
            return False
    return True


def decode(data: bytes, encoding: str) -> str:
    """``data`` as text; a "utf-8+X" encoding reads each line as UTF-8 if it is valid
    UTF-8, else as X. Raises UnicodeDecodeError (positions relative to ``data``)."""
    if MIXED not in encoding:
        return data.decode(encoding)
    fallback = encoding.split(MIXED, 1)[1]
    parts: list[str] = []
    offset = 0
    for line in data.splitlines(keepends=True):
        try:
            parts.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                parts.append(line.decode(fallback))
            except UnicodeDecodeError as error:
                raise UnicodeDecodeError(
                    error.encoding, data, offset + error.start, offset + error.end, error.reason
                ) from None
        offset += len(line)
    return "".join(parts)


def detect(data: bytes) -> EncodingGuess:
    """How to read ``data`` (see the module docstring for the rule)."""
    if data.startswith(codecs.BOM_UTF8):
        return EncodingGuess("utf-8-sig", True, "UTF-8 byte-order mark")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return EncodingGuess("utf-16", True, "UTF-16 byte-order mark")
    sample = data[:4096]
    if b"\x00" in sample:
        # UTF-16 without a BOM shows as every other byte zero in Latin text.
        if sample[1::2].count(0) > len(sample) // 4:
            return EncodingGuess("utf-16-le", False, "zero bytes in UTF-16 little-endian order")
        if sample[0::2].count(0) > len(sample) // 4:
            return EncodingGuess("utf-16-be", False, "zero bytes in UTF-16 big-endian order")
        return EncodingGuess(None, False, "binary data")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return EncodingGuess("utf-8", True, "valid UTF-8")
    return _guess_legacy(data)


def _guess_legacy(data: bytes) -> EncodingGuess:
    lines = data.splitlines()
    foreign = [n for n, line in enumerate(lines, start=1) if not line.isascii()]
    utf8 = [n for n in foreign if _is_utf8(lines[n - 1])]
    valid = set(utf8)
    concerned = [n for n in foreign if n not in valid]
    chaos = _chaos(b"\n".join(lines[n - 1] for n in concerned))
    prefix = "utf-8" + MIXED if utf8 else ""
    found = [_candidate(lines, concerned, prefix + name, name, chaos) for name in LEGACY_ENCODINGS]
    if not any(c is not None and c.plausible for c in found):
        # None of the usual code pages fits: offer charset-normalizer's best, too.
        extra = [e for e in chaos if e not in LEGACY_ENCODINGS][:1]
        found += [_candidate(lines, concerned, prefix + name, name, chaos) for name in extra]
    candidates = sorted((c for c in found if c is not None), key=_rank)
    if utf8:
        reason = (
            f"{lines_text(utf8)} {_be(utf8)} UTF-8 but {lines_text(concerned)} {_be(concerned)} not"
        )
        return EncodingGuess(None, False, reason, tuple(candidates), tuple(concerned), True)
    plausible = [c for c in candidates if c.plausible]
    if plausible and _clear_winner(plausible):
        return EncodingGuess(
            plausible[0].encoding,
            False,
            "the only plausible reading" if len(plausible) == 1 else "clearly the best reading",
            tuple(candidates),
            tuple(concerned),
        )
    reason = (
        "several encodings read the names plausibly"
        if plausible
        else "no encoding reads every name plausibly"
    )
    return EncodingGuess(None, False, reason, tuple(candidates), tuple(concerned))


def _rank(candidate: Candidate) -> tuple[int, float]:
    return (len(candidate.odd_lines), 2.0 if candidate.chaos is None else candidate.chaos)


def _clear_winner(plausible: list[Candidate]) -> bool:
    """One plausible reading, or one that charset-normalizer clearly prefers."""
    best, others = plausible[0], plausible[1:]
    if not others:
        return True
    if best.chaos is None:
        return False
    return all(c.chaos is None or c.chaos >= best.chaos + CHAOS_MARGIN for c in others)


def _candidate(
    lines: list[bytes], concerned: list[int], encoding: str, base: str, chaos: dict[str, float]
) -> Candidate | None:
    try:
        for number in concerned:
            lines[number - 1].decode(base)
    except UnicodeDecodeError:
        return None
    samples: list[tuple[int, str]] = []
    odd: list[int] = []
    for number in _scored(concerned):
        text = lines[number - 1].decode(base)
        if odd_text(text, base):
            odd.append(number)
        if len(samples) < SAMPLE_LINES:
            samples.append((number, _sample(text)))
    return Candidate(encoding, tuple(samples), tuple(odd), chaos.get(codecs.lookup(base).name))


def _scored(concerned: list[int]) -> list[int]:
    """The lines whose words are checked: all of a list of usual size, else the first
    ones and an even spread of the rest (every row is checked again once read, see
    app.io.tabular, so a garbled row further down is still caught)."""
    if len(concerned) <= SCORED_LINES:
        return concerned
    rest = concerned[SCORED_LINES // 2 :]
    return concerned[: SCORED_LINES // 2] + rest[:: len(rest) // (SCORED_LINES // 2) + 1]


def _chaos(data: bytes) -> dict[str, float]:
    """charset-normalizer's mess ratio per encoding it accepts for ``data``."""
    from charset_normalizer import from_bytes

    if not data:
        return {}
    found: dict[str, float] = {}
    for match in from_bytes(data[:DETECTOR_BYTES]):
        found.setdefault(codecs.lookup(match.encoding).name, match.chaos)
    # Our own candidates are always scored, even where the detector prefers others.
    isolated = from_bytes(data[:DETECTOR_BYTES], cp_isolation=list(LEGACY_ENCODINGS))
    for match in isolated:
        found.setdefault(codecs.lookup(match.encoding).name, match.chaos)
    return found


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _sample(text: str) -> str:
    """The cells with non-ASCII letters (the names, mostly), as they read."""
    cells = [c.strip().strip('"') for c in re.split(r"[,;\t]", text) if not c.isascii()]
    joined = " · ".join(c for c in cells if c)
    return joined if len(joined) <= SAMPLE_WIDTH else joined[: SAMPLE_WIDTH - 1] + "…"


def odd_text(text: str, encoding: str | None = None) -> bool:
    """Whether ``text`` holds a word no real list holds, or a stray symbol or control.

    ``encoding``, when the text was decoded from a legacy code page, adds what is odd
    for that code page (see ``_odd_for``)."""
    for char in text:
        if not char.isascii() and unicodedata.category(char)[0] in "CS" and char not in _USUAL:
            return True
    if any(_odd_word(word, encoding) for word in _WORD.findall(text)):
        return True
    return encoding == "gb18030" and _rare_hanzi(text)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def mixed_scripts(word: str) -> tuple[str, ...]:
    """The scripts a single word mixes, when it mixes ones no name mixes; else ()."""
    if word.isascii():
        return ()
    families = {_family(c) for c in word if c.isalpha()}
    families.discard("")
    return tuple(sorted(families)) if len(families) > 1 else ()


def _odd_word(word: str, encoding: str | None) -> bool:
    if word.isascii():
        return False
    if mixed_scripts(word):
        return True
    if not any(c.isascii() for c in word) and _mixed_case(word):
        # "ВнЅЁМГ": GB18030 bytes read as Cyrillic. Latin names may do this (McDonald),
        # names in other cased scripts do not.
        return True
    # Cyrillic bytes read as Windows-1252 give words made only of accented letters.
    return (
        encoding in ("cp1252", "latin-1")
        and len(word) >= 4
        and word.isalpha()
        and (not any(c.isascii() for c in word))
    )


def _mixed_case(word: str) -> bool:
    return any(a.islower() and b.isupper() for a, b in itertools.pairwise(word))


def _rare_hanzi(text: str) -> bool:
    """Cyrillic or Latin bytes read as GB18030 land mostly on rare characters (outside
    GB2312's first level, the 3,755 common hanzi that names are written with)."""
    hanzi = [c for c in text if _family(c) == "CJK"]
    rare = sum(1 for c in hanzi if not _common_hanzi(c))
    return bool(hanzi) and rare * 2 > len(hanzi)


def _common_hanzi(char: str) -> bool:
    try:
        encoded = char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and 0xB0 <= encoded[0] <= 0xD7


@functools.lru_cache(maxsize=4096)  # names repeat the same few hundred letters
def _family(char: str) -> str:
    name = unicodedata.name(char, "")
    if name.startswith("CJK"):
        return "CJK"
    script = name.split(" ", 1)[0]
    if script in ("MODIFIER", "COMBINING"):
        return ""
    return _SCRIPT_FAMILY.get(script, script)


def _numbers(numbers: Iterable[int], limit: int = 8) -> str:
    """ "2, 5–9, 12": consecutive lines as ranges, at most ``limit`` of them shown."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in runs]
    more = f" and {len(parts) - limit} more" if len(parts) > limit else ""
    return ", ".join(parts[:limit]) + more


def lines_text(numbers: list[int] | tuple[int, ...]) -> str:
    """ "line 3" / "lines 2, 5–9": for the sentences below."""
    return f"line {numbers[0]}" if len(numbers) == 1 else f"lines {_numbers(numbers)}"


def _be(numbers: list[int]) -> str:
    return "is" if len(numbers) == 1 else "are"


def explain(name: str, guess: EncodingGuess, label: str = "--encoding") -> str:
    """The refusal for an uncertain guess: the lines concerned and how they read."""
    lines = [
        f"{name}: cannot tell the encoding for certain ({guess.reason}); "
        f"lines concerned: {_numbers(guess.lines)}. Choose one with {label}:"
    ]
    for candidate in guess.candidates:
        verdict = "" if candidate.plausible else f" (garbled: {lines_text(candidate.odd_lines)})"
        shown = "; ".join(f"line {n}: {text}" for n, text in candidate.samples)
        lines.append(f"  {candidate.encoding}{verdict} — {shown}")
    return "\n".join(lines)
