"""The signatory editor names the aide who stands behind the signatory; undo takes it back."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app.model import (
    Agreement,
    AgreementParty,
    Person,
    Signatory,
    SigningCeremony,
    country_uuid,
)
from app.seed.sample import sample_uuid
from app.services import records
from ui.editors.dialog import RecordEditor
from ui.editors.specs import SPECS

SEMINAR = sample_uuid("seminar")


def _signatory(context) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:  # type: ignore[no-untyped-def]
    """(signatory, signing person, another person) on the sample seminar."""
    with context.db.transaction() as session:
        first, second = list(session.scalars(select(Person).order_by(Person.family_name)))[:2]
        agreement = records.create(session, Agreement, title="Memorandum", event_id=SEMINAR)
        party = records.create(
            session, AgreementParty, agreement_id=agreement.id, country_id=country_uuid("CHN")
        )
        ceremony = records.create(
            session, SigningCeremony, event_id=SEMINAR, agreement_id=agreement.id
        )
        signatory = records.create(
            session, Signatory, ceremony_id=ceremony.id, person_id=first.id, party_id=party.id
        )
        return signatory.id, first.id, second.id


def test_aide_field_saves_validates_and_undoes(context, qtbot) -> None:  # type: ignore[no-untyped-def]
    signatory_id, signer_id, aide_id = _signatory(context)
    spec = SPECS[Signatory]
    assert "aide_person_id" in [f.name for f in spec.fields]

    editor = RecordEditor(context, spec, signatory_id)
    qtbot.addWidget(editor)
    editor.widgets["aide_person_id"].set_value(signer_id)
    editor.save()
    assert editor.result() != RecordEditor.DialogCode.Accepted
    assert editor.errors["aide_person_id"].isVisibleTo(editor)
    assert "cannot be the signatory" in editor.errors["aide_person_id"].text()

    editor.widgets["aide_person_id"].set_value(aide_id)
    editor.save()
    assert editor.result() == RecordEditor.DialogCode.Accepted
    with context.db.session() as session:
        assert records.get(session, Signatory, signatory_id).aide_person_id == aide_id
    context.undo()
    with context.db.session() as session:
        assert records.get(session, Signatory, signatory_id).aide_person_id is None
