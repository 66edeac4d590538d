"""Briefing packs: the PDF a protocol officer hands to a principal.

with db.session() as session:
    result = build_briefing(session, event.id, "pack.pdf", BriefingOptions())
"""

from app.reports.briefing.builder import build_briefing
from app.reports.briefing.options import (
    BriefingCancelled,
    BriefingOptions,
    BriefingResult,
    CancelToken,
    PackKind,
    Paper,
    ProgressCallback,
)

__all__ = [
    "BriefingCancelled",
    "BriefingOptions",
    "BriefingResult",
    "CancelToken",
    "PackKind",
    "Paper",
    "ProgressCallback",
    "build_briefing",
]
