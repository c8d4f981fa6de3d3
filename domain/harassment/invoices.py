"""A lawyer's bill, line by line, and the rule that decides which lines are paid:

    lawyer fees are covered only after the concierge has judged that the parties cannot settle it
    themselves and the insurer has consented; 日当 (daily allowance) and 顧問料 (advisory
    retainer) are never covered.

A line is covered when its fee type is covered and the work was done on or after the consent date.
A line imported from a file whose code the mapping does not know has no fee type yet: it is
flagged (`unclassified_code`) and paid nothing until the adjuster gives it one in the review.
What a covered line pays is its *reviewed* amount: the billed amount, or less where the adjuster
reduced it with a reason (bill_review.py); a rejected bill pays nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.harassment.vocabulary import BillSource, BillStatus, FeeType, LineExclusion


@dataclass(frozen=True)
class InvoiceLineInput:
    fee_type: FeeType | None  # None: imported with a code the mapping does not know
    work_date: date
    amount_yen: int
    description: str = ""
    source_code: str | None = None  # as the file named it: UTBMS codes, or the CSV's 費目


@dataclass(frozen=True)
class InvoiceInput:
    invoice_number: str
    invoice_date: date
    lines: tuple[InvoiceLineInput, ...]
    source: BillSource = BillSource.TYPED


@dataclass
class InvoiceLine:
    fee_type: str | None
    work_date: date
    amount_yen: int
    description: str
    covered: bool
    exclusion: str | None
    source_code: str | None = None
    allowed_yen: int | None = None  # the reviewed amount, when the adjuster reduced it
    review_reason: str | None = None
    reviewed_by: str | None = None

    @property
    def reviewed_yen(self) -> int:
        return self.amount_yen if self.allowed_yen is None else self.allowed_yen

    @property
    def reduced(self) -> bool:
        return self.allowed_yen is not None and self.allowed_yen < self.amount_yen

    @property
    def covered_yen(self) -> int:
        return self.reviewed_yen if self.covered else 0


@dataclass
class Invoice:
    number: str
    invoice_date: date
    lines: list[InvoiceLine]
    billed_covered_yen: int  # as recorded, before any review
    billed_excluded_yen: int  # as recorded: lines not covered (or not yet classified) then
    recorded_by: str
    source: str = BillSource.TYPED.value
    status: str = BillStatus.RECEIVED.value
    decision_reason: str | None = None
    decided_by: str | None = None

    @property
    def covered_yen(self) -> int:
        """What the bill counts toward the payout: its covered lines at their reviewed amounts;
        nothing once rejected."""
        if self.status == BillStatus.REJECTED:
            return 0
        return sum(line.covered_yen for line in self.lines)

    @property
    def excluded_yen(self) -> int:
        """What the bill asks that is not covered now: lines excluded by the rule or not yet
        classified (every line once the bill is rejected). Reductions are `reduced_yen`."""
        if self.status == BillStatus.REJECTED:
            return self.billed_yen
        return sum(line.amount_yen for line in self.lines if not line.covered)

    @property
    def reduced_yen(self) -> int:
        """What the review took off covered lines."""
        if self.status == BillStatus.REJECTED:
            return 0
        return sum(line.amount_yen - line.reviewed_yen for line in self.lines if line.covered)

    @property
    def billed_yen(self) -> int:
        return sum(line.amount_yen for line in self.lines)

    @property
    def unclassified_lines(self) -> list[int]:
        """The numbers (1-based) of the lines still waiting for a fee type."""
        return [n for n, line in enumerate(self.lines, 1) if line.fee_type is None]


def line_exclusion(fee_type: FeeType | None, work_date: date, consent_date: date) -> LineExclusion | None:
    """Why a line is not paid, or None when it is."""
    if fee_type is None:
        return LineExclusion.UNCLASSIFIED_CODE
    if not FeeType(fee_type).is_covered:
        return LineExclusion.EXCLUDED_FEE_TYPE
    if work_date < consent_date:
        return LineExclusion.WORK_BEFORE_CONSENT
    return None


def classify(line: InvoiceLineInput, consent_date: date) -> dict[str, Any]:
    """The line as the event records it, with whether it is covered and why not."""
    exclusion = line_exclusion(line.fee_type, line.work_date, consent_date)
    recorded: dict[str, Any] = {
        "fee_type": FeeType(line.fee_type).value if line.fee_type is not None else None,
        "work_date": line.work_date,
        "amount_yen": line.amount_yen,
        "description": line.description,
        "covered": exclusion is None,
        "exclusion": exclusion.value if exclusion else None,
    }
    if line.source_code is not None:  # typed bills keep the shape they always had
        recorded["source_code"] = line.source_code
    return recorded
