"""Files holding personal data: readable by the user only, written whole or not at all.

Every file the app writes that can hold names, e-mails or photos (databases, backups,
exports, logs) goes through here. Permissions are set explicitly rather than left to the
umask, which is often 022 and would make them world-readable.

A file being written lives beside its target under a recognisable hidden name
(``.NAME.PID.RANDOM.pd-part``) and is renamed into place when complete. Writing beside
the target, not in the shared temporary folder, keeps personal data where the user put
it and makes the rename atomic. A run that is killed leaves its part file behind; the
next run in that folder removes leftovers whose process is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
PART_SUFFIX = ".pd-part"
STALE_AFTER_SECONDS = 24 * 3600
# SQLite keeps its journal beside a database file under the same name plus these.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")
_PART_NAME = re.compile(
    r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[0-9a-f]{8}"
    + re.escape(PART_SUFFIX)
    + r"(-wal|-shm|-journal)?$"
)


def private_folder(folder: Path) -> Path:
    """Create ``folder`` (and missing parents) readable by the user only; returns it."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    for created in missing:
        # mkdir's mode is filtered through the umask; chmod is not.
        os.chmod(created, FOLDER_MODE)
    return folder


def make_private(path: Path) -> None:
    """Restrict an existing file (and a SQLite file's journal companions) to the user."""
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in SQLITE_COMPANIONS)):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(candidate, FILE_MODE)


def create_private_file(path: Path) -> None:
    """Create an empty file, mode 0600 from the first byte, failing if it exists."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.close(handle)
    os.chmod(path, FILE_MODE)


def part_path(target: Path) -> Path:
    """A fresh hidden name beside ``target`` that :func:`sweep_leftovers` recognises."""
    return target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{PART_SUFFIX}")


def remove_with_companions(path: Path) -> None:
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in SQLITE_COMPANIONS)):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


@contextlib.contextmanager
def atomic_output(target: Path | str) -> Iterator[Path]:
    """Yield a private part file beside ``target``; it replaces ``target`` only on success.

    The caller writes the part file by path (reportlab, openpyxl and SQLite all want a
    name); truncating an existing file keeps its 0600 mode. On any error, the part file
    and any SQLite journal beside it are removed and ``target`` is left as it was.
    """
    target = Path(target)
    sweep_leftovers(target.parent)
    partial = part_path(target)
    create_private_file(partial)
    try:
        yield partial
        make_private(partial)
        os.replace(partial, target)
    finally:
        remove_with_companions(partial)


def write_private_bytes(target: Path | str, data: bytes) -> None:
    with atomic_output(target) as partial:
        partial.write_bytes(data)


def sweep_leftovers(folder: Path) -> list[Path]:
    """Remove part files left in ``folder`` by runs that were killed; returns what went.

    A part file whose process still runs is another export in progress and is kept.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _PART_NAME.match(entry.name)
        if match is None or _process_alive(int(match["pid"]), entry):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def private_preview_folder() -> Path:
    """A fresh 0700 folder for one window's previews, in the user's cache folder."""
    return private_run_folder("previews")


def private_run_folder(kind: str) -> Path:
    """A fresh 0700 folder for this process's working files, in the user's cache folder.

    Named after the process, so folders of killed runs are removed the next time.
    """
    from platformdirs import user_cache_path

    parent = private_folder(user_cache_path("protocol-desk", appauthor=False) / kind)
    for entry in list(os.scandir(parent)):
        pid = entry.name.split("-", 1)[0]
        if pid.isdigit() and not _process_alive(int(pid), entry):
            shutil.rmtree(entry.path, ignore_errors=True)
    folder = parent / f"{os.getpid()}-{secrets.token_hex(4)}"
    folder.mkdir(mode=FOLDER_MODE)
    os.chmod(folder, FOLDER_MODE)
    return folder


def _process_alive(pid: int, entry: os.DirEntry[str]) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":
        # os.kill would terminate the process there; go by age instead.
        with contextlib.suppress(OSError):
            return time.time() - entry.stat().st_mtime < STALE_AFTER_SECONDS
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or a platform without signals: keep it
    return True
