"""What the desktop app lists, read here so that every query lives in the core.

The Qt layer holds ids and asks these listings for keys (ids in order, sort keys,
filter keys) and for the display values of the few rows on screen, as named rows.
Soft-deleted rows are hidden by one rule for Core reads (:func:`~app.listing.base.live`)
beside the ORM's in ``app.db.hooks``.

Importing this package stays light: the events list is read before the ORM is loaded.
"""
