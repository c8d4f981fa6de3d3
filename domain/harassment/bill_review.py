"""Reviewing a lawyer's bill, line by line (docs/decisions/0021-counsel-and-bill-review.md).

A bill is `received` when recorded (typed in, or imported from a LEDES or CSV file; an imported
bill with a line whose code the mapping does not know starts `under_review`). The adjuster may
open the review, reduce a line with a reason (e.g. hours above the agreed rate) or give a flagged
line its fee type, and then approve the bill — `approved`, or `partly_approved` when a line was
reduced — or reject it with a reason. What a bill counts toward the payout is its covered lines at
their reviewed amounts (invoices.py); the payout itself is the kernel's rule, unchanged.

Payment needs no approved bill: a recorded bill counts at once, as it always has (recording it is
the adjuster's acceptance of its lines as classified by the rule). But while any bill of the case is
under review, no payment is approved or requested there: a half-reviewed bill is never paid.

The decisions live here (ClaimCase mixes BillReview in); the recording bodies below are bound as
`@event`s in case.py under the case's topics. Record only: they run again on every replay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.harassment.errors import (
    BillAlreadyDecided,
    BillAlreadyPaid,
    BillHasUnclassifiedLines,
    BillUnderReview,
    InvoiceNotFound,
)
from domain.harassment.invoices import Invoice, line_exclusion
from domain.harassment.vocabulary import BillStatus, FeeType
from domain.kernel.actors import Actor, Role
from domain.kernel.errors import InvalidInput
from domain.kernel.inputs import is_whole_yen, require_text

LONGEST_REASON = 1_000


@dataclass(frozen=True)
class LineReviewInput:
    """The adjuster's review of one line: the amount allowed (at most what was billed), why, and —
    for a line imported with an unknown code, or to correct one — its fee type."""

    invoice_number: str
    line_number: int  # 1-based, as the page and the import report number them
    allowed_yen: int
    reason: str
    fee_type: FeeType | str | None = None


class BillReview:
    invoices: list[Invoice]
    consent_date: date | None

    # ---- commands -------------------------------------------------------------------------

    def start_bill_review(self, invoice_number: str, *, actor: Actor) -> None:
        actor.require(Role.ADJUSTER, command="reviewing a lawyer's bill")
        invoice = self._bill_open_to_review(invoice_number)
        if invoice.status == BillStatus.UNDER_REVIEW:
            raise BillUnderReview(f"bill {invoice.number} is already under review", field="invoice_number",
                                  params={"number": invoice.number})
        self._bill_review_started(invoice_number=invoice.number, actor_id=actor.user_id, actor_role=actor.role.value)

    def review_bill_line(self, review: LineReviewInput, *, actor: Actor) -> None:
        """Reduce a line (or classify a flagged one), with a reason. Opens the review if needed."""
        actor.require(Role.ADJUSTER, command="reviewing a lawyer's bill")
        invoice = self._bill_open_to_review(review.invoice_number)
        line = _line_of(invoice, review.line_number)
        fee_type = FeeType.coerce(review.fee_type, "fee_type") if review.fee_type not in (None, "") else line.fee_type
        if not is_whole_yen(review.allowed_yen) or review.allowed_yen < 0:
            raise InvalidInput("allowed_yen: a whole number of yen, 0 or more", field="allowed_yen",
                               reason="not_whole_yen")
        if review.allowed_yen > line.amount_yen:
            raise InvalidInput(f"allowed_yen may not exceed the ¥{line.amount_yen:,} billed", field="allowed_yen",
                               reason="above_billed", params={"billed_yen": line.amount_yen})
        reason = require_text(review.reason, "reason")
        if len(reason) > LONGEST_REASON:
            raise InvalidInput(f"reason: at most {LONGEST_REASON} characters", field="reason", reason="too_long",
                               params={"maximum": LONGEST_REASON})
        assert self.consent_date is not None  # a bill is recorded only after consent
        exclusion = line_exclusion(FeeType(fee_type) if fee_type else None, line.work_date, self.consent_date)
        covered_after = review.allowed_yen if exclusion is None else 0
        self._open_review_of(invoice, actor)
        self._bill_line_reviewed(
            invoice_number=invoice.number, line_number=review.line_number,
            fee_type=FeeType(fee_type).value if fee_type else None, allowed_yen=review.allowed_yen,
            covered=exclusion is None, exclusion=exclusion.value if exclusion else None, reason=reason,
            covered_change_yen=covered_after - line.covered_yen, actor_id=actor.user_id, actor_role=actor.role.value,
        )

    def approve_bill(self, invoice_number: str, *, actor: Actor) -> None:
        """Approved as reviewed: `partly_approved` when a line was reduced, else `approved`."""
        actor.require(Role.ADJUSTER, command="approving a lawyer's bill")
        invoice = self._bill_open_to_review(invoice_number)
        if invoice.unclassified_lines:
            raise BillHasUnclassifiedLines(
                f"lines {invoice.unclassified_lines} of bill {invoice.number} need a fee type first",
                field="invoice_number", params={"lines": "、".join(map(str, invoice.unclassified_lines))})
        reduced = any(line.reduced for line in invoice.lines)
        outcome = BillStatus.PARTLY_APPROVED if reduced else BillStatus.APPROVED
        self._open_review_of(invoice, actor)
        self._bill_approved(invoice_number=invoice.number, outcome=outcome.value, covered_yen=invoice.covered_yen,
                            actor_id=actor.user_id, actor_role=actor.role.value)

    def reject_bill(self, invoice_number: str, *, reason: str, actor: Actor) -> None:
        actor.require(Role.ADJUSTER, command="rejecting a lawyer's bill")
        invoice = self._bill_open_to_review(invoice_number)
        reason = require_text(reason, "reason")
        self._open_review_of(invoice, actor)
        self._bill_rejected(invoice_number=invoice.number, reason=reason,
                            covered_change_yen=-invoice.covered_yen, actor_id=actor.user_id,
                            actor_role=actor.role.value)

    # ---- what the review asks of the case -------------------------------------------------

    def _open_review_of(self, invoice: Invoice, actor: Actor) -> None:
        """Every decision is taken in a review: a received bill's is opened first (its own event),
        so that a bill is decided only from `under_review` and the lists can count the open ones."""
        if invoice.status == BillStatus.RECEIVED:
            self._bill_review_started(invoice_number=invoice.number, actor_id=actor.user_id,
                                      actor_role=actor.role.value)

    @property
    def bills_under_review(self) -> list[str]:
        return [inv.number for inv in self.invoices if inv.status == BillStatus.UNDER_REVIEW]

    def _require_no_bill_under_review(self) -> None:
        if self.bills_under_review:
            numbers = "、".join(self.bills_under_review)
            raise BillUnderReview(f"bill(s) {numbers} are under review: approve or reject them first",
                                  field="invoice_number", params={"number": numbers})

    def _bill_open_to_review(self, invoice_number: str) -> Invoice:
        self._require_open()  # type: ignore[attr-defined]
        number = require_text(invoice_number, "invoice_number")
        invoice = next((inv for inv in self.invoices if inv.number == number), None)
        if invoice is None:
            raise InvoiceNotFound(f"no bill {number} on this case", field="invoice_number", params={"number": number})
        if BillStatus(invoice.status).is_decided:
            raise BillAlreadyDecided(f"bill {number} is already {invoice.status}", field="invoice_number",
                                     params={"number": number, "status": BillStatus(invoice.status).ja})
        if any(number in payment.invoice_numbers for payment in self.payments.values()):  # type: ignore[attr-defined]
            raise BillAlreadyPaid(f"a payment already included bill {number}", field="invoice_number",
                                  params={"number": number})
        return invoice

    # bound in case.py
    def _bill_review_started(self, **kwargs: Any) -> None: ...
    def _bill_line_reviewed(self, **kwargs: Any) -> None: ...
    def _bill_approved(self, **kwargs: Any) -> None: ...
    def _bill_rejected(self, **kwargs: Any) -> None: ...


def _line_of(invoice: Invoice, line_number: int) -> Any:
    if not isinstance(line_number, int) or isinstance(line_number, bool) or not 1 <= line_number <= len(invoice.lines):
        raise InvalidInput(f"line_number: 1 to {len(invoice.lines)}", field="line_number", reason="no_such_line",
                           params={"lines": len(invoice.lines)})
    return invoice.lines[line_number - 1]


# ---- the recording bodies (bound as @event in case.py) ------------------------------------------


def _invoice(self: Any, number: str) -> Invoice:
    return next(inv for inv in self.invoices if inv.number == number)


def review_started(self: Any, invoice_number: str, actor_id: str, actor_role: str) -> None:
    _invoice(self, invoice_number).status = BillStatus.UNDER_REVIEW.value


def line_reviewed(self: Any, invoice_number: str, line_number: int, fee_type: str | None, allowed_yen: int,
                  covered: bool, exclusion: str | None, reason: str, covered_change_yen: int, actor_id: str,
                  actor_role: str) -> None:
    line = _invoice(self, invoice_number).lines[line_number - 1]
    line.fee_type, line.allowed_yen, line.covered, line.exclusion = fee_type, allowed_yen, covered, exclusion
    line.review_reason, line.reviewed_by = reason, actor_id


def approved(self: Any, invoice_number: str, outcome: str, covered_yen: int, actor_id: str, actor_role: str) -> None:
    invoice = _invoice(self, invoice_number)
    invoice.status, invoice.decided_by = outcome, actor_id


def rejected(self: Any, invoice_number: str, reason: str, covered_change_yen: int, actor_id: str,
             actor_role: str) -> None:
    invoice = _invoice(self, invoice_number)
    invoice.status, invoice.decision_reason, invoice.decided_by = BillStatus.REJECTED.value, reason, actor_id
