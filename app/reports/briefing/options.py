"""What a caller asks of a briefing pack, and what it gets back."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from app.reports.text import MissingGlyph

if TYPE_CHECKING:
    from app.journal.packs import PackChanges


class PackKind(StrEnum):
    EVENT = "event"
    DELEGATION = "delegation"
    PERSON = "person"


class Paper(StrEnum):
    A4 = "a4"
    LETTER = "letter"


@dataclass(frozen=True)
class BriefingOptions:
    """``kind`` chooses whose pack it is; ``subject_id`` names the delegation or person."""

    kind: PackKind = PackKind.EVENT
    subject_id: uuid.UUID | None = None
    # None: the event's own marking; "" prints no marking at all.
    classification: str | None = None
    paper: Paper = Paper.A4
    include_notes_pages: bool = False
    notes_pages: int = 2
    # Fixed in tests so two builds are comparable; None means now.
    generated_at: datetime | None = None
    # What changed since the previous pack: printed on a page after the contents.
    changes: PackChanges | None = None

    def __post_init__(self) -> None:
        # Accept the plain strings a command line or a settings file gives.
        object.__setattr__(self, "kind", PackKind(self.kind))
        object.__setattr__(self, "paper", Paper(self.paper))
        if self.kind is not PackKind.EVENT and self.subject_id is None:
            raise ValueError(f"a {self.kind} pack needs subject_id")

    @classmethod
    def for_delegation(cls, delegation_id: uuid.UUID, **other: object) -> BriefingOptions:
        return cls(kind=PackKind.DELEGATION, subject_id=delegation_id, **other)  # type: ignore[arg-type]

    @classmethod
    def for_person(cls, person_id: uuid.UUID, **other: object) -> BriefingOptions:
        return cls(kind=PackKind.PERSON, subject_id=person_id, **other)  # type: ignore[arg-type]


@dataclass(frozen=True)
class BriefingResult:
    path: Path
    pages: int
    missing_glyphs: list[MissingGlyph] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # What was laid out, for benchmarks that compare like with like.
    paragraphs: int = 0
    images: int = 0

    @property
    def missing_characters(self) -> str:
        """The distinct characters that printed as placeholders, in the order met."""
        return "".join(dict.fromkeys(entry.char for entry in self.missing_glyphs))


class CancelToken(Protocol):
    @property
    def cancelled(self) -> bool: ...


# progress(fraction 0..1, what is being done)
ProgressCallback = Callable[[float, str], None]


class BriefingCancelled(Exception):
    """The caller cancelled the build; no file was written."""
