"""The Briefing tab: a real pack built in the background from a real SQLite file,
previewed with QtPdf, checked against the file itself with pypdf."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtPdf import QPdfBookmarkModel
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

import ui.briefing.tab as tab_module
from app.model import Event, Person
from app.reports.briefing import PackKind, build_briefing
from app.seed.sample import sample_uuid
from ui.briefing.tab import BriefingTab
from ui.commands import UpdateRecord

SEMINAR = sample_uuid("seminar")
BUILD_TIMEOUT_MS = 60_000


def _open_tab(window: Any) -> BriefingTab:
    workspace = window.open_event(SEMINAR)
    titles = [workspace.tabs.tabText(i) for i in range(workspace.tabs.count())]
    assert "&Briefing" in titles, titles
    workspace.tabs.setCurrentIndex(titles.index("&Briefing"))
    QApplication.processEvents()
    tab = workspace.findChild(BriefingTab)
    assert isinstance(tab, BriefingTab)
    return tab


@pytest.fixture
def tab(window: Any) -> Iterator[BriefingTab]:
    briefing = _open_tab(window)
    yield briefing
    briefing.cancel()
    briefing.wait_idle_ms()


def _build(tab: BriefingTab, qtbot: QtBot) -> None:
    qtbot.mouseClick(tab.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.is_building, timeout=BUILD_TIMEOUT_MS)
    assert tab.last_error == ""


def _outline(path: Path) -> dict[str, int]:
    """Every bookmark title of the file and the 0-based page it lands on."""
    reader = PdfReader(path)
    found: dict[str, int] = {}

    def walk(entries: list[Any]) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                found[entry.title] = reader.get_destination_page_number(entry)

    walk(reader.outline)
    return found


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _bookmark_index(model: QPdfBookmarkModel, title: str) -> QModelIndex:
    pending = [QModelIndex()]
    while pending:
        parent = pending.pop()
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if index.data(Qt.ItemDataRole.DisplayRole) == title:
                return index
            pending.append(index)
    raise AssertionError(f"no bookmark {title!r}")


def test_preview_builds_in_the_background_and_shows_every_page(
    tab: BriefingTab, qtbot: QtBot
) -> None:
    # The event loop must keep turning while the pack builds. The build now takes only
    # a fraction of a second, so count the longest stall between timer ticks (from the
    # click to the end), not a number of ticks that depends on how long the build takes.
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    started = time.perf_counter()
    qtbot.mouseClick(tab.build_button, Qt.MouseButton.LeftButton)
    # The click came back before the pack was done: the build is not on this thread.
    assert tab.is_building
    assert tab.progress_row.isVisible()
    assert not tab.build_button.isEnabled()
    qtbot.waitUntil(lambda: not tab.is_building, timeout=BUILD_TIMEOUT_MS)
    finished = time.perf_counter()
    timer.stop()
    moments = [started, *(t for t in ticks if t < finished), finished]
    longest_stall = max(later - earlier for earlier, later in itertools.pairwise(moments))
    assert longest_stall < 0.3, f"the event loop stalled {longest_stall:.2f} s during the build"

    path = tab.preview.path
    assert path is not None
    assert path.exists()
    assert path.parent == tab.files.folder
    pages = len(PdfReader(path).pages)
    assert tab.preview.document.pageCount() == pages
    assert tab.built is not None
    assert tab.built.result.pages == pages
    assert f"{pages} pages" in tab.summary.text()
    assert tab.preview.page_label.text() == f"Page 1 of {pages}"
    assert not tab.progress_row.isVisible()
    assert not tab.banner.isVisible()

    model = tab.preview.bookmarks
    top = {model.index(row, 0).data(Qt.ItemDataRole.DisplayRole) for row in range(model.rowCount())}
    assert {"Programme", "Delegations", "Profiles", "Signing ceremonies", "Contacts"} <= top
    assert set(_outline(path)) >= top


def test_clicking_a_bookmark_shows_its_page(tab: BriefingTab, qtbot: QtBot) -> None:
    _build(tab, qtbot)
    assert tab.preview.path is not None
    outline = _outline(tab.preview.path)
    assert tab.preview.current_page == 0
    for title in ("Contacts", "Delegations", "Profiles"):
        index = _bookmark_index(tab.preview.bookmarks, title)
        assert index.data(int(QPdfBookmarkModel.Role.Page)) == outline[title]
        rect = tab.preview.tree.visualRect(index)
        qtbot.mouseClick(tab.preview.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.waitUntil(lambda t=title: tab.preview.current_page == outline[t])  # type: ignore[misc]
        assert tab.preview.page_label.text().startswith(f"Page {outline[title] + 1} of ")
    assert len(set(outline.values())) > 1  # the jumps went to different pages


def test_zoom_buttons_change_the_zoom_and_fit_width_restores_it(
    tab: BriefingTab, qtbot: QtBot
) -> None:
    _build(tab, qtbot)
    fitted = tab.preview.effective_zoom()
    qtbot.mouseClick(tab.preview.zoom_in, Qt.MouseButton.LeftButton)
    assert tab.preview.effective_zoom() == pytest.approx(fitted * 1.25)
    assert not tab.preview.fit_width.isChecked()
    qtbot.mouseClick(tab.preview.zoom_out, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.preview.zoom_out, Qt.MouseButton.LeftButton)
    assert tab.preview.effective_zoom() == pytest.approx(fitted / 1.25)
    qtbot.mouseClick(tab.preview.fit_width, Qt.MouseButton.LeftButton)
    assert tab.preview.fit_width.isChecked()
    assert tab.preview.effective_zoom() == pytest.approx(fitted)


@pytest.fixture
def paused_build(monkeypatch: pytest.MonkeyPatch) -> dict[str, threading.Event]:
    """The real builder, held mid-way (after 'Composing sections' is reported) until
    the test has cancelled: a cancel that cannot race the end of a quick build."""
    reached = threading.Event()

    def held(*args: Any, **kwargs: Any) -> Any:
        cancel = args[5]
        report: Callable[[float, str], None] = args[4]

        def progress(fraction: float, message: str) -> None:
            report(fraction, message)
            if message == "Composing sections":
                reached.set()
                for _ in range(600):
                    if cancel.cancelled:
                        return
                    threading.Event().wait(0.05)

        return build_briefing(*args[:4], progress, *args[5:], **kwargs)

    monkeypatch.setattr(tab_module, "build_briefing", held)
    return {"reached": reached}


def test_cancel_leaves_no_file_and_an_idle_tab(
    tab: BriefingTab, qtbot: QtBot, paused_build: dict[str, threading.Event]
) -> None:
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    qtbot.mouseClick(tab.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(paused_build["reached"].is_set, timeout=BUILD_TIMEOUT_MS)
    qtbot.waitUntil(lambda: tab.progress_message.text() == "Composing sections")
    assert tab.progress.value() == 15
    before = len(ticks)
    qtbot.wait(100)  # the window keeps working while the build is under way
    assert len(ticks) > before
    assert tab.is_building
    assert tab.cancel_button.isVisible()

    qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.is_building, timeout=BUILD_TIMEOUT_MS)
    timer.stop()
    assert tab.temp_files() == []
    assert tab.preview.path is None
    assert tab.built is None
    assert "cancelled" in tab.summary.text()
    assert not tab.progress_row.isVisible()
    assert tab.build_button.isEnabled()
    assert tab.export_button.isEnabled()
    assert tab.last_error == ""


def test_export_copies_the_preview_and_the_copy_opens(
    tab: BriefingTab, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _build(tab, qtbot)
    assert tab.preview.path is not None
    offered: list[str] = []
    chosen = tmp_path / "out" / "pack"  # no extension typed: .pdf is added
    chosen.parent.mkdir()

    def ask(_parent: object, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        offered.append(suggested)
        return str(chosen), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    written = chosen.with_name("pack.pdf")
    assert written.read_bytes() == tab.preview.path.read_bytes()
    assert len(PdfReader(written).pages) == tab.preview.document.pageCount()
    assert not tab.is_building  # an up-to-date preview is copied, not rebuilt
    name = Path(offered[0]).name
    assert name.startswith("BRICS Seminar on Governance - briefing - ")
    assert name.endswith(".pdf")
    assert "exported to" in tab.summary.text()
    assert list(written.parent.iterdir()) == [written]  # no partial file left beside it


def test_export_without_a_preview_builds_first(
    tab: BriefingTab, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    chosen = tmp_path / "first.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(chosen), ""))
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    assert tab.is_building
    qtbot.waitUntil(chosen.exists, timeout=BUILD_TIMEOUT_MS)
    assert not tab.is_building
    assert len(PdfReader(chosen).pages) == tab.preview.document.pageCount() > 1


def _in_missing_folder(tmp: Path) -> Path:
    return tmp / "missing folder" / "pack.pdf"


def _taken_by_a_folder(tmp: Path) -> Path:
    (tmp / "taken.pdf").mkdir()
    return tmp / "taken.pdf"


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        (_in_missing_folder, "the folder does not exist"),
        (_taken_by_a_folder, "there is a folder of that name"),
    ],
)
def test_export_to_an_impossible_place_says_why(
    tab: BriefingTab,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    where: Callable[[Path], Path],
    reason: str,
) -> None:
    _build(tab, qtbot)
    target = where(tmp_path)
    told: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: told.append(text))
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    assert len(told) == 1
    assert reason in told[0]
    assert "Traceback" not in told[0]
    assert reason in tab.summary.text()


def test_a_delegation_pack_differs_from_the_whole_event_pack(
    tab: BriefingTab, qtbot: QtBot
) -> None:
    _build(tab, qtbot)
    assert tab.preview.path is not None
    whole = _text(tab.preview.path)

    tab.set_kind(PackKind.DELEGATION)
    labels = [tab.subject.itemText(i) for i in range(tab.subject.count())]
    assert labels == [
        "China — Chinese Academy of Governance",
        "Kazakhstan — Regional Hub of Civil Service in Astana",
    ]
    tab.select_subject(sample_uuid("hub-delegation"))
    assert tab.banner.isVisible()
    assert "options changed" in tab.banner_text.text()
    _build(tab, qtbot)
    assert not tab.banner.isVisible()
    assert tab.built is not None
    assert tab.built.options.kind is PackKind.DELEGATION
    pack = _text(tab.preview.path)
    assert pack != whole
    cover_for = "Delegation of Kazakhstan — Regional Hub of Civil Service in Astana"
    assert cover_for in " ".join(pack.split())
    assert cover_for not in " ".join(whole.split())
    assert "Kazakhstan — Regional Hub" in tab.summary.text()

    tab.set_kind(PackKind.PERSON)
    people = [tab.subject.itemText(i) for i in range(tab.subject.count())]
    assert "BAIMENOV Alikhan" in people
    assert any(p.startswith("MA Jiantang") for p in people)


def test_a_change_to_the_records_marks_the_preview_out_of_date(
    tab: BriefingTab, qtbot: QtBot, window: Any
) -> None:
    _build(tab, qtbot)
    assert not tab.banner.isVisible()
    window.context.submit(
        UpdateRecord(window.context, Event, SEMINAR, {"title": "Renamed Governance Seminar"})
    )
    assert tab.banner.isVisible()
    assert tab.banner_text.text().startswith("Preview is out of date")
    qtbot.mouseClick(tab.rebuild_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.is_building, timeout=BUILD_TIMEOUT_MS)
    assert not tab.banner.isVisible()
    assert tab.preview.path is not None
    assert "Renamed Governance Seminar" in _text(tab.preview.path)
    assert len(tab.temp_files()) == 1  # the older preview is gone


def test_classification_prints_and_is_remembered_for_the_event(
    tab: BriefingTab, qtbot: QtBot, window: Any
) -> None:
    tab.classification.clear()
    qtbot.keyClicks(tab.classification, "RESTRICTED")
    _build(tab, qtbot)
    assert tab.preview.path is not None
    assert "RESTRICTED" in PdfReader(tab.preview.path).pages[3].extract_text()
    again = BriefingTab(window.context, SEMINAR)
    qtbot.addWidget(again)
    assert again.classification.text() == "RESTRICTED"


def test_characters_no_font_has_are_reported_in_plain_words(
    tab: BriefingTab, qtbot: QtBot, window: Any
) -> None:
    window.context.submit(
        UpdateRecord(
            window.context,
            Person,
            sample_uuid("baimenov"),
            {"biography": "Keeper of the 𓀀 collection."},
        )
    )
    _build(tab, qtbot)
    notes = tab.notes.text()
    assert tab.notes.isVisible()
    assert "1 character could not be printed" in notes
    assert "𓀀 (U+13000)" in notes
    assert "Baimenov" in notes or "BAIMENOV" in notes


def test_temporary_files_go_when_the_tab_goes(window: Any, qtbot: QtBot) -> None:
    tab = _open_tab(window)
    _build(tab, qtbot)
    folder = tab.files.folder
    assert any(folder.iterdir())
    window.close()  # the workspaces (and this tab) are deleted with the database
    qtbot.waitUntil(lambda: not folder.exists())


def test_closing_during_a_build_stops_it_and_removes_its_files(
    window: Any, qtbot: QtBot, paused_build: dict[str, threading.Event]
) -> None:
    tab = _open_tab(window)
    folder = tab.files.folder
    qtbot.mouseClick(tab.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(paused_build["reached"].is_set, timeout=BUILD_TIMEOUT_MS)
    window.close()
    qtbot.waitUntil(lambda: not folder.exists(), timeout=BUILD_TIMEOUT_MS)
