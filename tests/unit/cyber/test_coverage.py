"""cyber_coverage: the coverage decision (有無責判断) taken when a cyber incident is opened. The policy
must be of the notice's product and cover the incident's moment; a physician's group must have
formed (10 members) at that moment; the business must be in the product's scope; an institution's
officers and employees are insured, a physician's are not. Territory is worldwide, so no place is
checked (see tests/unit/application/test_incident_commands.py for a notice from abroad).
Given (a policy, its group, a notice) / When (the decision) / Then (its reasons)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from domain.cyber.coverage import cyber_coverage
from domain.cyber.vocabulary import BUSINESS_SCOPE, Business, InsuredParty
from domain.kernel.coverage import CoverageDecision
from domain.kernel.labels import label_ja
from domain.kernel.products import Product
from domain.policies.policy import Policy, PolicyEnding
from domain.policies.registers import CyberGroup
from tests.builders import (
    ADMIN,
    COVER_START,
    INSTITUTION_POLICY_NUMBER,
    OCCURRED_AT,
    PHYSICIAN_POLICY_NUMBER,
    a_cyber_policy,
    a_policy,
    an_enrolled_policy,
    example_plan_of,
)

INSTITUTION = Product.CYBER_INSTITUTION
PHYSICIAN = Product.CYBER_PHYSICIAN
POLICYHOLDER = InsuredParty.POLICYHOLDER


def a_group(members: int, leaving: dict[str, datetime] | None = None) -> CyberGroup:
    """The 2025 physician group with `members` paid members (CYP-0000 …); `leaving`: whose policy ends when."""
    group = CyberGroup.for_year(2025)
    for n in range(members):
        group.join(f"CYP-{n:04d}")
    for number, effective_at in (leaving or {}).items():
        group.leave(number, effective_at)
    group.collect_events()
    return group


def institution(policy: Policy | None = None, business: str = Business.MEDICAL_CARE, party: str = POLICYHOLDER,
                at: datetime = OCCURRED_AT) -> CoverageDecision:
    return cyber_coverage(INSTITUTION, policy if policy is not None else a_cyber_policy(), None, at, business, party)


def physician(policy: Policy | None = None, group: CyberGroup | None = None, business: str = Business.FACILITY_WORK,
              party: str = POLICYHOLDER, at: datetime = OCCURRED_AT) -> CoverageDecision:
    policy = policy if policy is not None else a_cyber_policy("cyber_physician")
    return cyber_coverage(PHYSICIAN, policy, group if group is not None else a_group(10), at, business, party)


def cancelled_from(effective_at: datetime) -> Policy:
    policy = a_cyber_policy()
    policy.end(PolicyEnding(kind="cancelled", reason="解約", effective_at=effective_at), actor=ADMIN)
    return policy


# =============================================================================================
# covered
# =============================================================================================


def test_cyber_coverage_of_an_institution_notice_under_its_policy_names_no_reason() -> None:
    decision = institution()

    assert decision == CoverageDecision(())
    assert (decision.covered, decision.label) == (True, "covered")


def test_cyber_coverage_of_a_physician_notice_with_the_group_formed_names_no_reason() -> None:
    assert physician(group=a_group(10)).reasons == ()


@pytest.mark.parametrize("business", BUSINESS_SCOPE[PHYSICIAN], ids=str)
def test_cyber_coverage_of_each_physician_business_in_scope_is_covered(business: Business) -> None:
    assert physician(business=business).covered


@pytest.mark.parametrize("business", BUSINESS_SCOPE[INSTITUTION], ids=str)
def test_cyber_coverage_of_each_institution_business_in_scope_is_covered(business: Business) -> None:
    assert institution(business=business).covered


@pytest.mark.parametrize("party", [InsuredParty.OFFICER, InsuredParty.EMPLOYEE], ids=str)
def test_cyber_coverage_of_an_institution_officer_or_employee_is_covered(party: InsuredParty) -> None:
    assert institution(party=party).reasons == ()


def test_cyber_coverage_of_a_physician_act_outside_business_with_related_harm_is_covered() -> None:
    assert physician(business=Business.OUTSIDE_BUSINESS_RELATED_HARM).covered


def test_cyber_coverage_of_an_incident_before_a_later_cancellation_is_covered() -> None:
    assert institution(cancelled_from(OCCURRED_AT + timedelta(seconds=1))).covered


# =============================================================================================
# each reason on its own
# =============================================================================================

SINGLE_REASONS: list[tuple[str, str, Callable[[], CoverageDecision]]] = [
    ("no_policy", "policy_not_found",
     lambda: cyber_coverage(INSTITUTION, None, None, OCCURRED_AT, "medical_care", "policyholder")),
    ("physician_notice_institution_policy", "wrong_product",
     lambda: physician(a_cyber_policy("cyber_institution", number=PHYSICIAN_POLICY_NUMBER))),
    ("institution_notice_harassment_policy", "wrong_product", lambda: institution(a_policy())),
    ("institution_awaiting_premium", "policy_awaiting_premium",
     lambda: institution(an_enrolled_policy(example_plan_of("cyber_institution"), number=INSTITUTION_POLICY_NUMBER))),
    ("physician_awaiting_premium", "policy_awaiting_premium",
     lambda: physician(an_enrolled_policy(example_plan_of("cyber_physician"), number=PHYSICIAN_POLICY_NUMBER), a_group(0))),
    ("before_the_cover", "outside_cover_period", lambda: institution(at=COVER_START - timedelta(minutes=1))),
    ("after_the_cancellation", "policy_cancelled", lambda: institution(cancelled_from(OCCURRED_AT - timedelta(days=1)))),
    ("group_of_nine", "group_not_formed", lambda: physician(group=a_group(9))),
    ("no_group_yet", "group_not_formed",
     lambda: cyber_coverage(PHYSICIAN, a_cyber_policy("cyber_physician"), None, OCCURRED_AT, "facility_work", "policyholder")),
    ("physician_medical_care", "business_not_in_scope", lambda: physician(business=Business.MEDICAL_CARE)),
    ("physician_private", "business_not_in_scope", lambda: physician(business=Business.UNRELATED_PRIVATE_ACTIVITY)),
    ("institution_facility_work", "business_not_in_scope", lambda: institution(business=Business.FACILITY_WORK)),
    ("institution_private", "business_not_in_scope", lambda: institution(business=Business.UNRELATED_PRIVATE_ACTIVITY)),
    ("physician_officer", "insured_party_not_covered", lambda: physician(party=InsuredParty.OFFICER)),
    ("physician_employee", "insured_party_not_covered", lambda: physician(party=InsuredParty.EMPLOYEE)),
]


@pytest.mark.parametrize(("name", "reason", "decide"), SINGLE_REASONS, ids=[r[0] for r in SINGLE_REASONS])
def test_cyber_coverage_failing_one_condition_names_only_that_reason(
    name: str, reason: str, decide: Callable[[], CoverageDecision]
) -> None:
    decision = decide()

    assert decision.reasons == (reason,)
    assert (decision.covered, decision.label) == (False, "not_covered")
    assert label_ja(reason) != reason  # every reason has its Japanese wording


def test_cyber_coverage_failing_every_condition_names_each_reason_in_order() -> None:
    decision = cyber_coverage(PHYSICIAN, None, None, OCCURRED_AT, Business.MEDICAL_CARE, InsuredParty.EMPLOYEE)

    assert decision.reasons == ("policy_not_found", "business_not_in_scope", "insured_party_not_covered")


# =============================================================================================
# the physician group, at the incident's moment
# =============================================================================================


def test_cyber_coverage_while_a_leaving_member_still_counts_is_covered() -> None:
    group = a_group(10, leaving={"CYP-0003": OCCURRED_AT + timedelta(seconds=1)})

    assert physician(group=group).covered


def test_cyber_coverage_once_a_leaving_member_no_longer_counts_names_group_not_formed() -> None:
    group = a_group(10, leaving={"CYP-0003": OCCURRED_AT})

    assert physician(group=group).reasons == ("group_not_formed",)


def test_cyber_coverage_with_eleven_members_one_gone_is_covered() -> None:
    group = a_group(11, leaving={"CYP-0003": OCCURRED_AT - timedelta(days=1)})

    assert physician(group=group).covered


def test_cyber_coverage_of_an_institution_asks_for_no_group() -> None:
    decision = cyber_coverage(INSTITUTION, a_cyber_policy(), None, OCCURRED_AT, Business.MEDICAL_CARE, POLICYHOLDER)

    assert decision.covered
