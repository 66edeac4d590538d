"""Render the main views with the sample seminar offscreen into docs/screenshots/*.png.

    python benchmarks/screenshots.py

Uses a temporary database (the sample plus a few names in other scripts) and
temporary settings; nothing of the user's is read or written.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"

EXTRA_PEOPLE = (
    {
        "honorific": "H.E.",
        "given_names": "Қасым-Жомарт",
        "family_name": "Тоқаев",
        "native_name": "Қасым-Жомарт Тоқаев",
        "position": "President",
        "country": "KAZ",
    },
    {
        "given_names": "Mohammed",
        "family_name": "bin Salman",
        "native_name": "محمد بن سلمان",
        "position": "Crown Prince",
        "country": "SAU",
    },
    {
        "given_names": "Narendra",
        "family_name": "Modi",
        "native_name": "नरेन्द्र मोदी",
        "position": "Prime Minister",
        "country": "IND",
    },
)


def main() -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    from app.db import open_database
    from app.model import Person, country_uuid
    from app.seed.sample import load_sample
    from app.services import records
    from ui.application import create_application
    from ui.fonts import register_fonts
    from ui.main_window import MainWindow

    app = create_application()
    families = register_fonts(app)
    print("fonts:", ", ".join(families))
    db = open_database(str(Path(tempfile.mkdtemp()) / "screens.sqlite3"))
    with db.transaction() as session:
        event_id = load_sample(session).event_id
        for person in EXTRA_PEOPLE:
            fields = {k: v for k, v in person.items() if k != "country"}
            records.create(session, Person, country_id=country_uuid(person["country"]), **fields)
    window = MainWindow()
    window.resize(1280, 780)
    window.show()
    window.set_database(db, "screens.sqlite3")
    OUT.mkdir(parents=True, exist_ok=True)

    def shot(name: str) -> None:
        for _ in range(3):
            app.processEvents()
        window.grab().save(str(OUT / f"{name}.png"))
        print("wrote", OUT / f"{name}.png")

    from ui.views.panel import RecordListPanel

    def select_first(page: object) -> None:
        # Lists size their own columns; select the first row of each master list.
        for panel in page.findChildren(RecordListPanel):  # type: ignore[attr-defined]
            if panel.model.rowCount() and panel.name not in {"members", "signatories"}:
                panel.view.selectRow(0)

    shot("events")
    people = window.show_page("People")
    select_first(people)
    shot("people")
    select_first(window.show_page("Organisations"))
    shot("organisations")
    select_first(window.show_page("Agreements"))
    shot("agreements")
    workspace = window.open_event(event_id)
    assert workspace is not None
    for index, name in enumerate(
        ("overview", "programme", "delegations", "speakers", "signing", "gifts")
    ):
        workspace.tabs.setCurrentIndex(index)
        select_first(workspace.tabs.currentWidget())
        shot(f"event-{name}")
    dialog = window.open_search()
    dialog.box.setText("ma")
    dialog.resize(560, 300)
    app.processEvents()
    dialog.grab().save(str(OUT / "search.png"))
    window.close()
    QApplication.processEvents()


if __name__ == "__main__":
    main()
