"""Import a 100,000-row participant list into a fresh SQLite database, journaled as one
operation; re-import it; open the event's history (the Changes view's lazy model); then
undo the first import. Prints time and memory.

Run: python benchmarks/import_benchmark.py [ROWS]
Targets: import under 20 s, re-import under 10 s, history open under 300 ms, undo under
10 s; peak RSS is the process's.
"""

from __future__ import annotations

import csv
import resource
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from app.db import Database, open_database
from app.io.import_operation import import_participants
from app.io.tabular import read_table
from app.journal import history
from app.model import Event, Person
from app.services import records

COUNTRIES = ["CHN", "KAZ", "FRA", "IND", "BRA", "RUS", "ZAF", "DEU", "EGY", "MEX"]
ROLES = ["member", "adviser", "interpreter", "press", "security"]


def write_list(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["delegation", "role", "given_name", "family_name", "email", "position", "languages"]
        )
        for i in range(rows):
            role = "head" if i < len(COUNTRIES) else ROLES[i % len(ROLES)]
            writer.writerow(
                [
                    COUNTRIES[i % len(COUNTRIES)],
                    role,
                    f"Given{i}",
                    f"Family{i}",
                    f"person{i}@example.org",
                    "Delegate",
                    "English; 中文",
                ]
            )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "participants.csv"
        write_list(path, rows)
        db = open_database(str(Path(folder) / "bench.sqlite3"))
        with db.transaction() as session:
            event_id = records.create(
                session,
                Event,
                title="Benchmark",
                start_date=date(2024, 5, 6),
                date_precision="day",
            ).id
        first = None
        for label in ("first import", "re-import"):
            started = time.perf_counter()
            table = read_table(path)
            read_s = time.perf_counter() - started
            preview, result = import_participants(db, event_id, table)
            first = first or result.operation_id
            total_s = time.perf_counter() - started
            print(
                f"{label}: {rows:,} rows in {total_s:.1f} s (reading {read_s:.1f} s); "
                f"{preview.summary()}; peak RSS {peak_rss_mb():.0f} MB"
            )
            del table, preview
        with db.session() as session:
            print(f"people in database: {session.scalar(select(func.count(Person.id))):,}")
        open_history(db, event_id)
        started = time.perf_counter()
        assert first is not None
        undone = db.undo.undo()
        print(
            f"undo of the first import: {time.perf_counter() - started:.1f} s, "
            f"{sum(len(ids) for ids in undone.changes.records.values()):,} records"
        )
        with db.session() as session:
            print(f"people in database: {session.scalar(select(func.count(Person.id))):,}")
        db.close()


def open_history(db: Database, event_id: uuid.UUID) -> None:
    """What the Changes view does when it opens: count, then the first page."""
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        with db.session() as session:
            total = history.count_event_changes(session, event_id)
            page = history.event_changes(session, event_id, offset=0, limit=200, newest_first=True)
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"event history opened: {total:,} changes, first {len(page)} shown in "
        + " / ".join(f"{t:.0f}" for t in timings)
        + " ms"
    )


if __name__ == "__main__":
    main()
