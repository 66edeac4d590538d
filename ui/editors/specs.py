"""The fields each record kind shows in its editor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.model import (
    Agreement,
    AgreementParty,
    Base,
    Delegation,
    DelegationMember,
    Event,
    EventOrganiser,
    EventRelation,
    Gift,
    Organisation,
    Person,
    ProgrammeItem,
    Signatory,
    SigningCeremony,
    SpeakingRole,
    Witness,
)
from app.model.enums import (
    AgreementKind,
    DatePrecision,
    DelegationRole,
    DelegationStatus,
    EventKind,
    EventStatus,
    GiftDirection,
    GiftDisposition,
    OrganisationKind,
    ProgrammeItemKind,
    SpeakingRoleKind,
    SpeakingStatus,
)
from ui.context import DataContext
from ui.editors.fields import Field
from ui.models.base import RecordTableModel
from ui.models.event_models import PartiesModel, ProgrammeModel
from ui.models.lists import (
    AgreementsModel,
    CountriesModel,
    EventsModel,
    OrganisationsModel,
    PeopleModel,
)


def people(context: DataContext, _scope: dict[str, Any]) -> RecordTableModel:
    return PeopleModel(context)


def organisations(context: DataContext, _scope: dict[str, Any]) -> RecordTableModel:
    return OrganisationsModel(context)


def countries(context: DataContext, _scope: dict[str, Any]) -> RecordTableModel:
    return CountriesModel(context)


def events(context: DataContext, _scope: dict[str, Any]) -> RecordTableModel:
    return EventsModel(context)


def agreements(context: DataContext, _scope: dict[str, Any]) -> RecordTableModel:
    return AgreementsModel(context)


def programme(context: DataContext, scope: dict[str, Any]) -> RecordTableModel:
    return ProgrammeModel(context, scope.get("event_id"))


def parties(context: DataContext, scope: dict[str, Any]) -> RecordTableModel:
    return PartiesModel(context, scope.get("agreement_id"))


@dataclass(frozen=True)
class EditorSpec:
    model: type[Base]
    title: str
    fields: tuple[Field, ...]
    # Values the record gets from where it is created (the event, the agreement...).
    fixed_names: tuple[str, ...] = ()
    defaults: dict[str, Any] = field(default_factory=dict)
    make_command: Callable[..., Any] | None = None


def _f(name: str, label: str, kind: str = "text", **options: Any) -> Field:
    return Field(name, label, kind, **options)


SPECS: dict[type[Base], EditorSpec] = {
    Event: EditorSpec(
        Event,
        "Event",
        (
            _f("title", "Title"),
            _f("theme", "Theme", "multiline"),
            _f("kind", "Kind", "choice", choices=EventKind),
            _f("status", "Status", "choice", choices=EventStatus),
            _f("auspices", "Under the auspices of"),
            _f("host_country_id", "Host country", "ref", ref=countries),
            _f("city", "City"),
            _f("venue", "Venue"),
            # The precision box sits before the start date and is the date_precision field.
            _f("start_date", "Starts on", "date", extra={"precision": "date_precision"}),
            _f("end_date", "Ends on", "date", extra={"precision_of": "start_date"}),
            _f("duration_days", "Duration (days)", "int"),
            _f("timezone", "Time zone", "timezone"),
            _f("expected_participants", "Expected participants", "int"),
            _f("expected_countries", "Expected countries", "int"),
            _f("participation_note", "Participation note"),
            _f("classification", "Classification"),
            _f("description", "Description", "multiline"),
        ),
        defaults={"date_precision": DatePrecision.DAY.value},
    ),
    ProgrammeItem: EditorSpec(
        ProgrammeItem,
        "Programme item",
        (
            _f("title", "Title"),
            _f("kind", "Kind", "choice", choices=ProgrammeItemKind),
            _f("day_number", "Day", "int"),
            _f("starts_at", "Starts at", "datetime"),
            _f("ends_at", "Ends at", "datetime"),
            _f("place", "Room / place"),
            _f("chair_id", "Chair", "ref", ref=people),
            _f("dress_code", "Dress code"),
            _f("sort_order", "Order within the day", "int"),
            _f("description", "Description", "multiline"),
        ),
        fixed_names=("event_id",),
        defaults={"kind": ProgrammeItemKind.PLENARY.value},
    ),
    SpeakingRole: EditorSpec(
        SpeakingRole,
        "Speaker",
        (
            _f("programme_item_id", "Programme item", "ref", ref=programme),
            _f("person_id", "Speaker", "ref", ref=people),
            _f("role", "Role", "choice", choices=SpeakingRoleKind),
            _f("topic", "Topic"),
            _f("planned_minutes", "Planned minutes", "int"),
            _f("status", "Status", "choice", choices=SpeakingStatus),
        ),
    ),
    Person: EditorSpec(
        Person,
        "Person",
        (
            _f("honorific", "Honorific", placeholder="e.g. H.E. Mr"),
            _f("given_names", "Given names"),
            _f("family_name", "Family name"),
            _f("family_name_first", "Family name written first", "bool"),
            _f("native_name", "Name in own script"),
            _f("alt_spellings", "Other spellings", "list"),
            _f("position", "Position"),
            _f("organisation_id", "Organisation", "ref", ref=organisations),
            _f("country_id", "Country", "ref", ref=countries),
            _f("languages", "Languages", "list"),
            _f("interpreter_needed", "Needs an interpreter", "bool"),
            _f("pronunciation", "Pronunciation"),
            _f("email", "E-mail"),
            _f("phone", "Phone"),
            _f("dietary_needs", "Dietary needs"),
            _f("accessibility_needs", "Accessibility needs"),
            _f("biography", "Biography", "multiline"),
            _f("notes", "Notes", "multiline"),
        ),
    ),
    Organisation: EditorSpec(
        Organisation,
        "Organisation",
        (
            _f("name", "Name"),
            _f("acronym", "Acronym"),
            _f("native_name", "Name in own script"),
            _f("alt_names", "Other names", "list"),
            _f("kind", "Kind", "choice", choices=OrganisationKind),
            _f("country_id", "Country", "ref", ref=countries),
            _f("parent_id", "Part of", "ref", ref=organisations),
            _f("founded_year", "Founded in", "int"),
            _f("notes", "Notes", "multiline"),
        ),
    ),
    Delegation: EditorSpec(
        Delegation,
        "Delegation",
        (
            _f("country_id", "Country", "ref", ref=countries),
            _f("organisation_id", "Organisation", "ref", ref=organisations),
            _f("name", "Name (if neither says it)"),
            _f("status", "Status", "choice", choices=DelegationStatus),
            _f("arrival_at", "Arrives", "datetime"),
            _f("departure_at", "Departs", "datetime"),
            _f("hotel", "Hotel"),
            _f("liaison_officer_id", "Liaison officer", "ref", ref=people),
            _f("notes", "Notes", "multiline"),
        ),
        fixed_names=("event_id",),
    ),
    DelegationMember: EditorSpec(
        DelegationMember,
        "Delegation member",
        (
            _f("person_id", "Person", "ref", ref=people),
            _f("role", "Role", "choice", choices=DelegationRole),
        ),
        defaults={"role": DelegationRole.MEMBER.value},
    ),
    Agreement: EditorSpec(
        Agreement,
        "Agreement",
        (
            _f("title", "Title"),
            _f("kind", "Kind", "choice", choices=AgreementKind),
            _f("event_id", "Signed during", "ref", ref=events),
            _f("languages", "Languages", "list"),
            _f("originals_count", "Originals", "int"),
            _f("signed_on", "Signed on", "date"),
            _f("signed_place", "Signed at"),
            _f("valid_from", "Valid from", "date"),
            _f("valid_until", "Valid until", "date"),
            _f("validity_note", "Validity note"),
            _f("areas", "Areas of cooperation", "list"),
            _f("notes", "Notes", "multiline"),
        ),
    ),
    AgreementParty: EditorSpec(
        AgreementParty,
        "Party",
        (
            _f("country_id", "Country", "ref", ref=countries),
            _f("organisation_id", "or organisation", "ref", ref=organisations),
            _f("sort_order", "Position in the list", "int"),
        ),
        fixed_names=("agreement_id",),
    ),
    SigningCeremony: EditorSpec(
        SigningCeremony,
        "Signing ceremony",
        (
            _f("agreement_id", "Agreement", "ref", ref=agreements),
            _f("programme_item_id", "Programme item", "ref", ref=programme),
            _f("notes", "Notes", "multiline"),
        ),
        fixed_names=("event_id",),
    ),
    Signatory: EditorSpec(
        Signatory,
        "Signatory",
        (
            _f("person_id", "Signatory", "ref", ref=people),
            _f("party_id", "Signs for", "ref", ref=parties),
            _f("seat", "Seat"),
            _f("sort_order", "Order", "int"),
            _f("aide_person_id", "Aide behind the signatory", "ref", ref=people),
        ),
        fixed_names=("ceremony_id",),
    ),
    EventOrganiser: EditorSpec(
        EventOrganiser,
        "Organiser",
        (
            _f("organisation_id", "Organisation", "ref", ref=organisations),
            _f("role", "Role", placeholder="e.g. host, co-organiser, under the auspices of"),
            _f("sort_order", "Order", "int"),
        ),
        fixed_names=("event_id",),
    ),
    EventRelation: EditorSpec(
        EventRelation,
        "Related event",
        (
            _f("related_event_id", "Related event", "ref", ref=events),
            _f("relation", "Relation", placeholder="e.g. timed to coincide with"),
        ),
        fixed_names=("event_id",),
    ),
    Witness: EditorSpec(
        Witness,
        "Witness",
        (
            _f("person_id", "Witness", "ref", ref=people),
            _f("role", "Role", placeholder="e.g. Minister of Foreign Affairs"),
        ),
        fixed_names=("ceremony_id",),
    ),
    Gift: EditorSpec(
        Gift,
        "Gift",
        (
            _f("description", "Description", "multiline"),
            _f("direction", "Direction", "choice", choices=GiftDirection),
            _f("giver_person_id", "Given by (person)", "ref", ref=people),
            _f("giver_organisation_id", "Given by (organisation)", "ref", ref=organisations),
            _f("recipient_person_id", "Received by (person)", "ref", ref=people),
            _f(
                "recipient_organisation_id",
                "Received by (organisation)",
                "ref",
                ref=organisations,
            ),
            _f("estimated_value", "Estimated value", "decimal"),
            _f("currency", "Currency", placeholder="e.g. EUR"),
            _f("given_on", "Given on", "date"),
            _f("disposition", "Disposition", "choice", choices=GiftDisposition),
            _f("notes", "Notes", "multiline"),
        ),
        fixed_names=("event_id",),
    ),
}
