"""Help > About: version, the database in use, Qt and Python, and the fonts per script."""

from __future__ import annotations

import platform
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.appicon import app_icon

if TYPE_CHECKING:
    from app.db import Database
    from app.fontcoverage import ScriptFont


def about_text(database: Database | None) -> str:
    from importlib.metadata import PackageNotFoundError, version

    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    from app import __version__
    from app.fontcoverage import fonts_by_script
    from app.versions import component_versions

    try:
        reportlab = version("reportlab")
    except PackageNotFoundError:  # a frozen build may leave the metadata out
        import reportlab as reportlab_module

        reportlab = reportlab_module.Version
    where = escape(database.display_url) if database is not None else "(no database open)"
    rows = "".join(_font_row(entry) for entry in fonts_by_script())
    return (
        f"<h3>Protocol Desk {__version__}</h3>"
        "<p>Events, delegations, speakers, agreements and gifts for protocol offices.</p>"
        f"<p>Database: {where}</p>"
        f"<p>Qt {qVersion()} (PySide6 {pyside_version})<br>"
        f"Python {platform.python_version()}<br>"
        f"SQLAlchemy {component_versions()['SQLAlchemy']}<br>"
        f"reportlab {reportlab}</p>"
        f"<p><b>Fonts in use per script</b></p><table>{rows}</table>"
    )


def _font_row(entry: ScriptFont) -> str:
    if entry.face is None:
        font, file = "<i>none found</i>", "PDFs show its letters as [U+XXXX]"
    else:
        font, file = escape(entry.face.family), escape(entry.face.path.name)
    return (
        f"<tr><td>{escape(entry.script)}</td><td>&nbsp;&nbsp;{font}</td>"
        f'<td>&nbsp;&nbsp;<span style="color: gray">{file}</span></td></tr>'
    )


def about_box(parent: QWidget, database: Database | None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("about_box")
    box.setWindowTitle("About Protocol Desk")
    box.setIconPixmap(app_icon().pixmap(QSize(64, 64)))
    box.setText(about_text(database))
    # Wide enough for the font table's rows to stay on one line each.
    box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 40em; }")
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box
