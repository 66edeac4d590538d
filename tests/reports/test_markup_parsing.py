"""Markup parsed once per shape gives exactly the fragments reportlab's parser gives."""

from __future__ import annotations

from typing import Any

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

from app.reports.text.parsing import parse_paragraph

STYLE = ParagraphStyle("plain", fontName="Helvetica", fontSize=9, leading=12)
UPPER = ParagraphStyle("upper", parent=STYLE, textTransform="uppercase")

MARKUPS = [
    "plain text",
    "  leading and trailing spaces  ",
    "AT&amp;T &lt;Holdings&gt; and O'Neil &amp; Sons",
    '<font name="Helvetica-Bold">Chair: </font>H.E. Zoë ŁUKASIEWICZ',
    '<font color="#4a5568"><font name="Helvetica-Bold">Panellist: </font></font>Mr MOON 5',
    "first line<br/>second line<br/>third",
    '<font name="Helvetica">  spaces inside a tag  </font> <font name="Courier">next</font>',
    "hair\u200aspace and\u00a0no-break space",
    '<a href="#s12"><font name="Helvetica">Contents entry</font></a>',
    "<b>bold</b> and <i>italic</i> and <u>under</u>",
    "",
    "&amp;amp; typed literally",
    "a < b > c",
    "<para alignment='right'>a para tag</para>",
]


def _frag_fields(frags: list[Any]) -> list[dict[str, Any]]:
    return [dict(frag.__dict__) for frag in frags]


def _style_fields(style: ParagraphStyle) -> dict[str, Any]:
    # a <para> tag derives a fresh style each parse; its values are what count
    return {k: v for k, v in vars(style).items() if k != "parent"}


def _reportlab(markup: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup, style)


@pytest.mark.parametrize("style", [STYLE, UPPER], ids=["plain", "uppercase"])
@pytest.mark.parametrize("markup", MARKUPS)
def test_fragments_match_reportlab(markup: str, style: ParagraphStyle) -> None:
    expected = _reportlab(markup, style)
    for _round in range(2):  # the second round comes from the shape cache
        cleaned, (parsed_style, frags, bullets) = parse_paragraph(
            markup, style, cleanBlockQuotedText, 1
        )
        assert cleaned == expected.text
        assert _style_fields(parsed_style) == _style_fields(expected.style)
        assert bullets is None
        assert _frag_fields(frags) == _frag_fields(expected.frags)


def test_same_shape_other_text_gets_its_own_text() -> None:
    first = '<font name="Helvetica-Bold">Chair: </font>Alpha'
    second = '<font name="Helvetica-Bold">Topic: </font>Beta and Gamma'
    parse_paragraph(first, STYLE, cleanBlockQuotedText, 1)
    _cleaned, (_style, frags, _bullets) = parse_paragraph(second, STYLE, cleanBlockQuotedText, 1)
    assert [frag.text for frag in frags] == ["Topic: ", "Beta and Gamma"]


def test_copies_are_independent_of_the_cached_shape() -> None:
    markup = '<font name="Helvetica-Bold">Label </font>value'
    _c, (_s, frags, _b) = parse_paragraph(markup, STYLE, cleanBlockQuotedText, 1)
    frags[0].text = "changed by line breaking"
    _c, (_s, again, _b) = parse_paragraph(markup, STYLE, cleanBlockQuotedText, 1)
    assert again[0].text == "Label "


def test_broken_markup_fails_as_reportlab_does() -> None:
    with pytest.raises(ValueError, match=r"(?i)parse"):
        _reportlab("<font name='Helvetica'>unclosed", STYLE)
    with pytest.raises(ValueError, match=r"(?i)parse"):
        parse_paragraph("<font name='Helvetica'>unclosed", STYLE, cleanBlockQuotedText, 1)
