"""Coverage decisions (有無責判断) of a claim-response report, and what a not-covered case may do.
Given / When / Then, one behaviour each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import uuid4

import pytest

from domain.harassment.case import ClaimCase
from domain.harassment.coverage import harassment_coverage
from domain.harassment.invoices import InvoiceInput
from domain.harassment.vocabulary import ClaimActKind
from domain.kernel.coverage import CoverageDecision
from domain.kernel.errors import NotCovered
from domain.kernel.labels import label_ja
from domain.policies.policy import Policy, PolicyEnding
from tests.builders import (
    ADJUSTER,
    ADMIN,
    CONCIERGE,
    COVER_END,
    COVER_START,
    JST,
    NOW,
    OCCURRED_AT,
    a_case_in,
    a_cyber_physician_plan,
    a_not_covered_case,
    a_plan,
    a_policy_in,
    a_report,
    an_app,
    an_enrolled_policy,
    an_in_force_policy,
    consent_kwargs,
    consultation_kwargs,
    line,
    only_event,
)

COVERED_KINDS = [kind for kind in ClaimActKind if kind is not ClaimActKind.OTHER]
ASSAULT = (ClaimActKind.ASSAULT,)


def ended(kind: str, effective_at: datetime) -> Policy:
    policy = an_in_force_policy()
    policy.end(PolicyEnding(kind=kind, reason="理由", effective_at=effective_at), actor=ADMIN)
    return policy


def refused_as_not_covered(call: Callable[[], object]) -> NotCovered:
    with pytest.raises(NotCovered) as info:
        call()
    assert type(info.value) is NotCovered
    assert info.value.rule == "case_not_covered"
    assert info.value.field == "coverage"
    return info.value


# =============================================================================================
# harassment_coverage: each reason on its own, several at once, covered
# =============================================================================================


def test_harassment_coverage_of_a_covered_report_names_no_reason() -> None:
    decision = harassment_coverage(an_in_force_policy(), OCCURRED_AT, True, ASSAULT)

    assert decision == CoverageDecision(())
    assert (decision.covered, decision.label) == (True, "covered")


@pytest.mark.parametrize("kind", COVERED_KINDS, ids=str)
def test_harassment_coverage_of_each_covered_claim_act_alone_is_covered(kind: ClaimActKind) -> None:
    assert harassment_coverage(an_in_force_policy(), OCCURRED_AT, True, (kind,)).covered


def test_harassment_coverage_naming_other_beside_a_covered_act_is_covered() -> None:
    decision = harassment_coverage(an_in_force_policy(), OCCURRED_AT, True, (ClaimActKind.OTHER, ClaimActKind.DECEPTION))

    assert decision.reasons == ()


SINGLE_REASONS = [
    ("policy_not_found", lambda: harassment_coverage(None, OCCURRED_AT, True, ASSAULT)),
    ("wrong_product", lambda: harassment_coverage(an_in_force_policy(a_cyber_physician_plan()), OCCURRED_AT, True, ASSAULT)),
    ("policy_awaiting_premium", lambda: harassment_coverage(an_enrolled_policy(), OCCURRED_AT, True, ASSAULT)),
    ("outside_cover_period",
     lambda: harassment_coverage(an_in_force_policy(), COVER_START - timedelta(minutes=1), True, ASSAULT)),
    ("policy_cancelled",
     lambda: harassment_coverage(ended("cancelled", OCCURRED_AT - timedelta(days=1)), OCCURRED_AT, True, ASSAULT)),
    ("policy_lapsed",
     lambda: harassment_coverage(ended("lapsed", OCCURRED_AT - timedelta(days=1)), OCCURRED_AT, True, ASSAULT)),
    ("claim_act_not_covered", lambda: harassment_coverage(an_in_force_policy(), OCCURRED_AT, True, (ClaimActKind.OTHER,))),
    ("outside_japan", lambda: harassment_coverage(an_in_force_policy(), OCCURRED_AT, False, ASSAULT)),
]


@pytest.mark.parametrize(("reason", "decide"), SINGLE_REASONS, ids=[r for r, _ in SINGLE_REASONS])
def test_harassment_coverage_failing_one_condition_names_only_that_reason(
    reason: str, decide: Callable[[], CoverageDecision]
) -> None:
    decision = decide()

    assert decision.reasons == (reason,)
    assert (decision.covered, decision.label) == (False, "not_covered")
    assert label_ja(reason) != reason  # every reason has its Japanese wording


def test_harassment_coverage_after_the_cover_ended_is_outside_cover_period() -> None:
    decision = harassment_coverage(an_in_force_policy(), COVER_END, True, ASSAULT)

    assert decision.reasons == ("outside_cover_period",)


def test_harassment_coverage_of_an_incident_before_the_cancellation_is_covered() -> None:
    policy = ended("cancelled", OCCURRED_AT + timedelta(seconds=1))

    assert harassment_coverage(policy, OCCURRED_AT, True, ASSAULT).covered


def test_harassment_coverage_failing_every_condition_names_each_reason_in_order() -> None:
    decision = harassment_coverage(None, OCCURRED_AT, False, (ClaimActKind.OTHER,))

    assert decision.reasons == ("policy_not_found", "claim_act_not_covered", "outside_japan")


def test_harassment_coverage_on_a_policy_awaiting_premium_abroad_names_both() -> None:
    decision = harassment_coverage(an_enrolled_policy(), OCCURRED_AT, False, ASSAULT)

    assert decision.reasons == ("policy_awaiting_premium", "outside_japan")


# =============================================================================================
# a not-covered case: recorded, but never escalated nor paid
# =============================================================================================


def test_report_not_covered_records_the_decision_and_its_reasons() -> None:
    decision = CoverageDecision(("claim_act_not_covered", "outside_japan"))

    case = ClaimCase.report(a_report(in_japan=False), CONCIERGE, NOW, case_id=uuid4(), coverage=decision)

    event = only_event(case, "Reported")
    assert (event.coverage, event.coverage_reasons) == ("not_covered", ["claim_act_not_covered", "outside_japan"])
    assert (case.coverage, case.coverage_reasons) == ("not_covered", ["claim_act_not_covered", "outside_japan"])
    assert case.stage == "reported"
    assert case.owed_now_yen == 0


def test_log_consultation_on_a_not_covered_case_is_accepted() -> None:
    case = a_not_covered_case()

    case.log_consultation(**consultation_kwargs())

    assert case.stage == "consulting"


def test_close_of_a_not_covered_case_is_accepted() -> None:
    case = a_not_covered_case()

    case.close(reason="対象外の旨を説明", actor=ADJUSTER, now=NOW)

    assert case.status == "closed"


def test_recommend_escalation_on_a_not_covered_case_is_refused_with_not_covered() -> None:
    case = a_not_covered_case("outside_japan")

    error = refused_as_not_covered(lambda: case.recommend_escalation(reason="困難", actor=CONCIERGE, now=NOW))

    assert "outside_japan" in error.detail
    assert case.collect_events() == []
    assert case.escalation == "none"


def test_approve_escalation_on_a_not_covered_case_is_refused_with_not_covered() -> None:
    case = a_not_covered_case()

    refused_as_not_covered(lambda: case.approve_escalation(**consent_kwargs()))


def test_decline_escalation_on_a_not_covered_case_is_refused_with_not_covered() -> None:
    case = a_not_covered_case()

    refused_as_not_covered(lambda: case.decline_escalation(reason="対象外", actor=ADJUSTER))


def test_record_invoice_on_a_not_covered_case_is_refused_with_not_covered() -> None:
    case = a_not_covered_case()

    refused_as_not_covered(
        lambda: case.record_invoice(InvoiceInput("INV-001", NOW.date(), (line(),)), actor=ADJUSTER, now=NOW)
    )


def test_approve_payment_on_a_not_covered_case_is_refused_with_not_covered_and_charges_nothing() -> None:
    case = a_not_covered_case()
    policy = an_in_force_policy()

    refused_as_not_covered(lambda: case.approve_payment(actor=ADJUSTER, policy=policy, now=NOW))

    assert policy.collect_events() == []
    assert policy.paid_by_claim == {}


# =============================================================================================
# through ClaimsApplication, in memory
# =============================================================================================


def test_report_case_with_an_unknown_policy_is_recorded_not_covered_with_policy_not_found() -> None:
    app = an_app()

    case_id = app.report_case(a_report(policy_ref="HAR-NOPE-0000"), CONCIERGE).aggregate_id

    case = app.get_case(case_id)  # rebuilt from the stored events
    assert (case.coverage, case.coverage_reasons) == ("not_covered", ["policy_not_found"])
    assert case.insured_name == "山田 太郎"
    assert [type(e).__name__ for e in app.case_history(case_id)] == ["Reported"]


def test_report_case_abroad_under_a_policy_in_force_is_recorded_not_covered_with_outside_japan() -> None:
    app = an_app()
    number = a_policy_in(app)

    case_id = a_case_in(app, number, in_japan=False, place="Seoul")

    case = app.get_case(case_id)
    assert (case.coverage, case.coverage_reasons) == ("not_covered", ["outside_japan"])


def test_report_case_under_a_cyber_policy_is_recorded_not_covered_with_wrong_product() -> None:
    app = an_app()
    number = a_policy_in(app, a_cyber_physician_plan())

    case_id = a_case_in(app, number)

    assert app.get_case(case_id).coverage_reasons == ["wrong_product"]


def test_report_case_before_the_premium_arrived_is_recorded_not_covered_with_policy_awaiting_premium() -> None:
    app = an_app()
    number = a_policy_in(app, received_on=None)

    case_id = a_case_in(app, number)

    assert app.get_case(case_id).coverage_reasons == ["policy_awaiting_premium"]


def test_report_case_under_a_policy_in_force_is_covered_with_the_policy_payout_terms() -> None:
    app = an_app()
    number = a_policy_in(app, a_plan(deductible_yen=50_000, coinsurance_percent=80))

    case_id = a_case_in(app, number)

    reported = app.case_history(case_id)[0]
    assert (reported.coverage, reported.coverage_reasons) == ("covered", [])
    assert (reported.deductible_yen, reported.coinsurance_percent) == (50_000, 80)


def test_report_case_with_the_policy_number_in_lower_case_finds_the_policy() -> None:
    app = an_app()
    number = a_policy_in(app)

    case_id = a_case_in(app, number.lower())

    assert app.get_case(case_id).coverage == "covered"


def test_recommend_escalation_of_a_not_covered_case_is_refused_and_saves_nothing() -> None:
    app = an_app()
    case_id = app.report_case(a_report(policy_ref="HAR-NOPE-0000"), CONCIERGE).aggregate_id

    refused_as_not_covered(
        lambda: app.recommend_escalation(case_id, "困難", CONCIERGE)
    )

    assert app.get_case(case_id).version == 1
    assert app.get_case(case_id).escalation == "none"


def test_report_case_at_16_00_jst_on_the_cover_start_is_covered() -> None:
    app = an_app()
    number = a_policy_in(app)

    case_id = a_case_in(app, number, occurred_at=datetime(2025, 4, 1, 16, 0, tzinfo=JST))

    assert app.get_case(case_id).coverage == "covered"
