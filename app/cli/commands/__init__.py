"""Subcommands; each module has ``register(subparsers)`` and sets ``handler``."""

from app.cli.commands import (
    backup,
    check,
    demo,
    events,
    export,
    history,
    import_participants,
    show,
)

COMMAND_MODULES = [demo, events, show, export, import_participants, backup, check, history]
