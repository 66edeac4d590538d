"""Render resources/icons/protocol-desk.svg to the PNG sizes desktops and installers ask for.

Run after changing the SVG: ``.venv/bin/python packaging/render_icons.py``. The PNGs are
committed, so neither the app nor the build needs Qt's SVG support to show the icon.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

# No window is shown: render without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, size: int, target: Path) -> None:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target)):
        raise SystemExit(f"cannot write {target}")


def main() -> int:
    application = QGuiApplication(sys.argv[:1])
    svg = ICONS / "protocol-desk.svg"
    for size in SIZES:
        render(svg, size, ICONS / f"protocol-desk-{size}.png")
    del application
    return 0


if __name__ == "__main__":
    sys.exit(main())
