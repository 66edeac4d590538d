"""Country names as real lists write them, remembered choices, --skip-invalid and the
participants export read back for every kind of delegation it writes."""

from __future__ import annotations

import csv
import stat
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli.main import main
from app.db import Database
from app.errors import DomainError
from app.io.participants import ImportRefusedError, apply_import, preview_import
from app.io.participants_export import export_participants
from app.io.rejected import rejected_path
from app.io.tabular import read_table
from app.model import Country, Delegation, Event, Organisation, Person
from app.model.reference import country_uuid
from app.services import records
from app.services.countries import remember_country
from app.services.delegations import add_member
from tests.io.real_country_names import ISO_APOSTROPHE_NAME, REAL_LIST_NAMES


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def people_countries(db: Database) -> dict[str, str]:
    with db.session() as session:
        rows = session.execute(
            select(Person.family_name, Country.alpha3).join(
                Country, Person.country_id == Country.id
            )
        )
        return {str(row[0]): str(row[1]) for row in rows}


def test_every_real_list_name_imports_as_its_country(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID
) -> None:
    names = [*REAL_LIST_NAMES, ISO_APOSTROPHE_NAME]
    rows = [["family_name", "given_name", "country"]]
    rows += [[f"Person{i}", "A", name] for i, (name, _) in enumerate(names)]
    path = write_csv(tmp_path / "list.csv", rows)
    with sqlite_db.transaction() as session:
        preview = apply_import(session, event_id, read_table(path))
    assert preview.counts()["created"] == len(names)
    found = people_countries(sqlite_db)
    assert [found[f"Person{i}"] for i in range(len(names))] == [a for _, a in names]


def test_a_un_short_name_in_the_delegation_column_makes_that_countrys_delegation(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID
) -> None:
    rows = [
        ["delegation", "family_name"],
        ["Iran (Islamic Republic of)", "Rahimi"],
        ["IRN", "Karimi"],
        ["Côte d’Ivoire", "Kouassi"],
    ]
    with sqlite_db.transaction() as session:
        apply_import(session, event_id, read_table(write_csv(tmp_path / "l.csv", rows)))
    with sqlite_db.session() as session:
        countries = sorted(d.country.alpha3 for d in session.scalars(select(Delegation)))
    assert countries == ["CIV", "IRN"]


def test_unknown_country_gets_did_you_mean_once_per_value(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [["family_name", "country"], ["Abenov", "Kazahkstan"], ["Beisova", "Kazahkstan"]]
    path = write_csv(tmp_path / "l.csv", rows)
    code = main(["--db", sqlite_db.url, "import", "participants", str(event_id), str(path)])
    err = capsys.readouterr().err
    assert code == 1
    assert "row 2: error — Abenov: unknown country 'Kazahkstan'; did you mean Kazakhstan" in err
    assert err.count("country 'Kazahkstan': did you mean Kazakhstan (KAZ)") == 1
    with sqlite_db.session() as session:
        preview = preview_import(session, event_id, read_table(path))
    assert preview.unknown_countries["Kazahkstan"][0] == "KAZ"


def test_a_remembered_choice_is_applied_by_every_later_import(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID
) -> None:
    rows = [["family_name", "country", "delegation"], ["Abenov", "Kazakh SSR", "Kazakh SSR"]]
    path = write_csv(tmp_path / "l.csv", rows)
    with sqlite_db.session() as session:
        assert preview_import(session, event_id, read_table(path)).has_errors
    with sqlite_db.transaction() as session:
        remember_country(session, "Kazakh  SSR", "kaz")
    code = main(["--db", sqlite_db.url, "import", "participants", str(event_id), str(path)])
    assert code == 0
    assert people_countries(sqlite_db) == {"Abenov": "KAZ"}


def test_remembering_a_code_that_is_not_a_country_is_refused(sqlite_db: Database) -> None:
    with (
        pytest.raises(DomainError, match="'XYZ' is not a country code"),
        sqlite_db.transaction() as session,
    ):
        remember_country(session, "Somewhere", "XYZ")


UNDP_NAME = "United Nations Development Programme"

BAD_LIST = [
    ["Delegation", "Family name", "Given name", "Arrival", "Notes"],
    ["China", "Ma", "Jiantang", "2024-05-06 10:00", ""],
    ["Atlantis", "Poseidon", "", "", "sea"],
    ["Kazakhstan", "Abenov", "Erlan", "", ""],
    ["China", "Wang", "Fang", "tomorrow", "late"],
    ["Brazil", "Souza", "Ana", "", ""],
]


def test_all_or_nothing_stays_the_default(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID
) -> None:
    path = write_csv(tmp_path / "list.csv", BAD_LIST)
    with pytest.raises(ImportRefusedError, match="2 row"), sqlite_db.transaction() as session:
        apply_import(session, event_id, read_table(path))
    assert not rejected_path(path).exists()
    assert people_countries(sqlite_db) == {}


def test_skip_invalid_imports_the_good_rows_and_writes_the_rejected_ones(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "list.csv", BAD_LIST)
    args = ["--db", sqlite_db.url, "import", "participants", str(event_id), str(path)]
    assert main([*args, "--skip-invalid"]) == 0
    out = capsys.readouterr().out
    assert "3 created" in out
    assert "2 row(s) left out" in out
    with sqlite_db.session() as session:
        assert sorted(session.scalars(select(Person.family_name))) == ["Abenov", "Ma", "Souza"]
    rejected = rejected_path(path)
    assert rejected == tmp_path / "list.rejected.csv"
    assert stat.S_IMODE(rejected.stat().st_mode) == 0o600
    with rejected.open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle))
    assert written[0] == [*BAD_LIST[0], "error"]
    assert [row[:5] for row in written[1:]] == [BAD_LIST[2], BAD_LIST[4]]
    assert "unknown delegation 'Atlantis'" in written[1][5]
    assert "bad date 'tomorrow'" in written[2][5]
    # corrected in the file, it imports like the original
    written[1][0], written[2][3] = "Greece", "2024-05-07 09:00"
    with rejected.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(written)
    assert main([*args[:-1], str(rejected)]) == 0
    with sqlite_db.session() as session:
        assert len(session.scalars(select(Person)).all()) == 5


