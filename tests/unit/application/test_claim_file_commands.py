"""The adjuster's file through ClaimsApplication, in memory: four eyes across two adjusters and
two cases of one policy, reserves and notes saved and read back from the log (so the shared event
bodies replay under each product's topics). Given / When / Then."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from domain.application import ClaimsApplication
from domain.cyber.vocabulary import HeadOfLoss
from domain.kernel.actors import Actor, Role
from domain.kernel.errors import OwnPaymentRequest, ReserveAboveLimit
from domain.kernel.notes import NoteInput
from tests.builders import (
    ADJUSTER,
    CONCIERGE,
    a_case_in,
    a_cost,
    a_cyber_policy_in,
    a_plan,
    a_policy_in,
    an_app,
    an_incident_in,
    an_invoice,
    consented_in,
    line,
    position_of,
    recorded_since,
    refused_in,
)

SENIOR = Actor("adjuster-senior", Role.ADJUSTER, authority_limit_yen=5_000_000)


def a_billed_case(app: ClaimsApplication, number: str, covered_yen: int) -> UUID:
    case_id = a_case_in(app, number)
    consented_in(app, case_id)
    app.record_invoice(case_id, an_invoice(line(amount_yen=covered_yen), number="INV-001"), ADJUSTER)
    return case_id


def names(events: list[Any]) -> list[str]:
    return [type(e).__qualname__ for e in events]


def test_two_adjusters_four_eyes_with_the_year_limit_reached_meanwhile() -> None:
    app = an_app()
    number = a_policy_in(app, a_plan(code="H-Y15", limit_per_claim_yen=1_500_000, limit_per_year_yen=1_500_000))
    big = a_billed_case(app, number, 1_300_000)      # owes ¥1,161,000: above ADJUSTER's ¥1,000,000
    small = a_billed_case(app, number, 610_000)      # owes ¥540,000

    app.approve_payment(big, ADJUSTER)               # a request, nothing charged
    assert app.get_policy(number).paid_by_claim == {}
    refused_in(app, lambda: app.confirm_case_payment(big, 1, ADJUSTER), OwnPaymentRequest, "own_payment_request")
    app.approve_payment(small, ADJUSTER)             # meanwhile: ¥540,000 of the year's ¥1,500,000

    position = position_of(app)
    app.confirm_case_payment(big, 1, SENIOR)

    assert [name for _, name in recorded_since(app, position)] == ["PaymentApproved", "PaymentCharged", "Done", "Opened"]
    case = app.get_case(big)
    assert case.payments[1].amount_yen == 960_000    # what the year had left, not the ¥1,161,000 asked
    assert (case.payments[1].approved_by, case.payments[1].requested_by) == (SENIOR.user_id, ADJUSTER.user_id)
    assert sum(app.get_policy(number).paid_by_claim.values()) == 1_500_000


def test_withdrawn_and_refused_requests_replay_from_the_log() -> None:
    app = an_app()
    number = a_policy_in(app)
    case_id = a_billed_case(app, number, 1_300_000)
    app.approve_payment(case_id, ADJUSTER)
    app.withdraw_case_payment_request(case_id, 1, "請求書の再確認", ADJUSTER)
    app.approve_payment(case_id, ADJUSTER)
    app.refuse_case_payment_request(case_id, 2, "減額交渉中", SENIOR)

    requests = app.get_case(case_id).book.requests
    assert [(r.status, r.decided_by, r.reason) for r in requests.values()] == [
        ("withdrawn", ADJUSTER.user_id, "請求書の再確認"), ("refused", SENIOR.user_id, "減額交渉中")]


def test_reserve_and_notes_of_a_case_read_back_from_the_log() -> None:
    app = an_app()
    number = a_policy_in(app)
    case_id = a_billed_case(app, number, 210_000)   # owes ¥180,000
    app.set_case_reserve(case_id, 500_000, "訴訟の可能性", ADJUSTER)
    app.add_case_note(case_id, NoteInput("telephone", "弁護士から進捗の電話"), CONCIERGE)
    app.add_case_note(case_id, NoteInput("telephone", "訂正: 進捗の電話は事務局から", corrects=1), ADJUSTER)
    app.approve_payment(case_id, ADJUSTER)

    case = app.get_case(case_id)
    assert (case.approved_yen, case.reserves.outstanding_yen(), case.total_incurred_yen) == (180_000, 320_000, 500_000)
    assert [(n.number, n.corrects, n.author_id) for n in case.notes] == [
        (1, None, CONCIERGE.user_id), (2, 1, ADJUSTER.user_id)]


def test_a_reserve_above_what_the_policy_still_allows_on_the_case_is_refused_and_records_nothing() -> None:
    app = an_app()
    number = a_policy_in(app, a_plan(code="H-R", limit_per_claim_yen=1_000_000))
    case_id = a_billed_case(app, number, 210_000)   # owes ¥180,000
    app.approve_payment(case_id, ADJUSTER)          # ¥820,000 left on this case

    error = refused_in(app, lambda: app.set_case_reserve(case_id, 820_001, "訴訟の可能性", ADJUSTER),
                       ReserveAboveLimit, "reserve_above_limit", "amount_yen")
    app.set_case_reserve(case_id, 820_000, "訴訟の可能性", ADJUSTER)  # all that is left: taken

    assert error.params == {"amount_yen": 820_001, "remaining_yen": 820_000, "limit": "limit_per_claim"}
    assert app.get_case(case_id).reserves.outstanding_yen() == 820_000


def test_an_incident_reserve_is_held_to_its_heads_sub_limit() -> None:
    app = an_app()
    number = a_cyber_policy_in(app)
    incident_id = an_incident_in(app, number)
    sub_limit = app.get_policy(number).terms.sub_limits_yen["expenses"]

    refused_in(app, lambda: app.set_incident_reserve(incident_id, HeadOfLoss.EXPENSES, sub_limit + 1, "見込み",
                                                     ADJUSTER), ReserveAboveLimit, "reserve_above_limit", "amount_yen")
    app.set_incident_reserve(incident_id, HeadOfLoss.EXPENSES, sub_limit, "見込み", ADJUSTER)

    assert app.get_incident(incident_id).reserves.outstanding_yen("expenses") == sub_limit


def test_an_incident_reserve_per_head_and_a_note_read_back_from_the_log() -> None:
    app = an_app()
    number = a_cyber_policy_in(app)
    incident_id = an_incident_in(app, number)
    app.record_cost(incident_id, a_cost(amount_yen=250_000), ADJUSTER)
    app.set_incident_reserve(incident_id, HeadOfLoss.EXPENSES, 600_000, "復旧費用の見込み", ADJUSTER)
    app.add_incident_note(incident_id, NoteInput("internal", "見積の妥当性を確認"), ADJUSTER)
    app.approve_incident_payment(incident_id, HeadOfLoss.EXPENSES, ADJUSTER)

    incident = app.get_incident(incident_id)
    assert incident.reserves.outstanding_yen("expenses") == 400_000
    assert incident.notes[0].category == "internal"
    assert names(list(app.incident_history(incident_id)))[-2:] == [
        "CyberIncident.PaymentApproved", "CyberIncident.ReserveLowered"]


def test_a_reserve_may_always_come_down_even_when_the_limits_left_are_lower_still() -> None:
    """Other claims may use up the year's limit after a reserve was set: lowering it is taken,
    raising it above what is left is not."""
    from tests.builders import NOW, a_case_with_consent

    class YearLeft:
        policy_number = "HAR-T"

        def __init__(self, left: int) -> None:
            self.left = left

        def limit_payment(self, claim_id: str, wanted_yen: int, head: str | None) -> tuple[int, str | None]:
            return max(0, min(wanted_yen, self.left)), "limit_per_year"

    case = a_case_with_consent()
    case.set_reserve(500_000, head=None, reason="見込み", actor=ADJUSTER, now=NOW, limits=YearLeft(1_000_000))
    case.set_reserve(300_000, head=None, reason="見直し", actor=ADJUSTER, now=NOW, limits=YearLeft(100_000))

    with pytest.raises(ReserveAboveLimit) as refused:
        case.set_reserve(400_000, head=None, reason="増額", actor=ADJUSTER, now=NOW, limits=YearLeft(100_000))

    assert refused.value.params["remaining_yen"] == 100_000 and case.reserves.outstanding_yen() == 300_000
