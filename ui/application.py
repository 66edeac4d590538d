"""Start the desktop app: show the window first, then fonts and the database.

The window appears before SQLAlchemy is imported (that import alone costs about
twice a bare Qt start); the database opens on a worker thread right after.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ui import settings


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    application = QApplication(argv if argv is not None else sys.argv[:1])
    application.setOrganizationName(settings.ORGANISATION)
    application.setApplicationName(settings.APPLICATION)
    application.setApplicationDisplayName("Protocol Desk")
    return application


def start(db_reference: str | None, actor: str | None = None) -> object:
    """Build and show the main window; the database opens as soon as the loop runs."""
    from ui.fonts import register_fonts
    from ui.main_window import MainWindow

    application = create_application()
    window = MainWindow()
    window.actor_override = actor
    window.show()
    # Paint the window before fonts and the database (and the SQLAlchemy import) start.
    application.processEvents()

    def after_show() -> None:
        register_fonts(application)
        window.open_database(db_reference)

    QTimer.singleShot(0, after_show)
    return window


def run(db_reference: str | None, actor: str | None = None) -> int:
    application = create_application()
    window = start(db_reference, actor)
    code = application.exec()
    del window
    return int(code)
