"""ClaimCase.close: an adjuster closes a case, with a reason, once every payment is settled.
Given / When / Then, one behaviour each."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.harassment.case import ClaimCase
from domain.kernel.actors import Actor
from domain.kernel.errors import CaseClosed, DomainError, RoleNotAllowed, UnsettledPayments
from tests.builders import (
    ADJUSTER,
    NOT_ADJUSTER,
    NOW,
    a_case_with_approved_payment,
    a_case_with_invoice,
    a_case_with_settled_payment,
    a_closed_case,
    a_reported_case,
    invalid,
    line,
    only_event,
    refused,
    role_id,
)


def test_close_by_adjuster_records_closed_event() -> None:
    case = a_reported_case()

    case.close(reason="当事者間で解決", actor=ADJUSTER, now=NOW)

    event = only_event(case, "Closed")
    assert event.reason == "当事者間で解決"
    assert event.actor_id == "adjuster-1"
    assert event.actor_role == "adjuster"


def test_close_marks_case_closed_with_reason() -> None:
    case = a_reported_case()

    case.close(reason="当事者間で解決", actor=ADJUSTER, now=NOW)

    assert case.status == "closed"
    assert case.stage == "closed"
    assert case.close_reason == "当事者間で解決"


def test_close_with_all_payments_settled_is_accepted() -> None:
    case = a_case_with_settled_payment()

    case.close(reason="支払完了", actor=ADJUSTER, now=NOW)

    assert case.status == "closed"


def test_close_with_an_unpaid_invoice_leaves_nothing_payable() -> None:
    case = a_case_with_invoice(line(amount_yen=110_000))

    case.close(reason="被保険者が請求を取り下げ", actor=ADJUSTER, now=NOW)

    assert case.owed_now_yen == 0


@pytest.mark.parametrize("actor", NOT_ADJUSTER, ids=role_id)
def test_close_by_non_adjuster_is_refused_with_role_not_allowed(actor: Actor) -> None:
    case = a_reported_case()

    refused(lambda: case.close(reason="解決", actor=actor, now=NOW), RoleNotAllowed, "role_not_allowed")


def test_close_already_closed_case_is_refused_with_case_closed() -> None:
    case = a_closed_case()

    refused(lambda: case.close(reason="再度", actor=ADJUSTER, now=NOW), CaseClosed, "case_is_closed", "status")


def test_close_with_unsettled_payment_is_refused_with_unsettled_payments() -> None:
    case = a_case_with_approved_payment()

    refused(lambda: case.close(reason="解決", actor=ADJUSTER, now=NOW), UnsettledPayments, "unsettled_payments", "payments")


def test_close_with_empty_reason_is_invalid_naming_reason() -> None:
    case = a_reported_case()

    invalid(lambda: case.close(reason="", actor=ADJUSTER, now=NOW), "reason")


# ---- a refused command records nothing ---------------------------------------------------

REFUSALS: dict[str, tuple[Callable[[], ClaimCase], Callable[[ClaimCase], object]]] = {
    "close_unsettled": (a_case_with_approved_payment, lambda c: c.close(reason="x", actor=ADJUSTER, now=NOW)),
    "close_empty_reason": (a_reported_case, lambda c: c.close(reason="", actor=ADJUSTER, now=NOW)),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_close_refused_records_no_event_and_keeps_the_version(name: str) -> None:
    given, command = REFUSALS[name]
    case = given()
    version_before = case.version

    with pytest.raises(DomainError):
        command(case)

    assert case.collect_events() == []
    assert case.version == version_before
