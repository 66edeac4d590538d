"""`protocol-desk export briefing`: exit codes, messages, and never a half-written PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli.main import main
from app.db import open_database
from tests.reports.briefing_fixture import build_multiscript

SEMINAR = "BRICS Seminar on Governance"


@pytest.fixture
def demo_db(tmp_path: Path) -> str:
    path = str(tmp_path / "demo.sqlite3")
    assert main(["--db", path, "demo"]) == 0
    return path


def test_whole_event_pack_prints_the_path(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    target = tmp_path / "seminar.pdf"
    assert main(["--db", demo_db, "export", "briefing", SEMINAR, "-o", str(target)]) == 0
    out = capsys.readouterr()
    assert out.out.strip() == str(target)
    assert out.err == ""
    assert len(PdfReader(target).pages) >= 8


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--delegation", "Kazakhstan", "Prepared for: Delegation of Kazakhstan"),
        ("--delegation", "Chinese Academy of Governance", "Delegation of China"),
        ("--person", "Ma Jiantang", "Prepared for: MA Jiantang"),
        ("--person", "Baymenov", "Alikhan BAIMENOV"),
    ],
)
def test_subject_packs(
    demo_db: str, tmp_path: Path, option: str, value: str, expected: str
) -> None:
    target = tmp_path / "subject.pdf"
    args = ["--db", demo_db, "export", "briefing", SEMINAR, "-o", str(target), option, value]
    assert main([*args, "--paper", "letter", "--classification", "CONFIDENTIAL"]) == 0
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert expected in text
    assert "CONFIDENTIAL" in text
    assert round(float(PdfReader(target).pages[0].mediabox.width)) == 612


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["Nowhere Summit", "-o", "{tmp}/x.pdf"], "no event matches 'Nowhere Summit'"),
        ([SEMINAR, "-o", "{tmp}/x.pdf", "--delegation", "Narnia"], "no delegation matches"),
        ([SEMINAR, "-o", "{tmp}/x.pdf", "--person", "Nobody Known"], "no person matches"),
        ([SEMINAR, "-o", "{tmp}/missing/x.pdf"], "does not exist"),
        ([SEMINAR, "-o", "{tmp}"], "is a folder"),
    ],
)
def test_user_errors_exit_1_with_one_line(
    demo_db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    capsys.readouterr()
    args = [a.replace("{tmp}", str(tmp_path)) for a in extra]
    assert main(["--db", demo_db, "export", "briefing", *args]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert not list(tmp_path.glob("*.pdf*"))


def test_unwritable_folder_is_a_user_error(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        import os

        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        assert (
            main(["--db", demo_db, "export", "briefing", SEMINAR, "-o", str(folder / "x.pdf")]) == 1
        )
        assert "not writable" in capsys.readouterr().err
    finally:
        folder.chmod(0o700)


def test_delegation_and_person_together_is_a_usage_error(demo_db: str, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(
            [
                "--db",
                demo_db,
                "export",
                "briefing",
                SEMINAR,
                "-o",
                str(tmp_path / "x.pdf"),
                "--delegation",
                "Kazakhstan",
                "--person",
                "Ma Jiantang",
            ]
        )
    assert exit_info.value.code == 2


def test_uncovered_characters_are_a_one_line_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(tmp_path / "multi.sqlite3")
    db = open_database(path)
    with db.transaction() as session:
        build_multiscript(session)
    db.close()
    capsys.readouterr()
    target = tmp_path / "multi.pdf"
    title = "Forum on Multilingual Cooperation"
    assert main(["--db", path, "export", "briefing", title, "-o", str(target)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip().splitlines() == [str(target)]
    warning = captured.err.strip().splitlines()[-1]
    assert warning.startswith("warning:")
    assert "U+13000" in warning
    assert target.is_file()


def test_delegation_is_named_the_same_way_for_the_briefing_and_the_contacts(
    demo_db: str, tmp_path: Path
) -> None:
    # The ISO alpha-2 code, the head's other spelling and the organisation: one resolver.
    for reference in ("KZ", "Baymenov", "Regional Hub of Civil Service in Astana"):
        pdf, vcf = tmp_path / f"{reference}.pdf", tmp_path / f"{reference}.vcf"
        briefing = ["export", "briefing", SEMINAR, "--delegation", reference, "-o", str(pdf)]
        contacts = ["export", "vcard", SEMINAR, "--delegation", reference, "-o", str(vcf)]
        assert main(["--db", demo_db, *briefing]) == 0
        assert main(["--db", demo_db, *contacts]) == 0
        assert "Baimenov" in vcf.read_text(encoding="utf-8")
