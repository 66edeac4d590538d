"""Archives whose checksums match but whose content is wrong: a plain refusal, exit 1.

Each archive is a real backup of the sample seminar, altered and re-checksummed the way a
hand edit or a foreign tool would leave it. The message must name what is wrong and must
never carry SQL or the personal fields of a record.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from app.db import Database
from app.io.backup import create_backup

PERSON = "tables/person.jsonl"
Lines = list[bytes]


def _retable(manifest: dict[str, Any], lines: Lines) -> None:
    entry = manifest["tables"]["person"]
    entry["rows"] = len(lines)
    entry["sha256"] = hashlib.sha256(b"".join(lines)).hexdigest()


def _edit_lines(edit: Callable[[Lines], Lines]) -> Callable[[dict[str, Any], Lines], bytes]:
    def change(manifest: dict[str, Any], lines: Lines) -> bytes:
        lines[:] = edit(lines)
        _retable(manifest, lines)
        return json.dumps(manifest).encode()

    return change


def _first_row(lines: Lines, **changes: Any) -> Lines:
    row = json.loads(lines[0])
    row.update(changes)
    return [(json.dumps(row, ensure_ascii=False) + "\n").encode(), *lines[1:]]


CASES: dict[str, tuple[Callable[[dict[str, Any], Lines], bytes], str]] = {
    "manifest is a list": (lambda m, _l: json.dumps([m]).encode(), "not a Protocol Desk backup"),
    "format version not a number": (
        lambda m, _l: json.dumps({**m, "format_version": "one"}).encode(),
        "format_version is not a number",
    ),
    "unknown column": (
        _edit_lines(lambda lines: _first_row(lines, nickname="Bai")),
        "person.jsonl line 1: person has no column 'nickname'",
    ),
    "malformed uuid": (
        _edit_lines(lambda lines: _first_row(lines, id="not-a-uuid")),
        "person.jsonl line 1: person.id is not a valid uuid",
    ),
    "malformed json line": (
        _edit_lines(lambda lines: [b'{"id": "broken\n', *lines[1:]]),
        "person.jsonl line 1 is not a valid JSON record",
    ),
    "duplicate primary key": (
        _edit_lines(lambda lines: [lines[0], *lines]),
        "person.jsonl holds rows the database refuses",
    ),
    "manifest entry without a row count": (
        lambda m, _l: json.dumps(
            {**m, "tables": {**m["tables"], "person": {"member": PERSON}}}
        ).encode(),
        "damaged manifest entry for table person",
    ),
}


def _tampered(good: Path, bad: Path, case: str) -> list[str]:
    """Write the altered archive; returns the personal values of the first person row."""
    with zipfile.ZipFile(good) as source:
        manifest = json.loads(source.read("manifest.json"))
        lines = source.read(PERSON).splitlines(keepends=True)
        first = json.loads(lines[0])
        new_manifest = CASES[case][0](manifest, lines)
        with zipfile.ZipFile(bad, "w") as copy:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == "manifest.json":
                    data = new_manifest
                elif item.filename == PERSON:
                    data = b"".join(lines)
                copy.writestr(item.filename, data)
    personal = ("family_name", "given_names", "email", "phone", "native_name")
    return [str(first[k]) for k in personal if first.get(k) and len(str(first[k])) > 2]


@pytest.mark.parametrize("case", list(CASES))
def test_bad_content_is_a_plain_refusal_without_sql_or_personal_data(
    sample_db: Database,
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    case: str,
) -> None:
    good, bad = tmp_path / "good.zip", tmp_path / "bad.zip"
    create_backup(sample_db, good)
    personal = _tampered(good, bad, case)
    assert personal, "the first person should carry personal fields to look for"
    out = tmp_path / "out"
    out.mkdir()
    if "://" not in db_url:
        db_url = str(out / "new.sqlite3")
    capsys.readouterr()
    assert main(["restore", str(bad), "--db", db_url]) == 1
    err = capsys.readouterr().err
    assert CASES[case][1] in err
    assert "internal error" not in err
    for marker in ("INSERT", "SELECT", "[SQL", "parameters"):
        assert marker not in err
    for value in personal:
        assert value not in err
    assert list(out.iterdir()) == []  # nothing half-made beside the target, no leftovers
