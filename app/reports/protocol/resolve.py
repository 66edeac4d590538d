"""Finding a programme item or an agreement from what a person types on the command line:
a UUID, a unique UUID prefix (at least four characters), or the exact title."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import AmbiguousReferenceError, NotFoundError
from app.model import Agreement, Event, ProgrammeItem
from app.textnorm import fold

_SHOWN = 10


def _resolve[R: ProgrammeItem | Agreement](
    kind: str, reference: str, candidates: Sequence[R], label: Callable[[R], str]
) -> R:
    text = reference.strip()
    try:
        key: uuid.UUID | None = uuid.UUID(text)
    except ValueError:
        key = None
    by_id = [c for c in candidates if key is not None and c.id == key]
    if by_id:
        return by_id[0]
    wanted = fold(text)
    by_title = [c for c in candidates if fold(c.title) == wanted]
    compact = text.lower().replace("-", "")
    by_prefix = [c for c in candidates if c.id.hex.startswith(compact)] if len(compact) >= 4 else []
    matches = by_title or by_prefix
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise AmbiguousReferenceError(kind, reference, [label(c) for c in matches])
    raise NotFoundError(kind, reference, [label(c) for c in candidates[:_SHOWN]])


def resolve_item(session: Session, event: Event, reference: str) -> ProgrammeItem:
    """A programme item of ``event`` by UUID, unique prefix or exact title."""
    items = list(
        session.scalars(
            select(ProgrammeItem)
            .where(ProgrammeItem.event_id == event.id)
            .order_by(ProgrammeItem.sort_order, ProgrammeItem.starts_at, ProgrammeItem.title)
        )
    )
    return _resolve("programme item", reference, items, lambda i: f"{i.title} ({str(i.id)[:8]})")


def resolve_agreement(session: Session, reference: str) -> Agreement:
    """An agreement by UUID, unique prefix or exact title."""
    agreements = list(session.scalars(select(Agreement).order_by(Agreement.title)))
    return _resolve("agreement", reference, agreements, lambda a: f"{a.title} ({str(a.id)[:8]})")
