"""Which face draws each script: the answer the About box shows."""

from __future__ import annotations

from app.fontcoverage import SCRIPT_SAMPLES, _covers, fonts_by_script
from app.fonts import available_faces, regular_faces


def test_every_script_is_answered_in_order_by_a_face_that_has_its_letters() -> None:
    entries = fonts_by_script()
    assert [entry.script for entry in entries] == [name for name, _, _ in SCRIPT_SAMPLES]
    samples = {name: sample for name, _, sample in SCRIPT_SAMPLES}
    for entry in entries:
        if entry.face is not None:
            assert _covers(entry.face, samples[entry.script]), entry
            assert entry.face.path.name in entry.described


def test_the_shipped_fonts_cover_the_scripts_they_are_for() -> None:
    chosen = {entry.script: entry.face for entry in fonts_by_script()}
    for script in ("Latin", "Cyrillic", "Greek", "Arabic", "Devanagari"):
        face = chosen[script]
        assert face is not None, script
        assert face.family.startswith("Noto Sans"), (script, face.family)


def test_a_dedicated_face_wins_over_an_earlier_one_with_a_subset() -> None:
    faces = regular_faces()
    latin = next(face for face in faces if "Latn" in face.scripts)
    devanagari = next(face for face in faces if "Deva" in face.scripts)
    # Latin first in the chain; it carries some Devanagari but is not declared for it.
    entries = {entry.script: entry.face for entry in fonts_by_script([latin, devanagari])}
    assert entries["Devanagari"] == devanagari
    assert entries["Latin"] == latin


def test_a_script_no_face_has_is_reported_as_missing() -> None:
    latin = next(face for face in available_faces() if "Latn" in face.scripts and not face.bold)
    entries = {entry.script: entry for entry in fonts_by_script([latin])}
    assert entries["Arabic"].face is None
    assert "no font found" in entries["Arabic"].described
    assert entries["Chinese"].face is None
