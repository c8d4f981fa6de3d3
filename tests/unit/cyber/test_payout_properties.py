"""Properties of what a head of loss pays, for any costs, offsets and plan terms (hypothesis):

    owed    = floor((max(0, costs − offsets) − deductible)⁺ × coinsurance / 100) − already approved
    payable = owed, capped by what the policy has left: per claim, the head's sub-limit, per year

and, whatever the order of costs, offsets and approvals over several incidents of one policy, the
payments never add up past any limit, and the policy is charged exactly what the incidents approved."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.cyber.incident import CyberIncident
from domain.cyber.vocabulary import CostType, HeadOfLoss
from domain.kernel.errors import LimitExhausted, NothingToPay
from domain.kernel.payout import PayoutTerms
from domain.policies.plans import PlanTerms
from domain.policies.policy import Policy
from tests.builders import (
    ADJUSTER,
    NOW,
    UNLIMITED_ADJUSTER,
    a_cost,
    a_cyber_policy,
    an_example_plan,
    an_incident,
    an_offset,
    with_claim,
)

HEADS = (HeadOfLoss.LIABILITY, HeadOfLoss.EXPENSES)
COST_TYPE = {HeadOfLoss.LIABILITY: CostType.DAMAGES, HeadOfLoss.EXPENSES: CostType.DATA_RECOVERY}

yen = st.integers(min_value=1, max_value=5_000_000)


@st.composite
def plan_terms(draw: st.DrawFn) -> PlanTerms:
    """The example plan CI-1 with any deductible, coinsurance and limits (a sub-limit per head, or none)."""
    per_year = draw(st.integers(min_value=0, max_value=20_000_000))
    sub_limits = {head.value: draw(st.integers(min_value=0, max_value=per_year))
                  for head in HEADS if draw(st.booleans())}
    return dataclasses.replace(
        an_example_plan("CI-1"),
        deductible_yen=draw(st.integers(min_value=0, max_value=200_000)),
        coinsurance_percent=draw(st.integers(min_value=1, max_value=100)),
        limit_per_claim_yen=draw(st.integers(min_value=0, max_value=per_year)),
        limit_per_year_yen=per_year,
        sub_limits_yen=sub_limits,
    )


def the_rule(basis_yen: int, terms: PlanTerms) -> int:
    """What the terms owe in total on a head's basis, written out apart from the code under test."""
    return max(0, basis_yen - terms.deductible_yen) * terms.coinsurance_percent // 100


def left_under(policy: Policy, terms: PlanTerms, incident: CyberIncident, head: HeadOfLoss) -> dict[str, int]:
    """What each limit still lets through for this incident and head."""
    paid_in_year = sum(policy.paid_by_claim.values())
    left = {
        "limit_per_claim": terms.limit_per_claim_yen - policy.paid_by_claim.get(str(incident.id), 0),
        "limit_per_year": terms.limit_per_year_yen - paid_in_year,
    }
    if head.value in terms.sub_limits_yen:
        left[f"sub_limit_{head.value}"] = min(terms.sub_limits_yen[head.value] - policy.paid_by_head.get(head.value, 0),
                                              left["limit_per_year"])
    return left


def an_incident_under(terms: PlanTerms) -> CyberIncident:
    """An institution's incident under those payout terms, with a third party's claim (liability costs allowed)."""
    return with_claim(an_incident(terms=PayoutTerms(terms.deductible_yen, terms.coinsurance_percent)))


# =============================================================================================
# one approval
# =============================================================================================


@settings(max_examples=200, deadline=None)
@given(terms=plan_terms(), head=st.sampled_from(HEADS), costs=st.lists(yen, min_size=1, max_size=5),
       offsets=st.lists(yen, max_size=3), other_head_costs=st.lists(yen, max_size=2))
