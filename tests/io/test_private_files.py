"""Personal-data files are private (0600 files, 0700 folders) whatever the umask, and killed
backups and exports leave nothing in the shared temporary folder.

Modes are read with stat rather than tested by a second user failing to read: the tests
run as root in CI, for whom every permission check passes.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli.main import main
from app.db import Database, default_database_path, open_database
from app.seed.sample import load_sample

SAMPLE_EVENT = "BRICS"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _lax_umask() -> Iterator[None]:
    """The usual desktop umask: anything created without an explicit mode is world-readable."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _event_id(db: Database) -> str:
    from sqlalchemy import select

    from app.model import Event

    with db.session() as session:
        return str(session.scalars(select(Event.id)).first())


def test_default_database_its_folder_and_journal_are_private() -> None:
    db = open_database()
    try:
        with db.transaction() as session:
            load_sample(session)
        path = default_database_path()
        assert mode(path) == 0o600
        assert mode(path.parent) == 0o700
        journals = [Path(f"{path}{s}") for s in ("-wal", "-shm") if Path(f"{path}{s}").exists()]
        assert journals, "WAL mode should have created its journal files"
        assert all(mode(p) == 0o600 for p in journals)
    finally:
        db.close()


def test_an_old_world_readable_default_database_is_tightened() -> None:
    path = default_database_path()
    path.parent.mkdir(parents=True)
    open_database(str(path)).close()
    os.chmod(path, 0o644)
    os.chmod(path.parent, 0o755)
    open_database().close()
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700


def test_backup_restored_database_and_safety_copy_are_private(
    sample_db: Database, tmp_path: Path
) -> None:
    archive = tmp_path / "b.zip"
    assert main(["--db", sample_db.url, "backup", "-o", str(archive)]) == 0
    assert mode(archive) == 0o600
    restored = tmp_path / "new" / "restored.sqlite3"
    assert main(["restore", str(archive), "--db", str(restored)]) == 0
    assert mode(restored) == 0o600
    assert mode(restored.parent) == 0o700
    from tests.core.test_migrations import _insert_rows_at_first_revision

    old = tmp_path / "old.sqlite3"
    _insert_rows_at_first_revision(old)
    migrated = open_database(str(old))
    migrated.close()
    assert migrated.safety_copy is not None
    assert mode(Path(migrated.safety_copy)) == 0o600


@pytest.mark.parametrize(
    ("kind", "name", "extra"),
    [
        ("participants", "p.csv", []),
        ("participants", "p.xlsx", []),
        ("vcard", "p.vcf", ["--liaison-officers"]),
        ("badges", "b.pdf", []),
    ],
)
def test_exports_are_private(
    sample_db: Database, tmp_path: Path, kind: str, name: str, extra: list[str]
) -> None:
    target = tmp_path / "out" / name
    target.parent.mkdir()
    event = _event_id(sample_db)
    argv = ["--db", sample_db.url, "export", kind, event, *extra, "-o", str(target)]
    assert main(argv) == 0
    assert mode(target) == 0o600
    assert [p.name for p in target.parent.iterdir()] == [name]


def test_gifts_register_csv_is_private(sample_db: Database, tmp_path: Path) -> None:
    target = tmp_path / "gifts.csv"
    assert (
        main(
            ["--db", sample_db.url, "export", "gifts-register", "--year", "2017", "-o", str(target)]
        )
        == 0
    )
    assert mode(target) == 0o600


KILLED_BACKUP = textwrap.dedent(
    """
    import sys
    from app.db import open_database
    from app.io.backup import create_backup
    from app.io.tasks import TaskState

    def halfway(done, total):
        if done == 3:
            print("halfway", flush=True)
            sys.stdin.read()  # hold here until killed

    create_backup(open_database(sys.argv[1]), sys.argv[2], TaskState(halfway))
    """
)


