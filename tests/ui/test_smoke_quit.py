"""PROTOCOL_DESK_SMOKE_QUIT, the switch the frozen build's smoke test uses, from source."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _desktop(database: Path, limit: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "PROTOCOL_DESK_SMOKE_QUIT": limit,
    }
    return subprocess.run(
        [sys.executable, "-m", "app.cli.main", "--db", str(database)],
        capture_output=True,
        text=True,
        env=env,
        cwd=database.parent,
        timeout=120,
    )


def test_window_opens_the_database_and_closes_with_exit_0(sample_db) -> None:  # type: ignore[no-untyped-def]
    path = Path(sample_db.url.removeprefix("sqlite:///"))
    sample_db.close()
    result = _desktop(path, "60")
    assert result.returncode == 0, result.stderr
    assert "smoke: window shown" in result.stderr
    assert f"smoke: database open: {path.name} — Protocol Desk" in result.stderr


def test_a_database_that_does_not_open_fails_instead_of_hanging(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite3"
    broken.write_text("not a database", encoding="utf-8")
    # The app shows its error dialog, which nobody clicks; the time limit ends the wait.
    result = _desktop(broken, "3")
    assert result.returncode == 1, result.stderr
    assert "smoke: not done after 3 s" in result.stderr
    assert "smoke: database failed: " in result.stderr
    assert "smoke: database open" not in result.stderr
