"""Property: for random histories of bills, payments and settlements, the coverage read model,
once caught up, shows exactly the limits the policy aggregate (the write model) has left."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.kernel.errors import TransitionRefused
from projections import coverage
from projections.registry import READ_MODELS
from projections.runner import SupervisedProjection
from tests.integration.test_read_models import head, position
from tests.integration.workload import SENIOR_ADJUSTER, a_case_with_counsel, a_policy_with_limits, bill, settle

COVERAGE = READ_MODELS["coverage"]
steps = st.lists(
    st.tuples(st.integers(0, 2), st.integers(1, 900_000), st.booleans()),  # (which case, bill in yen, settle it?)
    min_size=1, max_size=7,
)


def test_coverage_read_model_equals_the_policys_remaining_limits(own_database, own_app):
    from psycopg_pool import ConnectionPool

    runner = SupervisedProjection(COVERAGE, own_database, restart_delay=0.05).start()
    pool = ConnectionPool(own_database.conninfo, min_size=1, max_size=2, open=True)

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(per_claim=st.integers(50_000, 1_500_000), more_per_year=st.integers(0, 1_500_000), history=steps)
    def check(per_claim: int, more_per_year: int, history: list[tuple[int, int, bool]]) -> None:
        policy = a_policy_with_limits(own_app, per_claim, per_claim + more_per_year)  # a plan's year ≥ its claim
        cases = [a_case_with_counsel(own_app, policy, consultations=0) for _ in range(3)]
        for which, amount, settle_it in history:
            bill(own_app, cases[which], amount)
            try:
                own_app.approve_payment(cases[which], SENIOR_ADJUSTER)
            except TransitionRefused:  # a limit used up, or nothing owed yet under the deductible
                continue
            if settle_it:
                settle(own_app, cases[which], max(own_app.get_case(cases[which]).payments))
        target = head(own_database)
        deadline = time.monotonic() + 30
        while position(own_database, COVERAGE) < target:
            assert time.monotonic() < deadline, "the coverage read model did not catch up"
            time.sleep(0.01)

        written = own_app.get_policy(policy.policy_number)
        read = coverage.coverage_of(pool, policy.policy_number)
        assert read is not None
        assert read["remaining_for_year_yen"] == written.remaining_for_year
        assert read["approved_yen"] == sum(written.paid_by_claim.values())
        assert read["settled_yen"] == sum(own_app.get_case(c).settled_yen for c in cases)
        claims = {c["claim_id"]: c for c in read["claims"]}
        assert set(claims) == set(written.paid_by_claim)
        for claim_id, claim in claims.items():
            assert claim["approved_yen"] == written.paid_by_claim[claim_id]
            assert claim["remaining_for_claim_yen"] == written.remaining_for_claim(claim_id)

    try:
        check()
    finally:
        runner.stop()
        pool.close()
