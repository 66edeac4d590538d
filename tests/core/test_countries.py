"""Country names as real lists write them resolve to the right ISO country."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.services import countries
from app.services.countries import (
    CountryIndex,
    CountryNameError,
    country_index,
    country_key,
    resolve_country,
)
from tests.io.real_country_names import ISO_APOSTROPHE_NAME, REAL_LIST_NAMES


def test_the_list_covers_every_kind_of_form() -> None:
    assert len(REAL_LIST_NAMES) >= 28
    scripts = {name for name, _ in REAL_LIST_NAMES if not name.isascii()}
    assert any("’" in s for s in scripts)
    assert any("(" in n for n, _ in REAL_LIST_NAMES)


@pytest.mark.parametrize(("name", "alpha3"), [*REAL_LIST_NAMES, ISO_APOSTROPHE_NAME])
def test_real_list_names_resolve(name: str, alpha3: str) -> None:
    assert resolve_country(name) == alpha3


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [
        ("Côte d’Ivoire", "cote d'ivoire"),
        ("COTE D`IVOIRE", "Côte d'Ivoire"),
        ("Guinea–Bissau", "Guinea Bissau"),
        ("  «Saint Kitts & Nevis» ", "saint kitts and nevis"),
        ("The Bahamas", "Bahamas"),
    ],
)
def test_punctuation_case_and_accents_do_not_matter(typed: str, same_as: str) -> None:
    assert country_key(typed) == country_key(same_as)


def test_codes_resolve() -> None:
    assert [resolve_country(c) for c in ("kz", "KAZ", "cn", "chn")] == [
        "KAZ",
        "KAZ",
        "CHN",
        "CHN",
    ]


def test_unknown_name_gets_near_matches() -> None:
    with pytest.raises(CountryNameError) as raised:
        resolve_country("Kazahkstan")
    assert raised.value.suggestions[0] == "KAZ"
    assert "did you mean Kazakhstan" in str(raised.value)


def test_nonsense_is_unknown_without_suggestions() -> None:
    with pytest.raises(CountryNameError, match=r"unknown country 'Qwxzptl'$") as raised:
        resolve_country("Qwxzptl")
    assert raised.value.suggestions == []


def test_a_divided_country_is_refused_with_the_reason() -> None:
    for name in ("Czechoslovakia", "USSR", "Yugoslavia"):
        with pytest.raises(CountryNameError, match="no longer exists"):
            resolve_country(name)


def test_a_name_of_two_countries_is_not_guessed() -> None:
    with pytest.raises(CountryNameError) as raised:
        resolve_country("Korea")
    assert set(raised.value.suggestions) >= {"KOR", "PRK"}


def test_congo_alone_is_the_republic_and_the_un_form_is_the_drc() -> None:
    assert resolve_country("Congo") == "COG"
    assert resolve_country("Congo (the Democratic Republic of the)") == "COD"


def test_cached_index_answers_as_the_built_one(tmp_path: Path) -> None:
    built = country_index()
    again = CountryIndex.from_json(json.loads(json.dumps(built.to_json())))
    for name, alpha3 in REAL_LIST_NAMES:
        assert again.lookup(name) == alpha3
    assert len(again) == len(built)


def test_a_damaged_cache_file_is_rebuilt(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    damaged = tmp_path / "country-index-new.json"
    damaged.write_text('{"entries": [', encoding="utf-8")
    stale = tmp_path / "country-index-old.json"
    stale.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(countries, "_cache_file", lambda: damaged)
    countries.country_index.cache_clear()
    try:
        assert countries.country_index().lookup("Zaire") == "COD"
        assert json.loads(damaged.read_text(encoding="utf-8"))["entries"]["zaire"][1] == ["COD"]
        assert not stale.exists()  # an index of older versions is not kept
    finally:
        countries.country_index.cache_clear()
