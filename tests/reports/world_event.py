"""A participant list from twenty countries whose names need every bundled font, and a
way to run the app as on a machine whose only system fonts are DejaVu."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from datetime import date, datetime
from pathlib import Path

from app.db import open_database
from app.model import Delegation, Event, Person, ProgrammeItem, SpeakingRole, country_uuid
from app.services import records
from app.services.delegations import add_member

WORLD_TITLE = "World Conference of Civil Services"
# country (ISO alpha-3), given, family, native name: the native forms must print.
WORLD: list[tuple[str, str, str, str | None]] = [
    ("CHN", "Jiantang", "Ma", "马建堂"),
    ("TWN", "Ing-wen", "Tsai", "蔡英文"),
    ("JPN", "Yuri", "Yamamoto", "山本 ゆり"),
    ("KOR", "Min-jun", "Kim", "김민준"),
    ("THA", "Somchai", "Jaidee", "สมชาย ใจดี"),
    ("ETH", "Abebe", "Bikila", "አበበ ቢቂላ"),
    ("LKA", "Ranil", "Wickremesinghe", "රනිල් වික්‍රමසිංහ"),
    ("KHM", "Manet", "Hun", "ហ៊ុន ម៉ាណែត"),
    ("MMR", "Aung San", "Suu Kyi", "အောင်ဆန်းစုကြည်"),
    ("LAO", "Thongloun", "Sisoulith", "ທອງລຸນ ສີສຸລິດ"),
    ("VNM", "Xuân Phúc", "Nguyễn", None),
    ("MNG", "Ukhnaagiin", "Khurelsukh", "Ухнаагийн Хүрэлсүх"),
    ("KAZ", "Kassym-Jomart", "Tokayev", "Қасым-Жомарт Тоқаев"),
    ("GRC", "Kyriakos", "Mitsotakis", "Κυριάκος Μητσοτάκης"),
    ("ARM", "Nikol", "Pashinyan", "Նիկոլ Փաշինյան"),
    ("GEO", "Irakli", "Kobakhidze", "ირაკლი კობახიძე"),
    ("ISR", "Isaac", "Herzog", "יצחק הרצוג"),
    ("IRN", "Masoud", "Pezeshkian", "مسعود پزشکیان"),
    ("IND", "Narendra", "Modi", "नरेन्द्र मोदी"),
    ("BGD", "Sheikh", "Hasina", "শেখ হাসিনা"),
    ("SGP", "Kannan", "Murugan", "கண்ணன் முருகன்"),
    ("MUS", "Venkata", "Rao", "వెంకట రావు"),
]
NATIVE = [native for *_, native in WORLD if native is not None]
VIETNAMESE = "Xuân Phúc Nguyễn"
TIBETAN = "བཀྲ་ཤིས"  # no font wheel carries Tibetan: it must be reported, never dropped


def build_world(db_path: Path, *, extra_native: str | None = None) -> uuid.UUID:
    """A database file holding the world event: one delegation per country, its head
    speaking at the opening. ``extra_native`` adds one more participant (China)."""
    db = open_database(str(db_path))
    people = list(WORLD)
    if extra_native is not None:
        people.append(("BTN", "Tashi", "Dorji", extra_native))
    with db.transaction("World event") as session:
        event = records.create(
            session,
            Event,
            title=WORLD_TITLE,
            kind="conference",
            host_country_id=country_uuid("KAZ"),
            city="Astana",
            start_date=date(2027, 9, 6),
            end_date=date(2027, 9, 7),
            date_precision="day",
        )
        opening = records.create(
            session,
            ProgrammeItem,
            event_id=event.id,
            title="Opening plenary",
            kind="opening ceremony",
            starts_at=datetime(2027, 9, 6, 9, 0),
            ends_at=datetime(2027, 9, 6, 11, 0),
        )
        for order, (country, given, family, native) in enumerate(people):
            person = records.create(
                session,
                Person,
                given_names=given,
                family_name=family,
                native_name=native,
                country_id=country_uuid(country),
            )
            delegation = records.create(
                session, Delegation, event_id=event.id, country_id=country_uuid(country)
            )
            add_member(session, delegation.id, person.id, role="head")
            records.create(
                session,
                SpeakingRole,
                programme_item_id=opening.id,
                person_id=person.id,
                role="speech",
                sort_order=order,
                status="confirmed",
            )
        event_id = event.id
    db.close()
    return event_id


def dejavu_only_env(folder: Path) -> dict[str, str]:
    """Environment for a child process that sees no system font but DejaVu: fontconfig
    (and so Qt) reads only this configuration, and the app's own discovery honours its
    folder list. Caches go to ``folder`` so nothing prepared earlier is reused."""
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<fontconfig>\n'
        f"  <dir>{dejavu}</dir>\n  <cachedir>{folder / 'fontconfig'}</cachedir>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "FONTCONFIG"))}
    env.update(
        FONTCONFIG_FILE=str(config),
        XDG_CACHE_HOME=str(folder / "cache"),
        XDG_DATA_HOME=str(folder / "data"),
        XDG_CONFIG_HOME=str(folder / "config"),
        XDG_STATE_HOME=str(folder / "state"),
        QT_QPA_PLATFORM="offscreen",
    )
    return env


def run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``protocol-desk ARGS`` in a child process with ``env``."""
    code = "import sys; from app.cli.main import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=600,
    )
