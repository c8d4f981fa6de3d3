"""ClaimsApplication, the cyber incident's commands, on the library's in-memory persistence.
For each command: Given (earlier commands) / When (the command) / Then (the new events of every
aggregate it touched, in the order saved), or one named error and nothing saved anywhere.
Policies are on the example plans CI-1 and CP-1 (data/plans.example.json) unless named."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from domain.application import ClaimsApplication
from domain.cyber.errors import LiabilityNeedsClaim
from domain.cyber.vocabulary import Business, HeadOfLoss, IncidentKind, InsuredParty, RecourseDecision
from domain.kernel.errors import (
    CaseClosed,
    CaseNotClosed,
    IncidentNotFound,
    InvalidInput,
    LimitExhausted,
    PaymentAlreadySettled,
    RoleNotAllowed,
    UnsettledPayments,
    VersionMismatch,
    WrongPolicy,
)
from domain.kernel.payments import SettlementInput
from domain.policies.policy import policy_id
from tests.builders import (
    ADJUSTER,
    AUDITOR,
    CONCIERGE,
    NOW,
    TODAY,
    UNLIMITED_ADJUSTER,
    a_cost,
    a_cyber_policy_in,
    a_liability_cost,
    a_notice,
    a_physician_group_in,
    a_third_party_claim,
    an_app,
    an_example_plan,
    an_incident_in,
    an_offset,
    diary_of,
    new_events,
    position_of,
    recorded_since,
    refused_in,
)

EXPENSES, LIABILITY = HeadOfLoss.EXPENSES, HeadOfLoss.LIABILITY
SETTLEMENT = SettlementInput(payment_number=1, transfer_date=TODAY, bank_reference="FB-001")


# ---- Given: an institution's incident at each step, through the application -------------------


def an_open_incident(app: ClaimsApplication, policy_number: str | None = None) -> UUID:
    """Opened under an institution's policy in force (version 1)."""
    return an_incident_in(app, policy_number or a_cyber_policy_in(app))


def an_incident_with_a_claim(app: ClaimsApplication) -> UUID:
    incident_id = an_open_incident(app)
    app.receive_third_party_claim(incident_id, a_third_party_claim(), ADJUSTER)  # version 2
    return incident_id


def a_costed_incident(app: ClaimsApplication, policy_number: str | None = None, amount_yen: int = 150_000) -> UUID:
    """One expense of `amount_yen` (version 2): CI-1 owes it less the ¥50,000 deductible."""
    incident_id = an_open_incident(app, policy_number)
    app.record_cost(incident_id, a_cost(amount_yen=amount_yen), ADJUSTER)
    return incident_id


def a_paid_incident(app: ClaimsApplication) -> UUID:
    incident_id = a_costed_incident(app)
    app.approve_incident_payment(incident_id, EXPENSES, ADJUSTER)  # version 3: ¥100,000
    return incident_id


def a_settled_incident(app: ClaimsApplication) -> UUID:
    incident_id = a_paid_incident(app)
    app.settle_incident_payment(incident_id, SETTLEMENT, ADJUSTER)  # version 4
    return incident_id


def a_closed_incident(app: ClaimsApplication) -> UUID:
    incident_id = an_open_incident(app)
    app.close_incident(incident_id, "調査の結果、漏えいなし", ADJUSTER)  # version 2
    return incident_id


def coverage_of(app: ClaimsApplication, incident_id: UUID) -> tuple[str, list[str]]:
    incident = app.get_incident(incident_id)
    return incident.coverage, incident.coverage_reasons


# =============================================================================================
# open_incident, with its coverage decision against the policy it names
# =============================================================================================


def test_open_incident_saves_one_opened_event_with_the_policy_payout_terms() -> None:
    app = an_app()
    number = a_cyber_policy_in(app)
    position = position_of(app)

    result = app.open_incident(a_notice(policy_ref=number), CONCIERGE)

    assert recorded_since(app, position) == [(result.aggregate_id, "Opened")]
    (opened,) = new_events(app, result.aggregate_id, 0)
    assert (opened.coverage, opened.coverage_reasons) == ("covered", [])
    assert (opened.deductible_yen, opened.coinsurance_percent) == (50_000, 100)  # CI-1
    assert (result.version, result.subject.stage) == (1, "notice_of_circumstances")


def test_open_incident_by_adjuster_is_saved() -> None:
    app = an_app()

    incident_id = an_incident_in(app, a_cyber_policy_in(app), actor=ADJUSTER)

    assert new_events(app, incident_id, 0)[0].actor_role == "adjuster"


