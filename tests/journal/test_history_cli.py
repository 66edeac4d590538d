"""The journal as a new user meets it on the command line: load the sample, import a
list, print a pack, import a corrected list; then history since the pack, the changes
page of the next pack (read back), and revert of the second import."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.core.test_cli import cli

SEMINAR = "BRICS Seminar on Governance"
FIRST = (
    "delegation,family_name,given_name,native_name,position,country\n"
    "France,Dupont,Jean,,Ambassador,France\n"
    "France,Martin,Claire,,Counsellor,France\n"
)
CORRECTED = (
    "delegation,family_name,given_name,native_name,position,country\n"
    "France,Dupont,Jean,,First Counsellor,France\n"
    "France,Martin,Claire,,Counsellor,France\n"
    "China,Wang,Yi,王毅,Director,China\n"
)


def ok(*args: str) -> subprocess.CompletedProcess[str]:
    result = cli(*args)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def office(db_url: str, tmp_path: Path) -> tuple[str, Path]:
    ok("--db", db_url, "demo")
    (tmp_path / "first.csv").write_text(FIRST, encoding="utf-8")
    (tmp_path / "corrected.csv").write_text(CORRECTED, encoding="utf-8")
    ok(
        "--db",
        db_url,
        "--as",
        "A. Petrova",
        "import",
        "participants",
        SEMINAR,
        str(tmp_path / "first.csv"),
    )
    ok("--db", db_url, "export", "briefing", SEMINAR, "-o", str(tmp_path / "first.pdf"))
    ok(
        "--db",
        db_url,
        "--as",
        "B. Ivanov",
        "import",
        "participants",
        SEMINAR,
        str(tmp_path / "corrected.csv"),
    )
    return db_url, tmp_path


def test_history_since_the_last_pack_has_exactly_the_changed_fields(office) -> None:
    db_url, _ = office
    data = json.loads(ok("--db", db_url, "history", SEMINAR, "--since-last-pack", "--json").stdout)
    changes = data["changes"]
    assert {c["actor"] for c in changes} == {"B. Ivanov"}
    assert len({c["operation"] for c in changes}) == 1
    dupont = [c for c in changes if c["kind"] == "Person" and c["name"] == "Jean Dupont"]
    assert dupont == [
        {
            **dupont[0],
            "action": "update",
            "fields": {"position": {"before": "Ambassador", "after": "First Counsellor"}},
        }
    ]
    assert any(
        c["kind"] == "Person" and c["name"] in ("Wang Yi", "Yi Wang") and c["action"] == "create"
        for c in changes
    )
    assert not any(c["name"] == "Claire Martin" for c in changes)  # unchanged row
    assert [c["at"] for c in changes] == sorted(c["at"] for c in changes)  # oldest first


def test_the_next_pack_has_a_changes_page_after_the_contents(office) -> None:
    db_url, folder = office
    pack = folder / "second.pdf"
    ok("--db", db_url, "export", "briefing", SEMINAR, "-o", str(pack), "--changes-page")
    pages = [page.extract_text() for page in PdfReader(pack).pages]
    contents = next(i for i, text in enumerate(pages) if "Contents" in text)
    changes = next(
        i
        for i, text in enumerate(pages)
        if "Changes since the previous pack" in text and i != contents
    )
    assert changes == contents + 1
    page = pages[changes]
    assert "Jean Dupont: Position: Ambassador → First Counsellor" in page
    text = subprocess.run(
        ["pdftotext", "-f", str(changes + 1), "-l", str(changes + 1), str(pack), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "王毅" in text


def test_revert_of_the_second_import_restores_and_is_in_history(office) -> None:
    db_url, _ = office
    since = json.loads(ok("--db", db_url, "history", SEMINAR, "--since-last-pack", "--json").stdout)
    operation = since["changes"][0]["operation"]
    dry = ok("--db", db_url, "revert", operation[:8], "--dry-run")
    assert "nothing written" in dry.stdout
    ok("--db", db_url, "--as", "C. Admin", "revert", operation)
    show = json.loads(ok("--db", db_url, "show", SEMINAR, "--json").stdout)
    people = {m["person"]["name"]: m["person"] for d in show["delegations"] for m in d["members"]}
    assert people["Jean Dupont"]["position"] == "Ambassador"
    assert not {"Wang Yi", "Yi Wang"} & set(people)
    after = json.loads(ok("--db", db_url, "history", SEMINAR, "--since-last-pack", "--json").stdout)
    reverting = [c for c in after["changes"] if c["actor"] == "C. Admin"]
    assert reverting
    assert reverting[0]["label"].startswith("Revert Import 2 participants")
    again = cli("--db", db_url, "revert", operation)
    assert again.returncode == 1
    assert "later changes are in the way" in again.stderr
