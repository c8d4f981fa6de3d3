"""Payment limits (支払限度額) through ClaimsApplication, in memory: approving a payment charges the
policy in the same save; cases of one policy share its yearly limit; what is left is paid and then
the case is exhausted. Given / When / Then, one behaviour each."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from domain.application import ClaimsApplication
from domain.kernel.errors import LimitExhausted
from tests.builders import (
    ADJUSTER,
    a_case_in,
    a_plan,
    a_policy_in,
    an_app,
    an_invoice,
    consented_in,
    line,
)


def a_plan_limited(per_claim: int, per_year: int) -> Any:
    return a_plan(limit_per_claim_yen=per_claim, limit_per_year_yen=per_year)


def record_invoice_in(app: ClaimsApplication, case_id: UUID, covered_yen: int, number: str) -> None:
    app.record_invoice(case_id, an_invoice(line(amount_yen=covered_yen), number=number), ADJUSTER)


def a_case_with_invoice_in(app: ClaimsApplication, number: str, covered_yen: int) -> UUID:
    """A covered case under the policy, escalation consented, one bill of `covered_yen` covered fees."""
    case_id = a_case_in(app, number)
    consented_in(app, case_id)
    record_invoice_in(app, case_id, covered_yen, "INV-001")
    return case_id


def last_payment_event(app: ClaimsApplication, case_id: UUID) -> Any:
    return [e for e in app.case_history(case_id) if type(e).__name__ == "PaymentApproved"][-1]


def policy_events(app: ClaimsApplication, number: str) -> list[str]:
    policy = app.get_policy(number)
    return [type(e).__name__ for e in app.events.get(policy.id)]


# =============================================================================================
# one save: the case's payment and the policy's charge
# =============================================================================================


def test_approve_payment_saves_the_case_and_its_policy_in_one_save() -> None:
    app = an_app()
    number = a_policy_in(app)
    case_id = a_case_with_invoice_in(app, number, covered_yen=110_000)
    saves: list[list[str]] = []
    original_save = app.save

    def spy(*aggregates: Any, **kwargs: Any) -> Any:
        saves.append([type(a).__name__ for a in aggregates])
        return original_save(*aggregates, **kwargs)

    app.save = spy  # type: ignore[method-assign]

    app.approve_payment(case_id, ADJUSTER)

    assert saves == [["ClaimCase", "Policy", "Activity", "Activity"]]  # the bill's activity done, the transfer's opened


def test_approve_payment_records_payment_approved_then_payment_charged_next_to_each_other() -> None:
    app = an_app()
    number = a_policy_in(app)
    case_id = a_case_with_invoice_in(app, number, covered_yen=110_000)

    app.approve_payment(case_id, ADJUSTER)

    last_two = app.recorder.select_notifications(start=None, limit=10_000)[-4:-2]  # then the diary's two
    assert [n.topic for n in last_two] == ["claims:ClaimCase.PaymentApproved", "claims:Policy.PaymentCharged"]
    assert [n.originator_id for n in last_two] == [case_id, app.get_policy(number).id]


def test_approve_payment_answers_with_the_case_new_version() -> None:
    app = an_app()
    number = a_policy_in(app)
    case_id = a_case_with_invoice_in(app, number, covered_yen=110_000)

    result = app.approve_payment(case_id, ADJUSTER)

    assert (result.aggregate_id, result.version) == (case_id, 5)


def test_approve_payment_charges_the_policy_with_the_amount_for_that_case() -> None:
    app = an_app()
    number = a_policy_in(app, a_plan_limited(per_claim=1_000_000, per_year=3_000_000))
    case_id = a_case_with_invoice_in(app, number, covered_yen=330_000)

    app.approve_payment(case_id, ADJUSTER)

    policy = app.get_policy(number)
    assert policy.paid_by_claim == {str(case_id): 288_000}
    assert policy.remaining_for_year == 3_000_000 - 288_000
    assert policy.remaining_for_claim(str(case_id)) == 1_000_000 - 288_000
    assert policy_events(app, number)[-1] == "PaymentCharged"
    charge = list(app.events.get(policy.id))[-1]
    assert (charge.claim_id, charge.payment_number, charge.amount_yen) == (str(case_id), 1, 288_000)


def test_approve_payment_above_authority_saves_a_request_and_leaves_the_policy_alone() -> None:
    app = an_app()
    number = a_policy_in(app)
    case_id = a_case_with_invoice_in(app, number, covered_yen=2_000_000)  # pays ¥1,791,000
    policy_version = app.get_policy(number).version

    app.approve_payment(case_id, ADJUSTER)  # authority ¥1,000,000: a request for a second adjuster

    assert app.get_case(case_id).version == 5
    assert [r.amount_yen for r in app.get_case(case_id).book.waiting] == [1_791_000]
    assert app.get_policy(number).version == policy_version
    assert app.get_policy(number).paid_by_claim == {}


# =============================================================================================
# the yearly limit, shared by the policy's cases
# =============================================================================================


def two_cases_sharing_a_year(app: ClaimsApplication) -> tuple[str, UUID, UUID]:
    """Per claim ¥200,000, per year ¥300,000; two cases each billing ¥210,000 (the rule owes
    ¥180,000 on each). The first is paid in full."""
    number = a_policy_in(app, a_plan_limited(per_claim=200_000, per_year=300_000))
    first = a_case_with_invoice_in(app, number, covered_yen=210_000)
    second = a_case_with_invoice_in(app, number, covered_yen=210_000)
    app.approve_payment(first, ADJUSTER)
    return number, first, second


def test_approve_payment_on_a_second_case_is_paid_from_what_the_year_has_left() -> None:
    app = an_app()
    number, first, second = two_cases_sharing_a_year(app)

    app.approve_payment(second, ADJUSTER)

    policy = app.get_policy(number)
    assert policy.paid_by_claim == {str(first): 180_000, str(second): 120_000}
    assert policy.remaining_for_year == 0
    assert app.get_case(first).approved_yen == 180_000
    assert app.get_case(second).approved_yen == 120_000


def test_approve_payment_of_more_than_the_year_has_left_pays_the_remainder_limited_by_the_year() -> None:
    app = an_app()
    _number, _first, second = two_cases_sharing_a_year(app)

    app.approve_payment(second, ADJUSTER)

    event = last_payment_event(app, second)
    assert (event.amount_yen, event.payout_total_yen) == (120_000, 180_000)
    assert event.limited_by == "limit_per_year"


def test_approve_payment_cut_short_marks_the_case_limit_exhausted_with_nothing_payable() -> None:
    app = an_app()
    _number, _first, second = two_cases_sharing_a_year(app)

    app.approve_payment(second, ADJUSTER)

    case = app.get_case(second)
    assert case.limit_exhausted is True
    assert case.owed_now_yen == 0
    assert case.stage == "payment_awaiting_settlement"


def test_approve_payment_paid_in_full_leaves_the_case_not_exhausted() -> None:
    app = an_app()
    _number, first, _second = two_cases_sharing_a_year(app)

    assert last_payment_event(app, first).limited_by is None
    assert app.get_case(first).limit_exhausted is False


def test_approve_payment_above_the_per_claim_limit_pays_the_limit_limited_by_the_claim() -> None:
    app = an_app()
    number = a_policy_in(app, a_plan_limited(per_claim=100_000, per_year=1_000_000))
    case_id = a_case_with_invoice_in(app, number, covered_yen=210_000)  # the rule owes ¥180,000

    app.approve_payment(case_id, ADJUSTER)

    event = last_payment_event(app, case_id)
    assert (event.amount_yen, event.limited_by) == (100_000, "limit_per_claim")
    assert app.get_case(case_id).limit_exhausted is True
    assert app.get_policy(number).remaining_for_year == 900_000


# =============================================================================================
# once exhausted, refused
# =============================================================================================


def test_approve_payment_again_on_an_exhausted_case_is_refused_with_limit_exhausted() -> None:
    app = an_app()
    number, _first, second = two_cases_sharing_a_year(app)
    app.approve_payment(second, ADJUSTER)
    record_invoice_in(app, second, 50_000, "INV-002")
    case_version, policy_version = app.get_case(second).version, app.get_policy(number).version

    with pytest.raises(LimitExhausted) as info:
        app.approve_payment(second, ADJUSTER)

    assert info.value.rule == "payment_limit_exhausted"
    assert app.get_case(second).version == case_version
    assert app.get_policy(number).version == policy_version


def test_approve_payment_on_a_new_case_once_the_year_is_used_up_is_refused_with_limit_exhausted() -> None:
    app = an_app()
    number, _first, second = two_cases_sharing_a_year(app)
    app.approve_payment(second, ADJUSTER)
    third = a_case_with_invoice_in(app, number, covered_yen=110_000)

    with pytest.raises(LimitExhausted) as info:
        app.approve_payment(third, ADJUSTER)

    assert info.value.rule == "payment_limit_exhausted"
    assert app.get_case(third).payments == {}
    assert app.get_policy(number).paid_by_claim.get(str(third)) is None


def test_approve_payment_refused_for_the_limit_leaves_the_other_case_payments_untouched() -> None:
    app = an_app()
    number, first, second = two_cases_sharing_a_year(app)
    app.approve_payment(second, ADJUSTER)
    third = a_case_with_invoice_in(app, number, covered_yen=110_000)

    with pytest.raises(LimitExhausted):
        app.approve_payment(third, ADJUSTER)

    assert app.get_policy(number).paid_by_claim == {str(first): 180_000, str(second): 120_000}
    assert app.get_case(first).approved_yen == 180_000
