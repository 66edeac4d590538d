"""Render the protocol views offscreen into docs/screenshots/protocol-*.png.

    python benchmarks/protocol_screenshots.py

A temporary database holds the sample seminar plus a multilateral cast (heads of
delegation in Cyrillic, Arabic and Devanagari, a duplicate entry, gifts, agreements);
settings go to a temporary folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"

HEADS = (
    ("KAZ", "H.E. Mr", "Қасым-Жомарт", "Тоқаев", "Қасым-Жомарт Тоқаев"),
    ("SAU", "H.R.H.", "Mohammed", "bin Salman", "محمد بن سلمان"),
    ("IND", "H.E. Mr", "Narendra", "Modi", "नरेन्द्र मोदी"),
    ("DEU", "H.E. Ms", "Annalena", "Baerbock", None),
    ("EGY", "H.E. Mr", "Sameh", "Shoukry", "سامح شكري"),
    ("ZAF", "H.E. Dr", "Naledi", "Pandor", None),
)


def populate(db: object) -> None:
    from app.model import (
        Agreement,
        AgreementParty,
        Delegation,
        Gift,
        Person,
        Signatory,
        SigningCeremony,
        country_uuid,
    )
    from app.protocol.precedence import set_override
    from app.seed.sample import load_sample, sample_uuid
    from app.services import delegations, records

    seminar = sample_uuid("seminar")
    with db.transaction() as session:  # type: ignore[attr-defined]
        load_sample(session)
        for code, honorific, given, family, native in HEADS:
            person = records.create(
                session,
                Person,
                honorific=honorific,
                given_names=given,
                family_name=family,
                native_name=native,
                country_id=country_uuid(code),
            )
            delegation = records.create(
                session, Delegation, event_id=seminar, country_id=country_uuid(code)
            )
            delegations.add_member(session, delegation.id, person.id, "head")
            if code == "SAU":
                set_override(
                    session, seminar, delegation.id, 2, "arrives with the summit's co-chair"
                )
        ceremony = session.get(SigningCeremony, sample_uuid("memorandum-signing"))
        for party, person in (
            ("memorandum-hub", "baimenov"),
            ("memorandum-academy", "ma-jiantang"),
        ):
            records.create(
                session,
                Signatory,
                ceremony_id=ceremony.id,
                party_id=sample_uuid(party),
                person_id=sample_uuid(person),
            )
        records.create(
            session,
            Person,
            given_names="Alikhan",
            family_name="Baymenov",
            native_name="Алихан Байменов",
            email="a.baymenov@example.org",
        )
        for description, direction, value, currency in (
            ("Silver tea set", "received", "240.00", "USD"),
            ("Book on Fujian architecture", "received", "45.00", "USD"),
            ("Hand-woven carpet", "received", "900.00", "EUR"),
            ("Porcelain vase", "given", "500.00", "USD"),
        ):
            records.create(
                session,
                Gift,
                event_id=seminar,
                description=description,
                direction=direction,
                estimated_value=Decimal(value),
                currency=currency,
                given_on=date(2017, 9, 2),
            )
        today = date.today()
        for title, status, until in (
            ("Air services agreement", "in force", today + timedelta(days=45)),
            ("Cultural exchange programme 2022–2024", "in force", today - timedelta(days=12)),
            ("Visa facilitation for officials", "in force", today + timedelta(days=700)),
            ("Cooperation in higher education", "negotiating", None),
        ):
            agreement = records.create(
                session, Agreement, title=title, status=status, valid_until=until
            )
            for index, code in enumerate(("KAZ", "CHN")):
                records.create(
                    session,
                    AgreementParty,
                    agreement_id=agreement.id,
                    country_id=country_uuid(code),
                    sort_order=index,
                )


def main() -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QWidget

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    from app.db import open_database
    from app.protocol.seating import Layout
    from app.seed.sample import sample_uuid
    from ui.application import create_application
    from ui.fonts import register_fonts
    from ui.main_window import MainWindow
    from ui.protocol import extension
    from ui.protocol.precedence_tab import PrecedenceTab
    from ui.protocol.seating_tab import SeatingTab

    app = create_application()
    register_fonts(app)
    db = open_database(str(Path(tempfile.mkdtemp()) / "protocol.sqlite3"))
    populate(db)
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    window.set_database(db, "protocol.sqlite3")
    OUT.mkdir(parents=True, exist_ok=True)

    def shot(widget: QWidget, name: str) -> None:
        for _ in range(3):
            app.processEvents()
        path = OUT / f"protocol-{name}.png"
        widget.grab().save(str(path))
        print("wrote", path)

    workspace = window.open_event(sample_uuid("seminar"))
    assert workspace is not None
    titles = [workspace.tabs.tabText(i) for i in range(workspace.tabs.count())]
    workspace.tabs.setCurrentIndex(titles.index("P&recedence"))
    precedence = workspace.findChild(PrecedenceTab)
    assert precedence is not None
    precedence.view.resizeColumnsToContents()
    precedence.view.selectRow(1)
    shot(window, "precedence")

    workspace.tabs.setCurrentIndex(titles.index("S&eating"))
    seating = workspace.findChild(SeatingTab)
    assert seating is not None
    seating.choose(sample_uuid("opening"), Layout.U_SHAPE)
    shot(window, "seating-u-shape")
    seating.choose(sample_uuid("signing"), Layout.SIGNING_TABLE)
    shot(window, "seating-signing")
    seating.choose(sample_uuid("talks"), Layout.BILATERAL)
    seating.guest.setCurrentIndex(seating.guest.findData(str(sample_uuid("hub-delegation"))))
    shot(window, "seating-bilateral")
    seating.choose(sample_uuid("opening"), Layout.THEATRE)
    shot(window, "seating-theatre")

    dialog = extension.find_duplicates(window)
    assert isinstance(dialog, QWidget)
    shot(dialog, "duplicates")
    dialog.close()
    registers = extension.agreements_register(window)
    assert isinstance(registers, QWidget)
    shot(registers, "agreements-register")
    registers.close()
    gifts = extension.gifts_register(window)
    assert isinstance(gifts, QWidget)
    gifts.set_thresholds({"USD": Decimal(200)})  # type: ignore[attr-defined]
    shot(gifts, "gifts-register")
    gifts.close()
    window.close()
    QApplication.processEvents()


if __name__ == "__main__":
    main()
