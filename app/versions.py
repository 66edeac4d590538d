"""Versions of the parts the app is built from, for Help > About and bug reports."""

from __future__ import annotations

import platform


def component_versions() -> dict[str, str]:
    """Python and the libraries whose version matters when something goes wrong."""
    import reportlab
    import sqlalchemy

    return {
        "Python": platform.python_version(),
        "SQLAlchemy": sqlalchemy.__version__,
        "reportlab": reportlab.Version,
    }
