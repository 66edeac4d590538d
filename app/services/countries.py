"""Which country a name means, in every form a participant list may write it.

The index is built once, on first use, from what pycountry and babel already know:
ISO 3166 names (short, official, common), the withdrawn names of ISO 3166-3, the
territory names of every babel locale (the six UN languages and each country's own
script among them), alpha-2 and alpha-3 codes. Only UN terminology forms that none of
them holds are written out below. Names are compared by :func:`country_key`, so
apostrophes, dashes, quotes, spaces, case and accents do not matter, and UN / ISO
parenthesis forms ("Bolivia (Plurinational State of)", "Gambia (the)") and ISO comma
forms ("Korea, Republic of") are read as the names they invert.

When one key means different countries at the same level of authority (a locale's
name for one country is another locale's name for another), the key is ambiguous and
answered with the candidates rather than a guess.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.textnorm import fold

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# Levels of authority, strongest first: a key known at a stronger level wins outright.
CODE, ISO, LOCALE, FORMER = 0, 1, 2, 3
SUGGESTION_CUTOFF = 80
# UN terminology (UNTERM) short and formal names, and former names in current use,
# that neither pycountry nor babel's English holds. Everything else comes from them.
HAND_NAMES: dict[str, str] = {
    "Syrian Arab Republic": "SYR",
    "State of Palestine": "PSE",
    "Democratic Republic of the Congo": "COD",
    "Republic of the Congo": "COG",
    "Swaziland": "SWZ",
    "Cape Verde": "CPV",
    "The former Yugoslav Republic of Macedonia": "MKD",
    "Macedonia": "MKD",
    "Turkey": "TUR",
    "Holland": "NLD",
    "Great Britain": "GBR",
    "Vatican": "VAT",
    "Kyrgyzstan": "KGZ",
    "Brunei": "BRN",
    "俄罗斯联邦": "RUS",  # the UN Chinese formal name; pycountry's zh_CN has only 俄罗斯
}
# Withdrawn codes (ISO 3166-3) whose country was divided: no successor to pick.
_DIVIDED = "HH", "XX"

_APOSTROPHES = str.maketrans(dict.fromkeys("’‘ʼʻ`´′‛", "'"))
_QUOTES = re.compile(r"[\"“”„‟«»‹›]")
_DASHES = re.compile(r"[\-‐‑‒–—―−]")
_TRAILING_THE = re.compile(r"^(?P<head>.+?)\s*\((?:the)\)$")
_PARENTHESIS = re.compile(r"^(?P<head>[^()]+?)\s*\((?P<inner>[^()]+)\)$")
_COMMA = re.compile(r"^(?P<head>[^,]+),\s*(?P<tail>[^,]+)$")


class CountryNameError(ValueError):
    """A name that is not one country; the message says why and what may be meant."""

    def __init__(self, text: str, reason: str, suggestions: list[str] | None = None) -> None:
        self.text = text
        self.reason = reason
        self.suggestions = suggestions or []  # alpha-3 codes, best first
        super().__init__(reason)


@dataclass(frozen=True)
class _Entry:
    level: int
    alpha3: frozenset[str]


def country_key(text: str) -> str:
    """The form names are compared in: folded, punctuation of every kind made one."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    text = _DASHES.sub(" ", _QUOTES.sub("", text)).replace("&", " and ").replace(".", "")
    key = fold(text)
    return key.removeprefix("the ") if key.startswith("the ") and len(key) > 4 else key


def name_forms(text: str) -> set[str]:
    """Every key a name stands for: itself and its ISO / UN inverted forms."""
    key = country_key(text)
    forms = {key}
    if match := _TRAILING_THE.match(key):  # "gambia (the)"
        forms.add(match["head"])
    elif match := _PARENTHESIS.match(key):  # "iran (islamic republic of)"
        forms.add(country_key(f"{match['inner']} {match['head']}"))
    if match := _COMMA.match(key):  # "korea, republic of"
        forms.add(country_key(f"{match['tail']} {match['head']}"))
    forms.discard("")
    return forms


