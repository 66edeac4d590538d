"""The File menu entries of ui.io; imported at start, so only Qt is imported here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ui.actions import ActionSpec, register_action

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


GROUP = "data in and out"
for spec in (
    ActionSpec(
        "import_participants",
        "&Import Participants…",
        import_participants,
        "&File",
        shortcut="Ctrl+I",
        group=GROUP,
    ),
    ActionSpec(
        "export_participants",
        "&Participant List…",
        export("participants"),
        "&File/&Export",
        group=GROUP,
    ),
    ActionSpec(
        "export_calendar", "Programme &Calendar…", export("calendar"), "&File/&Export", group=GROUP
    ),
    ActionSpec("export_contacts", "&Contacts…", export("contacts"), "&File/&Export", group=GROUP),
    ActionSpec("back_up", "&Back Up…", back_up, "&File", group=GROUP),
    ActionSpec("restore_backup", "Res&tore…", restore, "&File", group=GROUP, needs_database=False),
    ActionSpec("check_database", "&Check Database", check_database, "&Tools", group=GROUP),
):
    register_action(spec)
