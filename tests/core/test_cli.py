"""The command line as scripts use it: real processes, real database files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.seed.sample import sample_uuid


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli.main", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


@pytest.fixture
def demo_db(tmp_path: Path) -> str:
    path = str(tmp_path / "office.sqlite3")
    result = cli("--db", path, "demo")
    assert result.returncode == 0, result.stderr
    assert "Loaded the sample seminar" in result.stdout
    return path


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("protocol-desk")
    assert script.exists()
    result = subprocess.run([script, "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert "demo" in result.stdout
    assert "show" in result.stdout


def test_demo_then_show_tells_the_whole_seminar(demo_db: str) -> None:
    result = cli("--db", demo_db, "show", "brics seminar on governance")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Alikhan Baimenov [also: Baymenov]" in out
    assert "Ma Jiantang (马建堂)" in out
    assert (
        "parties: Regional Hub of Civil Service in Astana and Chinese Academy of Governance" in out
    )
    assert "International Journal of Civil Service Reform and Practice" in out
    assert "13 countries" in out
    assert "September 2017 (exact dates to be confirmed)" in out


def test_demo_twice_changes_nothing(demo_db: str) -> None:
    before = cli("--db", demo_db, "show", "BRICS Seminar on Governance", "--json").stdout
    again = cli("--db", demo_db, "demo")
    assert again.returncode == 0
    assert "nothing changed" in again.stdout
    assert cli("--db", demo_db, "show", "BRICS Seminar on Governance", "--json").stdout == before


def test_show_json_is_the_documented_shape(demo_db: str) -> None:
    seminar_id = str(sample_uuid("seminar"))
    result = cli("--db", demo_db, "show", seminar_id[:8], "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == 1
    assert data["event"]["id"] == seminar_id
    assert data["event"]["expected_countries"] == 13
    speakers = [s["person"]["name"] for item in data["programme"] for s in item["speakers"]]
    assert sorted(speakers) == ["Alikhan Baimenov", "Ma Jiantang"]
    (agreement,) = data["agreements"]
    assert len(agreement["parties"]) == 2
    assert data["gifts"][0]["received_by"] == "Chinese Academy of Governance"
    assert {d["head"]["name"] for d in data["delegations"]} == {"Alikhan Baimenov", "Ma Jiantang"}


def test_events_json_lists_both_events(demo_db: str) -> None:
    data = json.loads(cli("--db", demo_db, "events", "--json").stdout)
    titles = {e["title"] for e in data["events"]}
    assert titles == {
        "BRICS Seminar on Governance",
        "9th meeting of the leaders of the BRICS countries",
    }


def test_database_from_environment_variable(demo_db: str) -> None:
    result = cli("events", env={"PROTOCOL_DESK_DB": demo_db})
    assert "BRICS Seminar on Governance" in result.stdout


def test_unknown_event_is_one_line_listing_candidates(demo_db: str) -> None:
    result = cli("--db", demo_db, "show", "nothing like this")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "BRICS Seminar on Governance" in lines[0]
    assert "Traceback" not in result.stderr


def test_usage_error_exits_2(demo_db: str) -> None:
    result = cli("--db", demo_db, "show")
    assert result.returncode == 2


def test_unopenable_database_is_one_clear_line(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = cli("--db", str(folder), "events")
    assert result.returncode == 1
    assert result.stderr.strip() == f"protocol-desk: {folder} is a folder, not a database file"


def test_ambiguous_event_lists_every_candidate(demo_db: str) -> None:
    from app.db import open_database
    from app.model import Event
    from app.services import records

    database = open_database(demo_db)
    with database.transaction() as session:
        records.create(session, Event, title="BRICS Seminar on Governance", city="Xiamen")
    database.close()
    result = cli("--db", demo_db, "show", "brics seminar on governance")
    assert result.returncode == 1
    assert "matches 2 events" in result.stderr
    assert result.stderr.count("BRICS Seminar on Governance (") == 2