def test_open_incident_from_abroad_is_covered_worldwide() -> None:
    app = an_app()

    incident_id = an_incident_in(app, a_cyber_policy_in(app), country="US")

    assert coverage_of(app, incident_id) == ("covered", [])


def test_open_incident_of_a_physician_with_the_group_formed_is_covered() -> None:
    app = an_app()
    numbers = a_physician_group_in(app, 10)

    incident_id = an_incident_in(app, numbers[0])

    assert coverage_of(app, incident_id) == ("covered", [])
    assert new_events(app, incident_id, 0)[0].deductible_yen == 0  # CP-1


def test_open_incident_of_a_physician_before_the_group_forms_is_not_covered_with_group_not_formed() -> None:
    app = an_app()
    numbers = a_physician_group_in(app, 9)

    incident_id = an_incident_in(app, numbers[0])

    assert coverage_of(app, incident_id) == ("not_covered", ["group_not_formed"])


@pytest.mark.parametrize(
    ("policy", "overrides", "reasons"),
    [
        ("none", {"product": "cyber_institution"}, ["policy_not_found"]),
        ("institution", {"product": "cyber_physician"}, ["wrong_product"]),
        ("harassment", {"product": "cyber_institution"}, ["wrong_product"]),
        ("awaiting_premium", {}, ["policy_awaiting_premium"]),
        ("institution", {"business": Business.FACILITY_WORK}, ["business_not_in_scope"]),
        ("institution", {"occurred_at": NOW - timedelta(days=365)}, ["outside_cover_period"]),
    ],
    ids=["policy_not_found", "physician_notice_institution_policy", "harassment_policy", "awaiting_premium",
         "business_not_in_scope", "outside_cover_period"],
)
def test_open_incident_that_the_policy_does_not_cover_is_recorded_not_covered_with_the_reasons(
    policy: str, overrides: dict[str, object], reasons: list[str]
) -> None:
    app = an_app()
    number = {
        "none": lambda: "CYI-NOPE-0000",
        "institution": lambda: a_cyber_policy_in(app),
        "harassment": lambda: a_cyber_policy_in(app, terms=an_example_plan("H-A")),
        "awaiting_premium": lambda: a_cyber_policy_in(app, received_on=None),
    }[policy]()

    incident_id = an_incident_in(app, number, **overrides)

    assert coverage_of(app, incident_id) == ("not_covered", reasons)
    assert [type(e).__name__ for e in app.incident_history(incident_id)] == ["Opened"]


@pytest.mark.parametrize(("product", "party", "covered"), [
    ("cyber_institution", InsuredParty.OFFICER, True),
    ("cyber_institution", InsuredParty.EMPLOYEE, True),
    ("cyber_physician", InsuredParty.EMPLOYEE, False),
], ids=["institution_officer", "institution_employee", "physician_employee"])
def test_open_incident_for_an_officer_or_employee_is_covered_for_an_institution_only(
    product: str, party: InsuredParty, covered: bool
) -> None:
    app = an_app()
    number = a_physician_group_in(app)[0] if product == "cyber_physician" else a_cyber_policy_in(app)

    incident_id = an_incident_in(app, number, insured_party=party)

    assert coverage_of(app, incident_id) == (("covered", []) if covered else ("not_covered", ["insured_party_not_covered"]))


def test_open_incident_by_auditor_is_refused_and_saves_nothing() -> None:
    app = an_app()
    number = a_cyber_policy_in(app)

    refused_in(app, lambda: app.open_incident(a_notice(policy_ref=number), AUDITOR), RoleNotAllowed, "role_not_allowed")


def test_open_incident_naming_a_kind_of_the_other_product_is_invalid_naming_incident_kinds_and_saves_nothing() -> None:
    app = an_app()
    notice = a_notice(policy_ref=a_cyber_policy_in(app), incident_kinds=(IncidentKind.DIGITAL_CONTENT_WRONGFUL_ACT,))

    refused_in(app, lambda: app.open_incident(notice, CONCIERGE), InvalidInput, "invalid_input", "incident_kinds")


# =============================================================================================
# receive_third_party_claim
# =============================================================================================


def test_receive_third_party_claim_saves_third_party_claim_received_on_the_incident() -> None:
    app = an_app()
    incident_id = an_open_incident(app)
    position = position_of(app)

    app.receive_third_party_claim(incident_id, a_third_party_claim(), ADJUSTER)

    assert recorded_since(app, position) == [(incident_id, "ThirdPartyClaimReceived")]
    assert app.get_incident(incident_id).stage == "liability_claim"


