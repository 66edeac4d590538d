"""Participant-list columns: header synonyms and how each cell's text becomes a value."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime

from app.model.enums import DelegationRole
from app.textnorm import fold, normalise_text

# The columns the export writes, in this order; the import reads the same names.
EXPORT_COLUMNS = (
    "delegation",
    "role",
    "honorific",
    "given_name",
    "family_name",
    "family_name_first",
    "native_name",
    "alt_spellings",
    "position",
    "organisation",
    "country",
    "email",
    "phone",
    "languages",
    "dietary",
    "arrival",
    "departure",
    "notes",
)
FULL_NAME = "full_name"
FIELDS = (*EXPORT_COLUMNS, FULL_NAME)

SYNONYMS: dict[str, tuple[str, ...]] = {
    "delegation": ("delegation", "delegation name", "délégation", "делегация", "代表团"),
    "role": ("role", "delegation role", "rôle", "роль"),
    "honorific": ("honorific", "title", "salutation", "civilité", "обращение"),
    "given_name": (
        "given_name",
        "given names",
        "given name",
        "first name",
        "forename",
        "prénom",
        "имя",
        "名",
    ),
    "family_name": ("family_name", "last name", "surname", "nom", "family name", "фамилия", "姓"),
    "family_name_first": ("family_name_first", "family name first"),
    "native_name": ("native_name", "name in native script", "native name", "native script"),
    "alt_spellings": ("alt_spellings", "alternative spellings", "other spellings", "aliases"),
    "position": ("position", "function", "job title", "fonction", "должность", "职务"),
    "organisation": (
        "organisation",
        "organization",
        "institution",
        "organisme",
        "организация",
        "单位",
    ),
    "country": ("country", "nationality", "pays", "nationalité", "страна", "国家"),
    "email": ("email", "e-mail", "mail", "courriel", "электронная почта"),
    "phone": ("phone", "telephone", "tel", "mobile", "téléphone", "телефон", "电话"),
    "languages": ("languages", "language", "langues", "языки"),
    "dietary": ("dietary", "dietary needs", "diet", "dietary requirements", "régime"),
    "arrival": ("arrival", "arrival date", "arrivée", "прибытие"),
    "departure": ("departure", "departure date", "départ", "отъезд"),
    "notes": ("notes", "note", "remarks", "comments", "remarques", "примечания"),
    FULL_NAME: ("full name", "name", "participant", "nom complet", "фио", "姓名"),
}

ROLE_SYNONYMS: dict[str, str] = {
    "head": "head",
    "head of delegation": "head",
    "chef de delegation": "head",
    "hod": "head",
    "deputy": "deputy",
    "deputy head": "deputy",
    "member": "member",
    "delegate": "member",
    "adviser": "adviser",
    "advisor": "adviser",
    "conseiller": "adviser",
    "interpreter": "interpreter",
    "translator": "interpreter",
    "security": "security",
    "press": "press",
    "media": "press",
}
YES = frozenset({"yes", "y", "true", "1", "oui", "да", "是", "x"})
NO = frozenset({"no", "n", "false", "0", "non", "нет", "否"})
DATE_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
)
LIST_SEPARATOR = ";"

# A cell an office spreadsheet would run: =anything, or +/-/@ followed by a function
# or a DDE link ("+cmd|' /C calc'!A0"). "+44 20 7946 0000" stays a phone number.
_FORMULA_TAIL = re.compile(r"^[+\-@]\s*[A-Za-z_][\w.]*\s*[(|!]")
NEUTRALISED = re.compile(r"^'[=+\-@]")


def header_key(text: str) -> str:
    """'Prénom ', 'FIRST_NAME' and 'first name' all give the same key."""
    return "".join(c for c in fold(text) if c.isalnum())


_BY_KEY = {header_key(s): name for name, words in SYNONYMS.items() for s in words}


def field_for_header(header: str) -> str | None:
    return _BY_KEY.get(header_key(header))


def auto_mapping(headers: list[str]) -> dict[int, str]:
    """Column index -> field for every recognised header; the first column wins a field."""
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        name = field_for_header(header)
        if name is not None and name not in taken:
            mapping[index] = name
            taken.add(name)
    return mapping


def header_signature(headers: list[str]) -> str:
    """A stable key for a header set, so a GUI can remember the user's mapping for it."""
    joined = "\x1f".join(header_key(h) for h in headers)
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


def clean_cell(text: str, *, multiline: bool = False) -> str:
    """NFC, trimmed, without controls or bidi overrides, and the export's formula guard
    (a leading apostrophe) removed."""
    value = normalise_text(text, multiline=multiline)
    if NEUTRALISED.match(value):
        value = value[1:]
    return value


def looks_like_formula(value: str) -> bool:
    return value.startswith("=") or bool(_FORMULA_TAIL.match(value))


def parse_role(text: str) -> str | None:
    return ROLE_SYNONYMS.get(fold(text))


def role_choices() -> str:
    return ", ".join(role.value for role in DelegationRole)


def parse_bool(text: str) -> bool | None:
    key = fold(text)
    if key in YES:
        return True
    if key in NO:
        return False
    return None


def parse_datetime(text: str) -> datetime | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None


def split_list(text: str) -> list[str]:
    """'English; 中文' -> ['English', '中文'] (commas accepted where no ';' is used)."""
    separator = LIST_SEPARATOR if LIST_SEPARATOR in text else ","
    return [part.strip() for part in text.split(separator) if part.strip()]


def split_full_name(text: str) -> tuple[str, str, bool]:
    """(given names, family name, family name first) from one 'full name' cell.

    'DUPONT, Jean' and 'Jean DUPONT' and 'MA Jiantang' use the protocol habit of a
    capitalised or comma-marked family name; '马建堂' takes the first character; else
    the last word is the family name. Always flagged for review by the caller.
    """
    if "," in text:
        family, given = (part.strip() for part in text.split(",", 1))
        return given, family, False
    tokens = text.split()
    if len(tokens) == 1:
        word = tokens[0]
        if len(word) >= 2 and all(_is_cjk(c) for c in word):
            return word[1:], word[0], True
        return "", word, False
    capitalised = [i for i, t in enumerate(tokens) if len(t) > 1 and t.isupper()]
    if capitalised and len(capitalised) < len(tokens):
        if capitalised[0] == 0 and capitalised == list(range(len(capitalised))):
            count = len(capitalised)
            return " ".join(tokens[count:]), " ".join(tokens[:count]), True
        if capitalised == list(range(capitalised[0], len(tokens))):
            start = capitalised[0]
            return " ".join(tokens[:start]), " ".join(tokens[start:]), False
    return " ".join(tokens[:-1]), tokens[-1], False


def _is_cjk(char: str) -> bool:
    return unicodedata.name(char, "").startswith("CJK")
