"""Names as protocol writes them, and people in the order protocol lists them.

Forms, for a person recorded as honorific "H.E. Mr", given names "Alikhan", family
name "Baimenov":

* formal (invitations, place cards, speaking order):   "H.E. Mr Alikhan BAIMENOV"
* list (participant lists, badges; sorts by eye):       "BAIMENOV Alikhan"
* natural (running text):                               "Alikhan Baimenov"

A family-name-first name keeps its order in every form: "H.E. Mr MA Jiantang",
"MA Jiantang", never "Jiantang MA". The name in its own script goes beside the Latin
form in one line, or below it on a second line (place cards, badges).

Every function takes anything shaped like a :class:`~app.model.Person` (see
:class:`PersonName`), so a PDF builder can pass records or plain values.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from app.protocol.collation import SortKey, collation_key, has_han, latin_reading
from app.textnorm import fold


class PersonName(Protocol):
    @property
    def honorific(self) -> str | None: ...
    @property
    def given_names(self) -> str | None: ...
    @property
    def family_name(self) -> str: ...
    @property
    def family_name_first(self) -> bool: ...
    @property
    def native_name(self) -> str | None: ...


class NameForm(StrEnum):
    FORMAL = "formal"
    LIST = "list"
    NATURAL = "natural"


class NativePlacement(StrEnum):
    NONE = "none"
    BESIDE = "beside"
    BELOW = "below"


@dataclass(frozen=True)
class NameLines:
    """What to print: the Latin form, and the native-script form on a line of its own."""

    latin: str
    native: str | None = None

    @property
    def lines(self) -> list[str]:
        return [self.latin, self.native] if self.native else [self.latin]


# Styles of courtesy that come before the civil title; "H.E." makes a person addressed
# as Excellency.
_EXCELLENCY = re.compile(r"^(h\.?\s?e\.?|his excellency|her excellency|s\.?\s?e\.?)$")
_STYLE_TOKENS = re.compile(
    r"^(h\.?\s?e\.?|h\.?r\.?h\.?|h\.?m\.?|his|her|excellency|royal|highness|majesty|"
    r"the|hon\.?|honourable|honorable|rt\.?|right|s\.?\s?e\.?)$"
)


def family_capitals(family_name: str) -> str:
    """The family name in capitals, as protocol lists mark it ('BAIMENOV', 'MA')."""
    return unicodedata.normalize("NFC", family_name.strip()).upper()


def _given(person: PersonName) -> str:
    return " ".join((person.given_names or "").split())


def _family(person: PersonName) -> str:
    return " ".join(person.family_name.split())


def _capitalised_order(person: PersonName) -> str:
    family = family_capitals(_family(person))
    given = _given(person)
    if not given:
        return family
    return f"{family} {given}" if person.family_name_first else f"{given} {family}"


def formal_name(person: PersonName, *, with_honorific: bool = True) -> str:
    """'H.E. Mr Alikhan BAIMENOV'; 'H.E. Mr MA Jiantang' for a family-name-first name."""
    honorific = " ".join((person.honorific or "").split())
    name = _capitalised_order(person)
    return f"{honorific} {name}" if with_honorific and honorific else name


def list_name(person: PersonName) -> str:
    """Family name in capitals first: 'BAIMENOV Alikhan', 'MA Jiantang'."""
    family = family_capitals(_family(person))
    given = _given(person)
    return f"{family} {given}" if given else family


def natural_name(person: PersonName) -> str:
    """The name as written in running text: 'Alikhan Baimenov', 'Ma Jiantang'."""
    parts = (
        [_family(person), _given(person)]
        if person.family_name_first
        else [_given(person), _family(person)]
    )
    return " ".join(p for p in parts if p)


def display_name(person: PersonName, form: NameForm) -> str:
    if form is NameForm.FORMAL:
        return formal_name(person)
    if form is NameForm.LIST:
        return list_name(person)
    return natural_name(person)


def native_form(person: PersonName) -> str | None:
    """The name in its own script, when it says more than the Latin form."""
    native = " ".join((person.native_name or "").split())
    if not native:
        return None
    if fold(native) in {fold(natural_name(person)), fold(list_name(person))}:
        return None
    return unicodedata.normalize("NFC", native)


# Han characters take regional shapes (Japanese, Korean, Simplified or Traditional
# Chinese); a name in ideographs only cannot tell which, so the person's languages
# decide, then their country.
_CJK_BY_LANGUAGE = {
    "ja": "ja",
    "ko": "ko",
    "zh": "zh-Hans",
    "zh-hans": "zh-Hans",
    "zh-cn": "zh-Hans",
    "zh-hant": "zh-Hant",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-HK",
}
_CJK_BY_COUNTRY = {
    "JPN": "ja",
    "KOR": "ko",
    "PRK": "ko",
    "CHN": "zh-Hans",
    "SGP": "zh-Hans",
    "TWN": "zh-Hant",
    "HKG": "zh-HK",
    "MAC": "zh-Hant",
}


class _HasCountryCode(Protocol):
    @property
    def alpha3(self) -> str: ...


def native_language(languages: Sequence[str] | None, country: _HasCountryCode | None) -> str:
    """The CJK convention (BCP 47) a person's native name is written in, or ""."""
    for code in languages or ():
        found = _CJK_BY_LANGUAGE.get(code.strip().lower())
        if found:
            return found
    return _CJK_BY_COUNTRY.get(country.alpha3, "") if country is not None else ""


