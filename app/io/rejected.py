"""The rows an import left out, written beside the original for correction and re-import."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from app.io.participants import RowOutcome
from app.io.tabular import Table

ERROR_COLUMN = "error"


def rejected_path(original: Path | str) -> Path:
    """``list.xlsx`` -> ``list.rejected.csv`` in the same folder."""
    original = Path(original)
    return original.with_name(f"{original.stem}.rejected.csv")


def write_rejected(table: Table, rejected: list[RowOutcome], original: Path | str) -> Path:
    """Every original column of each rejected row, then what is wrong with it.

    The file holds people's personal data, so it is made readable by the user only;
    it is written under a temporary name and renamed, so a failure leaves no half file.
    Cells are kept exactly as read: once corrected, the file imports like the original
    (the import ignores the error column).
    """
    target = rejected_path(original)
    errors = {o.row: "; ".join(o.errors) for o in rejected}
    header = ERROR_COLUMN if ERROR_COLUMN not in table.headers else f"{ERROR_COLUMN} (import)"
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            rows = [r for r in table.rows if r.number in errors]
            # A row longer than the header row keeps its extra cells, under no header.
            width = max([len(table.headers), *(len(r.cells) for r in rows)])
            writer.writerow([*_padded(table.headers, width), header])
            for row in rows:
                writer.writerow([*_padded(row.cells, width), errors[row.number]])
        os.chmod(temporary, 0o600)  # an existing file of that name kept its old mode
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def _padded(cells: list[str], width: int) -> list[str]:
    return cells + [""] * (width - len(cells))
