"""reportlab's paragraph markup parsed once per *shape*, not once per paragraph.

reportlab parses every Paragraph's markup with an html.parser subclass, about a
quarter of a millisecond each; a large pack has tens of thousands of paragraphs
that differ only in their text (every name, every position, every time). The
fragments a parse yields depend on the tags and the style alone, so markup is
split into tags and texts, the tags with a placeholder per text are parsed once,
and each paragraph gets copies of those fragments with its own texts filled in.

The result is the parser's own, field for field, after the same cleaning of white
space. Markup this module does not expect (an entity such as ``&amp;``, a ``<para>``
tag, a bullet, a fragment count that does not match) goes to the parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import textTransformFrags
from reportlab.platypus.paraparser import ParaParser

_TAG = re.compile(r"(<[^<>]*>)")
_NOT_A_TAG = re.compile(r"<(?![A-Za-z/])")  # "a < b" is text to the parser, not a tag
_PLACEHOLDER = "x"
_SHAPES_LIMIT = 4096  # distinct (tags, style) shapes kept; a pack has a few hundred

# (tags, which texts are non-empty, style id, case sensitivity) -> (style, parsed style, fragments)
_shapes: dict[tuple[tuple[str, ...], tuple[bool, ...], int, int], tuple[Any, Any, list[Any]]] = {}

type Parsed = tuple[ParagraphStyle, list[Any], list[Any] | None]


def parse_paragraph(
    text: str, style: ParagraphStyle, cleaner: Callable[[str], str], case_sensitive: int
) -> tuple[str, Parsed]:
    """(cleaned text, (style, fragments, bullet fragments)) exactly as ``Paragraph._setup``
    computes them; raises ``ValueError`` on markup errors as reportlab does."""
    cleaned = cleaner(text)
    parts = _TAG.split(cleaned)
    texts = parts[0::2]
    tags = tuple(parts[1::2])
    # reportlab makes a fragment of each entity (&amp;): such rare texts go to the parser
    if (
        "&" in cleaned
        or (tags and tags[0][:5].lower() == "<para")
        or _NOT_A_TAG.search(cleaned) is not None
        or ">" in "".join(texts)
    ):
        return cleaned, _parsed(cleaned, style, case_sensitive)
    present = tuple(bool(t) for t in texts)
    key = (tags, present, id(style), case_sensitive)
    known = _shapes.get(key)
    if known is None or known[0] is not style:
        placeholders = (_PLACEHOLDER if filled else "" for filled in present)
        skeleton = "".join(p + tag for p, tag in zip(placeholders, (*tags, ""), strict=True))
        parsed_style, frags, bullets = _parse(skeleton, style, case_sensitive)
        if bullets or sum(1 for frag in frags if frag.text == _PLACEHOLDER) != sum(present):
            return cleaned, _parsed(cleaned, style, case_sensitive)
        if len(_shapes) >= _SHAPES_LIMIT:
            _shapes.clear()
        known = (style, parsed_style, frags)
        _shapes[key] = known
    _given, parsed_style, template = known
    filled = iter(t for t in texts if t)
    frags = [
        frag.clone(text=next(filled)) if frag.text == _PLACEHOLDER else frag.clone()
        for frag in template
    ]
    textTransformFrags(frags, parsed_style)
    return cleaned, (parsed_style, frags, None)


def _parsed(text: str, style: ParagraphStyle, case_sensitive: int) -> Parsed:
    """What reportlab itself makes of ``text``."""
    parsed_style, frags, bullets = _parse(text, style, case_sensitive)
    textTransformFrags(frags, parsed_style)
    return parsed_style, frags, bullets


def _parse(text: str, style: ParagraphStyle, case_sensitive: int) -> Parsed:
    parser = ParaParser()
    parser.caseSensitive = case_sensitive
    parsed_style, frags, bullets = parser.parse(text, style)
    if frags is None:
        raise ValueError(
            f"xml parser error ({parser.errors[0]}) in paragraph beginning\n'{text[:30]}'"
        )
    return parsed_style, frags, bullets
