"""Agreement documents stored in the database: attach from a path or bytes, limits and
clear refusals, the count in the register, a copy written back out byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.db import Database
from app.errors import DomainError
from app.model import Agreement, AgreementDocument, StoredFile
from app.protocol.agreements import agreements_register
from app.services import agreements as service
from app.services import records


@pytest.fixture
def agreement_id(sqlite_db: Database):  # type: ignore[no-untyped-def]
    with sqlite_db.transaction() as session:
        records.create(session, Agreement, title="Air services agreement")
        return records.create(session, Agreement, title="Memorandum on training").id


def test_attach_from_path_and_bytes_then_save_a_copy(
    sqlite_db: Database,
    agreement_id,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    text = tmp_path / "memorandum-kk.pdf"
    payload = b"%PDF-1.4 not really, but bytes are bytes \x00\xff"
    text.write_bytes(payload)
    with sqlite_db.transaction() as session:
        first = service.attach_document(session, agreement_id, text, language="kk")
        second = service.attach_document(
            session, agreement_id, "Текст на русском".encode(), "текст.txt", "ru", " draft "
        )
        first_id, second_id = first.id, second.id
    with sqlite_db.session() as session:
        documents = service.agreement_documents(session, agreement_id)
        assert [d.id for d in documents] == [first_id, second_id]
        stored = documents[0].file
        assert stored.filename == "memorandum-kk.pdf"
        assert stored.media_type == "application/pdf"
        assert stored.size == len(payload)
        assert stored.sha256 == hashlib.sha256(payload).hexdigest()
        assert documents[0].language == "kk"
        assert documents[1].file.media_type == "text/plain"
        assert documents[1].description == "draft"
        out = service.save_document_copy(session, first_id, tmp_path / "copy.pdf")
    assert out is not None
    assert out.read_bytes() == payload


@pytest.mark.parametrize(
    ("make", "field", "words"),
    [
        (lambda folder: folder / "missing.pdf", "file", "does not exist"),
        (lambda folder: folder, "file", "is not a file"),
        (lambda folder: (folder / "empty.pdf", (folder / "empty.pdf").touch())[0], "file", "empty"),
        (lambda folder: b"bytes without a name", "filename", "needs its file name"),
    ],
)
def test_refusals_are_clear_and_store_nothing(
    sqlite_db: Database,
    agreement_id,
    tmp_path: Path,
    make,
    field: str,
    words: str,  # type: ignore[no-untyped-def]
) -> None:
    source = make(tmp_path)
    with pytest.raises(DomainError) as raised, sqlite_db.transaction() as session:
        service.attach_document(session, agreement_id, source)
    assert raised.value.field == field
    assert words in raised.value.reason
    with sqlite_db.session() as session:
        assert session.query(StoredFile).count() == 0
        assert session.query(AgreementDocument).count() == 0


def test_size_limit(
    sqlite_db: Database,
    agreement_id,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(service, "MAX_DOCUMENT_BYTES", 1024)
    big = tmp_path / "scan.tiff"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(DomainError, match="at most 0 MB") as raised, sqlite_db.transaction() as s:
        service.attach_document(s, agreement_id, big)
    assert "'scan.tiff' is 0.0 MB" in raised.value.reason
    with pytest.raises(DomainError, match="at most"), sqlite_db.transaction() as s:
        service.attach_document(s, agreement_id, b"y" * 1025, "a.bin")
    with sqlite_db.transaction() as session:  # at the limit is fine
        service.attach_document(session, agreement_id, b"z" * 1024, "ok.bin")


def test_register_counts_documents_and_forgets_removed_ones(
    sqlite_db: Database,
    agreement_id,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    with sqlite_db.transaction() as session:
        kept = service.attach_document(session, agreement_id, b"one", "one.txt")
        removed = service.attach_document(session, agreement_id, b"two", "two.txt")
        records.delete(session, AgreementDocument, removed.id)
        assert kept.id != removed.id
    with sqlite_db.session() as session:
        counts = {e.agreement.title: e.documents for e in agreements_register(session)}
    assert counts == {"Memorandum on training": 1, "Air services agreement": 0}


def test_unknown_agreement_is_not_found(sqlite_db: Database) -> None:
    import uuid

    from app.errors import NotFoundError

    with pytest.raises(NotFoundError), sqlite_db.transaction() as session:
        service.attach_document(session, uuid.uuid4(), b"x", "x.txt")
