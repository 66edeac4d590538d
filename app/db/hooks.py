"""Session-wide behaviour: soft-deleted rows stay hidden, search keys stay current."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from app.db.visibility import live
from app.model.base import RecordMixin

INCLUDE_DELETED = "include_deleted"


@event.listens_for(Session, "do_orm_execute")
def _hide_soft_deleted(state: ORMExecuteState) -> None:
    """Every ORM query, lazy loads included, skips soft-deleted rows unless asked.

    Pass ``execution_options(include_deleted=True)`` for backups, merges and undo.
    """
    if (
        state.is_select
        and not state.is_column_load
        and not state.execution_options.get(INCLUDE_DELETED, False)
    ):
        state.statement = state.statement.options(
            with_loader_criteria(
                RecordMixin,
                lambda cls: live(cls),
                include_aliases=True,
            )
        )


@event.listens_for(Session, "before_flush")
def _refresh_search_keys(session: Session, _context: Any, _instances: Any) -> None:
    for obj in (*session.new, *session.dirty):
        refresh = getattr(obj, "refresh_search_key", None)
        if refresh is not None:
            refresh()


@event.listens_for(Session, "after_flush")
def _journal_changes(session: Session, _context: Any) -> None:
    from app.journal.recorder import guard_flush

    guard_flush(session)
