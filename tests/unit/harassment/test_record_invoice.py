"""ClaimCase.record_invoice: a lawyer's bill, line by line; lines are covered only for covered fee types
and work on or after the consent date.
Given / When / Then, one behaviour each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from domain.harassment.case import ClaimCase
from domain.harassment.errors import EscalationNotApproved
from domain.harassment.invoices import InvoiceInput
from domain.harassment.vocabulary import FeeType
from domain.kernel.actors import Actor
from domain.kernel.errors import CaseClosed, DomainError, DuplicateInvoice, RoleNotAllowed
from tests.builders import (
    ADJUSTER,
    CONSENT_DATE,
    NOT_ADJUSTER,
    NOW,
    TODAY,
    TOMORROW,
    a_case_awaiting_consent,
    a_case_with_consent,
    a_case_with_declined_escalation,
    a_case_with_invoice,
    a_closed_case_with_consent,
    a_reported_case,
    invalid,
    line,
    only_event,
    record_invoice,
    refused,
    role_id,
)


def test_record_invoice_by_adjuster_records_invoice_recorded_event_with_classified_lines() -> None:
    case = a_case_with_consent()

    case.record_invoice(
        InvoiceInput("INV-001", TODAY, (line(FeeType.RETAINER, 330_000), line(FeeType.DAILY_ALLOWANCE, 20_000))),
        actor=ADJUSTER,
        now=NOW,
    )

    event = only_event(case, "InvoiceRecorded")
    assert event.invoice_number == "INV-001"
    assert event.invoice_date == TODAY
    assert event.covered_yen == 330_000
    assert event.excluded_yen == 20_000
    assert [(ln["fee_type"], ln["covered"], ln["exclusion"]) for ln in event.lines] == [
        ("retainer", True, None),
        ("daily_allowance", False, "excluded_fee_type"),
    ]
    assert event.actor_id == "adjuster-1"
    assert event.actor_role == "adjuster"


def test_record_invoice_adds_to_case_totals_and_awaits_a_payment_decision() -> None:
    case = a_case_with_consent()

    record_invoice(case, line(FeeType.RETAINER, 330_000), line(FeeType.DAILY_ALLOWANCE, 20_000))

    assert [inv.number for inv in case.invoices] == ["INV-001"]
    assert case.invoices[0].recorded_by == "adjuster-1"
    assert case.covered_fees_yen == 330_000
    assert case.excluded_fees_yen == 20_000
    assert case.owed_now_yen == 288_000
    assert case.stage == "invoice_awaiting_decision"


def test_record_invoice_second_one_accumulates_case_totals() -> None:
    case = a_case_with_invoice(line(amount_yen=100_000), number="INV-001")

    record_invoice(case, line(FeeType.SUCCESS_FEE, 50_000), number="INV-002")

    assert [inv.number for inv in case.invoices] == ["INV-001", "INV-002"]
    assert case.covered_fees_yen == 150_000


@pytest.mark.parametrize("fee_type", [FeeType.DAILY_ALLOWANCE, FeeType.ADVISORY_RETAINER])
def test_record_invoice_line_of_excluded_fee_type_is_recorded_but_not_covered(fee_type: FeeType) -> None:
    case = a_case_with_consent()

    record_invoice(case, line(fee_type, 20_000))

    recorded = case.invoices[0].lines[0]
    assert recorded.fee_type == fee_type.value
    assert recorded.amount_yen == 20_000
    assert recorded.covered is False
    assert recorded.exclusion == "excluded_fee_type"
    assert case.covered_fees_yen == 0
    assert case.excluded_fees_yen == 20_000


@pytest.mark.parametrize(
    "fee_type",
    [
        FeeType.CONSULTATION_FEE,
        FeeType.RETAINER,
        FeeType.SUCCESS_FEE,
        FeeType.HANDLING_FEE,
        FeeType.LITIGATION_COSTS,
        FeeType.OTHER_MANDATE_COSTS,
    ],
)
def test_record_invoice_line_of_covered_fee_type_after_consent_is_covered(fee_type: FeeType) -> None:
    case = a_case_with_consent()

    record_invoice(case, line(fee_type, 40_000, work_date=CONSENT_DATE + timedelta(days=3)))

    recorded = case.invoices[0].lines[0]
    assert recorded.covered is True
    assert recorded.exclusion is None
    assert case.covered_fees_yen == 40_000


def test_record_invoice_line_for_work_before_consent_date_is_not_covered() -> None:
    case = a_case_with_consent(consent_date=CONSENT_DATE)

    record_invoice(case, line(FeeType.CONSULTATION_FEE, 30_000, work_date=CONSENT_DATE - timedelta(days=1)))

    recorded = case.invoices[0].lines[0]
    assert recorded.covered is False
    assert recorded.exclusion == "work_before_consent"
    assert case.covered_fees_yen == 0
    assert case.excluded_fees_yen == 30_000


def test_record_invoice_line_for_work_on_consent_date_is_covered() -> None:
    case = a_case_with_consent(consent_date=CONSENT_DATE)

    record_invoice(case, line(FeeType.CONSULTATION_FEE, 30_000, work_date=CONSENT_DATE))

    recorded = case.invoices[0].lines[0]
    assert recorded.covered is True
    assert recorded.exclusion is None
    assert case.covered_fees_yen == 30_000


def test_record_invoice_line_of_excluded_fee_type_before_consent_names_the_fee_type() -> None:
    case = a_case_with_consent()

    record_invoice(case, line(FeeType.DAILY_ALLOWANCE, 10_000, work_date=CONSENT_DATE - timedelta(days=5)))

    assert case.invoices[0].lines[0].exclusion == "excluded_fee_type"


@pytest.mark.parametrize("actor", NOT_ADJUSTER, ids=role_id)
def test_record_invoice_by_non_adjuster_is_refused_with_role_not_allowed(actor: Actor) -> None:
    case = a_case_with_consent()

    refused(lambda: record_invoice(case, actor=actor), RoleNotAllowed, "role_not_allowed")


def test_record_invoice_on_closed_case_is_refused_with_case_closed() -> None:
    case = a_closed_case_with_consent()

    refused(lambda: record_invoice(case), CaseClosed, "case_is_closed")


@pytest.mark.parametrize(
    "given",
    [a_reported_case, a_case_awaiting_consent, a_case_with_declined_escalation],
    ids=["no_recommendation", "awaiting_consent", "declined"],
)
def test_record_invoice_before_consent_is_refused_with_escalation_not_approved(
    given: Callable[[], ClaimCase],
) -> None:
    case = given()

    refused(lambda: record_invoice(case), EscalationNotApproved, "escalation_not_approved", "escalation")


def test_record_invoice_with_duplicate_number_is_refused_with_duplicate_invoice() -> None:
    case = a_case_with_invoice(number="INV-001")

    refused(lambda: record_invoice(case, number="INV-001"), DuplicateInvoice, "duplicate_invoice_number", "invoice_number")


def test_record_invoice_with_duplicate_number_padded_with_spaces_is_refused_with_duplicate_invoice() -> None:
    case = a_case_with_invoice(number="INV-001")

    refused(lambda: record_invoice(case, number=" INV-001 "), DuplicateInvoice, "duplicate_invoice_number")


def test_record_invoice_with_empty_number_is_invalid_naming_invoice_number() -> None:
    case = a_case_with_consent()

    invalid(lambda: record_invoice(case, number="   "), "invoice_number")


@pytest.mark.parametrize("number", [".", ".."])
def test_record_invoice_numbered_as_a_dot_segment_is_invalid_naming_invoice_number(number: str) -> None:
    case = a_case_with_consent()

    error = invalid(lambda: record_invoice(case, number=number), "invoice_number")

    assert error.reason == "dot_segment" and list(case.collect_events()) == []


def test_record_invoice_dated_tomorrow_is_invalid_naming_invoice_date() -> None:
    case = a_case_with_consent()

    invalid(
        lambda: case.record_invoice(InvoiceInput("INV-001", TOMORROW, (line(),)), actor=ADJUSTER, now=NOW),
        "invoice_date",
    )


def test_record_invoice_dated_today_in_japan_is_accepted_while_utc_is_still_yesterday() -> None:
    case = a_case_with_consent()
    now_utc = datetime(2025, 6, 15, 23, 0, tzinfo=UTC)  # 08:00 on 16 June in Japan

    case.record_invoice(InvoiceInput("INV-001", date(2025, 6, 16), (line(),)), actor=ADJUSTER, now=now_utc)

    assert case.invoices[0].invoice_date == date(2025, 6, 16)


def test_record_invoice_line_with_future_work_date_is_invalid_naming_that_line() -> None:
    case = a_case_with_consent()

    invalid(lambda: record_invoice(case, line(), line(work_date=TOMORROW)), "lines[1].work_date")


def test_record_invoice_without_lines_is_invalid_naming_lines() -> None:
    case = a_case_with_consent()

    invalid(
        lambda: case.record_invoice(InvoiceInput("INV-001", TODAY, ()), actor=ADJUSTER, now=NOW),
        "lines",
    )


@pytest.mark.parametrize("amount", [0, -1, -100_000])
def test_record_invoice_line_with_non_positive_amount_is_invalid_naming_that_line(amount: int) -> None:
    case = a_case_with_consent()

    invalid(lambda: record_invoice(case, line(amount_yen=amount)), "lines[0].amount_yen")


@pytest.mark.parametrize("amount", [110_000.5, True, "110000"])
def test_record_invoice_line_not_a_whole_yen_integer_is_invalid_naming_that_line(amount: object) -> None:
    case = a_case_with_consent()

    invalid(lambda: record_invoice(case, line(amount_yen=amount)), "lines[0].amount_yen")


# ---- a refused command records nothing ---------------------------------------------------

REFUSALS: dict[str, tuple[Callable[[], ClaimCase], Callable[[ClaimCase], object]]] = {
    "record_invoice_before_consent": (a_case_awaiting_consent, lambda c: record_invoice(c)),
    "record_invoice_duplicate": (a_case_with_invoice, lambda c: record_invoice(c, number="INV-001")),
    "record_invoice_zero_amount_line": (a_case_with_consent, lambda c: record_invoice(c, line(), line(amount_yen=0))),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_record_invoice_refused_records_no_event_and_keeps_the_version(name: str) -> None:
    given, command = REFUSALS[name]
    case = given()
    version_before = case.version

    with pytest.raises(DomainError):
        command(case)

    assert case.collect_events() == []
    assert case.version == version_before
