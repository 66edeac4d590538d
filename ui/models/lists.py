"""The main lists: people, organisations, events, agreements, countries.

Each reads through its listing in ``app.listing.directory``; the model holds ids.
"""

from __future__ import annotations

from app.listing.directory import (
    AgreementsListing,
    CountriesListing,
    OrganisationsListing,
    PeopleListing,
)
from app.model import Agreement, Country, Organisation, Person
from ui.models.base import RecordTableModel

# EventsModel lives in its own ORM-free module (the first list at start-up).
from ui.models.events_list import EventsModel as EventsModel


class PeopleModel(RecordTableModel):
    item_names = ("person", "people")
    headers = ("Name", "Native name", "Position", "Organisation", "Country")
    record_kind = Person
    listing = PeopleListing
    shows = frozenset({"Organisation"})


class OrganisationsModel(RecordTableModel):
    item_names = ("organisation", "organisations")
    headers = ("Name", "Acronym", "Native name", "Kind", "Country")
    record_kind = Organisation
    listing = OrganisationsListing


class AgreementsModel(RecordTableModel):
    item_names = ("agreement", "agreements")
    headers = ("Title", "Kind", "Status", "Signed on", "Event")
    record_kind = Agreement
    listing = AgreementsListing
    shows = frozenset({"Event", "AgreementStatusChange"})


class CountriesModel(RecordTableModel):
    item_names = ("country", "countries")
    headers = ("Country", "Code")
    record_kind = Country
    listing = CountriesListing
