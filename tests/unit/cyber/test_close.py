"""CyberIncident.close: an adjuster closes an incident, with a reason, once every payment is
settled; nothing is owed on a closed incident. Given / When / Then, one behaviour each."""

from __future__ import annotations

import pytest

from domain.kernel.actors import Actor
from domain.kernel.errors import CaseClosed, RoleNotAllowed, UnsettledPayments
from tests.builders import (
    ADJUSTER,
    NOT_ADJUSTER,
    NOW,
    a_closed_incident,
    a_cost,
    a_not_covered_incident,
    an_incident,
    an_incident_with_approved_payment,
    an_incident_with_costs,
    an_incident_with_settled_payment,
    invalid,
    only_event,
    refused,
    role_id,
)


def test_close_by_adjuster_records_closed_event() -> None:
    incident = an_incident()

    incident.close(reason="調査の結果、漏えいなし", actor=ADJUSTER, now=NOW)

    event = only_event(incident, "Closed")
    assert event.reason == "調査の結果、漏えいなし"
    assert (event.actor_id, event.actor_role) == ("adjuster-1", "adjuster")


def test_close_marks_the_incident_closed_with_its_reason() -> None:
    incident = an_incident()

    incident.close(reason="調査の結果、漏えいなし", actor=ADJUSTER, now=NOW)

    assert (incident.status, incident.stage, incident.close_reason) == ("closed", "closed", "調査の結果、漏えいなし")


def test_close_with_every_payment_settled_is_accepted() -> None:
    incident = an_incident_with_settled_payment()

    incident.close(reason="支払完了", actor=ADJUSTER, now=NOW)

    assert incident.status == "closed"


def test_close_with_costs_not_yet_paid_leaves_nothing_owed() -> None:
    incident = an_incident_with_costs(a_cost(amount_yen=500_000))

    incident.close(reason="被保険者が請求を取り下げ", actor=ADJUSTER, now=NOW)

    assert incident.owed_now_yen("expenses") == 0


def test_close_of_a_not_covered_incident_is_accepted() -> None:
    incident = a_not_covered_incident()

    incident.close(reason="補償対象外の旨を説明", actor=ADJUSTER, now=NOW)

    assert incident.status == "closed"


def test_close_with_an_unsettled_payment_is_refused_with_unsettled_payments() -> None:
    incident = an_incident_with_approved_payment()

    error = refused(lambda: incident.close(reason="解決", actor=ADJUSTER, now=NOW),
        UnsettledPayments, "unsettled_payments", "payments")
    assert error.params["numbers"] == "1"
    assert (incident.collect_events(), incident.status) == ([], "open")


def test_close_already_closed_incident_is_refused_with_case_closed() -> None:
    incident = a_closed_incident()

    refused(lambda: incident.close(reason="再度", actor=ADJUSTER, now=NOW), CaseClosed, "case_is_closed", "status")


@pytest.mark.parametrize("actor", NOT_ADJUSTER, ids=role_id)
def test_close_by_non_adjuster_is_refused_with_role_not_allowed(actor: Actor) -> None:
    incident = an_incident()

    refused(lambda: incident.close(reason="解決", actor=actor, now=NOW), RoleNotAllowed, "role_not_allowed")
    assert incident.status == "open"


def test_close_with_empty_reason_is_invalid_naming_reason() -> None:
    incident = an_incident()

    invalid(lambda: incident.close(reason=" ", actor=ADJUSTER, now=NOW), "reason")
    assert incident.collect_events() == []
