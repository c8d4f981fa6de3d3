"""CyberIncident.reopen: an adjuster reopens a closed incident, with a reason; what it held stays.
Given / When / Then, one behaviour each."""

from __future__ import annotations

import pytest

from domain.cyber.vocabulary import HeadOfLoss
from domain.kernel.actors import Actor
from domain.kernel.errors import CaseNotClosed, RoleNotAllowed
from tests.builders import (
    ADJUSTER,
    NOT_ADJUSTER,
    NOW,
    a_closed_incident,
    a_cost,
    a_cyber_policy,
    an_incident,
    an_incident_with_costs,
    event_names,
    invalid,
    only_event,
    refused,
    role_id,
)


def test_reopen_by_adjuster_records_reopened_event() -> None:
    incident = a_closed_incident()

    incident.reopen(reason="同じ攻撃者による再侵入", actor=ADJUSTER)

    event = only_event(incident, "Reopened")
    assert event.reason == "同じ攻撃者による再侵入"
    assert (event.actor_id, event.actor_role) == ("adjuster-1", "adjuster")


def test_reopen_marks_the_incident_open_again() -> None:
    incident = a_closed_incident()

    incident.reopen(reason="同じ攻撃者による再侵入", actor=ADJUSTER)

    assert (incident.status, incident.stage) == ("open", "notice_of_circumstances")


def test_reopen_of_a_closed_incident_lets_it_take_costs_again() -> None:
    incident = a_closed_incident()
    incident.reopen(reason="追加の費用", actor=ADJUSTER)
    incident.collect_events()

    incident.record_cost(a_cost(amount_yen=120_000), actor=ADJUSTER, now=NOW)

    assert event_names(incident.collect_events()) == ["CostRecorded"]
    assert incident.stage == "costs_awaiting_decision"


def test_reopen_keeps_the_costs_so_they_are_payable() -> None:
    incident = an_incident_with_costs(a_cost(amount_yen=150_000))
    incident.close(reason="取り下げ", actor=ADJUSTER, now=NOW)

    incident.reopen(reason="請求再開", actor=ADJUSTER)

    assert incident.owed_now_yen("expenses") == 100_000
    assert incident.quote_payment(a_cyber_policy(), HeadOfLoss.EXPENSES).payable_yen == 100_000


@pytest.mark.parametrize("actor", NOT_ADJUSTER, ids=role_id)
def test_reopen_by_non_adjuster_is_refused_with_role_not_allowed(actor: Actor) -> None:
    incident = a_closed_incident()

    refused(lambda: incident.reopen(reason="再開", actor=actor), RoleNotAllowed, "role_not_allowed")
    assert incident.status == "closed"


def test_reopen_of_an_open_incident_is_refused_with_case_not_closed() -> None:
    incident = an_incident()

    refused(lambda: incident.reopen(reason="再開", actor=ADJUSTER), CaseNotClosed, "case_is_not_closed", "status")
    assert incident.collect_events() == []


def test_reopen_with_empty_reason_is_invalid_naming_reason() -> None:
    incident = a_closed_incident()

    invalid(lambda: incident.reopen(reason="", actor=ADJUSTER), "reason")
    assert incident.status == "closed"
