"""Lists inside one event's workspace (scope = the event id) and their detail lists.

Each reads through its listing in ``app.listing.event_workspace``; the model holds ids.
"""

from __future__ import annotations

from typing import Any

from app.listing import event_workspace as listings
from app.model import (
    AgreementParty,
    AgreementStatusChange,
    Delegation,
    DelegationMember,
    EventOrganiser,
    EventRelation,
    Gift,
    ProgrammeItem,
    Signatory,
    SigningCeremony,
    SpeakingRole,
    Witness,
)
from ui.models.base import RecordTableModel


class ProgrammeModel(RecordTableModel):
    """The programme by day, with times, rooms and speakers; natural order is the agenda."""

    item_names = ("item", "items")
    headers = ("Day", "Time", "Title", "Kind", "Place", "Speakers")
    record_kind = ProgrammeItem
    listing = listings.ProgrammeListing
    scoped = True
    shows = frozenset({"SpeakingRole", "Person"})


class DelegationsModel(RecordTableModel):
    item_names = ("delegation", "delegations")
    headers = ("Delegation", "Head", "Members", "Status", "Hotel")
    right_aligned = frozenset({2})
    record_kind = Delegation
    listing = listings.DelegationsListing
    scoped = True
    shows = frozenset({"DelegationMember", "Person", "Organisation"})


class MembersModel(RecordTableModel):
    """Members of one delegation (scope = delegation id): head first, then notified order."""

    item_names = ("member", "members")
    headers = ("Name", "Role", "Native name", "Position")
    record_kind = DelegationMember
    listing = listings.MembersListing
    scoped = True
    shows = frozenset({"Person", "Delegation"})
    sortable = False

    def notified_order(self) -> list[Any]:
        """Person ids in the stored notified order (the head is not moved first here)."""
        return list(self._ids)

    def is_head(self, row: int) -> bool:
        key = self.record_id(row)
        source = self._source
        assert isinstance(source, listings.MembersListing)
        return key is not None and source.is_head(key)


class SpeakersModel(RecordTableModel):
    item_names = ("speaker", "speakers")
    headers = ("Speaker", "Role", "Programme item", "Topic", "Minutes", "Status")
    right_aligned = frozenset({4})
    record_kind = SpeakingRole
    listing = listings.SpeakersListing
    scoped = True
    shows = frozenset({"Person", "ProgrammeItem"})


class CeremoniesModel(RecordTableModel):
    item_names = ("ceremony", "ceremonies")
    headers = ("Agreement", "When", "Programme item", "Signatories")
    record_kind = SigningCeremony
    listing = listings.CeremoniesListing
    scoped = True
    shows = frozenset({"Signatory", "Agreement", "ProgrammeItem", "Person"})


class PartiesModel(RecordTableModel):
    """Parties of one agreement (scope = agreement id), in their listed order."""

    item_names = ("party", "parties")
    headers = ("Party", "Kind")
    record_kind = AgreementParty
    listing = listings.PartiesListing
    scoped = True
    shows = frozenset({"Organisation"})


class SignatoriesModel(RecordTableModel):
    """Signatories of one ceremony (scope = ceremony id)."""

    item_names = ("signatory", "signatories")
    headers = ("Signatory", "Signs for", "Seat")
    record_kind = Signatory
    listing = listings.SignatoriesListing
    scoped = True
    shows = frozenset({"Person", "AgreementParty", "Organisation"})


class WitnessesModel(RecordTableModel):
    """Witnesses of one ceremony (scope = ceremony id)."""

    item_names = ("witness", "witnesses")
    headers = ("Witness", "Role", "Position")
    record_kind = Witness
    listing = listings.WitnessesListing
    scoped = True
    shows = frozenset({"Person"})


class StatusHistoryModel(RecordTableModel):
    """An agreement's status changes (scope = agreement id), oldest first."""

    item_names = ("change", "changes")
    headers = ("Changed", "From", "To", "Reason")
    record_kind = AgreementStatusChange
    listing = listings.StatusHistoryListing
    scoped = True
    sortable = False


class GiftsModel(RecordTableModel):
    item_names = ("gift", "gifts")
    headers = ("Description", "Direction", "Giver", "Recipient", "Value", "Disposition")
    right_aligned = frozenset({4})
    record_kind = Gift
    listing = listings.GiftsListing
    scoped = True
    shows = frozenset({"Person", "Organisation"})


class OrganisersModel(RecordTableModel):
    """The organisations organising one event (scope = event id), in their order."""

    item_names = ("organiser", "organisers")
    headers = ("Organiser", "Role")
    record_kind = EventOrganiser
    listing = listings.OrganisersListing
    scoped = True
    shows = frozenset({"Organisation"})


class RelatedEventsModel(RecordTableModel):
    """Events linked to one event (scope = event id): 'timed to coincide with' a summit."""

    item_names = ("related event", "related events")
    headers = ("Relation", "Event", "Place")
    record_kind = EventRelation
    listing = listings.RelatedEventsListing
    scoped = True
    shows = frozenset({"Event"})
