"""A record as it stood at an instant is the replay of the events recorded up to that instant."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

import pytest

from domain.kernel.errors import CaseNotFound, InvalidInput
from domain.kernel.history import state_of
from tests.builders import a_harassment_policy_in_force
from tests.integration.workload import SENIOR_ADJUSTER, a_case_with_counsel, bill, settle


def replay(events):
    aggregate = None
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def test_a_case_as_of_each_of_its_versions_equals_replaying_its_first_n_events(claims_app):
    policy = a_harassment_policy_in_force(claims_app)
    case_id = a_case_with_counsel(claims_app, policy, consultations=2)
    bill(claims_app, case_id, 330_000)
    claims_app.approve_payment(case_id, SENIOR_ADJUSTER)
    settle(claims_app, case_id, 1)
    events = claims_app.case_history(case_id)
    assert len(events) == 8
    for n, event in enumerate(events, 1):
        as_of = claims_app.get_case(case_id, as_of=event.timestamp)
        assert as_of.version == n
        assert state_of(as_of) == state_of(replay(events[:n]))
    for n, (event, following) in enumerate(pairwise(events), 1):
        between = event.timestamp + (following.timestamp - event.timestamp) / 2
        if event.timestamp < between < following.timestamp:  # an instant between two recordings
            assert claims_app.get_case(case_id, as_of=between).version == n


def test_as_of_before_the_first_event_is_not_found_and_a_naive_instant_is_refused(claims_app):
    policy = a_harassment_policy_in_force(claims_app)
    case_id = a_case_with_counsel(claims_app, policy)
    first = claims_app.case_history(case_id)[0].timestamp
    with pytest.raises(CaseNotFound):
        claims_app.get_case(case_id, as_of=first - timedelta(microseconds=1))
    with pytest.raises(InvalidInput) as refused:
        claims_app.get_case(case_id, as_of=first.replace(tzinfo=None))
    assert refused.value.field == "as_of"
