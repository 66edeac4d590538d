"""Start the desktop app: show the window first, then fonts and the database.

The window appears before SQLAlchemy is imported (that import alone costs about
twice a bare Qt start); the database opens on a worker thread right after.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from ui import settings
from ui.appicon import app_icon

# Set to a number of seconds, the app shows its window, opens the database, then closes
# the window as a user would and exits 0, saying so on stderr; it exits 1 if the database
# did not open or the whole took longer (an error dialog waiting for a click, say). How
# CI checks that an installed build really starts. Documented in packaging/README.md.
SMOKE_QUIT_ENV = "PROTOCOL_DESK_SMOKE_QUIT"


def _smoke_limit() -> float | None:
    try:
        seconds = float(os.environ.get(SMOKE_QUIT_ENV, ""))
    except ValueError:
        return None
    return seconds if seconds > 0 else None


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    application = QApplication(argv if argv is not None else sys.argv[:1])
    application.setOrganizationName(settings.ORGANISATION)
    application.setApplicationName(settings.APPLICATION)
    application.setApplicationDisplayName("Protocol Desk")
    identify(application)
    return application


def identify(application: QApplication) -> None:
    """The icon every window and dialog shows, and the menu entry the app belongs to."""
    application.setWindowIcon(app_icon())
    # Wayland matches the window to its menu entry (and so its icon) by this name.
    application.setDesktopFileName("org.protocoldesk.ProtocolDesk")


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
    limit = _smoke_limit()
    smoke = limit is not None
    if limit is not None:
        print("protocol-desk: smoke: window shown", file=sys.stderr, flush=True)
        QTimer.singleShot(int(limit * 1000), lambda: _smoke_give_up(limit))

    def after_show() -> None:
        register_fonts(application)
        task = window.open_database(db_reference)
        if smoke:
            task.finished.connect(lambda _result, error: _smoke_quit(window, error))

    QTimer.singleShot(0, after_show)
    return window


def _smoke_give_up(limit: float) -> None:
    print(f"protocol-desk: smoke: not done after {limit:g} s", file=sys.stderr, flush=True)
    QApplication.exit(1)  # leaves every event loop, a modal dialog's included


def _smoke_quit(window: QMainWindow, error: object) -> None:
    if error is not None:
        print(f"protocol-desk: smoke: database failed: {error}", file=sys.stderr, flush=True)
        QTimer.singleShot(0, lambda: QApplication.exit(1))
        return
    print(f"protocol-desk: smoke: database open: {window.windowTitle()}", file=sys.stderr)
    # Closing the window (not just quitting) runs closeEvent: settings, workers, database.
    QTimer.singleShot(0, window.close)


def run(db_reference: str | None, actor: str | None = None) -> int:
    application = create_application()
    window = start(db_reference, actor)
    code = application.exec()
    del window
    return int(code)
