"""The "Changes since the previous pack" page, placed right after the contents.

It lists, in the pack's own fonts and scripts, what the journal holds since the last
pack of the same kind was printed (see ``app.journal.packs``), so a principal's
officer reads first what is new.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import PageBreak, Spacer

from app.reports.briefing.text import Piece

if TYPE_CHECKING:
    from app.journal.packs import PackChanges
    from app.reports.briefing.sections import Story, Story_Builder

TITLE = "Changes since the previous pack"


def changes_story(builder: Story_Builder, changes: PackChanges) -> Story:
    """The page (with a page break before it); built before the sections, so that its
    heading comes first in the contents."""
    s, w = builder.styles, builder.writer
    story: Story = [PageBreak(), builder.heading(TITLE, 0)]
    story.append(w.para(s.body, Piece(changes.headline() + ".")))
    if changes.previous is not None and changes.count == 0:
        story.append(w.para(s.body, "Nothing has changed since then."))
    for group, lines in changes.ordered():
        story.append(Spacer(1, 4))
        story.append(builder.heading(group, 1))
        for line in lines:
            story.append(w.para(s.body, "• ", Piece(line)))
    return story
