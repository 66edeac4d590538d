"""What the first list does not need, loaded ahead of the first click.

The desktop app shows its first list with SQLAlchemy Core only; the ORM, the model
classes and the services are imported next (off its GUI thread) by :func:`load_core`.
"""

from __future__ import annotations

import importlib

CORE_MODULES = (
    "sqlalchemy.orm",
    "app.model",
    "app.db.hooks",
    "app.services.records",
    "app.services.dossier",
    "app.services.search",
)


def load_core() -> None:
    for name in CORE_MODULES:
        importlib.import_module(name)
    from sqlalchemy.orm import configure_mappers

    # Done here once rather than inside the first ORM query (about 150 ms).
    configure_mappers()
