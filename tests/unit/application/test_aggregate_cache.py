"""The application's aggregate cache (in memory here; the service uses it the same way): every
caller gets its own copy, brought up to date with the events saved since, copied while the
cached aggregate is held; a cached aggregate that fails to come up to date leaves the cache."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from domain.application import ClaimsApplication
from domain.application.machinery import CachingRepository
from tests.builders import CONCIERGE, IN_MEMORY, NOW, a_case_in, a_consultation, a_policy_in

CACHED = {**IN_MEMORY, "AGGREGATE_CACHE_MAXSIZE": "100", "AGGREGATE_CACHE_FASTFORWARD": "y"}


def an_app_with_a_cache() -> ClaimsApplication:
    return ClaimsApplication(env=CACHED, clock=lambda: NOW)


def test_each_caller_gets_its_own_copy_of_the_cached_case():
    app = an_app_with_a_cache()
    case_id = a_case_in(app, a_policy_in(app))
    assert isinstance(app.repository, CachingRepository) and app.repository.cache is not None

    first, second = app.get_case(case_id), app.get_case(case_id)
    assert first is not second and first.consultations is not second.consultations
    first.log_consultation(consultation=a_consultation(), actor=CONCIERGE, now=NOW)  # a command's copy, not saved

    assert len(first.consultations) == 1
    assert app.get_case(case_id).consultations == [] and app.get_case(case_id).version == second.version


def test_a_cached_case_is_brought_up_to_date_with_what_was_saved_since():
    app = an_app_with_a_cache()
    case_id = a_case_in(app, a_policy_in(app))
    before = app.get_case(case_id)  # now cached
    for _ in range(3):
        app.log_consultation(case_id, a_consultation(), CONCIERGE)

    after = app.get_case(case_id)
    assert after.version == before.version + 3 and [c.number for c in after.consultations] == [1, 2, 3]


def test_a_cached_case_that_fails_to_come_up_to_date_leaves_the_cache(monkeypatch: pytest.MonkeyPatch):
    app = an_app_with_a_cache()
    case_id = a_case_in(app, a_policy_in(app))
    app.get_case(case_id)
    app.log_consultation(case_id, a_consultation(), CONCIERGE)
    app.log_consultation(case_id, a_consultation(), CONCIERGE)
    store, real_get = app.repository.event_store, app.repository.event_store.get

    def one_event_then_a_failure(*args: Any, **kwargs: Any) -> Any:
        yield next(iter(real_get(*args, **kwargs)))
        raise OSError("the database went away mid-read")

    monkeypatch.setattr(store, "get", one_event_then_a_failure)
    with pytest.raises(OSError):
        app.get_case(case_id)
    with pytest.raises(KeyError):
        app.repository.cache.get(case_id)  # dropped, not kept half brought up to date
    monkeypatch.setattr(store, "get", real_get)
    assert [c.number for c in app.get_case(case_id).consultations] == [1, 2]


def test_copies_taken_while_others_write_are_never_torn():
    """Readers copy the cached case while writers save consultations on it: every copy's records
    match its version (one consultation per event after the report)."""
    app = an_app_with_a_cache()
    case_id = a_case_in(app, a_policy_in(app))
    reported_version = app.get_case(case_id).version
    torn: list[tuple[int, int]] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            case = app.get_case(case_id)
            if len(case.consultations) != case.version - reported_version:
                torn.append((case.version, len(case.consultations)))

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    try:
        for _ in range(200):
            app.log_consultation(case_id, a_consultation(), CONCIERGE)
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert torn == []
    assert len(app.get_case(case_id).consultations) == 200
