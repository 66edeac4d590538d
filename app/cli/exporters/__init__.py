"""Export kinds for `protocol-desk export`; each module has ``register(kinds)``."""

from types import ModuleType

EXPORTER_MODULES: list[ModuleType] = []
