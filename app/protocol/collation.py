"""Alphabetical order as people expect it, whatever the script.

Code-point order puts 'Égypte' after 'Zambie' and 'bolivia' after 'Zimbabwe'; the
Unicode Collation Algorithm (pyuca, with the default DUCET table) orders by letter
first and only then by accent and case, which is the order of printed lists in
English and French and a close one for Cyrillic alphabets. Han characters carry no
alphabetical order, so Chinese is read in pinyin first (pypinyin), the order of
Chinese dictionaries and directories.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pyuca  # type: ignore[import-untyped]
from pypinyin import lazy_pinyin

from app.textnorm import transliterate

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")

type SortKey = tuple[tuple[int, ...], str]


@cache
def _collator() -> pyuca.Collator:
    return pyuca.Collator()


def has_han(text: str) -> bool:
    return _HAN_RUN.search(text) is not None


def pinyin_reading(text: str) -> str:
    """Han runs read in toneless pinyin ('马建堂' -> 'majiantang'); other text kept."""

    def read(match: re.Match[str]) -> str:
        return "".join(lazy_pinyin(match.group(0)))

    return _HAN_RUN.sub(read, text)


def latin_reading(text: str) -> str:
    """A folded Latin reading of any script: pinyin for Chinese, unidecode for the rest."""
    return transliterate(pinyin_reading(text))


def collation_key(text: str, language: str | None = None) -> SortKey:
    """A key that sorts ``text`` alphabetically, accents and case ranking after letters.

    Chinese (``language`` 'zh...' or any Han text) sorts by its pinyin reading. The text
    itself breaks the last ties, so equal keys mean equal strings.
    """
    normal = unicodedata.normalize("NFC", text.strip())
    basis = (
        latin_reading(normal) if (language or "").startswith("zh") or has_han(normal) else normal
    )
    return tuple(_collator().sort_key(basis)), normal
