"""What a cyber incident's page shows and offers, as web/case_view.py does for a case. Which forms
it offers is asked of the domain: each command is tried on a copy of the incident, with
placeholder values, by the signed-in person; a form is shown when the incident's state and the
person's role let the command through. Per head of loss (賠償責任, 費用) it also asks the domain
which cost types the incident takes, why a head takes no cost now, what approving would pay and
whether that approval would go through for this person. The page never restates a rule."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from api.i18n import translate
from domain.cyber.errors import CostNotInProduct
from domain.cyber.heads import CostInput, OffsetInput, ThirdPartyClaimInput
from domain.cyber.incident import HEADS, CyberIncident
from domain.cyber.vocabulary import COST_TYPES, CostType, HeadOfLoss, OffsetKind, RecourseDecision
from domain.kernel.actors import Actor
from domain.kernel.clock import japan_date
from domain.kernel.errors import DomainError, InvalidInput
from domain.kernel.payments import PaymentQuote, SettlementInput
from domain.kernel.payout import payout_for_covered_fees
from domain.policies.policy import Policy
from infra.users import User
from web.claim_file_view import ClaimFileView
from web.trials import AsQuoted, accepts

Trial = Callable[[CyberIncident, Actor, datetime], object]
TRIAL_INVOICE = "\x00trial"  # an invoice number nobody types


def cost_trial(head: HeadOfLoss, cost_type: CostType) -> Trial:
    return lambda i, a, now: i.record_cost(
        CostInput(head, cost_type, "-", TRIAL_INVOICE, japan_date(now), 1), actor=a, now=now)


TRIALS: dict[str, Trial] = {
    "third_party_claim": lambda i, a, now: i.receive_third_party_claim(
        ThirdPartyClaimInput("-", 1, japan_date(now), "-"), actor=a, now=now),
    "offset": lambda i, a, now: i.record_offset(
        OffsetInput(OffsetKind.OTHER_INSURANCE, HeadOfLoss.EXPENSES, 1, "-", japan_date(now)), actor=a, now=now),
    "recourse": lambda i, a, now: i.decide_recourse(decision=RecourseDecision.WAIVED, reason="-", actor=a),
    "close": lambda i, a, now: i.close(reason="-", actor=a, now=now),
    "reopen": lambda i, a, now: i.reopen(reason="-", actor=a),
}


def refusal_of(incident: CyberIncident, trial: Callable[[CyberIncident], object]) -> DomainError | None:
    """The refusal the command would meet on this incident now (None: it would go through, or
    only its placeholder values would be refused). On a copy: nothing is recorded."""
    try:
        trial(copy.deepcopy(incident))
    except InvalidInput:
        return None
    except DomainError as refusal:
        return refusal
    return None


@dataclass(frozen=True)
class HeadFigures:
    """The payment screen of one head of loss, each figure as the domain computes it."""

    head: HeadOfLoss
    costs_yen: int
    other_insurance_yen: int
    recoveries_yen: int
    basis_yen: int
    deductible_yen: int
    coinsurance_percent: int
    payout_total_yen: int
    approved_yen: int
    owed_yen: int
    left_for_claim_yen: int | None
    left_for_head_yen: int | None
    left_for_year_yen: int | None
    quote: PaymentQuote
    authority_limit_yen: int | None

    @property
    def within_authority(self) -> bool:
        return self.authority_limit_yen is None or self.quote.payable_yen <= self.authority_limit_yen


class IncidentView:
    def __init__(self, incident: CyberIncident, quotes: dict[HeadOfLoss, PaymentQuote], user: User, now: datetime) -> None:
        self.incident = incident
        self.quotes = quotes
        self.user = user
        self.now = now
        self.file = ClaimFileView(incident, user, now)
        self._refusals: dict[tuple[HeadOfLoss, CostType], DomainError | None] = {}

    def _try(self, trial: Trial) -> Callable[[CyberIncident], object]:
        return lambda i: trial(i, self.user.actor, self.now)

    def offers(self, form: str) -> bool:
        if form == "cost":
            return any(self.cost_types(head) and self.cost_refusal(head) is None for head in HEADS)
        return accepts(self.incident, self._try(TRIALS[form]))

    def offers_settlement(self, payment_number: int) -> bool:
        settlement = SettlementInput(payment_number, japan_date(self.now), "-")
        return accepts(self.incident, lambda i: i.settle_payment(settlement, actor=self.user.actor, now=self.now))

    # ---- costs ----------------------------------------------------------------------------

    def _cost_refused(self, head: HeadOfLoss, cost_type: CostType) -> DomainError | None:
        """The refusal a cost of this head and type would meet now (each asked once per page)."""
        if (head, cost_type) not in self._refusals:
            self._refusals[head, cost_type] = refusal_of(self.incident, self._try(cost_trial(head, cost_type)))
        return self._refusals[head, cost_type]

    def cost_types(self, head: HeadOfLoss) -> list[CostType]:
        """The cost types of the head that this incident's product covers (the others are refused)."""
        return [t for t in COST_TYPES[head] if not isinstance(self._cost_refused(head, t), CostNotInProduct)]

    def cost_refusal(self, head: HeadOfLoss) -> str | None:
        """Why no cost can be recorded under this head now, in Japanese (None: it can)."""
        refusal = self._cost_refused(head, (self.cost_types(head) or list(COST_TYPES[head]))[0])
        return None if refusal is None else translate(refusal.rule, reason=refusal.reason, params=refusal.params)

    def costs_of(self, head: HeadOfLoss) -> list:
        return [c for c in self.incident.costs if c.head == head]

    # ---- paying ---------------------------------------------------------------------------

    def offers_payment(self, head: HeadOfLoss) -> bool:
        """The approval the head's quote describes would go through for this person (role, authority)."""
        quote = self.quotes[head]
        if quote.refusal is not None:
            return False
        as_quoted = AsQuoted(self.incident.policy_ref.strip().upper(), quote.payable_yen)
        return accepts(self.incident, lambda i: i.approve_payment(head=head, actor=self.user.actor, policy=as_quoted,
                                                              now=self.now))

    def payments_of(self, head: HeadOfLoss) -> list:
        return [p for p in self.incident.payments.values() if p.head == head]

    def figures(self, head: HeadOfLoss, policy: Policy | None) -> HeadFigures:
        incident, terms = self.incident, self.incident.payout_terms
        offsets = {kind: sum(o.amount_yen for o in incident.offsets if o.head == head and o.kind == kind) for kind in OffsetKind}
        has_sub_limit = policy is not None and head.value in policy.terms.sub_limits_yen
        return HeadFigures(
            head=head, costs_yen=incident.costs_yen(head), other_insurance_yen=offsets[OffsetKind.OTHER_INSURANCE],
            recoveries_yen=offsets[OffsetKind.RECOVERY], basis_yen=incident.basis_yen(head),
            deductible_yen=terms.deductible_yen, coinsurance_percent=terms.coinsurance_percent,
            payout_total_yen=payout_for_covered_fees(incident.basis_yen(head), terms),
            approved_yen=incident.book.approved_yen(head), owed_yen=incident.owed_now_yen(head),
            left_for_claim_yen=policy.remaining_for_claim(str(incident.id)) if policy else None,
            left_for_head_yen=policy.remaining_for_head(head) if has_sub_limit else None,
            left_for_year_yen=policy.remaining_for_year if policy else None,
            quote=self.quotes[head], authority_limit_yen=self.user.authority_limit_yen)

