"""Export kinds for `protocol-desk export`; each module has ``register(kinds)``."""

from types import ModuleType

from app.cli.exporters import briefing, ical, participants, vcard

EXPORTER_MODULES: list[ModuleType] = [participants, ical, vcard, briefing]