def test_killed_backups_leave_nothing_in_tmp_and_the_next_run_sweeps_up(
    sample_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared_tmp = tmp_path / "shared-tmp"
    shared_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(shared_tmp))
    out = tmp_path / "out"
    out.mkdir()
    target = out / "office.zip"
    for _ in range(3):
        with subprocess.Popen(
            [sys.executable, "-c", KILLED_BACKUP, sample_db.url, str(target)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        ) as child:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "halfway"
            child.kill()
        # Only this run's part file: each run swept the one the run before it left.
        leftovers = list(out.iterdir())
        assert len(leftovers) == 1
        assert leftovers[0].name.startswith(".office.zip.")
        assert leftovers[0].name.endswith(".pd-part")
        assert mode(leftovers[0]) == 0o600
    assert list(shared_tmp.iterdir()) == [], "no database copy in the shared temporary folder"
    # The next export into the folder sweeps them; then a backup completes.
    csv = out / "p.csv"
    export = ["export", "participants", _event_id(sample_db), "-o", str(csv)]
    assert main(["--db", sample_db.url, *export]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["p.csv"]
    assert main(["--db", sample_db.url, "backup", "-o", str(target)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["office.zip", "p.csv"]
    assert list(shared_tmp.iterdir()) == []


def test_a_part_file_of_a_running_export_is_kept(tmp_path: Path) -> None:
    """Another export still writing in the same folder must not lose its file."""
    from app.io.private import part_path, sweep_leftovers

    with subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    ) as sleeper:
        running = tmp_path / f".x.pdf.{sleeper.pid}.0123abcd.pd-part"
        running.write_bytes(b"in progress")
        mine = part_path(tmp_path / "y.pdf")
        mine.write_bytes(b"mine")
        assert sweep_leftovers(tmp_path) == []
        sleeper.kill()
    assert sweep_leftovers(tmp_path) == [running]
    assert mine.exists()


def test_crash_log_is_private_capped_and_holds_no_personal_data(
    sample_db: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A real database error whose statement carries a person's e-mail."""
    import app.crashlog
    from app.cli.commands import events

    email = "amal.haddad@example.org"

    def failing(_args: object) -> int:
        from sqlalchemy import text

        with sample_db.engine.begin() as connection:
            connection.execute(
                text("INSERT INTO person (id, family_name) VALUES (:id, :name)"),
                {"id": "x", "name": email},
            )
            connection.execute(
                text("INSERT INTO person (id, family_name) VALUES (:id, :name)"),
                {"id": "x", "name": email},
            )
        return 0

    monkeypatch.setattr(events, "run", failing)
    monkeypatch.setattr(app.crashlog, "MAX_BYTES", 4000)
    for _ in range(12):
        assert main(["--db", sample_db.url, "events"]) == 3
    err = capsys.readouterr().err
    assert "internal error: IntegrityError" in err
    assert email not in err
    assert "INSERT" not in err
    log = app.crashlog.log_path()
    assert mode(log.parent) == 0o700
    files = sorted(log.parent.iterdir())
    assert [p.name for p in files] == ["crash.log", "crash.log.1", "crash.log.2", "crash.log.3"]
    for path in files:
        assert mode(path) == 0o600
        assert path.stat().st_size <= 4000 + 4000
        content = path.read_text(encoding="utf-8")
        assert email not in content
        assert "INSERT" not in content
    assert "IntegrityError" in log.read_text(encoding="utf-8")
    assert "failing" in log.read_text(encoding="utf-8")  # the frames are kept


def test_preview_folders_are_private_and_a_killed_run_s_are_removed(tmp_path: Path) -> None:
    import tempfile

    from app.io.private import private_preview_folder

    with subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from app.io.private import private_preview_folder as p; print(p())",
        ],
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None
        left = Path(child.stdout.read().strip())
    assert left.is_dir()  # the child exited without cleaning up, as a killed app would
    (left / "preview-1.pdf").write_bytes(b"%PDF names and photos")
    mine = private_preview_folder()
    assert mode(mine) == 0o700
    assert mode(mine.parent) == 0o700
    assert not left.exists()
    assert not str(mine).startswith(tempfile.gettempdir() + os.sep + "protocol-desk")


KILLED_BRIEFING = textwrap.dedent(
    """
    import sys, uuid
    from pathlib import Path
    from app.db import open_database
    from app.reports.briefing.builder import build_briefing

    target = Path(sys.argv[3])

    def progress(_fraction, _message=""):
        if any(target.parent.glob(".*.pd-part")):  # mid-write: the part file exists
            print("writing", flush=True)
            sys.stdin.read()  # hold here until killed

    with open_database(sys.argv[1]).session() as session:
        build_briefing(session, uuid.UUID(sys.argv[2]), target, progress=progress)
    """
)


def test_a_killed_briefing_export_leaves_only_a_private_part_file_swept_next_time(
    sample_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared_tmp = tmp_path / "shared-tmp"
    shared_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(shared_tmp))
    out = tmp_path / "out"
    out.mkdir()
    target = out / "pack.pdf"
    event = _event_id(sample_db)
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_BRIEFING, sample_db.url, event, str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "writing"
        child.kill()
    [left] = list(out.iterdir())
    assert left.name.startswith(".pack.pdf.")
    assert mode(left) == 0o600
    assert list(shared_tmp.iterdir()) == []
    # In its own process: reportlab's font registry is process-wide, and the briefing tests
    # expect their subsets to be written to their own font folder, not found registered.
    export = ["export", "briefing", event, "-o", str(target)]
    subprocess.run(
        [sys.executable, "-m", "app.cli.main", "--db", sample_db.url, *export],
        check=True,
        capture_output=True,
    )
    assert [p.name for p in out.iterdir()] == ["pack.pdf"]
    assert mode(target) == 0o600
