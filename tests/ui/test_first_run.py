"""The first run on an empty database: the welcome page shows all of itself and each of
its three first steps does what it says."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtWidgets import QApplication, QCommandLinkButton, QLabel, QWidget

from app.model import Event
from ui.editors.dialog import RecordEditor
from ui.views.workspace import EventWorkspace


@pytest.fixture
def first_run(qtbot, sqlite_db):  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.set_database(sqlite_db, str(sqlite_db.url))
    window.show()
    page = window.show_page("Events")
    assert page.currentWidget() is page.welcome
    yield window, page
    window.close()


def _clipped(welcome: QWidget) -> list[str]:
    """Texts on the page that do not get the room they need to show in full."""
    problems: list[str] = []
    area = welcome.rect()
    for widget in welcome.findChildren(QLabel) + welcome.findChildren(QCommandLinkButton):
        if not widget.isVisible():
            problems.append(f"{widget.objectName()} hidden")
            continue
        name = widget.objectName()
        where = QRect(widget.mapTo(welcome, widget.rect().topLeft()), widget.size())
        if not area.contains(where):
            problems.append(f"{name} leaves the page")
        needed = widget.heightForWidth(widget.width())
        if needed < 0:
            needed = widget.sizeHint().height()
        if widget.height() < needed:
            problems.append(f"{name} is {widget.height()} px high and needs {needed}")
        if widget.width() < widget.minimumSizeHint().width():
            problems.append(f"{name} is narrower than its text")
    return problems


@pytest.mark.parametrize("size", [(1400, 900), (1024, 700)])
def test_the_welcome_page_shows_its_whole_text(first_run, qtbot, size) -> None:  # type: ignore[no-untyped-def]
    window, page = first_run
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().width() == size[0])
    QApplication.processEvents()
    assert _clipped(page.welcome) == []
    texts = [label.text() for label in page.welcome.findChildren(QLabel)]
    assert "Welcome to Protocol Desk" in texts
    steps = [b.text() for b in page.welcome.findChildren(QCommandLinkButton)]
    assert steps == ["Load the sample seminar", "Create an event", "Import a participant list"]


def _fill_new_event(title: str) -> None:
    """Type into the New event editor once it is up, and press OK."""
    editor = QApplication.activeModalWidget()
    assert isinstance(editor, RecordEditor)
    editor.widgets["title"].edit.setText(title)
    editor.save()


def test_create_an_event_opens_the_new_event(first_run, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, page = first_run
    QTimer.singleShot(0, lambda: _fill_new_event("Astana Civil Service Forum"))
    qtbot.mouseClick(page.welcome.new_event, Qt.MouseButton.LeftButton)
    workspace = window.stack.currentWidget()
    assert isinstance(workspace, EventWorkspace)
    with window.context.db.session() as session:
        assert session.get(Event, workspace.event_id).title == "Astana Civil Service Forum"
    window.show_page("Events")
    assert page.currentWidget() is page.panel


def test_import_a_list_asks_for_the_event_first_then_aims_the_assistant_at_it(first_run) -> None:  # type: ignore[no-untyped-def]
    window, page = first_run
    QTimer.singleShot(0, lambda: _fill_new_event("Quanzhou follow-up seminar"))
    page.welcome.import_list.click()
    workspace = window.stack.currentWidget()
    assert isinstance(workspace, EventWorkspace)
    from ui.io.wizard import ImportWizard

    wizard = window.findChild(ImportWizard)
    assert wizard is not None
    assert wizard.isVisible()
    assert wizard.source.event_combo.event_id == workspace.event_id
    wizard.reject()


def test_cancelling_the_new_event_imports_nothing(first_run) -> None:  # type: ignore[no-untyped-def]
    window, page = first_run

    def cancel() -> None:
        editor = QApplication.activeModalWidget()
        assert isinstance(editor, RecordEditor)
        editor.reject()

    QTimer.singleShot(0, cancel)
    assert page.import_first_list() is None
    assert page.currentWidget() is page.welcome
    with window.context.db.session() as session:
        assert session.query(Event).count() == 0


def test_load_the_sample_seminar_fills_the_events_list(first_run, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, page = first_run
    page.welcome.load_sample.click()
    assert window.task is not None
    with qtbot.waitSignal(window.task.finished, timeout=20000):
        pass
    assert page.currentWidget() is page.panel
    assert page.panel.model.rowCount() == 2
