"""Benchmark: a case with 10,000 events — loading it, and a command on it — and a policy charged
by 5,000 payments (a busy year), with the aggregate cache cold (a process that has not seen it:
every event replayed) and warm (the cached aggregate, brought up to date with only the events saved
since), beside raw inserts and a primary-key read measured in the same run on the same server.
Prints figures; asserts only what was recorded."""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime, timedelta

import psycopg

from domain.application import ClaimsApplication, utc_now
from domain.harassment.report import ConsultationInput
from domain.harassment.vocabulary import Channel
from tests.benchmarks.test_command_throughput import _percentiles, _raw_inserts
from tests.builders import LIVE_CONCIERGE, a_harassment_policy_in_force, a_live_report, an_incident_time_within
from tests.integration.conftest import own_app, own_database  # noqa: F401 — fixtures

EVENTS = 10_000
ROUNDS = 20
CHUNK = 500  # events a save: one save of 10,000 stalled psycopg's pipeline on the embedded server's socket


def _ms(samples: list[float]) -> str:
    qs = statistics.quantiles(samples, n=20, method="inclusive")
    return f"p50 {statistics.median(samples) * 1000:.2f} ms · p95 {qs[18] * 1000:.2f} ms"


def test_benchmark_a_case_of_ten_thousand_events(own_database, own_app):  # noqa: F811
    label = f"[{own_database.params.get('host', '?')}]"
    raw_total, raw_lat = _raw_inserts(own_database.conninfo)
    print(f"\n{label} baseline raw INSERT: {300 / raw_total:,.0f}/s · {_percentiles(raw_lat)}")
    policy = a_harassment_policy_in_force(own_app)
    report = a_live_report(policy_ref=policy.policy_number, occurred_at=an_incident_time_within(policy))
    case_id = own_app.report_case(report, LIVE_CONCIERGE).aggregate_id
    start = datetime.now(UTC) - timedelta(days=30)
    for first in range(0, EVENTS - 1, CHUNK):  # straight through the event method, CHUNK events a save
        case = own_app.get_case(case_id)
        for n in range(first, min(first + CHUNK, EVENTS - 1)):
            case._consultation_logged(number=n + 1, held_at=start + timedelta(minutes=n), channel="phone",
                                      duration_minutes=5, caller="院長", question="q", advice="a",
                                      actor_id=LIVE_CONCIERGE.user_id, actor_role="concierge")
        own_app.save(case)
    assert own_app.get_case(case_id).version == EVENTS

    with psycopg.connect(own_database.conninfo) as conn:
        reads = []
        for _ in range(ROUNDS):
            t = time.perf_counter()
            conn.execute("SELECT * FROM claims_events WHERE originator_id = %s AND originator_version = 1",
                         (case_id,)).fetchone()
            reads.append(time.perf_counter() - t)
    print(f"{label} baseline primary-key read of one event: {_ms(reads)}")

    cold, warm, commands_cold, commands_warm = [], [], [], []
    env = own_database.eventsourcing_env(pool_size=1, max_overflow=1)
    for _ in range(3):  # a process that has not seen the case: it replays all of it
        fresh = ClaimsApplication(env=env)
        try:
            t = time.perf_counter()
            fresh.get_case(case_id)
            cold.append(time.perf_counter() - t)
        finally:
            fresh.close()
    fresh = ClaimsApplication(env=env)
    try:
        t = time.perf_counter()
        fresh.log_consultation(case_id, ConsultationInput(utc_now(), Channel.PHONE, 5, "院長", "q", "a"), LIVE_CONCIERGE)
        commands_cold.append(time.perf_counter() - t)
    finally:
        fresh.close()
    for _ in range(ROUNDS):
        t = time.perf_counter()
        own_app.get_case(case_id)
        warm.append(time.perf_counter() - t)
        t = time.perf_counter()
        own_app.log_consultation(case_id, ConsultationInput(utc_now(), Channel.PHONE, 5, "院長", "q", "a"),
                                 LIVE_CONCIERGE)
        commands_warm.append(time.perf_counter() - t)
    print(f"{label} load a case of {EVENTS:,} events, cache cold (replayed): "
          f"{statistics.median(cold) * 1000:.1f} ms (median of {len(cold)})")
    print(f"{label} load it, cache warm (fast-forwarded, copied with its records shared): {_ms(warm)}")
    print(f"{label} log a consultation on it: cold {commands_cold[0] * 1000:.1f} ms · warm {_ms(commands_warm)}")
    assert own_app.get_case(case_id).version == EVENTS + 1 + ROUNDS


PAYMENTS = 5_000


def test_benchmark_a_policy_charged_by_every_payment_of_a_busy_year(own_database, own_app):  # noqa: F811
    """Each payment charges the policy (limits per claim and per year): a year of 5,000 payments
    on one policy, loaded cold and warm, and a payment quote (what a payment screen asks)."""
    label = f"[{own_database.params.get('host', '?')}]"
    raw_total, raw_lat = _raw_inserts(own_database.conninfo)
    print(f"\n{label} baseline raw INSERT: {300 / raw_total:,.0f}/s · {_percentiles(raw_lat)}")
    policy = a_harassment_policy_in_force(own_app)
    for first in range(0, PAYMENTS, CHUNK):  # straight through the event method, CHUNK charges a save
        loaded = own_app.get_policy(policy.policy_number)
        for n in range(first, min(first + CHUNK, PAYMENTS)):
            loaded._charged(claim_id=f"claim-{n}", payment_number=1, amount_yen=1, head=None,
                            actor_id="adjuster-bench", actor_role="adjuster")
        own_app.save(loaded)
    env = own_database.eventsourcing_env(pool_size=1, max_overflow=1)
    cold = []
    for _ in range(3):
        fresh = ClaimsApplication(env=env)
        try:
            t = time.perf_counter()
            fresh.get_policy(policy.policy_number)
            cold.append(time.perf_counter() - t)
        finally:
            fresh.close()
    warm = []
    for _ in range(ROUNDS):
        t = time.perf_counter()
        loaded = own_app.get_policy(policy.policy_number)
        warm.append(time.perf_counter() - t)
    print(f"{label} load a policy charged by {PAYMENTS:,} payments, cache cold: "
          f"{statistics.median(cold) * 1000:.1f} ms (median of {len(cold)}) · warm: {_ms(warm)}")
    assert len(loaded.paid_by_claim) == PAYMENTS and loaded.remaining_for_year == loaded.terms.limit_per_year_yen - PAYMENTS
