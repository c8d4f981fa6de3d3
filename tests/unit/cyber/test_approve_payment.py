"""CyberIncident.approve_payment: what the plan's terms owe now for one head of loss — the head's
costs less its offsets, less the deductible (once per head of an incident), times the coinsurance,
rounded down — within the adjuster's authority and the policy's limits (per claim, the head's
sub-limit, per policy year), recording the limit that cut it; the policy is charged with the head.
Figures are those of the example plans CI-1 and CP-1 (data/plans.example.json) unless the test
names other terms. Given / When / Then, one behaviour each."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from domain.cyber.heads import CostInput
from domain.cyber.incident import CyberIncident
from domain.cyber.vocabulary import CostType, HeadOfLoss
from domain.kernel.actors import Actor, Role
from domain.kernel.errors import (
    CaseClosed,
    InvalidInput,
    LimitExhausted,
    NotCovered,
    NothingToPay,
    RoleNotAllowed,
    WrongPolicy,
)
from domain.kernel.payout import PayoutTerms
from domain.policies.plans import PlanTerms
from domain.policies.policy import Policy
from tests.builders import (
    ADJUSTER,
    NOT_ADJUSTER,
    NOW,
    UNLIMITED_ADJUSTER,
    a_closed_incident,
    a_cost,
    a_cyber_policy,
    a_liability_cost,
    a_not_covered_incident,
    a_physician_notice,
    an_example_plan,
    an_incident,
    an_incident_with_costs,
    an_offset,
    charged,
    only_event,
    paid,
    refused,
    role_id,
    with_claim,
    with_costs,
    with_offsets,
)

EXPENSES, LIABILITY = HeadOfLoss.EXPENSES, HeadOfLoss.LIABILITY


def approve(incident: CyberIncident, head: HeadOfLoss, policy: Policy, actor: Actor = UNLIMITED_ADJUSTER) -> None:
    incident.approve_payment(head=head, actor=actor, policy=policy, now=NOW)


def emr_server_incident() -> CyberIncident:
    """The institution's EMR server: expenses of ¥2,660,000 (cause investigation ¥1.5M, 1,200 apology
    letters at ¥300, data recovery ¥0.8M) under the example plan CI-1."""
    return an_incident_with_costs(
        a_cost(cost_type=CostType.CAUSE_INVESTIGATION, amount_yen=1_500_000, invoice_number="V-1"),
        a_cost(cost_type=CostType.APOLOGY_LETTERS, amount_yen=1_200 * 300, invoice_number="V-2"),
        a_cost(cost_type=CostType.DATA_RECOVERY, amount_yen=800_000, invoice_number="V-3"),
    )


def a_physician_incident(*costs: CostInput) -> CyberIncident:
    return an_incident_with_costs(*costs, notice=a_physician_notice())


def cyber_plan(**overrides: Any) -> PlanTerms:
    """The example plan CI-1 with other terms."""
    return dataclasses.replace(an_example_plan("CI-1"), **overrides)


# =============================================================================================
# what is recorded
# =============================================================================================


def test_approve_payment_by_adjuster_records_payment_approved_event_for_the_head() -> None:
    incident = emr_server_incident()

    approve(incident, EXPENSES, a_cyber_policy())

    event = only_event(incident, "PaymentApproved")
    assert (event.payment_number, event.head, event.amount_yen) == (1, "expenses", 2_610_000)  # 2,660,000 − 50,000
    assert (event.basis_yen, event.limited_by) == (2_660_000, None)
    assert event.invoice_numbers == ["V-1", "V-2", "V-3"]
    assert (event.actor_id, event.actor_role) == ("adjuster-2", "adjuster")


def test_approve_payment_charges_the_policy_with_the_head_in_the_same_command() -> None:
    incident = emr_server_incident()
    policy = a_cyber_policy()

    approve(incident, EXPENSES, policy)

    charge = only_event(policy, "PaymentCharged")
    assert (charge.claim_id, charge.payment_number, charge.amount_yen) == (str(incident.id), 1, 2_610_000)
    assert charge.head == "expenses"
    assert (policy.paid_by_claim, policy.paid_by_head) == ({str(incident.id): 2_610_000}, {"expenses": 2_610_000})
    assert policy.remaining_for_year == 30_000_000 - 2_610_000


def test_approve_payment_adds_an_unsettled_payment_of_the_head_awaiting_settlement() -> None:
    incident = emr_server_incident()

    approve(incident, EXPENSES, a_cyber_policy())

    payment = incident.payments[1]
    assert (payment.head, payment.amount_yen, payment.settled) == ("expenses", 2_610_000, False)
    assert payment.approved_by == "adjuster-2"
    assert (incident.approved_yen, incident.owed_now_yen("expenses")) == (2_610_000, 0)
    assert incident.stage == "payment_awaiting_settlement"


def test_approve_payment_names_only_the_invoices_of_its_head() -> None:
    incident = an_incident_with_costs(a_cost(invoice_number="V-E"), a_liability_cost(invoice_number="V-L"))

    approve(incident, LIABILITY, a_cyber_policy())

    assert only_event(incident, "PaymentApproved").invoice_numbers == ["V-L"]


def test_approve_payment_pays_what_the_quote_said() -> None:
    incident = emr_server_incident()
    policy = a_cyber_policy()
    quote = incident.quote_payment(policy, EXPENSES)

    approve(incident, EXPENSES, policy)

    assert (quote.owed_yen, quote.payable_yen, quote.limited_by) == (2_610_000, 2_610_000, None)
    assert incident.payments[1].amount_yen == quote.payable_yen


# =============================================================================================
# the deductible once per head, the coinsurance, offsets
# =============================================================================================


def test_approve_payment_of_the_other_head_takes_its_own_deductible() -> None:
    policy = a_cyber_policy()
    incident = paid(emr_server_incident(), EXPENSES, policy)
    with_claim(incident)
    with_costs(incident, a_liability_cost(CostType.DAMAGES, 500_000), a_liability_cost(CostType.LITIGATION_COSTS, 300_000))

    approve(incident, LIABILITY, policy)

    assert [(p.head, p.amount_yen) for p in incident.payments.values()] == [("expenses", 2_610_000), ("liability", 750_000)]
    assert policy.remaining_for_year == 30_000_000 - 3_360_000


def test_approve_payment_after_a_later_cost_of_the_head_pays_it_without_a_second_deductible() -> None:
    policy = a_cyber_policy()
    incident = paid(an_incident_with_costs(a_cost(amount_yen=150_000)), EXPENSES, policy)  # ¥100,000 paid
    with_costs(incident, a_cost(cost_type=CostType.CONSULTING, amount_yen=100_000))

    approve(incident, EXPENSES, policy)

    assert [p.amount_yen for p in incident.payments.values()] == [100_000, 100_000]


def test_approve_payment_applies_the_coinsurance_and_rounds_down() -> None:
    terms = PayoutTerms(deductible_yen=50_000, coinsurance_percent=80)
    incident = with_costs(an_incident(terms=terms), a_cost(amount_yen=330_011))

    approve(incident, EXPENSES, a_cyber_policy())

    assert incident.payments[1].amount_yen == 224_008  # (330,011 − 50,000) × 80 % = 224,008.8 → ¥224,008


def test_approve_payment_after_other_insurance_pays_on_the_basis_left() -> None:
    incident = a_physician_incident(a_cost(cost_type=CostType.LEAK_RESPONSE, amount_yen=400_000),
                                    a_cost(cost_type=CostType.APOLOGY_LETTERS, amount_yen=200 * 300),
                                    a_cost(cost_type=CostType.LAWYER_CONSULTATION, amount_yen=100_000))
    with_offsets(incident, an_offset(amount_yen=300_000))

    approve(incident, EXPENSES, a_cyber_policy("cyber_physician"))

    event = only_event(incident, "PaymentApproved")
    assert (event.basis_yen, event.amount_yen) == (260_000, 260_000)  # CP-1: no deductible, 100 %


def test_approve_payment_after_an_offset_of_the_other_head_pays_this_head_in_full() -> None:
    incident = an_incident_with_costs(a_cost(amount_yen=150_000), a_liability_cost(amount_yen=500_000))
    with_offsets(incident, an_offset(head=LIABILITY, amount_yen=400_000))

    approve(incident, EXPENSES, a_cyber_policy())

    assert incident.payments[1].amount_yen == 100_000


def test_approve_payment_of_a_head_whose_basis_is_within_the_deductible_is_refused_with_nothing_to_pay() -> None:
    incident = an_incident_with_costs(a_cost(amount_yen=80_000))
    with_offsets(incident, an_offset(kind="recovery", amount_yen=30_000))  # basis ¥50,000: the deductible exactly

    refused(lambda: approve(incident, EXPENSES, a_cyber_policy()), NothingToPay, "nothing_to_pay", "amount_yen")


def test_approve_payment_of_a_head_without_costs_is_refused_with_nothing_to_pay_naming_the_head() -> None:
    incident = emr_server_incident()

    error = refused(lambda: approve(incident, LIABILITY, a_cyber_policy()), NothingToPay, "nothing_to_pay")
    assert "liability" in error.detail


def test_approve_payment_again_with_nothing_new_is_refused_with_nothing_to_pay() -> None:
    policy = a_cyber_policy()
    incident = paid(emr_server_incident(), EXPENSES, policy)

    error = refused(lambda: approve(incident, EXPENSES, policy), NothingToPay, "nothing_to_pay")
    assert "already approved" in error.detail


def test_approve_payment_after_a_recovery_of_what_was_paid_is_refused_with_nothing_to_pay() -> None:
    policy = a_cyber_policy()
    incident = paid(emr_server_incident(), EXPENSES, policy)
    with_offsets(incident, an_offset(kind="recovery", amount_yen=500_000, source="攻撃者の口座凍結による回収"))

    refused(lambda: approve(incident, EXPENSES, policy), NothingToPay, "nothing_to_pay")
    assert incident.approved_yen == 2_610_000  # nothing is taken back


# =============================================================================================
# the policy's limits
# =============================================================================================


def test_approve_payment_above_the_sub_limit_of_the_head_pays_the_sub_limit_limited_by_it() -> None:
    incident = a_physician_incident(a_cost(cost_type=CostType.DATA_RECOVERY, amount_yen=1_500_000))
    policy = a_cyber_policy("cyber_physician")

    approve(incident, EXPENSES, policy)

    event = only_event(incident, "PaymentApproved")
    assert (event.amount_yen, event.limited_by) == (1_000_000, "sub_limit_expenses")  # CP-1: expenses ¥1,000,000
    assert incident.payments[1].limited_by == "sub_limit_expenses"
    assert policy.remaining_for_head("expenses") == 0


def test_approve_payment_once_the_sub_limit_is_used_up_is_refused_with_limit_exhausted() -> None:
    policy = a_cyber_policy("cyber_physician")
    incident = paid(a_physician_incident(a_cost(cost_type=CostType.DATA_RECOVERY, amount_yen=1_500_000)), EXPENSES, policy)
    with_costs(incident, a_cost(cost_type=CostType.EQUIPMENT_REPAIR, amount_yen=200_000))

    error = refused(lambda: approve(incident, EXPENSES, policy), LimitExhausted, "payment_limit_exhausted", "amount_yen")
    assert error.params["limit"] == "sub_limit_expenses"
    assert (policy.collect_events(), list(incident.payments)) == ([], [1])


def test_approve_payment_under_a_sub_limit_used_by_another_incident_pays_what_is_left() -> None:
    policy = a_cyber_policy("cyber_physician")
    paid(a_physician_incident(a_cost(amount_yen=600_000)), EXPENSES, policy)
    incident = a_physician_incident(a_cost(amount_yen=700_000))

    approve(incident, EXPENSES, policy)

    assert (incident.payments[1].amount_yen, incident.payments[1].limited_by) == (400_000, "sub_limit_expenses")


def test_approve_payment_of_liability_is_not_held_to_the_expenses_sub_limit() -> None:
    policy = a_cyber_policy("cyber_physician")
    incident = paid(a_physician_incident(a_cost(amount_yen=1_500_000)), EXPENSES, policy)  # expenses sub-limit used up
    with_claim(incident)
    with_costs(incident, a_liability_cost(amount_yen=2_000_000))

    approve(incident, LIABILITY, policy)

    assert (incident.payments[2].amount_yen, incident.payments[2].limited_by) == (2_000_000, None)


def test_approve_payment_above_the_per_claim_limit_pays_the_limit_limited_by_the_claim() -> None:
    policy = a_cyber_policy(terms=cyber_plan(limit_per_claim_yen=1_000_000))
    incident = emr_server_incident()

    approve(incident, EXPENSES, policy)

    assert (incident.payments[1].amount_yen, incident.payments[1].limited_by) == (1_000_000, "limit_per_claim")


def test_approve_payment_of_the_other_head_once_the_claim_limit_is_used_up_is_refused_with_limit_exhausted() -> None:
    policy = a_cyber_policy(terms=cyber_plan(limit_per_claim_yen=1_000_000))
    incident = paid(emr_server_incident(), EXPENSES, policy)
    with_claim(incident)
    with_costs(incident, a_liability_cost(amount_yen=500_000))

    error = refused(lambda: approve(incident, LIABILITY, policy), LimitExhausted, "payment_limit_exhausted")
    assert error.params["limit"] == "limit_per_claim"


def test_approve_payment_above_what_the_year_has_left_pays_the_rest_limited_by_the_year() -> None:
    policy = charged(a_cyber_policy(), "another-incident", 29_000_000)  # CI-1: ¥30,000,000 a year
    incident = emr_server_incident()

    approve(incident, EXPENSES, policy)

    assert (incident.payments[1].amount_yen, incident.payments[1].limited_by) == (1_000_000, "limit_per_year")
    assert policy.remaining_for_year == 0


def test_approve_payment_once_the_year_is_used_up_is_refused_with_limit_exhausted_and_charges_nothing() -> None:
    policy = charged(a_cyber_policy(), "another-incident", 30_000_000)
    incident = emr_server_incident()

    refused(lambda: approve(incident, EXPENSES, policy), LimitExhausted, "payment_limit_exhausted")
    assert (incident.collect_events(), policy.collect_events(), incident.payments) == ([], [], {})


# =============================================================================================
# who approves, and on what
# =============================================================================================


def test_approve_payment_above_the_adjuster_authority_is_a_request_and_charges_nothing() -> None:
    incident = emr_server_incident()  # pays ¥2,610,000; the adjuster may approve up to ¥1,000,000
    policy = a_cyber_policy()

    approve(incident, EXPENSES, policy, ADJUSTER)

    (requested,) = incident.collect_events()
    assert isinstance(requested, CyberIncident.PaymentRequested)
    assert (requested.head, requested.amount_yen, requested.request_number) == ("expenses", 2_610_000, 1)
    assert (policy.collect_events(), policy.paid_by_claim, incident.payments) == ([], {}, {})


def test_approve_payment_cut_by_a_sub_limit_to_the_adjuster_authority_is_accepted() -> None:
    incident = a_physician_incident(a_cost(cost_type=CostType.DATA_RECOVERY, amount_yen=1_500_000))  # cut to ¥1,000,000

    approve(incident, EXPENSES, a_cyber_policy("cyber_physician"), ADJUSTER)

    assert incident.payments[1].amount_yen == 1_000_000


@pytest.mark.parametrize("actor", NOT_ADJUSTER, ids=role_id)
def test_approve_payment_by_non_adjuster_is_refused_with_role_not_allowed(actor: Actor) -> None:
    incident = emr_server_incident()

    refused(lambda: approve(incident, EXPENSES, a_cyber_policy(), actor), RoleNotAllowed, "role_not_allowed")


def test_approve_payment_under_another_policy_than_the_incident_own_is_refused_with_not_the_claims_policy() -> None:
    incident = emr_server_incident()  # under CYI-2025-0001
    another = a_cyber_policy(number="CYI-2025-0002")

    refused(lambda: approve(incident, EXPENSES, another), WrongPolicy, "not_the_claims_policy", "policy_ref")
    assert (incident.collect_events(), another.collect_events(), another.paid_by_claim) == ([], [], {})


def test_approve_payment_on_a_closed_incident_is_refused_with_case_closed() -> None:
    incident = a_closed_incident()

    refused(lambda: approve(incident, EXPENSES, a_cyber_policy()), CaseClosed, "case_is_closed")


def test_approve_payment_on_a_not_covered_incident_is_refused_with_not_covered() -> None:
    incident = a_not_covered_incident("group_not_formed")

    refused(lambda: approve(incident, EXPENSES, a_cyber_policy()), NotCovered, "case_not_covered", "coverage")


def test_approve_payment_of_an_unknown_head_is_invalid_naming_head() -> None:
    incident = emr_server_incident()

    with pytest.raises(InvalidInput) as info:
        approve(incident, "property", a_cyber_policy())  # type: ignore[arg-type]

    assert info.value.field == "head"
    assert incident.collect_events() == []


def test_approve_payment_by_an_adjuster_without_limit_is_accepted_for_the_whole_sub_limit() -> None:
    adjuster = Actor("adjuster-9", Role.ADJUSTER, authority_limit_yen=None)
    incident = an_incident_with_costs(a_cost(amount_yen=6_000_000))  # CI-1 expenses sub-limit ¥5,000,000

    approve(incident, EXPENSES, a_cyber_policy(), adjuster)

    assert (incident.payments[1].amount_yen, incident.payments[1].limited_by) == (5_000_000, "sub_limit_expenses")
