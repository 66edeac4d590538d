"""Backup and restore: one zip archive holding a consistent logical snapshot of every table.

The same format serves both backends: rows are written as JSON lines per table through
the app's own table definitions (soft-deleted rows included), stored files' bytes as
separate members, and a manifest carrying the app and schema versions, row counts and
a SHA-256 for every member. So a backup taken from a laptop's SQLite file restores
into the office's PostgreSQL server and back.

Consistency: on SQLite the live file is first copied with SQLite's backup API (a
point-in-time copy even while the app writes through WAL) and the copy is exported;
on PostgreSQL one REPEATABLE READ transaction reads every table from one snapshot.

Restore checks the whole archive before touching anything, creates the schema at the
backup's revision, inserts, then migrates to the app's head revision, all in one
transaction; a SQLite target is built in a temporary file renamed into place at the
end, so a failure leaves nothing half-made.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
import uuid
import zipfile
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from sqlalchemy import (
    Connection,
    Date,
    DateTime,
    Engine,
    LargeBinary,
    Numeric,
    Table,
    Uuid,
    inspect,
    select,
    text,
)

from app import __version__
from app.db import Database
from app.db.engine import create_database_engine
from app.db.location import resolve_database_url, sqlite_path, sqlite_url
from app.db.migrate import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    alembic_config,
    copy_sqlite_file,
    current_revision,
)
from app.errors import DatabaseError
from app.io.tasks import TaskState
from app.model import Base

FORMAT = "protocol-desk-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
FILE_TABLE, FILE_COLUMN = "stored_file", "content"
BATCH = 1000
CHUNK = 1 << 20


class BackupError(DatabaseError):
    """The archive cannot be written or restored; the message says why."""


# --- values <-> JSON -------------------------------------------------------------------


def encode_value(column_type: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        if isinstance(column_type, DateTime) and column_type.timezone:
            # SQLite gives naive UTC back, PostgreSQL an aware value: store UTC explicitly.
            value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def decode_value(column_type: Any, value: Any, *, sqlite: bool) -> Any:
    if value is None:
        return None
    if isinstance(column_type, Uuid):
        return uuid.UUID(value)
    if isinstance(column_type, DateTime):
        moment = datetime.fromisoformat(value)
        if sqlite and moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        return moment
    if isinstance(column_type, Date):
        return date.fromisoformat(value)
    if isinstance(column_type, Numeric):
        return Decimal(value)
    if isinstance(column_type, LargeBinary):
        return base64.b64decode(value)
    return value


def table_rows(connection: Connection, table: Table) -> Iterator[dict[str, Any]]:
    """Every row of ``table`` (soft-deleted too: Core selects bypass the ORM filter), as JSON."""
    columns = [c for c in table.columns if not (table.name == FILE_TABLE and c.name == FILE_COLUMN)]
    result = connection.execution_options(yield_per=BATCH).execute(
        select(*columns).order_by(*table.primary_key.columns)
    )
    for row in result.mappings():
        yield {c.name: encode_value(c.type, row[c.name]) for c in columns}


# --- backup -------------------------------------------------------------------------------


def create_backup(
    db: Database, destination: Path | str, task: TaskState | None = None
) -> dict[str, Any]:
    """Write the archive (via a temporary file renamed at the end); returns its manifest."""
    destination = Path(destination)
    partial = destination.with_name(f".{destination.name}.{uuid.uuid4().hex[:8]}.partial")
    snapshot_dir: tempfile.TemporaryDirectory[str] | None = None
    try:
        source_path = sqlite_path(db.url)
        if source_path is not None:
            snapshot_dir = tempfile.TemporaryDirectory(prefix="protocol-desk-backup-")
            copy = Path(snapshot_dir.name) / "snapshot.sqlite3"
            copy_sqlite_file(source_path, copy)
            engine = create_database_engine(sqlite_url(copy))
        else:
            engine = db.engine
        try:
            manifest = _write_archive(engine, partial, db.engine.dialect.name, task)
        finally:
            if engine is not db.engine:
                engine.dispose()
        os.replace(partial, destination)
        return manifest
    finally:
        partial.unlink(missing_ok=True)
        if snapshot_dir is not None:
            snapshot_dir.cleanup()


def _write_archive(
    engine: Engine, path: Path, backend: str, task: TaskState | None
) -> dict[str, Any]:
    tables = Base.metadata.sorted_tables
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "created_at": datetime.now(UTC).isoformat(),
        "source_backend": backend,
        "tables": {},
        "files": {},
    }
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin(), zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            manifest["schema_revision"] = current_revision(connection)
            for done, table in enumerate(tables, start=1):
                member = f"tables/{table.name}.jsonl"
                rows = deleted = 0
                with _hashed_writer(archive, member) as writer:
                    for row in table_rows(connection, table):
                        writer.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
                        rows += 1
                        deleted += row.get("deleted_at") is not None
                manifest["tables"][table.name] = {
                    "member": member,
                    "rows": rows,
                    "deleted_rows": deleted,
                    "sha256": writer.digest,
                }
                if task is not None:
                    task.progress(done, len(tables) + 1)
            files = Base.metadata.tables[FILE_TABLE]
            result = connection.execution_options(yield_per=50).execute(
                select(files.c.id, files.c.content)
            )
            for file_id, content in result:
                member = f"files/{file_id}"
                archive.writestr(member, content or b"")
                manifest["files"][str(file_id)] = {
                    "member": member,
                    "size": len(content or b""),
                    "sha256": hashlib.sha256(content or b"").hexdigest(),
                }
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
    if task is not None:
        task.progress(len(tables) + 1, len(tables) + 1)
    return manifest


class _hashed_writer:
    def __init__(self, archive: zipfile.ZipFile, member: str) -> None:
        self._stream: IO[bytes] = archive.open(member, "w", force_zip64=True)
        self._hash = hashlib.sha256()
        self.digest = ""

    def write(self, line: str) -> None:
        data = line.encode("utf-8")
        self._hash.update(data)
        self._stream.write(data)

    def __enter__(self) -> _hashed_writer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stream.close()
        self.digest = self._hash.hexdigest()


# --- restore ------------------------------------------------------------------------------


def verify_backup(archive_path: Path | str) -> dict[str, Any]:
    """The manifest, after checking the archive is whole, every checksum and the schema."""
    archive_path = Path(archive_path)
    try:
        with zipfile.ZipFile(archive_path) as archive:
            manifest = _read_manifest(archive, archive_path.name)
            members: dict[str, str] = {
                entry["member"]: entry["sha256"] for entry in manifest["tables"].values()
            }
            members.update({e["member"]: e["sha256"] for e in manifest["files"].values()})
            for member, expected in members.items():
                if _member_sha256(archive, member) != expected:
                    raise BackupError(
                        f"{archive_path.name} is damaged: {member} does not match its checksum"
                    )
    except FileNotFoundError:
        raise BackupError(f"no such backup file: {archive_path}") from None
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise BackupError(
            f"{archive_path.name} is damaged or incomplete (truncated?): {error}"
        ) from None
    return manifest


def _read_manifest(archive: zipfile.ZipFile, name: str) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise BackupError(f"{name} is not a Protocol Desk backup (no manifest)") from None
    except ValueError:
        raise BackupError(f"{name} has a damaged manifest") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{name} is not a Protocol Desk backup")
    if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
        raise BackupError(
            f"{name} was written by a newer Protocol Desk; update the app to restore it"
        )
    revision = manifest.get("schema_revision")
    if revision not in KNOWN_REVISIONS:
        raise BackupError(
            f"{name} holds schema revision {revision}, newer than this app knows "
            f"(up to {HEAD_REVISION}); update Protocol Desk to restore it"
        )
    return manifest


def _member_sha256(archive: zipfile.ZipFile, member: str) -> str:
    digest = hashlib.sha256()
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
    except KeyError:
        raise BackupError(f"the archive lacks {member}") from None
    return digest.hexdigest()


def restore_backup(
    archive_path: Path | str, target: str, *, force: bool = False, task: TaskState | None = None
) -> dict[str, Any]:
    """Restore into a new database (file path or URL); returns the verified manifest."""
    manifest = verify_backup(archive_path)
    url = resolve_database_url(target)
    final_path = sqlite_path(url)
    temporary: Path | None = None
    if final_path is not None:
        if final_path.exists() and not force:
            raise BackupError(
                f"{final_path} already exists; restore into a new file or use --force"
            )
        final_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = final_path.with_name(f".{final_path.name}.{uuid.uuid4().hex[:8]}.restoring")
        url = sqlite_url(temporary)
    engine = create_database_engine(url)
    try:
        with zipfile.ZipFile(archive_path) as archive:
            _restore_into(engine, archive, manifest, force=force, task=task)
        if temporary is not None:
            with engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        if temporary is not None and final_path is not None:
            for suffix in ("-wal", "-shm"):
                # A stale journal of the replaced file must not be replayed onto the new one.
                Path(f"{final_path}{suffix}").unlink(missing_ok=True)
            os.replace(temporary, final_path)
    except BaseException:
        engine.dispose()
        raise
    finally:
        if temporary is not None:
            for leftover in (temporary, Path(f"{temporary}-wal"), Path(f"{temporary}-shm")):
                leftover.unlink(missing_ok=True)
    return manifest


def _restore_into(
    engine: Engine,
    archive: zipfile.ZipFile,
    manifest: Mapping[str, Any],
    *,
    force: bool,
    task: TaskState | None,
) -> None:
    from alembic import command

    is_sqlite = engine.dialect.name == "sqlite"
    revision = manifest["schema_revision"]
    with engine.connect() as connection:
        existing = inspect(connection).get_table_names()
        if existing and not force:
            raise BackupError(
                "the target database is not empty; restore into a new database or use --force"
            )
        if is_sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        with connection.begin():
            if existing:
                Base.metadata.drop_all(connection)
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
            command.upgrade(alembic_config(connection), revision)  # type: ignore[arg-type]
            tables = [t for t in Base.metadata.sorted_tables if t.name in manifest["tables"]]
            for done, table in enumerate(tables, start=1):
                _insert_table(connection, archive, table, manifest, sqlite=is_sqlite)
                if task is not None:
                    task.progress(done, len(tables))
            if revision != HEAD_REVISION:
                command.upgrade(alembic_config(connection), HEAD_REVISION)  # type: ignore[arg-type]
        if is_sqlite:
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
            if problems:
                raise BackupError(f"the backup has {len(problems)} broken references")


def _insert_table(
    connection: Connection,
    archive: zipfile.ZipFile,
    table: Table,
    manifest: Mapping[str, Any],
    *,
    sqlite: bool,
) -> None:
    entry = manifest["tables"][table.name]
    rows: list[dict[str, Any]] = []
    with archive.open(entry["member"]) as stream:
        for line in stream:
            raw = json.loads(line)
            row = {
                name: decode_value(table.c[name].type, value, sqlite=sqlite)
                for name, value in raw.items()
            }
            if table.name == FILE_TABLE:
                row[FILE_COLUMN] = archive.read(manifest["files"][raw["id"]]["member"])
            rows.append(row)
    if len(rows) != entry["rows"]:
        raise BackupError(
            f"{entry['member']} has {len(rows)} rows, the manifest says {entry['rows']}"
        )
    for batch in _parents_first(table, rows):
        connection.execute(table.insert(), batch)


def _parents_first(table: Table, rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """Batches in which a row referring to its own table (organisation.parent_id) follows
    its parent, since PostgreSQL checks foreign keys row by row."""
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    if not self_refs:
        for start in range(0, len(rows), BATCH):
            yield rows[start : start + BATCH]
        return
    placed: set[Any] = set()
    pending = rows
    while pending:
        ready = [r for r in pending if all(r[c] is None or r[c] in placed for c in self_refs)]
        if not ready:  # a cycle: the database will report it
            ready = pending
        yield ready
        placed.update(r["id"] for r in ready)
        pending = [r for r in pending if r["id"] not in placed]
