"""Policy (保険契約) and Plan: enrolment, premium, end of cover, payment limits, plan terms.
Given / When / Then, one behaviour each."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from domain.kernel.actors import Actor
from domain.kernel.errors import DomainError, InvalidInput, LimitExhausted, RoleNotAllowed
from domain.policies.cover import CoverPeriod
from domain.policies.errors import (
    ClinicApplicantNotFounder,
    PlanAlreadyExists,
    PlanNotFound,
    PolicyholderKindNotEligible,
    PolicyNotActive,
    PremiumAlreadyReceived,
    PremiumAmountMismatch,
)
from domain.policies.plans import Plan, PlanTerms, plan_id
from domain.policies.policy import Policy, PolicyEnding, Policyholder, policy_id
from infra.plan_seed import example_plans
from tests.builders import (
    ADJUSTER,
    ADMIN,
    APPLIED_ON,
    AUDITOR,
    CONCIERGE,
    COVER_END,
    COVER_START,
    JST,
    MIDTERM_EXAMPLE,
    NOW,
    OCCURRED_AT,
    POLICY_NUMBER,
    PREMIUM_RECEIVED_ON,
    TODAY,
    TOMORROW,
    a_clinic_holder,
    a_cyber_institution_plan,
    a_cyber_physician_plan,
    a_holder,
    a_plan,
    a_policy_in,
    an_app,
    an_enrolled_policy,
    an_in_force_policy,
    charged,
    only_event,
    role_id,
)

NOT_ADMIN = [CONCIERGE, ADJUSTER, AUDITOR]
LATER = datetime(2027, 6, 1, 10, 0, tzinfo=JST)  # a "now" after every premium date used below

_UNSET = object()


def refused(call: Callable[[], object], error: type[DomainError], rule: str, field: object = _UNSET) -> DomainError:
    """Run the command; it must raise exactly `error`, carrying `rule` (and `field`, when given)."""
    with pytest.raises(error) as info:
        call()
    assert type(info.value) is error
    assert info.value.rule == rule
    if field is not _UNSET:
        assert info.value.field == field
    return info.value


def invalid(call: Callable[[], object], field: str) -> DomainError:
    return refused(call, InvalidInput, "invalid_input", field)


def enrol(terms: PlanTerms | None = None, holder: Policyholder | None = None, **kwargs: Any) -> Policy:
    values: dict[str, Any] = dict(
        number=POLICY_NUMBER, terms=terms or a_plan(), terms_version=1, holder=holder or a_holder(),
        applied_on=APPLIED_ON, actor=ADMIN, now=NOW,
    )
    values.update(kwargs)
    return Policy.enrol(**values)


def receive(policy: Policy, received_on: date, amount_yen: int, actor: Actor = ADMIN, now: datetime = LATER) -> CoverPeriod:
    return policy.receive_premium(received_on=received_on, amount_yen=amount_yen, actor=actor, now=now)


def a_cancelled_policy(effective_at: datetime) -> Policy:
    policy = an_in_force_policy()
    policy.end(PolicyEnding(kind="cancelled", reason="被保険者の申出", effective_at=effective_at), actor=ADMIN)
    policy.collect_events()
    return policy


# =============================================================================================
# enrol
# =============================================================================================


def test_enrol_by_admin_records_enrolled_event_with_terms_and_holder() -> None:
    terms = a_plan()
    holder = a_holder()

    policy = enrol(terms, holder, number=" har-2025-0001 ", terms_version=3)

    event = only_event(policy, "Enrolled")
    assert event.policy_number == "HAR-2025-0001"
    assert (event.product, event.plan_code, event.plan_version) == ("harassment", "H-T", 3)
    assert event.terms == terms.as_dict()
    assert event.holder == dataclasses.asdict(holder)
    assert event.applied_on == APPLIED_ON
    assert (event.actor_id, event.actor_role) == ("admin-1", "admin")


def test_enrol_opens_policy_awaiting_its_premium_with_full_limits() -> None:
    policy = enrol(a_plan(limit_per_claim_yen=3_000_000, limit_per_year_yen=5_000_000))

    assert policy.id == policy_id("HAR-2025-0001")
    assert policy.status == "awaiting_premium"
    assert policy.cover is None
    assert policy.remaining_for_year == 5_000_000
    assert policy.remaining_for_claim("any-case") == 3_000_000
    assert policy.reasons_not_covering(OCCURRED_AT) == ["policy_awaiting_premium"]


def test_enrol_applied_today_in_japan_is_accepted() -> None:
    policy = enrol(applied_on=TODAY)

    assert policy.applied_on == TODAY


ELIGIBLE = [
    ("harassment", "physician"),
    ("harassment", "institution"),
    ("harassment", "clinic"),
    ("cyber_physician", "physician"),
    ("cyber_institution", "institution"),
]
NOT_ELIGIBLE = [
    ("cyber_physician", "institution"),
    ("cyber_physician", "clinic"),
    ("cyber_institution", "physician"),
    ("cyber_institution", "clinic"),
]
PLAN_FOR = {"harassment": a_plan, "cyber_physician": a_cyber_physician_plan, "cyber_institution": a_cyber_institution_plan}


def holder_of_kind(kind: str) -> Policyholder:
    return a_clinic_holder() if kind == "clinic" else a_holder(kind=kind)


@pytest.mark.parametrize(("product", "kind"), ELIGIBLE, ids=[f"{p}-{k}" for p, k in ELIGIBLE])
def test_enrol_eligible_holder_kind_for_the_product_is_accepted(product: str, kind: str) -> None:
    policy = enrol(PLAN_FOR[product](), holder_of_kind(kind))

    assert (policy.product, policy.holder.kind) == (product, kind)


@pytest.mark.parametrize(("product", "kind"), NOT_ELIGIBLE, ids=[f"{p}-{k}" for p, k in NOT_ELIGIBLE])
def test_enrol_holder_kind_not_eligible_for_the_product_is_refused(product: str, kind: str) -> None:
    refused(
        lambda: enrol(PLAN_FOR[product](), holder_of_kind(kind)),
        PolicyholderKindNotEligible,
        "policyholder_kind_not_eligible",
        "kind",
    )


def test_enrol_unknown_holder_kind_is_invalid_naming_kind() -> None:
    invalid(lambda: enrol(holder=a_holder(kind="hospital")), "kind")


@pytest.mark.parametrize("founder", [False, None], ids=["not_founder", "unstated"])
def test_enrol_clinic_by_applicant_not_its_founder_is_refused(founder: bool | None) -> None:
    refused(
        lambda: enrol(holder=a_clinic_holder(applicant_is_founder=founder)),
        ClinicApplicantNotFounder,
        "clinic_applicant_not_founder",
        "applicant_is_founder",
    )


@pytest.mark.parametrize(
    "overrides",
    [{"clinic_id": None}, {"clinic_id": "  "}, {"clinic_name": None}, {"clinic_name": ""}],
    ids=["no_clinic_id", "blank_clinic_id", "no_clinic_name", "empty_clinic_name"],
)
def test_enrol_clinic_without_naming_the_clinic_is_invalid_naming_clinic_id(overrides: dict[str, Any]) -> None:
    invalid(lambda: enrol(holder=a_clinic_holder(**overrides)), "clinic_id")


@pytest.mark.parametrize("field", ["member_number", "name"])
@pytest.mark.parametrize("blank", ["", "   "], ids=["empty", "spaces"])
def test_enrol_with_empty_holder_field_is_invalid_naming_the_field(field: str, blank: str) -> None:
    invalid(lambda: enrol(holder=a_holder(**{field: blank})), field)


def test_enrol_applied_tomorrow_is_invalid_naming_applied_on() -> None:
    invalid(lambda: enrol(applied_on=TOMORROW), "applied_on")


@pytest.mark.parametrize("actor", NOT_ADMIN, ids=role_id)
def test_enrol_by_non_admin_is_refused_with_role_not_allowed(actor: Actor) -> None:
    refused(lambda: enrol(actor=actor), RoleNotAllowed, "role_not_allowed")


# =============================================================================================
# receive_premium
# =============================================================================================


def test_receive_premium_records_premium_received_event_with_the_cover() -> None:
    policy = an_enrolled_policy()

    receive(policy, date(2025, 3, 10), 12_000, now=NOW)

    event = only_event(policy, "PremiumReceived")
    assert event.received_on == date(2025, 3, 10)
    assert (event.amount_yen, event.premium_due_yen) == (12_000, 12_000)
    assert (event.cover_start, event.cover_end, event.policy_year) == (COVER_START, COVER_END, 2025)
    assert (event.actor_id, event.actor_role) == ("admin-1", "admin")


def test_receive_premium_records_the_bank_reference_of_the_transfer_trimmed() -> None:
    policy = an_enrolled_policy()

    policy.receive_premium(received_on=date(2025, 3, 10), amount_yen=12_000, actor=ADMIN, now=NOW,
                           bank_reference="  FB-2025-0310-001 ")

    assert only_event(policy, "PremiumReceived").bank_reference == "FB-2025-0310-001"
    assert policy.premium_bank_reference == "FB-2025-0310-001"


@pytest.mark.parametrize("reference", [None, "", "   "])
def test_receive_premium_without_a_bank_reference_records_none(reference: str | None) -> None:
    policy = an_enrolled_policy()

    policy.receive_premium(received_on=date(2025, 3, 10), amount_yen=12_000, actor=ADMIN, now=NOW,
                           bank_reference=reference)

    assert only_event(policy, "PremiumReceived").bank_reference is None


def test_receive_premium_puts_policy_in_force_and_returns_its_cover() -> None:
    policy = an_enrolled_policy()

    cover = receive(policy, date(2025, 3, 10), 12_000, now=NOW)

    assert cover == CoverPeriod(COVER_START, COVER_END, 2025)
    assert policy.cover == cover
    assert policy.status == "in_force"
    assert policy.premium_received_on == date(2025, 3, 10)
    assert policy.reasons_not_covering(OCCURRED_AT) == []


# received on → the premium due (plan: annual ¥12,000; mid-term by the month cover starts).
PREMIUMS_DUE = [
    ("march_for_april", date(2026, 3, 10), 12_000),
    ("march_cutoff_for_april", date(2026, 3, 19), 12_000),
    ("march_after_cutoff_for_may", date(2026, 3, 20), MIDTERM_EXAMPLE["5"]),
    ("april_cutoff_for_may", date(2026, 4, 20), 11_000),
    ("april_after_cutoff_for_june", date(2026, 4, 21), 10_000),
    ("june_cutoff_for_july", date(2026, 6, 19), 9_000),
    ("december_cutoff_for_january", date(2026, 12, 18), 3_000),
    ("february_cutoff_for_march", date(2027, 2, 19), 1_000),
    ("february_after_cutoff_for_april", date(2027, 2, 22), 12_000),
]


@pytest.mark.parametrize(("name", "received_on", "due"), PREMIUMS_DUE, ids=[p[0] for p in PREMIUMS_DUE])
def test_receive_premium_of_the_amount_due_for_the_start_month_is_accepted(name: str, received_on: date, due: int) -> None:
    policy = an_enrolled_policy()

    receive(policy, received_on, due)

    assert policy.premium_yen == due


def test_premium_for_cyber_physician_applies_20_percent_group_discount_rounded_down() -> None:
    terms = a_cyber_physician_plan(annual_premium_yen=10_000, midterm_premium_yen={**MIDTERM_EXAMPLE, "6": 8_333})

    assert terms.premium_for(4) == 8_000
    assert terms.premium_for(6) == 6_666  # 8,333 × 80 % = 6,666.4 → ¥6,666


def test_receive_premium_on_cyber_physician_is_due_with_the_group_discount() -> None:
    policy = an_enrolled_policy(a_cyber_physician_plan(midterm_premium_yen={**MIDTERM_EXAMPLE, "6": 8_333}))

    receive(policy, date(2026, 5, 1), 6_666)  # cover from June

    assert policy.premium_yen == 6_666


@pytest.mark.parametrize("amount", [8_333, 6_667], ids=["undiscounted", "rounded_up"])
def test_receive_premium_on_cyber_physician_other_than_the_discounted_due_is_refused(amount: int) -> None:
    policy = an_enrolled_policy(a_cyber_physician_plan(midterm_premium_yen={**MIDTERM_EXAMPLE, "6": 8_333}))

    refused(lambda: receive(policy, date(2026, 5, 1), amount), PremiumAmountMismatch, "premium_amount_mismatch")


@pytest.mark.parametrize("amount", [10_999, 11_001, 12_000], ids=["short_by_1", "over_by_1", "annual_instead"])
def test_receive_premium_other_than_the_amount_due_is_refused_with_premium_amount_mismatch(amount: int) -> None:
    policy = an_enrolled_policy()  # received 20 April 2026 → cover from May → ¥11,000 due

    error = refused(
        lambda: receive(policy, date(2026, 4, 20), amount), PremiumAmountMismatch, "premium_amount_mismatch", "amount_yen"
    )
    assert "11,000" in error.detail
    assert policy.collect_events() == []
    assert policy.status == "awaiting_premium"


def test_receive_premium_twice_is_refused_with_premium_already_received() -> None:
    policy = an_in_force_policy()

    refused(lambda: receive(policy, date(2025, 4, 10), 11_000), PremiumAlreadyReceived, "premium_already_received")


def test_receive_premium_before_the_application_is_invalid_naming_received_on() -> None:
    policy = an_enrolled_policy(applied_on=date(2025, 3, 1))

    invalid(lambda: receive(policy, date(2025, 2, 28), 12_000), "received_on")


def test_receive_premium_on_the_application_day_is_accepted() -> None:
    policy = an_enrolled_policy(applied_on=date(2025, 3, 1))

    receive(policy, date(2025, 3, 1), 12_000)

    assert policy.status == "in_force"


def test_receive_premium_received_tomorrow_is_invalid_naming_received_on() -> None:
    policy = an_enrolled_policy()

    invalid(lambda: receive(policy, TOMORROW, 10_000, now=NOW), "received_on")


@pytest.mark.parametrize("amount", [0, -12_000, 12_000.0, True], ids=["zero", "negative", "float", "bool"])
def test_receive_premium_of_no_whole_positive_yen_is_invalid_naming_amount_yen(amount: object) -> None:
    policy = an_enrolled_policy()

    invalid(lambda: receive(policy, date(2026, 3, 10), amount), "amount_yen")  # type: ignore[arg-type]


def test_receive_premium_on_an_ended_policy_is_refused_with_policy_not_active() -> None:
    policy = an_enrolled_policy()
    policy.end(PolicyEnding(kind="cancelled", reason="申込撤回", effective_at=NOW), actor=ADMIN)

    refused(lambda: receive(policy, date(2026, 3, 10), 12_000), PolicyNotActive, "policy_not_active")


@pytest.mark.parametrize("actor", NOT_ADMIN, ids=role_id)
def test_receive_premium_by_non_admin_is_refused_with_role_not_allowed(actor: Actor) -> None:
    policy = an_enrolled_policy()

    refused(lambda: receive(policy, date(2026, 3, 10), 12_000, actor=actor), RoleNotAllowed, "role_not_allowed")
    assert policy.collect_events() == []


# =============================================================================================
# end (cancellation 解約, lapse 失効) and what the policy covers
# =============================================================================================


def test_end_cancelled_records_ended_event() -> None:
    policy = an_in_force_policy()
    effective_at = datetime(2025, 9, 1, 0, 0, tzinfo=JST)

    policy.end(PolicyEnding(kind="cancelled", reason=" 被保険者の申出 ", effective_at=effective_at), actor=ADMIN)

    event = only_event(policy, "Ended")
    assert (event.kind, event.reason, event.effective_at) == ("cancelled", "被保険者の申出", effective_at)
    assert (event.actor_id, event.actor_role) == ("admin-1", "admin")


@pytest.mark.parametrize("kind", ["cancelled", "lapsed"])
def test_end_gives_the_policy_that_status(kind: str) -> None:
    policy = an_in_force_policy()

    policy.end(PolicyEnding(kind=kind, reason="理由", effective_at=datetime(2025, 9, 1, tzinfo=JST)), actor=ADMIN)

    assert policy.status == kind


@pytest.mark.parametrize("kind", ["cancelled", "lapsed"])
def test_end_stops_cover_from_effective_at_with_that_reason(kind: str) -> None:
    policy = an_in_force_policy()
    effective_at = datetime(2025, 9, 1, 0, 0, tzinfo=JST)

    policy.end(PolicyEnding(kind=kind, reason="理由", effective_at=effective_at), actor=ADMIN)

    assert policy.reasons_not_covering(effective_at - timedelta(microseconds=1)) == []
    assert policy.reasons_not_covering(effective_at) == [f"policy_{kind}"]
    assert policy.reasons_not_covering(datetime(2026, 1, 15, tzinfo=JST)) == [f"policy_{kind}"]


def test_end_after_the_incident_leaves_the_incident_covered() -> None:
    policy = a_cancelled_policy(effective_at=OCCURRED_AT + timedelta(days=1))

    assert policy.reasons_not_covering(OCCURRED_AT) == []


def test_end_with_unknown_kind_is_invalid_naming_kind() -> None:
    policy = an_in_force_policy()

    invalid(lambda: policy.end(PolicyEnding(kind="terminated", reason="理由", effective_at=NOW), actor=ADMIN), "kind")


def test_end_with_empty_reason_is_invalid_naming_reason() -> None:
    policy = an_in_force_policy()

    invalid(lambda: policy.end(PolicyEnding(kind="cancelled", reason="  ", effective_at=NOW), actor=ADMIN), "reason")


def test_end_with_naive_effective_at_is_invalid_naming_effective_at() -> None:
    policy = an_in_force_policy()

    naive = PolicyEnding(kind="cancelled", reason="理由", effective_at=datetime(2025, 9, 1))

    invalid(lambda: policy.end(naive, actor=ADMIN), "effective_at")


def test_end_twice_is_refused_with_policy_not_active() -> None:
    policy = a_cancelled_policy(effective_at=NOW)

    lapse = PolicyEnding(kind="lapsed", reason="理由", effective_at=NOW)

    refused(lambda: policy.end(lapse, actor=ADMIN), PolicyNotActive, "policy_not_active")


@pytest.mark.parametrize("actor", NOT_ADMIN, ids=role_id)
def test_end_by_non_admin_is_refused_with_role_not_allowed(actor: Actor) -> None:
    policy = an_in_force_policy()

    cancellation = PolicyEnding(kind="cancelled", reason="理由", effective_at=NOW)

    refused(lambda: policy.end(cancellation, actor=actor), RoleNotAllowed, "role_not_allowed")
    assert policy.status == "in_force"


@pytest.mark.parametrize(
    ("instant", "reasons"),
    [
        (COVER_START - timedelta(microseconds=1), ["outside_cover_period"]),
        (COVER_START, []),
        (COVER_END - timedelta(microseconds=1), []),
        (COVER_END, ["outside_cover_period"]),
        (datetime(2025, 4, 1, 7, 0, tzinfo=UTC), []),  # 16:00 JST
    ],
    ids=["just_before_start", "at_start", "just_before_end", "at_end", "start_in_utc"],
)
def test_reasons_not_covering_at_the_cover_edges(instant: datetime, reasons: list[str]) -> None:
    policy = an_in_force_policy()

    assert policy.reasons_not_covering(instant) == reasons


# =============================================================================================
# payment limits
# =============================================================================================


def a_limited_policy(per_claim: int, per_year: int) -> Policy:
    return an_in_force_policy(a_plan(limit_per_claim_yen=per_claim, limit_per_year_yen=per_year))


def test_grant_payment_within_limits_grants_all_and_records_nothing() -> None:
    policy = a_limited_policy(per_claim=1_000_000, per_year=3_000_000)

    granted = policy.grant_payment("case-a", 288_000)

    assert granted == (288_000, None)
    assert policy.collect_events() == []
    assert policy.remaining_for_year == 3_000_000


def test_grant_payment_of_exactly_what_is_left_is_not_limited() -> None:
    policy = charged(a_limited_policy(per_claim=1_000_000, per_year=3_000_000), "case-a", 700_000)

    assert policy.grant_payment("case-a", 300_000) == (300_000, None)


def test_grant_payment_above_the_per_claim_limit_is_capped_by_limit_per_claim() -> None:
    policy = a_limited_policy(per_claim=100_000, per_year=1_000_000)

    assert policy.grant_payment("case-a", 150_000) == (100_000, "limit_per_claim")


def test_grant_payment_after_an_earlier_charge_on_the_claim_is_capped_by_the_rest_of_limit_per_claim() -> None:
    policy = charged(a_limited_policy(per_claim=100_000, per_year=1_000_000), "case-a", 60_000)

    assert policy.grant_payment("case-a", 50_000) == (40_000, "limit_per_claim")


def test_grant_payment_above_what_the_year_has_left_grants_the_rest_of_the_year() -> None:
    policy = charged(a_limited_policy(per_claim=1_000_000, per_year=1_500_000), "case-a", 1_000_000)

    amount, _limited_by = policy.grant_payment("case-b", 800_000)

    assert amount == 500_000


def test_grant_payment_above_what_the_year_has_left_is_capped_by_limit_per_year() -> None:
    policy = charged(a_limited_policy(per_claim=1_000_000, per_year=1_500_000), "case-a", 1_000_000)

    assert policy.grant_payment("case-b", 800_000) == (500_000, "limit_per_year")


def test_grant_payment_on_a_claim_that_used_its_limit_is_refused_with_limit_exhausted() -> None:
    policy = charged(a_limited_policy(per_claim=100_000, per_year=1_000_000), "case-a", 100_000)

    refused(lambda: policy.grant_payment("case-a", 1), LimitExhausted, "payment_limit_exhausted", "amount_yen")


def test_grant_payment_on_a_new_claim_once_the_year_is_used_up_is_refused_with_limit_exhausted() -> None:
    policy = charged(a_limited_policy(per_claim=1_000_000, per_year=1_500_000), "case-a", 1_000_000)
    charged(policy, "case-b", 500_000)

    refused(lambda: policy.grant_payment("case-c", 1), LimitExhausted, "payment_limit_exhausted", "amount_yen")


def test_charge_records_payment_charged_event() -> None:
    policy = a_limited_policy(per_claim=1_000_000, per_year=3_000_000)

    policy.charge(claim_id="case-a", payment_number=2, amount_yen=288_000, actor=ADJUSTER)

    event = only_event(policy, "PaymentCharged")
    assert (event.claim_id, event.payment_number, event.amount_yen) == ("case-a", 2, 288_000)
    assert (event.actor_id, event.actor_role) == ("adjuster-1", "adjuster")


def test_charge_lowers_what_is_left_for_the_claim_and_the_year() -> None:
    policy = a_limited_policy(per_claim=1_000_000, per_year=1_200_000)

    policy.charge(claim_id="case-a", payment_number=1, amount_yen=700_000, actor=ADJUSTER)

    assert policy.remaining_for_claim("case-a") == 300_000
    assert policy.remaining_for_year == 500_000
    assert policy.remaining_for_claim("case-b") == 500_000  # a fresh claim is held to what the year has left


# =============================================================================================
# plans: terms as data, copied into the policy
# =============================================================================================


def test_every_example_plan_validates_and_is_marked_an_example() -> None:
    plans = example_plans()

    assert {(p.product, p.code) for p in plans} >= {("harassment", "H-A"), ("cyber_physician", "CP-1")}
    assert all(p.validate() is p and p.example for p in plans)


@pytest.mark.parametrize(
    "overrides",
    [
        {"coinsurance_percent": 1},
        {"coinsurance_percent": 100},
        {"group_discount_percent": 99},
        {"limit_per_claim_yen": 5_000_000, "limit_per_year_yen": 5_000_000},
        {"deductible_yen": 0},
    ],
    ids=["coinsurance_1", "coinsurance_100", "discount_99", "per_claim_equals_per_year", "zero_deductible"],
)
def test_plan_terms_validate_at_the_edges_is_accepted(overrides: dict[str, Any]) -> None:
    terms = a_plan(**overrides)

    assert terms.validate() is terms


MONTHS_WITHOUT_MARCH = {k: v for k, v in MIDTERM_EXAMPLE.items() if k != "3"}
INVALID_TERMS: list[tuple[str, Callable[[], PlanTerms], str]] = [
    ("unknown_product", lambda: a_plan(product="dental"), "product"),
    ("empty_code", lambda: a_plan(code=" "), "code"),
    ("empty_name", lambda: a_plan(name=""), "code"),
    ("negative_limit_per_claim", lambda: a_plan(limit_per_claim_yen=-1), "limit_per_claim_yen"),
    ("fractional_limit_per_year", lambda: a_plan(limit_per_year_yen=1_500_000.5), "limit_per_year_yen"),
    ("bool_annual_premium", lambda: a_plan(annual_premium_yen=True), "annual_premium_yen"),
    ("negative_deductible", lambda: a_plan(deductible_yen=-10_000), "deductible_yen"),
    ("per_claim_above_per_year", lambda: a_plan(limit_per_claim_yen=2_000_001, limit_per_year_yen=2_000_000),
     "limit_per_claim_yen"),
    ("coinsurance_0", lambda: a_plan(coinsurance_percent=0), "coinsurance_percent"),
    ("coinsurance_101", lambda: a_plan(coinsurance_percent=101), "coinsurance_percent"),
    ("discount_100", lambda: a_plan(group_discount_percent=100), "group_discount_percent"),
    ("discount_negative", lambda: a_plan(group_discount_percent=-1), "group_discount_percent"),
    ("midterm_month_missing", lambda: a_plan(midterm_premium_yen=MONTHS_WITHOUT_MARCH), "midterm_premium_yen"),
    ("midterm_april_given", lambda: a_plan(midterm_premium_yen={**MIDTERM_EXAMPLE, "4": 12_000}), "midterm_premium_yen"),
    ("unknown_head_of_loss", lambda: a_cyber_physician_plan(sub_limits_yen={"property": 1}), "sub_limits_yen"),
    ("harassment_with_sub_limits", lambda: a_plan(sub_limits_yen={"liability": 1_000_000}), "sub_limits_yen"),
    ("zero_annual_premium", lambda: a_plan(annual_premium_yen=0), "annual_premium_yen"),
]


@pytest.mark.parametrize(("name", "terms", "field"), INVALID_TERMS, ids=[t[0] for t in INVALID_TERMS])
def test_plan_terms_validate_breaking_a_rule_is_invalid_naming_the_field(
    name: str, terms: Callable[[], PlanTerms], field: str
) -> None:
    invalid(lambda: terms().validate(), field)


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        (lambda: a_plan(midterm_premium_yen={**MIDTERM_EXAMPLE, "5": -1}), "midterm_premium_yen"),
        (lambda: a_plan(midterm_premium_yen={**MIDTERM_EXAMPLE, "5": 1_000.5}), "midterm_premium_yen"),
        (lambda: a_cyber_physician_plan(sub_limits_yen={"liability": -5}), "sub_limits_yen"),
    ],
    ids=["negative_midterm_premium", "fractional_midterm_premium", "negative_sub_limit"],
)
def test_plan_terms_validate_with_a_bad_midterm_premium_or_sub_limit_is_invalid(
    terms: Callable[[], PlanTerms], field: str
) -> None:
    invalid(lambda: terms().validate(), field)


def test_publish_first_by_admin_records_published_event_at_version_1() -> None:
    terms = a_plan()

    plan = Plan.publish_first(terms, ADMIN)

    event = only_event(plan, "Published")
    assert event.terms == terms.as_dict()
    assert (event.actor_id, event.actor_role) == ("admin-1", "admin")
    assert plan.id == plan_id("harassment", "H-T")
    assert (plan.terms, plan.terms_version) == (terms, 1)


def test_publish_version_makes_the_new_terms_current_and_keeps_the_old() -> None:
    first = a_plan()
    plan = Plan.publish_first(first, ADMIN)
    second = a_plan(limit_per_claim_yen=5_000_000, limit_per_year_yen=5_000_000)

    plan.publish_version(second, ADMIN)

    assert plan.terms == second
    assert plan.terms_version == 2
    assert plan.history == [first, second]


def test_publish_version_with_another_code_is_invalid_naming_code() -> None:
    plan = Plan.publish_first(a_plan(code="H-T"), ADMIN)

    invalid(lambda: plan.publish_version(a_plan(code="H-U"), ADMIN), "code")


def test_publish_first_of_invalid_terms_is_invalid() -> None:
    invalid(lambda: Plan.publish_first(a_plan(coinsurance_percent=0), ADMIN), "coinsurance_percent")


def test_publish_version_of_invalid_terms_is_invalid_and_keeps_the_current_terms() -> None:
    plan = Plan.publish_first(a_plan(), ADMIN)
    plan.collect_events()

    invalid(lambda: plan.publish_version(a_plan(deductible_yen=-1), ADMIN), "deductible_yen")
    assert plan.collect_events() == []
    assert plan.terms_version == 1


@pytest.mark.parametrize("actor", NOT_ADMIN, ids=role_id)
def test_publish_first_by_non_admin_is_refused_with_role_not_allowed(actor: Actor) -> None:
    refused(lambda: Plan.publish_first(a_plan(), actor), RoleNotAllowed, "role_not_allowed")


@pytest.mark.parametrize("actor", NOT_ADMIN, ids=role_id)
def test_publish_version_by_non_admin_is_refused_with_role_not_allowed(actor: Actor) -> None:
    plan = Plan.publish_first(a_plan(), ADMIN)

    refused(lambda: plan.publish_version(a_plan(annual_premium_yen=1), actor), RoleNotAllowed, "role_not_allowed")


def test_publish_plan_new_when_it_exists_is_refused_with_plan_already_exists() -> None:
    app = an_app()
    app.publish_plan(a_plan(), ADMIN)

    refused(lambda: app.publish_plan(a_plan(), ADMIN), PlanAlreadyExists, "plan_already_exists")


def test_publish_plan_version_of_an_unknown_plan_is_refused_with_plan_not_found() -> None:
    app = an_app()

    refused(lambda: app.publish_plan_version("harassment", "H-T", a_plan(), ADMIN), PlanNotFound, "plan_not_found")


def test_publish_plan_version_does_not_change_an_enrolled_policy_terms() -> None:
    app = an_app()
    original = a_plan(limit_per_claim_yen=3_000_000, limit_per_year_yen=3_000_000)
    number = a_policy_in(app, original, received_on=None)
    raised = a_plan(limit_per_claim_yen=1_000_000, limit_per_year_yen=1_000_000, annual_premium_yen=20_000,
                    deductible_yen=50_000)

    app.publish_plan_version("harassment", "H-T", raised, ADMIN)

    policy = app.get_policy(number)  # rebuilt from its stored events
    assert policy.terms == original
    assert policy.plan_version == 1
    assert policy.remaining_for_year == 3_000_000
    assert app.get_plan("harassment", "H-T").terms == raised


def test_receive_premium_after_a_new_plan_version_is_due_at_the_policy_own_premium() -> None:
    app = an_app()
    number = a_policy_in(app, a_plan(annual_premium_yen=12_000), received_on=None)
    app.publish_plan_version("harassment", "H-T", a_plan(annual_premium_yen=20_000), ADMIN)

    app.receive_premium(number, PREMIUM_RECEIVED_ON, 12_000, ADMIN)

    assert app.get_policy(number).premium_yen == 12_000


def test_enrol_policy_after_a_new_plan_version_copies_the_new_terms_and_version() -> None:
    app = an_app()
    a_policy_in(app, a_plan(), received_on=None)
    newer = a_plan(limit_per_claim_yen=1_000_000, limit_per_year_yen=2_000_000)
    app.publish_plan_version("harassment", "H-T", newer, ADMIN)

    number = a_policy_in(app, newer, received_on=None)

    policy = app.get_policy(number)
    assert (policy.terms, policy.plan_version) == (newer, 2)
