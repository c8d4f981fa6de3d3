"""ClaimCase.recommend_escalation: the concierge judges the parties cannot settle it themselves and
recommends a lawyer.
Given / When / Then, one behaviour each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from domain.harassment.case import ClaimCase
from domain.harassment.errors import EscalationAlreadyRecommended
from domain.kernel.actors import Actor
from domain.kernel.errors import CaseClosed, DomainError, RoleNotAllowed
from tests.builders import (
    CONCIERGE,
    NOT_CONCIERGE,
    NOW,
    a_case_awaiting_consent,
    a_case_with_consent,
    a_case_with_declined_escalation,
    a_closed_case,
    a_reported_case,
    event_names,
    invalid,
    only_event,
    refused,
    role_id,
)


def test_recommend_escalation_by_concierge_records_escalation_recommended_event() -> None:
    case = a_reported_case()

    case.recommend_escalation(reason="当事者間での解決は困難", actor=CONCIERGE, now=NOW)

    event = only_event(case, "EscalationRecommended")
    assert event.reason == "当事者間での解決は困難"
    assert event.actor_id == "concierge-1"
    assert event.actor_role == "concierge"


def test_recommend_escalation_puts_case_awaiting_consent() -> None:
    case = a_reported_case()

    case.recommend_escalation(reason="当事者間での解決は困難", actor=CONCIERGE, now=NOW)

    assert case.escalation == "recommended"
    assert case.escalation_reason == "当事者間での解決は困難"
    assert case.stage == "awaiting_consent"


def test_recommend_escalation_after_midnight_in_japan_records_the_japan_date() -> None:
    case = a_reported_case()

    case.recommend_escalation(reason="困難", actor=CONCIERGE, now=datetime(2025, 5, 20, 15, 30, tzinfo=UTC))

    assert case.collect_events()[0].recommended_on == date(2025, 5, 21)  # 00:30 on the 21st in Japan


def test_recommend_escalation_after_decline_is_accepted_again() -> None:
    case = a_case_with_declined_escalation()

    case.recommend_escalation(reason="新たな脅迫があった", actor=CONCIERGE, now=NOW)

    assert event_names(case.collect_events()) == ["EscalationRecommended"]
    assert case.escalation == "recommended"


@pytest.mark.parametrize("actor", NOT_CONCIERGE, ids=role_id)
def test_recommend_escalation_by_non_concierge_is_refused_with_role_not_allowed(actor: Actor) -> None:
    case = a_reported_case()

    refused(lambda: case.recommend_escalation(reason="困難", actor=actor, now=NOW), RoleNotAllowed, "role_not_allowed")


def test_recommend_escalation_on_closed_case_is_refused_with_case_closed() -> None:
    case = a_closed_case()

    refused(lambda: case.recommend_escalation(reason="困難", actor=CONCIERGE, now=NOW), CaseClosed, "case_is_closed")


def test_recommend_escalation_twice_is_refused_with_escalation_already_recommended() -> None:
    case = a_case_awaiting_consent()

    refused(
        lambda: case.recommend_escalation(reason="再度", actor=CONCIERGE, now=NOW),
        EscalationAlreadyRecommended,
        "escalation_already_recommended",
        "escalation",
    )


def test_recommend_escalation_after_consent_is_refused_with_escalation_already_recommended() -> None:
    case = a_case_with_consent()

    refused(
        lambda: case.recommend_escalation(reason="再度", actor=CONCIERGE, now=NOW),
        EscalationAlreadyRecommended,
        "escalation_already_recommended",
    )


def test_recommend_escalation_with_empty_reason_is_invalid_naming_reason() -> None:
    case = a_reported_case()

    invalid(lambda: case.recommend_escalation(reason="  ", actor=CONCIERGE, now=NOW), "reason")


# ---- a refused command records nothing ---------------------------------------------------

REFUSALS: dict[str, tuple[Callable[[], ClaimCase], Callable[[ClaimCase], object]]] = {
    "recommend_twice": (a_case_awaiting_consent, lambda c: c.recommend_escalation(reason="再度", actor=CONCIERGE, now=NOW)),
    "recommend_empty_reason": (a_reported_case, lambda c: c.recommend_escalation(reason="", actor=CONCIERGE, now=NOW)),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_recommend_escalation_refused_records_no_event_and_keeps_the_version(name: str) -> None:
    given, command = REFUSALS[name]
    case = given()
    version_before = case.version

    with pytest.raises(DomainError):
        command(case)

    assert case.collect_events() == []
    assert case.version == version_before
