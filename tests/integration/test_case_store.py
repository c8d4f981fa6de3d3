"""The application on PostgreSQL: round trip, concurrent commands, idempotency in the same transaction."""

from __future__ import annotations

import threading
import uuid

import pytest

from domain.application import Idempotency
from domain.clock import japan_date
from domain.errors import EscalationNotAwaitingConsent, IdempotencyKeyReused, VersionMismatch
from tests.builders import (
    ADJUSTER,
    CONCIERGE,
    a_harassment_policy_in_force,
    a_report,
    an_incident_time_within,
    worked_example_lines,
)


@pytest.fixture(scope="module")
def policy(claims_app):
    return a_harassment_policy_in_force(claims_app)


@pytest.fixture
def report(policy):
    return a_report(policy_ref=policy.policy_number, occurred_at=an_incident_time_within(policy))


def _reported(app, report):
    return app.report_case(report, CONCIERGE).aggregate_id


def _awaiting_consent(app, report):
    case_id = _reported(app, report)
    app.change_case(case_id, lambda case, now: case.recommend_escalation(reason="解決困難", actor=CONCIERGE, now=now))
    return case_id


def _approve(case, now):
    case.approve_escalation(consent_reference="C-1", consent_date=japan_date(now), lawyer_name="佐藤",
                            law_firm="佐藤法律事務所", actor=ADJUSTER, now=now)


def test_case_round_trip_from_report_to_close_reloads_identically(claims_app, report):
    case_id = _awaiting_consent(claims_app, report)
    steps = [
        _approve,
        lambda case, now: case.record_invoice(invoice_number="INV-1", invoice_date=japan_date(now),
                                              lines=worked_example_lines(japan_date(now)), actor=ADJUSTER, now=now),
        lambda case, now: case.settle_payment(payment_number=1, transfer_date=japan_date(now),
                                              bank_reference="FB-1", actor=ADJUSTER, now=now),
        lambda case, now: case.close(reason="解決", actor=ADJUSTER),
    ]
    results = [claims_app.change_case(case_id, step) for step in steps[:2]]
    results.append(claims_app.approve_payment(case_id, ADJUSTER))
    results += [claims_app.change_case(case_id, step) for step in steps[2:]]
    case = claims_app.get_case(case_id)
    assert case.version == 7 and results[-1].version == 7
    assert case.status == "closed" and case.settled_yen == 288_000 and case.excluded_fees_yen == 20_000
    assert [r.position for r in results] == sorted(r.position for r in results)


def _race(app, case_id, commands, expected_version=None):
    """Both commands load the case, then meet at a barrier, then both save: a true conflict."""
    barrier = threading.Barrier(len(commands))
    outcomes: list[object] = []

    def run(command):
        first_attempt = [True]

        def at_the_same_moment(case, now):
            if first_attempt[0]:
                first_attempt[0] = False
                barrier.wait(timeout=10)
            command(case, now)

        try:
            outcomes.append(app.change_case(case_id, at_the_same_moment, expected_version=expected_version))
        except Exception as error:
            outcomes.append(error)

    threads = [threading.Thread(target=run, args=(c,)) for c in commands]
    [t.start() for t in threads]
    [t.join() for t in threads]
    return outcomes


def test_two_adjusters_consenting_at_once_one_wins_the_other_is_refused(claims_app, report):
    case_id = _awaiting_consent(claims_app, report)
    outcomes = _race(claims_app, case_id, [_approve, _approve])
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], EscalationNotAwaitingConsent)
    events = claims_app.case_history(case_id)
    assert [type(e).__name__ for e in events] == ["Reported", "EscalationRecommended", "EscalationApproved"]


def test_two_consultations_logged_at_once_are_both_kept_in_order(claims_app, report):
    case_id = _reported(claims_app, report)

    def consult(case, now):
        case.log_consultation(held_at=now, channel=report.channel, duration_minutes=10, caller="院長",
                              question="q", advice="a", actor=CONCIERGE, now=now)

    outcomes = _race(claims_app, case_id, [consult, consult])
    assert not [o for o in outcomes if isinstance(o, Exception)]
    case = claims_app.get_case(case_id)
    assert [c.number for c in case.consultations] == [1, 2] and case.version == 3


def test_conflicting_commands_with_if_match_leave_one_stale(claims_app, report):
    case_id = _awaiting_consent(claims_app, report)
    decline = lambda case, now: case.decline_escalation(reason="不要", actor=ADJUSTER)  # noqa: E731
    outcomes = _race(claims_app, case_id, [_approve, decline], expected_version=2)
    assert sum(isinstance(o, VersionMismatch) for o in outcomes) == 1
    assert len(claims_app.case_history(case_id)) == 3


def test_replayed_idempotency_key_is_refused_in_the_transaction_and_records_nothing(claims_app, report):
    key = Idempotency("concierge-it", f"k-{uuid.uuid4()}", "fp")
    first = claims_app.report_case(report, CONCIERGE, idempotency=key)
    head = claims_app.recorder.max_notification_id()
    with pytest.raises(IdempotencyKeyReused):
        claims_app.report_case(report, CONCIERGE, idempotency=key)
    assert claims_app.recorder.max_notification_id() == head
    assert claims_app.get_case(first.aggregate_id).version == 1
