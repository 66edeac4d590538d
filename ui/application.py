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

# Set to 1, the app shows its window, opens the database, then closes the window as a
# user would and exits 0 (1 if the database did not open), saying so on stderr: how CI
# checks that an installed build really starts. Documented in packaging/README.md.
SMOKE_QUIT_ENV = "PROTOCOL_DESK_SMOKE_QUIT"


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


def start(db_reference: str | None) -> object:
    """Build and show the main window; the database opens as soon as the loop runs."""
    from ui.fonts import register_fonts
    from ui.main_window import MainWindow

    application = create_application()
    window = MainWindow()
    window.show()
    # Paint the window before fonts and the database (and the SQLAlchemy import) start.
    application.processEvents()
    smoke = os.environ.get(SMOKE_QUIT_ENV) == "1"
    if smoke:
        print("protocol-desk: smoke: window shown", file=sys.stderr, flush=True)

    def after_show() -> None:
        register_fonts(application)
        task = window.open_database(db_reference)
        if smoke:
            task.finished.connect(lambda _result, error: _smoke_quit(window, error))

    QTimer.singleShot(0, after_show)
    return window


def _smoke_quit(window: QMainWindow, error: object) -> None:
    if error is not None:
        print(f"protocol-desk: smoke: database failed: {error}", file=sys.stderr, flush=True)
        QTimer.singleShot(0, lambda: QApplication.exit(1))
        return
    print(f"protocol-desk: smoke: database open: {window.windowTitle()}", file=sys.stderr)
    # Closing the window (not just quitting) runs closeEvent: settings, workers, database.
    QTimer.singleShot(0, window.close)


def run(db_reference: str | None) -> int:
    application = create_application()
    window = start(db_reference)
    code = application.exec()
    del window
    return int(code)
