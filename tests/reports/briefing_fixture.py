"""A multi-script event for briefing tests: names in every script the pack must print."""

from __future__ import annotations

import hashlib
import io
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from PIL import Image
from sqlalchemy.orm import Session

from app.model import (
    Agreement,
    AgreementParty,
    Delegation,
    Event,
    Gift,
    Organisation,
    Person,
    ProgrammeItem,
    Signatory,
    SigningCeremony,
    SpeakingRole,
    StoredFile,
    Witness,
    country_uuid,
)
from app.services import records
from app.services.delegations import add_member

# (given, family, family first, native, country) — the native forms are what must print.
PEOPLE = {
    "greek": ("Eleftherios", "Venizelos", False, "Ελευθέριος Βενιζέλος", "GRC"),
    "kazakh": ("Kassym-Jomart", "Tokayev", False, "Қасым-Жомарт Тоқаев", "KAZ"),
    "chinese": ("Yi", "Wang", True, "王毅", "CHN"),
    "japanese": ("Sakura", "Sato", True, "佐藤 さくら", "JPN"),
    "korean": ("Jae-in", "Moon", True, "문재인", "KOR"),
    "arabic": ("Mohammed", "bin Salman", False, "محمد بن سلمان", "SAU"),
    "hindi": ("Narendra", "Modi", False, "नरेन्द्र मोदी", "IND"),
    "latin": ("François", "Müller-Łęcki", False, None, "FRA"),
    "portuguese": ("João", "São Tomé", False, None, "BRA"),
}
LATIN_NAMES = ["François MÜLLER-ŁĘCKI", "João SÃO TOMÉ", "Eleftherios VENIZELOS"]
NATIVE_READABLE = [
    "Ελευθέριος Βενιζέλος",
    "Қасым-Жомарт Тоқаев",
    "王毅",
    "佐藤 さくら",
    "문재인",
]
ARABIC = "محمد بن سلمان"
DEVANAGARI = "नरेन्द्र मोदी"
MARKUP = ["AT&T <Holdings>", "O'Neil & Sons"]
UNCOVERED = "\U00013000"  # an Egyptian hieroglyph: no font we ship draws it


@dataclass
class MultiScript:
    event_id: uuid.UUID
    people: dict[str, uuid.UUID] = field(default_factory=dict)
    delegations: dict[str, uuid.UUID] = field(default_factory=dict)


def png_photo(colour: tuple[int, int, int] = (90, 120, 160)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (240, 300), colour).save(out, "PNG")
    return out.getvalue()


def stored(session: Session, name: str, content: bytes, media_type: str) -> StoredFile:
    return records.create(
        session,
        StoredFile,
        filename=name,
        media_type=media_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
    )


