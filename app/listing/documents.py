"""An agreement's documents as the documents tab lists them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from app.model import AgreementDocument
from app.services.agreements import agreement_documents

if TYPE_CHECKING:
    from app.db import Database


class DocumentRow(NamedTuple):
    id: uuid.UUID
    filename: str
    media_type: str
    size: int
    language: str | None
    added: datetime
    description: str | None


def documents(db: Database, agreement_id: uuid.UUID) -> list[DocumentRow]:
    """The agreement's documents, oldest first."""
    with db.session() as session:
        return [
            DocumentRow(
                d.id,
                d.file.filename,
                d.file.media_type,
                d.file.size,
                d.language,
                d.created_at,
                d.description,
            )
            for d in agreement_documents(session, agreement_id)
        ]


def document_file_name(db: Database, document_id: uuid.UUID) -> str:
    from app.services import records

    with db.session() as session:
        return records.get(session, AgreementDocument, document_id).file.filename
