"""The application icon on every window, and Help > About with what support asks for."""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6.QtCore import QSize, qVersion
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app import __version__


def test_application_and_window_carry_the_icon_in_every_size(qtbot: QtBot) -> None:
    from ui.application import identify
    from ui.main_window import MainWindow

    application = QApplication.instance()
    assert isinstance(application, QApplication)
    identify(application)
    window = MainWindow()
    qtbot.addWidget(window)
    for icon in (QApplication.windowIcon(), window.windowIcon()):
        assert not icon.isNull()
        sizes = {size.width() for size in icon.availableSizes()}
        assert {16, 32, 48, 256, 512} <= sizes
    assert application.desktopFileName() == "org.protocoldesk.ProtocolDesk"


def test_about_box_shows_version_database_qt_python_and_fonts_per_script(  # type: ignore[no-untyped-def]
    qtbot: QtBot, window, tmp_path: Path
) -> None:
    from ui.about import about_box

    box = about_box(window, window.context.db)
    qtbot.addWidget(box)
    text = box.text()
    assert f"Protocol Desk {__version__}" in text
    assert window.context.db.display_url in text
    assert f"Qt {qVersion()}" in text
    assert f"Python {platform.python_version()}" in text
    assert "Fonts in use per script" in text
    for script in ("Latin", "Cyrillic", "Arabic", "Devanagari", "Chinese", "Japanese", "Thai"):
        assert f"<td>{script}</td>" in text
    assert "Noto Sans Arabic" in text
    assert not box.iconPixmap().isNull()
    assert box.iconPixmap().size() == QSize(64, 64)
    box.show()
    assert box.grab().save(str(tmp_path / "about.png"))


def test_help_about_opens_the_box(qtbot: QtBot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer

    from ui.actions import ActionId

    seen: list[str] = []

    def close_it() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.objectName())
        box.accept()

    QTimer.singleShot(0, close_it)
    window.actions_[ActionId.ABOUT].trigger()
    assert seen == ["about_box"]