def test_receive_third_party_claim_on_a_closed_incident_is_refused_with_case_closed_and_saves_nothing() -> None:
    app = an_app()
    incident_id = a_closed_incident(app)

    refused_in(app, lambda: app.receive_third_party_claim(incident_id, a_third_party_claim(), ADJUSTER), CaseClosed,
               "case_is_closed", "status")


def test_receive_third_party_claim_on_an_unknown_incident_is_refused_with_incident_not_found() -> None:
    app = an_app()

    refused_in(app, lambda: app.receive_third_party_claim(uuid4(), a_third_party_claim(), ADJUSTER), IncidentNotFound,
               "incident_not_found", "incident_id")


# =============================================================================================
# record_cost
# =============================================================================================


def test_record_cost_saves_cost_recorded_on_the_incident() -> None:
    app = an_app()
    incident_id = an_open_incident(app)
    position = position_of(app)

    app.record_cost(incident_id, a_cost(amount_yen=1_500_000, invoice_number="V-1"), ADJUSTER)

    assert recorded_since(app, position) == [(incident_id, "CostRecorded"),
                                             (diary_of(incident_id, "bill_decision", "V-1"), "Opened")]
    recorded = new_events(app, incident_id, 1)[0]
    assert (recorded.head, recorded.amount_yen, recorded.invoice_number) == ("expenses", 1_500_000, "V-1")


def test_record_cost_of_liability_before_a_third_party_claim_is_refused_and_saves_nothing() -> None:
    app = an_app()
    incident_id = an_open_incident(app)

    refused_in(app, lambda: app.record_cost(incident_id, a_liability_cost(), ADJUSTER), LiabilityNeedsClaim,
               "liability_needs_third_party_claim", "head")


# =============================================================================================
# record_offset
# =============================================================================================


def test_record_offset_saves_offset_recorded_and_lowers_the_head_basis() -> None:
    app = an_app()
    incident_id = a_costed_incident(app, amount_yen=560_000)
    position = position_of(app)

    app.record_offset(incident_id, an_offset(amount_yen=300_000), ADJUSTER)

    assert recorded_since(app, position) == [(incident_id, "OffsetRecorded")]
    assert app.get_incident(incident_id).basis_yen("expenses") == 260_000


def test_record_offset_of_no_positive_amount_is_invalid_naming_amount_yen_and_saves_nothing() -> None:
    app = an_app()
    incident_id = a_costed_incident(app)

    refused_in(app, lambda: app.record_offset(incident_id, an_offset(amount_yen=0), ADJUSTER), InvalidInput, "invalid_input",
               "amount_yen")


# =============================================================================================
# decide_recourse
# =============================================================================================


def test_decide_recourse_saves_recourse_decided_with_the_reason() -> None:
    app = an_app()
    incident_id = a_costed_incident(app)
    position = position_of(app)

    app.decide_recourse(incident_id, RecourseDecision.WAIVED, "病院の保険で支払済み", ADJUSTER)

    assert recorded_since(app, position) == [(incident_id, "RecourseDecided")]
    incident = app.get_incident(incident_id)
    assert (incident.recourse, incident.recourse_reason) == ("waived", "病院の保険で支払済み")


def test_decide_recourse_by_concierge_is_refused_and_saves_nothing() -> None:
    app = an_app()
    incident_id = an_open_incident(app)

    refused_in(app, lambda: app.decide_recourse(incident_id, RecourseDecision.PURSUED, "理由", CONCIERGE), RoleNotAllowed,
               "role_not_allowed")


# =============================================================================================
# approve_incident_payment: the incident and its policy in one save
# =============================================================================================


def test_approve_incident_payment_saves_payment_approved_and_charges_the_policy_with_the_head() -> None:
    app = an_app()
    number = a_cyber_policy_in(app)
    incident_id = a_costed_incident(app, number)
    position = position_of(app)

    result = app.approve_incident_payment(incident_id, EXPENSES, ADJUSTER)

    bill = app.get_incident(incident_id).costs[0].invoice_number
    assert recorded_since(app, position) == [(incident_id, "PaymentApproved"), (policy_id(number), "PaymentCharged"),
                                             (diary_of(incident_id, "bill_decision", bill), "Done"),
                                             (diary_of(incident_id, "transfer", "1"), "Opened")]
    approved, charge = new_events(app, incident_id, 2)[0], list(app.events.get(policy_id(number)))[-1]
    assert (approved.head, approved.amount_yen, approved.limited_by) == ("expenses", 100_000, None)
    assert (charge.claim_id, charge.amount_yen, charge.head) == (str(incident_id), 100_000, "expenses")
    assert (result.aggregate_id, result.version) == (incident_id, 3)


