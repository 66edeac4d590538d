"""Backup and restore: one zip archive holding a consistent logical snapshot of every table.

The same format serves both backends: rows are written as JSON lines per table through
the app's own table definitions (soft-deleted rows included), stored files' bytes as
separate members, and a manifest carrying the app and schema versions, row counts and
a SHA-256 for every member. So a backup taken from a laptop's SQLite file restores
into the office's PostgreSQL server and back.

Consistency: every table is read in one transaction, from one snapshot (a WAL read
transaction on SQLite, REPEATABLE READ on PostgreSQL); no copy of the database is made,
so no personal data lands in a temporary folder.

Restore checks the whole archive before touching anything, creates the schema at the
backup's revision, inserts, then migrates to the app's head revision, all in one
transaction; a SQLite target is built in a temporary file renamed into place at the
end, so a failure leaves nothing half-made. Bad content in an archive whose checksums
match (a hand-edited or foreign file) is refused with a plain message naming the member,
line and column; messages never quote row values or SQL, which could carry personal data.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
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
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError

from app import __version__
from app.db import Database
from app.db.engine import create_database_engine
from app.db.location import resolve_database_url, sqlite_path, sqlite_url
from app.db.migrate import HEAD_REVISION, KNOWN_REVISIONS, alembic_config, current_revision
from app.errors import DatabaseError
from app.io.private import (
    atomic_output,
    create_private_file,
    make_private,
    part_path,
    private_folder,
    remove_with_companions,
    sweep_leftovers,
)
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
    """Write the archive (a private part file beside it, renamed at the end); its manifest."""
    with atomic_output(destination) as partial:
        manifest = write_archive(db.engine, partial, db.engine.dialect.name, task)
    return manifest


def write_archive(
    engine: Engine,
    path: Path,
    backend: str,
    task: TaskState | None,
    tables: list[Table] | None = None,
) -> dict[str, Any]:
    """Write the archive to ``path``; ``tables`` (the model's by default) may be reflected
    ones, for a database whose schema is older than the model."""
    tables = Base.metadata.sorted_tables if tables is None else tables
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
            if connection.dialect.name == "sqlite":
                # pysqlite opens no transaction for SELECTs; an explicit one makes every
                # table come from one WAL snapshot, without copying the file anywhere.
                connection.exec_driver_sql("BEGIN")
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
            files = next(t for t in tables if t.name == FILE_TABLE)
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
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise BackupError(f"{name} is not a Protocol Desk backup (no manifest)") from None
    except ValueError:
        raise BackupError(f"{name} has a damaged manifest") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{name} is not a Protocol Desk backup")
    version = manifest.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise BackupError(f"{name} has a damaged manifest: format_version is not a number")
    if version > FORMAT_VERSION:
        raise BackupError(
            f"{name} was written by a newer Protocol Desk; update the app to restore it"
        )
    revision = manifest.get("schema_revision")
    if revision not in KNOWN_REVISIONS:
        raise BackupError(
            f"{name} holds schema revision {str(revision)[:20]}, newer than this app knows "
            f"(up to {HEAD_REVISION}); update Protocol Desk to restore it"
        )
    _check_entries(manifest, name)
    return manifest


def _check_entries(manifest: dict[str, Any], name: str) -> None:
    """Each table and file entry has the shape restore relies on, and names a known table."""
    tables, files = manifest.get("tables"), manifest.get("files")
    if not isinstance(tables, dict) or not isinstance(files, dict):
        raise BackupError(f"{name} has a damaged manifest: no list of tables and files")
    for table, entry in tables.items():
        if table not in Base.metadata.tables:
            raise BackupError(f"{name} holds an unknown table '{str(table)[:60]}'")
        if not _is_entry(entry, "rows"):
            raise BackupError(f"{name} has a damaged manifest entry for table {table}")
    for entry in files.values():
        if not _is_entry(entry, "size"):
            raise BackupError(f"{name} has a damaged manifest entry for a stored file")


def _is_entry(entry: object, count_key: str) -> bool:
    if not isinstance(entry, dict):
        return False
    count = entry.get(count_key)
    return (
        isinstance(entry.get("member"), str)
        and isinstance(entry.get("sha256"), str)
        and isinstance(count, int)
        and not isinstance(count, bool)
        and count >= 0
    )


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
    """Restore into a new database (file path or URL); returns the verified manifest.

    With ``force``, an existing target is first saved as an automatic backup.
    """
    manifest = verify_backup(archive_path)
    url = resolve_database_url(target)
    final_path = sqlite_path(url)
    temporary: Path | None = None
    if final_path is not None and final_path.exists() and not force:
        raise BackupError(f"{final_path} already exists; restore into a new file or use --force")
    if force:
        from app.backups import backup_before_replacing

        backup_before_replacing(url)
    if final_path is not None:
        private_folder(final_path.parent)
        sweep_leftovers(final_path.parent)
        temporary = part_path(final_path)
        create_private_file(temporary)
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
            make_private(temporary)
            os.replace(temporary, final_path)
    except BaseException:
        engine.dispose()
        raise
    finally:
        if temporary is not None:
            remove_with_companions(temporary)
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
        connection.rollback()  # end the inspection's implicit transaction before begin()
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
                with _refusals("the restored data"):
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
    member = entry["member"]
    rows: list[dict[str, Any]] = []
    with archive.open(member) as stream:
        for number, line in enumerate(stream, start=1):
            rows.append(
                _decode_row(archive, table, manifest, line, f"{member} line {number}", sqlite)
            )
    if len(rows) != entry["rows"]:
        raise BackupError(f"{member} has {len(rows)} rows, the manifest says {entry['rows']}")
    with _refusals(member):
        for batch in _parents_first(table, rows):
            connection.execute(table.insert(), batch)


def _decode_row(
    archive: zipfile.ZipFile,
    table: Table,
    manifest: Mapping[str, Any],
    line: bytes,
    where: str,
    sqlite: bool,
) -> dict[str, Any]:
    """One JSON line as a row; a refusal names the place and column, never the value."""
    try:
        raw = json.loads(line)
    except ValueError:
        raise BackupError(f"{where} is not a valid JSON record") from None
    if not isinstance(raw, dict):
        raise BackupError(f"{where} is not a record")
    row: dict[str, Any] = {}
    for name, value in raw.items():
        if name not in table.c or (table.name == FILE_TABLE and name == FILE_COLUMN):
            raise BackupError(f"{where}: {table.name} has no column '{str(name)[:60]}'")
        column_type = table.c[name].type
        try:
            row[name] = decode_value(column_type, value, sqlite=sqlite)
        except (ValueError, TypeError, AttributeError, ArithmeticError):
            kind = type(column_type).__name__.lower()
            raise BackupError(f"{where}: {table.name}.{name} is not a valid {kind}") from None
    if table.name == FILE_TABLE:
        stored = manifest["files"].get(raw.get("id"))
        if stored is None:
            raise BackupError(f"{where}: the stored file it describes is not in the archive")
        row[FILE_COLUMN] = archive.read(stored["member"])
    return row


@contextlib.contextmanager
def _refusals(where: str) -> Iterator[None]:
    """Turn the database's refusal into a plain message without the SQL or the values."""
    try:
        yield
    except DBAPIError as error:
        raise BackupError(f"{where} holds rows the database refuses: {_reason(error)}") from None
    except StatementError:
        raise BackupError(f"{where} holds a value of the wrong type") from None


def _reason(error: DBAPIError) -> str:
    if not isinstance(error, IntegrityError):
        return "a value of the wrong type or size"
    diagnostics = getattr(error.orig, "diag", None)
    primary = getattr(diagnostics, "message_primary", None)
    # PostgreSQL's primary message and SQLite's message name the rule, not the values
    # (PostgreSQL keeps those in its DETAIL, which is left out).
    text_ = str(primary if primary is not None else error.orig).splitlines()[0]
    return text_[:200]


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
