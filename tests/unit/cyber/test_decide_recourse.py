"""CyberIncident.decide_recourse: whether the insurer pursues or waives recourse (求償) against the
insured — e.g. waived when the physician's hospital's own cover paid —, with the reason.
Given / When / Then, one behaviour each."""

from __future__ import annotations

import pytest

from domain.cyber.vocabulary import RecourseDecision
from domain.kernel.actors import Actor
from domain.kernel.errors import CaseClosed, RoleNotAllowed
from tests.builders import (
    ADJUSTER,
    NOT_ADJUSTER,
    a_closed_incident,
    an_incident,
    an_incident_with_costs,
    event_names,
    invalid,
    only_event,
    refused,
    role_id,
)

WAIVED_BECAUSE = "病院の保険で支払済み、勤務医に求償しない"


def test_decide_recourse_waived_records_recourse_decided_event_with_the_reason() -> None:
    incident = an_incident_with_costs()

    incident.decide_recourse(decision=RecourseDecision.WAIVED, reason=WAIVED_BECAUSE, actor=ADJUSTER)

    event = only_event(incident, "RecourseDecided")
    assert (event.decision, event.reason) == ("waived", WAIVED_BECAUSE)
    assert (event.actor_id, event.actor_role) == ("adjuster-1", "adjuster")


@pytest.mark.parametrize("decision", list(RecourseDecision), ids=str)
def test_decide_recourse_keeps_the_decision_and_its_reason_on_the_incident(decision: RecourseDecision) -> None:
    incident = an_incident()

    incident.decide_recourse(decision=decision, reason=" 理由 ", actor=ADJUSTER)

    assert (incident.recourse, incident.recourse_reason) == (decision.value, "理由")


def test_decide_recourse_again_replaces_the_earlier_decision() -> None:
    incident = an_incident()
    incident.decide_recourse(decision=RecourseDecision.PURSUED, reason="過失が重大", actor=ADJUSTER)
    incident.collect_events()

    incident.decide_recourse(decision=RecourseDecision.WAIVED, reason=WAIVED_BECAUSE, actor=ADJUSTER)

    assert event_names(incident.collect_events()) == ["RecourseDecided"]
    assert (incident.recourse, incident.recourse_reason) == ("waived", WAIVED_BECAUSE)


def test_decide_recourse_changes_no_basis_and_no_stage() -> None:
    incident = an_incident_with_costs()
    before = (incident.basis_yen("expenses"), incident.stage)

    incident.decide_recourse(decision=RecourseDecision.WAIVED, reason=WAIVED_BECAUSE, actor=ADJUSTER)

    assert (incident.basis_yen("expenses"), incident.stage) == before


@pytest.mark.parametrize("actor", NOT_ADJUSTER, ids=role_id)
def test_decide_recourse_by_non_adjuster_is_refused_with_role_not_allowed(actor: Actor) -> None:
    incident = an_incident()

    refused(lambda: incident.decide_recourse(decision=RecourseDecision.WAIVED, reason="x", actor=actor),
            RoleNotAllowed, "role_not_allowed")
    assert incident.recourse is None


def test_decide_recourse_with_empty_reason_is_invalid_naming_reason() -> None:
    incident = an_incident()

    invalid(lambda: incident.decide_recourse(decision=RecourseDecision.WAIVED, reason=" ", actor=ADJUSTER), "reason")
    assert incident.collect_events() == []


def test_decide_recourse_of_an_unknown_decision_is_invalid_naming_decision() -> None:
    incident = an_incident()

    invalid(lambda: incident.decide_recourse(decision="postponed", reason="x", actor=ADJUSTER), "decision")  # type: ignore[arg-type]


def test_decide_recourse_on_a_closed_incident_is_refused_with_case_closed() -> None:
    incident = a_closed_incident()

    refused(lambda: incident.decide_recourse(decision=RecourseDecision.WAIVED, reason=WAIVED_BECAUSE, actor=ADJUSTER),
            CaseClosed, "case_is_closed", "status")
    assert incident.collect_events() == []