def build_multiscript(session: Session) -> MultiScript:
    event = records.create(
        session,
        Event,
        title="Forum on Multilingual Cooperation",
        theme="Names in every script — AT&T <Holdings> & partners",
        kind="forum",
        host_country_id=country_uuid("KAZ"),
        city="Astana",
        venue="Palace of Independence",
        start_date=date(2027, 6, 14),
        end_date=date(2027, 6, 15),
        date_precision="day",
        classification="RESTRICTED",
        description="A fixture event whose participants write their names in many scripts.",
    )
    fixture = MultiScript(event.id)
    broken_photo = stored(session, "broken.jpg", b"\xff\xd8\xff not really a jpeg", "image/jpeg")
    acme = records.create(session, Organisation, name="AT&T <Holdings>", kind="other")
    oneil = records.create(session, Organisation, name="O'Neil & Sons", kind="other")
    for index, (key, (given, family, first, native, country)) in enumerate(PEOPLE.items()):
        good_photo = stored(
            session, f"{key}.png", png_photo((60 + 15 * index, 110, 170 - 10 * index)), "image/png"
        )
        person = records.create(
            session,
            Person,
            honorific="H.E. Mr" if key != "japanese" else "Ms",
            given_names=given,
            family_name=family,
            family_name_first=first,
            native_name=native,
            country_id=country_uuid(country),
            position=f"Minister of Foreign Affairs ({country})",
            photo_id=(broken_photo if key == "korean" else good_photo).id,
            languages=["en"],
            biography=(
                f"Biography of {given} {family}. Hieroglyph {UNCOVERED} kept visible."
                if key == "latin"
                else None
            ),
            organisation_id=acme.id if key == "latin" else oneil.id if key == "kazakh" else None,
        )
        fixture.people[key] = person.id
        delegation = records.create(
            session,
            Delegation,
            event_id=event.id,
            country_id=country_uuid(country),
            hotel="Hotel “Ritz & Co” <Main building>",
        )
        add_member(session, delegation.id, person.id, role="head")
        fixture.delegations[key] = delegation.id
    liaison = records.create(
        session, Person, given_names="Aigerim", family_name="Nurlanqyzy", phone="+7 700 000 00 00"
    )
    records.update(
        session, Delegation, fixture.delegations["arabic"], liaison_officer_id=liaison.id
    )

    day1 = datetime(2027, 6, 14, 9, 30)
    opening = records.create(
        session,
        ProgrammeItem,
        event_id=event.id,
        title="Opening plenary",
        kind="opening ceremony",
        starts_at=day1,
        ends_at=day1.replace(hour=10, minute=30),
        place="Main hall",
        dress_code="Business attire",
        chair_id=fixture.people["kazakh"],
    )
    for order, key in enumerate(("arabic", "hindi", "chinese")):
        records.create(
            session,
            SpeakingRole,
            programme_item_id=opening.id,
            person_id=fixture.people[key],
            role="speech",
            topic=f"Cooperation — {key}",
            planned_minutes=10,
            sort_order=order,
            status="confirmed",
        )
    bilateral = records.create(
        session,
        ProgrammeItem,
        event_id=event.id,
        title="Bilateral meeting Greece – Korea",
        kind="bilateral meeting",
        starts_at=day1.replace(hour=11),
        ends_at=day1.replace(hour=11, minute=45),
    )
    for key in ("greek", "korean"):
        records.create(
            session,
            SpeakingRole,
            programme_item_id=bilateral.id,
            person_id=fixture.people[key],
            role="speech",
            status="confirmed",
        )
    signing = records.create(
        session,
        ProgrammeItem,
        event_id=event.id,
        title="Signing ceremony",
        kind="signing ceremony",
        starts_at=datetime(2027, 6, 15, 16, 0),
        place="Hall of Flags",
    )
    agreement = records.create(
        session,
        Agreement,
        title="Memorandum on cultural cooperation",
        kind="memorandum",
        status="agreed",
        event_id=event.id,
        languages=["English", "Japanese", "Portuguese"],
        originals_count=3,
    )
    parties = [
        records.create(
            session,
            AgreementParty,
            agreement_id=agreement.id,
            country_id=country_uuid(c),
            sort_order=i,
        )
        for i, c in enumerate(("JPN", "BRA"))
    ]
    ceremony = records.create(
        session,
        SigningCeremony,
        event_id=event.id,
        programme_item_id=signing.id,
        agreement_id=agreement.id,
    )
    for i, (key, party) in enumerate(zip(("japanese", "portuguese"), parties, strict=True)):
        records.create(
            session,
            Signatory,
            ceremony_id=ceremony.id,
            person_id=fixture.people[key],
            party_id=party.id,
            sort_order=i,
            seat="L" if i == 0 else "R",
        )
    records.create(
        session, Witness, ceremony_id=ceremony.id, person_id=fixture.people["latin"], role="host"
    )
    records.create(
        session,
        Gift,
        event_id=event.id,
        description="Silver bowl from O'Neil & Sons",
        direction="given",
        giver_organisation_id=oneil.id,
        recipient_person_id=fixture.people["arabic"],
    )
    return fixture
