"""The claim-response case's commands and queries, by name (product `harassment`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from uuid import UUID, uuid4

from eventsourcing.domain import DomainEventProtocol

from domain.application.claim_file import ClaimFileCommands
from domain.application.machinery import Change, CommandResult, Idempotency
from domain.counsel.register import REGISTER_ID, CounselRegister
from domain.harassment.bill_review import LineReviewInput
from domain.harassment.case import ClaimCase, ConsentInput
from domain.harassment.coverage import harassment_coverage
from domain.harassment.invoices import InvoiceInput
from domain.harassment.matter import MatterStepInput
from domain.harassment.report import CaseReport, ConsultationInput
from domain.kernel.actors import Actor
from domain.kernel.errors import CaseNotFound
from domain.kernel.notes import NoteInput
from domain.kernel.payments import PaymentQuote, SettlementInput
from domain.kernel.payout import HARASSMENT_TERMS, PayoutTerms
from domain.kernel.products import Product

CaseDecision = Callable[[ClaimCase, datetime], Change]


class CaseCommands(ClaimFileCommands):
    def report_case(self, report: CaseReport, actor: Actor, *, idempotency: Idempotency | None = None) -> CommandResult:
        """A first report, with its coverage decision taken against the policy it names."""

        def decide(now: datetime) -> Change:
            policy = self.find_policy(report.policy_ref)
            coverage = harassment_coverage(policy, report.occurred_at, report.in_japan, report.claim_act_kinds)
            terms = HARASSMENT_TERMS
            if policy is not None and policy.product == Product.HARASSMENT:
                terms = PayoutTerms(policy.terms.deductible_yen, policy.terms.coinsurance_percent)
            return Change(ClaimCase.report(report, actor, now, uuid4(), coverage, terms))

        return self._create(decide, idempotency=idempotency)

    def log_consultation(
        self, case_id: UUID, consultation: ConsultationInput, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(case: ClaimCase, now: datetime) -> Change:
            case.log_consultation(consultation, actor=actor, now=now)
            return Change(case)

        return self._on_case(case_id, decide, expected_version, idempotency)

    def recommend_escalation(
        self, case_id: UUID, reason: str, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(case: ClaimCase, now: datetime) -> Change:
            case.recommend_escalation(reason=reason, actor=actor, now=now)
            return Change(case)

        return self._on_case(case_id, decide, expected_version, idempotency)

    def approve_escalation(
        self, case_id: UUID, consent: ConsentInput, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(case: ClaimCase, now: datetime) -> Change:
            if consent.lawyer_id is None:
                case.approve_escalation(consent, actor=actor, now=now)
                return Change(case)
            register = self.counsel_register()
            lawyer = register.lawyer(consent.lawyer_id)
            firm = register.firm(lawyer.firm_id)
            named = dataclasses.replace(consent, lawyer_name=lawyer.name, law_firm=firm.name, law_firm_id=firm.id)
            case.approve_escalation(named, actor=actor, now=now)
            register.open_matter(case.id, lawyer.id, consent.consent_date, actor=actor)
            return Change(case, (register,))

        return self._on_case(case_id, decide, expected_version, idempotency)

    def decline_escalation(
        self, case_id: UUID, reason: str, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(case: ClaimCase, _now: datetime) -> Change:
            case.decline_escalation(reason=reason, actor=actor)
            return Change(case)

        return self._on_case(case_id, decide, expected_version, idempotency)

    def record_invoice(
        self, case_id: UUID, invoice: InvoiceInput, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(case: ClaimCase, now: datetime) -> Change:
            case.record_invoice(invoice, actor=actor, now=now)
            return Change(case)

        return self._on_case(case_id, decide, expected_version, idempotency)

    def start_bill_review(
        self, case_id: UUID, invoice_number: str, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(case: ClaimCase, _now: datetime) -> Change:
            case.start_bill_review(invoice_number, actor=actor)
            return Change(case)

        return self._on_case(case_id, decide, expected_version, idempotency)

    def review_bill_line(
        self, case_id: UUID, review: LineReviewInput, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        """Reduce a bill's line (or give a flagged line its fee type), with a reason."""

        def decide(case: ClaimCase, _now: datetime) -> Change:
            case.review_bill_line(review, actor=actor)
            return Change(case)

        return self._on_case(case_id, decide, expected_version, idempotency)

    def approve_bill(
        self, case_id: UUID, invoice_number: str, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(case: ClaimCase, _now: datetime) -> Change:
            case.approve_bill(invoice_number, actor=actor)
            return Change(case)

        return self._on_case(case_id, decide, expected_version, idempotency)

    def reject_bill(
        self, case_id: UUID, invoice_number: str, reason: str, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(case: ClaimCase, _now: datetime) -> Change:
            case.reject_bill(invoice_number, reason=reason, actor=actor)
            return Change(case)

        return self._on_case(case_id, decide, expected_version, idempotency)

    def record_matter_step(
        self, case_id: UUID, step: MatterStepInput, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(case: ClaimCase, now: datetime) -> Change:
            case.record_matter_step(step, actor=actor, now=now)
            return Change(case)

        return self._on_case(case_id, decide, expected_version, idempotency)

    def approve_payment(
        self, case_id: UUID, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        """Approve what the rule owes now within the policy's limits; the policy is charged in
        the same transaction, so two approvals at once can never overshoot a limit. Above the
        adjuster's authority it is recorded as a request for a second adjuster (four eyes)."""

        def decide(case: ClaimCase, now: datetime) -> Change:
            policy = self.get_policy(case.policy_ref)
            case.approve_payment(actor=actor, policy=policy, now=now)
            return Change(case, (policy,))

        return self._on_case(case_id, decide, expected_version, idempotency)

    def confirm_case_payment(
        self, case_id: UUID, request_number: int, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        return self._confirm_payment(lambda: self.get_case(case_id), request_number, actor, expected_version,
                                     idempotency)

    def withdraw_case_payment_request(
        self, case_id: UUID, request_number: int, reason: str, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        return self._withdraw_payment_request(lambda: self.get_case(case_id), request_number, reason, actor,
                                              expected_version, idempotency)

    def refuse_case_payment_request(
        self, case_id: UUID, request_number: int, reason: str, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        return self._refuse_payment_request(lambda: self.get_case(case_id), request_number, reason, actor,
                                            expected_version, idempotency)

    def add_case_note(
        self, case_id: UUID, note: NoteInput, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        return self._add_note(lambda: self.get_case(case_id), note, actor, expected_version, idempotency)

    def set_case_reserve(
        self, case_id: UUID, amount_yen: int, reason: str, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        return self._set_reserve(lambda: self.get_case(case_id), amount_yen, None, reason, actor, expected_version,
                                 idempotency)

    def settle_payment(
        self, case_id: UUID, settlement: SettlementInput, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(case: ClaimCase, now: datetime) -> Change:
            case.settle_payment(settlement, actor=actor, now=now)
            return Change(case)

        return self._on_case(case_id, decide, expected_version, idempotency)

    def close_case(
        self, case_id: UUID, reason: str, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(case: ClaimCase, now: datetime) -> Change:
            case.close(reason=reason, actor=actor, now=now)
            return Change(case)

        return self._on_case(case_id, decide, expected_version, idempotency)

    def reopen_case(
        self, case_id: UUID, reason: str, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(case: ClaimCase, _now: datetime) -> Change:
            case.reopen(reason=reason, actor=actor)
            return Change(case)

        return self._on_case(case_id, decide, expected_version, idempotency)

    # ---- queries --------------------------------------------------------------------------

    def counsel_register(self) -> CounselRegister:
        """The register of law firms and lawyers (empty until the first is registered)."""
        return self._get_or(REGISTER_ID, CounselRegister, CounselRegister.open)

    def get_case(self, case_id: UUID, version: int | None = None, as_of: datetime | None = None) -> ClaimCase:
        missing = CaseNotFound(f"no case {case_id}", field="case_id")
        return self._get(case_id, ClaimCase, missing, self._version_at(case_id, version, as_of, missing))

    def case_history(self, case_id: UUID) -> list[DomainEventProtocol[UUID]]:
        self.get_case(case_id)
        return self._history(case_id)

    def case_payment_quote(self, case: ClaimCase, *, current: bool = True) -> PaymentQuote:
        """What approving would pay on this case now — what the case shows as payable — under its
        policy as it stands now; for a past version of the case, as the policy stood then."""
        return self._quote_under_policy(case.policy_ref, None if current else case.modified_on, case.quote_payment)

    # ---- machinery ------------------------------------------------------------------------

    def _on_case(self, case_id: UUID, decide: CaseDecision, expected_version: int | None,
                 idempotency: Idempotency | None) -> CommandResult:
        return self._run(lambda: self.get_case(case_id), decide, expected_version=expected_version,
                         idempotency=idempotency)
