"""Benchmark: the audit search over a large log, for every filter the API offers, beside a
primary-key lookup and raw inserts measured in the same run on the same server.

`large_audit_log` builds a realistic audit log in the read model's own table in one INSERT …
SELECT on the server (generate_series: no Python loop, about a million rows a minute here):
cases, incidents and policies with a skewed number of events each, a few dozen people in five
roles, the event types in realistic proportions, spread over three fiscal years. It is the
audit search's own table that is filled, so the figures are those of `GET /audit/events` less
HTTP. Set CLAIMS_BENCH_AUDIT_ROWS to change the size (default 1,000,000). Prints p50/p95 per
filter; asserts only that each filter found what it asked for."""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from uuid import UUID

import psycopg
from psycopg_pool import ConnectionPool

from projections.audit_log import AuditFilter, search
from tests.benchmarks.test_command_throughput import _percentiles, _raw_inserts
from tests.integration.conftest import own_database  # noqa: F401 — fixture

ROWS = int(os.environ.get("CLAIMS_BENCH_AUDIT_ROWS", "1000000"))
QUERIES = 40  # per filter
PAGE = 50
START = datetime(2024, 4, 1, tzinfo=UTC)

# (aggregate type, event type, weight): consultations dominate, as they do in the real log.
EVENT_TYPES = [
    ("ClaimCase", "Reported", 8), ("ClaimCase", "ConsultationLogged", 40), ("ClaimCase", "EscalationRecommended", 3),
    ("ClaimCase", "EscalationApproved", 2), ("ClaimCase", "InvoiceRecorded", 3), ("ClaimCase", "PaymentApproved", 3),
    ("ClaimCase", "PaymentSettled", 3), ("ClaimCase", "NoteAdded", 8), ("ClaimCase", "ReserveSet", 2),
    ("ClaimCase", "Closed", 2), ("ClaimCase", "Reopened", 1), ("CyberIncident", "Reported", 1),
    ("CyberIncident", "CostRecorded", 2), ("CyberIncident", "PaymentApproved", 1), ("Policy", "Enrolled", 5),
    ("Policy", "PremiumReceived", 5), ("Policy", "Charged", 5), ("Policy", "Ended", 1), ("Activity", "Planned", 4),
    ("Activity", "Completed", 3), ("UserAccount", "SignedIn", 2),
]
ROLES = ["concierge", "adjuster", "auditor", "admin", "system"]
ACTORS = 60


def large_audit_log(conninfo: str, rows: int) -> None:
    weights = [w for _, _, w in EVENT_TYPES]
    cumulative = [sum(weights[: i + 1]) / sum(weights) for i in range(len(weights))]
    cases = " ".join(f"WHEN r < {c:.6f} THEN {i}" for i, c in enumerate(cumulative))
    types = "ARRAY[" + ", ".join(f"'{a}'" for a, _, _ in EVENT_TYPES) + "]"
    events = "ARRAY[" + ", ".join(f"'{e}'" for _, e, _ in EVENT_TYPES) + "]"
    roles = "ARRAY[" + ", ".join(f"'{r}'" for r in ROLES) + "]"
    seconds = int(timedelta(days=3 * 365).total_seconds())
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("SELECT setseed(0.42)")
        conn.execute(f"""
            INSERT INTO audit_log (position, recorded_at, happened_at, actor_id, actor_role, aggregate_type,
                                   aggregate_id, aggregate_version, event_type, description_en, description_ja)
            SELECT n, ts, ts, 'user-' || mod(n * 7919, {ACTORS}), ({roles})[1 + mod(mod(n * 7919, {ACTORS}), 5)],
                   ({types})[1 + k], md5('agg' || (n / 20 + mod(n * 31, 7)))::uuid, mod(n, 20) + 1, ({events})[1 + k],
                   'generated event ' || n, '生成した記録 ' || n
            FROM (SELECT n, %(start)s::timestamptz + (n::float8 / %(rows)s * {seconds}) * interval '1 second' AS ts,
                         (CASE {cases} ELSE 0 END) AS k
                  FROM (SELECT n, random() AS r FROM generate_series(1::bigint, %(rows)s) AS n) AS g) AS s
        """, {"start": START, "rows": rows})
        conn.execute("VACUUM ANALYZE audit_log")  # as autovacuum leaves a table that has settled


