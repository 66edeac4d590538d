"""The protocol exports as scripts use them: real processes on a real database file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.db import open_database
from tests.reports.protocol_event import EVENT_TITLE, PLENARY, build_event


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli.main", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=180,
    )


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("office") / "office.sqlite3"
    database = open_database(str(path))
    with database.transaction() as session:
        build_event(session)
    database.close()
    return path


@pytest.mark.parametrize(
    ("args", "pages"),
    [
        (["badges", EVENT_TITLE], 4),
        (["badges", EVENT_TITLE, "--layout", "2x5", "--offset-x", "1.5", "--offset-y", "-2"], 4),
        (["badges", EVENT_TITLE, "--layout", "single"], 31),
        (["place-cards", EVENT_TITLE, "--item", PLENARY], 5),
        (["place-cards", EVENT_TITLE, "--item", "Signing of agreements", "--per-page", "2"], 2),
        (["alternat", "Memorandum on cooperation in civil service training"], 2),
        (["alternat", "Joint programme on digital public services", "--no-collation-note"], 3),
    ],
)
def test_exports_write_the_pdf(office: Path, tmp_path: Path, args: list[str], pages: int) -> None:
    out = tmp_path / "out.pdf"
    result = cli("--db", str(office), "export", *args, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    assert result.stderr == ""
    assert len(PdfReader(out).pages) == pages


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["badges", "No such forum"], "no event matches 'No such forum'"),
        (["place-cards", EVENT_TITLE, "--item", "Gala dinner"], "no programme item matches"),
        (["place-cards", "No such forum", "--item", PLENARY], "no event matches"),
        (["alternat", "Treaty of Westphalia"], "no agreement matches 'Treaty of Westphalia'"),
    ],
)
def test_unknown_references_fail_with_one_line(
    office: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "out.pdf"
    result = cli("--db", str(office), "export", *args, "-o", str(out))
    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_output_must_be_a_pdf_in_an_existing_folder(office: Path, tmp_path: Path) -> None:
    result = cli(
        "--db", str(office), "export", "badges", EVENT_TITLE, "-o", str(tmp_path / "b.txt")
    )
    assert result.returncode == 1
    assert "must end in .pdf" in result.stderr
    missing = tmp_path / "nowhere" / "b.pdf"
    result = cli("--db", str(office), "export", "badges", EVENT_TITLE, "-o", str(missing))
    assert result.returncode == 1
    assert "does not exist" in result.stderr


def test_bad_layout_is_a_usage_error(office: Path, tmp_path: Path) -> None:
    result = cli(
        "--db", str(office), "export", "badges", EVENT_TITLE, "--layout", "3x3",
        "-o", str(tmp_path / "b.pdf"),
    )  # fmt: skip
    assert result.returncode == 2
