"""ClaimsApplication, the policies' commands and policy_standing, on the library's in-memory
persistence. For each command: Given (earlier commands) / When (the command) / Then (the new events
of every aggregate it touched — the policy, a clinic's register, the physician cyber group — in the
order saved), or one named error and nothing saved anywhere."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest

from domain.application import ClaimsApplication
from domain.kernel.errors import RoleNotAllowed, VersionMismatch
from domain.policies.errors import PlanNotFound, PolicyholderKindNotEligible, PolicyNotActive, PremiumAmountMismatch
from domain.policies.policy import PolicyEnding, policy_id
from domain.policies.registers import clinic_register_id, cyber_group_id
from tests.builders import (
    ADJUSTER,
    ADMIN,
    APPLIED_ON,
    JST,
    NOW,
    PREMIUM_RECEIVED_ON,
    a_clinic_holder,
    a_cyber_policy_in,
    a_holder,
    a_physician_group_in,
    a_plan,
    a_policy_in,
    an_app,
    an_incident_in,
    clock_at,
    new_events,
    position_of,
    recorded_since,
    refused_in,
)

GROUP_2025 = cyber_group_id(2025)
CLINIC_REGISTER = clinic_register_id("harassment", "CL-0001")
CANCELLED_FROM = datetime(2025, 7, 1, 16, 0, tzinfo=JST)  # after NOW: the end takes effect later
LATER = datetime(2025, 8, 1, 10, 0, tzinfo=JST)  # after the end took effect


def cancellation(effective_at: datetime = NOW) -> PolicyEnding:
    return PolicyEnding(kind="cancelled", reason="被保険者の申出", effective_at=effective_at)


def an_enrolled_policy_in(app: ClaimsApplication) -> str:
    return a_policy_in(app, received_on=None)


def incident_at(app: ClaimsApplication, policy_number: str, occurred_at: datetime) -> tuple[str, list[str]]:
    """Open a physician's incident that occurred then (the application's clock after it); its coverage."""
    with clock_at(app, LATER):
        incident_id = an_incident_in(app, policy_number, occurred_at=occurred_at, discovered_at=occurred_at + timedelta(hours=1))
    incident = app.get_incident(incident_id)
    return incident.coverage, incident.coverage_reasons


# =============================================================================================
# enrol_policy
# =============================================================================================


def test_enrol_policy_saves_enrolled_with_the_plan_current_terms() -> None:
    app = an_app()
    app.publish_plan(a_plan(), ADMIN)
    position = position_of(app)

    result = app.enrol_policy("harassment", "H-T", a_holder(), APPLIED_ON, ADMIN)

    assert recorded_since(app, position) == [(result.aggregate_id, "Enrolled")]
    (enrolled,) = new_events(app, result.aggregate_id, 0)
    assert (enrolled.plan_code, enrolled.plan_version, enrolled.terms) == ("H-T", 1, a_plan().as_dict())
    assert result.subject.policy_number.startswith("HAR-")


def test_enrol_policy_of_a_clinic_enters_the_clinic_register_in_the_same_save() -> None:
    app = an_app()
    app.publish_plan(a_plan(), ADMIN)
    position = position_of(app)

    result = app.enrol_policy("harassment", "H-T", a_clinic_holder(), APPLIED_ON, ADMIN)

    assert recorded_since(app, position) == [(result.aggregate_id, "Enrolled"), (CLINIC_REGISTER, "Opened"),
                                             (CLINIC_REGISTER, "Entered")]


def test_enrol_policy_on_an_unknown_plan_is_refused_with_plan_not_found_and_saves_nothing() -> None:
    app = an_app()

    refused_in(app, lambda: app.enrol_policy("harassment", "H-Z", a_holder(), APPLIED_ON, ADMIN), PlanNotFound, "plan_not_found",
               "plan_code")


def test_enrol_policy_of_an_institution_on_the_physician_cyber_product_is_refused_and_saves_nothing() -> None:
    app = an_app()
    a_cyber_policy_in(app, "cyber_physician", received_on=None)  # publishes CP-1

    refused_in(app, lambda: app.enrol_policy("cyber_physician", "CP-1", a_holder(kind="institution"), APPLIED_ON, ADMIN),
               PolicyholderKindNotEligible, "policyholder_kind_not_eligible", "kind")


def test_enrol_policy_by_adjuster_is_refused_and_saves_nothing() -> None:
    app = an_app()
    app.publish_plan(a_plan(), ADMIN)

    refused_in(app, lambda: app.enrol_policy("harassment", "H-T", a_holder(), APPLIED_ON, ADJUSTER), RoleNotAllowed,
               "role_not_allowed")


# =============================================================================================
# receive_premium
# =============================================================================================


def test_receive_premium_saves_premium_received_with_the_cover_it_buys() -> None:
    app = an_app()
    number = an_enrolled_policy_in(app)
    position = position_of(app)

    result = app.receive_premium(number, PREMIUM_RECEIVED_ON, 12_000, ADMIN)

    assert recorded_since(app, position) == [(policy_id(number), "PremiumReceived")]
    received = new_events(app, policy_id(number), 1)[0]
    assert (received.policy_year, received.cover_start) == (2025, datetime(2025, 4, 1, 16, 0, tzinfo=JST))
    assert result.version == 2


def test_receive_premium_with_a_bank_reference_saves_it_on_premium_received() -> None:
    app = an_app()
    number = an_enrolled_policy_in(app)

    result = app.receive_premium(number, PREMIUM_RECEIVED_ON, 12_000, ADMIN, bank_reference="FB-0310-7")

    (received,) = new_events(app, policy_id(number), 1)
    assert received.bank_reference == "FB-0310-7"
    assert result.subject.premium_bank_reference == "FB-0310-7"


def test_receive_premium_of_the_first_physician_cyber_policy_opens_the_group_and_joins_it_in_the_same_save() -> None:
    app = an_app()
    number = a_cyber_policy_in(app, "cyber_physician", received_on=None)
    position = position_of(app)

    app.receive_premium(number, PREMIUM_RECEIVED_ON, 8_000, ADMIN)  # CP-1: ¥10,000 less the 20 % group discount

    assert recorded_since(app, position) == [(policy_id(number), "PremiumReceived"), (GROUP_2025, "Opened"),
                                             (GROUP_2025, "MemberJoined")]


def test_receive_premium_of_a_further_physician_cyber_policy_joins_the_group() -> None:
    app = an_app()
    a_physician_group_in(app, 1)
    number = a_cyber_policy_in(app, "cyber_physician", holder=a_holder(member_number="JSPRS-99999"), received_on=None)
    position = position_of(app)

    app.receive_premium(number, PREMIUM_RECEIVED_ON, 8_000, ADMIN)

    assert recorded_since(app, position) == [(policy_id(number), "PremiumReceived"), (GROUP_2025, "MemberJoined")]


def test_receive_premium_of_a_clinic_policy_fixes_its_cover_in_the_clinic_register() -> None:
    app = an_app()
    number = a_policy_in(app, a_plan(), a_clinic_holder(), received_on=None)
    position = position_of(app)

    app.receive_premium(number, PREMIUM_RECEIVED_ON, 12_000, ADMIN)

    assert recorded_since(app, position) == [(policy_id(number), "PremiumReceived"), (CLINIC_REGISTER, "CoverFixed")]


def test_receive_premium_other_than_the_amount_due_is_refused_and_saves_nothing_on_the_group_either() -> None:
    app = an_app()
    number = a_cyber_policy_in(app, "cyber_physician", received_on=None)

    error = refused_in(app, lambda: app.receive_premium(number, PREMIUM_RECEIVED_ON, 10_000, ADMIN), PremiumAmountMismatch,
                       "premium_amount_mismatch", "amount_yen")
    assert error.params["due_yen"] == 8_000
    assert app.cyber_group(2025) is None


# =============================================================================================
# end_policy
# =============================================================================================


def test_end_policy_saves_ended_on_the_policy() -> None:
    app = an_app()
    number = a_policy_in(app)
    position = position_of(app)

    app.end_policy(number, cancellation(CANCELLED_FROM), ADMIN)

    assert recorded_since(app, position) == [(policy_id(number), "Ended")]
    assert new_events(app, policy_id(number), 2)[0].effective_at == CANCELLED_FROM


def test_end_policy_of_a_physician_cyber_member_leaves_the_group_from_the_end_in_the_same_save() -> None:
    app = an_app()
    numbers = a_physician_group_in(app, 10)
    position = position_of(app)

    app.end_policy(numbers[0], cancellation(CANCELLED_FROM), ADMIN)

    assert recorded_since(app, position) == [(policy_id(numbers[0]), "Ended"), (GROUP_2025, "MemberLeft")]
    assert new_events(app, GROUP_2025, 11)[0].effective_at == CANCELLED_FROM


def test_end_policy_of_a_pending_clinic_application_releases_the_clinic_in_the_same_save() -> None:
    app = an_app()
    number = a_policy_in(app, a_plan(), a_clinic_holder(), received_on=None)
    position = position_of(app)

    app.end_policy(number, cancellation(), ADMIN)

    assert recorded_since(app, position) == [(policy_id(number), "Ended"), (CLINIC_REGISTER, "Released")]


def test_end_policy_twice_is_refused_with_policy_not_active_and_saves_nothing() -> None:
    app = an_app()
    number = a_policy_in(app)
    app.end_policy(number, cancellation(), ADMIN)

    refused_in(app, lambda: app.end_policy(number, cancellation(), ADMIN), PolicyNotActive, "policy_not_active", "status")


def test_end_policy_by_adjuster_is_refused_and_saves_nothing() -> None:
    app = an_app()
    number = a_policy_in(app)

    refused_in(app, lambda: app.end_policy(number, cancellation(), ADJUSTER), RoleNotAllowed, "role_not_allowed")


# ---- the physician group holds a leaving member until the end takes effect ------------------


def test_end_policy_effective_later_keeps_the_group_formed_until_then() -> None:
    app = an_app()
    numbers = a_physician_group_in(app, 10)

    app.end_policy(numbers[0], cancellation(CANCELLED_FROM), ADMIN)

    group = app.cyber_group(2025)
    assert group is not None
    assert group.formed_at(CANCELLED_FROM - timedelta(microseconds=1)) is True
    assert group.formed_at(CANCELLED_FROM) is False


def test_end_policy_effective_later_leaves_an_incident_that_occurred_before_the_end_covered() -> None:
    app = an_app()
    numbers = a_physician_group_in(app, 10)
    app.end_policy(numbers[0], cancellation(CANCELLED_FROM), ADMIN)

    assert incident_at(app, numbers[1], CANCELLED_FROM - timedelta(days=10)) == ("covered", [])


def test_end_policy_effective_later_leaves_an_incident_after_the_end_not_covered_with_group_not_formed() -> None:
    app = an_app()
    numbers = a_physician_group_in(app, 10)
    app.end_policy(numbers[0], cancellation(CANCELLED_FROM), ADMIN)

    assert incident_at(app, numbers[1], CANCELLED_FROM + timedelta(days=10)) == ("not_covered", ["group_not_formed"])


def test_end_policy_effective_later_covers_the_leaving_member_own_incident_before_the_end_only() -> None:
    app = an_app()
    numbers = a_physician_group_in(app, 10)
    app.end_policy(numbers[0], cancellation(CANCELLED_FROM), ADMIN)

    assert incident_at(app, numbers[0], CANCELLED_FROM - timedelta(days=10)) == ("covered", [])
    assert incident_at(app, numbers[0], CANCELLED_FROM + timedelta(days=10)) == (
        "not_covered", ["policy_cancelled", "group_not_formed"])


def test_end_policy_with_eleven_members_keeps_the_group_formed_after_the_end() -> None:
    app = an_app()
    numbers = a_physician_group_in(app, 11)
    app.end_policy(numbers[0], cancellation(CANCELLED_FROM), ADMIN)

    assert incident_at(app, numbers[1], CANCELLED_FROM + timedelta(days=10)) == ("covered", [])


# =============================================================================================
# policy_standing (a query: it saves nothing)
# =============================================================================================


def test_policy_standing_of_a_harassment_policy_in_force_gives_cover_without_a_group() -> None:
    app = an_app()
    policy = app.get_policy(a_policy_in(app))
    position = position_of(app)

    standing = app.policy_standing(policy)

    assert (standing.gives_cover, standing.in_group, standing.group, standing.at) == (True, False, None, NOW)
    assert recorded_since(app, position) == []


def test_policy_standing_of_a_policy_awaiting_its_premium_gives_no_cover() -> None:
    app = an_app()

    standing = app.policy_standing(app.get_policy(an_enrolled_policy_in(app)))

    assert (standing.gives_cover, standing.in_group) == (False, False)


@pytest.mark.parametrize(("members", "formed"), [(9, False), (10, True)])
def test_policy_standing_of_a_physician_cyber_policy_gives_cover_once_the_group_has_ten(members: int, formed: bool) -> None:
    app = an_app()
    numbers = a_physician_group_in(app, members)

    standing = app.policy_standing(app.get_policy(numbers[0]))

    assert (standing.in_group, standing.group_members, standing.group_formed, standing.gives_cover) == (
        True, members, formed, formed)


def test_policy_standing_of_another_member_at_an_instant_counts_the_leaving_member_until_the_end() -> None:
    app = an_app()
    numbers = a_physician_group_in(app, 10)
    app.end_policy(numbers[0], cancellation(CANCELLED_FROM), ADMIN)
    other = app.get_policy(numbers[1])

    before, after = app.policy_standing(other, CANCELLED_FROM - timedelta(days=1)), app.policy_standing(other, LATER)

    assert (before.group_members, before.gives_cover) == (10, True)
    assert (after.group_members, after.gives_cover) == (9, False)


def test_policy_standing_before_a_later_cancellation_takes_effect_gives_cover() -> None:
    app = an_app()
    number = a_policy_in(app)
    app.end_policy(number, cancellation(CANCELLED_FROM), ADMIN)
    policy = app.get_policy(number)

    assert policy.reasons_not_covering(NOW) == []
    assert app.policy_standing(policy, NOW).gives_cover is True


def test_policy_standing_before_a_mid_term_cover_starts_gives_no_cover() -> None:
    app = an_app()
    number = a_policy_in(app, received_on=date(2025, 6, 10))  # cover from 16:00 on 1 July 2025
    policy = app.get_policy(number)

    assert policy.reasons_not_covering(NOW) == ["outside_cover_period"]
    assert app.policy_standing(policy, NOW).gives_cover is False


# =============================================================================================
# If-Match: a stale expected version is refused, nothing saved
# =============================================================================================

STALE: dict[str, tuple[Callable[[ClaimsApplication], str], Callable[[ClaimsApplication, str, int], object]]] = {
    "receive_premium": (an_enrolled_policy_in, lambda app, n, v: app.receive_premium(
        n, PREMIUM_RECEIVED_ON, 12_000, ADMIN, expected_version=v)),
    "end_policy": (a_policy_in, lambda app, n, v: app.end_policy(n, cancellation(), ADMIN, expected_version=v)),
}


@pytest.mark.parametrize("command", list(STALE))
def test_policy_command_with_a_stale_expected_version_is_refused_with_version_mismatch_and_saves_nothing(command: str) -> None:
    given, when = STALE[command]
    app = an_app()
    number = given(app)
    current = app.get_policy(number).version

    error = refused_in(app, lambda: when(app, number, current - 1), VersionMismatch, "version_mismatch", "If-Match")

    assert error.params["version"] == current


@pytest.mark.parametrize("command", list(STALE))
def test_policy_command_with_the_current_expected_version_is_saved(command: str) -> None:
    given, when = STALE[command]
    app = an_app()
    number = given(app)
    current = app.get_policy(number).version

    when(app, number, current)

    assert app.get_policy(number).version == current + 1


def test_get_policy_by_its_number_typed_in_lower_case_finds_it() -> None:
    app = an_app()
    number = a_policy_in(app)

    found = app.get_policy(f" {number.lower()} ")

    assert (found.id, found.policy_number) == (policy_id(number), number)
