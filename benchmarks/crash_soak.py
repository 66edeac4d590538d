"""Crash soak: `kill -9` at random moments of imports, edits, merges, backups and restores.

Run: python benchmarks/crash_soak.py [--runs 200] [--seed 14] [--keep]

One SQLite file, one worker process at a time working through a fixed plan of
operations (the plan is the same for every worker, so an operation that committed but
was killed before it could say so is simply done again, to the same effect). A worker
appends an operation's number to its log, with fsync, only after the commit returned;
the soak then kills it at a random moment with SIGKILL and checks:

- ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check`` on the database;
- every logged operation is present: imported people, edited values, merged people,
  backup archives that verify, restored databases that open whole with the right counts.

It stops by itself after ``--runs`` kills and prints runs, kills, operations committed
and lost (which must be 0); the exit status is 1 if anything was lost or damaged.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PLAN_LENGTH = 3_000
# Share of each kind in the plan; the time each takes decides where kills land.
WEIGHTS = {"edit": 50, "import": 20, "merge": 15, "backup": 10, "restore": 5}
IMPORT_ROWS = 20
COUNTRIES = ["China", "Kazakhstan", "Brazil", "India", "Russia", "South Africa", "France"]
MAX_KILL_DELAY_S = 4.0


@dataclass(frozen=True)
class Op:
    number: int
    kind: str
    target: int  # the kind's own counter: Edit{k}, merge pair k, import file k, ...
    source: int = -1  # for a restore: the backup it restores


def make_plan(seed: int) -> list[Op]:
    rng = random.Random(seed)
    counters: Counter[str] = Counter()
    plan = [Op(0, "backup", 0)]  # a restore always has a backup before it
    counters["backup"] = 1
    kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
    for number in range(1, PLAN_LENGTH):
        kind = rng.choices(kinds, weights)[0]
        source = counters["backup"] - 1 if kind == "restore" else -1
        plan.append(Op(number, kind, counters[kind], source))
        counters[kind] += 1
    return plan


# --- the worker (a child process) ----------------------------------------------------


def run_worker(folder: Path, start: int, seed: int) -> None:
    from sqlalchemy import select

    from app.db import open_database
    from app.model import Event, Person

    plan = make_plan(seed)
    db = open_database(folder / "soak.sqlite3", create=False)
    with db.session() as session:
        event_id = session.scalars(select(Event.id)).one()
        people = dict(session.execute(select(Person.family_name, Person.id)).all())
    log = (folder / "committed.log").open("a", encoding="utf-8")
    print("ready", flush=True)
    for op in plan[start:]:
        _do(db, op, event_id, people, folder)
        log.write(f"{op.number}\n")
        log.flush()
        os.fsync(log.fileno())


def _do(db: Any, op: Op, event_id: Any, people: dict[str, Any], folder: Path) -> None:
    from app.db.locks import import_transaction
    from app.io.backup import create_backup, restore_backup
    from app.io.participants import apply_import
    from app.io.tabular import read_table
    from app.model import Person
    from app.protocol.duplicates import merge_people
    from app.services import records

    if op.kind == "edit":
        with db.transaction() as session:
            records.update(session, Person, people[f"Edit{op.target}"], position=_edited(op))
    elif op.kind == "import":
        path = folder / "imports" / f"i{op.target}.csv"
        _write_import(path, op.target)
        with import_transaction(db) as session:
            apply_import(session, event_id, read_table(path))
    elif op.kind == "merge":
        with db.transaction() as session:
            drop = session.get(Person, people[f"Drop{op.target}"])
            if drop is not None and drop.deleted_at is None:  # done before the last kill
                merge_people(session, people[f"Keep{op.target}"], drop.id)
    elif op.kind == "backup":
        create_backup(db, folder / "backups" / f"b{op.target}.zip")
    else:
        archive = folder / "backups" / f"b{op.source}.zip"
        restore_backup(archive, str(folder / "restored" / f"r{op.target}.sqlite3"), force=True)


def _edited(op: Op) -> str:
    return f"edited by operation {op.number}"


def _write_import(path: Path, k: int) -> None:
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["delegation", "given_name", "family_name", "email"])
        for i in range(IMPORT_ROWS):
            writer.writerow([COUNTRIES[(k + i) % 7], f"Row{i}", f"Imp{k}x{i}", f"i{k}.{i}@ex.org"])
    partial.replace(path)


# --- the soak (the parent) -----------------------------------------------------------


def seed_database(folder: Path, plan: list[Op]) -> None:
    from datetime import date

    from app.db import open_database
    from app.io.participants import apply_import
    from app.io.tabular import read_table
    from app.model import Event
    from app.services import records

    needed = Counter(op.kind for op in plan)
    path = folder / "seed.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["delegation", "given_name", "family_name", "email"])
        for k in range(needed["edit"]):
            writer.writerow(["", "Ed", f"Edit{k}", f"e{k}@ex.org"])
        for k in range(needed["merge"]):
            writer.writerow(["", "Kay", f"Keep{k}", f"k{k}@ex.org"])
            writer.writerow([COUNTRIES[k % 7], "Dee", f"Drop{k}", f"d{k}@ex.org"])
    db = open_database(folder / "soak.sqlite3")
    with db.transaction() as session:
        event = records.create(
            session, Event, title="Soak Summit", kind="summit", start_date=date(2026, 12, 8)
        )
        apply_import(session, event.id, read_table(path))
    db.close()
    for sub in ("imports", "backups", "restored"):
        (folder / sub).mkdir()


def committed(folder: Path) -> list[int]:
    """Operation numbers the workers logged; a torn last line is no commitment."""
    log = folder / "committed.log"
    if not log.exists():
        return []
    text = log.read_text(encoding="utf-8")
    lines = text.split("\n")[:-1]  # whatever follows the last newline was not finished
    return [int(line) for line in lines if line]


def one_run(folder: Path, start: int, seed: int, rng: random.Random, max_delay: float) -> bool:
    """Start a worker at operation ``start`` and kill it; False if it ended by itself."""
    worker = subprocess.Popen(
        [sys.executable, __file__, "--worker", str(folder), str(start), "--seed", str(seed)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert worker.stdout is not None
    if worker.stdout.readline().strip() != "ready":
        worker.wait()
        raise SystemExit(f"worker failed to start (exit {worker.returncode})")
    time.sleep(rng.uniform(0, max_delay))
    worker.kill()  # SIGKILL: no cleanup, no rollback, no flush
    worker.wait()
    worker.stdout.close()
    return worker.returncode == -9


def check_database(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchall()
        foreign = connection.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        connection.close()
    problems = [] if integrity == [("ok",)] else [f"integrity_check: {integrity[:3]}"]
    if foreign:
        problems.append(f"foreign_key_check: {len(foreign)} row(s), e.g. {foreign[:3]}")
    return problems


def missing_database_ops(path: Path, ops: list[Op], in_flight: Op | None) -> list[str]:
    """Logged imports, edits and merges whose effect is not in the database."""
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute(
            "SELECT family_name, position, deleted_at IS NOT NULL, alt_spellings FROM person"
        ).fetchall()
    finally:
        connection.close()
    people = {name: (position, deleted, alts) for name, position, deleted, alts in rows}
    imported = Counter(name.split("x")[0] for name in people if name.startswith("Imp"))
    lost = []
    for op in ops:
        if op.kind == "edit" and people[f"Edit{op.target}"][0] != _edited(op):
            lost.append(f"operation {op.number}: edit of Edit{op.target}")
        elif op.kind == "import" and imported[f"Imp{op.target}"] != IMPORT_ROWS:
            lost.append(f"operation {op.number}: import {op.target}")
        elif op.kind == "merge" and not _merged(people, op.target):
            lost.append(f"operation {op.number}: merge of pair {op.target}")
    if in_flight is not None and in_flight.kind == "import":
        # Killed mid-import: all of it or none of it, never a part.
        count = imported[f"Imp{in_flight.target}"]
        if count not in (0, IMPORT_ROWS):
            lost.append(f"operation {in_flight.number}: half an import ({count} rows)")
    return lost


def _merged(people: dict[str, tuple[Any, ...]], k: int) -> bool:
    keep, drop = people[f"Keep{k}"], people[f"Drop{k}"]
    return bool(drop[1]) and not keep[1] and f"Drop{k}" in (keep[2] or "")


def missing_files(folder: Path, ops: list[Op]) -> list[str]:
    """Logged backups that do not verify, logged restores that are not whole."""
    from app.io.backup import BackupError, verify_backup

    lost = []
    for op in ops:
        if op.kind == "backup":
            try:
                verify_backup(folder / "backups" / f"b{op.target}.zip")
            except BackupError as error:
                lost.append(f"operation {op.number}: backup {op.target}: {error}")
        elif op.kind == "restore":
            lost.extend(_check_restore(folder, op))
    return lost


def _check_restore(folder: Path, op: Op) -> list[str]:
    from app.io.backup import verify_backup

    path = folder / "restored" / f"r{op.target}.sqlite3"
    if not path.exists():
        return [f"operation {op.number}: restored file r{op.target} missing"]
    problems = check_database(path)
    expected = verify_backup(folder / "backups" / f"b{op.source}.zip")["tables"]
    connection = sqlite3.connect(path)
    try:
        people = connection.execute("SELECT count(*) FROM person").fetchone()[0]
    finally:
        connection.close()
    if people != expected["person"]["rows"]:
        problems.append(f"{people} people, the backup holds {expected['person']['rows']}")
    return [f"operation {op.number}: restore r{op.target}: {p}" for p in problems]


def soak(runs: int, seed: int, folder: Path) -> dict[str, Any]:
    plan = make_plan(seed)
    seed_database(folder, plan)
    rng = random.Random(seed)
    database = folder / "soak.sqlite3"
    kills, damaged, checked_files, stuck, last_start = 0, [], 0, 0, -1
    killed_during: Counter[str] = Counter()
    lost: list[str] = []
    for run in range(1, runs + 1):
        print(f"run {run}: {kills} kills, {len(committed(folder))} committed", file=sys.stderr)
        done = committed(folder)
        start = done[-1] + 1 if done else 0
        if start >= len(plan):
            break  # every planned operation is done
        # An operation slower than the longest delay (a restore on a loaded machine)
        # would be killed for ever: after each run without progress the delay doubles.
        stuck = stuck + 1 if start == last_start else 0
        last_start = start
        max_delay = MAX_KILL_DELAY_S * 2 ** min(stuck, 5)
        if not one_run(folder, start, seed, rng, max_delay):
            damaged.append(f"run {run}: the worker stopped by itself (an error, not a kill)")
            break
        kills += 1
        done = committed(folder)
        next_op = done[-1] + 1 if done else 0
        in_flight = plan[next_op] if next_op < len(plan) else None
        killed_during[in_flight.kind if in_flight else "nothing"] += 1
        damaged += [f"run {run}: {p}" for p in check_database(database)]
        logged = [plan[n] for n in done]
        lost = missing_database_ops(database, logged, in_flight)
        lost += missing_files(folder, logged[checked_files:])
        checked_files = len(logged)
        if lost or damaged:
            break
    logged = [plan[n] for n in committed(folder)]
    lost += missing_files(folder, logged)  # a last full pass over every archive and copy
    return {
        "runs": run,
        "kills": kills,
        "committed": len(logged),
        "committed_by_kind": dict(Counter(op.kind for op in logged)),
        "killed_during": dict(killed_during),
        "lost": len(lost),
        "lost_details": lost[:10],
        "integrity_failures": damaged[:10],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--keep", action="store_true", help="keep the soak's folder")
    parser.add_argument("--worker", nargs=2, metavar=("FOLDER", "START"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        run_worker(Path(args.worker[0]), int(args.worker[1]), args.seed)
        return 0
    folder = Path(tempfile.mkdtemp(prefix="protocol-desk-soak-"))
    began = time.perf_counter()
    result = soak(args.runs, args.seed, folder)
    result["minutes"] = round((time.perf_counter() - began) / 60, 1)
    print(json.dumps(result, indent=2))
    print(
        f"runs {result['runs']}, kills {result['kills']}, operations committed "
        f"{result['committed']}, lost {result['lost']}, "
        f"integrity failures {len(result['integrity_failures'])}"
    )
    if not args.keep:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"kept in {folder}")
    return 1 if result["lost"] or result["integrity_failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
