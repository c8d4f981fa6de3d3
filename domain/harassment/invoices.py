"""A lawyer's bill, line by line, and the rule that decides which lines are paid:

    lawyer fees are covered only after the concierge has judged that the parties cannot settle it
    themselves and the insurer has consented; 日当 (daily allowance) and 顧問料 (advisory
    retainer) are never covered.

A line is covered when its fee type is covered and the work was done on or after the consent date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.harassment.vocabulary import FeeType, LineExclusion


@dataclass(frozen=True)
class InvoiceLineInput:
    fee_type: FeeType
    work_date: date
    amount_yen: int
    description: str = ""


@dataclass(frozen=True)
class InvoiceInput:
    invoice_number: str
    invoice_date: date
    lines: tuple[InvoiceLineInput, ...]


@dataclass
class InvoiceLine:
    fee_type: str
    work_date: date
    amount_yen: int
    description: str
    covered: bool
    exclusion: str | None


@dataclass
class Invoice:
    number: str
    invoice_date: date
    lines: list[InvoiceLine]
    covered_yen: int
    excluded_yen: int
    recorded_by: str


def line_exclusion(fee_type: FeeType, work_date: date, consent_date: date) -> LineExclusion | None:
    """Why a line is not paid, or None when it is."""
    if not FeeType(fee_type).is_covered:
        return LineExclusion.EXCLUDED_FEE_TYPE
    if work_date < consent_date:
        return LineExclusion.WORK_BEFORE_CONSENT
    return None


def classify(line: InvoiceLineInput, consent_date: date) -> dict[str, Any]:
    """The line as the event records it, with whether it is covered and why not."""
    exclusion = line_exclusion(line.fee_type, line.work_date, consent_date)
    return {
        "fee_type": FeeType(line.fee_type).value,
        "work_date": line.work_date,
        "amount_yen": line.amount_yen,
        "description": line.description,
        "covered": exclusion is None,
        "exclusion": exclusion.value if exclusion else None,
    }
