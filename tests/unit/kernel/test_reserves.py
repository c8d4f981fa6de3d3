"""The outstanding reserve (支払備金): set by the adjuster with a reason; lowered by each payment by
what it pays, never below zero; released on closing. Incurred = approved + outstanding."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.cyber.vocabulary import HeadOfLoss
from domain.harassment.vocabulary import FeeType
from domain.kernel.errors import CaseClosed, NotCovered, ReserveUnchanged, RoleNotAllowed
from domain.kernel.reserves import LARGEST_RESERVE_YEN
from tests.builders import (
    ADJUSTER,
    CONCIERGE,
    NOW,
    UNLIMITED_ADJUSTER,
    a_case_with_invoice,
    a_closed_case,
    a_cost,
    a_cyber_policy,
    a_not_covered_case,
    a_policy,
    a_reported_case,
    an_incident_with_costs,
    event_names,
    invalid,
    line,
    record_invoice,
    refused,
    settle_kwargs,
)


def test_setting_a_reserve_records_before_and_after_with_the_reason() -> None:
    case = a_reported_case()

    case.set_reserve(300_000, head=None, reason="着手金見込み", actor=ADJUSTER, now=NOW)
    case.set_reserve(450_000, head=None, reason="訴訟移行の見込み", actor=ADJUSTER, now=NOW)

    first, second = case.collect_events()
    assert (first.previous_yen, first.outstanding_yen, first.reason) == (0, 300_000, "着手金見込み")
    assert (second.previous_yen, second.outstanding_yen) == (300_000, 450_000)
    assert case.reserves.outstanding_yen() == 450_000
    assert case.total_incurred_yen == 450_000
    assert [m.change_yen for m in case.reserves.movements] == [300_000, 150_000]


def test_a_reserve_is_whole_yen_from_zero_to_a_plausible_ceiling_and_must_change() -> None:
    case = a_reported_case()

    for bad in (-1, 1.5, "100", True, LARGEST_RESERVE_YEN + 1):
        invalid(lambda b=bad: case.set_reserve(b, head=None, reason="r", actor=ADJUSTER, now=NOW), "amount_yen")
    refused(lambda: case.set_reserve(0, head=None, reason="r", actor=ADJUSTER, now=NOW), ReserveUnchanged,
            "reserve_unchanged", "amount_yen")
    invalid(lambda: case.set_reserve(1, head=None, reason=" ", actor=ADJUSTER, now=NOW), "reason")
    invalid(lambda: case.set_reserve(1, head="expenses", reason="r", actor=ADJUSTER, now=NOW), "head")
    assert case.collect_events() == []


def test_only_an_adjuster_sets_a_reserve_on_an_open_covered_claim() -> None:
    refused(lambda: a_reported_case().set_reserve(1, head=None, reason="r", actor=CONCIERGE, now=NOW),
            RoleNotAllowed, "role_not_allowed")
    refused(lambda: a_closed_case().set_reserve(1, head=None, reason="r", actor=ADJUSTER, now=NOW), CaseClosed,
            "case_is_closed")
    refused(lambda: a_not_covered_case().set_reserve(1, head=None, reason="r", actor=ADJUSTER, now=NOW), NotCovered,
            "case_not_covered")


def test_a_payment_lowers_the_reserve_by_what_it_pays_and_incurred_stays() -> None:
    case = a_case_with_invoice(line(amount_yen=110_000))  # owes ¥90,000
    case.set_reserve(250_000, head=None, reason="見込み", actor=ADJUSTER, now=NOW)
    case.collect_events()

    case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW)

    approved, lowered = case.collect_events()
    assert event_names([approved, lowered]) == ["PaymentApproved", "ReserveLowered"]
    assert (lowered.payment_number, lowered.previous_yen, lowered.outstanding_yen) == (1, 250_000, 160_000)
    assert (case.approved_yen, case.reserves.outstanding_yen(), case.total_incurred_yen) == (90_000, 160_000, 250_000)


def test_a_payment_above_the_reserve_lowers_it_to_zero_never_below() -> None:
    case = a_case_with_invoice(line(amount_yen=110_000))  # owes ¥90,000
    case.set_reserve(50_000, head=None, reason="見込み", actor=ADJUSTER, now=NOW)

    case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW)

    assert case.reserves.outstanding_yen() == 0
    assert case.total_incurred_yen == 90_000


def test_without_a_reserve_a_payment_records_no_lowering() -> None:
    case = a_case_with_invoice(line(amount_yen=110_000))

    case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW)

    assert event_names(case.collect_events()) == ["PaymentApproved"]


def test_a_request_does_not_lower_the_reserve_its_confirmation_does() -> None:
    from tests.unit.kernel.test_four_eyes import SENIOR

    policy = a_policy()
    case = a_case_with_invoice(line(FeeType.LITIGATION_COSTS, 1_200_000))  # owes ¥1,071,000
    case.set_reserve(1_500_000, head=None, reason="見込み", actor=ADJUSTER, now=NOW)
    case.approve_payment(actor=ADJUSTER, policy=policy, now=NOW)
    assert case.reserves.outstanding_yen() == 1_500_000

    case.confirm_payment(1, policy=policy, actor=SENIOR, now=NOW)

    assert case.reserves.outstanding_yen() == 429_000


def test_closing_releases_what_is_left_then_closes() -> None:
    case = a_case_with_invoice(line(amount_yen=110_000))
    case.set_reserve(250_000, head=None, reason="見込み", actor=ADJUSTER, now=NOW)
    case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW)
    case.settle_payment(**settle_kwargs())
    case.collect_events()

    case.close(reason="支払完了", actor=ADJUSTER, now=NOW)

    released, closed = case.collect_events()
    assert event_names([released, closed]) == ["ReserveReleased", "Closed"]
    assert (released.previous_yen, released.reason, released.head) == (160_000, "closed", None)
    assert case.reserves.outstanding_yen() == 0
    assert case.total_incurred_yen == 90_000  # what was paid: incurred is now final


def test_an_incident_keeps_a_reserve_per_head_and_a_payment_lowers_its_own_head() -> None:
    incident = an_incident_with_costs(a_cost(amount_yen=150_000))  # expenses owe ¥100,000 after ¥50,000
    incident.set_reserve(400_000, head=HeadOfLoss.EXPENSES, reason="調査費用の見込み", actor=ADJUSTER, now=NOW)
    incident.set_reserve(2_000_000, head="liability", reason="賠償請求の見込み", actor=ADJUSTER, now=NOW)
    invalid(lambda: incident.set_reserve(1, head=None, reason="r", actor=ADJUSTER, now=NOW), "head")

    incident.approve_payment(head=HeadOfLoss.EXPENSES, actor=ADJUSTER, policy=a_cyber_policy(), now=NOW)

    assert incident.reserves.outstanding_yen("expenses") == 300_000
    assert incident.reserves.outstanding_yen("liability") == 2_000_000
    assert incident.incurred_yen("expenses") == 400_000
    assert incident.total_incurred_yen == 2_400_000


@settings(max_examples=200, deadline=None)
@given(
    reserve=st.integers(min_value=0, max_value=5_000_000),
    bills=st.lists(st.integers(min_value=1, max_value=800_000), min_size=1, max_size=5),
)
def test_reserve_and_payments_keep_incurred_exact(reserve: int, bills: list[int]) -> None:
    """Whatever the reserve and the bills: the reserve never goes below zero, each payment lowers it
    by exactly min(reserve, paid), and incurred = approved + outstanding, in whole yen."""
    case = a_case_with_invoice(line(amount_yen=bills[0]), number="INV-0")
    if reserve:
        case.set_reserve(reserve, head=None, reason="見込み", actor=ADJUSTER, now=NOW)
    policy = a_policy()
    for index, amount in enumerate(bills):
        if index:
            record_invoice(case, line(amount_yen=amount), number=f"INV-{index}")
        before = case.reserves.outstanding_yen()
        paid_before = case.approved_yen
        if case.owed_now_yen > 0:
            case.approve_payment(actor=UNLIMITED_ADJUSTER, policy=policy, now=NOW)
        paid = case.approved_yen - paid_before
        assert case.reserves.outstanding_yen() == max(0, before - paid)
        assert case.total_incurred_yen == case.approved_yen + case.reserves.outstanding_yen()
    assert case.reserves.outstanding_yen() >= 0
    assert case.total_incurred_yen == max(reserve, case.approved_yen)  # paid + what the reserve still expects
