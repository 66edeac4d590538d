"""Remembered window state (QSettings) under one organisation name that tests can change."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

ORGANISATION = "Protocol Desk"
APPLICATION = "Protocol Desk"
RECENT_KEY = "files/recent"
LAST_DB_KEY = "files/last"
OFFICER_KEY = "officer/name"
MAX_RECENT = 8


def settings() -> QSettings:
    # IniFormat keeps the file in the XDG config folder on Linux, which tests redirect.
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


def recent_databases() -> list[str]:
    value = settings().value(RECENT_KEY, [])
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def remember_database(reference: str) -> None:
    recent = [reference, *(r for r in recent_databases() if r != reference)][:MAX_RECENT]
    store = settings()
    store.setValue(RECENT_KEY, recent)
    store.setValue(LAST_DB_KEY, reference)


def officer_name() -> str:
    """The name the officer set in Preferences for the change journal ("" if none)."""
    return str(settings().value(OFFICER_KEY, "") or "").strip()


def set_officer_name(name: str) -> None:
    settings().setValue(OFFICER_KEY, name.strip())


def save_window(window: QMainWindow, name: str) -> None:
    store = settings()
    store.setValue(f"{name}/geometry", window.saveGeometry())
    store.setValue(f"{name}/state", window.saveState())


def restore_window(window: QMainWindow, name: str) -> bool:
    store = settings()
    geometry = store.value(f"{name}/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
        state = store.value(f"{name}/state")
        if isinstance(state, QByteArray):
            window.restoreState(state)
        return True
    return False


def save_splitter(splitter: QSplitter, name: str) -> None:
    settings().setValue(f"splitters/{name}", splitter.saveState())


def restore_splitter(splitter: QSplitter, name: str) -> None:
    state = settings().value(f"splitters/{name}")
    if isinstance(state, QByteArray):
        splitter.restoreState(state)


def _header_key(header: QHeaderView, name: str) -> str:
    # Keyed by the column count too: a list that gained a column starts afresh.
    return f"headers/{name}-{header.count()}"


def save_header(header: QHeaderView, name: str) -> None:
    settings().setValue(_header_key(header, name), header.saveState())


def restore_header(header: QHeaderView, name: str) -> bool:
    """Put back the user's column widths and order; False when there is nothing saved."""
    state = settings().value(_header_key(header, name))
    if isinstance(state, QByteArray) and not state.isEmpty():
        return bool(header.restoreState(state))
    return False
