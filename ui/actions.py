"""Every window action in one registry: menus, toolbar, shortcuts and feature actions.

Built-in actions and the actions feature packages add (``ui.extensions``) are
registered the same way, as an :class:`ActionSpec` saying what the action is called,
its keys and icon, where it goes (menu path, section, toolbar group) and what it does.
:class:`ActionRegistry` makes each QAction once and builds the menus and the toolbar
from the specs, so menus, toolbar, shortcuts and tests agree.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum, auto
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QStyle, QToolBar

if TYPE_CHECKING:
    from ui.main_window import MainWindow

Shortcut = QKeySequence.StandardKey | str | tuple[str, ...] | None
Pixmap = QStyle.StandardPixmap
Handler = Callable[["MainWindow"], object]

# Menu sections: entries sort by section, then by registration; a separator parts them.
OPENING, FIRST, SECOND, THIRD, FEATURES, CLOSING = 0, 10, 20, 30, 50, 100
# Top-level menus in this order; a feature's own menu goes before Help.
MENU_ORDER = {"File": 0, "Edit": 1, "View": 2, "Help": 100}
FEATURE_MENU = 50


class ActionId(Enum):
    """The built-in actions; ``key`` is their registry key and object name."""

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

    @property
    def key(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class ActionSpec:
    key: str
    text: str
    handler: Handler
    # "&File", or a submenu as "&File/&Export"; "" keeps the action out of the menus.
    menu: str = ""
    section: int = FEATURES
    shortcut: Shortcut = None
    tip: str = ""
    icon: Pixmap | None = None
    # Toolbar group (buttons sort by group, separators between); None: not on it.
    toolbar: int | None = None
    needs_database: bool = True
    # Entries of one group (a feature package) stay together between separators.
    group: str = ""


ACTIONS: dict[str, ActionSpec] = {}


def register_action(spec: ActionSpec) -> None:
    """Add an action to every main window built from now on (keys are unique)."""
    if spec.key in ACTIONS:
        raise ValueError(f"action {spec.key!r} is registered twice")
    ACTIONS[spec.key] = spec


def _calls(name: str, *args: object) -> Handler:
    return operator.methodcaller(name, *args)


BUILT_IN = "built-in"


def _built_in(
    action_id: ActionId,
    text: str,
    handler: Handler,
    menu: str,
    *,
    section: int,
    shortcut: Shortcut = None,
    tip: str = "",
    icon: Pixmap | None = None,
    toolbar: int | None = None,
    needs_database: bool = True,
) -> None:
    register_action(
        ActionSpec(
            action_id.key,
            text,
            handler,
            menu,
            section,
            shortcut,
            tip,
            icon,
            toolbar,
            needs_database,
            group=BUILT_IN,
        )
    )


_built_in(
    ActionId.NEW_DATABASE,
    "&New Database…",
    _calls("new_database"),
    "&File",
    section=OPENING,
    shortcut="Ctrl+Shift+N",
    tip="Create an empty database file",
    icon=Pixmap.SP_FileIcon,
    needs_database=False,
)
_built_in(
    ActionId.OPEN_DATABASE,
    "&Open Database…",
    _calls("choose_database"),
    "&File",
    section=OPENING,
    shortcut=QKeySequence.StandardKey.Open,
    tip="Open another database file",
    icon=Pixmap.SP_DialogOpenButton,
    needs_database=False,
)
_built_in(
    ActionId.LOAD_SAMPLE,
    "Load &Sample Seminar",
    _calls("load_sample"),
    "&File",
    section=FIRST,
    tip="Add the founding seminar (Undo takes it back)",
)
_built_in(
    ActionId.QUIT,
    "&Quit",
    _calls("close"),
    "&File",
    section=CLOSING,
    shortcut=QKeySequence.StandardKey.Quit,
    needs_database=False,
)
_built_in(
    ActionId.UNDO,
    "&Undo",
    _calls("undo"),
    "&Edit",
    section=OPENING,
    shortcut=QKeySequence.StandardKey.Undo,
    tip="Undo the last change",
    icon=Pixmap.SP_ArrowBack,
    toolbar=0,
)
_built_in(
    ActionId.REDO,
    "&Redo",
    _calls("redo"),
    "&Edit",
    section=OPENING,
    shortcut=QKeySequence.StandardKey.Redo,
    tip="Redo what was undone",
    icon=Pixmap.SP_ArrowForward,
    toolbar=0,
)
_built_in(
    ActionId.NEW_RECORD,
    "&New…",
    _calls("_on_panel", "new_record"),
    "&Edit",
    section=FIRST,
    shortcut=("Ctrl+N", "Ins"),
    tip="Create a record in the list in use",
    icon=Pixmap.SP_FileIcon,
    toolbar=1,
)
_built_in(
    ActionId.EDIT_RECORD,
    "&Edit…",
    _calls("_on_panel", "edit_selected"),
    "&Edit",
    section=FIRST,
    shortcut=("F2", "Ctrl+E"),
    tip="Edit the selected record (or press Enter)",
    icon=Pixmap.SP_FileDialogDetailedView,
    toolbar=1,
)
_built_in(
    ActionId.DELETE_RECORD,
    "&Delete…",
    _calls("_on_panel", "delete_selected"),
    "&Edit",
    section=FIRST,
    shortcut=QKeySequence.StandardKey.Delete,
    tip="Delete the selected record (asks first)",
    icon=Pixmap.SP_TrashIcon,
    toolbar=1,
)
_built_in(
    ActionId.SEARCH,
    "&Search…",
    _calls("open_search"),
    "&Edit",
    section=SECOND,
    shortcut="Ctrl+K",
    tip="Find events, people, organisations, delegations and agreements in any spelling or script",
    icon=Pixmap.SP_FileDialogContentsView,
    toolbar=2,
)
for _id, _text, _page, _keys in (
    (ActionId.SHOW_EVENTS, "&Events", "Events", "Ctrl+1"),
    (ActionId.SHOW_PEOPLE, "&People", "People", "Ctrl+2"),
    (ActionId.SHOW_ORGANISATIONS, "&Organisations", "Organisations", "Ctrl+3"),
    (ActionId.SHOW_AGREEMENTS, "&Agreements", "Agreements", "Ctrl+4"),
):
    _built_in(_id, _text, _calls("show_page", _page), "&View", section=OPENING, shortcut=_keys)
_built_in(
    ActionId.BACK,
    "&Back to Events",
    _calls("show_page", "Events"),
    "&View",
    section=FIRST,
    shortcut=QKeySequence.StandardKey.Back,
    tip="Back to the list of events",
)
_built_in(
    ActionId.ABOUT,
    "&About Protocol Desk",
    _calls("about"),
    "&Help",
    section=OPENING,
    needs_database=False,
)


class _Placed(NamedTuple):
    section: int
    group: str
    order: int
    action: QAction


class ActionRegistry:
    """The window's actions, made once from the registered specs, with its menus and toolbar."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self._actions: dict[str, QAction] = {}
        self.specs = dict(ACTIONS)
        for spec in self.specs.values():
            self._actions[spec.key] = self._make(spec)
        self.menus: dict[str, QMenu] = {}

    def _make(self, spec: ActionSpec) -> QAction:
        window = self._window
        action = QAction(spec.text, window)
        action.setObjectName(spec.key)
        if isinstance(spec.shortcut, QKeySequence.StandardKey):
            action.setShortcuts(spec.shortcut)
        elif isinstance(spec.shortcut, tuple):
            action.setShortcuts([QKeySequence(key) for key in spec.shortcut])
        elif spec.shortcut:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.icon is not None:
            action.setIcon(window.style().standardIcon(spec.icon))
        if spec.tip:
            action.setStatusTip(spec.tip)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{spec.tip} ({keys})" if keys else spec.tip)
        action.setProperty("needs_database", spec.needs_database)
        action.triggered.connect(lambda _checked=False, h=spec.handler: h(window))
        return action

    def __getitem__(self, key: ActionId | str) -> QAction:
        return self._actions[key.key if isinstance(key, ActionId) else key]

    def __iter__(self) -> Iterator[QAction]:
        return iter(self._actions.values())

    def of_features(self) -> list[QAction]:
        """The actions feature packages registered (not the built-in ones)."""
        return [self._actions[k] for k, s in self.specs.items() if s.group != BUILT_IN]

    def build_menus(self) -> None:
        """Every menu and submenu, entries by section, separators between sections and
        between feature groups; top-level menus in MENU_ORDER, features' before Help."""
        entries: dict[str, list[_Placed]] = defaultdict(list)
        for order, spec in enumerate(self.specs.values()):
            if not spec.menu:
                continue
            path = [part for part in spec.menu.split("/") if part]
            for depth in range(1, len(path)):
                parent, key = "/".join(path[:depth]), "/".join(path[: depth + 1])
                if key not in self.menus:
                    self.menus[key] = QMenu(path[depth], self._window)
                    submenu = self.menus[key].menuAction()
                    entries[parent].append(_Placed(spec.section, spec.group, order, submenu))
            entries["/".join(path)].append(
                _Placed(spec.section, spec.group, order, self._actions[spec.key])
            )
        bar = self._window.menuBar()
        tops = [key for key in entries if "/" not in key]
        tops.sort(key=lambda k: MENU_ORDER.get(_plain(k), FEATURE_MENU))
        for key in tops:
            self.menus[key] = bar.addMenu(key)
        for key, placed in entries.items():
            self._fill(self.menus[key], sorted(placed, key=lambda p: (p.section, p.order)))

    @staticmethod
    def _fill(menu: QMenu, placed: list[_Placed]) -> None:
        previous: tuple[int, str] | None = None
        for entry in placed:
            if previous is not None and previous != (entry.section, entry.group):
                menu.addSeparator()
            menu.addAction(entry.action)
            previous = (entry.section, entry.group)

    def menu(self, title: str) -> QMenu:
        """A menu by its path without the '&' marks: 'File', 'File/Export'."""
        for key, menu in self.menus.items():
            if "/".join(_plain(p) for p in key.split("/")) == title:
                return menu
        raise KeyError(title)

    def build_toolbar(self, toolbar: QToolBar) -> None:
        on_bar = [s for s in self.specs.values() if s.toolbar is not None]
        previous: int | None = None
        for spec in sorted(on_bar, key=lambda s: s.toolbar or 0):
            if previous is not None and spec.toolbar != previous:
                toolbar.addSeparator()
            toolbar.addAction(self._actions[spec.key])
            previous = spec.toolbar


def _plain(text: str) -> str:
    return text.replace("&", "")
