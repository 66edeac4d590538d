"""Taking back an agreement status change, for undo in the desktop app.

``change_agreement_status`` records history and refuses skipped steps; undoing a
change is not a new lifecycle step, so it removes the recorded change and puts the
previous status back instead of writing a second, forced history entry.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from app.model import Agreement, AgreementStatusChange
from app.services import records


def undo_status_change(session: Session, change_id: uuid.UUID) -> None:
    change = records.get(session, AgreementStatusChange, change_id)
    agreement = records.get(session, Agreement, change.agreement_id)
    agreement.status = change.from_status or agreement.status
    records.delete(session, AgreementStatusChange, change.id)
    session.flush()
