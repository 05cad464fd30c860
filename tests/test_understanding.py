"""The question understood once: periods relative to today, bodies by any of their names, intent,
unit and hints, and how follow-ups carry the previous question along."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.answering.models import ChatTurn
from assistant.understanding.bodies import BodyCatalogue, body_catalogue
from assistant.understanding.periods import period_of, years_of
from assistant.understanding.question import understand

TODAY = date(2026, 12, 2)
BODIES = [
    "Länssamverkansgruppen",
    "Samråd hälsa, vård och omsorg",
    "Beredning vuxna och äldre",
    "Beredning barn och unga",
    "Hälso- och sjukvårdsnämnden",
    "Socialnämnden, Skellefteå kommun",
    "Socialnämnden, Storumans kommun",
    "Patientsäkerhetsrådet",
]


@pytest.fixture(scope="module")
def catalogue() -> BodyCatalogue:
    return body_catalogue(BODIES, [("LSG", "Länssamverkansgruppen", "Länssamverkan")], {})


@pytest.mark.parametrize(
    ("text", "since", "until"),
    [
        ("Vad beslutades i våras om SIP?", date(2026, 1, 1), date(2026, 6, 30)),
        ("vad har hänt sedan i höstas", date(2026, 8, 1), None),
        ("Vad sa LSG i november 2025?", date(2025, 11, 1), date(2025, 11, 30)),
        ("beslut våren 2025", date(2025, 1, 1), date(2025, 6, 30)),
        ("vad hände förra året", date(2025, 1, 1), date(2025, 12, 31)),
        ("under 2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("på mötet 2026-02-20", date(2026, 2, 20), date(2026, 2, 20)),
        ("mötet den 14 november", date(2026, 11, 14), date(2026, 11, 14)),
        ("vad beslutades i mars", date(2026, 3, 1), date(2026, 3, 31)),
    ],
)
def test_periods_absolute_and_relative_to_today(text: str, since: date | None, until: date | None) -> None:
    period = period_of(text, TODAY)
    assert period is not None
    assert (period.since, period.until) == (since, until)


def test_relative_periods_move_with_today() -> None:
    march = date(2026, 3, 10)
    spring = period_of("i våras", march)
    november = period_of("i november", march)
    assert spring is not None and spring.since == date(2025, 1, 1)  # this spring has barely begun: last year's
    assert november is not None and november.since == date(2025, 11, 1)


@pytest.mark.parametrize("text", ["budgeten för 2026", "strategin 2025–2030", "Vad beslutades om SIP?"])
def test_a_year_that_qualifies_the_topic_is_no_period(text: str) -> None:
    assert period_of(text, TODAY) is None


def test_years_are_kept_apart_from_periods() -> None:
    assert years_of("budgeten för 2026") == (2026,)
    assert years_of("strategin 2025–2030") == (2025, 2030)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Vad beslutade beredningen för vuxna och äldre om budgeten?", ["Beredning vuxna och äldre"]),
        ("Vem var ordförande på samrådet?", ["Samråd hälsa, vård och omsorg"]),
        ("Vad sa LSG om SIP?", ["Länssamverkansgruppen"]),
        ("Vad sa länssamverkansgruppens möte?", ["Länssamverkansgruppen"]),
        ("Vad beslutade socialnämnden i Skellefteå?", ["Socialnämnden, Skellefteå kommun"]),
        ("Vad gjorde beredningarna i år?", []),  # a plural names no one body
        ("Vad beslutade beredningen?", []),  # two bodies share the head word
        ("Vem ansvarar för kommunal hälso- och sjukvård?", []),  # a phrase, not the committee
        ("Vad hände i Hälso- och sjukvårdsnämnden?", ["Hälso- och sjukvårdsnämnden"]),
    ],
)
def test_bodies_by_any_of_their_names(catalogue: BodyCatalogue, text: str, named: list[str]) -> None:
    assert [b.name for b in catalogue.named(text)] == named


def test_the_more_specific_of_two_bodies_is_named() -> None:
    catalogue = BodyCatalogue(["Socialnämnden", "Socialnämnden, Skellefteå kommun", "Länssamverkansgruppen"])
    assert [b.name for b in catalogue.named("socialnämnden i Skellefteå")] == ["Socialnämnden, Skellefteå kommun"]


def test_a_body_something_is_sent_to_is_a_recipient(catalogue: BodyCatalogue) -> None:
    question = understand("Vilka ärenden lyftes till samrådet?", (), catalogue, TODAY)
    assert question.bodies == ()
    assert question.recipients == ("Samråd hälsa, vård och omsorg",)


def test_question_read_once(catalogue: BodyCatalogue) -> None:
    question = understand("Hur många kronor avsatte LSG till suicidprevention i våras?", (), catalogue, TODAY)
    assert question.intent == "belopp"
    assert question.bodies == ("Länssamverkansgruppen",)
    assert question.period is not None and question.period.label == "våren 2026"
    assert question.amount is not None and question.amount.search("500 000 kronor")
    assert not question.amount.search("20 %")
    explained = question.explain()
    assert explained["organ"] == ["Länssamverkansgruppen"] and explained["period"]["text"] == "våren 2026"


def test_latest_role_and_agreement_hint(catalogue: BodyCatalogue) -> None:
    assert understand("Vad beslutades senast om hemsjukvården?", (), catalogue, TODAY).latest
    chair = understand("Vem var ordförande på samrådet?", (), catalogue, TODAY)
    assert chair.intent == "närvaro" and chair.role == "Ordförande"
    assert understand("Vad säger överenskommelsen om tvister?", (), catalogue, TODAY).agreement_hint


def test_follow_up_carries_the_previous_question(catalogue: BodyCatalogue) -> None:
    history = [ChatTurn(role="user", content="Vad beslutade LSG om SIP?"), ChatTurn(role="assistant", content="…")]
    question = understand("Och vem ansvarar för det?", history, catalogue, TODAY)
    assert "SIP" in question.query and question.bodies == ("Länssamverkansgruppen",)


@pytest.mark.parametrize(
    "text",
    ["WHAT WAS DECIDED ABOUT SIP?", "x" * 10_000, "LSG", "2026-02-20", "vad beslutade smråd om hemsjkvård", "?!"],
)
def test_bad_questions_are_understood_without_error(catalogue: BodyCatalogue, text: str) -> None:
    question = understand(text, (), catalogue, TODAY)
    assert len(question.text) <= 2000
