"""Benchmark: commands through the application on PostgreSQL, beside raw inserts on the same
server in the same run. Prints figures; asserts nothing about speed (machines are shared).
Run with `make bench`."""

from __future__ import annotations

import statistics
import time
import uuid

import psycopg

from domain.application import utc_now
from domain.harassment.report import ConsultationInput
from domain.harassment.vocabulary import Channel
from tests.builders import LIVE_CONCIERGE, a_live_report

N = 300


def _percentiles(samples: list[float]) -> str:
    qs = statistics.quantiles(samples, n=100)
    return f"p50 {qs[49] * 1000:.2f} ms · p95 {qs[94] * 1000:.2f} ms · p99 {qs[98] * 1000:.2f} ms"


def _raw_inserts(conninfo: str) -> tuple[float, list[float]]:
    """One committed INSERT per write into an ordinary (logged) table: what a write costs here."""
    latencies = []
    table = f"bench_raw_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE {table} (id uuid PRIMARY KEY, version int, topic text, state bytea)")
        try:
            start = time.perf_counter()
            for _ in range(N):
                t = time.perf_counter()
                conn.execute(f"INSERT INTO {table} VALUES (%s, 1, 'x', %s)", (uuid.uuid4(), b"{}" * 200))
                latencies.append(time.perf_counter() - t)
            return time.perf_counter() - start, latencies
        finally:
            conn.execute(f"DROP TABLE {table}")


def test_benchmark_report_and_consult(claims_app, database):
    raw_total, raw_lat = _raw_inserts(database.conninfo)
    latencies = []
    start = time.perf_counter()
    for _ in range(N // 2):
        t = time.perf_counter()
        case_id = claims_app.report_case(a_live_report(), LIVE_CONCIERGE).aggregate_id
        latencies.append(time.perf_counter() - t)
        t = time.perf_counter()
        claims_app.log_consultation(case_id, ConsultationInput(utc_now(), Channel.PHONE, 5, "院長", "q", "a"), LIVE_CONCIERGE)
        latencies.append(time.perf_counter() - t)
    total = time.perf_counter() - start
    print(f"\n[{database.params.get('host', '?')}] baseline raw INSERT: {N / raw_total:,.0f}/s · {_percentiles(raw_lat)}")
    print(f"[{database.params.get('host', '?')}] commands (report, consult): {N / total:,.0f}/s · {_percentiles(latencies)}")
    assert len(latencies) == N
