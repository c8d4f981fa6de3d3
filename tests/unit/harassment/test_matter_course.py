"""ClaimCase.record_matter_step: the lawyer's matter, engaged at consent, then negotiation or
litigation, then concluded with an outcome. Given / When / Then, one behaviour each."""

from __future__ import annotations

from datetime import timedelta

from domain.harassment.errors import MatterNotStarted, MatterStepNotAllowed
from domain.harassment.matter import MatterStepInput
from tests.builders import (
    ADJUSTER,
    CONSENT_DATE,
    NOW,
    TOMORROW,
    a_case_awaiting_consent,
    a_case_with_consent,
    invalid,
    only_event,
    refused,
)


def test_consent_engages_the_matter() -> None:
    case = a_case_with_consent()

    assert case.matter_stage == "engaged"
    assert [(s.stage, s.occurred_on) for s in case.matter_course] == [("engaged", CONSENT_DATE)]


def test_record_matter_step_negotiation_after_engagement_is_recorded() -> None:
    case = a_case_with_consent()

    case.record_matter_step(MatterStepInput("negotiation", CONSENT_DATE + timedelta(days=3)), actor=ADJUSTER, now=NOW)

    event = only_event(case, "MatterStepRecorded")
    assert (event.stage, event.outcome) == ("negotiation", None)
    assert case.matter_stage == "negotiation"


def test_record_matter_step_concluded_with_settlement_records_the_outcome() -> None:
    case = a_case_with_consent()
    case.record_matter_step(MatterStepInput("negotiation", CONSENT_DATE), actor=ADJUSTER, now=NOW)
    case.collect_events()

    case.record_matter_step(MatterStepInput("concluded", CONSENT_DATE + timedelta(days=10), "示談"),
                            actor=ADJUSTER, now=NOW)

    assert only_event(case, "MatterStepRecorded").outcome == "settlement"


def test_record_matter_step_concluded_without_outcome_is_invalid() -> None:
    case = a_case_with_consent()

    invalid(lambda: case.record_matter_step(MatterStepInput("concluded", CONSENT_DATE), actor=ADJUSTER, now=NOW),
            "outcome")


def test_record_matter_step_after_conclusion_is_refused() -> None:
    case = a_case_with_consent()
    case.record_matter_step(MatterStepInput("concluded", CONSENT_DATE, "withdrawal"), actor=ADJUSTER, now=NOW)
    case.collect_events()

    refused(lambda: case.record_matter_step(MatterStepInput("litigation", CONSENT_DATE), actor=ADJUSTER, now=NOW),
            MatterStepNotAllowed, "matter_step_not_allowed")


def test_record_matter_step_before_consent_is_refused() -> None:
    case = a_case_awaiting_consent()

    refused(lambda: case.record_matter_step(MatterStepInput("negotiation", CONSENT_DATE), actor=ADJUSTER, now=NOW),
            MatterNotStarted, "matter_not_started")


def test_record_matter_step_dated_before_the_consent_is_invalid() -> None:
    case = a_case_with_consent()

    error = invalid(lambda: case.record_matter_step(
        MatterStepInput("negotiation", CONSENT_DATE - timedelta(days=1)), actor=ADJUSTER, now=NOW), "occurred_on")

    assert error.reason == "before_consent"


def test_record_matter_step_in_the_future_is_invalid() -> None:
    case = a_case_with_consent()

    invalid(lambda: case.record_matter_step(MatterStepInput("litigation", TOMORROW), actor=ADJUSTER, now=NOW),
            "occurred_on")
