"""Every item model passes Qt's model tester; sorting and filtering use folded keys."""

from __future__ import annotations

import pytest
from pytestqt.modeltest import ModelTester

from app.model import AgreementParty, Delegation, SigningCeremony
from app.seed.sample import sample_uuid
from ui.models import event_models, lists
from ui.search import SearchModel

EVENT = sample_uuid("seminar")


def _add_signatory(sample_db):  # type: ignore[no-untyped-def]
    from app.model import Person, Signatory
    from app.services import records

    with sample_db.transaction() as session:
        ceremony = session.query(SigningCeremony).first()
        party = session.query(AgreementParty).filter_by(agreement_id=ceremony.agreement_id).first()
        person = session.query(Person).first()
        records.create(
            session, Signatory, ceremony_id=ceremony.id, person_id=person.id, party_id=party.id
        )
        return ceremony.id


def _scope(sample_db, model_class):  # type: ignore[no-untyped-def]
    with sample_db.session() as session:
        if model_class is event_models.MembersModel:
            return session.query(Delegation.id).first()[0]
        if model_class is event_models.SignatoriesModel:
            return _add_signatory(sample_db)
        if model_class is event_models.PartiesModel:
            return session.query(AgreementParty.agreement_id).first()[0]
    return EVENT


@pytest.mark.parametrize(
    "model_class",
    [
        lists.PeopleModel,
        lists.OrganisationsModel,
        lists.EventsModel,
        lists.AgreementsModel,
        lists.CountriesModel,
        event_models.ProgrammeModel,
        event_models.DelegationsModel,
        event_models.MembersModel,
        event_models.SpeakersModel,
        event_models.CeremoniesModel,
        event_models.SignatoriesModel,
        event_models.PartiesModel,
        event_models.GiftsModel,
    ],
)
def test_every_table_model_passes_the_model_tester(
    qtmodeltester: ModelTester, context, sample_db, model_class
) -> None:  # type: ignore[no-untyped-def]
    scope = _scope(sample_db, model_class) if model_class.scoped else None
    model = model_class(context, scope)
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)
    # The tester stays connected and checks every change signal from here on.
    if model.sortable:
        model.sort(0)
    model.set_filter("a")
    model.set_filter("")
    model.reload()


def test_every_model_shows_one_column_per_field_of_its_listing_rows() -> None:
    from ui.models.base import RecordTableModel

    def models(base: type) -> list[type]:
        return [m for sub in base.__subclasses__() for m in (sub, *models(sub))]

    found = models(RecordTableModel)
    assert len(found) >= 15
    for model_class in found:
        assert len(model_class.headers) == len(model_class.listing.columns()), model_class


def test_search_model_passes_the_model_tester(qtmodeltester: ModelTester, context) -> None:  # type: ignore[no-untyped-def]
    model = SearchModel(context)
    model.run("baymenov")
    assert model.rowCount() == 2  # the "People" header, then the one hit
    assert [hit.label for hit in model.hits] == ["Alikhan Baimenov"]
    qtmodeltester.check(model, force_py=True)


def test_people_filter_matches_accents_scripts_and_spellings(context) -> None:  # type: ignore[no-untyped-def]
    model = lists.PeopleModel(context)
    assert model.rowCount() == 2
    model.set_filter("马")
    assert [model.row_values(r)[0] for r in range(model.rowCount())] == ["Ma Jiantang"]
    model.set_filter("BAIMENOV")
    assert [model.row_values(r)[0] for r in range(model.rowCount())] == ["Alikhan Baimenov"]
    model.set_filter("")
    assert model.rowCount() == 2


def test_people_filter_asks_the_database_for_names_positions_and_organisations(
    context,
) -> None:  # type: ignore[no-untyped-def]
    from app.model import Organisation, Person
    from app.services import records

    with context.db.transaction() as session:
        organisation = session.query(Organisation).first()
        for given, family, position in (
            ("Ana", "Silva", "Consul general"),
            ("Chloé", "Dubois", "Посол"),
            ("Ильяс", "Ахметов", "Consul general"),
            ("伟", "李", None),
        ):
            records.create(
                session,
                Person,
                given_names=given,
                family_name=family,
                position=position,
                organisation_id=organisation.id,
            )
    model = lists.PeopleModel(context)

    def matches(text: str) -> list[str]:
        model.set_filter(text)
        found = [model.row_values(r)[0] for r in range(model.rowCount())]
        model.set_filter("")
        return found

    assert matches("CONSUL") == ["Ana Silva", "Ильяс Ахметов"]
    assert matches("CHLOE") == ["Chloé Dubois"]
    assert matches("ПОСОЛ") == ["Chloé Dubois"]
    assert matches("akhmetov") == ["Ильяс Ахметов"]
    assert matches("李") == ["伟 李"]
    assert len(matches(organisation.name[:6])) >= 4
    # LIKE's wildcards are plain characters in what the user types.
    assert matches("%") == []
    assert matches("_") == []
    # Typing on narrows what is shown, and the first letters match again after.
    model.set_filter("c")
    model.set_filter("ch")
    model.set_filter("chl")
    assert [model.row_values(r)[0] for r in range(model.rowCount())] == ["Chloé Dubois"]


def test_sorting_is_in_the_model_and_reversible(context) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    model = lists.OrganisationsModel(context)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    ascending = [model.row_values(r)[0] for r in range(model.rowCount())]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    descending = [model.row_values(r)[0] for r in range(model.rowCount())]
    assert ascending == sorted(ascending, key=str.casefold)
    assert descending == list(reversed(ascending))
