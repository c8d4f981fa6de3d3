"""ClaimsApplication, the plans' commands, on the library's in-memory persistence: an admin
publishes a plan's terms, then new versions of them; issued policies keep the terms they copied.
Given (earlier commands) / When (the command) / Then (the new events), or one named error and
nothing saved anywhere."""

from __future__ import annotations

import pytest

from domain.kernel.errors import InvalidInput, RoleNotAllowed
from domain.policies.errors import PlanAlreadyExists, PlanNotFound
from domain.policies.plans import PlanTerms, plan_id
from tests.builders import (
    ADJUSTER,
    ADMIN,
    a_cyber_physician_plan,
    a_plan,
    a_policy_in,
    an_app,
    new_events,
    position_of,
    recorded_since,
    refused_in,
)

H_T = plan_id("harassment", "H-T")


# =============================================================================================
# publish_plan
# =============================================================================================


def test_publish_plan_saves_published_with_the_terms_at_version_1() -> None:
    app = an_app()
    position = position_of(app)

    result = app.publish_plan(a_plan(), ADMIN)

    assert recorded_since(app, position) == [(H_T, "Published")]
    assert new_events(app, H_T, 0)[0].terms == a_plan().as_dict()
    assert (result.aggregate_id, result.version) == (H_T, 1)
    assert (app.get_plan("harassment", "H-T").terms, app.get_plan("harassment", "H-T").terms_version) == (a_plan(), 1)


def test_publish_plan_lists_the_plans_in_the_order_first_published() -> None:
    app = an_app()
    app.publish_plan(a_cyber_physician_plan(), ADMIN)

    app.publish_plan(a_plan(), ADMIN)

    assert [(p.terms.product, p.terms.code) for p in app.plans()] == [("cyber_physician", "CP-T"), ("harassment", "H-T")]


def test_publish_plan_that_exists_is_refused_with_plan_already_exists_and_saves_nothing() -> None:
    app = an_app()
    app.publish_plan(a_plan(), ADMIN)

    refused_in(app, lambda: app.publish_plan(a_plan(annual_premium_yen=20_000), ADMIN), PlanAlreadyExists,
               "plan_already_exists", "code")


def test_publish_plan_of_invalid_terms_is_invalid_naming_the_field_and_saves_nothing() -> None:
    app = an_app()

    refused_in(app, lambda: app.publish_plan(a_plan(coinsurance_percent=0), ADMIN), InvalidInput, "invalid_input",
               "coinsurance_percent")


def test_publish_plan_by_adjuster_is_refused_and_saves_nothing() -> None:
    app = an_app()

    refused_in(app, lambda: app.publish_plan(a_plan(), ADJUSTER), RoleNotAllowed, "role_not_allowed")


# =============================================================================================
# publish_plan_version
# =============================================================================================


def test_publish_plan_version_saves_version_published_and_makes_the_terms_current() -> None:
    app = an_app()
    app.publish_plan(a_plan(), ADMIN)
    newer = a_plan(annual_premium_yen=20_000)
    position = position_of(app)

    result = app.publish_plan_version("harassment", "H-T", newer, ADMIN)

    assert recorded_since(app, position) == [(H_T, "VersionPublished")]
    assert (result.version, app.get_plan("harassment", "H-T").terms, app.get_plan("harassment", "H-T").terms_version) == (
        2, newer, 2)


def test_publish_plan_version_leaves_an_issued_policy_on_its_own_terms() -> None:
    app = an_app()
    number = a_policy_in(app, a_plan())

    app.publish_plan_version("harassment", "H-T", a_plan(deductible_yen=50_000), ADMIN)

    policy = app.get_policy(number)
    assert (policy.terms.deductible_yen, policy.plan_version) == (10_000, 1)


@pytest.mark.parametrize(
    "terms",
    [a_plan(code="H-U"), a_cyber_physician_plan(code="H-T")],
    ids=["another_code", "another_product"],
)
def test_publish_plan_version_whose_terms_name_another_plan_is_invalid_naming_code_and_saves_nothing(terms: PlanTerms) -> None:
    app = an_app()
    app.publish_plan(a_plan(), ADMIN)
    app.publish_plan(a_plan(code="H-U"), ADMIN)

    error = refused_in(app, lambda: app.publish_plan_version("harassment", "H-T", terms, ADMIN), InvalidInput,
                       "invalid_input", "code")
    assert error.reason == "plan_mismatch"
    assert app.get_plan("harassment", "H-T").terms_version == 1


def test_publish_plan_version_of_an_unknown_plan_is_refused_with_plan_not_found_and_saves_nothing() -> None:
    app = an_app()

    refused_in(app, lambda: app.publish_plan_version("harassment", "H-T", a_plan(), ADMIN), PlanNotFound, "plan_not_found",
               "plan_code")


def test_publish_plan_version_of_invalid_terms_is_invalid_naming_the_field_and_saves_nothing() -> None:
    app = an_app()
    app.publish_plan(a_plan(), ADMIN)

    refused_in(app, lambda: app.publish_plan_version("harassment", "H-T", a_plan(deductible_yen=-1), ADMIN), InvalidInput,
               "invalid_input", "deductible_yen")


def test_publish_plan_version_by_adjuster_is_refused_and_saves_nothing() -> None:
    app = an_app()
    app.publish_plan(a_plan(), ADMIN)

    refused_in(app, lambda: app.publish_plan_version("harassment", "H-T", a_plan(annual_premium_yen=1), ADJUSTER),
               RoleNotAllowed, "role_not_allowed")
