"""Size and start-up time of the built program (dist/protocol-desk, from packaging/build.sh).

    python benchmarks/frozen_startup.py [--runs 5]

Runs the frozen executable offscreen against a sample database in a temporary folder:
``--version`` (the command line's start), and the desktop app with
PROTOCOL_DESK_SMOKE_QUIT=120, timing when the window is shown, when the database is open
and when the process has closed. Prints the median and range of each, and the size.
The same runs of the source install (.venv/bin/protocol-desk), alternating with the
frozen ones, give a baseline under the same machine load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "protocol-desk"
PROGRAM = BUNDLE / "protocol-desk"
SOURCE = ROOT / ".venv" / "bin" / "protocol-desk"


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PROTOCOL_DESK"))}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home))
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[variable] = str(home / variable.lower())
    return env


def time_version(program: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([str(program), "--version"], env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def time_window(program: Path, env: dict[str, str], database: Path) -> dict[str, float]:
    """Seconds from launch to: window shown, database open, process ended."""
    marks: dict[str, float] = {}
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(program), "--db", str(database)],
        env={**env, "PROTOCOL_DESK_SMOKE_QUIT": "120"},
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    for line in process.stderr:
        if "smoke: window shown" in line:
            marks["window shown"] = time.perf_counter() - start
        elif "smoke: database open" in line:
            marks["database open"] = time.perf_counter() - start
    if process.wait() != 0:
        raise SystemExit("the program did not close cleanly")
    marks["closed"] = time.perf_counter() - start
    return marks


def summary(values: list[float]) -> str:
    ms = [value * 1000 for value in values]
    return f"median {statistics.median(ms):.0f} ms (range {min(ms):.0f}-{max(ms):.0f} ms)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    if not PROGRAM.is_file():
        raise SystemExit("no build: run sh packaging/build.sh first")
    size = subprocess.run(["du", "-sh", str(BUNDLE)], capture_output=True, text=True).stdout
    files = sum(1 for path in BUNDLE.rglob("*") if path.is_file())
    print(f"size: {size.split()[0]} in {files} files")
    with tempfile.TemporaryDirectory(prefix="protocol-desk-frozen-") as folder:
        home = Path(folder)
        env = environment(home)
        database = home / "seminar.sqlite3"
        subprocess.run([str(PROGRAM), "--db", str(database), "demo"], env=env, check=True)
        programs = {"frozen": PROGRAM} | ({"source": SOURCE} if SOURCE.is_file() else {})
        for program in programs.values():
            time_version(program, env)  # the first run reads the files from disk
        versions: dict[str, list[float]] = {name: [] for name in programs}
        windows: dict[str, list[dict[str, float]]] = {name: [] for name in programs}
        for _ in range(runs):
            for name, program in programs.items():
                versions[name].append(time_version(program, env))
                windows[name].append(time_window(program, env, database))
    for name in programs:
        print(f"{name} --version: {summary(versions[name])}")
        for mark in ("window shown", "database open", "closed"):
            print(f"{name} {mark}: {summary([run[mark] for run in windows[name]])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
