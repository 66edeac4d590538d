"""Speed of the text layer and the duplicate finder, kept out of the unit tests.

Prints: converting 1,000 CJK characters of a CFF font to a TrueType subset (cold cache),
preparing 4,800 distinct multi-script strings, and finding a planted duplicate among
50,000 synthetic names.
"""

from __future__ import annotations

import random
import tempfile
import time
import uuid
from pathlib import Path

from app.fonts import CJK
from app.protocol.duplicates import NameRecord, find_duplicates, readings_of
from app.reports.text import FontSet

NAMES = ["Alikhan Baimenov", "Қасым-Жомарт Тоқаев", "São Paulo", "Ελευθέριος Βενιζέλος"]
ARABIC = "محمد بن سلمان"
DEVANAGARI = "नरेन्द्र मोदी"


def cjk_conversion() -> None:
    ideographs = "".join(chr(code) for code in range(0x4E00, 0x4E00 + 1000))
    with tempfile.TemporaryDirectory() as folder:
        fonts = FontSet([ideographs], cache_dir=Path(folder))
        cjk = next((face for face in fonts.chain if face.role == CJK), None)
        if cjk is None:
            print("CJK conversion: no CJK font on this machine")
            return
        started = time.perf_counter()
        fonts.font_name(cjk)
        print(
            f"CJK subset + CFF to TrueType, 1,000 characters: {time.perf_counter() - started:.2f} s"
        )


def prepare_strings() -> None:
    texts = [f"{name} {i}" for i, name in enumerate(NAMES * 800)]
    texts += [f"{ARABIC} {i}" for i in range(800)] + [f"{DEVANAGARI} {i}" for i in range(800)]
    fonts = FontSet(texts)
    started = time.perf_counter()
    for text in texts:
        fonts.prepare(text)
    per_call = (time.perf_counter() - started) / len(texts)
    print(f"FontSet.prepare, {len(texts):,} distinct strings: {per_call * 1000:.3f} ms a string")


def duplicates() -> None:
    rng = random.Random(5)
    syllables = ["ba", "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "zu", "an", "el", "or"]

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()

    people = [
        NameRecord(uuid.uuid4(), name, readings_of([name]))
        for name in (f"{word()} {word()}" for _ in range(50_000))
    ]
    planted = NameRecord(uuid.uuid4(), "Alikhan Baymenov", readings_of(["Alikhan Baymenov"]))
    original = NameRecord(uuid.uuid4(), "Alikhan Baimenov", readings_of(["Alikhan Baimenov"]))
    started = time.perf_counter()
    found = find_duplicates([*people, planted, original])
    elapsed = time.perf_counter() - started
    print(f"Possible duplicates among 50,002 people: {elapsed:.2f} s ({len(found):,} pairs)")


if __name__ == "__main__":
    cjk_conversion()
    prepare_strings()
    duplicates()
