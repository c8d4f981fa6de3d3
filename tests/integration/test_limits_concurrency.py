"""Payment limits hold under concurrency: many adjusters approving payments on cases of one
policy at the same moment can never together exceed the policy's yearly limit."""

from __future__ import annotations

import threading
import uuid

import pytest

from domain.harassment.case import ConsentInput
from domain.harassment.invoices import InvoiceInput
from domain.kernel.errors import LimitExhausted
from tests.builders import (
    LIVE_ADJUSTER,
    LIVE_CONCIERGE,
    a_live_report,
    an_incident_time_within,
    today_in_japan,
    worked_example_lines,
)
from tests.integration.workload import a_policy_with_limits

YEARLY_LIMIT = 1_000_000
CASES = 8  # each owes ¥288,000 (the worked example): 3 paid whole, 1 gets the ¥136,000 left, 4 refused


@pytest.fixture
def small_policy(claims_app):
    return a_policy_with_limits(claims_app, per_claim=YEARLY_LIMIT, per_year=YEARLY_LIMIT)


def _case_with_worked_example_bill(app, policy):
    case_id = app.report_case(a_live_report(policy_ref=policy.policy_number, occurred_at=an_incident_time_within(policy)),
                              LIVE_CONCIERGE).aggregate_id
    today = today_in_japan()
    app.recommend_escalation(case_id, "困難", LIVE_CONCIERGE)
    app.approve_escalation(case_id, ConsentInput("C", today, "L", "F"), LIVE_ADJUSTER)
    app.record_invoice(case_id, InvoiceInput("INV-1", today, tuple(worked_example_lines(today))), LIVE_ADJUSTER)
    return case_id


def test_concurrent_approvals_on_one_policy_never_exceed_the_yearly_limit(claims_app, small_policy):
    case_ids = [_case_with_worked_example_bill(claims_app, small_policy) for _ in range(CASES)]
    barrier = threading.Barrier(CASES)
    outcomes: dict[uuid.UUID, object] = {}
    conflicts_before = claims_app.conflicts_retried

    def approve(case_id):
        barrier.wait(timeout=30)
        try:
            outcomes[case_id] = claims_app.approve_payment(case_id, LIVE_ADJUSTER)
        except Exception as error:
            outcomes[case_id] = error

    threads = [threading.Thread(target=approve, args=(c,)) for c in case_ids]
    [t.start() for t in threads]
    [t.join() for t in threads]

    cases = [claims_app.get_case(c) for c in case_ids]
    policy = claims_app.get_policy(small_policy.policy_number)
    approved = [c.approved_yen for c in cases if c.approved_yen]
    refusals = [o for o in outcomes.values() if isinstance(o, Exception)]
    print(f"\nattempts {CASES} · approvals {len(approved)} · refusals {len(refusals)} · "
          f"conflicts retried {claims_app.conflicts_retried - conflicts_before} · approved ¥{sum(approved):,}")
    assert sum(approved) == YEARLY_LIMIT == YEARLY_LIMIT - policy.remaining_for_year
    assert sorted(approved) == [136_000, 288_000, 288_000, 288_000]
    assert all(isinstance(r, LimitExhausted) for r in refusals) and len(refusals) == CASES - 4
    charged = [e for e in claims_app.events.get(policy.id) if type(e).__name__ == "PaymentCharged"]
    assert sorted(e.amount_yen for e in charged) == sorted(approved)  # nothing lost, nothing doubled
    assert sum(c.limit_exhausted for c in cases) == 1
