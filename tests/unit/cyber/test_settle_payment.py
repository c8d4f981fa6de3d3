"""CyberIncident.settle_payment: the bank transfer (振込) that settles an approved payment of a head,
once. Given / When / Then, one behaviour each."""

from __future__ import annotations

import pytest

from domain.kernel.actors import Actor
from domain.kernel.errors import PaymentAlreadySettled, PaymentNotFound, RoleNotAllowed
from tests.builders import (
    NOT_ADJUSTER,
    TODAY,
    TOMORROW,
    an_incident_with_approved_payment,
    an_incident_with_settled_payment,
    invalid,
    only_event,
    refused,
    role_id,
    settle_kwargs,
)


def test_settle_payment_by_adjuster_records_payment_settled_event() -> None:
    incident = an_incident_with_approved_payment(amount_yen=150_000)  # pays ¥100,000 after the deductible

    incident.settle_payment(**settle_kwargs(bank_reference=" FB-77 "))

    event = only_event(incident, "PaymentSettled")
    assert (event.payment_number, event.amount_yen, event.transfer_date, event.bank_reference) == (1, 100_000, TODAY, "FB-77")
    assert (event.actor_id, event.actor_role) == ("adjuster-1", "adjuster")


def test_settle_payment_marks_the_payment_settled_and_frees_the_incident() -> None:
    incident = an_incident_with_approved_payment()

    incident.settle_payment(**settle_kwargs())

    payment = incident.payments[1]
    assert (payment.settled, payment.transfer_date, payment.bank_reference) == (True, TODAY, "BANK-REF-001")
    assert incident.settled_yen == 100_000
    assert incident.stage == "notice_of_circumstances"


@pytest.mark.parametrize("actor", NOT_ADJUSTER, ids=role_id)
def test_settle_payment_by_non_adjuster_is_refused_with_role_not_allowed(actor: Actor) -> None:
    incident = an_incident_with_approved_payment()

    refused(lambda: incident.settle_payment(**settle_kwargs(actor=actor)), RoleNotAllowed, "role_not_allowed")


def test_settle_payment_unknown_number_is_refused_with_payment_not_found() -> None:
    incident = an_incident_with_approved_payment()

    refused(lambda: incident.settle_payment(**settle_kwargs(payment_number=2)), PaymentNotFound, "payment_not_found",
            "payment_number")


def test_settle_payment_twice_is_refused_with_payment_already_settled() -> None:
    incident = an_incident_with_settled_payment()

    refused(lambda: incident.settle_payment(**settle_kwargs(bank_reference="FB-2")), PaymentAlreadySettled,
            "payment_already_settled", "payment_number")
    assert incident.payments[1].bank_reference == "BANK-REF-001"


def test_settle_payment_transferred_tomorrow_is_invalid_naming_transfer_date() -> None:
    incident = an_incident_with_approved_payment()

    invalid(lambda: incident.settle_payment(**settle_kwargs(transfer_date=TOMORROW)), "transfer_date")
    assert (incident.collect_events(), incident.payments[1].settled) == ([], False)


def test_settle_payment_with_empty_bank_reference_is_invalid_naming_bank_reference() -> None:
    incident = an_incident_with_approved_payment()

    invalid(lambda: incident.settle_payment(**settle_kwargs(bank_reference=" ")), "bank_reference")
    assert incident.collect_events() == []
