"""Turn a font face into a small static TrueType file that reportlab accepts.

reportlab embeds only TrueType (``glyf``) outlines and knows nothing of font
variations, while our faces are variable Noto fonts and CFF-based CJK
collections. HarfBuzz's subsetter cuts a face down to the document's characters
and pins the variation axes in milliseconds; CFF outlines are then redrawn as
quadratic curves (the fontTools ``otf2ttf`` recipe, drawing through HarfBuzz
because its C CFF interpreter is many times faster than fontTools' Python one).

Results are cached on disk by (face, weight, charset), so a second build of the
same document does no font work at all.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import uharfbuzz as hb
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

from app.fonts import FontFace

# Bump when the output of this module changes so stale cache files are not reused.
PIPELINE_VERSION = "1"
# Prepared files kept in a cache folder (a few documents' worth of every face).
CACHE_FILES = 400
# Maximum distance, in font units, between a cubic and its quadratic replacement:
# one unit in a 1000-unit em is invisible at any printed size.
_CU2QU_MAX_ERR = 1.0
# reportlab sets text horizontally and never passes a language to HarfBuzz, so the
# vertical and localised-forms features can never fire; keeping them would drag in
# thousands of alternate CJK glyphs.
_UNUSED_FEATURES = ("vert", "vrt2", "vkna", "vkrn", "vpal", "valt", "vhal", "locl")
_DROPPED_TABLES = ("vhea", "vmtx", "VORG", "DSIG", "BASE", "JSTF", "MATH", "SVG ", "COLR", "CPAL")


def _tag(tag: str) -> int:
    return int.from_bytes(tag.encode("ascii"), "big")


def _arabic_presentation_forms(chars: Iterable[str]) -> set[int]:
    """Presentation-form code points whose compatibility decomposition is a used letter.

    Keeping them in the cmap lets reportlab's ToUnicode map the joined glyphs that
    shaping produces back to real letters, so copy-paste and text search work.
    """
    import unicodedata

    wanted = set(chars)
    forms: set[int] = set()
    if not any("\u0600" <= char <= "\u06ff" for char in wanted):
        return forms
    for code in (*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)):
        decomposed = unicodedata.normalize("NFKC", chr(code))
        if decomposed and all(part in wanted for part in decomposed):
            forms.add(code)
    return forms


def cache_key(face: FontFace, chars: Iterable[str]) -> str:
    """Digest of everything that determines the prepared file's bytes."""
    digest = hashlib.sha256()
    try:
        stat = face.path.stat()
        stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
    except OSError:
        stamp = "missing"
    digest.update(f"{PIPELINE_VERSION}|{face.key}|{stamp}|".encode())
    digest.update("".join(sorted(set(chars))).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def _subset(face: FontFace, chars: Iterable[str]) -> hb.Face:
    source = hb.Face(hb.Blob.from_file_path(str(face.path)), face.index)
    request = hb.SubsetInput()
    codepoints = {ord(char) for char in chars}
    request.unicode_set.update(codepoints | _arabic_presentation_forms(chars))
    for feature in _UNUSED_FEATURES:
        request.layout_feature_tag_set.discard(_tag(feature))
    for table in _DROPPED_TABLES:
        request.drop_table_tag_set.add(_tag(table))
    request.flags = (
        hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NOTDEF_OUTLINE | hb.SubsetFlags.DESUBROUTINIZE
    )
    axes = {axis.tag: axis for axis in source.axis_infos}
    if axes:
        request.pin_all_axes_to_default(source)
        if "wght" in axes:
            weight = min(max(face.weight, axes["wght"].min_value), axes["wght"].max_value)
            request.pin_axis_location(source, "wght", weight)
    result = hb.subset(source, request)
    if result is None:
        raise ValueError(f"HarfBuzz could not subset {face.path}#{face.index}")
    return result


def _cff_to_glyf(font: TTFont, subset_face: hb.Face) -> None:
    """Replace CFF outlines with quadratic TrueType ones (fontTools otf2ttf recipe)."""
    drawer = hb.Font(subset_face)
    order = font.getGlyphOrder()
    glyphs = {}
    for gid, name in enumerate(order):
        pen = TTGlyphPen(None)
        drawer.draw_glyph_with_pen(gid, Cu2QuPen(pen, _CU2QU_MAX_ERR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for table in ("CFF ", "CFF2", "VORG"):
        if table in font:
            del font[table]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        # TrueType rasterisers expect the left side bearing to equal the glyph's xMin.
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"


def _rename(font: TTFont, ps_name: str, bold: bool) -> None:
    """Give the file a unique PostScript name: reportlab keys embedded faces by it."""
    name = font["name"]
    name.names = []
    style = "Bold" if bold else "Regular"
    for name_id, value in ((1, ps_name), (2, style), (4, f"{ps_name} {style}"), (6, ps_name)):
        name.setName(value, name_id, 3, 1, 0x409)


def prepare_face(face: FontFace, chars: Iterable[str], cache_dir: Path, ps_name: str) -> Path:
    """Write (or reuse) a static TrueType subset of ``face`` covering ``chars``.

    ``ps_name`` must be ASCII without spaces; callers derive it from
    :func:`cache_key` so the file name and the embedded name agree.
    """
    chars = set(chars)
    target = cache_dir / f"{ps_name}.ttf"
    if target.is_file():
        os.utime(target)  # recently used: kept when the cache is trimmed
        return target
    subset_face = _subset(face, chars)
    font = TTFont(io.BytesIO(subset_face.blob.data))
    if "CFF " in font or "CFF2" in font:
        _cff_to_glyf(font, subset_face)
    _rename(font, ps_name, face.bold)
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Write beside the target and rename so a concurrent build never reads half a file.
    handle, temporary = tempfile.mkstemp(dir=cache_dir, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            font.save(stream)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _trim(cache_dir)
    return target


def _trim(cache_dir: Path) -> None:
    """Keep the cache to the most recently used files: every document with new
    characters adds a subset, and the user's cache folder must not grow forever."""
    files = sorted(cache_dir.glob("*.ttf"), key=_used_at, reverse=True)
    for stale in files[CACHE_FILES:]:
        stale.unlink(missing_ok=True)


def _used_at(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed meanwhile by a concurrent trim
        return 0.0
