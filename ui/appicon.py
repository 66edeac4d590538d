"""The application icon, from the PNGs rendered out of resources/icons/protocol-desk.svg.

PNGs rather than the SVG: they need no image-format plugin, so the icon shows the same
in a frozen build as from source.
"""

from __future__ import annotations

import functools
from importlib import resources

from PySide6.QtGui import QIcon

SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


@functools.cache
def app_icon() -> QIcon:
    icon = QIcon()
    folder = resources.files("resources.icons")
    for size in SIZES:
        icon.addFile(str(folder.joinpath(f"protocol-desk-{size}.png")))
    return icon
