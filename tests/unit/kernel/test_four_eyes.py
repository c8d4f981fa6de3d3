"""Four eyes: a payment above the approver's authority is recorded as a request and waits for a
second adjuster whose authority covers it; nobody confirms their own request; the limits are
decided again at confirmation; a request is withdrawn by its requester or refused by a colleague."""

from __future__ import annotations

import pytest

from domain.cyber.vocabulary import HeadOfLoss
from domain.harassment.case import ClaimCase
from domain.harassment.vocabulary import FeeType
from domain.kernel.actors import Actor, Role
from domain.kernel.errors import (
    AuthorityLimitExceeded,
    LimitExhausted,
    NotTheRequester,
    OwnPaymentRequest,
    PaymentAwaitingConfirmation,
    PaymentRequestNotFound,
    PaymentRequestNotWaiting,
    RoleNotAllowed,
    UnsettledPayments,
)
from domain.kernel.payments import RequestStatus
from tests.builders import (
    ADJUSTER,
    CONCIERGE,
    NOW,
    a_case_with_invoice,
    a_cost,
    a_cyber_policy,
    a_policy,
    an_incident_with_costs,
    charged,
    event_names,
    invalid,
    line,
    record_invoice,
    refused,
)

SENIOR = Actor("adjuster-senior", Role.ADJUSTER, authority_limit_yen=5_000_000)
JUNIOR = Actor("adjuster-junior", Role.ADJUSTER, authority_limit_yen=500_000)


def a_requested_case(amount_yen: int = 1_200_000) -> tuple[ClaimCase, object]:
    """A case owing (amount − ¥10,000) × 90 %, asked for by ADJUSTER (authority ¥1,000,000)."""
    policy = a_policy()
    case = a_case_with_invoice(line(FeeType.LITIGATION_COSTS, amount_yen))
    case.approve_payment(actor=ADJUSTER, policy=policy, now=NOW)
    case.collect_events()
    return case, policy


def test_a_request_waits_and_a_senior_adjuster_confirms_it_charging_the_policy() -> None:
    case, policy = a_requested_case()  # owes ¥1,071,000

    case.confirm_payment(1, policy=policy, actor=SENIOR, now=NOW)

    (approved,) = case.collect_events()
    assert type(approved).__name__ == "PaymentApproved"
    assert (approved.amount_yen, approved.request_number, approved.requested_by, approved.actor_id) == (
        1_071_000, 1, ADJUSTER.user_id, SENIOR.user_id)
    assert policy.paid_by_claim == {str(case.id): 1_071_000}
    assert case.book.requests[1].status == RequestStatus.CONFIRMED
    assert case.payments[1].requested_by == ADJUSTER.user_id
    assert case.stage == "payment_awaiting_settlement"


def test_nobody_confirms_their_own_request() -> None:
    case, policy = a_requested_case()

    refused(lambda: case.confirm_payment(1, policy=policy, actor=ADJUSTER, now=NOW), OwnPaymentRequest,
            "own_payment_request", "request_number")
    assert case.collect_events() == []


def test_the_confirming_adjuster_needs_authority_for_the_amount() -> None:
    case, policy = a_requested_case()

    error = refused(lambda: case.confirm_payment(1, policy=policy, actor=JUNIOR, now=NOW), AuthorityLimitExceeded,
                    "authority_limit_exceeded", "amount_yen")
    assert error.params == {"amount_yen": 1_071_000, "limit_yen": 500_000}
    assert case.collect_events() == []
    assert policy.collect_events() == []


def test_a_limit_reached_meanwhile_cuts_the_confirmed_payment_to_what_is_left() -> None:
    # The policy's yearly limit leaves ¥300,000 after another claim was paid meanwhile.
    policy = a_policy(limit_per_year_yen=1_050_000)
    case = a_case_with_invoice(line(FeeType.LITIGATION_COSTS, 1_200_000))
    case.approve_payment(actor=ADJUSTER, policy=policy, now=NOW)  # asks for ¥1,050,000 (the year's limit)
    case.collect_events()
    assert case.book.requests[1].amount_yen == 1_050_000
    charged(policy, "another-claim", 750_000)

    case.confirm_payment(1, policy=policy, actor=SENIOR, now=NOW)

    assert case.payments[1].amount_yen == 300_000
    assert case.payments[1].limited_by == "limit_per_year"
    assert sum(policy.paid_by_claim.values()) == 1_050_000  # never above the year's limit


def test_a_limit_used_up_meanwhile_refuses_the_confirmation_and_the_request_still_waits() -> None:
    policy = a_policy(limit_per_year_yen=1_050_000)
    case = a_case_with_invoice(line(FeeType.LITIGATION_COSTS, 1_200_000))
    case.approve_payment(actor=ADJUSTER, policy=policy, now=NOW)
    case.collect_events()
    charged(policy, "another-claim", 1_050_000)

    refused(lambda: case.confirm_payment(1, policy=policy, actor=SENIOR, now=NOW), LimitExhausted,
            "payment_limit_exhausted")
    assert case.book.requests[1].waiting
    case.refuse_payment_request(1, reason="年間限度額に到達", actor=SENIOR)
    assert case.book.requests[1].status == RequestStatus.REFUSED


