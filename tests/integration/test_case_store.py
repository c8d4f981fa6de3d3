"""The application on PostgreSQL: round trip, concurrent commands, idempotency in the same transaction."""

from __future__ import annotations

import threading
import uuid

import pytest

from domain.application import Idempotency, utc_now
from domain.harassment.case import ConsentInput
from domain.harassment.errors import EscalationNotAwaitingConsent
from domain.harassment.invoices import InvoiceInput
from domain.harassment.report import ConsultationInput
from domain.kernel.errors import IdempotencyKeyReused, VersionMismatch
from domain.kernel.payments import SettlementInput
from tests.builders import (
    LIVE_ADJUSTER,
    LIVE_CONCIERGE,
    a_harassment_policy_in_force,
    a_live_report,
    an_incident_time_within,
    today_in_japan,
    worked_example_lines,
)


@pytest.fixture(scope="module")
def policy(claims_app):
    return a_harassment_policy_in_force(claims_app)


@pytest.fixture
def report(policy):
    return a_live_report(policy_ref=policy.policy_number, occurred_at=an_incident_time_within(policy))


def _reported(app, report):
    return app.report_case(report, LIVE_CONCIERGE).aggregate_id


def _awaiting_consent(app, report):
    case_id = _reported(app, report)
    app.recommend_escalation(case_id, "解決困難", LIVE_CONCIERGE)
    return case_id


def _consent() -> ConsentInput:
    return ConsentInput("C-1", today_in_japan(), "佐藤", "佐藤法律事務所")


def test_case_round_trip_from_report_to_close_reloads_identically(claims_app, report):
    case_id = _awaiting_consent(claims_app, report)
    today = today_in_japan()
    results = [
        claims_app.approve_escalation(case_id, _consent(), LIVE_ADJUSTER),
        claims_app.record_invoice(case_id, InvoiceInput("INV-1", today, tuple(worked_example_lines(today))), LIVE_ADJUSTER),
        claims_app.approve_payment(case_id, LIVE_ADJUSTER),
        claims_app.settle_payment(case_id, SettlementInput(1, today, "FB-1"), LIVE_ADJUSTER),
        claims_app.close_case(case_id, "解決", LIVE_ADJUSTER),
    ]
    case = claims_app.get_case(case_id)
    assert case.version == 7 and results[-1].version == 7
    assert case.status == "closed" and case.settled_yen == 288_000 and case.excluded_fees_yen == 20_000
    assert [r.position for r in results] == sorted(r.position for r in results)


def _race(app, commands):
    """Each command loads the case, then all meet at a barrier (the application's clock is read
    between loading and deciding), then all save: a true conflict."""
    barrier = threading.Barrier(len(commands))
    waited = threading.local()
    outcomes: list[object] = []

    def clock():
        if not getattr(waited, "once", False):
            waited.once = True
            barrier.wait(timeout=10)
        return utc_now()

    def run(command):
        try:
            outcomes.append(command())
        except Exception as error:
            outcomes.append(error)

    own, app.clock = app.clock, clock
    try:
        threads = [threading.Thread(target=run, args=(c,)) for c in commands]
        [t.start() for t in threads]
        [t.join() for t in threads]
    finally:
        app.clock = own
    return outcomes


def test_two_adjusters_consenting_at_once_one_wins_the_other_is_refused(claims_app, report):
    case_id = _awaiting_consent(claims_app, report)
    approve = lambda: claims_app.approve_escalation(case_id, _consent(), LIVE_ADJUSTER)  # noqa: E731
    outcomes = _race(claims_app, [approve, approve])
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], EscalationNotAwaitingConsent)
    events = claims_app.case_history(case_id)
    assert [type(e).__name__ for e in events] == ["Reported", "EscalationRecommended", "EscalationApproved"]


def test_two_consultations_logged_at_once_are_both_kept_in_order(claims_app, report):
    case_id = _reported(claims_app, report)
    consultation = ConsultationInput(utc_now(), report.channel, 10, "院長", "q", "a")
    consult = lambda: claims_app.log_consultation(case_id, consultation, LIVE_CONCIERGE)  # noqa: E731

    outcomes = _race(claims_app, [consult, consult])
    assert not [o for o in outcomes if isinstance(o, Exception)]
    case = claims_app.get_case(case_id)
    assert [c.number for c in case.consultations] == [1, 2] and case.version == 3


def test_conflicting_commands_with_if_match_leave_one_stale(claims_app, report):
    case_id = _awaiting_consent(claims_app, report)
    approve = lambda: claims_app.approve_escalation(case_id, _consent(), LIVE_ADJUSTER, expected_version=2)  # noqa: E731
    decline = lambda: claims_app.decline_escalation(case_id, "不要", LIVE_ADJUSTER, expected_version=2)  # noqa: E731
    outcomes = _race(claims_app, [approve, decline])
    assert sum(isinstance(o, VersionMismatch) for o in outcomes) == 1
    assert len(claims_app.case_history(case_id)) == 3


def test_replayed_idempotency_key_is_refused_in_the_transaction_and_records_nothing(claims_app, report):
    key = Idempotency("concierge-it", f"k-{uuid.uuid4()}", "fp")
    first = claims_app.report_case(report, LIVE_CONCIERGE, idempotency=key)
    head = claims_app.recorder.max_notification_id()
    with pytest.raises(IdempotencyKeyReused):
        claims_app.report_case(report, LIVE_CONCIERGE, idempotency=key)
    assert claims_app.recorder.max_notification_id() == head
    assert claims_app.get_case(first.aggregate_id).version == 1
