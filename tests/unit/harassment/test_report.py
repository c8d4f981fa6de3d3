"""ClaimCase.report: the concierge takes the first report of a claim act (クレーム行為), with its
coverage decision and payout terms.
Given / When / Then, one behaviour each."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import uuid4

import pytest

from domain.harassment.case import ClaimCase
from domain.harassment.vocabulary import ClaimActKind
from domain.kernel.actors import Actor
from domain.kernel.errors import RoleNotAllowed
from domain.kernel.payout import PayoutTerms
from tests.builders import (
    ADJUSTER,
    CONCIERGE,
    COVERED,
    NOT_CONCIERGE,
    NOW,
    OCCURRED_AT,
    RECOMMENDED_AT,
    a_policy,
    a_report,
    consent_kwargs,
    invalid,
    line,
    only_event,
    record_invoice,
    refused,
    role_id,
)


def test_report_by_concierge_records_reported_event_with_actor() -> None:
    case = ClaimCase.report(a_report(), CONCIERGE, NOW, case_id=uuid4(), coverage=COVERED)

    event = only_event(case, "Reported")
    assert event.actor_id == "concierge-1"
    assert event.actor_role == "concierge"
    assert event.policy_ref == "HAR-2025-0001"
    assert event.occurred_at == OCCURRED_AT
    assert event.claim_act_kinds == ["refusal_to_leave", "intimidation"]
    assert event.category == "waiting_time"
    assert event.channel == "phone"


def test_report_records_the_coverage_decision_and_the_payout_terms() -> None:
    case = ClaimCase.report(a_report(), CONCIERGE, NOW, case_id=uuid4(), coverage=COVERED)

    event = only_event(case, "Reported")
    assert (event.coverage, event.coverage_reasons) == ("covered", [])
    assert (event.deductible_yen, event.coinsurance_percent) == (10_000, 90)  # the programme's own terms
    assert (case.coverage, case.limit_exhausted) == ("covered", False)


def test_report_with_other_payout_terms_pays_by_those_terms() -> None:
    case = ClaimCase.report(
        a_report(), CONCIERGE, NOW, case_id=uuid4(), coverage=COVERED,
        terms=PayoutTerms(deductible_yen=50_000, coinsurance_percent=80),
    )
    case.recommend_escalation(reason="困難", actor=CONCIERGE, now=RECOMMENDED_AT)
    case.approve_escalation(**consent_kwargs())
    record_invoice(case, line(amount_yen=330_000))

    case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW)

    assert case.payments[1].amount_yen == 224_000  # (330,000 − 50,000) × 80 %


def test_report_by_concierge_opens_case_in_reported_stage() -> None:
    case_id = uuid4()

    case = ClaimCase.report(a_report(), CONCIERGE, NOW, case_id=case_id, coverage=COVERED)

    assert case.id == case_id
    assert case.version == 1
    assert case.product == "harassment"
    assert case.status == "open"
    assert case.escalation == "none"
    assert case.stage == "reported"
    assert case.reported_by == "concierge-1"
    assert case.legal_characterisation == "不退去罪"
    assert case.consultations == []
    assert case.invoices == []
    assert case.payments == {}
    assert case.owed_now_yen == 0


def test_report_with_padded_text_stores_it_stripped() -> None:
    case = ClaimCase.report(a_report(insured_name="  山田 太郎 \n"), CONCIERGE, NOW, case_id=uuid4(), coverage=COVERED)

    assert case.insured_name == "山田 太郎"


def test_report_with_blank_legal_characterisation_stores_none() -> None:
    case = ClaimCase.report(a_report(legal_characterisation="   "), CONCIERGE, NOW, case_id=uuid4(), coverage=COVERED)

    assert case.legal_characterisation is None


def test_report_abroad_is_recorded_with_in_japan_false() -> None:
    case = ClaimCase.report(a_report(in_japan=False, place="Seoul"), CONCIERGE, NOW, case_id=uuid4(), coverage=COVERED)

    assert case.in_japan is False
    assert case.collect_events()[0].in_japan is False


def test_report_occurred_exactly_now_is_accepted() -> None:
    case = ClaimCase.report(a_report(occurred_at=NOW), CONCIERGE, NOW, case_id=uuid4(), coverage=COVERED)

    assert case.occurred_at == NOW


@pytest.mark.parametrize("actor", NOT_CONCIERGE, ids=role_id)
def test_report_by_non_concierge_is_refused_with_role_not_allowed(actor: Actor) -> None:
    refused(
        lambda: ClaimCase.report(a_report(), actor, NOW, case_id=uuid4(), coverage=COVERED), RoleNotAllowed, "role_not_allowed"
    )


def test_report_occurred_in_future_is_invalid_naming_occurred_at() -> None:
    report = a_report(occurred_at=NOW + timedelta(seconds=1))

    invalid(lambda: ClaimCase.report(report, CONCIERGE, NOW, case_id=uuid4(), coverage=COVERED), "occurred_at")


def test_report_with_naive_occurred_at_is_invalid_naming_occurred_at() -> None:
    report = a_report(occurred_at=datetime(2025, 5, 16, 14, 30))

    invalid(lambda: ClaimCase.report(report, CONCIERGE, NOW, case_id=uuid4(), coverage=COVERED), "occurred_at")


def test_report_without_claim_act_kinds_is_invalid_naming_claim_act_kinds() -> None:
    report = a_report(claim_act_kinds=())

    invalid(lambda: ClaimCase.report(report, CONCIERGE, NOW, case_id=uuid4(), coverage=COVERED), "claim_act_kinds")


def test_report_with_repeated_claim_act_kind_is_invalid_naming_claim_act_kinds() -> None:
    report = a_report(claim_act_kinds=(ClaimActKind.ASSAULT, ClaimActKind.ASSAULT))

    invalid(lambda: ClaimCase.report(report, CONCIERGE, NOW, case_id=uuid4(), coverage=COVERED), "claim_act_kinds")


@pytest.mark.parametrize("field", ["policy_ref", "insured_name", "member_number", "place", "summary"])
@pytest.mark.parametrize("blank", ["", "   "], ids=["empty", "spaces"])
def test_report_with_empty_text_is_invalid_naming_the_field(field: str, blank: str) -> None:
    report = a_report(**{field: blank})

    invalid(lambda: ClaimCase.report(report, CONCIERGE, NOW, case_id=uuid4(), coverage=COVERED), field)
