"""CyberIncident.record_cost: a vendor's or lawyer's bill against one of the two heads of loss —
liability (賠償責任: damages, litigation costs; only after a third party's claim) or expenses
(費用; 状態収拾費用 for the institution product only; never for an institution's officers and
employees, who are insured for liability only). Given / When / Then, one behaviour each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from domain.cyber.errors import CostNotInProduct, HeadNotCoveredForParty, LiabilityNeedsClaim
from domain.cyber.incident import CyberIncident
from domain.cyber.vocabulary import COST_TYPES, CostType, HeadOfLoss, InsuredParty
from domain.kernel.actors import Actor
from domain.kernel.errors import CaseClosed, DomainError, DuplicateInvoice, NotCovered, RoleNotAllowed
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
    a_not_covered_incident,
    a_notice,
    a_physician_notice,
    an_incident,
    an_incident_with_claim,
    an_incident_with_costs,
    invalid,
    only_event,
    refused,
    role_id,
    with_claim,
)

EXPENSES, LIABILITY = HeadOfLoss.EXPENSES, HeadOfLoss.LIABILITY
PHYSICIAN_EXPENSES = [t for t in COST_TYPES[EXPENSES] if t is not CostType.SITUATION_RECOVERY]
OFFICER_OR_EMPLOYEE = [InsuredParty.OFFICER, InsuredParty.EMPLOYEE]


def record(incident: CyberIncident, *args: Any, actor: Actor = ADJUSTER, now: datetime = NOW, **cost_options: Any) -> None:
    incident.record_cost(a_cost(*args, **cost_options), actor=actor, now=now)


def an_institution_incident_of(party: InsuredParty) -> CyberIncident:
    return an_incident(a_notice(insured_party=party))


# =============================================================================================
# recorded
# =============================================================================================


def test_record_cost_by_adjuster_records_cost_recorded_event() -> None:
    incident = an_incident()

    record(incident, EXPENSES, CostType.DATA_RECOVERY, 800_000, invoice_number="V-100", description=" 復旧作業 ")

    event = only_event(incident, "CostRecorded")
    assert (event.head, event.cost_type, event.amount_yen) == ("expenses", "data_recovery", 800_000)
    assert (event.invoice_number, event.invoice_date, event.vendor) == ("V-100", TODAY, "株式会社サイバー調査")
    assert event.description == "復旧作業"
    assert (event.actor_id, event.actor_role) == ("adjuster-1", "adjuster")


def test_record_cost_adds_to_its_head_and_awaits_a_payment_decision() -> None:
    incident = an_incident()

    record(incident, EXPENSES, CostType.CAUSE_INVESTIGATION, 1_500_000)

    assert (incident.costs_yen("expenses"), incident.costs_yen("liability")) == (1_500_000, 0)
    assert incident.owed_now_yen("expenses") == 1_450_000  # less the ¥50,000 deductible of the example plan CI-1
    assert incident.stage == "costs_awaiting_decision"


@pytest.mark.parametrize("cost_type", COST_TYPES[EXPENSES], ids=str)
def test_record_cost_of_each_expense_type_on_an_institution_incident_is_accepted(cost_type: CostType) -> None:
    incident = an_incident()

    record(incident, EXPENSES, cost_type, 100_000)

    assert incident.costs[0].cost_type == cost_type.value


@pytest.mark.parametrize("cost_type", PHYSICIAN_EXPENSES, ids=str)
def test_record_cost_of_each_expense_type_but_situation_recovery_on_a_physician_incident_is_accepted(
    cost_type: CostType,
) -> None:
    incident = an_incident(a_physician_notice())

    record(incident, EXPENSES, cost_type, 100_000)

    assert incident.costs_yen("expenses") == 100_000


@pytest.mark.parametrize("cost_type", COST_TYPES[LIABILITY], ids=str)
def test_record_cost_of_each_liability_type_after_a_third_party_claim_is_accepted(cost_type: CostType) -> None:
    incident = an_incident_with_claim()

    record(incident, LIABILITY, cost_type, 500_000)

    assert incident.costs_yen("liability") == 500_000


@pytest.mark.parametrize("party", OFFICER_OR_EMPLOYEE, ids=str)
def test_record_cost_of_liability_for_an_institution_officer_or_employee_after_a_claim_is_accepted(party: InsuredParty) -> None:
    incident = with_claim(an_institution_incident_of(party))

    record(incident, LIABILITY, CostType.DAMAGES, 500_000)

    assert incident.costs_yen("liability") == 500_000


def test_record_cost_with_an_invoice_number_of_the_other_head_is_refused_as_duplicate() -> None:
    incident = an_incident_with_costs(a_cost(invoice_number="V-1"))
    with_claim(incident)

    refused(lambda: incident.record_cost(a_liability_cost(invoice_number="V-1"), actor=ADJUSTER, now=NOW),
            DuplicateInvoice, "duplicate_invoice_number", "invoice_number")


# =============================================================================================
# the heads' rules
# =============================================================================================


@pytest.mark.parametrize(
    ("head", "cost_type"),
    [(EXPENSES, CostType.DAMAGES), (EXPENSES, CostType.LITIGATION_COSTS), (LIABILITY, CostType.DATA_RECOVERY)],
    ids=["expenses_damages", "expenses_litigation_costs", "liability_data_recovery"],
)
def test_record_cost_of_a_type_of_the_other_head_is_refused_with_cost_not_in_product(
    head: HeadOfLoss, cost_type: CostType
) -> None:
    incident = an_incident_with_claim()

    refused(lambda: record(incident, head, cost_type), CostNotInProduct, "cost_not_in_product", "cost_type")


def test_record_cost_of_situation_recovery_on_a_physician_incident_is_refused_with_cost_not_in_product() -> None:
    incident = an_incident(a_physician_notice())

    error = refused(lambda: record(incident, EXPENSES, CostType.SITUATION_RECOVERY), CostNotInProduct, "cost_not_in_product",
                    "cost_type")
    assert error.params["cost_type"] == "状態収拾費用"


@pytest.mark.parametrize("party", OFFICER_OR_EMPLOYEE, ids=str)
def test_record_cost_of_expenses_for_an_institution_officer_or_employee_is_refused_with_head_not_covered(
    party: InsuredParty,
) -> None:
    incident = an_institution_incident_of(party)

    refused(lambda: record(incident, EXPENSES, CostType.CONSULTING), HeadNotCoveredForParty,
            "head_not_covered_for_insured_party", "head")


@pytest.mark.parametrize("cost_type", COST_TYPES[LIABILITY], ids=str)
def test_record_cost_of_liability_before_any_third_party_claim_is_refused_with_liability_needs_claim(cost_type: CostType) -> None:
    incident = an_incident()

    refused(lambda: record(incident, LIABILITY, cost_type), LiabilityNeedsClaim, "liability_needs_third_party_claim", "head")


# =============================================================================================
# the incident's state
# =============================================================================================


@pytest.mark.parametrize("actor", NOT_ADJUSTER, ids=role_id)
def test_record_cost_by_non_adjuster_is_refused_with_role_not_allowed(actor: Actor) -> None:
    incident = an_incident()

    refused(lambda: record(incident, actor=actor), RoleNotAllowed, "role_not_allowed")


def test_record_cost_on_a_closed_incident_is_refused_with_case_closed() -> None:
    incident = a_closed_incident()

    refused(lambda: record(incident), CaseClosed, "case_is_closed", "status")


def test_record_cost_on_a_not_covered_incident_is_refused_with_not_covered() -> None:
    incident = a_not_covered_incident("business_not_in_scope")

    error = refused(lambda: record(incident), NotCovered, "case_not_covered", "coverage")
    assert "business_not_in_scope" in error.detail


# =============================================================================================
# the bill's own rules
# =============================================================================================


def test_record_cost_with_a_duplicate_invoice_number_is_refused_with_duplicate_invoice() -> None:
    incident = an_incident_with_costs(a_cost(invoice_number="V-1"))

    refused(lambda: record(incident, invoice_number="V-1"), DuplicateInvoice, "duplicate_invoice_number", "invoice_number")


def test_record_cost_with_a_duplicate_invoice_number_padded_with_spaces_is_refused_with_duplicate_invoice() -> None:
    incident = an_incident_with_costs(a_cost(invoice_number="V-1"))

    refused(lambda: record(incident, invoice_number=" V-1 "), DuplicateInvoice, "duplicate_invoice_number")


def test_record_cost_dated_tomorrow_is_invalid_naming_invoice_date() -> None:
    incident = an_incident()

    invalid(lambda: record(incident, invoice_date=TOMORROW), "invoice_date")


def test_record_cost_dated_today_is_accepted() -> None:
    incident = an_incident()

    record(incident, invoice_date=TODAY)

    assert incident.costs[0].invoice_date == TODAY


@pytest.mark.parametrize("amount", [0, -1, 100_000.5, True, "100000"])
def test_record_cost_of_no_positive_whole_yen_is_invalid_naming_amount_yen(amount: object) -> None:
    incident = an_incident()

    invalid(lambda: record(incident, amount_yen=amount), "amount_yen")


@pytest.mark.parametrize(("options", "field"), [({"vendor": " "}, "vendor"), ({"invoice_number": " "}, "invoice_number")],
                         ids=["vendor", "invoice_number"])
def test_record_cost_with_empty_text_is_invalid_naming_the_field(options: dict[str, str], field: str) -> None:
    incident = an_incident()

    invalid(lambda: record(incident, **options), field)


@pytest.mark.parametrize(("head", "cost_type", "field"), [("property", CostType.CONSULTING, "head"),
                                                          (EXPENSES, "coffee", "cost_type")], ids=["head", "cost_type"])
def test_record_cost_of_an_unknown_head_or_type_is_invalid_naming_it(head: Any, cost_type: Any, field: str) -> None:
    incident = an_incident()

    invalid(lambda: record(incident, head, cost_type), field)


REFUSALS: dict[str, tuple[Callable[[], CyberIncident], Callable[[CyberIncident], object]]] = {
    "by_auditor": (an_incident, lambda i: record(i, actor=AUDITOR)),
    "closed": (a_closed_incident, lambda i: record(i)),
    "not_covered": (a_not_covered_incident, lambda i: record(i)),
    "liability_without_claim": (an_incident, lambda i: record(i, LIABILITY)),
    "physician_situation_recovery": (lambda: an_incident(a_physician_notice()),
                                     lambda i: record(i, EXPENSES, CostType.SITUATION_RECOVERY)),
    "employee_expenses": (lambda: an_institution_incident_of(InsuredParty.EMPLOYEE), lambda i: record(i)),
    "future_invoice": (an_incident, lambda i: record(i, invoice_date=TOMORROW)),
    "zero_amount": (an_incident, lambda i: record(i, amount_yen=0)),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_record_cost_refused_records_no_event_and_keeps_the_version(name: str) -> None:
    given, command = REFUSALS[name]
    incident = given()
    version_before = incident.version

    with pytest.raises(DomainError):
        command(incident)

    assert incident.collect_events() == []
    assert (incident.version, incident.costs) == (version_before, [])


def test_record_cost_refused_as_duplicate_keeps_the_first_cost_only() -> None:
    incident = an_incident_with_costs(a_cost(amount_yen=100_000, invoice_number="V-1"))

    with pytest.raises(DuplicateInvoice):
        record(incident, amount_yen=900_000, invoice_number="V-1")

    assert incident.collect_events() == []
    assert incident.costs_yen("expenses") == 100_000
