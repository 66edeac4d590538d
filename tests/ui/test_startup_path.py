"""The first list shows before the ORM is imported, and reads the same columns."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.listing.events import EVENT_COLUMNS
from app.model import Event

ROOT = Path(__file__).resolve().parents[2]


def test_event_columns_exist_in_the_model_table() -> None:
    table = Event.__table__
    for column in EVENT_COLUMNS.c:
        assert column.name in table.c, column.name
        model_type = table.c[column.name].type
        if column.name != "deleted_at":
            assert column.type._type_affinity is model_type._type_affinity, column.name


SCRIPT = """
import sys
from app.db import open_database
from ui.application import create_application
from ui.main_window import MainWindow
from ui.warmup import WarmUp

# The warm-up starts 50 ms after the list is shown; on a loaded machine processEvents()
# below can take longer than that, and the warm-up's ORM import was taken for the list's.
# finish() below still loads everything, as the warm-up would.
WarmUp.start = lambda self, delay_ms=0: None

app = create_application()
window = MainWindow()
window.show()
window.set_database(open_database(sys.argv[1]), sys.argv[1])
app.processEvents()
panel = window.pages["Events"].panel
print(panel.model.rowCount(), *panel.model.row_values(0)[:2], sep="\\t")
print("orm" if "sqlalchemy.orm" in sys.modules else "no-orm")
print("model" if "app.model" in sys.modules else "no-model")
window.warm_up.finish()
print("orm" if "sqlalchemy.orm" in sys.modules else "no-orm")
window.close()
"""


def test_events_list_shows_before_the_orm_is_imported(sample_db, tmp_path: Path) -> None:
    path = sample_db.url.removeprefix("sqlite:///")
    sample_db.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, path],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=True,
    ).stdout.splitlines()
    count, title, dates = out[0].split("\t")
    assert int(count) >= 1
    assert title
    assert any(char.isdigit() for char in dates)
    assert out[1:] == ["no-orm", "no-model", "orm"]
