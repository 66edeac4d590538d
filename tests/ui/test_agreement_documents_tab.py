"""The Documents tab of the Agreements view: attach (button path and drop), list, save a
copy, remove with undo; the register shows the count."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from app.model import Agreement, AgreementDocument
from app.services import records
from ui.protocol.registers import AgreementsRegisterModel
from ui.views.agreements import AgreementsPage


def _page(context, qtbot):  # type: ignore[no-untyped-def]
    with context.db.transaction() as session:
        agreement = records.create(session, Agreement, title="Memorandum on training")
    page = AgreementsPage(context)
    qtbot.addWidget(page)
    page._show_parties(agreement.id)
    return page, agreement.id


def test_attach_list_save_remove_undo(context, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page, _agreement_id = _page(context, qtbot)
    tabs = page.details
    assert [tabs.tabText(i) for i in range(tabs.count())][-1] == "Documents"
    panel = page.documents
    original = tmp_path / "memorandum-en.pdf"
    original.write_bytes(b"%PDF text" * 200)
    panel.language.setText("en")
    assert panel.choose_and_attach([str(original)]) == 1
    model = panel.model
    assert model.rowCount() == 1
    assert model.column_texts(0) == ["memorandum-en.pdf"]
    assert model.column_texts(1) == ["en"]
    assert model.column_texts(2) == ["2 KB"]

    panel.view.selectRow(0)
    assert panel.save_button.isEnabled()
    copy = panel.save_copy(str(tmp_path / "copy.pdf"))
    assert copy is not None
    assert copy.read_bytes() == original.read_bytes()

    panel.remove()
    assert model.rowCount() == 0
    context.undo()  # the removal
    assert model.column_texts(0) == ["memorandum-en.pdf"]
    context.undo()  # the attachment
    assert model.rowCount() == 0
    context.redo()
    assert model.rowCount() == 1
    with context.db.session() as session:
        assert session.query(AgreementDocument).count() == 1


def test_drop_attaches_and_errors_show_in_the_tab(context, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page, _agreement_id = _page(context, qtbot)
    panel = page.documents
    good = tmp_path / "текст.txt"
    good.write_text("Текст соглашения", encoding="utf-8")
    empty = tmp_path / "empty.doc"
    empty.touch()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good)), QUrl.fromLocalFile(str(empty))])
    event = QDropEvent(
        QPointF(QPoint(5, 5)),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    panel.dropEvent(event)
    assert panel.model.column_texts(0) == ["текст.txt"]
    assert panel.error.isVisibleTo(panel)
    assert "'empty.doc' is empty" in panel.error.text()


def test_register_shows_the_document_count(context, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.protocol.agreements import agreements_register
    from app.services.agreements import attach_document

    with context.db.transaction() as session:
        agreement = records.create(session, Agreement, title="Counted")
        attach_document(session, agreement.id, b"a", "a.txt")
        attach_document(session, agreement.id, b"b", "b.txt")
    model = AgreementsRegisterModel(context)
    with context.db.session() as session:
        model.show(agreements_register(session))
    column = AgreementsRegisterModel.HEADERS.index("Documents")
    row = model.column_texts(0).index("Counted")
    assert model.column_texts(column)[row] == "2"
