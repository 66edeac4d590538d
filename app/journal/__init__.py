"""The change journal: every write is a named operation, kept with who, when, and
each field's value before and after; undo, redo and revert are computed from it.

Submodules are imported where used, so that opening a database (which needs only
``identity``) does not pull in the ORM before the desktop shows its first list.
"""
