"""Read hostile and large workbooks, each in a fresh child process; print CPU time and
peak memory, and whether the file was read or refused.

Run: python benchmarks/reading_limits.py
Issue 14 asks that any file under 1 MB be read or refused within 500 MB and a few
seconds. Each child is held to 1 GB of address space, so a regression fails here too.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from app.io.tabular import UnreadableFileError, read_table
start = time.process_time()
try:
    outcome = f"{len(read_table(sys.argv[1]).rows):,} rows"
except UnreadableFileError as error:
    outcome = "refused: " + str(error).split(": ", 1)[-1][:70]
cpu = time.process_time() - start
# VmHWM, not ru_maxrss: the latter keeps the parent's peak across exec.
status = open("/proc/self/status").read().split("VmHWM:")[1]
peak = int(status.split()[0]) / 1024
print(json.dumps({"outcome": outcome, "cpu": cpu, "peak": peak}))
"""
PARTS = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats'
    '.org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats'
    '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
    "</sheets></workbook>",
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://'
    'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>',
}


def by_hand(path: Path, rows: str, dimension: str = "A1:B2") -> Path:
    sheet = (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{rows}'
        "</sheetData></worksheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def cells(count: int, width: int) -> str:
    row = "<row>" + '<c t="inlineStr"><is><t>Ann</t></is></c>' * width + "</row>"
    return row * (count // width)


def honest(path: Path, rows: int) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["delegation", "role", "given_name", "family_name", "email", "position"])
    for i in range(rows):
        sheet.append(["KAZ", "member", f"Name{i}", f"Family{i}", f"p{i}@example.kz", "Adviser"])
    workbook.save(path)
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        files = {
            "dimension A1:XFD1048576, 6,000 rows": by_hand(
                tmp / "a.xlsx", cells(12_000, 2), "A1:XFD1048576"
            ),
            "a cell at XFD1048576": by_hand(
                tmp / "b.xlsx", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
            ),
            "250,000 cells (the cap), 10 a row": by_hand(tmp / "c.xlsx", cells(250_000, 10)),
            "1,000,000 cells, 10 a row": by_hand(tmp / "f.xlsx", cells(1_000_000, 10)),
            "250,000 cells + 250,000 empty ones": by_hand(
                tmp / "g.xlsx", cells(250_000, 10).replace("</row>", "<c/>" * 10 + "</row>")
            ),
            "1,000,001 empty cells in a row": by_hand(
                tmp / "d.xlsx", "<row>" + "<c/>" * 1_000_001 + "</row>"
            ),
            "openpyxl-written list, 20,000 people": honest(tmp / "e.xlsx", 20_000),
        }
        print(f"{'file':40} {'size':>9} {'CPU s':>6} {'peak MB':>8}  outcome")
        for name, path in files.items():
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(path)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode:
                print(f"{name:40} failed: {done.stderr.strip()[-200:]}")
                continue
            result = json.loads(done.stdout)
            size = f"{path.stat().st_size / 1024:,.0f} KB"
            print(
                f"{name:40} {size:>9} {result['cpu']:6.2f} {result['peak']:8.0f}  "
                f"{result['outcome']}"
            )


if __name__ == "__main__":
    main()