class CountryIndex:
    """Folded name -> alpha-3, with the level of authority each name came from."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self.divided: dict[str, str] = {}  # key of a divided country -> its name
        self.labels: dict[str, str] = {}  # alpha-3 -> an English name for messages

    def add(self, name: str | None, alpha3: str, level: int) -> None:
        if not name:
            return
        for key in name_forms(name):
            current = self._entries.get(key)
            if current is None or level < current.level:
                self._entries[key] = _Entry(level, frozenset({alpha3}))
            elif level == current.level and alpha3 not in current.alpha3:
                self._entries[key] = _Entry(level, current.alpha3 | {alpha3})

    def lookup(self, text: str) -> str:
        """The alpha-3 ``text`` names; raises CountryNameError naming what is wrong."""
        found: set[str] = set()
        best = FORMER + 1
        for key in name_forms(text):
            entry = self._entries.get(key)
            if entry is None or entry.level > best:
                continue
            if entry.level < best:
                best, found = entry.level, set()
            found |= entry.alpha3
        if len(found) == 1:
            return next(iter(found))
        if found:
            names = ", ".join(sorted(self.labels.get(a, a) for a in found))
            raise CountryNameError(
                text, f"'{text}' may mean {names}; write the country's name", sorted(found)
            )
        for key in name_forms(text):
            if key in self.divided:
                raise CountryNameError(
                    text,
                    f"'{text}' ({self.divided[key]}) no longer exists; write the present country",
                )
        suggestions = self.suggest(text)
        message = f"unknown country '{text}'"
        if suggestions:
            message += f"; did you mean {_or_list([self.labels[a] for a in suggestions])}?"
        raise CountryNameError(text, message, suggestions)

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """Alpha-3 codes of the countries whose names are nearest to ``text``, best first."""
        from rapidfuzz import fuzz, process

        key = country_key(text)
        if len(key) < 3:
            return []
        choices = [k for k, e in self._entries.items() if e.level != CODE and len(e.alpha3) == 1]
        found: list[str] = []
        for _, _, index in process.extract(
            key, choices, scorer=fuzz.WRatio, limit=limit * 8, score_cutoff=SUGGESTION_CUTOFF
        ):
            (alpha3,) = self._entries[choices[index]].alpha3
            if alpha3 not in found:
                found.append(alpha3)
        return found[:limit]

    def __len__(self) -> int:
        return len(self._entries)

    def to_json(self) -> dict[str, Any]:
        entries = {k: [e.level, sorted(e.alpha3)] for k, e in self._entries.items()}
        return {"entries": entries, "divided": self.divided, "labels": self.labels}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CountryIndex:
        index = cls()
        index._entries = {
            key: _Entry(int(level), frozenset(codes))
            for key, (level, codes) in data["entries"].items()
        }
        index.divided = dict(data["divided"])
        index.labels = dict(data["labels"])
        return index


def _or_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _iso_names() -> Iterator[tuple[str | None, str, int]]:
    import pycountry

    for entry in pycountry.countries:
        yield entry.alpha_2, entry.alpha_3, CODE
        yield entry.alpha_3, entry.alpha_3, CODE
        for name in _iso_attributes(entry):
            yield name, entry.alpha_3, ISO
    for name, alpha3 in HAND_NAMES.items():
        yield name, alpha3, ISO


def _locale_names(alpha2_to_3: dict[str, str]) -> Iterator[tuple[str, str, int]]:
    """Every babel locale's name for every territory that is an ISO country, and
    pycountry's translations of the ISO names (which hold the formal UN names:
    "Fédération de Russie", "Российская Федерация", "俄罗斯联邦")."""
    import gettext

    import pycountry
    from babel import localedata

    for identifier in localedata.locale_identifiers():
        territories = localedata.load(identifier, merge_inherited=False).get("territories", {})
        for code, name in territories.items():
            alpha3 = alpha2_to_3.get(code)
            if alpha3 is not None:
                yield name, alpha3, ISO if identifier == "en" else LOCALE
    english = [(e.alpha_3, n) for e in pycountry.countries for n in _iso_attributes(e)]
    for language in sorted(os.listdir(pycountry.LOCALES_DIR)):
        try:
            catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, [language])
        except OSError:
            continue
        for alpha3, name in english:
            yield catalogue.gettext(name), alpha3, LOCALE


def _iso_attributes(entry: object) -> list[str]:
    return [
        value
        for attribute in ("name", "official_name", "common_name")
        if (value := getattr(entry, attribute, None))
    ]


def _former_names(index: CountryIndex, alpha2_to_3: dict[str, str]) -> None:
    """ISO 3166-3: a withdrawn name means its successor, or is refused if it was divided."""
    import pycountry

    for entry in pycountry.historic_countries:
        successor = alpha2_to_3.get(entry.alpha_4[2:])
        names = {entry.name, entry.name.split(",")[0]}
        if successor is None or entry.alpha_4[2:] in _DIVIDED:
            for name in names:
                index.divided.update(dict.fromkeys(name_forms(name), entry.name))
            continue
        for name in names:
            index.add(name, successor, FORMER)


def build_index() -> CountryIndex:
    """Read every source (a few seconds: each babel locale is a file to unpickle)."""
    import pycountry

    alpha2_to_3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    index = CountryIndex()
    for entry in pycountry.countries:
        index.labels[entry.alpha_3] = getattr(entry, "common_name", None) or entry.name
    # Locales repeat each other's names many times over: fold each distinct one once.
    sources = dict.fromkeys((*_iso_names(), *_locale_names(alpha2_to_3)))
    for name, alpha3, level in sources:
        index.add(name, alpha3, level)
    _former_names(index, alpha2_to_3)
    return index


def _cache_file() -> Path:
    """Named after what the index is made from, so a new babel, pycountry or rule
    set makes a new file instead of reusing a stale one."""
    from importlib.metadata import version

    from platformdirs import user_cache_path

    made_from = "|".join(
        (version("babel"), version("pycountry"), Path(__file__).read_text(encoding="utf-8"))
    )
    digest = hashlib.sha256(made_from.encode()).hexdigest()[:16]
    return user_cache_path("protocol-desk", appauthor=False) / f"country-index-{digest}.json"


@cache
def country_index() -> CountryIndex:
    """Built on first use and kept in the user's cache folder: a JSON file read in a
    fraction of the build time, so each command-line import does not pay it again."""
    path = _cache_file()
    try:
        return CountryIndex.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        pass  # absent, or damaged: build it again
    index = build_index()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(index.to_json(), ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)
        for stale in path.parent.glob("country-index-*.json"):  # from older versions
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache folder only costs the next run the build
    return index


def resolve_country(text: str) -> str:
    """The alpha-3 code of the country ``text`` names (see the module's docstring)."""
    return country_index().lookup(text)


# --- the office's own answers ---------------------------------------------------------
# When a list writes a country in a form no source knows, the officer says once which
# country it is; the answer is kept with the data so every workstation and the command
# line read that value the same way from then on.
CHOICES_SETTING = "import.country_choices"


def remembered_countries(session: Session) -> dict[str, str]:
    """Country key of a value -> the alpha-3 the office chose for it."""
    from app.services.office_settings import read_setting

    stored = read_setting(session, CHOICES_SETTING)
    if not isinstance(stored, dict):
        return {}
    return {str(k): str(v) for k, v in stored.items() if isinstance(v, str)}


def remember_country(session: Session, value: str, alpha3: str) -> None:
    """Keep ``value`` as meaning the country ``alpha3`` (in the caller's transaction)."""
    from sqlalchemy import select

    from app.errors import DomainError
    from app.model import Country
    from app.services.office_settings import write_setting

    key = country_key(value)
    if not key:
        raise DomainError("country", "the value to remember is empty")
    code = alpha3.strip().upper()
    if session.scalar(select(Country.id).where(Country.alpha3 == code)) is None:
        raise DomainError("country", f"'{alpha3}' is not a country code in the country list")
    choices = remembered_countries(session)
    choices[key] = code
    write_setting(session, CHOICES_SETTING, choices)


def country_choices(session: Session) -> list[tuple[str, str]]:
    """(alpha-3, English name) of every country in the list, by name: what an officer
    picks from when a value matches none."""
    from sqlalchemy import select

    from app.model import Country

    rows = session.execute(select(Country.alpha3, Country.name_en).order_by(Country.name_en))
    return [(str(alpha3), str(name)) for alpha3, name in rows]
