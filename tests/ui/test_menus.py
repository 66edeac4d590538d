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
