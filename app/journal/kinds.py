"""Kinds of operation in the journal (kept apart so that importing them is free)."""

EDIT, UNDO, REDO, REVERT = "edit", "undo", "redo", "revert"
