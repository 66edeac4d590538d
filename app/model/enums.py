"""Closed vocabularies of the domain. Stored as their string values."""

from __future__ import annotations

from enum import StrEnum


class OrganisationKind(StrEnum):
    GOVERNMENT_BODY = "government body"
    ACADEMY = "academy"
    INTERNATIONAL_ORGANISATION = "international organisation"
    NGO = "NGO"
    OTHER = "other"


class EventKind(StrEnum):
    SEMINAR = "seminar"
    CONFERENCE = "conference"
    SUMMIT = "summit"
    OFFICIAL_VISIT = "official visit"
    STATE_VISIT = "state visit"
    WORKING_VISIT = "working visit"
    MEETING = "meeting"
    FORUM = "forum"
    CEREMONY = "ceremony"
    OTHER = "other"


class EventStatus(StrEnum):
    PLANNED = "planned"
    CONFIRMED = "confirmed"
    HELD = "held"
    CANCELLED = "cancelled"


class DatePrecision(StrEnum):
    """How much of an event's dates is known; lets the app say 'September 2017' honestly."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


class ProgrammeItemKind(StrEnum):
    OPENING_CEREMONY = "opening ceremony"
    CLOSING_CEREMONY = "closing ceremony"
    PLENARY = "plenary"
    PANEL = "panel"
    BILATERAL_MEETING = "bilateral meeting"
    SIGNING_CEREMONY = "signing ceremony"
    PRESS_CONFERENCE = "press conference"
    RECEPTION = "reception"
    MEAL = "meal"
    VISIT = "visit"
    TRANSFER = "transfer"
    BREAK = "break"
    OTHER = "other"


class SpeakingRoleKind(StrEnum):
    OPENING_REMARKS = "opening remarks"
    KEYNOTE = "keynote"
    SPEECH = "speech"
    PANELLIST = "panellist"
    MODERATOR = "moderator"
    CHAIR = "chair"
    CLOSING_REMARKS = "closing remarks"


class SpeakingStatus(StrEnum):
    INVITED = "invited"
    CONFIRMED = "confirmed"
    DECLINED = "declined"


class DelegationRole(StrEnum):
    HEAD = "head"
    DEPUTY = "deputy"
    MEMBER = "member"
    ADVISER = "adviser"
    INTERPRETER = "interpreter"
    SECURITY = "security"
    PRESS = "press"


class DelegationStatus(StrEnum):
    INVITED = "invited"
    CONFIRMED = "confirmed"
    ARRIVED = "arrived"
    DEPARTED = "departed"
    DECLINED = "declined"


class AgreementKind(StrEnum):
    MEMORANDUM = "memorandum"
    AGREEMENT = "agreement"
    PROTOCOL = "protocol"
    JOINT_DECLARATION = "joint declaration"
    JOINT_STATEMENT = "joint statement"
    TREATY = "treaty"
    PROGRAMME = "programme of cooperation"
    OTHER = "other"


class AgreementStatus(StrEnum):
    DRAFT = "draft"
    NEGOTIATING = "negotiating"
    AGREED = "agreed"
    SIGNED = "signed"
    IN_FORCE = "in force"
    EXPIRED = "expired"
    TERMINATED = "terminated"


class GiftDirection(StrEnum):
    """Seen from the office that keeps the database."""

    GIVEN = "given"
    RECEIVED = "received"
    EXCHANGED = "exchanged between guests"


class GiftDisposition(StrEnum):
    PENDING = "pending"
    RETAINED_BY_PERSON = "retained by the person"
    RETAINED_BY_OFFICE = "retained by the office"
    DISPLAYED = "displayed"
    ARCHIVED = "archived"
    DECLARED = "declared"