def test_more_owed_at_confirmation_confirms_only_what_was_requested() -> None:
    case, policy = a_requested_case()  # asked ¥1,071,000
    record_invoice(case, line(FeeType.LITIGATION_COSTS, 100_000), number="INV-002")  # owes ¥90,000 more now

    case.confirm_payment(1, policy=policy, actor=SENIOR, now=NOW)

    assert case.payments[1].amount_yen == 1_071_000
    assert case.payments[1].limited_by is None
    assert case.owed_now_yen == 90_000  # the rest is approved separately


def test_no_second_approval_or_request_while_one_waits() -> None:
    case, policy = a_requested_case()

    for actor in (ADJUSTER, SENIOR):
        error = refused(lambda a=actor: case.approve_payment(actor=a, policy=policy, now=NOW),
                        PaymentAwaitingConfirmation, "payment_awaiting_confirmation", "request_number")
        assert error.params == {"number": 1, "amount_yen": 1_071_000}
    assert case.quote_payment(policy).refusal is not None  # the page and the API show why


def test_the_requester_withdraws_a_request_then_may_ask_again() -> None:
    case, policy = a_requested_case()

    refused(lambda: case.withdraw_payment_request(1, reason="金額を再確認", actor=SENIOR), NotTheRequester,
            "not_the_requester", "request_number")
    case.withdraw_payment_request(1, reason="金額を再確認", actor=ADJUSTER)
    case.approve_payment(actor=ADJUSTER, policy=policy, now=NOW)

    assert event_names(case.collect_events()) == ["PaymentRequestWithdrawn", "PaymentRequested"]
    assert [r.status for r in case.book.requests.values()] == ["withdrawn", "waiting"]
    assert case.book.requests[1].reason == "金額を再確認"


def test_a_colleague_refuses_a_request_with_a_reason_never_the_requester() -> None:
    case, _ = a_requested_case()

    refused(lambda: case.refuse_payment_request(1, reason="根拠資料不足", actor=ADJUSTER), OwnPaymentRequest,
            "own_payment_request")
    refused(lambda: case.refuse_payment_request(1, reason="根拠資料不足", actor=JUNIOR), AuthorityLimitExceeded,
            "authority_limit_exceeded")
    invalid(lambda: case.refuse_payment_request(1, reason=" ", actor=SENIOR), "reason")
    case.refuse_payment_request(1, reason="根拠資料不足", actor=SENIOR)

    assert case.book.requests[1].status == RequestStatus.REFUSED
    assert case.book.requests[1].decided_by == SENIOR.user_id
    assert case.stage == "invoice_awaiting_decision"


def test_a_decided_request_is_not_decided_again_and_an_unknown_one_is_named() -> None:
    case, policy = a_requested_case()
    case.confirm_payment(1, policy=policy, actor=SENIOR, now=NOW)

    refused(lambda: case.refuse_payment_request(1, reason="x", actor=SENIOR), PaymentRequestNotWaiting,
            "payment_request_not_waiting")
    refused(lambda: case.confirm_payment(7, policy=policy, actor=SENIOR, now=NOW), PaymentRequestNotFound,
            "payment_request_not_found")


@pytest.mark.parametrize("command", ["confirm", "withdraw", "refuse"])
def test_only_adjusters_decide_requests(command: str) -> None:
    case, policy = a_requested_case()
    calls = {
        "confirm": lambda: case.confirm_payment(1, policy=policy, actor=CONCIERGE, now=NOW),
        "withdraw": lambda: case.withdraw_payment_request(1, reason="x", actor=CONCIERGE),
        "refuse": lambda: case.refuse_payment_request(1, reason="x", actor=CONCIERGE),
    }
    refused(calls[command], RoleNotAllowed, "role_not_allowed")


def test_a_waiting_request_keeps_the_case_open() -> None:
    case, _ = a_requested_case()

    error = refused(lambda: case.close(reason="解決", actor=SENIOR, now=NOW), PaymentAwaitingConfirmation,
                    "payment_awaiting_confirmation", "request_number")
    assert error.params == {"number": 1, "amount_yen": 1_071_000}


def test_unsettled_payments_still_keep_the_case_open_after_confirmation() -> None:
    case, policy = a_requested_case()
    case.confirm_payment(1, policy=policy, actor=SENIOR, now=NOW)

    refused(lambda: case.close(reason="解決", actor=SENIOR, now=NOW), UnsettledPayments, "unsettled_payments")


def test_on_an_incident_one_request_waits_per_head_and_confirmation_pays_that_head() -> None:
    incident = an_incident_with_costs(a_cost(amount_yen=2_000_000))  # expenses owe ¥1,950,000 after ¥50,000
    policy = a_cyber_policy()
    incident.approve_payment(head=HeadOfLoss.EXPENSES, actor=ADJUSTER, policy=policy, now=NOW)
    incident.collect_events()

    assert incident.stage == "payment_awaiting_confirmation"
    incident.confirm_payment(1, policy=policy, actor=SENIOR, now=NOW)

    (approved,) = incident.collect_events()
    assert (approved.head, approved.amount_yen, approved.request_number) == ("expenses", 1_950_000, 1)
    assert policy.paid_by_claim == {str(incident.id): 1_950_000}