def test_approve_payment_of_a_head_pays_the_rule_on_its_basis_capped_by_the_limits(
    terms: PlanTerms, head: HeadOfLoss, costs: list[int], offsets: list[int], other_head_costs: list[int]
) -> None:
    policy = a_cyber_policy(terms=terms)
    incident = an_incident_under(terms)
    other = HEADS[1 - HEADS.index(head)]
    for amount in costs:
        incident.record_cost(a_cost(head, COST_TYPE[head], amount), actor=ADJUSTER, now=NOW)
    for amount in other_head_costs:
        incident.record_cost(a_cost(other, COST_TYPE[other], amount), actor=ADJUSTER, now=NOW)
    for amount in offsets:
        incident.record_offset(an_offset(head=head, amount_yen=amount), actor=ADJUSTER, now=NOW)
    owed = the_rule(max(0, sum(costs) - sum(offsets)), terms)
    left = left_under(policy, terms, incident, head)
    payable = min(owed, *left.values())

    try:
        incident.approve_payment(head=head, actor=UNLIMITED_ADJUSTER, policy=policy, now=NOW)
    except NothingToPay:
        assert owed == 0
        return
    except LimitExhausted as refusal:
        assert owed > 0 and payable <= 0
        assert left[refusal.params["limit"]] <= 0
        return

    payment = incident.payments[1]
    assert (payment.head, payment.amount_yen) == (head.value, payable)
    assert payment.covered_fees_basis_yen == max(0, sum(costs) - sum(offsets))
    if payable < owed:
        assert left[payment.limited_by] == payable  # the limit named is the one that cut it
    else:
        assert payment.limited_by is None
    assert policy.paid_by_head == {head.value: payable}
    assert policy.paid_by_claim == {str(incident.id): payable}


# =============================================================================================
# any order of costs, offsets and approvals, on two incidents of one policy
# =============================================================================================

steps = st.lists(
    st.one_of(
        st.tuples(st.just("cost"), st.integers(0, 1), st.sampled_from(HEADS), yen),
        st.tuples(st.just("offset"), st.integers(0, 1), st.sampled_from(HEADS), st.integers(1, 1_000_000)),
        st.tuples(st.just("approve"), st.integers(0, 1), st.sampled_from(HEADS), st.just(0)),
    ),
    max_size=16,
)


def check_limits_hold(policy: Policy, terms: PlanTerms, incidents: list[CyberIncident]) -> None:
    for incident in incidents:
        assert 0 <= incident.approved_yen <= terms.limit_per_claim_yen
        assert policy.paid_by_claim.get(str(incident.id), 0) == incident.approved_yen  # charged exactly what was approved
    for head in HEADS:
        paid_for_head = sum(incident.book.approved_yen(head) for incident in incidents)
        assert policy.paid_by_head.get(head.value, 0) == paid_for_head
        if head.value in terms.sub_limits_yen:
            assert paid_for_head <= terms.sub_limits_yen[head.value]
    assert sum(incident.approved_yen for incident in incidents) <= terms.limit_per_year_yen


def approve_and_check(policy: Policy, terms: PlanTerms, incident: CyberIncident, head: HeadOfLoss, most_owed: int) -> None:
    owed = max(0, the_rule(incident.basis_yen(head), terms) - incident.book.approved_yen(head))
    payable = min(owed, *left_under(policy, terms, incident, head).values())
    before = len(incident.payments)
    try:
        incident.approve_payment(head=head, actor=UNLIMITED_ADJUSTER, policy=policy, now=NOW)
    except (NothingToPay, LimitExhausted):
        assert payable <= 0
        assert len(incident.payments) == before
    else:
        assert payable > 0
        assert incident.payments[before + 1].amount_yen == payable
    assert incident.book.approved_yen(head) <= most_owed  # never more than the rule ever owed this head


@settings(max_examples=150, deadline=None)
@given(terms=plan_terms(), steps=steps)
def test_payments_in_any_order_never_add_up_past_a_limit(terms: PlanTerms, steps: list[tuple[Any, ...]]) -> None:
    policy = a_cyber_policy(terms=terms)
    incidents = [an_incident_under(terms), an_incident_under(terms)]
    most_owed: dict[tuple[int, HeadOfLoss], int] = {}

    for kind, which, head, amount in [*steps, ("approve", 0, HEADS[0], 0), ("approve", 1, HEADS[1], 0)]:
        incident = incidents[which]
        if kind == "cost":
            incident.record_cost(a_cost(head, COST_TYPE[head], amount), actor=ADJUSTER, now=NOW)
        elif kind == "offset":
            incident.record_offset(an_offset(head=head, amount_yen=amount), actor=ADJUSTER, now=NOW)
        key = (which, head)
        most_owed[key] = max(most_owed.get(key, 0), the_rule(incident.basis_yen(head), terms))
        if kind == "approve":
            approve_and_check(policy, terms, incident, head, most_owed[key])
        check_limits_hold(policy, terms, incidents)
