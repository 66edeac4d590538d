"""Feature menus land where a desktop user expects them."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMenu


def _texts(menu: QMenu) -> list[str]:
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def _menu(window: Any, title: str) -> QMenu:
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == title:
            menu = action.menu()
            assert isinstance(menu, QMenu)
            return menu
    raise AssertionError(f"no {title} menu")


def test_feature_entries_keep_quit_last_and_exports_in_a_submenu(window: Any) -> None:
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles[-1] == "Help"
    assert titles.index("Tools") < titles.index("Help")
    file_entries = _texts(_menu(window, "File"))
    assert file_entries[-1] == "Quit"
    assert "Import Participants…" in file_entries
    assert "Export" in file_entries
    export = next(
        a.menu() for a in _menu(window, "File").actions() if a.text().replace("&", "") == "Export"
    )
    assert isinstance(export, QMenu)
    assert _texts(export) == ["Participant List…", "Programme Calendar…", "Contacts…"]


def _menu_actions(menu: QMenu) -> list[Any]:
    found = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            if submenu.objectName() != "recent_menu":  # filled from settings, not actions
                found += _menu_actions(submenu)
        else:
            found.append(action)
    return found


def test_menus_toolbar_and_shortcuts_come_from_one_registry(window: Any) -> None:
    from PySide6.QtWidgets import QToolBar

    from ui.actions import ACTIONS, ActionId

    in_menus = [a for top in window.menuBar().actions() for a in _menu_actions(top.menu())]
    assert sorted(a.objectName() for a in in_menus) == sorted(
        key for key, spec in ACTIONS.items() if spec.menu
    )
    toolbar = window.findChild(QToolBar, "main_toolbar")
    on_bar = [a.objectName() for a in toolbar.actions() if not a.isSeparator()]
    assert on_bar == ["undo", "redo", "new_record", "edit_record", "delete_record", "search"]
    # Feature actions get their keys the same way as built-in ones.
    assert window.actions_["import_participants"].shortcut().toString() == "Ctrl+I"
    assert window.actions_[ActionId.SEARCH].shortcut().toString() == "Ctrl+K"
    assert _texts(_menu(window, "File"))[:3] == ["New Database…", "Open Database…", "Open Recent"]


def test_an_action_key_is_registered_once() -> None:
    import pytest

    from ui.actions import ActionSpec, register_action

    with pytest.raises(ValueError, match="twice"):
        register_action(ActionSpec("undo", "Undo again", lambda _window: None))
