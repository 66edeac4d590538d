"""The events list: the first list the window shows, so it is read without the ORM
(``app.listing.events`` reads it with SQLAlchemy Core on a lightweight table clause)."""

from __future__ import annotations

from app.listing.events import EventsListing
from ui.models.base import RecordTableModel


class EventsModel(RecordTableModel):
    item_names = ("event", "events")
    headers = ("Title", "Dates", "City", "Kind", "Status")
    record_kind_name = "Event"
    listing = EventsListing
    shows = frozenset({"Country"})
