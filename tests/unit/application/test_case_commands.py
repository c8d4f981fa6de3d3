"""ClaimsApplication, the claim-response case's commands, on the library's in-memory persistence.
For each command: Given (earlier commands) / When (the command) / Then (the new events of every
aggregate it touched, in the order saved), or one named error and nothing saved anywhere."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID, uuid4

import pytest

from domain.application import ClaimsApplication
from domain.harassment.errors import EscalationAlreadyRecommended, EscalationNotAwaitingConsent
from domain.harassment.vocabulary import FeeType
from domain.kernel.errors import (
    CaseClosed,
    CaseNotClosed,
    CaseNotFound,
    DuplicateInvoice,
    InvalidInput,
    LimitExhausted,
    PaymentNotFound,
    RoleNotAllowed,
    UnsettledPayments,
    VersionMismatch,
    WrongPolicy,
)
from domain.kernel.payments import SettlementInput
from domain.policies.errors import PolicyNotFound
from domain.policies.policy import policy_id
from tests.builders import (
    ADJUSTER,
    CONCIERGE,
    CONSENT_DATE,
    NOW,
    TODAY,
    UNLIMITED_ADJUSTER,
    a_case_in,
    a_consent,
    a_consultation,
    a_plan,
    a_policy_in,
    a_report,
    an_app,
    an_invoice,
    consented_in,
    diary_of,
    line,
    new_events,
    position_of,
    recommend_in,
    recorded_since,
    refused_in,
)

SETTLEMENT = SettlementInput(payment_number=1, transfer_date=TODAY, bank_reference="FB-001")


# ---- Given: a case at each step, through the application ------------------------------------


def a_case(app: ClaimsApplication, policy_number: str | None = None) -> UUID:
    """Reported under a policy in force (version 1)."""
    return a_case_in(app, policy_number or a_policy_in(app))


def a_recommended_case(app: ClaimsApplication) -> UUID:
    case_id = a_case(app)
    recommend_in(app, case_id)  # version 2
    return case_id


def a_consented_case(app: ClaimsApplication, policy_number: str | None = None) -> UUID:
    case_id = a_case(app, policy_number)
    consented_in(app, case_id)  # version 3
    return case_id


def an_invoiced_case(app: ClaimsApplication, policy_number: str | None = None, covered_yen: int = 110_000) -> UUID:
    """Consented, one bill of `covered_yen` covered fees (version 4): the rule owes (covered − ¥10,000) × 90 %."""
    case_id = a_consented_case(app, policy_number)
    app.record_invoice(case_id, an_invoice(line(amount_yen=covered_yen), invoice_date=CONSENT_DATE), ADJUSTER)
    return case_id


def a_paid_case(app: ClaimsApplication) -> UUID:
    case_id = an_invoiced_case(app)
    app.approve_payment(case_id, ADJUSTER)  # version 5: ¥90,000 approved
    return case_id


def a_settled_case(app: ClaimsApplication) -> UUID:
    case_id = a_paid_case(app)
    app.settle_payment(case_id, SETTLEMENT, ADJUSTER)  # version 6
    return case_id


def a_closed_case(app: ClaimsApplication) -> UUID:
    case_id = a_case(app)
    app.close_case(case_id, "当事者間で解決", ADJUSTER)  # version 2
    return case_id


# =============================================================================================
# report_case
# =============================================================================================


def test_report_case_saves_one_reported_event_with_the_policy_terms() -> None:
    app = an_app()
    number = a_policy_in(app, a_plan(deductible_yen=20_000, coinsurance_percent=80))
    position = position_of(app)

    result = app.report_case(a_report(policy_ref=number), CONCIERGE)

    assert recorded_since(app, position) == [(result.aggregate_id, "Reported"),
                                             (diary_of(result.aggregate_id, "first_consultation"), "Opened")]
    (reported,) = new_events(app, result.aggregate_id, 0)
    assert (reported.coverage, reported.deductible_yen, reported.coinsurance_percent) == ("covered", 20_000, 80)
    assert (result.version, result.subject.stage) == (1, "reported")


def test_report_case_by_adjuster_is_refused_and_saves_nothing() -> None:
    app = an_app()
    number = a_policy_in(app)

    refused_in(app, lambda: app.report_case(a_report(policy_ref=number), ADJUSTER), RoleNotAllowed, "role_not_allowed")


def test_report_case_with_an_empty_summary_is_invalid_naming_summary_and_saves_nothing() -> None:
    app = an_app()
    number = a_policy_in(app)

    refused_in(app, lambda: app.report_case(a_report(policy_ref=number, summary=" "), CONCIERGE), InvalidInput,
               "invalid_input", "summary")


# =============================================================================================
# log_consultation
# =============================================================================================


def test_log_consultation_saves_consultation_logged_on_the_case() -> None:
    app = an_app()
    case_id = a_case(app)
    position = position_of(app)

    result = app.log_consultation(case_id, a_consultation(), CONCIERGE)

    assert recorded_since(app, position) == [(case_id, "ConsultationLogged"),
                                             (diary_of(case_id, "first_consultation"), "Done")]
    assert (result.version, app.get_case(case_id).stage) == (2, "consulting")


def test_log_consultation_on_a_closed_case_is_refused_with_case_closed_and_saves_nothing() -> None:
    app = an_app()
    case_id = a_closed_case(app)

    refused_in(app, lambda: app.log_consultation(case_id, a_consultation(), CONCIERGE), CaseClosed, "case_is_closed", "status")


def test_log_consultation_on_an_unknown_case_is_refused_with_case_not_found() -> None:
    app = an_app()

    refused_in(app, lambda: app.log_consultation(uuid4(), a_consultation(), CONCIERGE), CaseNotFound, "case_not_found", "case_id")


# =============================================================================================
# recommend_escalation
# =============================================================================================


def test_recommend_escalation_saves_escalation_recommended_dated_at_the_application_clock() -> None:
    app = an_app()
    case_id = a_case(app)
    position = position_of(app)

    app.recommend_escalation(case_id, "当事者間での解決は困難", CONCIERGE)

    assert recorded_since(app, position) == [(case_id, "EscalationRecommended")]
    assert new_events(app, case_id, 1)[0].recommended_on == NOW.date()


def test_recommend_escalation_twice_is_refused_with_escalation_already_recommended_and_saves_nothing() -> None:
    app = an_app()
    case_id = a_recommended_case(app)

    refused_in(app, lambda: app.recommend_escalation(case_id, "再度", CONCIERGE), EscalationAlreadyRecommended,
               "escalation_already_recommended", "escalation")


# =============================================================================================
# approve_escalation
# =============================================================================================


def test_approve_escalation_saves_escalation_approved_with_the_consent() -> None:
    app = an_app()
    case_id = a_recommended_case(app)
    position = position_of(app)

    app.approve_escalation(case_id, a_consent(), ADJUSTER)

    assert recorded_since(app, position) == [(case_id, "EscalationApproved")]
    approved = new_events(app, case_id, 2)[0]
    assert (approved.consent_date, approved.consent_reference) == (CONSENT_DATE, "SJ-CONSENT-0001")


def test_approve_escalation_without_a_recommendation_is_refused_with_not_awaiting_consent_and_saves_nothing() -> None:
    app = an_app()
    case_id = a_case(app)

    refused_in(app, lambda: app.approve_escalation(case_id, a_consent(), ADJUSTER), EscalationNotAwaitingConsent,
               "escalation_not_awaiting_consent", "escalation")


# =============================================================================================
# decline_escalation
# =============================================================================================


def test_decline_escalation_saves_escalation_declined_with_the_reason() -> None:
    app = an_app()
    case_id = a_recommended_case(app)
    position = position_of(app)

    app.decline_escalation(case_id, "弁護士対応の必要性が認められない", ADJUSTER)

    assert recorded_since(app, position) == [(case_id, "EscalationDeclined")]
    assert app.get_case(case_id).decline_reason == "弁護士対応の必要性が認められない"


def test_decline_escalation_with_an_empty_reason_is_invalid_naming_reason_and_saves_nothing() -> None:
    app = an_app()
    case_id = a_recommended_case(app)

    refused_in(app, lambda: app.decline_escalation(case_id, "", ADJUSTER), InvalidInput, "invalid_input", "reason")


# =============================================================================================
# record_invoice
# =============================================================================================


def test_record_invoice_saves_invoice_recorded_with_its_lines_classified() -> None:
    app = an_app()
    case_id = a_consented_case(app)
    position = position_of(app)

    app.record_invoice(case_id, an_invoice(line(FeeType.RETAINER, 330_000), line(FeeType.DAILY_ALLOWANCE, 20_000)), ADJUSTER)

    assert recorded_since(app, position) == [(case_id, "InvoiceRecorded"),
                                             (diary_of(case_id, "bill_decision", "INV-001"), "Opened")]
    recorded = new_events(app, case_id, 3)[0]
    assert (recorded.covered_yen, recorded.excluded_yen) == (330_000, 20_000)
    assert app.get_case(case_id).owed_now_yen == 288_000


def test_record_invoice_with_a_recorded_number_is_refused_with_duplicate_invoice_and_saves_nothing() -> None:
    app = an_app()
    case_id = an_invoiced_case(app)

    refused_in(app, lambda: app.record_invoice(case_id, an_invoice(number="INV-001"), ADJUSTER), DuplicateInvoice,
               "duplicate_invoice_number", "invoice_number")


# =============================================================================================
# approve_payment: the case and its policy in one save
# =============================================================================================


def test_approve_payment_saves_payment_approved_on_the_case_and_payment_charged_on_its_policy() -> None:
    app = an_app()
    number = a_policy_in(app)
    case_id = an_invoiced_case(app, number)
    position = position_of(app)

    result = app.approve_payment(case_id, ADJUSTER)

    assert recorded_since(app, position) == [(case_id, "PaymentApproved"), (policy_id(number), "PaymentCharged"),
                                             (diary_of(case_id, "bill_decision", "INV-001"), "Done"),
                                             (diary_of(case_id, "transfer", "1"), "Opened")]
    charge = list(app.events.get(policy_id(number)))[-1]
    assert (charge.claim_id, charge.payment_number, charge.amount_yen, charge.head) == (str(case_id), 1, 90_000, None)
    assert (result.aggregate_id, result.version) == (case_id, 5)


def test_approve_payment_under_a_policy_whose_yearly_limit_is_used_up_is_refused_and_saves_nothing() -> None:
    app = an_app()
    number = a_policy_in(app, a_plan(limit_per_claim_yen=90_000, limit_per_year_yen=90_000))
    app.approve_payment(an_invoiced_case(app, number), ADJUSTER)  # ¥90,000: the whole year
    case_id = an_invoiced_case(app, number)

    error = refused_in(app, lambda: app.approve_payment(case_id, ADJUSTER), LimitExhausted, "payment_limit_exhausted",
                       "amount_yen")
    assert error.params["limit"] == "limit_per_year"
    assert app.get_case(case_id).payments == {}


def test_approve_payment_directly_with_another_in_force_policy_is_refused_with_not_the_claims_policy() -> None:
    app = an_app()
    case = app.get_case(an_invoiced_case(app))
    another = app.get_policy(a_policy_in(app))  # in force, but not the one the case is reported under

    with pytest.raises(WrongPolicy) as info:
        case.approve_payment(actor=ADJUSTER, policy=another, now=NOW)

    assert (info.value.rule, info.value.field) == ("not_the_claims_policy", "policy_ref")
    assert (case.collect_events(), another.collect_events(), another.paid_by_claim) == ([], [], {})


# =============================================================================================
# settle_payment
# =============================================================================================


def test_settle_payment_saves_payment_settled_on_the_case_only() -> None:
    app = an_app()
    case_id = a_paid_case(app)
    position = position_of(app)

    app.settle_payment(case_id, SETTLEMENT, ADJUSTER)

    assert recorded_since(app, position) == [(case_id, "PaymentSettled"), (diary_of(case_id, "transfer", "1"), "Done")]
    assert app.get_case(case_id).settled_yen == 90_000


def test_settle_payment_of_an_unknown_payment_is_refused_with_payment_not_found_and_saves_nothing() -> None:
    app = an_app()
    case_id = a_paid_case(app)
    unknown = SettlementInput(payment_number=2, transfer_date=TODAY, bank_reference="FB-002")

    refused_in(app, lambda: app.settle_payment(case_id, unknown, ADJUSTER), PaymentNotFound, "payment_not_found",
               "payment_number")


# =============================================================================================
# close_case, reopen_case
# =============================================================================================


def test_close_case_saves_closed_on_the_case() -> None:
    app = an_app()
    case_id = a_settled_case(app)
    position = position_of(app)

    app.close_case(case_id, "支払完了", ADJUSTER)

    assert recorded_since(app, position) == [(case_id, "Closed"), (diary_of(case_id, "first_consultation"), "Done")]
    assert app.get_case(case_id).status == "closed"


def test_close_case_with_an_unsettled_payment_is_refused_with_unsettled_payments_and_saves_nothing() -> None:
    app = an_app()
    case_id = a_paid_case(app)

    refused_in(app, lambda: app.close_case(case_id, "解決", ADJUSTER), UnsettledPayments, "unsettled_payments", "payments")


def test_reopen_case_saves_reopened_on_the_case() -> None:
    app = an_app()
    case_id = a_closed_case(app)
    position = position_of(app)

    app.reopen_case(case_id, "相手方から再度の連絡", ADJUSTER)

    assert recorded_since(app, position) == [(case_id, "Reopened")]
    assert app.get_case(case_id).status == "open"


def test_reopen_case_that_is_open_is_refused_with_case_not_closed_and_saves_nothing() -> None:
    app = an_app()
    case_id = a_case(app)

    refused_in(app, lambda: app.reopen_case(case_id, "再開", ADJUSTER), CaseNotClosed, "case_is_not_closed", "status")


# =============================================================================================
# case_payment_quote: what the case shows as payable (a query: it saves nothing)
# =============================================================================================


def test_case_payment_quote_of_an_invoiced_case_is_what_an_approval_would_pay() -> None:
    app = an_app()
    number = a_policy_in(app, a_plan(limit_per_claim_yen=50_000, limit_per_year_yen=1_000_000))
    case_id = an_invoiced_case(app, number)
    position = position_of(app)

    quote = app.case_payment_quote(app.get_case(case_id))

    assert (quote.owed_yen, quote.payable_yen, quote.limited_by, quote.refusal) == (90_000, 50_000, "limit_per_claim", None)
    assert recorded_since(app, position) == []
    app.approve_payment(case_id, UNLIMITED_ADJUSTER)
    assert app.get_case(case_id).payments[1].amount_yen == quote.payable_yen


def test_case_payment_quote_under_a_used_up_policy_carries_the_refusal_an_approval_would_meet() -> None:
    app = an_app()
    number = a_policy_in(app, a_plan(limit_per_claim_yen=90_000, limit_per_year_yen=90_000))
    app.approve_payment(an_invoiced_case(app, number), ADJUSTER)
    case = app.get_case(an_invoiced_case(app, number))

    quote = app.case_payment_quote(case)

    assert (quote.owed_yen, quote.payable_yen) == (90_000, 0)
    assert isinstance(quote.refusal, LimitExhausted)


def test_case_payment_quote_of_a_past_version_reads_the_policy_as_it_stood_then() -> None:
    app = an_app()
    number = a_policy_in(app, a_plan(limit_per_claim_yen=100_000, limit_per_year_yen=100_000))
    first = an_invoiced_case(app, number)
    second = an_invoiced_case(app, number)
    earlier = app.get_case(second)
    app.approve_payment(first, ADJUSTER)  # ¥90,000 of the ¥100,000 year: ¥10,000 left

    now, then = app.case_payment_quote(earlier), app.case_payment_quote(earlier, current=False)

    assert (now.payable_yen, now.limited_by) == (10_000, "limit_per_year")
    assert (then.payable_yen, then.limited_by) == (90_000, None)


def test_case_payment_quote_of_a_case_under_an_unknown_policy_is_refused_with_policy_not_found() -> None:
    app = an_app()
    case = app.get_case(app.report_case(a_report(policy_ref="HAR-NOPE-0000"), CONCIERGE).aggregate_id)

    quote = app.case_payment_quote(case)

    assert quote.payable_yen == 0
    assert isinstance(quote.refusal, PolicyNotFound)
    assert (quote.refusal.rule, quote.refusal.field) == ("policy_not_found", "policy_number")


# =============================================================================================
# If-Match: a stale expected version is refused, nothing saved
# =============================================================================================

# command → (Given: a case on which the command would be accepted, When: the command at a version)
STALE: dict[str, tuple[Callable[[ClaimsApplication], UUID], Callable[[ClaimsApplication, UUID, int], object]]] = {
    "log_consultation": (a_case, lambda app, c, v: app.log_consultation(c, a_consultation(), CONCIERGE, expected_version=v)),
    "recommend_escalation": (a_case, lambda app, c, v: app.recommend_escalation(c, "困難", CONCIERGE, expected_version=v)),
    "approve_escalation": (a_recommended_case,
                           lambda app, c, v: app.approve_escalation(c, a_consent(), ADJUSTER, expected_version=v)),
    "decline_escalation": (a_recommended_case, lambda app, c, v: app.decline_escalation(c, "不要", ADJUSTER, expected_version=v)),
    "record_invoice": (a_consented_case, lambda app, c, v: app.record_invoice(c, an_invoice(), ADJUSTER, expected_version=v)),
    "approve_payment": (an_invoiced_case, lambda app, c, v: app.approve_payment(c, ADJUSTER, expected_version=v)),
    "settle_payment": (a_paid_case, lambda app, c, v: app.settle_payment(c, SETTLEMENT, ADJUSTER, expected_version=v)),
    "close_case": (a_case, lambda app, c, v: app.close_case(c, "解決", ADJUSTER, expected_version=v)),
    "reopen_case": (a_closed_case, lambda app, c, v: app.reopen_case(c, "再開", ADJUSTER, expected_version=v)),
}


@pytest.mark.parametrize("command", list(STALE))
def test_case_command_with_a_stale_expected_version_is_refused_with_version_mismatch_and_saves_nothing(command: str) -> None:
    given, when = STALE[command]
    app = an_app()
    case_id = given(app)
    current = app.get_case(case_id).version

    error = refused_in(app, lambda: when(app, case_id, current - 1), VersionMismatch, "version_mismatch", "If-Match")

    assert error.params["version"] == current


@pytest.mark.parametrize("command", list(STALE))
def test_case_command_with_the_current_expected_version_is_saved(command: str) -> None:
    given, when = STALE[command]
    app = an_app()
    case_id = given(app)
    current = app.get_case(case_id).version

    when(app, case_id, current)

    assert app.get_case(case_id).version == current + 1
