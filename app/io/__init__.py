"""Data in and out: participant import, exports (XLSX, CSV, iCalendar, vCard), backup.

Qt-free; the desktop app drives the same functions, passing a :class:`TaskState` to
follow progress and to cancel long work.
"""
