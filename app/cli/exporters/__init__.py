"""Export kinds for `protocol-desk export`; each module has ``register(kinds)``."""

from types import ModuleType

from app.cli.exporters import (
    alternat,
    badges,
    briefing,
    gifts_register,
    ical,
    participants,
    place_cards,
    seating,
    vcard,
)

EXPORTER_MODULES: list[ModuleType] = [
    participants,
    ical,
    vcard,
    briefing,
    badges,
    place_cards,
    alternat,
    seating,
    gifts_register,
]
