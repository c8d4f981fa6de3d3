"""ClaimCase.approve_payment: what the payout rule owes now, within the adjuster's authority and the
policy's limits; the policy is charged in the same command.
Given / When / Then, one behaviour each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from domain.harassment.case import ClaimCase
from domain.harassment.errors import EscalationNotApproved
from domain.harassment.vocabulary import FeeType
from domain.kernel.actors import Actor, Role
from domain.kernel.errors import CaseClosed, DomainError, LimitExhausted, NothingToPay, RoleNotAllowed
from tests.builders import (
    ADJUSTER,
    CONSENT_DATE,
    NOT_ADJUSTER,
    NOW,
    UNLIMITED_ADJUSTER,
    a_case_awaiting_consent,
    a_case_with_approved_payment,
    a_case_with_consent,
    a_case_with_invoice,
    a_closed_case_with_invoice,
    a_policy,
    line,
    only_event,
    record_invoice,
    refused,
    role_id,
)


def test_approve_payment_by_adjuster_records_payment_approved_event_with_computed_amount() -> None:
    case = a_case_with_invoice(line(amount_yen=110_000), number="INV-001")

    case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW)

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

    case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW)

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

    case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW)

    event = only_event(case, "PaymentApproved")
    assert event.payment_number == 2
    assert event.amount_yen == 45_000  # (160,000 − 10,000) × 90 % − 90,000: the deductible is taken once
    assert event.previously_approved_yen == 90_000
    assert event.invoice_numbers == ["INV-001", "INV-002"]
    assert case.approved_yen == 135_000


def test_approve_payment_exactly_at_authority_limit_is_accepted() -> None:
    limited = Actor("adjuster-3", Role.ADJUSTER, authority_limit_yen=90_000)
    case = a_case_with_invoice(line(amount_yen=110_000))

    case.approve_payment(actor=limited, policy=a_policy(), now=NOW)

    assert case.approved_yen == 90_000


def test_approve_payment_by_adjuster_without_limit_is_accepted_for_any_amount() -> None:
    case = a_case_with_invoice(line(FeeType.LITIGATION_COSTS, 50_000_000))

    case.approve_payment(actor=UNLIMITED_ADJUSTER, policy=a_policy(), now=NOW)

    assert case.approved_yen == 44_991_000


@pytest.mark.parametrize("actor", NOT_ADJUSTER, ids=role_id)
def test_approve_payment_by_non_adjuster_is_refused_with_role_not_allowed(actor: Actor) -> None:
    case = a_case_with_invoice()

    refused(lambda: case.approve_payment(actor=actor, policy=a_policy(), now=NOW), RoleNotAllowed, "role_not_allowed")


def test_approve_payment_on_closed_case_is_refused_with_case_closed() -> None:
    case = a_closed_case_with_invoice()

    refused(lambda: case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW), CaseClosed, "case_is_closed")


def test_approve_payment_without_consent_is_refused_with_escalation_not_approved() -> None:
    case = a_case_awaiting_consent()

    refused(lambda: case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW),
        EscalationNotApproved, "escalation_not_approved")


def test_approve_payment_without_invoices_is_refused_with_nothing_to_pay() -> None:
    case = a_case_with_consent()

    error = refused(lambda: case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW),
        NothingToPay, "nothing_to_pay", "amount_yen")
    assert "invoice" in error.detail


@pytest.mark.parametrize("covered", [1, 9_999, 10_000])
def test_approve_payment_with_covered_fees_within_deductible_is_refused_with_nothing_to_pay(covered: int) -> None:
    case = a_case_with_invoice(line(amount_yen=covered))

    error = refused(lambda: case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW), NothingToPay, "nothing_to_pay")
    assert "deductible" in error.detail


def test_approve_payment_with_only_excluded_lines_is_refused_with_nothing_to_pay() -> None:
    case = a_case_with_invoice(
        line(FeeType.DAILY_ALLOWANCE, 500_000), line(FeeType.RETAINER, 500_000, CONSENT_DATE - timedelta(days=1))
    )

    refused(lambda: case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW), NothingToPay, "nothing_to_pay")


def test_approve_payment_when_all_is_already_approved_is_refused_with_nothing_to_pay() -> None:
    case = a_case_with_approved_payment()

    error = refused(lambda: case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW), NothingToPay, "nothing_to_pay")
    assert "already approved" in error.detail


def test_approve_payment_when_covered_fees_pay_under_one_yen_is_refused_with_nothing_to_pay() -> None:
    case = a_case_with_invoice(line(amount_yen=10_001))  # (1) × 90 % = 0.9 → ¥0

    refused(lambda: case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW), NothingToPay, "nothing_to_pay")


def test_approve_payment_above_authority_limit_records_a_request_for_a_second_adjuster() -> None:
    case = a_case_with_invoice(line(FeeType.LITIGATION_COSTS, 1_200_000))  # pays ¥1,071,000

    case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW)  # authority ¥1,000,000

    event = only_event(case, "PaymentRequested")
    assert (event.request_number, event.amount_yen, event.owed_yen, event.head) == (1, 1_071_000, 1_071_000, None)
    assert event.actor_id == ADJUSTER.user_id
    assert case.payments == {}
    assert case.stage == "payment_awaiting_confirmation"


def test_approve_payment_one_yen_above_authority_limit_is_a_request() -> None:
    limited = Actor("adjuster-3", Role.ADJUSTER, authority_limit_yen=89_999)
    case = a_case_with_invoice(line(amount_yen=110_000))  # pays ¥90,000

    case.approve_payment(actor=limited, policy=a_policy(), now=NOW)

    assert only_event(case, "PaymentRequested").amount_yen == 90_000
    assert case.approved_yen == 0


def test_approve_payment_charges_the_policy_for_this_case() -> None:
    policy = a_policy()
    case = a_case_with_invoice(line(amount_yen=110_000))

    case.approve_payment(actor=ADJUSTER, policy=policy, now=NOW)

    charge = only_event(policy, "PaymentCharged")
    assert (charge.claim_id, charge.payment_number, charge.amount_yen) == (str(case.id), 1, 90_000)
    assert (charge.actor_id, charge.actor_role) == ("adjuster-1", "adjuster")
    assert policy.paid_by_claim == {str(case.id): 90_000}


def test_approve_payment_within_the_limits_records_no_limit() -> None:
    case = a_case_with_invoice(line(amount_yen=110_000))

    case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW)

    assert only_event(case, "PaymentApproved").limited_by is None
    assert case.limit_exhausted is False


def test_approve_payment_above_the_per_claim_limit_pays_the_limit_and_exhausts_the_case() -> None:
    policy = a_policy(limit_per_claim_yen=50_000, limit_per_year_yen=1_000_000)
    case = a_case_with_invoice(line(amount_yen=110_000))  # the rule owes ¥90,000

    case.approve_payment(actor=ADJUSTER, policy=policy, now=NOW)

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

    case.approve_payment(actor=ADJUSTER, policy=policy, now=NOW)

    event = only_event(case, "PaymentApproved")
    assert (event.amount_yen, event.limited_by) == (40_000, "limit_per_year")
    assert case.limit_exhausted is True


def test_approve_payment_on_an_exhausted_case_is_refused_with_limit_exhausted() -> None:
    policy = a_policy(limit_per_claim_yen=50_000, limit_per_year_yen=1_000_000)
    case = a_case_with_invoice(line(amount_yen=110_000))
    case.approve_payment(actor=ADJUSTER, policy=policy, now=NOW)
    record_invoice(case, line(FeeType.SUCCESS_FEE, 100_000), number="INV-002")
    policy.collect_events()

    refused(lambda: case.approve_payment(actor=ADJUSTER, policy=policy, now=NOW), LimitExhausted, "payment_limit_exhausted")
    assert policy.collect_events() == []
    assert list(case.payments) == [1]


def test_approve_payment_above_authority_charges_nothing_until_confirmed() -> None:
    policy = a_policy()
    case = a_case_with_invoice(line(FeeType.LITIGATION_COSTS, 1_200_000))  # pays ¥1,071,000

    case.approve_payment(actor=ADJUSTER, policy=policy, now=NOW)

    assert policy.collect_events() == []
    assert policy.paid_by_claim == {}


def test_approve_payment_capped_below_authority_limit_is_accepted() -> None:
    # The rule owes ¥1,071,000, above the adjuster's ¥1,000,000; the policy has ¥500,000 left for the claim.
    policy = a_policy(limit_per_claim_yen=500_000, limit_per_year_yen=1_000_000)
    case = a_case_with_invoice(line(FeeType.LITIGATION_COSTS, 1_200_000))

    case.approve_payment(actor=ADJUSTER, policy=policy, now=NOW)

    assert case.approved_yen == 500_000


def test_approve_payment_above_authority_leaves_totals_untouched() -> None:
    case = a_case_with_invoice(line(amount_yen=2_000_000))

    case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW)

    assert case.payments == {}
    assert case.approved_yen == 0
    assert case.owed_now_yen == 1_791_000


# ---- a refused command records nothing ---------------------------------------------------


def requested(case: ClaimCase) -> ClaimCase:
    case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW)  # above ADJUSTER's authority: a request
    case.collect_events()
    return case


REFUSALS: dict[str, tuple[Callable[[], ClaimCase], Callable[[ClaimCase], object]]] = {
    "approve_payment_nothing_to_pay": (
        a_case_with_consent, lambda c: c.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW),
    ),
    "approve_payment_while_a_request_waits": (
        lambda: requested(a_case_with_invoice(line(amount_yen=2_000_000))),
        lambda c: c.approve_payment(actor=UNLIMITED_ADJUSTER, policy=a_policy(), now=NOW),
    ),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_approve_payment_refused_records_no_event_and_keeps_the_version(name: str) -> None:
    given, command = REFUSALS[name]
    case = given()
    version_before = case.version

    with pytest.raises(DomainError):
        command(case)

    assert case.collect_events() == []
    assert case.version == version_before