def _timed(pool: ConnectionPool, filters: list[AuditFilter]) -> tuple[list[float], int]:
    latencies, found = [], 0
    for where in filters:
        started = time.perf_counter()
        rows, _ = search(pool, where, PAGE, None)
        latencies.append(time.perf_counter() - started)
        found += len(rows)
    return latencies, found


def test_benchmark_audit_search_over_a_large_log(own_database):  # noqa: F811
    label = f"[{own_database.params.get('host', '?')}]"
    raw_total, raw_lat = _raw_inserts(own_database.conninfo)
    started = time.perf_counter()
    large_audit_log(own_database.conninfo, ROWS)
    built = time.perf_counter() - started
    print(f"\n{label} baseline raw INSERT: {300 / raw_total:,.0f}/s · {_percentiles(raw_lat)}")
    print(f"{label} built an audit log of {ROWS:,} rows in {built:.1f}s ({ROWS / built:,.0f} rows/s)")
    rng = random.Random(7)
    with psycopg.connect(own_database.conninfo) as conn:
        some_aggregates = [r[0] for r in conn.execute("SELECT aggregate_id FROM audit_log TABLESAMPLE SYSTEM (1)"
                                                      " LIMIT 500").fetchall()]
    with ConnectionPool(own_database.conninfo, min_size=1, max_size=2, open=True) as pool:
        lookups = []
        with pool.connection() as conn:
            for _ in range(QUERIES):
                t = time.perf_counter()
                conn.execute("SELECT * FROM audit_log WHERE position = %s", (rng.randint(1, ROWS),)).fetchone()
                lookups.append(time.perf_counter() - t)
        print(f"{label} baseline primary-key lookup: {_percentiles(lookups)}")

        def a_day() -> tuple[datetime, datetime]:
            day = START + timedelta(days=rng.randint(0, 3 * 365 - 2))
            return day, day + timedelta(days=1)

        def a_month() -> tuple[datetime, datetime]:
            day = START + timedelta(days=rng.randint(0, 3 * 365 - 32))
            return day, day + timedelta(days=31)

        def a_year() -> tuple[datetime, datetime]:
            day = START + timedelta(days=rng.randint(0, 2 * 365 - 1))
            return day, day + timedelta(days=365)

        rare = [e for _, e, w in EVENT_TYPES if w <= 2]
        filters: dict[str, list[AuditFilter]] = {
            "no filter (first page)": [AuditFilter() for _ in range(QUERIES)],
            "actor_id": [AuditFilter(actor_id=f"user-{rng.randrange(ACTORS)}") for _ in range(QUERIES)],
            "actor_role": [AuditFilter(actor_role=rng.choice(ROLES)) for _ in range(QUERIES)],
            "aggregate_type": [AuditFilter(aggregate_type=rng.choice(["ClaimCase", "CyberIncident", "Policy"]))
                               for _ in range(QUERIES)],
            "event_type (rare ones)": [AuditFilter(event_type=rng.choice(rare)) for _ in range(QUERIES)],
            "aggregate_type + event_type": [AuditFilter(aggregate_type=a, event_type=e)
                                            for a, e, _ in rng.choices(EVENT_TYPES, k=QUERIES)],
            "aggregate_id": [AuditFilter(aggregate_id=UUID(str(rng.choice(some_aggregates)))) for _ in range(QUERIES)],
            "recorded: one day": [AuditFilter(recorded_from=f, recorded_to=t) for f, t in (a_day() for _ in range(QUERIES))],
            "recorded: one month": [AuditFilter(recorded_from=f, recorded_to=t)
                                    for f, t in (a_month() for _ in range(QUERIES))],
            "recorded: one year": [AuditFilter(recorded_from=f, recorded_to=t) for f, t in (a_year() for _ in range(QUERIES))],
            "actor_id + one month": [AuditFilter(actor_id=f"user-{rng.randrange(ACTORS)}", recorded_from=f, recorded_to=t)
                                     for f, t in (a_month() for _ in range(QUERIES))],
            "event_type + one month": [AuditFilter(event_type=rng.choice(rare), recorded_from=f, recorded_to=t)
                                       for f, t in (a_month() for _ in range(QUERIES))],
        }
        for name, wheres in filters.items():
            latencies, found = _timed(pool, wheres)
            qs = statistics.quantiles(latencies, n=100, method="inclusive")
            print(f"{label} audit search {name:<28} p50 {qs[49] * 1000:7.2f} ms · p95 {qs[94] * 1000:7.2f} ms"
                  f" · {found / len(wheres):.0f} rows a page")
            assert found > 0, name  # each filter found what it asked for
