"""Derived state of a case, not one command: the stage it shows in lists and queues, and what the
payout rule owes it now before the policy's limits. Given (the facts) / Then (the stage or amount)."""

from __future__ import annotations

from typing import Any

import pytest

from domain.harassment.case import case_stage, owed_by_rule
from tests.builders import (
    a_case_awaiting_consent,
    a_case_with_approved_payment,
    a_case_with_consent,
    a_case_with_declined_escalation,
    a_case_with_invoice,
    a_case_with_settled_payment,
    a_closed_case_with_invoice,
    a_not_covered_case,
    a_reported_case,
    line,
)

OPEN = dict(status="open", escalation="none", unsettled_payments=0, owed_now_yen=0, consultations=0)


@pytest.mark.parametrize(
    ("facts", "stage"),
    [
        ({}, "reported"),
        ({"consultations": 2}, "consulting"),
        ({"escalation": "recommended", "consultations": 1}, "awaiting_consent"),
        ({"escalation": "declined", "consultations": 1}, "consulting"),
        ({"escalation": "approved"}, "lawyer_engaged"),
        ({"escalation": "approved", "owed_now_yen": 1}, "invoice_awaiting_decision"),
        ({"escalation": "approved", "owed_now_yen": 1, "unsettled_payments": 1}, "payment_awaiting_settlement"),
        ({"status": "closed", "escalation": "approved", "owed_now_yen": 1, "unsettled_payments": 1}, "closed"),
    ],
    ids=["new", "consulted", "recommended", "declined", "engaged", "bill_owed", "unsettled_wins", "closed_wins"],
)
def test_stage_of_the_facts_is_where_the_case_waits(facts: dict[str, Any], stage: str) -> None:
    assert case_stage(**{**OPEN, **facts}) == stage


@pytest.mark.parametrize(
    ("given", "stage"),
    [
        (a_reported_case, "reported"),
        (a_case_awaiting_consent, "awaiting_consent"),
        (a_case_with_declined_escalation, "reported"),
        (a_case_with_consent, "lawyer_engaged"),
        (a_case_with_invoice, "invoice_awaiting_decision"),
        (a_case_with_approved_payment, "payment_awaiting_settlement"),
        (a_case_with_settled_payment, "lawyer_engaged"),
        (a_closed_case_with_invoice, "closed"),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_stage_of_a_case_built_to_a_state_follows_its_events(given: Any, stage: str) -> None:
    assert given().stage == stage


RULE = dict(status="open", coverage="covered", escalation="approved", limit_exhausted=False,
            covered_fees_yen=330_000, approved_yen=0)


def test_owed_by_rule_on_the_worked_example_is_288000() -> None:
    assert owed_by_rule(**RULE) == 288_000


def test_owed_by_rule_after_a_payment_is_the_difference() -> None:
    assert owed_by_rule(**{**RULE, "approved_yen": 171_000}) == 117_000


@pytest.mark.parametrize(
    "facts",
    [
        {"escalation": "none"},
        {"escalation": "recommended"},
        {"escalation": "declined"},
        {"status": "closed"},
        {"coverage": "not_covered"},
        {"limit_exhausted": True},
    ],
    ids=["no_escalation", "awaiting_consent", "declined", "closed", "not_covered", "limit_exhausted"],
)
def test_owed_by_rule_without_consent_closed_not_covered_or_exhausted_is_nothing(facts: dict[str, Any]) -> None:
    assert owed_by_rule(**{**RULE, **facts}) == 0


def test_owed_now_of_a_not_covered_case_is_nothing() -> None:
    assert a_not_covered_case().owed_now_yen == 0


def test_owed_now_of_a_closed_case_with_a_bill_is_nothing() -> None:
    assert a_closed_case_with_invoice().owed_now_yen == 0


def test_owed_now_of_a_consented_case_with_a_bill_follows_the_rule() -> None:
    assert a_case_with_invoice(line(amount_yen=110_000)).owed_now_yen == 90_000
