"""What the first list does not need, loaded right after it shows.

The events list is read with SQLAlchemy Core, so the window shows it before the ORM,
the model classes, the services and the editors are imported (together more than a
bare Qt start). They are loaded next, so that the first click does not wait for them:
the Qt-free part on a worker thread (the GUI stays responsive), then the view modules
on the GUI thread, one per turn of the event loop.
"""

from __future__ import annotations

import gc
import importlib
import sys
import threading

from PySide6.QtCore import QObject, QTimer


def _load_core() -> None:
    # Qt-free (app.db.preload.CORE_MODULES): safe to import off the GUI thread. Imported
    # here, not at the top: the app.db package pulls in SQLAlchemy, which must not load
    # before the window is painted.
    from app.db.preload import load_core

    load_core()


# Widget modules: imported on the GUI thread.
VIEW_MODULES = (
    "ui.commands",
    "ui.editors.specs",
    "ui.editors.dialog",
    "ui.models.lists",
    "ui.views.people",
    "ui.views.workspace",
)
# Started after the first list has had time to paint.
START_DELAY_MS = 50
# Seconds; see WarmUp._run_core.
WARM_UP_SWITCH_INTERVAL = 0.0005


def _settle() -> None:
    """Move what start-up made (modules, mappers, Qt wrappers) out of the collector's sight.

    Those objects live as long as the app; without this every full collection walks
    them all again: 30-70 ms pauses at random moments (opening a page, a keystroke).
    No collection first: it would itself pause the GUI ~40 ms; what garbage is frozen
    with them is a few start-up leftovers.
    """
    gc.freeze()


class WarmUp(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._pending = list(VIEW_MODULES)
        self._settled = False
        self._timer = QTimer(self)
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._step)

    def start(self, delay_ms: int = START_DELAY_MS) -> None:
        QTimer.singleShot(delay_ms, self, self._start_now)

    def _start_now(self) -> None:
        if self._thread is None and self._pending:
            self._thread = threading.Thread(target=self._run_core, name="warm-up", daemon=True)
            self._thread.start()
            self._timer.start()

    def _run_core(self) -> None:
        # While imports run here, every call from Qt into Python on the GUI thread
        # (data(), paint events) waits for the GIL up to the switch interval: at the
        # default 5 ms a repaint of the first list took 2-4x as long, with hitches over
        # 100 ms. A short interval hands it over sooner; the default comes back after.
        default = sys.getswitchinterval()
        sys.setswitchinterval(WARM_UP_SWITCH_INTERVAL)
        try:
            _load_core()
        finally:
            sys.setswitchinterval(default)

    def _step(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        if self._pending:
            importlib.import_module(self._pending.pop(0))
        if not self._pending:
            self._timer.stop()
            self._settle()

    @property
    def done(self) -> bool:
        return not self._pending and (self._thread is None or not self._thread.is_alive())

    def join(self) -> None:
        """Wait for the worker thread (so no import runs on while the app shuts down)."""
        if self._thread is not None:
            self._thread.join()

    def finish(self) -> None:
        """Load everything now (waiting for the worker); for closing and benchmarks."""
        if self._thread is None:
            _load_core()
        else:
            self._thread.join()
        while self._pending:
            importlib.import_module(self._pending.pop(0))
        self._timer.stop()
        self._settle()

    def _settle(self) -> None:
        if not self._settled:
            self._settled = True
            _settle()
