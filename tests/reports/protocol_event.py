"""A multilateral test event of fifteen delegations, built through the services on a
real database, with names in Latin, Kazakh Cyrillic, Chinese, Arabic and Devanagari,
photos (one good, one corrupt), a chaired session with speakers, and two agreements
signed at a ceremony."""

from __future__ import annotations

import hashlib
import io
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from PIL import Image, ImageDraw
from sqlalchemy.orm import Session

from app.model import (
    Agreement,
    AgreementParty,
    Delegation,
    Event,
    EventOrganiser,
    Gift,
    Organisation,
    Person,
    ProgrammeItem,
    Signatory,
    SigningCeremony,
    SpeakingRole,
    StoredFile,
    country_uuid,
)
from app.services import records
from app.services.delegations import add_member

EVENT_TITLE = "Astana Forum on Public Service 2027"
PLENARY = "Opening plenary"
SIGNING = "Signing of agreements"

# alpha3, honorific, given, family, family_first, native, head?
HEADS: list[tuple[str, str, str, str, bool, str | None]] = [
    ("KAZ", "H.E. Mr", "Alikhan", "Baimenov", False, "Әлихан Байменов"),
    ("CHN", "H.E. Mr", "Jiantang", "Ma", True, "马建堂"),
    ("SAU", "H.E. Mr", "Mohammed", "Al-Qahtani", False, "محمد القحطاني"),
    ("IND", "H.E. Mr", "Narendra", "Sharma", False, "नरेन्द्र शर्मा"),
    ("DEU", "Dr", "Anna", "Müller", False, None),
    ("EGY", "H.E. Ms", "Laila", "Hassan", False, "ليلى حسن"),
    ("ZAF", "Ms", "Thandi", "Nkosi", False, None),
    ("FRA", "M.", "François", "Lefèvre", False, None),
    ("BRA", "Mr", "João", "Gonçalves", False, None),
    ("JPN", "Mr", "Hiroshi", "Tanaka", True, "田中 博"),
    ("KOR", "Ms", "Ji-woo", "Park", True, "박지우"),
    ("RUS", "Mr", "Sergei", "Ivanov", False, "Сергей Иванов"),
    ("POL", "Dr", "Łukasz", "Wróbel", False, None),
    ("TUR", "Mr", "Çağlar", "Öztürk", False, None),
]
ORGANISATION_HEAD = ("Mr", "Kairat", "Zhaksylykov", False, "Қайрат Жақсылықов")


@dataclass
class BuiltEvent:
    event_id: uuid.UUID
    plenary_id: uuid.UUID
    signing_id: uuid.UUID
    bilateral_id: uuid.UUID
    trilateral_id: uuid.UUID
    people: dict[str, uuid.UUID] = field(default_factory=dict)
    delegations: dict[str, uuid.UUID] = field(default_factory=dict)
    parties: dict[str, uuid.UUID] = field(default_factory=dict)

    @property
    def person_count(self) -> int:
        return len(self.people)


