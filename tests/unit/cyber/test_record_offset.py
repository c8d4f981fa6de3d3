"""CyberIncident.record_offset: what another insurer paid (other insurance, e.g. the hospital's own
cyber cover) or what was recovered; it reduces the basis of its head of loss, never below zero.
Given / When / Then, one behaviour each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from domain.cyber.incident import CyberIncident
from domain.cyber.vocabulary import CostType, HeadOfLoss, OffsetKind
from domain.kernel.actors import Actor
from domain.kernel.errors import CaseClosed, DomainError, RoleNotAllowed
from tests.builders import (
    ADJUSTER,
    AUDITOR,
    NOT_ADJUSTER,
    NOW,
    TODAY,
    TOMORROW,
    a_closed_incident,
    a_cost,
    a_liability_cost,
    a_physician_notice,
    an_incident,
    an_incident_with_costs,
    an_offset,
    invalid,
    only_event,
    refused,
    role_id,
)


def record(incident: CyberIncident, actor: Actor = ADJUSTER, **offset_overrides: Any) -> None:
    incident.record_offset(an_offset(**offset_overrides), actor=actor, now=NOW)


def usb_stick_incident() -> CyberIncident:
    """The physician's lost USB stick: expenses of ¥560,000 (leak response, apology letters, a lawyer)."""
    return an_incident_with_costs(
        a_cost(cost_type=CostType.LEAK_RESPONSE, amount_yen=400_000),
        a_cost(cost_type=CostType.APOLOGY_LETTERS, amount_yen=200 * 300),
        a_cost(cost_type=CostType.LAWYER_CONSULTATION, amount_yen=100_000),
        notice=a_physician_notice(),
    )


def test_record_offset_by_adjuster_records_offset_recorded_event() -> None:
    incident = usb_stick_incident()

    record(incident, reference=" H-CYBER-77 ")

    event = only_event(incident, "OffsetRecorded")
    assert (event.kind, event.head, event.amount_yen) == ("other_insurance", "expenses", 300_000)
    assert (event.source, event.on, event.reference) == ("勤務先病院のサイバー保険", TODAY, "H-CYBER-77")
    assert (event.actor_id, event.actor_role) == ("adjuster-1", "adjuster")


def test_record_offset_of_other_insurance_reduces_the_basis_of_its_head() -> None:
    incident = usb_stick_incident()

    record(incident)

    assert (incident.costs_yen("expenses"), incident.offsets_yen("expenses")) == (560_000, 300_000)
    assert incident.basis_yen("expenses") == 260_000
    assert incident.owed_now_yen("expenses") == 260_000  # CP-1: no deductible, 100 %


def test_record_offset_of_a_recovery_reduces_the_basis_of_its_head() -> None:
    incident = usb_stick_incident()

    record(incident, kind=OffsetKind.RECOVERY, amount_yen=60_000, source="紛失物の回収業者")

    assert incident.basis_yen("expenses") == 500_000


def test_record_offset_on_one_head_leaves_the_other_head_basis_untouched() -> None:
    incident = an_incident_with_costs(a_cost(amount_yen=400_000), a_liability_cost(amount_yen=500_000))

    record(incident, head=HeadOfLoss.LIABILITY, amount_yen=200_000)

    assert (incident.basis_yen("liability"), incident.basis_yen("expenses")) == (300_000, 400_000)


def test_record_offset_above_the_costs_leaves_a_basis_of_zero() -> None:
    incident = usb_stick_incident()

    record(incident, amount_yen=1_000_000)

    assert incident.basis_yen("expenses") == 0
    assert incident.owed_now_yen("expenses") == 0


def test_record_offset_before_any_cost_is_kept_against_later_costs() -> None:
    incident = an_incident()
    record(incident, amount_yen=100_000)

    incident.record_cost(a_cost(amount_yen=400_000), actor=ADJUSTER, now=NOW)

    assert incident.basis_yen("expenses") == 300_000


@pytest.mark.parametrize("actor", NOT_ADJUSTER, ids=role_id)
def test_record_offset_by_non_adjuster_is_refused_with_role_not_allowed(actor: Actor) -> None:
    incident = usb_stick_incident()

    refused(lambda: record(incident, actor=actor), RoleNotAllowed, "role_not_allowed")


def test_record_offset_on_a_closed_incident_is_refused_with_case_closed() -> None:
    incident = a_closed_incident()

    refused(lambda: record(incident), CaseClosed, "case_is_closed", "status")


def test_record_offset_dated_tomorrow_is_invalid_naming_on() -> None:
    incident = usb_stick_incident()

    invalid(lambda: record(incident, on=TOMORROW), "on")


@pytest.mark.parametrize("amount", [0, -300_000, 1.5, True])
def test_record_offset_of_no_positive_whole_yen_is_invalid_naming_amount_yen(amount: object) -> None:
    incident = usb_stick_incident()

    invalid(lambda: record(incident, amount_yen=amount), "amount_yen")


@pytest.mark.parametrize(("overrides", "field"), [({"kind": "gift"}, "kind"), ({"head": "property"}, "head"),
                                                  ({"source": "  "}, "source")], ids=["kind", "head", "source"])
def test_record_offset_with_an_unknown_choice_or_empty_source_is_invalid_naming_it(overrides: dict[str, Any], field: str) -> None:
    incident = usb_stick_incident()

    invalid(lambda: record(incident, **overrides), field)


REFUSALS: dict[str, tuple[Callable[[], CyberIncident], Callable[[CyberIncident], object]]] = {
    "by_auditor": (usb_stick_incident, lambda i: record(i, actor=AUDITOR)),
    "closed": (a_closed_incident, lambda i: record(i)),
    "future": (usb_stick_incident, lambda i: record(i, on=TOMORROW)),
    "empty_source": (usb_stick_incident, lambda i: record(i, source="")),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_record_offset_refused_records_no_event_and_keeps_the_basis(name: str) -> None:
    given, command = REFUSALS[name]
    incident = given()
    version_before, basis_before = incident.version, incident.basis_yen("expenses")

    with pytest.raises(DomainError):
        command(incident)

    assert incident.collect_events() == []
    assert (incident.version, incident.offsets, incident.basis_yen("expenses")) == (version_before, [], basis_before)
