"""Where feature packages plug into the main window without editing it.

A feature module registers actions (``ui.actions.register_action``, the one registry
the built-in actions use too) and event-workspace tabs at import time;
``load_extensions`` imports every feature module once, before the first window is
built. This module stays light (no SQLAlchemy, no views) so that registering costs
nothing at start-up; tab factories import their heavy code when first called.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import uuid

    from PySide6.QtWidgets import QWidget

    from ui.context import DataContext

TabFactory = Callable[["DataContext", "uuid.UUID"], "QWidget"]
WORKSPACE_TABS: list[tuple[str, TabFactory]] = []


def register_workspace_tab(title: str, factory: TabFactory) -> None:
    """Add a tab (built by ``factory(context, event_id)``) to every event workspace."""
    WORKSPACE_TABS.append((title, factory))


# One line per feature package; each is imported for its registrations.
EXTENSION_MODULES: tuple[str, ...] = (
    "ui.protocol.extension",
    "ui.io.menus",
    "ui.briefing.extension",
    "ui.history.extension",
)
_loaded = False


def load_extensions() -> None:
    global _loaded
    if _loaded:
        return
    for name in EXTENSION_MODULES:
        importlib.import_module(name)
    _loaded = True
