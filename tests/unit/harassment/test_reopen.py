"""ClaimCase.reopen: an adjuster reopens a closed case, with a reason; the consent stays.
Given / When / Then, one behaviour each."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.harassment.case import ClaimCase
from domain.kernel.actors import Actor
from domain.kernel.errors import CaseNotClosed, DomainError, RoleNotAllowed
from tests.builders import (
    ADJUSTER,
    NOT_ADJUSTER,
    a_closed_case,
    a_closed_case_with_consent,
    a_reported_case,
    consultation_kwargs,
    event_names,
    invalid,
    line,
    only_event,
    record_invoice,
    refused,
    role_id,
)


def test_reopen_by_adjuster_records_reopened_event() -> None:
    case = a_closed_case()

    case.reopen(reason="相手方から再度の連絡", actor=ADJUSTER)

    event = only_event(case, "Reopened")
    assert event.reason == "相手方から再度の連絡"
    assert event.actor_id == "adjuster-1"
    assert event.actor_role == "adjuster"


def test_reopen_marks_case_open_again_with_reason() -> None:
    case = a_closed_case()

    case.reopen(reason="相手方から再度の連絡", actor=ADJUSTER)

    assert case.status == "open"
    assert case.stage == "reported"
    assert case.reopen_reason == "相手方から再度の連絡"


def test_reopen_of_a_closed_case_lets_it_take_commands_again() -> None:
    case = a_closed_case()
    case.reopen(reason="相手方から再度の連絡", actor=ADJUSTER)
    case.collect_events()

    case.log_consultation(**consultation_kwargs())

    assert event_names(case.collect_events()) == ["ConsultationLogged"]


def test_reopen_keeps_the_consent_so_later_bills_are_payable() -> None:
    case = a_closed_case_with_consent()
    case.reopen(reason="追加の請求", actor=ADJUSTER)

    record_invoice(case, line(amount_yen=110_000))

    assert case.owed_now_yen == 90_000


@pytest.mark.parametrize("actor", NOT_ADJUSTER, ids=role_id)
def test_reopen_by_non_adjuster_is_refused_with_role_not_allowed(actor: Actor) -> None:
    case = a_closed_case()

    refused(lambda: case.reopen(reason="再開", actor=actor), RoleNotAllowed, "role_not_allowed")


def test_reopen_open_case_is_refused_with_case_not_closed() -> None:
    case = a_reported_case()

    refused(lambda: case.reopen(reason="再開", actor=ADJUSTER), CaseNotClosed, "case_is_not_closed", "status")


def test_reopen_with_empty_reason_is_invalid_naming_reason() -> None:
    case = a_closed_case()

    invalid(lambda: case.reopen(reason=" ", actor=ADJUSTER), "reason")


# ---- a refused command records nothing ---------------------------------------------------

REFUSALS: dict[str, tuple[Callable[[], ClaimCase], Callable[[ClaimCase], object]]] = {
    "reopen_open_case": (a_reported_case, lambda c: c.reopen(reason="x", actor=ADJUSTER)),
    "reopen_empty_reason": (a_closed_case, lambda c: c.reopen(reason="", actor=ADJUSTER)),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_reopen_refused_records_no_event_and_keeps_the_version(name: str) -> None:
    given, command = REFUSALS[name]
    case = given()
    version_before = case.version

    with pytest.raises(DomainError):
        command(case)

    assert case.collect_events() == []
    assert case.version == version_before
