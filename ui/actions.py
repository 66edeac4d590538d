"""Every window action in one place, keyed by an Enum, so menus, toolbars and tests agree."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

Shortcut = QKeySequence.StandardKey | str | None


class ActionId(Enum):
    NEW_DATABASE = auto()
    OPEN_DATABASE = auto()
    LOAD_SAMPLE = auto()
    QUIT = auto()
    UNDO = auto()
    REDO = auto()
    NEW_RECORD = auto()
    EDIT_RECORD = auto()
    DELETE_RECORD = auto()
    SEARCH = auto()
    SHOW_EVENTS = auto()
    SHOW_PEOPLE = auto()
    SHOW_ORGANISATIONS = auto()
    SHOW_AGREEMENTS = auto()
    ABOUT = auto()


@dataclass(frozen=True)
class ActionSpec:
    text: str
    shortcut: Shortcut = None
    tip: str = ""


SPECS: dict[ActionId, ActionSpec] = {
    ActionId.NEW_DATABASE: ActionSpec("&New Database…", QKeySequence.StandardKey.New),
    ActionId.OPEN_DATABASE: ActionSpec("&Open Database…", QKeySequence.StandardKey.Open),
    ActionId.LOAD_SAMPLE: ActionSpec("Load &Sample Seminar", None, "Add the founding seminar"),
    ActionId.QUIT: ActionSpec("&Quit", QKeySequence.StandardKey.Quit),
    ActionId.UNDO: ActionSpec("&Undo", QKeySequence.StandardKey.Undo),
    ActionId.REDO: ActionSpec("&Redo", QKeySequence.StandardKey.Redo),
    ActionId.NEW_RECORD: ActionSpec("New &Record…", "Ctrl+Shift+N", "Create a record here"),
    ActionId.EDIT_RECORD: ActionSpec("&Edit Record…", "Ctrl+E", "Edit the selected record"),
    ActionId.DELETE_RECORD: ActionSpec(
        "&Delete Record…", QKeySequence.StandardKey.Delete, "Delete the selected record"
    ),
    ActionId.SEARCH: ActionSpec("&Search…", "Ctrl+K", "Find people, organisations, events"),
    ActionId.SHOW_EVENTS: ActionSpec("&Events", "Ctrl+1"),
    ActionId.SHOW_PEOPLE: ActionSpec("&People", "Ctrl+2"),
    ActionId.SHOW_ORGANISATIONS: ActionSpec("&Organisations", "Ctrl+3"),
    ActionId.SHOW_AGREEMENTS: ActionSpec("&Agreements", "Ctrl+4"),
    ActionId.ABOUT: ActionSpec("&About Protocol Desk"),
}


class ActionRegistry:
    """Creates each QAction once; handlers are connected by whoever owns the behaviour."""

    def __init__(self, parent: QWidget) -> None:
        self._actions: dict[ActionId, QAction] = {}
        for action_id, spec in SPECS.items():
            action = QAction(spec.text, parent)
            action.setObjectName(action_id.name.lower())
            if isinstance(spec.shortcut, QKeySequence.StandardKey):
                action.setShortcuts(spec.shortcut)
            elif spec.shortcut:
                action.setShortcut(QKeySequence(spec.shortcut))
            if spec.tip:
                action.setStatusTip(spec.tip)
            self._actions[action_id] = action

    def __getitem__(self, action_id: ActionId) -> QAction:
        return self._actions[action_id]

    def connect(self, action_id: ActionId, handler: Callable[[], object]) -> None:
        self._actions[action_id].triggered.connect(lambda _checked=False: handler())
