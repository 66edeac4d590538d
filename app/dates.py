"""Event dates as people read them, kept free of the ORM so the first list can use it."""

from __future__ import annotations

import calendar
from datetime import date

# The values of app.model.enums.DatePrecision (a StrEnum, so they compare equal);
# importing that package would import the ORM.
KNOWN_PRECISIONS = frozenset({"day", "month", "year", "unknown"})


def dates_text(start: date | None, end: date | None, precision: str) -> str:
    """The dates as far as they are known, never inventing a day."""
    if precision not in KNOWN_PRECISIONS:
        raise ValueError(f"unknown date precision: {precision!r}")
    if start is None or precision == "unknown":
        return "dates to be confirmed"
    if precision == "year":
        return f"{start.year} (dates to be confirmed)"
    if precision == "month":
        month = f"{calendar.month_name[start.month]} {start.year}"
        return f"{month} (exact dates to be confirmed)"
    end = end or start
    if end == start:
        return f"{start:%d %B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end:%d %B %Y}"
    return f"{start:%d %B %Y} – {end:%d %B %Y}"
