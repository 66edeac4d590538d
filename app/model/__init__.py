"""The domain model: every record kind Protocol Desk keeps."""

from app.model.agreements import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    AgreementStatusChange,
    Signatory,
    SigningCeremony,
    Witness,
)
from app.model.base import Base, RecordMixin, utc_now
from app.model.delegations import Delegation, DelegationMember
from app.model.events import Event, EventOrganiser, EventRelation, ProgrammeItem, SpeakingRole
from app.model.files import StoredFile
from app.model.gifts import Gift
from app.model.journal import (
    change_event_table,
    change_table,
    operation_table,
    printed_pack_table,
)
from app.model.people import Person
from app.model.protocol import DistinctPeople, OfficeSetting, PrecedenceSetting, SeatingPlanRecord
from app.model.reference import Country, Organisation, country_uuid

__all__ = [
    "Agreement",
    "AgreementDocument",
    "AgreementParty",
    "AgreementStatusChange",
    "Base",
    "Country",
    "Delegation",
    "DelegationMember",
    "DistinctPeople",
    "Event",
    "EventOrganiser",
    "EventRelation",
    "Gift",
    "OfficeSetting",
    "Organisation",
    "Person",
    "PrecedenceSetting",
    "ProgrammeItem",
    "RecordMixin",
    "SeatingPlanRecord",
    "Signatory",
    "SigningCeremony",
    "SpeakingRole",
    "StoredFile",
    "Witness",
    "change_event_table",
    "change_table",
    "country_uuid",
    "operation_table",
    "printed_pack_table",
    "utc_now",
]
