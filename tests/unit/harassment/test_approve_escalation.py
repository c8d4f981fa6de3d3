"""ClaimCase.approve_escalation: the insurer's consent (承諾) to the lawyer, dated no earlier than the
recommendation and never in the future.
Given / When / Then, one behaviour each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from domain.harassment.case import ClaimCase
from domain.harassment.errors import EscalationNotAwaitingConsent
from domain.kernel.actors import Actor
from domain.kernel.errors import CaseClosed, DomainError, RoleNotAllowed
from tests.builders import (
    CONCIERGE,
    CONSENT_DATE,
    NOT_ADJUSTER,
    NOW,
    RECOMMENDED_AT,
    TOMORROW,
    a_case_awaiting_consent,
    a_case_with_consent,
    a_case_with_declined_escalation,
    a_closed_case_awaiting_consent,
    a_reported_case,
    consent_kwargs,
    invalid,
    only_event,
    refused,
    role_id,
)


def test_approve_escalation_by_adjuster_records_escalation_approved_event() -> None:
    case = a_case_awaiting_consent()

    case.approve_escalation(**consent_kwargs())

    event = only_event(case, "EscalationApproved")
    assert event.consent_date == CONSENT_DATE
    assert event.consent_reference == "SJ-CONSENT-0001"
    assert event.lawyer_name == "佐藤 花子"
    assert event.law_firm == "佐藤法律事務所"
    assert event.actor_id == "adjuster-1"
    assert event.actor_role == "adjuster"


def test_approve_escalation_engages_the_lawyer_from_the_consent_date() -> None:
    case = a_case_awaiting_consent()

    case.approve_escalation(**consent_kwargs())

    assert case.escalation == "approved"
    assert case.consent_date == CONSENT_DATE
    assert case.lawyer_name == "佐藤 花子"
    assert case.law_firm == "佐藤法律事務所"
    assert case.stage == "lawyer_engaged"


def test_approve_escalation_dated_today_in_japan_is_accepted_while_utc_is_still_yesterday() -> None:
    case = a_case_awaiting_consent()
    now_utc = datetime(2025, 6, 14, 15, 30, tzinfo=UTC)  # 00:30 on 15 June in Japan

    case.approve_escalation(**consent_kwargs(consent_date=date(2025, 6, 15), now=now_utc))

    assert case.consent_date == date(2025, 6, 15)


def test_approve_escalation_dated_the_day_of_the_recommendation_is_accepted() -> None:
    case = a_case_awaiting_consent()

    case.approve_escalation(**consent_kwargs(consent_date=RECOMMENDED_AT.date()))

    assert case.consent_date == date(2025, 5, 20)


def test_approve_escalation_dated_before_the_recommendation_is_invalid() -> None:
    case = a_case_awaiting_consent()

    invalid(lambda: case.approve_escalation(**consent_kwargs(consent_date=date(2025, 5, 19))), "consent_date")


@pytest.mark.parametrize("actor", NOT_ADJUSTER, ids=role_id)
def test_approve_escalation_by_non_adjuster_is_refused_with_role_not_allowed(actor: Actor) -> None:
    case = a_case_awaiting_consent()

    refused(lambda: case.approve_escalation(**consent_kwargs(actor=actor)), RoleNotAllowed, "role_not_allowed")


def test_approve_escalation_on_closed_case_is_refused_with_case_closed() -> None:
    case = a_closed_case_awaiting_consent()

    refused(lambda: case.approve_escalation(**consent_kwargs()), CaseClosed, "case_is_closed")


def test_approve_escalation_without_recommendation_is_refused_with_not_awaiting_consent() -> None:
    case = a_reported_case()

    refused(
        lambda: case.approve_escalation(**consent_kwargs()),
        EscalationNotAwaitingConsent,
        "escalation_not_awaiting_consent",
        "escalation",
    )


def test_approve_escalation_after_decline_is_refused_with_not_awaiting_consent() -> None:
    case = a_case_with_declined_escalation()

    refused(
        lambda: case.approve_escalation(**consent_kwargs()),
        EscalationNotAwaitingConsent,
        "escalation_not_awaiting_consent",
    )


def test_approve_escalation_twice_is_refused_with_not_awaiting_consent() -> None:
    case = a_case_with_consent()

    refused(
        lambda: case.approve_escalation(**consent_kwargs()),
        EscalationNotAwaitingConsent,
        "escalation_not_awaiting_consent",
    )


def test_approve_escalation_dated_tomorrow_is_invalid_naming_consent_date() -> None:
    case = a_case_awaiting_consent()

    invalid(lambda: case.approve_escalation(**consent_kwargs(consent_date=TOMORROW)), "consent_date")


def test_approve_escalation_dated_before_incident_japan_date_is_invalid_naming_consent_date() -> None:
    # 16:00 UTC on 31 May is 01:00 on 1 June in Japan: the incident's date is 1 June.
    case = a_reported_case(occurred_at=datetime(2025, 5, 31, 16, 0, tzinfo=UTC))
    case.recommend_escalation(reason="困難", actor=CONCIERGE, now=NOW)

    invalid(lambda: case.approve_escalation(**consent_kwargs(consent_date=date(2025, 5, 31))), "consent_date")


@pytest.mark.parametrize("field", ["consent_reference", "lawyer_name", "law_firm"])
def test_approve_escalation_with_empty_text_is_invalid_naming_the_field(field: str) -> None:
    case = a_case_awaiting_consent()

    invalid(lambda: case.approve_escalation(**consent_kwargs(**{field: ""})), field)


# ---- a refused command records nothing ---------------------------------------------------

REFUSALS: dict[str, tuple[Callable[[], ClaimCase], Callable[[ClaimCase], object]]] = {
    "approve_escalation_unrecommended": (a_reported_case, lambda c: c.approve_escalation(**consent_kwargs())),
    "approve_escalation_empty_law_firm": (
        a_case_awaiting_consent,
        lambda c: c.approve_escalation(**consent_kwargs(law_firm="")),
    ),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_approve_escalation_refused_records_no_event_and_keeps_the_version(name: str) -> None:
    given, command = REFUSALS[name]
    case = given()
    version_before = case.version

    with pytest.raises(DomainError):
        command(case)

    assert case.collect_events() == []
    assert case.version == version_before