def png_photo(colour: str = "#7a8fa6") -> bytes:
    image = Image.new("RGB", (300, 400), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((90, 60, 210, 190), fill="#e8c9a8")
    draw.rectangle((60, 220, 240, 400), fill="#2b3a55")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _stored(session: Session, name: str, content: bytes, media_type: str) -> StoredFile:
    return records.create(
        session,
        StoredFile,
        filename=name,
        media_type=media_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
    )


def _person(session: Session, honorific: str, given: str, family: str, first: bool,
            native: str | None, **fields: object) -> Person:  # fmt: skip
    return records.create(
        session,
        Person,
        honorific=honorific,
        given_names=given,
        family_name=family,
        family_name_first=first,
        native_name=native,
        **fields,
    )


def build_event(session: Session) -> BuiltEvent:
    event = records.create(
        session,
        Event,
        title=EVENT_TITLE,
        kind="conference",
        host_country_id=country_uuid("KAZ"),
        city="Astana",
        start_date=date(2027, 6, 1),
        end_date=date(2027, 6, 2),
        date_precision="day",
    )
    hub = records.create(
        session,
        Organisation,
        name="Astana Civil Service Hub",
        acronym="ACSH",
        kind="international organisation",
        founded_year=2013,
    )
    records.create(session, EventOrganiser, event_id=event.id, organisation_id=hub.id)
    good_photo = _stored(session, "baimenov.png", png_photo(), "image/png")
    bad_photo = _stored(session, "broken.jpg", b"\xff\xd8\xff not really a jpeg", "image/jpeg")

    plenary = records.create(
        session, ProgrammeItem, event_id=event.id, title=PLENARY, kind="plenary",
        starts_at=datetime(2027, 6, 1, 9, 30), sort_order=1,
    )  # fmt: skip
    signing = records.create(
        session, ProgrammeItem, event_id=event.id, title=SIGNING, kind="signing ceremony",
        starts_at=datetime(2027, 6, 2, 12, 0), sort_order=2,
    )  # fmt: skip
    built = BuiltEvent(event.id, plenary.id, signing.id, uuid.uuid4(), uuid.uuid4())

    for index, (alpha3, honorific, given, family, first, native) in enumerate(HEADS):
        delegation = records.create(
            session, Delegation, event_id=event.id, country_id=country_uuid(alpha3)
        )
        built.delegations[alpha3] = delegation.id
        photo = {"KAZ": good_photo.id, "CHN": bad_photo.id}.get(alpha3)
        head = _person(session, honorific, given, family, first, native, photo_id=photo,
                       position="Minister")  # fmt: skip
        add_member(session, delegation.id, head.id, "head")
        built.people[alpha3] = head.id
        adviser = _person(session, "Mr", f"Adviser{index}", f"Member{alpha3.title()}", False, None)
        add_member(session, delegation.id, adviser.id, "adviser")
        built.people[f"{alpha3}-adviser"] = adviser.id
    # Press and an interpreter in the host delegation.
    press = _person(session, "Ms", "Aigerim", "Seitkali", False, "Айгерім Сейтқали")
    add_member(session, built.delegations["KAZ"], press.id, "press")
    built.people["KAZ-press"] = press.id
    interpreter = _person(session, "Ms", "Dana", "Ospanova", False, None)
    add_member(session, built.delegations["KAZ"], interpreter.id, "interpreter")
    built.people["KAZ-interpreter"] = interpreter.id
    # The organiser's team: the fifteenth delegation.
    hub_delegation = records.create(session, Delegation, event_id=event.id, organisation_id=hub.id)
    built.delegations["ACSH"] = hub_delegation.id
    organiser = _person(session, *ORGANISATION_HEAD)
    add_member(session, hub_delegation.id, organiser.id, "head")
    built.people["ACSH"] = organiser.id

    records.update(session, ProgrammeItem, plenary.id, chair_id=built.people["ACSH"])
    for order, key in enumerate(["KAZ", "CHN", "SAU", "IND"]):
        records.create(
            session, SpeakingRole, programme_item_id=plenary.id, person_id=built.people[key],
            role="speech", sort_order=order, status="confirmed",
        )  # fmt: skip

    bilateral = records.create(
        session, Agreement, title="Memorandum on cooperation in civil service training",
        kind="memorandum", status="agreed", event_id=event.id, languages=["kk", "zh", "en"],
        originals_count=2, signed_place="Astana", signed_on=date(2027, 6, 2),
    )  # fmt: skip
    trilateral = records.create(
        session, Agreement, title="Joint programme on digital public services",
        kind="programme of cooperation", status="agreed", event_id=event.id,
        languages=["en", "ar", "hi"], signed_place="Astana", signed_on=date(2027, 6, 2),
    )  # fmt: skip
    built.bilateral_id, built.trilateral_id = bilateral.id, trilateral.id
    for agreement, codes in ((bilateral, ["CHN", "KAZ"]), (trilateral, ["SAU", "IND", "KAZ"])):
        ceremony = records.create(
            session, SigningCeremony, event_id=event.id, programme_item_id=signing.id,
            agreement_id=agreement.id,
        )  # fmt: skip
        for order, code in enumerate(codes):
            party = records.create(
                session, AgreementParty, agreement_id=agreement.id,
                country_id=country_uuid(code), sort_order=order,
            )  # fmt: skip
            built.parties[f"{agreement.title[:4]}-{code}"] = party.id
            records.create(
                session, Signatory, ceremony_id=ceremony.id, person_id=built.people[code],
                party_id=party.id, sort_order=order,
            )  # fmt: skip

    for value, currency, description in (
        (Decimal("450.00"), "EUR", "Silver dombra, engraved"),
        (Decimal("80.00"), "EUR", "Book on the history of the Silk Road"),
        (Decimal("1200.00"), "USD", "Porcelain vase (景德镇)"),
        (None, None, "Calligraphy scroll"),
    ):
        records.create(
            session, Gift, event_id=event.id, description=description, direction="received",
            giver_person_id=built.people["CHN"], recipient_person_id=built.people["KAZ"],
            estimated_value=value, currency=currency, given_on=date(2027, 6, 2),
        )  # fmt: skip
    return built


# --- reading the PDFs back -------------------------------------------------------------


def poppler(tool: str) -> str:
    import os
    import shutil

    import pytest

    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} (poppler-utils) is required in CI")
        pytest.skip(f"{tool} not installed")
    return path


def page_texts(pdf: object) -> list[str]:
    """The text of each page as pdftotext reads it, NFKC so shaped Arabic compares."""
    import subprocess
    import unicodedata

    out = subprocess.run(
        [poppler("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [unicodedata.normalize("NFKC", page) for page in out.split("\f")[:-1]]


@dataclass(frozen=True)
class Word:
    page: int
    x: float
    y: float
    text: str
    x_end: float = 0.0

    @property
    def centre(self) -> float:
        return (self.x + self.x_end) / 2


def page_words(pdf: object) -> list[Word]:
    """Every word with its page and top-left corner (pdftotext -bbox)."""
    import re
    import subprocess
    import unicodedata

    out = subprocess.run(
        [poppler("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = []
    for number, page in enumerate(out.split("<page ")[1:]):
        pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>'
        for x, y, x_end, text in re.findall(pattern, page):
            word = unicodedata.normalize("NFKC", text)
            words.append(Word(number, float(x), float(y), word, float(x_end)))
    return words


def script_chunks(pdf: object, font_part: str) -> list[str]:
    """Text drawn with fonts whose name contains ``font_part`` (pypdf)."""
    from pypdf import PdfReader

    chunks: list[str] = []

    def visit(text: str, _cm: object, _tm: object, font: object, _size: object) -> None:
        if isinstance(font, dict) and font_part in str(font.get("/BaseFont", "")):
            chunks.append(text)

    for page in PdfReader(str(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return chunks