def test_skip_invalid_dry_run_lists_what_would_be_left_out(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "list.csv", BAD_LIST)
    args = ["--db", sqlite_db.url, "import", "participants", str(event_id), str(path)]
    assert main([*args, "--dry-run", "--skip-invalid"]) == 0
    assert "row 3: error" in capsys.readouterr().out
    assert not rejected_path(path).exists()
    with sqlite_db.session() as session:
        assert session.scalars(select(Person)).first() is None


def make_delegations(db: Database, event_id: uuid.UUID) -> None:
    """One delegation of each kind the export writes, each with a head."""
    with db.transaction() as session:
        undp = records.create(
            session, Organisation, name="United Nations Development Programme", acronym="UNDP"
        )
        academy = records.create(session, Organisation, name="Chinese Academy of Governance")
        oecd = records.create(
            session,
            Organisation,
            name="Organisation for Economic Co-operation and Development",
            acronym="OECD",
        )
        kinds = [
            {"country_id": country_uuid("KAZ")},
            {"organisation_id": undp.id},
            {"organisation_id": academy.id},
            {"country_id": country_uuid("CHN"), "organisation_id": academy.id},
            {"country_id": country_uuid("FRA"), "organisation_id": oecd.id},
        ]
        for number, kind in enumerate(kinds):
            delegation = records.create(session, Delegation, event_id=event_id, **kind)
            person = records.create(
                session, Person, family_name=f"Head{number}", given_names="A", email=None
            )
            add_member(session, delegation.id, person.id, "head")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_export_reads_back_for_every_kind_of_delegation(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID, suffix: str
) -> None:
    make_delegations(sqlite_db, event_id)
    out = tmp_path / f"participants{suffix}"
    with sqlite_db.session() as session:
        assert export_participants(session, event_id, out) == 5
    table = read_table(out)
    assert "United Nations Development Programme (UNDP)" in {r.cells[0] for r in table.rows}
    with sqlite_db.transaction() as session:
        same = apply_import(session, event_id, table)
        other = records.create(session, Event, title="Next", kind="forum", start_date=date.today())
        into_other = apply_import(session, other.id, table)
    assert same.counts() == {"created": 0, "updated": 0, "unchanged": 5, "error": 0}
    assert into_other.counts()["error"] == 0
    assert into_other.new_organisations == []
    with sqlite_db.session() as session:

        def kinds(event: uuid.UUID) -> list[tuple[str, str, str]]:
            return sorted(
                (
                    d.country.alpha3 if d.country else "",
                    d.organisation.name if d.organisation else "",
                    d.head.family_name if d.head else "",
                )
                for d in session.scalars(select(Delegation).where(Delegation.event_id == event))
            )

        assert kinds(other.id) == kinds(event_id)


def test_an_organisation_by_name_acronym_or_both(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID
) -> None:
    with sqlite_db.transaction() as session:
        records.create(session, Organisation, name=UNDP_NAME, acronym="UNDP")
    rows = [
        ["family_name", "organisation"],
        ["Ames", "UNDP"],
        ["Brant", f"{UNDP_NAME} (UNDP)"],
        ["Colm", "united nations development programme"],
    ]
    with sqlite_db.transaction() as session:
        preview = apply_import(session, event_id, read_table(write_csv(tmp_path / "o.csv", rows)))
    assert preview.new_organisations == []
    with sqlite_db.session() as session:
        names = {p.organisation.name for p in session.scalars(select(Person)) if p.organisation}
    assert names == {UNDP_NAME}


def test_a_repeated_unknown_value_is_answered_alike_on_every_row(
    tmp_path: Path, sqlite_db: Database, event_id: uuid.UUID
) -> None:
    rows = [["family_name", "country"]] + [[f"P{i}", "Kazahkstan"] for i in range(3)]
    with sqlite_db.session() as session:
        preview = preview_import(session, event_id, read_table(write_csv(tmp_path / "r.csv", rows)))
    assert [o.errors for o in preview.outcomes] == [
        ["unknown country 'Kazahkstan'; did you mean Kazakhstan?"]
    ] * 3
