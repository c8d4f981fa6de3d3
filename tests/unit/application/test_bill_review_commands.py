"""Bill review through ClaimsApplication, in memory: a reduced line changes what the payment pays
by exactly the payout rule; a refused review records nothing. Given / When / Then."""

from __future__ import annotations

from domain.harassment.bill_review import LineReviewInput
from domain.harassment.errors import BillUnderReview
from domain.harassment.vocabulary import FeeType
from tests.builders import ADJUSTER, a_case_in, a_policy_in, an_app, an_invoice, consented_in, line, refused_in


def a_case_with_bill_in(app):
    case_id = a_case_in(app, a_policy_in(app))
    consented_in(app, case_id)
    app.record_invoice(case_id, an_invoice(line(FeeType.RETAINER, 220_000), line(FeeType.CONSULTATION_FEE, 110_000),
                                           line(FeeType.DAILY_ALLOWANCE, 20_000)), ADJUSTER)
    return case_id


def test_approve_payment_after_a_reduced_line_pays_the_rule_on_the_reviewed_fees() -> None:
    app = an_app()
    case_id = a_case_with_bill_in(app)
    app.review_bill_line(case_id, LineReviewInput("INV-001", 2, 55_000, "相談は1回分のみ"), ADJUSTER)
    app.approve_bill(case_id, "INV-001", ADJUSTER)

    app.approve_payment(case_id, ADJUSTER)

    case = app.get_case(case_id)
    # (220,000 + 55,000 − 10,000) × 90 % = 238,500
    assert case.payments[1].amount_yen == 238_500
    assert case.payments[1].covered_fees_basis_yen == 275_000
    assert case.invoices[0].status == "partly_approved"


def test_approve_payment_while_the_bill_is_under_review_records_nothing() -> None:
    app = an_app()
    case_id = a_case_with_bill_in(app)
    app.start_bill_review(case_id, "INV-001", ADJUSTER)

    refused_in(app, lambda: app.approve_payment(case_id, ADJUSTER), BillUnderReview, "bill_under_review")
