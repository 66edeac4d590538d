"""Data in and out in the desktop app: participant import, exports, backup and restore.

``ui.io.menus`` registers the File menu entries; everything else is imported when an
entry is used, so the window still shows before SQLAlchemy is loaded.
"""
