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


# English month names, fixed: calendar.month_name follows the process locale, which Qt
# sets from the user's environment, and typed dates must parse the same everywhere.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# How each DatePrecision reads beside the date it qualifies.
PRECISION_LABELS = {
    "day": "Exact day",
    "month": "Month only",
    "year": "Year only",
    "unknown": "Not known yet",
}


def format_date(value: date | None, precision: str = "day") -> str:
    """A date written out as far as ``precision`` knows it: '3 February 2027',
    'February 2027', '2027'; the inverse of the core's ``parse_date``."""
    if value is None or precision == "unknown":
        return ""
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return f"{MONTHS[value.month - 1]} {value.year}"
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
