"""ClaimCase bill review: a bill's lines reduced with a reason (or classified), then approved,
partly approved or rejected; the payout follows the reviewed amounts by the kernel's rule; nothing
is paid while a bill is under review. Given / When / Then, one behaviour each."""

from __future__ import annotations

import pytest

from domain.harassment.bill_review import LineReviewInput
from domain.harassment.errors import (
    BillAlreadyDecided,
    BillAlreadyPaid,
    BillHasUnclassifiedLines,
    BillUnderReview,
    InvoiceNotFound,
)
from domain.harassment.invoices import InvoiceLineInput
from domain.harassment.vocabulary import CaseStage, FeeType
from domain.kernel.errors import RoleNotAllowed
from tests.builders import (
    ADJUSTER,
    CONCIERGE,
    CONSENT_DATE,
    NOW,
    a_case_with_invoice,
    a_policy,
    event_names,
    invalid,
    line,
    only_event,
    record_invoice,
    refused,
)


def review(allowed_yen: int, line_number: int = 1, reason: str = "時間単価が合意額を超える", **more) -> LineReviewInput:
    return LineReviewInput("INV-001", line_number, allowed_yen, reason, **more)


def a_case_with_two_line_bill():
    """着手金 ¥220,000 and 相談料 ¥110,000 (both covered), plus 日当 ¥20,000 (never covered)."""
    return a_case_with_invoice(line(FeeType.RETAINER, 220_000), line(FeeType.CONSULTATION_FEE, 110_000),
                               line(FeeType.DAILY_ALLOWANCE, 20_000))


def test_review_bill_line_on_a_received_bill_opens_the_review_and_records_the_reduction() -> None:
    case = a_case_with_two_line_bill()

    case.review_bill_line(review(150_000), actor=ADJUSTER)

    events = case.collect_events()
    assert event_names(events) == ["BillReviewStarted", "BillLineReviewed"]
    reduced = events[1]
    assert (reduced.line_number, reduced.allowed_yen, reduced.covered_change_yen) == (1, 150_000, -70_000)
    assert reduced.reason == "時間単価が合意額を超える" and reduced.actor_id == ADJUSTER.user_id


def test_reduced_line_lowers_the_covered_fees_to_the_reviewed_amount() -> None:
    case = a_case_with_two_line_bill()

    case.review_bill_line(review(150_000), actor=ADJUSTER)

    assert case.covered_fees_yen == 150_000 + 110_000
    assert case.invoices[0].status == "under_review"


def test_approve_bill_with_a_reduced_line_is_partly_approved_and_pays_by_the_rule() -> None:
    case = a_case_with_two_line_bill()
    case.review_bill_line(review(150_000), actor=ADJUSTER)
    case.collect_events()

    case.approve_bill("INV-001", actor=ADJUSTER)

    event = only_event(case, "BillApproved")
    assert (event.outcome, event.covered_yen) == ("partly_approved", 260_000)
    # (¥260,000 − ¥10,000) × 90 % = ¥225,000 — not the ¥288,000 the bill as sent would pay
    assert case.owed_now_yen == 225_000


def test_approve_bill_without_reductions_is_approved() -> None:
    case = a_case_with_two_line_bill()

    case.approve_bill("INV-001", actor=ADJUSTER)

    events = case.collect_events()
    assert event_names(events) == ["BillReviewStarted", "BillApproved"]
    assert events[1].outcome == "approved"
    assert case.owed_now_yen == 288_000


def test_approve_payment_while_a_bill_is_under_review_is_refused() -> None:
    case = a_case_with_two_line_bill()
    case.start_bill_review("INV-001", actor=ADJUSTER)
    case.collect_events()

    refused(lambda: case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW), BillUnderReview,
            "bill_under_review")


def test_stage_of_a_case_with_a_bill_under_review_is_bill_under_review() -> None:
    case = a_case_with_two_line_bill()

    case.start_bill_review("INV-001", actor=ADJUSTER)

    assert case.stage == CaseStage.BILL_UNDER_REVIEW


