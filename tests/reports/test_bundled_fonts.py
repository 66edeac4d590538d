"""Every script prints from the fonts the app ships, with DejaVu as the only system font.

The exports run in a child process whose fontconfig configuration lists only the DejaVu
folder; the app's own discovery honours it, so a CJK or Noto font installed on this
machine cannot make the test pass. The PDFs are read back with poppler and pypdf.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fontTools.pens.areaPen import AreaPen
from fontTools.ttLib import TTFont

from app import fonts as core_fonts
from app.fonts import CJK, available_faces, regular_faces, wheel_font_files
from app.reports.text import FontSet, fontprep
from app.reports.text.fontprep import prepare_face
from tests.reports.protocol_event import page_texts
from tests.reports.world_event import (
    NATIVE,
    TIBETAN,
    VIETNAMESE,
    WORLD,
    WORLD_TITLE,
    build_world,
    dejavu_only_env,
    run_cli,
)

# The embedded font each participant's native name must be drawn in (part of its name).
EXPECTED_FONT = {
    "CHN": "NotoSansCJKSC",
    "TWN": "NotoSansCJKTC",
    "JPN": "NotoSansCJKJP",
    "KOR": "NotoSansCJKKR",
    "THA": "NotoSansThai",
    "ETH": "NotoSansEthiopic",
    "LKA": "NotoSansSinhala",
    "KHM": "NotoSansKhmer",
    "MMR": "NotoSansMyanmar",
    "LAO": "NotoSansLao",
    "ARM": "NotoSansArmenian",
    "GEO": "NotoSansGeorgian",
    "ISR": "NotoSansHebrew",
    "IRN": "NotoSansArabic",
    "IND": "NotoSansDevanagari",
    "BGD": "NotoSansBengali",
    "SGP": "NotoSansTamil",
    "MUS": "NotoSansTelugu",
}
# Scripts whose shaped glyphs poppler maps back to the exact characters.
EXACT = ["马建堂", "蔡英文", "山本 ゆり", "김민준", "สมชาย ใจดี", "አበበ ቢቂላ", "Ухнаагийн Хүрэлсүх",
         "Қасым-Жомарт Тоқаев", "Κυριάκος Μητσοτάκης", "Նիկոլ Փաշինյան", "ირაკლი კობახიძე",
         "יצחק הרצוג", "Xuân Phúc", "NGUYỄN"]  # fmt: skip


@dataclass(frozen=True)
class Exported:
    pack: Path
    badges: Path
    output: str  # what the exports printed, stdout and stderr


@pytest.fixture(scope="module")
def dejavu_only(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    folder = tmp_path_factory.mktemp("dejavu-only")
    db = folder / "world.sqlite3"
    build_world(db)
    env = dejavu_only_env(folder)
    errors: list[str] = []
    for kind in ("briefing", "badges"):
        target = folder / f"{kind}.pdf"
        done = run_cli(["--db", str(db), "export", kind, WORLD_TITLE, "-o", str(target)], env)
        assert done.returncode == 0, done.stderr
        errors += [done.stdout, done.stderr]
    return Exported(folder / "briefing.pdf", folder / "badges.pdf", "".join(errors))


def _text(pdf: Path) -> str:
    return "\n".join(page_texts(pdf))


def _chunks_by_font(pdf: Path) -> dict[str, str]:
    """Text drawn with each embedded font (subset prefix dropped), NFKC."""
    from pypdf import PdfReader

    found: dict[str, list[str]] = {}

    def visit(text: str, _cm: object, _tm: object, font: object, _size: object) -> None:
        if isinstance(font, dict):
            name = str(font.get("/BaseFont", "")).split("+", 1)[-1]
            found.setdefault(name, []).append(text)

    for page in PdfReader(str(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return {name: unicodedata.normalize("NFKC", "".join(t)) for name, t in found.items()}


@pytest.mark.parametrize("kind", ["pack", "badges"])
def test_every_script_prints_without_system_fonts(dejavu_only: Exported, kind: str) -> None:
    pdf = dejavu_only.pack if kind == "pack" else dejavu_only.badges
    text = _text(pdf)
    assert "[U+" not in text
    assert "warning" not in dejavu_only.output
    for name in EXACT:
        assert unicodedata.normalize("NFKC", name) in text, name


@pytest.mark.parametrize("kind", ["pack", "badges"])
def test_each_script_is_drawn_in_its_bundled_noto_face(dejavu_only: Exported, kind: str) -> None:
    chunks = _chunks_by_font(dejavu_only.pack if kind == "pack" else dejavu_only.badges)
    natives = {country: native for country, _g, _f, native in WORLD if native}
    for country, font in EXPECTED_FONT.items():
        drawn = "".join(text for name, text in chunks.items() if f"PD-{font}-" in name)
        letters = {char for char in drawn if unicodedata.category(char)[0] == "L"}
        # Shaped scripts come back from the PDF reordered or in part, but whatever this
        # face drew is letters of this name (Persian's are compared in NFKC forms).
        own = set(unicodedata.normalize("NFKC", natives[country]))
        assert letters, f"nothing drawn in {font}"
        assert letters <= own, font
        assert letters & own, f"{country} not drawn in {font}"


def test_cyrillic_and_greek_never_fall_to_the_cjk_faces(dejavu_only: Exported) -> None:
    chunks = _chunks_by_font(dejavu_only.pack)
    cjk = "".join(text for name, text in chunks.items() if "CJK" in name)
    assert cjk
    assert not any("CYRILLIC" in unicodedata.name(c, "") for c in cjk)
    assert not any("GREEK" in unicodedata.name(c, "") for c in cjk)
    noto_sans = "".join(text for name, text in chunks.items() if name.startswith("PD-NotoSans-"))
    for name in ("Хүрэлсүх", "Тоқаев", "Μητσοτάκης"):
        assert name in noto_sans


def test_a_script_no_font_ships_is_still_reported(tmp_path: Path) -> None:
    db = tmp_path / "world.sqlite3"
    build_world(db, extra_native=TIBETAN)
    target = tmp_path / "pack.pdf"
    args = ["--db", str(db), "export", "briefing", WORLD_TITLE, "-o", str(target)]
    done = run_cli(args, dejavu_only_env(tmp_path))
    assert done.returncode == 0, done.stderr
    warning = next(line for line in done.stderr.splitlines() if line.startswith("warning:"))
    assert "U+0F56" in warning  # བ, the first letter: named, never dropped
    assert "[U+0F56]" in _text(target)
    assert "马建堂" in _text(target)


# --- in-process: discovery and weights --------------------------------------------------


@pytest.fixture
def only_dejavu(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    config = dejavu_only_env(tmp_path)["FONTCONFIG_FILE"]
    monkeypatch.setenv("FONTCONFIG_FILE", config)
    core_fonts.fontconfig_dirs.cache_clear()
    available_faces.cache_clear()
    yield
    monkeypatch.undo()
    core_fonts.fontconfig_dirs.cache_clear()
    available_faces.cache_clear()


@pytest.mark.usefixtures("only_dejavu")
def test_discovery_honours_fontconfig_file() -> None:
    bundled = set(wheel_font_files())
    for face in available_faces():
        assert face.path in bundled or "dejavu" in str(face.path).lower(), face.path
    families = [face.family for face in regular_faces()]
    assert families[0] == "Noto Sans"
    expected = {f"Noto Sans {s}" for s in ("Thai", "Lao", "Khmer", "Myanmar", "Sinhala")}
    assert expected <= set(families)
    cjk = [f for f in families if "CJK" in f]
    assert cjk == [f"Noto Sans CJK {r}" for r in ("SC", "TC", "HK", "JP", "KR")]
    # Cyrillic and Greek belong to Noto Sans, which comes before every CJK face.
    assert families.index("Noto Sans") < families.index(cjk[0])


@pytest.mark.usefixtures("only_dejavu")
def test_every_world_name_is_covered() -> None:
    fonts = FontSet([*NATIVE, VIETNAMESE])
    for name in [*NATIVE, VIETNAMESE]:
        assert fonts.prepare(name, record=name).missing == (), name
    assert not fonts.missing


def _ink(path: Path, char: str, index: int = 0) -> float:
    """Area of one glyph's outline in font units: how much ink it lays down."""
    with TTFont(path, fontNumber=index, lazy=True) as font:
        glyphs = font.getGlyphSet()
        pen = AreaPen(glyphs)
        glyphs[font.getBestCmap()[ord(char)]].draw(pen)
        return abs(pen.value)


def test_cjk_is_pinned_to_regular_and_bold_not_thin(tmp_path: Path) -> None:
    faces = [f for f in available_faces() if f.role == CJK and f.variable and f.language == "ja"]
    regular, bold = (
        prepare_face(face, "建", tmp_path, f"Pinned{int(face.bold)}") for face in faces[:2]
    )
    thin = _ink(faces[0].path, "建", faces[0].index)  # the collection's default instance
    assert _ink(regular, "建") > 1.8 * thin
    assert _ink(bold, "建") > 1.3 * _ink(regular, "建")


def test_the_font_cache_keeps_the_most_recently_used_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fontprep, "CACHE_FILES", 2)
    latin = regular_faces()[0]
    first = prepare_face(latin, "a", tmp_path, "First")
    os.utime(first, (1, 1))  # long unused
    second = prepare_face(latin, "b", tmp_path, "Second")
    os.utime(second, (2, 2))  # used after the first, still long ago
    assert prepare_face(latin, "a", tmp_path, "First") == first  # a hit marks it used
    third = prepare_face(latin, "c", tmp_path, "Third")
    assert sorted(p.name for p in tmp_path.glob("*.ttf")) == sorted([first.name, third.name])
    assert not second.exists()
