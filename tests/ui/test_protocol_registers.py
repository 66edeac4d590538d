"""Tools > Agreements register and Tools > Gifts register over the sample seminar."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.model import Agreement, AgreementParty, Gift, country_uuid
from app.protocol.gifts import stored_thresholds
from app.seed.sample import sample_uuid
from app.services import records
from ui import settings
from ui.protocol.registers import (
    THRESHOLDS_KEY,
    AgreementsRegisterDialog,
    AgreementsRegisterModel,
    GiftsRegisterDialog,
    GiftsRegisterModel,
)
from ui.protocol.table_model import HIGHLIGHT, WARNING

SEMINAR = sample_uuid("seminar")
TODAY = date(2025, 3, 1)


def _open(window, name: str, kind):  # type: ignore[no-untyped-def]
    action = next(a for a in window.extension_actions if a.objectName() == name)
    action.trigger()
    dialog = window.findChild(kind)
    assert isinstance(dialog, kind)
    return dialog


@pytest.fixture
def agreements(sample_db) -> dict[str, object]:  # type: ignore[no-untyped-def]
    made = {}
    with sample_db.transaction() as session:
        for title, status, until in (
            ("Air services agreement", "in force", TODAY + timedelta(days=30)),
            ("Cultural programme 2022-2024", "in force", TODAY - timedelta(days=10)),
            ("Visa facilitation", "in force", TODAY + timedelta(days=400)),
            ("Draft on education", "draft", None),
        ):
            agreement = records.create(
                session,
                Agreement,
                title=title,
                status=status,
                valid_until=until,
                areas=["education"] if "education" in title else [],
            )
            for index, code in enumerate(("KAZ", "CHN")):
                records.create(
                    session,
                    AgreementParty,
                    agreement_id=agreement.id,
                    country_id=country_uuid(code),
                    sort_order=index,
                )
            made[title] = agreement.id
    return made


def test_agreements_register_highlights_what_runs_out(window, agreements, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(window, "agreements_register", AgreementsRegisterDialog)
    qtbot.addWidget(dialog)
    dialog.today = TODAY
    dialog.reload()
    model = dialog.model
    titles = model.column_texts(0)
    assert len(titles) == 5  # the sample's memorandum too
    air = model.row_of(agreements["Air services agreement"])
    lapsed = model.row_of(agreements["Cultural programme 2022-2024"])
    later = model.row_of(agreements["Visa facilitation"])
    assert model.rows[air].background == HIGHLIGHT
    assert "expires in 30 day(s)" in model.rows[air].values[3]
    assert model.rows[lapsed].background == WARNING
    assert model.rows[later].background is None
    assert model.rows[air].values[4] == "China; Kazakhstan"  # host-less: English order
    assert "1 expiring within 90 days" in dialog.summary.text()

    dialog.expiring_only.setChecked(True)
    assert model.column_texts(0) == ["Air services agreement"]
    dialog.expiring_only.setChecked(False)
    dialog.window_days.setValue(500)
    assert {
        model.rows[i].key for i in range(model.rowCount()) if model.rows[i].background == HIGHLIGHT
    } == {
        agreements["Air services agreement"],
        agreements["Visa facilitation"],
    }
    dialog.status.setCurrentIndex(dialog.status.findData("draft"))
    assert model.column_texts(0) == ["Draft on education"]
    dialog.status.setCurrentIndex(0)
    dialog.area.setText("capacity")
    assert model.column_texts(0) == [
        "Memorandum on cooperation between the Regional Hub of Civil Service in Astana "
        "and the Chinese Academy of Governance"
    ]
    dialog.area.clear()
    dialog.event_choice.setCurrentIndex(dialog.event_choice.findData(str(SEMINAR)))
    assert model.rowCount() == 1
    assert "Select an agreement" in dialog.details.toPlainText()
    dialog.view.selectRow(0)
    details = dialog.details.toPlainText()
    assert "capacity building of civil servants" in details
    assert "Lifecycle" in details


@pytest.fixture
def gifts(sample_db) -> None:  # type: ignore[no-untyped-def]
    with sample_db.transaction() as session:
        for description, direction, value, currency in (
            ("Silver tea set", "received", "240.00", "USD"),
            ("Book on Fujian architecture", "received", "45.00", "USD"),
            ("Carpet", "received", "900.00", "EUR"),
            ("Porcelain vase", "given", "500.00", "USD"),
        ):
            records.create(
                session,
                Gift,
                event_id=SEMINAR,
                description=description,
                direction=direction,
                estimated_value=Decimal(value),
                currency=currency,
                given_on=date(2017, 9, 2),
            )


def test_gifts_register_flags_over_the_threshold_and_exports(
    window, gifts, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(window, "gifts_register", GiftsRegisterDialog)
    qtbot.addWidget(dialog)
    assert dialog.year.value() == 2017  # the latest year with gifts
    model = dialog.model
    assert model.rowCount() == 5
    assert not any(e.declare for e in model.entries)  # no thresholds yet
    assert "Enter the declaration thresholds" in dialog.summary.text()

    dialog.thresholds.setText("usd = 200")
    dialog.thresholds.editingFinished.emit()
    flagged = [
        model.rows[i].values[2]
        for i in range(model.rowCount())
        if model.rows[i].background == HIGHLIGHT
    ]
    assert flagged == ["Silver tea set"]
    carpet = model.column_texts(2).index("Carpet")
    assert model.rows[carpet].values[6] == "no declaration threshold set for EUR"
    assert "1 to declare" in dialog.summary.text()

    dialog.include_given.setChecked(True)
    flagged = {
        model.rows[i].values[2]
        for i in range(model.rowCount())
        if model.rows[i].background == HIGHLIGHT
    }
    assert flagged == {"Silver tea set", "Porcelain vase"}

    dialog.thresholds.setText("EUR=1000, dollars=5")
    dialog.thresholds.editingFinished.emit()
    assert dialog.error.isVisibleTo(dialog)
    assert "'dollars' is not a currency code" in dialog.error.text()
    assert (
        len(
            {
                model.rows[i].values[2]
                for i in range(model.rowCount())
                if model.rows[i].background == HIGHLIGHT
            }
        )
        == 2
    )

    target = dialog.export(str(tmp_path / "gifts.csv"))
    assert target is not None
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"), newline="")))
    assert len(rows) == 5
    declared = {r["Description"]: r["Declare"] for r in rows}
    assert declared["Silver tea set"] == "yes"
    assert declared["Book on Fujian architecture"] == "no"

    dialog.year.setValue(2018)
    assert model.rowCount() == 0
    assert not dialog.export_button.isEnabled()


def test_thresholds_are_kept_for_the_office_and_undoable(window, sample_db, gifts, qtbot) -> None:  # type: ignore[no-untyped-def]
    first = GiftsRegisterDialog(window.context, window)
    qtbot.addWidget(first)
    first.set_thresholds({"USD": Decimal(200), "EUR": Decimal(150)})
    with sample_db.session() as session:  # in the database, for every workstation
        assert stored_thresholds(session) == {"USD": Decimal(200), "EUR": Decimal(150)}
    second = GiftsRegisterDialog(window.context, window)
    qtbot.addWidget(second)
    assert second.policy.thresholds == {"USD": Decimal(200), "EUR": Decimal(150)}
    first.set_thresholds({"USD": Decimal(500)})
    assert second.thresholds.text() == "USD=500"  # an open register follows
    window.context.undo()
    assert first.policy.thresholds == {"USD": Decimal(200), "EUR": Decimal(150)}
    with sample_db.session() as session:
        assert stored_thresholds(session) == {"USD": Decimal(200), "EUR": Decimal(150)}


def test_a_workstations_old_thresholds_are_offered_once(window, sample_db, gifts, qtbot) -> None:  # type: ignore[no-untyped-def]
    settings.settings().setValue(THRESHOLDS_KEY, "EUR=150")
    dialog = GiftsRegisterDialog(window.context, window)
    qtbot.addWidget(dialog)
    assert dialog.policy.thresholds == {"EUR": Decimal(150)}
    with sample_db.session() as session:
        assert stored_thresholds(session) == {"EUR": Decimal(150)}


def test_register_models_pass_the_model_tester(
    qtmodeltester: ModelTester, context, agreements, gifts
) -> None:  # type: ignore[no-untyped-def]
    from app.protocol.agreements import agreements_register
    from app.protocol.gifts import DeclarationPolicy, gifts_register

    with context.db.session() as session:
        register = agreements_register(session, today=TODAY)
        gift_entries = gifts_register(session, 2017, DeclarationPolicy.parse("USD=100"))
        agreements_model = AgreementsRegisterModel(context)
        agreements_model.show(register)
    gifts_model = GiftsRegisterModel(context)
    gifts_model.show(gift_entries)
    for model in (agreements_model, gifts_model):
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)
    gifts_model.show(gift_entries[:2])
