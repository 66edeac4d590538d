"""Order of precedence under each rule, with real country names whose orders differ by language."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import DomainError
from app.model import PrecedenceSetting
from app.model.protocol import Alphabet, HostPlacement, OrganisationOrder
from app.protocol.precedence import (
    Override,
    PrecedenceRule,
    clear_override,
    describe_rule,
    get_rule,
    ordered_delegations,
    ordinal,
    set_override,
    set_rule,
)
from tests.protocol.conftest import (
    add_organisation,
    add_person_to,
    add_state,
    country,
    make_event,
)

FOUR = ["DEU", "EGY", "CHN", "ZAF"]


def names(session: Session, event_id: uuid.UUID) -> list[str]:
    return [r.delegation.display_name for r in ordered_delegations(session, event_id)]


def codes(session: Session, event_id: uuid.UUID) -> list[str]:
    result = []
    for ranked in ordered_delegations(session, event_id):
        assert ranked.delegation.country is not None
        result.append(ranked.delegation.country.alpha3)
    return result


def event_with(session: Session, alpha3s: list[str], host: str | None = None) -> uuid.UUID:
    event = make_event(session, host=host)
    for code in alpha3s:
        add_state(session, event, code)
    return event.id


def test_ordinals() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th",
    ]  # fmt: skip


def test_english_and_french_orders_differ(tx: Session) -> None:
    event_id = event_with(tx, FOUR)
    assert codes(tx, event_id) == ["CHN", "EGY", "DEU", "ZAF"]  # China Egypt Germany South Africa
    set_rule(tx, event_id, PrecedenceRule(alphabet=Alphabet.FRENCH))
    # Afrique du Sud, Allemagne, Chine, Égypte: the accent does not push Égypte after Z.
    assert codes(tx, event_id) == ["ZAF", "DEU", "CHN", "EGY"]
    first = ordered_delegations(tx, event_id)[0]
    assert first.position == 1
    assert first.explanation == "1st: alphabetical in French ('Afrique du Sud')"


def test_draw_letter_wraps_round(tx: Session) -> None:
    event_id = event_with(tx, [*FOUR, "MAR", "BRA"])
    set_rule(tx, event_id, PrecedenceRule(alphabet=Alphabet.FRENCH, draw_letter="M"))
    # Maroc first, then wrapping to the start of the alphabet.
    assert codes(tx, event_id) == ["MAR", "ZAF", "DEU", "BRA", "CHN", "EGY"]
    ranked = ordered_delegations(tx, event_id)
    assert ranked[1].explanation == (
        "2nd: alphabetical in French ('Afrique du Sud'), after the draw starting at 'M'"
    )
    # No French name starts with D: the list starts at the next letter, Égypte.
    set_rule(tx, event_id, PrecedenceRule(alphabet=Alphabet.FRENCH, draw_letter="d"))
    assert codes(tx, event_id) == ["EGY", "MAR", "ZAF", "DEU", "BRA", "CHN"]
    # In English the same draw gives another order.
    set_rule(tx, event_id, PrecedenceRule(alphabet=Alphabet.ENGLISH, draw_letter="M"))
    assert codes(tx, event_id) == ["MAR", "ZAF", "BRA", "CHN", "EGY", "DEU"]


def test_draw_letter_past_the_last_name_starts_at_the_top(tx: Session) -> None:
    event_id = event_with(tx, FOUR)
    set_rule(tx, event_id, PrecedenceRule(draw_letter="Y"))
    assert codes(tx, event_id) == ["CHN", "EGY", "DEU", "ZAF"]


def test_draw_country(tx: Session) -> None:
    event_id = event_with(tx, [*FOUR, "MAR"])
    set_rule(tx, event_id, PrecedenceRule(draw_country_id=country(tx, "EGY").id))
    assert codes(tx, event_id) == ["EGY", "DEU", "MAR", "ZAF", "CHN"]
    assert ordered_delegations(tx, event_id)[0].explanation == (
        "1st: alphabetical in English ('Egypt'), after the draw starting at Egypt"
    )


def test_host_first_last_and_in_order(tx: Session) -> None:
    event_id = event_with(tx, [*FOUR, "MAR"], host="EGY")
    assert codes(tx, event_id) == ["EGY", "CHN", "DEU", "MAR", "ZAF"]  # default: host first
    assert ordered_delegations(tx, event_id)[0].explanation == "1st: host (Egypt), placed first"
    set_rule(
        tx,
        event_id,
        PrecedenceRule(
            alphabet=Alphabet.FRENCH, draw_letter="M", host_placement=HostPlacement.LAST
        ),
    )
    assert codes(tx, event_id) == ["MAR", "ZAF", "DEU", "CHN", "EGY"]
    ranked = ordered_delegations(tx, event_id)
    assert ranked[3].explanation == (
        "4th: alphabetical in French ('Chine'), after the draw starting at 'M'; host placed last"
    )
    assert ranked[4].explanation == "5th: host (Égypte), placed last"
    set_rule(tx, event_id, PrecedenceRule(host_placement=HostPlacement.IN_ORDER))
    assert codes(tx, event_id) == ["CHN", "EGY", "DEU", "MAR", "ZAF"]
    assert "(the host)" in ordered_delegations(tx, event_id)[1].explanation


def test_host_language_russian(tx: Session) -> None:
    event_id = event_with(tx, [*FOUR, "BRA", "KAZ"], host="KAZ")
    set_rule(
        tx,
        event_id,
        PrecedenceRule(alphabet=Alphabet.HOST, language="ru", host_placement=HostPlacement.LAST),
    )
    # Бразилия, Германия, Египет, Китай, Южно-Африканская Республика; Казахстан last.
    assert codes(tx, event_id) == ["BRA", "DEU", "EGY", "CHN", "ZAF", "KAZ"]
    assert ordered_delegations(tx, event_id)[0].explanation == (
        "1st: alphabetical in Russian ('Бразилия'); host placed last"
    )


def test_host_language_defaults_to_the_host_country_language_and_chinese_sorts_by_pinyin(
    tx: Session,
) -> None:
    event_id = event_with(tx, ["DEU", "EGY", "ZAF", "BRA", "MAR", "RUS", "CHN"], host="CHN")
    set_rule(tx, event_id, PrecedenceRule(alphabet=Alphabet.HOST))
    # 中国 first as host; then 埃及 aiji, 巴西 baxi, 德国 deguo, 俄罗斯 eluosi,
    # 摩洛哥 moluoge, 南非 nanfei.
    assert codes(tx, event_id) == ["CHN", "EGY", "BRA", "DEU", "RUS", "MAR", "ZAF"]
    assert "alphabetical in Chinese ('埃及')" in ordered_delegations(tx, event_id)[1].explanation


def test_organisations_after_states_by_name_and_by_founding_year(tx: Session) -> None:
    event = make_event(tx, host="CHN")
    add_organisation(tx, event, "World Health Organization", "WHO", 1948)
    add_organisation(tx, event, "United Nations Development Programme", "UNDP", 1965)
    add_organisation(tx, event, "African Union", "AU", 2002)
    add_organisation(tx, event, "Council of Europe", "CoE", None)
    for code in ("ZAF", "CHN", "DEU"):
        add_state(tx, event, code)
    assert names(tx, event.id) == [
        "China",
        "Germany",
        "South Africa",
        "African Union (AU)",
        "Council of Europe (CoE)",
        "United Nations Development Programme (UNDP)",
        "World Health Organization (WHO)",
    ]
    set_rule(tx, event.id, PrecedenceRule(organisation_order=OrganisationOrder.FOUNDING_YEAR))
    ranked = ordered_delegations(tx, event.id)
    assert [r.delegation.display_name for r in ranked][3:] == [
        "World Health Organization (WHO)",
        "United Nations Development Programme (UNDP)",
        "African Union (AU)",
        "Council of Europe (CoE)",
    ]
    assert ranked[3].explanation == (
        "4th: international organisation, after the states, by founding year (1948)"
    )
    assert "founding year unknown" in ranked[6].explanation


def test_override_keeps_its_reason_and_survives_a_rule_change(sqlite_db: Database) -> None:
    with sqlite_db.transaction() as tx:
        event_id = event_with(tx, [*FOUR, "MAR"])
        zaf = next(r.delegation for r in ordered_delegations(tx, event_id) if r.position == 5)
        set_override(tx, event_id, zaf.id, 2, "Chair of the preparatory committee")
    with sqlite_db.transaction() as tx:
        assert codes(tx, event_id) == ["CHN", "ZAF", "EGY", "DEU", "MAR"]
        ranked = ordered_delegations(tx, event_id)
        assert ranked[1].explanation == (
            "2nd: placed by hand: Chair of the preparatory committee; by the rule it would be 5th"
        )
        assert ranked[2].explanation == (
            "3rd: alphabetical in English ('Egypt'); moved from 2nd by a manual placing"
        )
        rule = get_rule(tx, event_id)
        assert rule.overrides[zaf.id] == Override(2, "Chair of the preparatory committee")
        # Changing the alphabet re-orders everything else and keeps the manual place.
        set_rule(tx, event_id, PrecedenceRule(alphabet=Alphabet.FRENCH, overrides=rule.overrides))
        assert codes(tx, event_id) == ["DEU", "ZAF", "CHN", "EGY", "MAR"]
        clear_override(tx, event_id, zaf.id)
        assert codes(tx, event_id) == ["ZAF", "DEU", "CHN", "EGY", "MAR"]


def test_override_needs_a_reason_and_a_delegation_of_the_event(tx: Session) -> None:
    event_id = event_with(tx, FOUR)
    other = make_event(tx, title="Other event")
    stranger = add_state(tx, other, "MAR")
    first = ordered_delegations(tx, event_id)[0].delegation
    with pytest.raises(DomainError, match="needs a reason"):
        set_override(tx, event_id, first.id, 3, "   ")
    with pytest.raises(DomainError, match="another event"):
        set_override(tx, event_id, stranger.id, 1, "guest of honour")
    with pytest.raises(DomainError, match="not a position"):
        set_override(tx, event_id, first.id, 0, "first")


def test_two_overrides_asking_for_the_same_place(tx: Session) -> None:
    event_id = event_with(tx, FOUR)
    by_code = {r.delegation.country.alpha3: r.delegation for r in ordered_delegations(tx, event_id)}  # type: ignore[union-attr]
    set_override(tx, event_id, by_code["ZAF"].id, 1, "co-organiser")
    set_override(tx, event_id, by_code["DEU"].id, 1, "outgoing chair")
    ranked = ordered_delegations(tx, event_id)
    # Germany ranks before South Africa by the rule, so it keeps the place both asked for.
    assert [r.delegation.country.alpha3 for r in ranked] == ["DEU", "ZAF", "CHN", "EGY"]  # type: ignore[union-attr]
    assert ranked[1].explanation.startswith("2nd: placed by hand (asked for 1st): co-organiser")


def test_rule_validation(tx: Session) -> None:
    event_id = event_with(tx, FOUR)
    with pytest.raises(DomainError, match="not both"):
        set_rule(
            tx, event_id, PrecedenceRule(draw_letter="M", draw_country_id=country(tx, "MAR").id)
        )
    with pytest.raises(DomainError, match="language"):
        set_rule(tx, event_id, PrecedenceRule(alphabet=Alphabet.HOST, language="xx-nowhere"))
    with pytest.raises(DomainError, match="host's language is unknown"):
        set_rule(tx, event_id, PrecedenceRule(alphabet=Alphabet.HOST))  # no host country


def test_members_head_first_then_notified_order(tx: Session) -> None:
    event = make_event(tx)
    delegation = add_state(tx, event, "DEU")
    adviser = add_person_to(tx, delegation, "Schmidt", "Anna", "adviser")
    deputy = add_person_to(tx, delegation, "Müller", "Jonas", "deputy")
    head = add_person_to(tx, delegation, "Weber", "Klaus", "head")
    ranked = ordered_delegations(tx, event.id)[0]
    assert [m.person_id for m in ranked.members] == [head.id, adviser.id, deputy.id]


def test_rule_is_stored_once_per_event(sqlite_db: Database) -> None:
    with sqlite_db.transaction() as tx:
        event_id = event_with(tx, FOUR)
        set_rule(tx, event_id, PrecedenceRule(alphabet=Alphabet.FRENCH))
        set_rule(tx, event_id, PrecedenceRule(alphabet=Alphabet.ENGLISH, draw_letter="G"))
    with sqlite_db.transaction() as tx:
        from sqlalchemy import func, select

        count = tx.scalar(
            select(func.count())
            .select_from(PrecedenceSetting)
            .where(PrecedenceSetting.event_id == event_id)
        )
        assert count == 1
        rule = get_rule(tx, event_id)
        assert rule.alphabet is Alphabet.ENGLISH
        assert rule.draw_letter == "G"
        assert describe_rule(rule) == (
            "States in alphabetical order of their names in English, starting from the letter "
            "'G' drawn by lot; the host placed first; international organisations after the "
            "states, by name."
        )


def test_sample_seminar_hub_ranks_as_organisation(sample_db: Database) -> None:
    from sqlalchemy import select

    from app.model import Event

    with sample_db.transaction() as tx:
        seminar = tx.scalars(
            select(Event).where(Event.title == "BRICS Seminar on Governance")
        ).one()
        ranked = ordered_delegations(tx, seminar.id)
        # The academy is a Chinese body (the host); the hub is an international organisation
        # even though it sits in Kazakhstan.
        assert [r.delegation.display_name for r in ranked] == [
            "China — Chinese Academy of Governance",
            "Kazakhstan — Regional Hub of Civil Service in Astana",
        ]
        assert ranked[0].explanation == "1st: host (China), placed first"
        assert ranked[1].explanation.startswith("2nd: international organisation")