def test_reject_bill_takes_its_fees_out_of_the_payout() -> None:
    case = a_case_with_two_line_bill()

    case.reject_bill("INV-001", reason="委任の範囲外", actor=ADJUSTER)

    event = case.collect_events()[-1]
    assert event.covered_change_yen == -330_000
    assert case.covered_fees_yen == 0 and case.owed_now_yen == 0


def test_review_bill_line_above_the_billed_amount_is_invalid() -> None:
    case = a_case_with_two_line_bill()

    error = invalid(lambda: case.review_bill_line(review(220_001), actor=ADJUSTER), "allowed_yen")

    assert error.reason == "above_billed" and case.collect_events() == []


def test_review_bill_line_without_a_reason_is_invalid() -> None:
    case = a_case_with_two_line_bill()

    invalid(lambda: case.review_bill_line(review(100_000, reason="  "), actor=ADJUSTER), "reason")


def test_review_bill_line_of_a_line_the_bill_does_not_have_is_invalid() -> None:
    case = a_case_with_two_line_bill()

    invalid(lambda: case.review_bill_line(review(1, line_number=4), actor=ADJUSTER), "line_number")


def test_review_of_an_unknown_bill_is_refused() -> None:
    case = a_case_with_two_line_bill()

    refused(lambda: case.approve_bill("INV-999", actor=ADJUSTER), InvoiceNotFound, "invoice_not_found")


def test_review_of_a_decided_bill_is_refused() -> None:
    case = a_case_with_two_line_bill()
    case.approve_bill("INV-001", actor=ADJUSTER)
    case.collect_events()

    refused(lambda: case.review_bill_line(review(1), actor=ADJUSTER), BillAlreadyDecided, "bill_already_decided")


def test_review_of_a_bill_a_payment_included_is_refused() -> None:
    case = a_case_with_two_line_bill()
    case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW)
    case.collect_events()

    refused(lambda: case.reject_bill("INV-001", reason="x", actor=ADJUSTER), BillAlreadyPaid, "bill_already_paid")


@pytest.mark.parametrize("actor", [CONCIERGE], ids=["concierge"])
def test_review_bill_line_by_another_role_is_refused(actor) -> None:
    case = a_case_with_two_line_bill()

    refused(lambda: case.review_bill_line(review(1), actor=actor), RoleNotAllowed, "role_not_allowed")


def test_imported_bill_with_an_unknown_code_starts_under_review_and_pays_nothing_for_that_line() -> None:
    case = a_case_with_invoice()  # INV-001: ¥100,000 covered
    unknown = InvoiceLineInput(None, CONSENT_DATE, 50_000, "調査", source_code="L999")

    record_invoice(case, unknown, number="INV-002")

    assert case.invoices[1].status == "under_review"
    assert case.invoices[1].lines[0].exclusion == "unclassified_code"
    assert case.covered_fees_yen == 100_000


def test_approve_bill_with_an_unclassified_line_is_refused() -> None:
    case = record_invoice(a_case_with_invoice(), InvoiceLineInput(None, CONSENT_DATE, 50_000, source_code="L999"),
                          number="INV-002")

    refused(lambda: case.approve_bill("INV-002", actor=ADJUSTER), BillHasUnclassifiedLines,
            "bill_has_unclassified_lines")


def test_review_bill_line_classifies_a_flagged_line_and_counts_it() -> None:
    case = record_invoice(a_case_with_invoice(), InvoiceLineInput(None, CONSENT_DATE, 50_000, source_code="L999"),
                          number="INV-002")

    case.review_bill_line(LineReviewInput("INV-002", 1, 50_000, "手数料と確認", fee_type="手数料"), actor=ADJUSTER)

    event = only_event(case, "BillLineReviewed")
    assert (event.fee_type, event.covered, event.covered_change_yen) == ("handling_fee", True, 50_000)
    assert case.covered_fees_yen == 150_000


def test_the_consents_word_for_approved_is_kept_beside_the_bills_own() -> None:
    from domain.harassment.vocabulary import BillStatus
    from domain.kernel.labels import label_ja

    assert (label_ja("approved"), BillStatus.APPROVED.ja) == ("承諾済み", "承認")