def test_approve_incident_payment_once_another_incident_used_the_sub_limit_is_refused_and_saves_nothing() -> None:
    app = an_app()
    number = a_cyber_policy_in(app)
    first = a_costed_incident(app, number, amount_yen=5_100_000)
    app.approve_incident_payment(first, EXPENSES, UNLIMITED_ADJUSTER)  # ¥5,000,000: CI-1's expenses sub-limit
    second = a_costed_incident(app, number, amount_yen=150_000)

    error = refused_in(app, lambda: app.approve_incident_payment(second, EXPENSES, ADJUSTER), LimitExhausted,
                       "payment_limit_exhausted", "amount_yen")
    assert error.params["limit"] == "sub_limit_expenses"


def test_approve_incident_payment_under_a_policy_whose_yearly_limit_is_used_up_is_refused_and_saves_nothing() -> None:
    app = an_app()
    small = dataclasses.replace(an_example_plan("CI-1"), code="CI-T", limit_per_claim_yen=100_000, limit_per_year_yen=100_000)
    number = a_cyber_policy_in(app, terms=small)
    app.approve_incident_payment(a_costed_incident(app, number), EXPENSES, ADJUSTER)  # ¥100,000: the whole year
    incident_id = a_costed_incident(app, number)

    error = refused_in(app, lambda: app.approve_incident_payment(incident_id, EXPENSES, ADJUSTER), LimitExhausted,
                       "payment_limit_exhausted", "amount_yen")
    assert error.params["limit"] == "limit_per_year"


def test_approve_payment_of_an_incident_directly_with_another_in_force_policy_is_refused_with_not_the_claims_policy() -> None:
    app = an_app()
    incident = app.get_incident(a_costed_incident(app))
    another = app.get_policy(a_cyber_policy_in(app))  # in force, of the same product, but not the incident's

    with pytest.raises(WrongPolicy) as info:
        incident.approve_payment(head=EXPENSES, actor=ADJUSTER, policy=another, now=NOW)

    assert (info.value.rule, info.value.field) == ("not_the_claims_policy", "policy_ref")
    assert (incident.collect_events(), another.collect_events(), another.paid_by_claim) == ([], [], {})


# =============================================================================================
# settle_incident_payment, close_incident, reopen_incident
# =============================================================================================


def test_settle_incident_payment_saves_payment_settled_on_the_incident_only() -> None:
    app = an_app()
    incident_id = a_paid_incident(app)
    position = position_of(app)

    app.settle_incident_payment(incident_id, SETTLEMENT, ADJUSTER)

    assert recorded_since(app, position) == [(incident_id, "PaymentSettled"),
                                             (diary_of(incident_id, "transfer", "1"), "Done")]
    assert app.get_incident(incident_id).settled_yen == 100_000


def test_settle_incident_payment_twice_is_refused_with_payment_already_settled_and_saves_nothing() -> None:
    app = an_app()
    incident_id = a_settled_incident(app)

    refused_in(app, lambda: app.settle_incident_payment(incident_id, SETTLEMENT, ADJUSTER), PaymentAlreadySettled,
               "payment_already_settled", "payment_number")


def test_close_incident_saves_closed_on_the_incident() -> None:
    app = an_app()
    incident_id = a_settled_incident(app)
    position = position_of(app)

    app.close_incident(incident_id, "支払完了", ADJUSTER)

    assert recorded_since(app, position) == [(incident_id, "Closed")]
    assert app.get_incident(incident_id).stage == "closed"


def test_close_incident_with_an_unsettled_payment_is_refused_with_unsettled_payments_and_saves_nothing() -> None:
    app = an_app()
    incident_id = a_paid_incident(app)

    refused_in(app, lambda: app.close_incident(incident_id, "解決", ADJUSTER), UnsettledPayments, "unsettled_payments",
               "payments")


def test_reopen_incident_saves_reopened_on_the_incident() -> None:
    app = an_app()
    incident_id = a_closed_incident(app)
    position = position_of(app)

    app.reopen_incident(incident_id, "再侵入", ADJUSTER)

    assert recorded_since(app, position) == [(incident_id, "Reopened")]
    assert app.get_incident(incident_id).status == "open"


