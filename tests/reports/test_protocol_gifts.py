"""The gifts register exported as PDF and CSV: every gift of the year, the ones above the
threshold flagged and highlighted."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from app.db import Database
from tests.reports.protocol_event import build_event, page_texts


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli.main", *args],
        capture_output=True, text=True, env=dict(os.environ), timeout=120,
    )  # fmt: skip


def test_register_pdf_and_csv(sqlite_db: Database, tmp_path: Path) -> None:
    with sqlite_db.transaction() as session:
        build_event(session)
    db = str(sqlite_db.url).removeprefix("sqlite:///")
    pdf = tmp_path / "gifts.pdf"
    thresholds = ["--threshold", "150", "EUR", "--threshold", "1000", "USD"]
    result = cli(
        "--db", db, "export", "gifts-register", "--year", "2027", "-o", str(pdf), *thresholds
    )
    assert result.returncode == 0, result.stderr
    assert "4 gift(s) of 2027, 2 to declare" in result.stdout
    assert len(PdfReader(pdf).pages) == 1
    text = " ".join(page_texts(pdf)[0].split())
    assert "Porcelain vase (景德镇)" in text
    assert "YES — above the EUR 150.00 threshold" in text
    assert "YES — above the USD 1000.00 threshold" in text
    assert text.count("YES") == 2
    # The flagged rows are shaded: the highlight colour is painted in the page content.
    content = PdfReader(pdf).pages[0].get_contents()
    assert content is not None
    assert b".988235 .894118 .839216 rg" in content.get_data()

    out = tmp_path / "gifts.csv"
    result = cli(
        "--db", db, "export", "gifts-register", "--year", "2027", "-o", str(out), *thresholds
    )
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [r["Declare"] for r in rows].count("yes") == 2
    empty = cli("--db", db, "export", "gifts-register", "--year", "1999", "-o", str(out))
    assert empty.returncode == 0
    assert "0 gift(s) of 1999" in empty.stdout
    bad = cli("--db", db, "export", "gifts-register", "--year", "2027", "-o", str(out),
              "--threshold", "lots", "EUR")  # fmt: skip
    assert bad.returncode == 1
    assert "'lots' is not an amount" in bad.stderr


def test_without_thresholds_given_the_office_thresholds_apply(
    sqlite_db: Database, tmp_path: Path
) -> None:
    from decimal import Decimal

    from app.protocol.gifts import store_thresholds

    with sqlite_db.transaction() as session:
        build_event(session)
    db = str(sqlite_db.url).removeprefix("sqlite:///")
    out = tmp_path / "gifts.csv"
    unset = cli("--db", db, "export", "gifts-register", "--year", "2027", "-o", str(out))
    assert "4 gift(s) of 2027, 0 to declare" in unset.stdout
    with sqlite_db.transaction() as session:
        store_thresholds(session, {"EUR": Decimal(150), "USD": Decimal(1000)})
    stored = cli("--db", db, "export", "gifts-register", "--year", "2027", "-o", str(out))
    assert stored.returncode == 0, stored.stderr
    assert "4 gift(s) of 2027, 2 to declare" in stored.stdout
    given = cli("--db", db, "export", "gifts-register", "--year", "2027", "-o", str(out),
                "--threshold", "1000000", "EUR")  # fmt: skip
    assert "4 gift(s) of 2027, 0 to declare" in given.stdout  # the option wins