def ideograph_language(
    native: str | None, languages: Sequence[str] | None, country: _HasCountryCode | None
) -> str:
    """The regional convention for a native name's ideographs; "" for any other text
    (kana and hangul tell by themselves, and other scripts have no regional shapes)."""
    return native_language(languages, country) if native and has_han(native) else ""


def name_lines(
    person: PersonName,
    form: NameForm = NameForm.FORMAL,
    native: NativePlacement = NativePlacement.BELOW,
) -> NameLines:
    """The chosen form with the native script beside it ('MA Jiantang (马建堂)') or below."""
    latin = display_name(person, form)
    script = native_form(person) if native is not NativePlacement.NONE else None
    if script and native is NativePlacement.BESIDE:
        return NameLines(f"{latin} ({script})")
    return NameLines(latin, script)


def place_card_lines(person: PersonName) -> NameLines:
    """A tent card: the formal form, and the native script on a second line where set."""
    return name_lines(person, NameForm.FORMAL, NativePlacement.BELOW)


def badge_lines(person: PersonName) -> NameLines:
    """A badge: the list form, read from a distance, with the native script below."""
    return name_lines(person, NameForm.LIST, NativePlacement.BELOW)


# --- forms of address -------------------------------------------------------------


@dataclass(frozen=True)
class Honorific:
    """'H.E. Mr' split into its style of courtesy ('H.E.') and civil title ('Mr')."""

    style: str
    title: str

    @property
    def excellency(self) -> bool:
        style = self.style.casefold()
        return "excellen" in style or _EXCELLENCY.match(style) is not None


def parse_honorific(honorific: str | None) -> Honorific:
    # "H. E." and "H.E." are the same style.
    compact = re.sub(r"\b([HhSs])\.\s+([Ee])\.", r"\1.\2.", honorific or "")
    tokens = compact.split()
    style: list[str] = []
    while tokens and _STYLE_TOKENS.match(tokens[0].casefold()):
        style.append(tokens.pop(0))
    return Honorific(" ".join(style), " ".join(tokens))


def _family_for_address(person: PersonName) -> str:
    family = _family(person)
    # A family name typed all in capitals reads as shouting inside a sentence.
    return family.title() if family.isupper() and len(family) > 1 else family


def _addressed_name(person: PersonName) -> str:
    given = _given(person)
    family = _family_for_address(person)
    parts = [family, given] if person.family_name_first else [given, family]
    return " ".join(p for p in parts if p)


def salutation(person: PersonName) -> str:
    """The opening of a letter: 'Your Excellency,', 'Dear Dr Ma,', 'Dear Alikhan Baimenov,'."""
    honorific = parse_honorific(person.honorific)
    if honorific.excellency:
        return "Your Excellency,"
    if honorific.title:
        return f"Dear {honorific.title} {_family_for_address(person)},"
    return f"Dear {_addressed_name(person)},"


def spoken_address(person: PersonName) -> str:
    """How to address the person aloud or on a card's reverse: 'Excellency', 'Mr Ma'."""
    honorific = parse_honorific(person.honorific)
    if honorific.excellency:
        return "Excellency"
    if honorific.title:
        return f"{honorific.title} {_family_for_address(person)}"
    return _addressed_name(person)


def address_block(
    person: PersonName, position: str | None = None, organisation: str | None = None
) -> list[str]:
    """The lines heading a letter: formal name, position, organisation."""
    lines = [formal_name(person)]
    lines.extend(" ".join(text.split()) for text in (position, organisation) if text)
    return lines


# --- order of people ----------------------------------------------------------------


def person_sort_key(person: PersonName) -> tuple[SortKey, SortKey, str]:
    """Orders people by family name, then given names, whatever the script.

    Names in other scripts sort by their Latin reading (Chinese by pinyin, Cyrillic,
    Arabic, Devanagari by transliteration), so 'Байменов' files under B beside
    'Baker'; accents and case count only between otherwise equal names.
    """
    family = _family(person) or (person.native_name or "")
    return (
        collation_key(_reading(family)),
        collation_key(_reading(_given(person))),
        fold(natural_name(person)),
    )


def _reading(text: str) -> str:
    # Latin text keeps its accents for the second level of the collation key; other
    # scripts are read into Latin first.
    if all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in text):
        return text
    return latin_reading(text)


def sort_people[T: PersonName](people: Iterable[T]) -> list[T]:
    return sorted(people, key=person_sort_key)


def initial_letter(person: PersonName) -> str:
    """The letter a person files under in an index ('Байменов' -> 'B', '马' -> 'M')."""
    reading = fold(_reading(_family(person)))
    return reading[:1].upper() if reading else "#"


def list_names(people: Sequence[PersonName]) -> list[str]:
    """The list forms of ``people`` in protocol order."""
    return [list_name(p) for p in sort_people(people)]
