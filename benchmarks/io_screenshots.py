"""Render the participant import assistant's pages offscreen into docs/screenshots/import-*.png.

    python benchmarks/io_screenshots.py

A temporary database (the sample seminar) and temporary settings; the participant
lists are written on the fly with Python's csv module, as an embassy's Excel would.
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"

CYRILLIC = [
    ["Делегация", "Роль", "Фамилия", "Имя", "Должность", "Телефон"],
    ["Russia", "member", "Рябков", "Сергей", "Заместитель министра", "+7 499 244 16 07"],
    ["Belarus", "head", "Макей", "Владимир", "Министр иностранных дел", "+375 17 327 29 22"],
    ["Russia", "head", "Лавров", "Сергей", "Министр иностранных дел", "+7 499 244 16 06"],
]
MIXED = [
    [
        "Delegation",
        "Role",
        "Title",
        "Given name",
        "Surname",
        "Name in native script",
        "Position",
        "Cell",
        "Arrival",
    ],
    [
        "China",
        "head",
        "H.E.",
        "Jiantang",
        "Ma",
        "马建堂",
        "Executive Vice-President",
        "+86 10 6892 8000",
        "2017-08-30 14:20",
    ],
    [
        "China",
        "adviser",
        "Ms",
        "Li",
        "Wang",
        "王丽",
        "Director, International Cooperation",
        "+86 10 6892 8001",
        "2017-08-30 14:20",
    ],
    [
        "Kazakhstan — Regional Hub of Civil Service in Astana",
        "head",
        "Mr",
        "Alikhan",
        "Baimenov",
        "Әлихан Бәйменов",
        "Chairman of the Steering Committee",
        "+7 7172 55 00 00",
        "",
    ],
    [
        "Saudi Arabia",
        "head",
        "H.R.H.",
        "Faisal",
        "bin Farhan",
        "فيصل بن فرحان",
        "Minister of Foreign Affairs",
        "+966 11 406 7777",
        "2017-08-31 09:05",
    ],
    ["India", "member", "Shri", "Narendra", "", "नरेन्द्र मोदी", "Prime Minister", "", ""],
    ["Atlantis", "member", "", "Nemo", "Captain", "", "", "", ""],
    ["France", "adviser", "Mme", "Amélie", "Durand", "", "Conseillère", "", "next Tuesday"],
]


def main() -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QWidget

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    from app.db import open_database
    from app.seed.sample import load_sample
    from ui.application import create_application
    from ui.context import DataContext
    from ui.fonts import register_fonts
    from ui.io.wizard import ImportWizard

    app = create_application()
    register_fonts(app)
    folder = Path(tempfile.mkdtemp())
    db = open_database(str(folder / "screens.sqlite3"))
    with db.transaction() as session:
        event_id = load_sample(session).event_id
    context = DataContext(db)
    cyrillic = folder / "russia-belarus.csv"
    with cyrillic.open("w", encoding="cp1251", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(CYRILLIC)
    mixed = folder / "seminar-participants.csv"
    with mixed.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(MIXED)
    OUT.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        for _ in range(5):
            app.processEvents()
            time.sleep(0.02)

    def shot(widget: QWidget, name: str) -> None:
        settle()
        widget.grab().save(str(OUT / f"import-{name}.png"))
        print("wrote", OUT / f"import-{name}.png")

    wizard = ImportWizard(context, event_id)
    wizard.show()
    wizard.source.set_path(mixed)
    shot(wizard, "1-file")
    # Russian-language lists still arrive in Windows-1251; read as Latin-1 they are garbage.
    wizard.source.set_path(cyrillic)
    wizard.source.set_encoding("latin-1")
    shot(wizard, "1-file-wrong-encoding")
    wizard.source.set_encoding(None)
    shot(wizard, "1-file-cyrillic")
    # Forced to commas, a semicolon list is one column: visible before going on.
    wizard.source.set_delimiter(",")
    shot(wizard, "1-file-wrong-separator")
    wizard.source.set_delimiter(None)
    wizard.source.set_path(mixed)
    wizard.next()
    wizard.columns.set_field(7, "phone")
    shot(wizard, "2-columns")
    wizard.next()
    while wizard.check.task is not None:
        settle()
    shot(wizard, "3-check-errors")
    wizard.back()
    wizard.back()
    fixed = [row for row in MIXED if row[0] not in {"Atlantis", "France"} and row[4]]
    with mixed.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(fixed)
    wizard.source.load()
    wizard.next()
    wizard.next()
    while wizard.check.task is not None:
        settle()
    shot(wizard, "3-check")
    wizard.next()
    while wizard.currentId() != 3:
        settle()
    shot(wizard, "4-done")
    wizard.close()
    context.close()
    QApplication.processEvents()


if __name__ == "__main__":
    main()
