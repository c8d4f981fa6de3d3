"""弁護士費用保険金: payout = (covered fees − ¥10,000) × 90 %, rounded down, never below zero,
on the case's cumulative totals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.harassment.invoices import InvoiceLineInput
from domain.harassment.vocabulary import FeeType
from domain.kernel.errors import NothingToPay
from domain.kernel.payout import DEDUCTIBLE_YEN, PayoutTerms, amount_now_payable, payout_for_covered_fees
from tests.builders import (
    CONSENT_DATE,
    NOW,
    TODAY,
    UNLIMITED_ADJUSTER,
    a_case_with_consent,
    a_case_with_invoice,
    a_policy,
    line,
    record_invoice,
)

NEVER_COVERED = {FeeType.DAILY_ALLOWANCE, FeeType.ADVISORY_RETAINER}

# ---- the worked example ----------------------------------------------------------------------


def test_payout_for_covered_fees_of_worked_example_is_288000() -> None:
    assert payout_for_covered_fees(330_000) == 288_000


def test_approve_payment_on_worked_example_bill_pays_288000_ignoring_daily_allowance() -> None:
    case = a_case_with_invoice(line(FeeType.RETAINER, 330_000), line(FeeType.DAILY_ALLOWANCE, 20_000))

    case.approve_payment(actor=UNLIMITED_ADJUSTER, policy=a_policy(), now=NOW)

    assert case.payments[1].amount_yen == 288_000
    assert case.covered_fees_yen == 330_000
    assert case.excluded_fees_yen == 20_000


def test_approve_payment_on_worked_example_split_over_two_bills_takes_deductible_once() -> None:
    policy = a_policy()
    case = a_case_with_invoice(line(FeeType.RETAINER, 200_000), number="INV-001")
    case.approve_payment(actor=UNLIMITED_ADJUSTER, policy=policy, now=NOW)  # (200,000 − 10,000) × 90 % = 171,000
    record_invoice(case, line(FeeType.SUCCESS_FEE, 130_000), line(FeeType.DAILY_ALLOWANCE, 20_000), number="INV-002")

    case.approve_payment(actor=UNLIMITED_ADJUSTER, policy=policy, now=NOW)

    assert [p.amount_yen for p in case.payments.values()] == [171_000, 117_000]
    assert case.approved_yen == 288_000


# ---- boundaries and rounding ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("covered", "payout"),
    [
        (0, 0),
        (9_999, 0),
        (10_000, 0),  # the deductible exactly: nothing
        (10_001, 0),  # 1 × 0.9 = 0.9 → ¥0 (切り捨て)
        (10_002, 1),  # 1.8 → ¥1
        (10_011, 9),  # 9.9 → ¥9
        (10_100, 90),
        (110_000, 90_000),
    ],
)
def test_payout_for_covered_fees_rounds_down_to_the_yen_after_the_deductible(covered: int, payout: int) -> None:
    assert payout_for_covered_fees(covered) == payout


def test_payout_for_covered_fees_below_zero_is_zero() -> None:
    assert payout_for_covered_fees(-50_000) == 0


def test_payout_for_covered_fees_uses_given_terms() -> None:
    assert payout_for_covered_fees(100_000, PayoutTerms(deductible_yen=0, coinsurance_percent=100)) == 100_000


def test_amount_now_payable_is_the_difference_from_what_was_approved() -> None:
    assert amount_now_payable(160_000, already_approved_yen=90_000) == 45_000


def test_amount_now_payable_is_never_negative_when_more_was_approved() -> None:
    assert amount_now_payable(110_000, already_approved_yen=100_000) == 0


def test_approve_payment_on_covered_fees_of_10011_pays_9_yen() -> None:
    case = a_case_with_invoice(line(amount_yen=10_011))

    case.approve_payment(actor=UNLIMITED_ADJUSTER, policy=a_policy(), now=NOW)

    assert case.payments[1].amount_yen == 9


# ---- properties -----------------------------------------------------------------------------

yen = st.integers(min_value=-1_000_000, max_value=10_000_000_000)


@settings(max_examples=200)
@given(yen)
def test_payout_is_never_negative(covered: int) -> None:
    assert payout_for_covered_fees(covered) >= 0


@settings(max_examples=200)
@given(st.integers(min_value=DEDUCTIBLE_YEN, max_value=10_000_000_000))
def test_payout_is_90_percent_above_deductible_rounded_down_by_less_than_a_yen(covered: int) -> None:
    payout = payout_for_covered_fees(covered)
    exact_times_100 = (covered - DEDUCTIBLE_YEN) * 90  # 100 × the exact, unrounded payout

    assert payout * 100 <= exact_times_100  # never more than 90 % of (covered − ¥10,000)
    assert exact_times_100 - payout * 100 < 100  # and short of it by under one yen


@settings(max_examples=200)
@given(yen, yen)
def test_payout_never_falls_when_covered_fees_grow(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert payout_for_covered_fees(low) <= payout_for_covered_fees(high)


fee_types = st.sampled_from(list(FeeType))
work_dates = st.dates(min_value=CONSENT_DATE - timedelta(days=20), max_value=TODAY)
lines = st.builds(
    InvoiceLineInput,
    fee_type=fee_types,
    work_date=work_dates,
    amount_yen=st.integers(min_value=1, max_value=500_000),
)
# A step is either a bill (a list of lines) or an attempt to approve a payment ("approve").
steps = st.lists(st.one_of(st.lists(lines, min_size=1, max_size=4), st.just("approve")), max_size=12)


def _covered(line_: InvoiceLineInput, consent_date: date) -> int:
    return 0 if line_.fee_type in NEVER_COVERED or line_.work_date < consent_date else line_.amount_yen


@settings(max_examples=150, deadline=None)
@given(steps)
def test_approved_payments_add_up_to_the_payout_on_total_covered_fees_whatever_the_order(steps: list) -> None:
    case = a_case_with_consent(consent_date=CONSENT_DATE)
    policy = a_policy()  # limits of ¥10^12: far above anything 12 steps of bills can owe
    covered_total = 0
    invoice_count = 0

    for step in [*steps, "approve"]:
        if step == "approve":
            owed = payout_for_covered_fees(covered_total) - case.approved_yen
            try:
                case.approve_payment(actor=UNLIMITED_ADJUSTER, policy=policy, now=NOW)
            except NothingToPay:
                assert owed == 0  # refused only when nothing is owed
            else:
                assert owed > 0
                assert case.payments[len(case.payments)].amount_yen == owed
        else:
            invoice_count += 1
            record_invoice(case, *step, number=f"INV-{invoice_count:03d}")
            covered_total += sum(_covered(ln, CONSENT_DATE) for ln in step)
        assert case.approved_yen <= payout_for_covered_fees(covered_total)  # never overpaid on the way

    assert case.covered_fees_yen == covered_total
    assert case.approved_yen == payout_for_covered_fees(covered_total)
    assert all(p.amount_yen > 0 for p in case.payments.values())
    assert policy.paid_by_claim.get(str(case.id), 0) == case.approved_yen  # every approval charged the policy
