"""The desktop shows every script from the bundled fonts, with DejaVu as the only system font.

Qt reads the fontconfig configuration once, when its font database starts, so the list is
built in a child process whose configuration lists only DejaVu. Each name is laid out with
the application font ``ui.fonts`` sets up; no glyph may be the missing-glyph box (glyph 0)
and every run must come from a bundled Noto face. The child also saves a grab of the list.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PIL import Image

from tests.reports.world_event import NATIVE, VIETNAMESE, dejavu_only_env

NAMES = [*NATIVE, VIETNAMESE]
ROOT = Path(__file__).resolve().parents[2]


def probe(out: str) -> None:
    """Child process: register the fonts, show the names in a list, report the glyphs."""
    from PySide6.QtGui import QTextLayout
    from PySide6.QtWidgets import QApplication, QListWidget

    from ui.fonts import register_fonts

    application = QApplication([])
    register_fonts(application)
    report: dict[str, list[list[object]]] = {}
    for name in NAMES:
        layout = QTextLayout(name, application.font())
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        report[name] = [
            [run.rawFont().familyName(), list(run.glyphIndexes())] for run in layout.glyphRuns()
        ]
    names = QListWidget()
    names.addItems(NAMES)
    names.resize(460, 24 * len(NAMES) + 8)
    names.show()
    application.processEvents()
    names.grab().save(str(Path(out) / "names.png"))
    rects = [names.visualItemRect(names.item(i)) for i in range(names.count())]
    offset = names.viewport().mapTo(names, names.viewport().rect().topLeft())
    boxes = [[r.x() + offset.x(), r.y() + offset.y(), r.width(), r.height()] for r in rects]
    (Path(out) / "glyphs.json").write_text(json.dumps([report, boxes]), encoding="utf-8")


def test_every_script_shows_from_bundled_fonts(tmp_path: Path) -> None:
    code = f"from tests.ui.test_desktop_fonts import probe; probe({str(tmp_path)!r})"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=dejavu_only_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    report, boxes = json.loads((tmp_path / "glyphs.json").read_text(encoding="utf-8"))
    for name in NAMES:
        runs = report[name]
        families = {family for family, _glyphs in runs}
        assert all(glyphs and 0 not in glyphs for _family, glyphs in runs), (name, runs)
        assert families <= {"DejaVu Sans"} | {f for f in families if f.startswith("Noto Sans")}
        assert any(f.startswith("Noto Sans") for f in families), (name, families)
    # Cyrillic with Kazakh and Mongolian letters keeps Noto Sans, never a CJK face.
    assert {family for family, _ in report["Қасым-Жомарт Тоқаев"]} == {"Noto Sans"}
    assert {family for family, _ in report["Ухнаагийн Хүрэлсүх"]} == {"Noto Sans"}
    # The grab has ink in every row: each name was drawn, not left blank.
    with Image.open(tmp_path / "names.png") as grab:
        gray = grab.convert("L")
        for name, (x, y, width, height) in zip(NAMES, boxes, strict=True):
            darkest, _lightest = gray.crop((x, y, x + width, y + height)).getextrema()
            assert isinstance(darkest, int)
            assert darkest < 128, name
