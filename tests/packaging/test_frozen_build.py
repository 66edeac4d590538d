"""Smoke tests of the built program (dist/protocol-desk, from ``sh packaging/build.sh``).

They run the frozen executable, never the source tree: a module or data file the build
left out fails here even though every other test passes. Without a build they are
skipped, except in CI, where .ci/run builds first and a missing build is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app import __version__

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "protocol-desk"
PROGRAM = BUNDLE / "protocol-desk"
EVENT = "BRICS Seminar on Governance"
pytestmark = pytest.mark.slow


def _require(path: str | None, what: str) -> str:
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must have {what}")
        pytest.skip(f"{what} is missing")
    return path


@pytest.fixture(scope="module")
def program() -> Path:
    found = str(PROGRAM) if PROGRAM.is_file() else None
    _require(found, "the frozen build (sh packaging/build.sh makes dist/protocol-desk)")
    return PROGRAM


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("frozen-home")


def run(program: Path, home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the built program offscreen, with its own data folders and no Python setup
    leaking in from the test run (it must carry everything itself)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV", "PROTOCOL_DESK_"))
    }
    environment.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), **env)
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        environment[variable] = str(home / variable.lower())
    return subprocess.run(
        [str(program), *args],
        cwd=home,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def seminar_db(program: Path, home: Path) -> Path:
    database = home / "seminar.sqlite3"
    result = run(program, home, "--db", str(database), "demo")
    assert result.returncode == 0, result.stderr
    assert "Loaded the sample seminar" in result.stdout
    return database


def test_version(program: Path, home: Path) -> None:
    result = run(program, home, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"protocol-desk {__version__}"


def test_demo_loads_the_seminar(program: Path, home: Path, seminar_db: Path) -> None:
    result = run(program, home, "--db", str(seminar_db), "events")
    assert result.returncode == 0, result.stderr
    assert f"{EVENT} — Quanzhou, China" in result.stdout


def test_briefing_pack_prints_the_chinese_name_as_text(
    program: Path, home: Path, seminar_db: Path
) -> None:
    pdftotext = _require(shutil.which("pdftotext"), "pdftotext (poppler-utils)")
    pack = home / "briefing.pdf"
    result = run(
        program, home, "--db", str(seminar_db), "export", "briefing", EVENT, "-o", str(pack)
    )
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr
    text = subprocess.run(
        [pdftotext, str(pack), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "马建堂" in text
    assert "[U+" not in text


def test_desktop_window_opens_and_closes_cleanly(
    program: Path, home: Path, seminar_db: Path
) -> None:
    config = home / "xdg_config_home"
    result = run(program, home, "--db", str(seminar_db), PROTOCOL_DESK_SMOKE_QUIT="120")
    assert result.returncode == 0, result.stderr
    assert "smoke: window shown" in result.stderr
    assert f"smoke: database open: {seminar_db.name} — Protocol Desk" in result.stderr
    assert "Traceback" not in result.stderr
    # The window saved its geometry on the way out: closeEvent ran to the end.
    saved = "\n".join(path.read_text("utf-8") for path in config.rglob("*.ini"))
    assert "geometry" in saved.lower()
    assert str(seminar_db) in saved


def test_build_leaves_out_what_the_app_does_not_use(program: Path) -> None:
    names = {path.name for path in BUNDLE.rglob("*")}
    unwanted = ("Qt6WebEngine", "Qt6Qml", "Qt6Quick", "Qt63D", "Qt6Multimedia", "Qt6Designer")
    assert not [name for name in names if any(part in name for part in unwanted)]
    for package in ("pytest", "_pytest", "pytestqt", "mypy", "ruff", "pypdf"):
        assert package not in names
    # ...and keeps the data it needs beside the code: migrations as source, the sample.
    internal = BUNDLE / "_internal"
    assert list((internal / "app" / "db" / "migrations" / "versions").glob("*.py"))
    assert list((internal / "resources" / "sample").glob("*.json"))


def test_linux_install_puts_the_program_menu_entry_and_icons_in_place(
    program: Path, home: Path, tmp_path: Path
) -> None:
    prefix = tmp_path / "prefix"
    subprocess.run(
        ["sh", str(ROOT / "packaging" / "linux" / "install.sh")],
        env={**os.environ, "PREFIX": str(prefix)},
        check=True,
        capture_output=True,
    )
    app_id = "org.protocoldesk.ProtocolDesk"
    entry = (prefix / "share" / "applications" / f"{app_id}.desktop").read_text("utf-8")
    assert f"Exec={prefix}/bin/protocol-desk" in entry
    assert (prefix / "share" / "metainfo" / f"{app_id}.metainfo.xml").is_file()
    for size in (16, 48, 256, 512):
        assert (
            prefix / "share/icons/hicolor" / f"{size}x{size}" / "apps" / f"{app_id}.png"
        ).is_file()
    result = run(prefix / "bin" / "protocol-desk", home, "--version")
    assert result.stdout.strip() == f"protocol-desk {__version__}"
