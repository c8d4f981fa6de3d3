"""Benchmark: how fast the read models follow the log, beside raw inserts measured in the same
run on the same server. Prints figures: the rebuild rate of each read model, and the lag of the
live projections while commands are written as fast as one writer can. Asserts no timings."""

from __future__ import annotations

import statistics
import threading
import time

from projections.rebuild import rebuild
from projections.registry import READ_MODELS
from projections.runner import ProjectionHost
from tests.benchmarks.test_command_throughput import _percentiles, _raw_inserts
from tests.integration.conftest import own_app, own_database  # noqa: F401 — fixtures
from tests.integration.test_read_models import head, position, wait_until_caught_up
from tests.integration.workload import busy_history

N = 300


def test_benchmark_rebuild_rate_and_live_lag(own_database, own_app):  # noqa: F811
    raw_total, raw_lat = _raw_inserts(own_database.conninfo)
    label = f"[{own_database.params.get('host', '?')}]"
    print(f"\n{label} baseline raw INSERT: {N / raw_total:,.0f}/s · {_percentiles(raw_lat)}")

    host = ProjectionHost(list(READ_MODELS.values()), own_database).start()  # as the service runs them
    lags: dict[str, list[int]] = {name: [] for name in READ_MODELS}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.01):
            now = head(own_database)
            for model in READ_MODELS.values():
                lags[model.name].append(max(now - position(own_database, model), 0))

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    busy_history(own_app, cases=120)
    written = time.perf_counter() - started
    wait_until_caught_up(own_database, list(READ_MODELS.values()))
    caught_up = time.perf_counter() - started
    done.set()
    sampler.join()
    host.stop()
    events = head(own_database)
    print(f"{label} live: {events} events written in {written:.2f}s ({events / written:,.0f}/s); "
          f"all the read models caught up {caught_up - written:.2f}s after the last write")
    for name, samples in lags.items():
        qs = statistics.quantiles(samples, n=100, method="inclusive") if len(samples) > 1 else [0] * 99
        print(f"{label}   lag of {name:<18} p50 {qs[49]:.0f} · p99 {qs[98]:.0f} · max {max(samples, default=0)} events")
    for model in READ_MODELS.values():
        report = rebuild(model, own_database)
        print(f"{label} rebuild {model.name:<18} {report.events} events in {report.seconds:.2f}s "
              f"= {report.events_per_second:,.0f} events/s")