def test_reopen_incident_that_is_open_is_refused_with_case_not_closed_and_saves_nothing() -> None:
    app = an_app()
    incident_id = an_open_incident(app)

    refused_in(app, lambda: app.reopen_incident(incident_id, "再開", ADJUSTER), CaseNotClosed, "case_is_not_closed", "status")


# =============================================================================================
# incident_payment_quote (a query: it saves nothing)
# =============================================================================================


def test_incident_payment_quote_is_what_an_approval_of_the_head_would_pay() -> None:
    app = an_app()
    incident_id = a_costed_incident(app, amount_yen=6_000_000)
    position = position_of(app)

    quote = app.incident_payment_quote(app.get_incident(incident_id), EXPENSES)

    assert (quote.owed_yen, quote.payable_yen, quote.limited_by) == (5_950_000, 5_000_000, "sub_limit_expenses")
    assert recorded_since(app, position) == []
    app.approve_incident_payment(incident_id, EXPENSES, UNLIMITED_ADJUSTER)
    assert app.get_incident(incident_id).payments[1].amount_yen == quote.payable_yen


def test_incident_payment_quote_of_a_head_without_costs_carries_nothing_to_pay() -> None:
    app = an_app()
    incident = app.get_incident(a_costed_incident(app))

    quote = app.incident_payment_quote(incident, LIABILITY)

    assert (quote.payable_yen, quote.refusal.rule if quote.refusal else None) == (0, "nothing_to_pay")


def test_incident_payment_quote_of_a_past_version_reads_the_policy_as_it_stood_then() -> None:
    app = an_app()
    number = a_cyber_policy_in(app)
    first = a_costed_incident(app, number, amount_yen=4_050_000)
    earlier = app.get_incident(a_costed_incident(app, number, amount_yen=2_050_000))
    app.approve_incident_payment(first, EXPENSES, UNLIMITED_ADJUSTER)  # ¥4,000,000 of the ¥5,000,000 expenses sub-limit

    now, then = app.incident_payment_quote(earlier, EXPENSES), app.incident_payment_quote(earlier, EXPENSES, current=False)

    assert (now.payable_yen, now.limited_by) == (1_000_000, "sub_limit_expenses")
    assert (then.payable_yen, then.limited_by) == (2_000_000, None)


# =============================================================================================
# If-Match: a stale expected version is refused, nothing saved
# =============================================================================================

STALE: dict[str, tuple[Callable[[ClaimsApplication], UUID], Callable[[ClaimsApplication, UUID, int], object]]] = {
    "receive_third_party_claim": (an_open_incident, lambda app, i, v: app.receive_third_party_claim(
        i, a_third_party_claim(), ADJUSTER, expected_version=v)),
    "record_cost": (an_open_incident, lambda app, i, v: app.record_cost(i, a_cost(), ADJUSTER, expected_version=v)),
    "record_offset": (a_costed_incident, lambda app, i, v: app.record_offset(i, an_offset(), ADJUSTER, expected_version=v)),
    "decide_recourse": (an_open_incident, lambda app, i, v: app.decide_recourse(
        i, RecourseDecision.WAIVED, "理由", ADJUSTER, expected_version=v)),
    "approve_incident_payment": (a_costed_incident, lambda app, i, v: app.approve_incident_payment(
        i, EXPENSES, ADJUSTER, expected_version=v)),
    "settle_incident_payment": (a_paid_incident, lambda app, i, v: app.settle_incident_payment(
        i, SETTLEMENT, ADJUSTER, expected_version=v)),
    "close_incident": (an_open_incident, lambda app, i, v: app.close_incident(i, "解決", ADJUSTER, expected_version=v)),
    "reopen_incident": (a_closed_incident, lambda app, i, v: app.reopen_incident(i, "再開", ADJUSTER, expected_version=v)),
}


@pytest.mark.parametrize("command", list(STALE))
def test_incident_command_with_a_stale_expected_version_is_refused_with_version_mismatch_and_saves_nothing(command: str) -> None:
    given, when = STALE[command]
    app = an_app()
    incident_id = given(app)
    current = app.get_incident(incident_id).version

    error = refused_in(app, lambda: when(app, incident_id, current - 1), VersionMismatch, "version_mismatch", "If-Match")

    assert error.params["version"] == current


@pytest.mark.parametrize("command", list(STALE))
def test_incident_command_with_the_current_expected_version_is_saved(command: str) -> None:
    given, when = STALE[command]
    app = an_app()
    incident_id = given(app)
    current = app.get_incident(incident_id).version

    when(app, incident_id, current)

    assert app.get_incident(incident_id).version == current + 1
