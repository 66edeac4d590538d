"""Agreements: parties, and the status lifecycle from draft to expiry."""

from __future__ import annotations

import hashlib
import mimetypes
import uuid
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import DomainError
from app.model import Agreement, AgreementDocument, AgreementStatusChange, StoredFile, utc_now
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


# Agreement texts are kept inside the database (one file carries everything); a limit
# keeps a stray video or disk image from bloating every backup.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


def attach_document(
    session: Session,
    agreement_id: uuid.UUID,
    source: Path | str | bytes,
    filename: str | None = None,
    language: str | None = None,
    description: str | None = None,
) -> AgreementDocument:
    """Store a file (a path, or the bytes with their ``filename``) as a document of the
    agreement. Refuses a missing, unreadable, empty or too large file with a clear reason."""
    records.get(session, Agreement, agreement_id)
    if isinstance(source, bytes):
        content = source
        name = (filename or "").strip()
        if not name:
            raise DomainError("filename", "a document given as bytes needs its file name")
    else:
        path = Path(source).expanduser()
        name = (filename or "").strip() or path.name
        if not path.exists():
            raise DomainError("file", f"'{path}' does not exist")
        if not path.is_file():
            raise DomainError("file", f"'{path.name}' is not a file")
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise DomainError("file", _too_large(path.name, size))
        try:
            content = path.read_bytes()
        except OSError as error:
            raise DomainError("file", f"'{path.name}' cannot be read: {error.strerror}") from None
    if len(content) > MAX_DOCUMENT_BYTES:
        raise DomainError("file", _too_large(name, len(content)))
    if not content:
        raise DomainError("file", f"'{name}' is empty")
    media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    stored = records.create(
        session,
        StoredFile,
        filename=name,
        media_type=media_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
    )
    return records.create(
        session,
        AgreementDocument,
        agreement_id=agreement_id,
        file_id=stored.id,
        language=(language or "").strip() or None,
        description=(description or "").strip() or None,
    )


def _too_large(name: str, size: int) -> str:
    limit = MAX_DOCUMENT_BYTES // (1024 * 1024)
    return f"'{name}' is {size / (1024 * 1024):.1f} MB; a document may be at most {limit} MB"


def agreement_documents(session: Session, agreement_id: uuid.UUID) -> list[AgreementDocument]:
    """The agreement's documents, oldest first."""
    return list(
        session.scalars(
            select(AgreementDocument)
            .where(AgreementDocument.agreement_id == agreement_id)
            .order_by(AgreementDocument.created_at)
        )
    )


def document_counts(
    session: Session, agreement_ids: Sequence[uuid.UUID] | None = None
) -> dict[uuid.UUID, int]:
    """How many documents each agreement holds (agreements without any are left out)."""
    query = select(AgreementDocument.agreement_id, func.count()).group_by(
        AgreementDocument.agreement_id
    )
    if agreement_ids is not None:
        query = query.where(AgreementDocument.agreement_id.in_(agreement_ids))
    return {row[0]: int(row[1]) for row in session.execute(query)}


def save_document_copy(session: Session, document_id: uuid.UUID, target: Path | str) -> Path:
    """Write the stored file out to ``target``; the database keeps its copy."""
    document = records.get(session, AgreementDocument, document_id)
    path = Path(target).expanduser()
    if not path.parent.is_dir():
        raise DomainError("target", f"the folder '{path.parent}' does not exist")
    try:
        from app.io.private import write_private_bytes

        write_private_bytes(path, bytes(document.file.content))
    except OSError as error:
        raise DomainError("target", f"'{path}' cannot be written: {error.strerror}") from None
    return path
