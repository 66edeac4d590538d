"""Build the briefing pack of a large synthetic event; print wall time and peak memory.

Run: python benchmarks/briefing_benchmark.py

150 delegations, 1,500 people with photos (all profiled), 300 programme items and
names in Latin with diacritics, Greek, Kazakh Cyrillic, Chinese, Japanese, Korean,
Arabic and Devanagari. Beside it, measured in the same run, a baseline: plain
reportlab laying out the same number of paragraphs and images with one font.
Each measurement runs in its own process so peak RSS belongs to it alone; pack and
baseline alternate for three rounds and the medians are compared, because a single
run on a shared 2-core machine varies by 20% or more.
Targets (issues 4 and 12): the pack under 15 s and 600 MB, and within 1.6x of the
baseline, with the bundled fonts (no system font needed).
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

DELEGATIONS = 150
PEOPLE_PER_DELEGATION = 10
PROGRAMME_ITEMS = 300
SPEAKERS_PER_ITEM = 4
ROUNDS = 3  # pack and baseline each run this many times, alternating

# (given, family, native) patterns per script; an index keeps every name distinct.
SCRIPTS = [
    ("Zoë", "Łukasiewicz-Ñúñez", None),
    ("Eleftherios", "Papadopoulos", "Ελευθέριος Παπαδόπουλος"),
    ("Qasym", "Tokayev", "Қасым-Жомарт Тоқаев"),
    ("Jiantang", "Ma", "马建堂"),
    ("Sakura", "Sato", "佐藤 さくら"),
    ("Jae-in", "Moon", "문재인"),
    ("Mohammed", "bin Salman", "محمد بن سلمان"),
    ("Narendra", "Modi", "नरेन्द्र मोदी"),
]
COUNTRIES = [
    "AFG ALB DZA AGO ARG ARM AUS AUT AZE BHR BGD BLR BEL BEN BTN BOL BIH BWA BRA BGR BFA KHM "
    "CMR CAN CPV CAF TCD CHL CHN COL COM COG CRI HRV CUB CYP CZE DNK DJI DOM ECU EGY SLV GNQ "
    "ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GTM GIN GUY HTI HND HUN ISL IND IDN "
    "IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX "
    "MDG MWI MYS MDV MLI MLT MRT MUS MEX MDA MCO MNG MNE MAR MOZ MMR NAM NPL NLD NZL NIC NER "
    "NGA MKD NOR OMN PAK PAN PNG PRY PER PHL POL PRT QAT ROU RUS RWA WSM SMR SAU SEN SRB SYC "
    "SLE SGP SVK SVN SLB SOM ZAF ESP LKA SDN SUR SWE CHE SYR TJK TZA THA TGO TON TTO TUN TUR "
    "TKM UGA UKR ARE GBR USA URY UZB VUT VNM YEM ZMB ZWE"
][0].split()


def _photo(seed: int) -> bytes:
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (480, 600), (rng.randint(40, 200), rng.randint(40, 200), 150))
    draw = ImageDraw.Draw(image)
    draw.ellipse((140, 120, 340, 360), fill=(rng.randint(150, 240), 180, 150))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def make_event(path: str) -> uuid.UUID:
    from app.db import open_database
    from app.model import (
        Delegation,
        DelegationMember,
        Event,
        Person,
        ProgrammeItem,
        SpeakingRole,
        StoredFile,
        country_uuid,
    )

    db = open_database(path)
    people: list[Person] = []
    with db.transaction() as session:
        event = Event(
            title="Global Forum on Public Service — Форум — 论坛 — منتدى",
            theme="Benchmark event in every script",
            kind="forum",
            city="Astana",
            start_date=date(2027, 9, 1),
            end_date=date(2027, 9, 5),
            date_precision="day",
            classification="RESTRICTED",
        )
        session.add(event)
        session.flush()
        for d, alpha3 in enumerate(COUNTRIES[:DELEGATIONS]):
            delegation = Delegation(
                event_id=event.id, country_id=country_uuid(alpha3), hotel=f"Hotel {d}"
            )
            session.add(delegation)
            session.flush()
            for m in range(PEOPLE_PER_DELEGATION):
                index = d * PEOPLE_PER_DELEGATION + m
                given, family, native = SCRIPTS[index % len(SCRIPTS)]
                content = _photo(index)
                photo = StoredFile(
                    filename=f"p{index}.jpg",
                    media_type="image/jpeg",
                    size=len(content),
                    sha256=hashlib.sha256(content).hexdigest(),
                    content=content,
                )
                session.add(photo)
                session.flush()
                person = Person(
                    honorific="H.E." if m == 0 else "Mr",
                    given_names=f"{given}",
                    family_name=f"{family} {index}",
                    family_name_first=native is not None and native[0] >= "\u3000",
                    native_name=f"{native} {index}" if native else None,
                    position="Minister of Public Service" if m == 0 else "Adviser",
                    photo_id=photo.id,
                    languages=["en", "fr"],
                    biography="Career civil servant with long experience of reform. " * 3,
                )
                session.add(person)
                session.flush()
                people.append(person)
                session.add(
                    DelegationMember(
                        delegation_id=delegation.id,
                        person_id=person.id,
                        role="head" if m == 0 else "member",
                        sort_order=m,
                    )
                )
                if m == 0:
                    delegation.head_person_id = person.id
        start = datetime(2027, 9, 1, 8, 0)
        for i in range(PROGRAMME_ITEMS):
            day, slot = divmod(i, 60)
            begins = start + timedelta(days=day, minutes=10 * slot)
            item = ProgrammeItem(
                event_id=event.id,
                title=f"Session {i + 1}: reform of the civil service",
                kind="panel",
                starts_at=begins,
                ends_at=begins + timedelta(minutes=10),
                place=f"Room {i % 12}",
                chair_id=people[(i * 5) % len(people)].id,
                sort_order=i,
            )
            session.add(item)
            session.flush()
            for s in range(SPEAKERS_PER_ITEM):
                person = people[(i * SPEAKERS_PER_ITEM + s) % len(people)]
                session.add(
                    SpeakingRole(
                        programme_item_id=item.id,
                        person_id=person.id,
                        role="panellist",
                        topic="Peer-to-peer exchange of experience",
                        planned_minutes=10,
                        sort_order=s,
                        status="confirmed",
                    )
                )
        event_id = event.id
    db.close()
    return event_id


def run_pack(db_path: str, event_id: str, out: str, font_cache: str) -> dict[str, float]:
    from app.db import open_database
    from app.reports.briefing import BriefingOptions, build_briefing

    db = open_database(db_path)
    started = time.perf_counter()
    with db.session() as session:
        result = build_briefing(
            session, uuid.UUID(event_id), out, BriefingOptions(), font_cache=Path(font_cache)
        )
    elapsed = time.perf_counter() - started
    return {
        "seconds": elapsed,
        "pages": result.pages,
        "paragraphs": result.paragraphs,
        "images": result.images,
        "missing": len(result.missing_glyphs),
    }


def run_baseline(paragraphs: int, images: int, out: str) -> dict[str, float]:
    """Plain reportlab: one TrueType font, N paragraphs, M images, one pass."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate

    from app.fonts import regular_faces
    from app.reports.briefing.photos import portrait_jpeg

    latin = regular_faces()[0]
    photos = [_photo(i) for i in range(images)]  # made before the clock starts
    started = time.perf_counter()
    # The wheel's Noto Sans is variable; reportlab takes it as is at its default weight.
    pdfmetrics.registerFont(TTFont("BaselineFont", str(latin.path)))
    style = ParagraphStyle("b", fontName="BaselineFont", fontSize=9.5, leading=13)
    story = []
    per_image = max(1, paragraphs // max(1, images))
    shown = 0
    folder = Path(out).parent
    for i in range(paragraphs):
        story.append(Paragraph(f"Paragraph {i}: Session reform of the civil service", style))
        if shown < images and i % per_image == 0:
            # the pack's thumbnail step; a file is plain reportlab's way to embed a JPEG
            # without decoding it (the pack hands reportlab the bytes instead)
            thumbnail = folder / f"baseline-{shown}.jpg"
            thumbnail.write_bytes(portrait_jpeg(photos[shown])[0])
            story.append(Image(str(thumbnail), width=30 * mm, height=38 * mm))
            shown += 1
    SimpleDocTemplate(out).build(story)
    return {"seconds": time.perf_counter() - started}


def _child(mode: str, *args: str) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", mode, *args]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        mode, *args = sys.argv[2:]
        if mode == "pack":
            figures = run_pack(*args)
        else:
            figures = run_baseline(int(args[0]), int(args[1]), args[2])
        figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(figures))
        return
    rounds: list[tuple[dict[str, float], dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as folder:
        db_path = str(Path(folder) / "bench.sqlite3")
        print("Creating the synthetic event ...", flush=True)
        event_id = make_event(db_path)
        # Pack and baseline alternate, so a slow spell on a shared machine hits both.
        for number in range(1, ROUNDS + 1):
            # One font cache for the run, as the user's: round 1 pays the font work
            # (pinning, subsetting, CFF2 to TrueType), later rounds reuse it.
            fonts = str(Path(folder) / "fonts")
            pack = _child("pack", db_path, str(event_id), str(Path(folder) / "pack.pdf"), fonts)
            base = _child(
                "baseline",
                str(int(pack["paragraphs"])),
                str(int(pack["images"])),
                str(Path(folder) / "baseline.pdf"),
            )
            rounds.append((pack, base))
            print(
                f"round {number}: pack {pack['seconds']:6.2f} s  peak {pack['peak_mb']:4.0f} MB   "
                f"baseline {base['seconds']:5.2f} s  peak {base['peak_mb']:4.0f} MB   "
                f"ratio {pack['seconds'] / base['seconds']:.2f}x",
                flush=True,
            )
    pack_seconds = statistics.median(p["seconds"] for p, _b in rounds)
    base_seconds = statistics.median(b["seconds"] for _p, b in rounds)
    ratio = statistics.median(p["seconds"] / b["seconds"] for p, b in rounds)
    peak = max(p["peak_mb"] for p, _b in rounds)
    pack = rounds[0][0]
    print(
        f"pack:     {pack_seconds:6.2f} s  peak {peak:6.0f} MB  "
        f"{int(pack['pages'])} pages, {int(pack['paragraphs'])} paragraphs, "
        f"{int(pack['images'])} photos, {int(pack['missing'])} missing glyphs  (median of {ROUNDS})"
    )
    print(
        f"baseline: {base_seconds:6.2f} s  peak {max(b['peak_mb'] for _p, b in rounds):6.0f} MB"
        "  (one font, same counts)"
    )
    print(
        f"ratio:    {ratio:.2f}x (median of the rounds' ratios)   "
        "targets: < 15 s, < 600 MB, <= 1.6x  ->  "
        + ("OK" if pack_seconds < 15 and peak < 600 and ratio <= 1.6 else "MISSED")
    )


if __name__ == "__main__":
    main()
