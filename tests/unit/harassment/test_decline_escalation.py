"""ClaimCase.decline_escalation: the adjuster refuses the recommended escalation, with a reason.
Given / When / Then, one behaviour each."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.harassment.case import ClaimCase
from domain.harassment.errors import EscalationNotAwaitingConsent
from domain.kernel.actors import Actor
from domain.kernel.errors import CaseClosed, DomainError, RoleNotAllowed
from tests.builders import (
    ADJUSTER,
    CONCIERGE,
    NOT_ADJUSTER,
    a_case_awaiting_consent,
    a_case_with_consent,
    a_closed_case_awaiting_consent,
    a_reported_case,
    invalid,
    only_event,
    refused,
    role_id,
)


def test_decline_escalation_by_adjuster_records_escalation_declined_event() -> None:
    case = a_case_awaiting_consent()

    case.decline_escalation(reason="必要性なし", actor=ADJUSTER)

    event = only_event(case, "EscalationDeclined")
    assert event.reason == "必要性なし"
    assert event.actor_id == "adjuster-1"
    assert event.actor_role == "adjuster"


def test_decline_escalation_marks_escalation_declined_with_reason() -> None:
    case = a_case_awaiting_consent()

    case.decline_escalation(reason="必要性なし", actor=ADJUSTER)

    assert case.escalation == "declined"
    assert case.decline_reason == "必要性なし"
    assert case.consent_date is None
    assert case.status == "open"


@pytest.mark.parametrize("actor", NOT_ADJUSTER, ids=role_id)
def test_decline_escalation_by_non_adjuster_is_refused_with_role_not_allowed(actor: Actor) -> None:
    case = a_case_awaiting_consent()

    refused(lambda: case.decline_escalation(reason="必要性なし", actor=actor), RoleNotAllowed, "role_not_allowed")


def test_decline_escalation_on_closed_case_is_refused_with_case_closed() -> None:
    case = a_closed_case_awaiting_consent()

    refused(lambda: case.decline_escalation(reason="必要性なし", actor=ADJUSTER), CaseClosed, "case_is_closed")


def test_decline_escalation_without_recommendation_is_refused_with_not_awaiting_consent() -> None:
    case = a_reported_case()

    refused(
        lambda: case.decline_escalation(reason="必要性なし", actor=ADJUSTER),
        EscalationNotAwaitingConsent,
        "escalation_not_awaiting_consent",
    )


def test_decline_escalation_after_consent_is_refused_with_not_awaiting_consent() -> None:
    case = a_case_with_consent()

    refused(
        lambda: case.decline_escalation(reason="必要性なし", actor=ADJUSTER),
        EscalationNotAwaitingConsent,
        "escalation_not_awaiting_consent",
    )


def test_decline_escalation_with_empty_reason_is_invalid_naming_reason() -> None:
    case = a_case_awaiting_consent()

    invalid(lambda: case.decline_escalation(reason="", actor=ADJUSTER), "reason")


# ---- a refused command records nothing ---------------------------------------------------

REFUSALS: dict[str, tuple[Callable[[], ClaimCase], Callable[[ClaimCase], object]]] = {
    "decline_escalation_by_concierge": (
        a_case_awaiting_consent,
        lambda c: c.decline_escalation(reason="x", actor=CONCIERGE),
    ),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_decline_escalation_refused_records_no_event_and_keeps_the_version(name: str) -> None:
    given, command = REFUSALS[name]
    case = given()
    version_before = case.version

    with pytest.raises(DomainError):
        command(case)

    assert case.collect_events() == []
    assert case.version == version_before
