"""Name forms and the order of people, on real records in a SQLite file."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from app.protocol.names import (
    NameForm,
    NativePlacement,
    address_block,
    badge_lines,
    display_name,
    formal_name,
    initial_letter,
    list_name,
    name_lines,
    natural_name,
    parse_honorific,
    place_card_lines,
    salutation,
    sort_people,
    spoken_address,
)
from tests.protocol.conftest import make_person


def test_forms_of_a_western_order_name(tx: Session) -> None:
    person = make_person(tx, "Baimenov", "Alikhan", honorific="H.E. Mr")
    assert formal_name(person) == "H.E. Mr Alikhan BAIMENOV"
    assert formal_name(person, with_honorific=False) == "Alikhan BAIMENOV"
    assert list_name(person) == "BAIMENOV Alikhan"
    assert natural_name(person) == "Alikhan Baimenov"
    assert display_name(person, NameForm.LIST) == "BAIMENOV Alikhan"


def test_family_name_first_keeps_its_order(tx: Session) -> None:
    person = make_person(
        tx, "Ma", "Jiantang", honorific="H.E. Mr", family_name_first=True, native_name="马建堂"
    )
    assert formal_name(person) == "H.E. Mr MA Jiantang"
    assert list_name(person) == "MA Jiantang"
    assert natural_name(person) == "Ma Jiantang"
    for form in NameForm:
        assert "Jiantang MA" not in display_name(person, form)
    assert name_lines(person, NameForm.LIST, NativePlacement.BESIDE).lines == [
        "MA Jiantang (马建堂)"
    ]
    assert place_card_lines(person).lines == ["H.E. Mr MA Jiantang", "马建堂"]
    assert badge_lines(person).lines == ["MA Jiantang", "马建堂"]
    assert name_lines(person, native=NativePlacement.NONE).lines == ["H.E. Mr MA Jiantang"]


def test_native_scripts_and_capitals(tx: Session) -> None:
    kazakh = make_person(tx, "Baimenov", "Alikhan", native_name="Әлихан Бәйменов")
    assert place_card_lines(kazakh).lines == ["Alikhan BAIMENOV", "Әлихан Бәйменов"]
    arabic = make_person(tx, "El-Sayed", "Amina", honorific="Dr", native_name="أمينة السيد")
    assert place_card_lines(arabic).lines == ["Dr Amina EL-SAYED", "أمينة السيد"]
    hindi = make_person(tx, "Sharma", "Priya", native_name="प्रिया शर्मा")
    assert badge_lines(hindi).lines == ["SHARMA Priya", "प्रिया शर्मा"]
    accents = make_person(tx, "Ölz", "Émile")
    assert list_name(accents) == "ÖLZ Émile"
    # A native name that only repeats the Latin form is not printed twice.
    same = make_person(tx, "Dupont", "Marie", native_name="Marie Dupont")
    assert place_card_lines(same).lines == ["Marie DUPONT"]
    mononym = make_person(tx, "Sukarno")
    assert formal_name(mononym) == "SUKARNO"
    assert list_name(mononym) == "SUKARNO"


@pytest.mark.parametrize(
    ("honorific", "letter", "spoken"),
    [
        ("H.E. Mr", "Your Excellency,", "Excellency"),
        ("H. E. Ms", "Your Excellency,", "Excellency"),
        ("His Excellency", "Your Excellency,", "Excellency"),
        ("S.E. M.", "Your Excellency,", "Excellency"),
        ("Dr", "Dear Dr Ma,", "Dr Ma"),
        ("Prof.", "Dear Prof. Ma,", "Prof. Ma"),
        ("Hon. Mrs", "Dear Mrs Ma,", "Mrs Ma"),
        (None, "Dear Ma Jiantang,", "Ma Jiantang"),
    ],
)
def test_forms_of_address(tx: Session, honorific: str | None, letter: str, spoken: str) -> None:
    person = make_person(tx, "MA", "Jiantang", honorific=honorific, family_name_first=True)
    assert salutation(person) == letter
    assert spoken_address(person) == spoken


def test_honorific_parts() -> None:
    assert parse_honorific("H.E. Mr").style == "H.E."
    assert parse_honorific("H.E. Mr").title == "Mr"
    assert parse_honorific("Ambassador").title == "Ambassador"
    assert not parse_honorific("Ambassador").excellency


def test_address_block(tx: Session) -> None:
    person = make_person(tx, "Baimenov", "Alikhan", honorific="H.E. Mr")
    assert address_block(person, "Chairman of the Steering Committee", "Astana Hub") == [
        "H.E. Mr Alikhan BAIMENOV",
        "Chairman of the Steering Committee",
        "Astana Hub",
    ]


def test_people_sort_by_family_name_in_any_script(tx: Session) -> None:
    people = [
        make_person(tx, "Zhang", "Wei", family_name_first=True),
        make_person(tx, "马", "建堂", family_name_first=True),  # Ma, by pinyin
        make_person(tx, "Ölz", "Anna"),
        make_person(tx, "Байменов", "Алихан"),  # Baimenov
        make_person(tx, "baker", "Tom"),
        make_person(tx, "Olsen", "Per"),
        make_person(tx, "Ábalos", "José"),
        make_person(tx, "abbott", "Jane"),
        make_person(tx, "शर्मा", "प्रिया"),  # Sharma
        make_person(tx, "Smith", "Bob"),
        make_person(tx, "Smith", "Adam"),
        make_person(tx, "Çelik", "Ayşe"),
        make_person(tx, "Celik", "Ali"),
    ]
    ordered = [natural_name(p) for p in sort_people(people)]
    assert ordered == [
        "José Ábalos",
        "Jane abbott",
        "Алихан Байменов",
        "Tom baker",
        "Ali Celik",
        "Ayşe Çelik",
        "马 建堂",
        "Per Olsen",
        "Anna Ölz",
        "प्रिया शर्मा",
        "Adam Smith",
        "Bob Smith",
        "Zhang Wei",
    ]
    assert [initial_letter(p) for p in people[:4]] == ["Z", "M", "O", "B"]


def test_native_language_comes_from_languages_then_country() -> None:
    from types import SimpleNamespace

    from app.protocol.names import native_language

    japan = SimpleNamespace(alpha3="JPN")
    assert native_language(["en", "ja"], None) == "ja"
    assert native_language(["zh-TW"], japan) == "zh-Hant"  # what they speak wins
    assert native_language(["en"], japan) == "ja"
    assert native_language([], SimpleNamespace(alpha3="KOR")) == "ko"
    assert native_language(["en", "fr"], SimpleNamespace(alpha3="FRA")) == ""
    assert native_language(None, None) == ""
