"""Derived state of an incident, not one command: the stage it shows in lists and queues.
Given (the facts, or an incident built to a state) / Then (its stage)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from domain.cyber.incident import CyberIncident, incident_stage
from domain.cyber.vocabulary import HeadOfLoss
from tests.builders import (
    a_closed_incident,
    a_cost,
    a_cyber_policy,
    a_liability_cost,
    an_incident,
    an_incident_with_approved_payment,
    an_incident_with_claim,
    an_incident_with_costs,
    an_incident_with_settled_payment,
    paid,
    settle_kwargs,
    with_costs,
)

OPEN = dict(status="open", unsettled_payments=0, costs_pending=0, third_party_claims=0)


@pytest.mark.parametrize(
    ("facts", "stage"),
    [
        ({}, "notice_of_circumstances"),
        ({"third_party_claims": 1}, "liability_claim"),
        ({"third_party_claims": 1, "costs_pending": 2}, "costs_awaiting_decision"),
        ({"costs_pending": 2, "unsettled_payments": 1}, "payment_awaiting_settlement"),
        ({"status": "closed", "costs_pending": 2, "unsettled_payments": 1}, "closed"),
    ],
    ids=["notice", "claim", "costs", "unsettled_wins", "closed_wins"],
)
def test_stage_of_the_facts_is_where_the_incident_waits(facts: dict[str, Any], stage: str) -> None:
    assert incident_stage(**{**OPEN, **facts}) == stage


def an_incident_paid_then_billed_again() -> CyberIncident:
    """Expenses paid and settled, then a new expense recorded."""
    incident = paid(an_incident_with_costs(a_cost(amount_yen=150_000)), HeadOfLoss.EXPENSES, a_cyber_policy())
    incident.settle_payment(**settle_kwargs())
    return with_costs(incident, a_cost(amount_yen=50_000))


@pytest.mark.parametrize(
    ("given", "stage"),
    [
        (an_incident, "notice_of_circumstances"),
        (an_incident_with_claim, "liability_claim"),
        (an_incident_with_costs, "costs_awaiting_decision"),
        (an_incident_with_approved_payment, "payment_awaiting_settlement"),
        (an_incident_with_settled_payment, "notice_of_circumstances"),
        (an_incident_paid_then_billed_again, "costs_awaiting_decision"),
        (a_closed_incident, "closed"),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_stage_of_an_incident_built_to_a_state_follows_its_events(given: Callable[[], CyberIncident], stage: str) -> None:
    assert given().stage == stage


def test_stage_after_paying_one_head_while_the_other_head_is_owed_is_costs_awaiting_decision() -> None:
    incident = an_incident_with_costs(a_cost(amount_yen=150_000), a_liability_cost(amount_yen=800_000))
    paid(incident, HeadOfLoss.EXPENSES, a_cyber_policy())
    incident.settle_payment(**settle_kwargs())

    assert incident.owed_now_yen("liability") == 750_000
    assert incident.stage == "costs_awaiting_decision"
