"""Desktop app fixtures: real widgets over a real SQLite file; settings in a tmp folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot


@pytest.fixture(autouse=True)
def _private_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """QSettings go to a tmp folder under a test organisation name, never the user's."""
    folder = tmp_path / "qsettings"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    monkeypatch.setattr("ui.settings.ORGANISATION", "Protocol Desk Tests")


@pytest.fixture
def answer_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Auto-answer delete confirmations with Yes; the texts asked are kept for checks."""
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


@pytest.fixture
def window(qtbot: QtBot, sample_db) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    main = MainWindow()
    qtbot.addWidget(main)
    main.set_database(sample_db, str(sample_db.url))
    main.show()
    yield main
    main.close()


@pytest.fixture
def context(qtbot: QtBot, sample_db):  # type: ignore[no-untyped-def]
    from ui.context import DataContext

    return DataContext(sample_db)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform plugin cannot pass size hints to a window system and says
    # so whenever a top-level layout sets a minimum size; that is not an app problem.
    for item in items:
        if "tests/ui/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore("does not support propagateSizeHints"))
