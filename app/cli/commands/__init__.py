"""Subcommands; each module has ``register(subparsers)`` and sets ``handler``."""

from app.cli.commands import demo, events, export, show

COMMAND_MODULES = [demo, events, show, export]
