"""ClaimCase.settle_payment: the bank transfer (振込) that settles an approved payment, once.
Given / When / Then, one behaviour each."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.harassment.case import ClaimCase
from domain.kernel.actors import Actor
from domain.kernel.errors import DomainError, PaymentAlreadySettled, PaymentNotFound, RoleNotAllowed, TransitionRefused
from tests.builders import (
    ADJUSTER,
    NOT_ADJUSTER,
    NOW,
    TODAY,
    TOMORROW,
    a_case_with_approved_payment,
    a_case_with_settled_payment,
    invalid,
    only_event,
    refused,
    role_id,
    settle_kwargs,
)


def test_settle_payment_by_adjuster_records_payment_settled_event() -> None:
    case = a_case_with_approved_payment()

    case.settle_payment(**settle_kwargs())

    event = only_event(case, "PaymentSettled")
    assert event.payment_number == 1
    assert event.amount_yen == 90_000
    assert event.transfer_date == TODAY
    assert event.bank_reference == "BANK-REF-001"
    assert event.actor_id == "adjuster-1"
    assert event.actor_role == "adjuster"


def test_settle_payment_marks_payment_settled_and_frees_the_case() -> None:
    case = a_case_with_approved_payment()

    case.settle_payment(**settle_kwargs())

    payment = case.payments[1]
    assert payment.settled is True
    assert payment.transfer_date == TODAY
    assert payment.bank_reference == "BANK-REF-001"
    assert case.settled_yen == 90_000
    assert case.stage == "lawyer_engaged"


@pytest.mark.parametrize("actor", NOT_ADJUSTER, ids=role_id)
def test_settle_payment_by_non_adjuster_is_refused_with_role_not_allowed(actor: Actor) -> None:
    case = a_case_with_approved_payment()

    refused(lambda: case.settle_payment(**settle_kwargs(actor=actor)), RoleNotAllowed, "role_not_allowed")


def test_settle_payment_unknown_number_is_refused_with_payment_not_found() -> None:
    case = a_case_with_approved_payment()

    refused(
        lambda: case.settle_payment(**settle_kwargs(payment_number=2)),
        PaymentNotFound,
        "payment_not_found",
        "payment_number",
    )


def test_settle_payment_twice_is_refused_with_payment_already_settled() -> None:
    case = a_case_with_settled_payment()

    refused(
        lambda: case.settle_payment(**settle_kwargs(bank_reference="BANK-REF-002")),
        PaymentAlreadySettled,
        "payment_already_settled",
        "payment_number",
    )


def test_settle_payment_on_closed_case_is_refused() -> None:
    # A closed case cannot hold an unsettled payment, so settling there is always refused.
    case = a_case_with_settled_payment()
    case.close(reason="解決", actor=ADJUSTER, now=NOW)
    case.collect_events()

    with pytest.raises(TransitionRefused):
        case.settle_payment(**settle_kwargs())


def test_settle_payment_transferred_tomorrow_is_invalid_naming_transfer_date() -> None:
    case = a_case_with_approved_payment()

    invalid(lambda: case.settle_payment(**settle_kwargs(transfer_date=TOMORROW)), "transfer_date")


def test_settle_payment_with_empty_bank_reference_is_invalid_naming_bank_reference() -> None:
    case = a_case_with_approved_payment()

    invalid(lambda: case.settle_payment(**settle_kwargs(bank_reference=" ")), "bank_reference")


# ---- a refused command records nothing ---------------------------------------------------

REFUSALS: dict[str, tuple[Callable[[], ClaimCase], Callable[[ClaimCase], object]]] = {
    "settle_unknown_payment": (a_case_with_approved_payment, lambda c: c.settle_payment(**settle_kwargs(payment_number=9))),
    "settle_twice": (a_case_with_settled_payment, lambda c: c.settle_payment(**settle_kwargs())),
    "settle_empty_bank_reference": (
        a_case_with_approved_payment,
        lambda c: c.settle_payment(**settle_kwargs(bank_reference="")),
    ),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_settle_payment_refused_records_no_event_and_keeps_the_version(name: str) -> None:
    given, command = REFUSALS[name]
    case = given()
    version_before = case.version

    with pytest.raises(DomainError):
        command(case)

    assert case.collect_events() == []
    assert case.version == version_before
