"""Every window action in one place, keyed by an Enum, so menus, toolbars and tests agree."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget

Shortcut = QKeySequence.StandardKey | str | tuple[str, ...] | None
Pixmap = QStyle.StandardPixmap


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
    BACK = auto()
    ABOUT = auto()


@dataclass(frozen=True)
class ActionSpec:
    text: str
    shortcut: Shortcut = None
    tip: str = ""
    icon: Pixmap | None = None
    # Shown on the toolbar button (the menu text is longer).
    short_text: str = ""


SPECS: dict[ActionId, ActionSpec] = {
    ActionId.NEW_DATABASE: ActionSpec(
        "&New Database…", "Ctrl+Shift+N", "Create an empty database file", Pixmap.SP_FileIcon
    ),
    ActionId.OPEN_DATABASE: ActionSpec(
        "&Open Database…",
        QKeySequence.StandardKey.Open,
        "Open another database file",
        Pixmap.SP_DialogOpenButton,
    ),
    ActionId.LOAD_SAMPLE: ActionSpec(
        "Load &Sample Seminar", None, "Add the founding seminar (Undo takes it back)"
    ),
    ActionId.QUIT: ActionSpec("&Quit", QKeySequence.StandardKey.Quit),
    ActionId.UNDO: ActionSpec(
        "&Undo", QKeySequence.StandardKey.Undo, "Undo the last change", Pixmap.SP_ArrowBack
    ),
    ActionId.REDO: ActionSpec(
        "&Redo", QKeySequence.StandardKey.Redo, "Redo what was undone", Pixmap.SP_ArrowForward
    ),
    ActionId.NEW_RECORD: ActionSpec(
        "&New…", ("Ctrl+N", "Ins"), "Create a record in the list in use", Pixmap.SP_FileIcon
    ),
    ActionId.EDIT_RECORD: ActionSpec(
        "&Edit…",
        ("F2", "Ctrl+E"),
        "Edit the selected record (or press Enter)",
        Pixmap.SP_FileDialogDetailedView,
    ),
    ActionId.DELETE_RECORD: ActionSpec(
        "&Delete…",
        QKeySequence.StandardKey.Delete,
        "Delete the selected record (asks first)",
        Pixmap.SP_TrashIcon,
    ),
    ActionId.SEARCH: ActionSpec(
        "&Search…",
        "Ctrl+K",
        "Find people, organisations and events in any spelling or script",
        Pixmap.SP_FileDialogContentsView,
    ),
    ActionId.SHOW_EVENTS: ActionSpec("&Events", "Ctrl+1"),
    ActionId.SHOW_PEOPLE: ActionSpec("&People", "Ctrl+2"),
    ActionId.SHOW_ORGANISATIONS: ActionSpec("&Organisations", "Ctrl+3"),
    ActionId.SHOW_AGREEMENTS: ActionSpec("&Agreements", "Ctrl+4"),
    ActionId.BACK: ActionSpec(
        "&Back to Events", QKeySequence.StandardKey.Back, "Back to the list of events"
    ),
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
            elif isinstance(spec.shortcut, tuple):
                action.setShortcuts([QKeySequence(key) for key in spec.shortcut])
            elif spec.shortcut:
                action.setShortcut(QKeySequence(spec.shortcut))
            if spec.icon is not None:
                action.setIcon(parent.style().standardIcon(spec.icon))
            if spec.tip:
                action.setStatusTip(spec.tip)
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                action.setToolTip(f"{spec.tip} ({keys})" if keys else spec.tip)
            self._actions[action_id] = action

    def __getitem__(self, action_id: ActionId) -> QAction:
        return self._actions[action_id]

    def connect(self, action_id: ActionId, handler: Callable[[], object]) -> None:
        self._actions[action_id].triggered.connect(lambda _checked=False: handler())
