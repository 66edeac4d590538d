"""Renders the Briefing tab offscreen for the docs: ``python -m ui.briefing.screenshot OUT.png``.

The sample seminar goes into a throw-away database; the whole-event pack is built
with a classification marking and the preview turned to its delegations.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    target = Path(argv[0] if argv else "docs/screenshots/briefing-tab.png")
    with tempfile.TemporaryDirectory(prefix="protocol-desk-shot-") as folder:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
        from app.db import open_database
        from app.seed.sample import load_sample, sample_uuid
        from ui.briefing.tab import BriefingTab
        from ui.main_window import MainWindow

        database = open_database(Path(folder) / "sample.sqlite")
        with database.transaction() as session:
            load_sample(session)
        window = MainWindow()
        window.resize(1360, 900)
        window.set_database(database, str(database.url))
        window.show()
        workspace = window.open_event(sample_uuid("seminar"))
        assert workspace is not None
        titles = [workspace.tabs.tabText(i) for i in range(workspace.tabs.count())]
        workspace.tabs.setCurrentIndex(titles.index("&Briefing"))
        app.processEvents()
        tab = workspace.findChild(BriefingTab)
        assert tab is not None
        tab.classification.setText("RESTRICTED")
        tab.build()
        while tab.is_building:
            app.processEvents()
        preview = tab.preview
        model = preview.bookmarks
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            if index.data() == "Delegations":
                preview.tree.setCurrentIndex(index)
                preview.go_to(index)
        for _ in range(30):
            app.processEvents()
        target.parent.mkdir(parents=True, exist_ok=True)
        workspace.grab().save(str(target))
        window.close()
        database.close()
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
