"""What a case's page shows and offers. Which forms it offers is asked of the domain itself: each
command is tried on a copy of the case, with placeholder values, by the signed-in person; a form
is shown when the case's state and the person's role let the command through (a placeholder
value may be refused — that is the form's business, not the state's). So the page never
restates a rule: it shows what the case would accept now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from domain.harassment.case import ClaimCase, ConsentInput
from domain.harassment.invoices import InvoiceInput, InvoiceLineInput
from domain.harassment.matter import MatterStepInput
from domain.harassment.report import ConsultationInput
from domain.harassment.vocabulary import Channel, FeeType, MatterOutcome, MatterStage
from domain.kernel.actors import Actor
from domain.kernel.clock import japan_date
from domain.kernel.payments import PaymentQuote, SettlementInput
from domain.kernel.payout import payout_for_covered_fees
from infra.users import User
from web.claim_file_view import ClaimFileView
from web.trials import AsQuoted, accepts

Trial = Callable[[ClaimCase, Actor, datetime], object]

TRIALS: dict[str, Trial] = {
    "consultation": lambda c, a, now: c.log_consultation(ConsultationInput(now, Channel.PHONE, 1, "-", "-", "-"),
                                                         actor=a, now=now),
    "recommend": lambda c, a, now: c.recommend_escalation(reason="-", actor=a, now=now),
    "consent": lambda c, a, now: c.approve_escalation(ConsentInput("-", japan_date(now), "-", "-"), actor=a, now=now),
    "decline": lambda c, a, now: c.decline_escalation(reason="-", actor=a),
    "invoice": lambda c, a, now: c.record_invoice(
        InvoiceInput("\x00trial", japan_date(now), (InvoiceLineInput(FeeType.RETAINER, japan_date(now), 1),)),
        actor=a, now=now),
    "close": lambda c, a, now: c.close(reason="-", actor=a, now=now),
    "reopen": lambda c, a, now: c.reopen(reason="-", actor=a),
}


@dataclass(frozen=True)
class PaymentComputation:
    """The figures of the payment screen, each as the domain computes it."""

    covered_fees_yen: int
    deductible_yen: int
    coinsurance_percent: int
    payout_total_yen: int
    approved_yen: int
    quote: PaymentQuote
    authority_limit_yen: int | None

    @property
    def within_authority(self) -> bool:
        """Whether approving is a payment (True) or a request for a second adjuster (False)."""
        return self.authority_limit_yen is None or self.quote.payable_yen <= self.authority_limit_yen


class CaseView:
    def __init__(self, case: ClaimCase, quote: PaymentQuote, user: User, now: datetime) -> None:
        self.case = case
        self.quote = quote
        self.user = user
        self.now = now
        self.file = ClaimFileView(case, user, now)

    def offers(self, form: str) -> bool:
        trial = TRIALS[form]
        return accepts(self.case, lambda c: trial(c, self.user.actor, self.now))

    def offers_bill_review(self, invoice_number: str) -> bool:
        """The bill is open to the adjuster's review (not decided, not yet paid)."""
        return accepts(self.case, lambda c: c.reject_bill(invoice_number, reason="-", actor=self.user.actor))

    @property
    def offers_matter_step(self) -> bool:
        step = MatterStepInput(MatterStage.CONCLUDED, japan_date(self.now), MatterOutcome.OTHER)
        return accepts(self.case, lambda c: c.record_matter_step(step, actor=self.user.actor, now=self.now))

    def offers_settlement(self, payment_number: int) -> bool:
        settlement = SettlementInput(payment_number, japan_date(self.now), "-")
        return accepts(self.case, lambda c: c.settle_payment(settlement, actor=self.user.actor, now=self.now))

    @property
    def offers_payment(self) -> bool:
        """The approval the quote describes would go through for this person (role, authority)."""
        if self.quote.refusal is not None:
            return False
        as_quoted = AsQuoted(self.case.policy_ref.strip().upper(), self.quote.payable_yen)
        return accepts(self.case, lambda c: c.approve_payment(actor=self.user.actor, policy=as_quoted, now=self.now))

    def computation(self) -> PaymentComputation:
        terms = self.case.payout_terms
        return PaymentComputation(
            covered_fees_yen=self.case.covered_fees_yen, deductible_yen=terms.deductible_yen,
            coinsurance_percent=terms.coinsurance_percent,
            payout_total_yen=payout_for_covered_fees(self.case.covered_fees_yen, terms),
            approved_yen=self.case.approved_yen, quote=self.quote, authority_limit_yen=self.user.authority_limit_yen)
