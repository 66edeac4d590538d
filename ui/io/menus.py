"""The File menu entries of ui.io; imported at start, so only Qt is imported here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ui.extensions import MenuEntry, register_menu_action

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def import_participants(window: MainWindow) -> object:
    """The import assistant, aimed at the event whose workspace is open (if any)."""
    if window.context is None:
        return None
    from ui.io.common import current_event_id
    from ui.io.wizard import ImportWizard

    wizard = ImportWizard(window.context, current_event_id(window), window)
    wizard.open()
    return wizard


def back_up(window: MainWindow) -> object:
    from ui.io.backup import back_up as run

    return run(window)


def restore(window: MainWindow) -> object:
    from ui.io.backup import restore_menu

    return restore_menu(window)


def check_database(window: MainWindow) -> object:
    from ui.io.check import check_database as run

    return run(window)


def export(kind: str) -> Callable[[MainWindow], object]:
    def handler(window: MainWindow) -> object:
        from ui.io.export import open_export

        return open_export(window, kind)

    return handler


for entry in (
    MenuEntry(
        "&File", "&Import Participants…", import_participants, "Ctrl+I", "import_participants"
    ),
    MenuEntry(
        "&File/&Export", "&Participant List…", export("participants"), None, "export_participants"
    ),
    MenuEntry("&File/&Export", "Programme &Calendar…", export("calendar"), None, "export_calendar"),
    MenuEntry("&File/&Export", "&Contacts…", export("contacts"), None, "export_contacts"),
    MenuEntry("&File", "&Back Up…", back_up, None, "back_up"),
    MenuEntry("&File", "Res&tore…", restore, None, "restore_backup", needs_database=False),
    MenuEntry("&Tools", "&Check Database", check_database, None, "check_database"),
):
    register_menu_action(entry)
