"""ClaimCase (クレーム対応費用保険): every transition, every refusal. Given / When / Then, one behaviour each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from domain.harassment.case import ClaimCase
from domain.harassment.errors import EscalationAlreadyRecommended, EscalationNotApproved, EscalationNotAwaitingConsent
from domain.harassment.invoices import InvoiceInput
from domain.harassment.vocabulary import Channel, ClaimActKind, FeeType
from domain.kernel.actors import Actor, Role
from domain.kernel.errors import (
    AuthorityLimitExceeded,
    CaseClosed,
    CaseNotClosed,
    DomainError,
    DuplicateInvoice,
    InvalidInput,
    LimitExhausted,
    NothingToPay,
    PaymentAlreadySettled,
    PaymentNotFound,
    RoleNotAllowed,
    TransitionRefused,
    UnsettledPayments,
)
from domain.kernel.payout import PayoutTerms
from tests.builders import (
    ADJUSTER,
    AUDITOR,
    CONCIERGE,
    CONSENT_DATE,
    COVERED,
    NOT_ADJUSTER,
    NOT_CONCIERGE,
    NOW,
    OCCURRED_AT,
    RECOMMENDED_AT,
    TODAY,
    TOMORROW,
    UNLIMITED_ADJUSTER,
    a_case_awaiting_consent,
    a_case_with_approved_payment,
    a_case_with_consent,
    a_case_with_declined_escalation,
    a_case_with_invoice,
    a_case_with_settled_payment,
    a_closed_case,
    a_closed_case_awaiting_consent,
    a_closed_case_with_consent,
    a_closed_case_with_invoice,
    a_policy,
    a_report,
    a_reported_case,
    consent_kwargs,
    consultation_kwargs,
    event_names,
    line,
    only_event,
    record_invoice,
    role_id,
    settle_kwargs,
)

_UNSET = object()


def refused(call: Callable[[], object], error: type[DomainError], rule: str, field: object = _UNSET) -> DomainError:
    """Run the command; it must raise exactly `error`, carrying `rule` (and `field`, when given)."""
    with pytest.raises(error) as info:
        call()
    assert type(info.value) is error
    assert info.value.rule == rule
    if field is not _UNSET:
        assert info.value.field == field
    return info.value


def invalid(call: Callable[[], object], field: str) -> DomainError:
    return refused(call, InvalidInput, "invalid_input", field)


# =============================================================================================
# report
# =============================================================================================


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

    case.approve_payment(actor=ADJUSTER, policy=a_policy())

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


# =============================================================================================
# log_consultation
# =============================================================================================


def test_log_consultation_by_concierge_records_consultation_logged_event() -> None:
    case = a_reported_case()

    case.log_consultation(**consultation_kwargs())

    event = only_event(case, "ConsultationLogged")
    assert event.number == 1
    assert event.channel == "phone"
    assert event.duration_minutes == 25
    assert event.held_at == NOW - timedelta(hours=2)
    assert event.actor_id == "concierge-1"
    assert event.actor_role == "concierge"


def test_log_consultation_appends_consultation_and_moves_case_to_consulting() -> None:
    case = a_reported_case()

    case.log_consultation(**consultation_kwargs(caller=" 山田 太郎 "))

    assert len(case.consultations) == 1
    consultation = case.consultations[0]
    assert consultation.caller == "山田 太郎"
    assert consultation.logged_by == "concierge-1"
    assert case.stage == "consulting"


def test_log_consultation_second_one_is_numbered_two() -> None:
    case = a_reported_case()
    case.log_consultation(**consultation_kwargs())
    case.collect_events()

    case.log_consultation(**consultation_kwargs(channel=Channel.EMAIL))

    assert only_event(case, "ConsultationLogged").number == 2
    assert [c.number for c in case.consultations] == [1, 2]


def test_log_consultation_is_never_a_payout() -> None:
    case = a_case_with_consent()

    case.log_consultation(**consultation_kwargs())

    assert case.approved_yen == 0
    assert case.owed_now_yen == 0


@pytest.mark.parametrize("actor", NOT_CONCIERGE, ids=role_id)
def test_log_consultation_by_non_concierge_is_refused_with_role_not_allowed(actor: Actor) -> None:
    case = a_reported_case()

    refused(lambda: case.log_consultation(**consultation_kwargs(actor=actor)), RoleNotAllowed, "role_not_allowed")


def test_log_consultation_on_closed_case_is_refused_with_case_closed() -> None:
    case = a_closed_case()

    refused(lambda: case.log_consultation(**consultation_kwargs()), CaseClosed, "case_is_closed", "status")


def test_log_consultation_held_in_future_is_invalid_naming_held_at() -> None:
    case = a_reported_case()

    invalid(lambda: case.log_consultation(**consultation_kwargs(held_at=NOW + timedelta(minutes=1))), "held_at")


def test_log_consultation_with_naive_held_at_is_invalid_naming_held_at() -> None:
    case = a_reported_case()
    naive = datetime(2025, 6, 15, 8, 0)

    invalid(lambda: case.log_consultation(**consultation_kwargs(held_at=naive)), "held_at")


@pytest.mark.parametrize("minutes", [0, -5])
def test_log_consultation_with_non_positive_duration_is_invalid_naming_duration(minutes: int) -> None:
    case = a_reported_case()

    invalid(lambda: case.log_consultation(**consultation_kwargs(duration_minutes=minutes)), "duration_minutes")


@pytest.mark.parametrize("field", ["caller", "question", "advice"])
def test_log_consultation_with_empty_text_is_invalid_naming_the_field(field: str) -> None:
    case = a_reported_case()

    invalid(lambda: case.log_consultation(**consultation_kwargs(**{field: " "})), field)


# =============================================================================================
# recommend_escalation
# =============================================================================================


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


# =============================================================================================
# approve_escalation (the insurer's consent, 承諾)
# =============================================================================================


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


def test_recommend_escalation_records_the_japan_date_it_was_made() -> None:
    case = a_reported_case()

    case.recommend_escalation(reason="困難", actor=CONCIERGE, now=datetime(2025, 5, 20, 15, 30, tzinfo=UTC))

    assert case.collect_events()[0].recommended_on == date(2025, 5, 21)  # 00:30 on the 21st in Japan


@pytest.mark.parametrize("amount", [110_000.5, True, "110000"])
def test_record_invoice_line_not_a_whole_yen_integer_is_invalid(amount: object) -> None:
    case = a_case_with_consent()

    invalid(lambda: record_invoice(case, line(amount_yen=amount)), "lines[0].amount_yen")


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


# =============================================================================================
# decline_escalation
# =============================================================================================


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


# =============================================================================================
# record_invoice
# =============================================================================================


def test_record_invoice_by_adjuster_records_invoice_recorded_event_with_classified_lines() -> None:
    case = a_case_with_consent()

    case.record_invoice(
        InvoiceInput("INV-001", TODAY, (line(FeeType.RETAINER, 330_000), line(FeeType.DAILY_ALLOWANCE, 20_000))),
        actor=ADJUSTER,
        now=NOW,
    )

    event = only_event(case, "InvoiceRecorded")
    assert event.invoice_number == "INV-001"
    assert event.invoice_date == TODAY
    assert event.covered_yen == 330_000
    assert event.excluded_yen == 20_000
    assert [(ln["fee_type"], ln["covered"], ln["exclusion"]) for ln in event.lines] == [
        ("retainer", True, None),
        ("daily_allowance", False, "excluded_fee_type"),
    ]
    assert event.actor_id == "adjuster-1"
    assert event.actor_role == "adjuster"


def test_record_invoice_adds_to_case_totals_and_awaits_a_payment_decision() -> None:
    case = a_case_with_consent()

    record_invoice(case, line(FeeType.RETAINER, 330_000), line(FeeType.DAILY_ALLOWANCE, 20_000))

    assert [inv.number for inv in case.invoices] == ["INV-001"]
    assert case.invoices[0].recorded_by == "adjuster-1"
    assert case.covered_fees_yen == 330_000
    assert case.excluded_fees_yen == 20_000
    assert case.owed_now_yen == 288_000
    assert case.stage == "invoice_awaiting_decision"


def test_record_invoice_second_one_accumulates_case_totals() -> None:
    case = a_case_with_invoice(line(amount_yen=100_000), number="INV-001")

    record_invoice(case, line(FeeType.SUCCESS_FEE, 50_000), number="INV-002")

    assert [inv.number for inv in case.invoices] == ["INV-001", "INV-002"]
    assert case.covered_fees_yen == 150_000


@pytest.mark.parametrize("fee_type", [FeeType.DAILY_ALLOWANCE, FeeType.ADVISORY_RETAINER])
def test_record_invoice_line_of_excluded_fee_type_is_recorded_but_not_covered(fee_type: FeeType) -> None:
    case = a_case_with_consent()

    record_invoice(case, line(fee_type, 20_000))

    recorded = case.invoices[0].lines[0]
    assert recorded.fee_type == fee_type.value
    assert recorded.amount_yen == 20_000
    assert recorded.covered is False
    assert recorded.exclusion == "excluded_fee_type"
    assert case.covered_fees_yen == 0
    assert case.excluded_fees_yen == 20_000


@pytest.mark.parametrize(
    "fee_type",
    [
        FeeType.CONSULTATION_FEE,
        FeeType.RETAINER,
        FeeType.SUCCESS_FEE,
        FeeType.HANDLING_FEE,
        FeeType.LITIGATION_COSTS,
        FeeType.OTHER_MANDATE_COSTS,
    ],
)
def test_record_invoice_line_of_covered_fee_type_after_consent_is_covered(fee_type: FeeType) -> None:
    case = a_case_with_consent()

    record_invoice(case, line(fee_type, 40_000, work_date=CONSENT_DATE + timedelta(days=3)))

    recorded = case.invoices[0].lines[0]
    assert recorded.covered is True
    assert recorded.exclusion is None
    assert case.covered_fees_yen == 40_000


def test_record_invoice_line_for_work_before_consent_date_is_not_covered() -> None:
    case = a_case_with_consent(consent_date=CONSENT_DATE)

    record_invoice(case, line(FeeType.CONSULTATION_FEE, 30_000, work_date=CONSENT_DATE - timedelta(days=1)))

    recorded = case.invoices[0].lines[0]
    assert recorded.covered is False
    assert recorded.exclusion == "work_before_consent"
    assert case.covered_fees_yen == 0
    assert case.excluded_fees_yen == 30_000


def test_record_invoice_line_for_work_on_consent_date_is_covered() -> None:
    case = a_case_with_consent(consent_date=CONSENT_DATE)

    record_invoice(case, line(FeeType.CONSULTATION_FEE, 30_000, work_date=CONSENT_DATE))

    recorded = case.invoices[0].lines[0]
    assert recorded.covered is True
    assert recorded.exclusion is None
    assert case.covered_fees_yen == 30_000


def test_record_invoice_line_of_excluded_fee_type_before_consent_names_the_fee_type() -> None:
    case = a_case_with_consent()

    record_invoice(case, line(FeeType.DAILY_ALLOWANCE, 10_000, work_date=CONSENT_DATE - timedelta(days=5)))

    assert case.invoices[0].lines[0].exclusion == "excluded_fee_type"


@pytest.mark.parametrize("actor", NOT_ADJUSTER, ids=role_id)
def test_record_invoice_by_non_adjuster_is_refused_with_role_not_allowed(actor: Actor) -> None:
    case = a_case_with_consent()

    refused(lambda: record_invoice(case, actor=actor), RoleNotAllowed, "role_not_allowed")


def test_record_invoice_on_closed_case_is_refused_with_case_closed() -> None:
    case = a_closed_case_with_consent()

    refused(lambda: record_invoice(case), CaseClosed, "case_is_closed")


@pytest.mark.parametrize(
    "given",
    [a_reported_case, a_case_awaiting_consent, a_case_with_declined_escalation],
    ids=["no_recommendation", "awaiting_consent", "declined"],
)
def test_record_invoice_before_consent_is_refused_with_escalation_not_approved(
    given: Callable[[], ClaimCase],
) -> None:
    case = given()

    refused(lambda: record_invoice(case), EscalationNotApproved, "escalation_not_approved", "escalation")


def test_record_invoice_with_duplicate_number_is_refused_with_duplicate_invoice() -> None:
    case = a_case_with_invoice(number="INV-001")

    refused(lambda: record_invoice(case, number="INV-001"), DuplicateInvoice, "duplicate_invoice_number", "invoice_number")


def test_record_invoice_with_duplicate_number_padded_with_spaces_is_refused_with_duplicate_invoice() -> None:
    case = a_case_with_invoice(number="INV-001")

    refused(lambda: record_invoice(case, number=" INV-001 "), DuplicateInvoice, "duplicate_invoice_number")


def test_record_invoice_with_empty_number_is_invalid_naming_invoice_number() -> None:
    case = a_case_with_consent()

    invalid(lambda: record_invoice(case, number="   "), "invoice_number")


def test_record_invoice_dated_tomorrow_is_invalid_naming_invoice_date() -> None:
    case = a_case_with_consent()

    invalid(
        lambda: case.record_invoice(InvoiceInput("INV-001", TOMORROW, (line(),)), actor=ADJUSTER, now=NOW),
        "invoice_date",
    )


def test_record_invoice_dated_today_in_japan_is_accepted_while_utc_is_still_yesterday() -> None:
    case = a_case_with_consent()
    now_utc = datetime(2025, 6, 15, 23, 0, tzinfo=UTC)  # 08:00 on 16 June in Japan

    case.record_invoice(InvoiceInput("INV-001", date(2025, 6, 16), (line(),)), actor=ADJUSTER, now=now_utc)

    assert case.invoices[0].invoice_date == date(2025, 6, 16)


def test_record_invoice_line_with_future_work_date_is_invalid_naming_that_line() -> None:
    case = a_case_with_consent()

    invalid(lambda: record_invoice(case, line(), line(work_date=TOMORROW)), "lines[1].work_date")


def test_record_invoice_without_lines_is_invalid_naming_lines() -> None:
    case = a_case_with_consent()

    invalid(
        lambda: case.record_invoice(InvoiceInput("INV-001", TODAY, ()), actor=ADJUSTER, now=NOW),
        "lines",
    )


@pytest.mark.parametrize("amount", [0, -1, -100_000])
def test_record_invoice_line_with_non_positive_amount_is_invalid_naming_that_line(amount: int) -> None:
    case = a_case_with_consent()

    invalid(lambda: record_invoice(case, line(amount_yen=amount)), "lines[0].amount_yen")


# =============================================================================================
# approve_payment
# =============================================================================================


def test_approve_payment_by_adjuster_records_payment_approved_event_with_computed_amount() -> None:
    case = a_case_with_invoice(line(amount_yen=110_000), number="INV-001")

    case.approve_payment(actor=ADJUSTER, policy=a_policy())

    event = only_event(case, "PaymentApproved")
    assert event.payment_number == 1
    assert event.amount_yen == 90_000  # (110,000 − 10,000) × 90 %
    assert event.covered_fees_basis_yen == 110_000
    assert event.payout_total_yen == 90_000
    assert event.previously_approved_yen == 0
    assert event.invoice_numbers == ["INV-001"]
    assert event.actor_id == "adjuster-1"
    assert event.actor_role == "adjuster"


def test_approve_payment_adds_unsettled_payment_awaiting_settlement() -> None:
    case = a_case_with_invoice(line(amount_yen=110_000))

    case.approve_payment(actor=ADJUSTER, policy=a_policy())

    payment = case.payments[1]
    assert payment.amount_yen == 90_000
    assert payment.approved_by == "adjuster-1"
    assert payment.settled is False
    assert case.approved_yen == 90_000
    assert case.settled_yen == 0
    assert case.owed_now_yen == 0
    assert case.stage == "payment_awaiting_settlement"


def test_approve_payment_after_a_later_invoice_pays_only_the_difference() -> None:
    case = a_case_with_approved_payment(covered_yen=110_000)  # ¥90,000 approved already
    record_invoice(case, line(FeeType.SUCCESS_FEE, 50_000), number="INV-002")

    case.approve_payment(actor=ADJUSTER, policy=a_policy())

    event = only_event(case, "PaymentApproved")
    assert event.payment_number == 2
    assert event.amount_yen == 45_000  # (160,000 − 10,000) × 90 % − 90,000: the deductible is taken once
    assert event.previously_approved_yen == 90_000
    assert event.invoice_numbers == ["INV-001", "INV-002"]
    assert case.approved_yen == 135_000


def test_approve_payment_exactly_at_authority_limit_is_accepted() -> None:
    limited = Actor("adjuster-3", Role.ADJUSTER, authority_limit_yen=90_000)
    case = a_case_with_invoice(line(amount_yen=110_000))

    case.approve_payment(actor=limited, policy=a_policy())

    assert case.approved_yen == 90_000


def test_approve_payment_by_adjuster_without_limit_is_accepted_for_any_amount() -> None:
    case = a_case_with_invoice(line(FeeType.LITIGATION_COSTS, 50_000_000))

    case.approve_payment(actor=UNLIMITED_ADJUSTER, policy=a_policy())

    assert case.approved_yen == 44_991_000


@pytest.mark.parametrize("actor", NOT_ADJUSTER, ids=role_id)
def test_approve_payment_by_non_adjuster_is_refused_with_role_not_allowed(actor: Actor) -> None:
    case = a_case_with_invoice()

    refused(lambda: case.approve_payment(actor=actor, policy=a_policy()), RoleNotAllowed, "role_not_allowed")


def test_approve_payment_on_closed_case_is_refused_with_case_closed() -> None:
    case = a_closed_case_with_invoice()

    refused(lambda: case.approve_payment(actor=ADJUSTER, policy=a_policy()), CaseClosed, "case_is_closed")


def test_approve_payment_without_consent_is_refused_with_escalation_not_approved() -> None:
    case = a_case_awaiting_consent()

    refused(lambda: case.approve_payment(actor=ADJUSTER, policy=a_policy()), EscalationNotApproved, "escalation_not_approved")


def test_approve_payment_without_invoices_is_refused_with_nothing_to_pay() -> None:
    case = a_case_with_consent()

    error = refused(lambda: case.approve_payment(actor=ADJUSTER, policy=a_policy()), NothingToPay, "nothing_to_pay", "amount_yen")
    assert "invoice" in error.detail


@pytest.mark.parametrize("covered", [1, 9_999, 10_000])
def test_approve_payment_with_covered_fees_within_deductible_is_refused_with_nothing_to_pay(covered: int) -> None:
    case = a_case_with_invoice(line(amount_yen=covered))

    error = refused(lambda: case.approve_payment(actor=ADJUSTER, policy=a_policy()), NothingToPay, "nothing_to_pay")
    assert "deductible" in error.detail


def test_approve_payment_with_only_excluded_lines_is_refused_with_nothing_to_pay() -> None:
    case = a_case_with_invoice(
        line(FeeType.DAILY_ALLOWANCE, 500_000), line(FeeType.RETAINER, 500_000, CONSENT_DATE - timedelta(days=1))
    )

    refused(lambda: case.approve_payment(actor=ADJUSTER, policy=a_policy()), NothingToPay, "nothing_to_pay")


def test_approve_payment_when_all_is_already_approved_is_refused_with_nothing_to_pay() -> None:
    case = a_case_with_approved_payment()

    error = refused(lambda: case.approve_payment(actor=ADJUSTER, policy=a_policy()), NothingToPay, "nothing_to_pay")
    assert "already approved" in error.detail


def test_approve_payment_when_covered_fees_pay_under_one_yen_is_refused_with_nothing_to_pay() -> None:
    case = a_case_with_invoice(line(amount_yen=10_001))  # (1) × 90 % = 0.9 → ¥0

    refused(lambda: case.approve_payment(actor=ADJUSTER, policy=a_policy()), NothingToPay, "nothing_to_pay")


def test_approve_payment_above_authority_limit_is_refused_with_authority_limit_exceeded() -> None:
    case = a_case_with_invoice(line(FeeType.LITIGATION_COSTS, 1_200_000))  # pays ¥1,071,000

    refused(
        lambda: case.approve_payment(actor=ADJUSTER, policy=a_policy()),
        AuthorityLimitExceeded,
        "authority_limit_exceeded",
        "amount_yen",
    )


def test_approve_payment_one_yen_above_authority_limit_is_refused_with_authority_limit_exceeded() -> None:
    limited = Actor("adjuster-3", Role.ADJUSTER, authority_limit_yen=89_999)
    case = a_case_with_invoice(line(amount_yen=110_000))  # pays ¥90,000

    refused(lambda: case.approve_payment(actor=limited, policy=a_policy()), AuthorityLimitExceeded, "authority_limit_exceeded")


def test_approve_payment_charges_the_policy_for_this_case() -> None:
    policy = a_policy()
    case = a_case_with_invoice(line(amount_yen=110_000))

    case.approve_payment(actor=ADJUSTER, policy=policy)

    charge = only_event(policy, "PaymentCharged")
    assert (charge.claim_id, charge.payment_number, charge.amount_yen) == (str(case.id), 1, 90_000)
    assert (charge.actor_id, charge.actor_role) == ("adjuster-1", "adjuster")
    assert policy.paid_by_claim == {str(case.id): 90_000}


def test_approve_payment_within_the_limits_records_no_limit() -> None:
    case = a_case_with_invoice(line(amount_yen=110_000))

    case.approve_payment(actor=ADJUSTER, policy=a_policy())

    assert only_event(case, "PaymentApproved").limited_by is None
    assert case.limit_exhausted is False


def test_approve_payment_above_the_per_claim_limit_pays_the_limit_and_exhausts_the_case() -> None:
    policy = a_policy(limit_per_claim_yen=50_000, limit_per_year_yen=1_000_000)
    case = a_case_with_invoice(line(amount_yen=110_000))  # the rule owes ¥90,000

    case.approve_payment(actor=ADJUSTER, policy=policy)

    event = only_event(case, "PaymentApproved")
    assert (event.amount_yen, event.payout_total_yen, event.limited_by) == (50_000, 90_000, "limit_per_claim")
    assert case.limit_exhausted is True
    assert case.owed_now_yen == 0
    assert policy.remaining_for_claim(str(case.id)) == 0


def test_approve_payment_above_what_the_year_has_left_pays_the_rest_limited_by_the_year() -> None:
    policy = a_policy(limit_per_claim_yen=1_000_000, limit_per_year_yen=1_000_000)
    policy.charge(claim_id="another-case", payment_number=1, amount_yen=960_000, actor=ADJUSTER)
    policy.collect_events()
    case = a_case_with_invoice(line(amount_yen=110_000))  # the rule owes ¥90,000; the year has ¥40,000

    case.approve_payment(actor=ADJUSTER, policy=policy)

    event = only_event(case, "PaymentApproved")
    assert (event.amount_yen, event.limited_by) == (40_000, "limit_per_year")
    assert case.limit_exhausted is True


def test_approve_payment_on_an_exhausted_case_is_refused_with_limit_exhausted() -> None:
    policy = a_policy(limit_per_claim_yen=50_000, limit_per_year_yen=1_000_000)
    case = a_case_with_invoice(line(amount_yen=110_000))
    case.approve_payment(actor=ADJUSTER, policy=policy)
    record_invoice(case, line(FeeType.SUCCESS_FEE, 100_000), number="INV-002")
    policy.collect_events()

    refused(lambda: case.approve_payment(actor=ADJUSTER, policy=policy), LimitExhausted, "payment_limit_exhausted")
    assert policy.collect_events() == []
    assert list(case.payments) == [1]


def test_approve_payment_refused_for_authority_charges_nothing() -> None:
    policy = a_policy()
    case = a_case_with_invoice(line(FeeType.LITIGATION_COSTS, 1_200_000))  # pays ¥1,071,000

    with pytest.raises(AuthorityLimitExceeded):
        case.approve_payment(actor=ADJUSTER, policy=policy)

    assert policy.collect_events() == []
    assert policy.paid_by_claim == {}


def test_approve_payment_capped_below_authority_limit_is_accepted() -> None:
    # The rule owes ¥1,071,000, above the adjuster's ¥1,000,000; the policy has ¥500,000 left for the claim.
    policy = a_policy(limit_per_claim_yen=500_000, limit_per_year_yen=1_000_000)
    case = a_case_with_invoice(line(FeeType.LITIGATION_COSTS, 1_200_000))

    case.approve_payment(actor=ADJUSTER, policy=policy)

    assert case.approved_yen == 500_000


# =============================================================================================
# settle_payment
# =============================================================================================


def test_settle_payment_by_adjuster_records_payment_settled_event() -> None:
    case = a_case_with_approved_payment()

    case.settle_payment(**settle_kwargs())

    event = only_event(case, "PaymentSettled")
    assert event.payment_number == 1
    assert event.amount_yen == 90_000
    assert event.transfer_date == TODAY
    assert event.bank_reference == "BANK-REF-001"
    assert event.actor_id == "adjuster-1"
    assert event.actor_role == "adjuster"


def test_settle_payment_marks_payment_settled_and_frees_the_case() -> None:
    case = a_case_with_approved_payment()

    case.settle_payment(**settle_kwargs())

    payment = case.payments[1]
    assert payment.settled is True
    assert payment.transfer_date == TODAY
    assert payment.bank_reference == "BANK-REF-001"
    assert case.settled_yen == 90_000
    assert case.stage == "lawyer_engaged"


@pytest.mark.parametrize("actor", NOT_ADJUSTER, ids=role_id)
def test_settle_payment_by_non_adjuster_is_refused_with_role_not_allowed(actor: Actor) -> None:
    case = a_case_with_approved_payment()

    refused(lambda: case.settle_payment(**settle_kwargs(actor=actor)), RoleNotAllowed, "role_not_allowed")


def test_settle_payment_unknown_number_is_refused_with_payment_not_found() -> None:
    case = a_case_with_approved_payment()

    refused(
        lambda: case.settle_payment(**settle_kwargs(payment_number=2)),
        PaymentNotFound,
        "payment_not_found",
        "payment_number",
    )


def test_settle_payment_twice_is_refused_with_payment_already_settled() -> None:
    case = a_case_with_settled_payment()

    refused(
        lambda: case.settle_payment(**settle_kwargs(bank_reference="BANK-REF-002")),
        PaymentAlreadySettled,
        "payment_already_settled",
        "payment_number",
    )


def test_settle_payment_on_closed_case_is_refused() -> None:
    # A closed case cannot hold an unsettled payment, so settling there is always refused.
    case = a_case_with_settled_payment()
    case.close(reason="解決", actor=ADJUSTER)
    case.collect_events()

    with pytest.raises(TransitionRefused):
        case.settle_payment(**settle_kwargs())


def test_settle_payment_transferred_tomorrow_is_invalid_naming_transfer_date() -> None:
    case = a_case_with_approved_payment()

    invalid(lambda: case.settle_payment(**settle_kwargs(transfer_date=TOMORROW)), "transfer_date")


def test_settle_payment_with_empty_bank_reference_is_invalid_naming_bank_reference() -> None:
    case = a_case_with_approved_payment()

    invalid(lambda: case.settle_payment(**settle_kwargs(bank_reference=" ")), "bank_reference")


# =============================================================================================
# close
# =============================================================================================


def test_close_by_adjuster_records_closed_event() -> None:
    case = a_reported_case()

    case.close(reason="当事者間で解決", actor=ADJUSTER)

    event = only_event(case, "Closed")
    assert event.reason == "当事者間で解決"
    assert event.actor_id == "adjuster-1"
    assert event.actor_role == "adjuster"


def test_close_marks_case_closed_with_reason() -> None:
    case = a_reported_case()

    case.close(reason="当事者間で解決", actor=ADJUSTER)

    assert case.status == "closed"
    assert case.stage == "closed"
    assert case.close_reason == "当事者間で解決"


def test_close_with_all_payments_settled_is_accepted() -> None:
    case = a_case_with_settled_payment()

    case.close(reason="支払完了", actor=ADJUSTER)

    assert case.status == "closed"


def test_close_leaves_nothing_payable() -> None:
    case = a_case_with_invoice(line(amount_yen=110_000))

    case.close(reason="被保険者が請求を取り下げ", actor=ADJUSTER)

    assert case.owed_now_yen == 0


@pytest.mark.parametrize("actor", NOT_ADJUSTER, ids=role_id)
def test_close_by_non_adjuster_is_refused_with_role_not_allowed(actor: Actor) -> None:
    case = a_reported_case()

    refused(lambda: case.close(reason="解決", actor=actor), RoleNotAllowed, "role_not_allowed")


def test_close_already_closed_case_is_refused_with_case_closed() -> None:
    case = a_closed_case()

    refused(lambda: case.close(reason="再度", actor=ADJUSTER), CaseClosed, "case_is_closed", "status")


def test_close_with_unsettled_payment_is_refused_with_unsettled_payments() -> None:
    case = a_case_with_approved_payment()

    refused(lambda: case.close(reason="解決", actor=ADJUSTER), UnsettledPayments, "unsettled_payments", "payments")


def test_close_with_empty_reason_is_invalid_naming_reason() -> None:
    case = a_reported_case()

    invalid(lambda: case.close(reason="", actor=ADJUSTER), "reason")


# =============================================================================================
# reopen
# =============================================================================================


def test_reopen_by_adjuster_records_reopened_event() -> None:
    case = a_closed_case()

    case.reopen(reason="相手方から再度の連絡", actor=ADJUSTER)

    event = only_event(case, "Reopened")
    assert event.reason == "相手方から再度の連絡"
    assert event.actor_id == "adjuster-1"
    assert event.actor_role == "adjuster"


def test_reopen_marks_case_open_again_with_reason() -> None:
    case = a_closed_case()

    case.reopen(reason="相手方から再度の連絡", actor=ADJUSTER)

    assert case.status == "open"
    assert case.stage == "reported"
    assert case.reopen_reason == "相手方から再度の連絡"


def test_reopen_lets_the_case_take_commands_again() -> None:
    case = a_closed_case()
    case.reopen(reason="相手方から再度の連絡", actor=ADJUSTER)
    case.collect_events()

    case.log_consultation(**consultation_kwargs())

    assert event_names(case.collect_events()) == ["ConsultationLogged"]


def test_reopen_keeps_the_consent_so_later_bills_are_payable() -> None:
    case = a_closed_case_with_consent()
    case.reopen(reason="追加の請求", actor=ADJUSTER)

    record_invoice(case, line(amount_yen=110_000))

    assert case.owed_now_yen == 90_000


@pytest.mark.parametrize("actor", NOT_ADJUSTER, ids=role_id)
def test_reopen_by_non_adjuster_is_refused_with_role_not_allowed(actor: Actor) -> None:
    case = a_closed_case()

    refused(lambda: case.reopen(reason="再開", actor=actor), RoleNotAllowed, "role_not_allowed")


def test_reopen_open_case_is_refused_with_case_not_closed() -> None:
    case = a_reported_case()

    refused(lambda: case.reopen(reason="再開", actor=ADJUSTER), CaseNotClosed, "case_is_not_closed", "status")


def test_reopen_with_empty_reason_is_invalid_naming_reason() -> None:
    case = a_closed_case()

    invalid(lambda: case.reopen(reason=" ", actor=ADJUSTER), "reason")


# =============================================================================================
# a refused command records nothing
# =============================================================================================

REFUSALS: dict[str, tuple[Callable[[], ClaimCase], Callable[[ClaimCase], object]]] = {
    "log_consultation_by_auditor": (a_reported_case, lambda c: c.log_consultation(**consultation_kwargs(actor=AUDITOR))),
    "log_consultation_empty_advice": (a_reported_case, lambda c: c.log_consultation(**consultation_kwargs(advice=""))),
    "log_consultation_closed": (a_closed_case, lambda c: c.log_consultation(**consultation_kwargs())),
    "recommend_twice": (a_case_awaiting_consent, lambda c: c.recommend_escalation(reason="再度", actor=CONCIERGE, now=NOW)),
    "recommend_empty_reason": (a_reported_case, lambda c: c.recommend_escalation(reason="", actor=CONCIERGE, now=NOW)),
    "approve_escalation_unrecommended": (a_reported_case, lambda c: c.approve_escalation(**consent_kwargs())),
    "approve_escalation_empty_law_firm": (
        a_case_awaiting_consent,
        lambda c: c.approve_escalation(**consent_kwargs(law_firm="")),
    ),
    "decline_escalation_by_concierge": (
        a_case_awaiting_consent,
        lambda c: c.decline_escalation(reason="x", actor=CONCIERGE),
    ),
    "record_invoice_before_consent": (a_case_awaiting_consent, lambda c: record_invoice(c)),
    "record_invoice_duplicate": (a_case_with_invoice, lambda c: record_invoice(c, number="INV-001")),
    "record_invoice_zero_amount_line": (a_case_with_consent, lambda c: record_invoice(c, line(), line(amount_yen=0))),
    "approve_payment_nothing_to_pay": (a_case_with_consent, lambda c: c.approve_payment(actor=ADJUSTER, policy=a_policy())),
    "approve_payment_above_limit": (
        lambda: a_case_with_invoice(line(amount_yen=2_000_000)),
        lambda c: c.approve_payment(actor=ADJUSTER, policy=a_policy()),
    ),
    "settle_unknown_payment": (a_case_with_approved_payment, lambda c: c.settle_payment(**settle_kwargs(payment_number=9))),
    "settle_twice": (a_case_with_settled_payment, lambda c: c.settle_payment(**settle_kwargs())),
    "settle_empty_bank_reference": (
        a_case_with_approved_payment,
        lambda c: c.settle_payment(**settle_kwargs(bank_reference="")),
    ),
    "close_unsettled": (a_case_with_approved_payment, lambda c: c.close(reason="x", actor=ADJUSTER)),
    "close_empty_reason": (a_reported_case, lambda c: c.close(reason="", actor=ADJUSTER)),
    "reopen_open_case": (a_reported_case, lambda c: c.reopen(reason="x", actor=ADJUSTER)),
    "reopen_empty_reason": (a_closed_case, lambda c: c.reopen(reason="", actor=ADJUSTER)),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_refused_command_records_no_event_and_keeps_the_version(name: str) -> None:
    given, command = REFUSALS[name]
    case = given()
    version_before = case.version

    with pytest.raises(DomainError):
        command(case)

    assert case.collect_events() == []
    assert case.version == version_before


def test_refused_payment_approval_leaves_totals_untouched() -> None:
    case = a_case_with_invoice(line(amount_yen=2_000_000))

    with pytest.raises(AuthorityLimitExceeded):
        case.approve_payment(actor=ADJUSTER, policy=a_policy())

    assert case.payments == {}
    assert case.approved_yen == 0
    assert case.owed_now_yen == 1_791_000
