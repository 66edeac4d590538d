"""Agreements: parties, and the status lifecycle from draft to expiry."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from app.errors import DomainError
from app.model import Agreement, AgreementStatusChange, utc_now
from app.model.enums import AgreementStatus as S
from app.services import records

# The steps a status may take without being forced. Going back one step (talks
# reopened) and abandoning a text before it is signed are ordinary events.
ALLOWED_TRANSITIONS: dict[S, frozenset[S]] = {
    S.DRAFT: frozenset({S.NEGOTIATING, S.TERMINATED}),
    S.NEGOTIATING: frozenset({S.DRAFT, S.AGREED, S.TERMINATED}),
    S.AGREED: frozenset({S.NEGOTIATING, S.SIGNED, S.TERMINATED}),
    S.SIGNED: frozenset({S.IN_FORCE, S.TERMINATED}),
    S.IN_FORCE: frozenset({S.EXPIRED, S.TERMINATED}),
    S.EXPIRED: frozenset({S.IN_FORCE}),
    S.TERMINATED: frozenset(),
}


def change_agreement_status(
    session: Session,
    agreement_id: uuid.UUID,
    new_status: str,
    *,
    force: bool = False,
    reason: str | None = None,
) -> AgreementStatusChange:
    """Move an agreement along its lifecycle; a skipped step needs ``force`` and a reason."""
    agreement = records.get(session, Agreement, agreement_id)
    try:
        target = S(new_status)
    except ValueError:
        allowed = ", ".join(s.value for s in S)
        raise DomainError("status", f"'{new_status}' is not one of: {allowed}") from None
    current = S(agreement.status)
    if target == current:
        raise DomainError("status", f"the agreement is already {current.value}")
    ordinary = target in ALLOWED_TRANSITIONS[current]
    if not ordinary:
        if not force:
            allowed = ", ".join(sorted(s.value for s in ALLOWED_TRANSITIONS[current])) or "none"
            raise DomainError(
                "status",
                f"cannot go from {current.value} to {target.value} (next steps: {allowed}); "
                "force it with a reason if the record must say so",
            )
        if not reason or not reason.strip():
            raise DomainError("reason", "a forced status change needs a reason")
    agreement.status = target.value
    change = records.create(
        session,
        AgreementStatusChange,
        agreement_id=agreement.id,
        from_status=current.value,
        to_status=target.value,
        changed_at=utc_now(),
        forced=not ordinary,
        reason=reason,
    )
    return change


def undo_status_change(session: Session, change_id: uuid.UUID) -> None:
    """Take back a recorded status change (desktop undo).

    Undoing is not a new lifecycle step: the recorded change is removed and the previous
    status put back, instead of writing a second, forced history entry.
    """
    change = records.get(session, AgreementStatusChange, change_id)
    agreement = records.get(session, Agreement, change.agreement_id)
    agreement.status = change.from_status or agreement.status
    records.delete(session, AgreementStatusChange, change.id)
    session.flush()
