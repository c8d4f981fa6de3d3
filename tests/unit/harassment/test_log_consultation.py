"""ClaimCase.log_consultation: every consultation with the concierge is logged; it is a service,
never a payout.
Given / When / Then, one behaviour each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from domain.harassment.case import ClaimCase
from domain.harassment.vocabulary import Channel
from domain.kernel.actors import Actor
from domain.kernel.errors import CaseClosed, DomainError, RoleNotAllowed
from tests.builders import (
    AUDITOR,
    NOT_CONCIERGE,
    NOW,
    a_case_with_consent,
    a_closed_case,
    a_reported_case,
    consultation_kwargs,
    invalid,
    only_event,
    refused,
    role_id,
)


def test_log_consultation_by_concierge_records_consultation_logged_event() -> None:
    case = a_reported_case()

    case.log_consultation(**consultation_kwargs())

    event = only_event(case, "ConsultationLogged")
    assert event.number == 1
    assert event.channel == "phone"
    assert event.duration_minutes == 25
    assert event.held_at == NOW - timedelta(hours=2)
    assert event.actor_id == "concierge-1"
    assert event.actor_role == "concierge"


def test_log_consultation_appends_consultation_and_moves_case_to_consulting() -> None:
    case = a_reported_case()

    case.log_consultation(**consultation_kwargs(caller=" 山田 太郎 "))

    assert len(case.consultations) == 1
    consultation = case.consultations[0]
    assert consultation.caller == "山田 太郎"
    assert consultation.logged_by == "concierge-1"
    assert case.stage == "consulting"


def test_log_consultation_second_one_is_numbered_two() -> None:
    case = a_reported_case()
    case.log_consultation(**consultation_kwargs())
    case.collect_events()

    case.log_consultation(**consultation_kwargs(channel=Channel.EMAIL))

    assert only_event(case, "ConsultationLogged").number == 2
    assert [c.number for c in case.consultations] == [1, 2]


def test_log_consultation_after_consent_is_never_a_payout() -> None:
    case = a_case_with_consent()

    case.log_consultation(**consultation_kwargs())

    assert case.approved_yen == 0
    assert case.owed_now_yen == 0


@pytest.mark.parametrize("actor", NOT_CONCIERGE, ids=role_id)
def test_log_consultation_by_non_concierge_is_refused_with_role_not_allowed(actor: Actor) -> None:
    case = a_reported_case()

    refused(lambda: case.log_consultation(**consultation_kwargs(actor=actor)), RoleNotAllowed, "role_not_allowed")


def test_log_consultation_on_closed_case_is_refused_with_case_closed() -> None:
    case = a_closed_case()

    refused(lambda: case.log_consultation(**consultation_kwargs()), CaseClosed, "case_is_closed", "status")


def test_log_consultation_held_in_future_is_invalid_naming_held_at() -> None:
    case = a_reported_case()

    invalid(lambda: case.log_consultation(**consultation_kwargs(held_at=NOW + timedelta(minutes=1))), "held_at")


def test_log_consultation_with_naive_held_at_is_invalid_naming_held_at() -> None:
    case = a_reported_case()
    naive = datetime(2025, 6, 15, 8, 0)

    invalid(lambda: case.log_consultation(**consultation_kwargs(held_at=naive)), "held_at")


@pytest.mark.parametrize("minutes", [0, -5])
def test_log_consultation_with_non_positive_duration_is_invalid_naming_duration(minutes: int) -> None:
    case = a_reported_case()

    invalid(lambda: case.log_consultation(**consultation_kwargs(duration_minutes=minutes)), "duration_minutes")


@pytest.mark.parametrize("field", ["caller", "question", "advice"])
def test_log_consultation_with_empty_text_is_invalid_naming_the_field(field: str) -> None:
    case = a_reported_case()

    invalid(lambda: case.log_consultation(**consultation_kwargs(**{field: " "})), field)


# ---- a refused command records nothing ---------------------------------------------------

REFUSALS: dict[str, tuple[Callable[[], ClaimCase], Callable[[ClaimCase], object]]] = {
    "log_consultation_by_auditor": (a_reported_case, lambda c: c.log_consultation(**consultation_kwargs(actor=AUDITOR))),
    "log_consultation_empty_advice": (a_reported_case, lambda c: c.log_consultation(**consultation_kwargs(advice=""))),
    "log_consultation_closed": (a_closed_case, lambda c: c.log_consultation(**consultation_kwargs())),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_log_consultation_refused_records_no_event_and_keeps_the_version(name: str) -> None:
    given, command = REFUSALS[name]
    case = given()
    version_before = case.version

    with pytest.raises(DomainError):
        command(case)

    assert case.collect_events() == []
    assert case.version == version_before
