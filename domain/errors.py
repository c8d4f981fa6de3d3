"""Named domain errors. Each carries the rule it enforces, so callers can say which one broke."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused a command. `rule` is a stable machine name for the rule."""

    rule: str = "domain_rule"
    status: str = "refused"  # how the HTTP layer classes it: refused (409) or invalid (422)

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field


class InvalidInput(DomainError):
    """A value breaks a rule of its own, whatever the state of the case (422)."""

    rule = "invalid_input"
    status = "invalid"


class TransitionRefused(DomainError):
    """The command is not allowed in the case's current state (409)."""

    rule = "transition_refused"


class RoleNotAllowed(DomainError):
    """The actor's role may not run this command (403)."""

    rule = "role_not_allowed"
    status = "forbidden"


class CaseClosed(TransitionRefused):
    rule = "case_is_closed"


class CaseNotClosed(TransitionRefused):
    rule = "case_is_not_closed"


class EscalationNotAwaitingConsent(TransitionRefused):
    rule = "escalation_not_awaiting_consent"


class EscalationAlreadyRecommended(TransitionRefused):
    rule = "escalation_already_recommended"


class EscalationNotApproved(TransitionRefused):
    rule = "escalation_not_approved"


class NothingToPay(TransitionRefused):
    rule = "nothing_to_pay"


class AuthorityLimitExceeded(TransitionRefused):
    rule = "authority_limit_exceeded"


class PaymentNotFound(TransitionRefused):
    rule = "payment_not_found"


class PaymentAlreadySettled(TransitionRefused):
    rule = "payment_already_settled"


class UnsettledPayments(TransitionRefused):
    rule = "unsettled_payments"


class DuplicateInvoice(TransitionRefused):
    rule = "duplicate_invoice_number"


class CaseNotFound(DomainError):
    rule = "case_not_found"
    status = "not_found"


class VersionMismatch(DomainError):
    """The caller's expected version (If-Match) is not the case's current version."""

    rule = "version_mismatch"
    status = "stale"


class ConcurrentModification(DomainError):
    """The case kept changing under us for every allowed retry."""

    rule = "concurrent_modification"


class IdempotencyKeyReused(DomainError):
    """The same Idempotency-Key was recorded already (by this or a concurrent request)."""

    rule = "idempotency_key_reused"


class NotCovered(TransitionRefused):
    """The case's coverage decision was "not covered": it cannot reach escalation or payment."""

    rule = "case_not_covered"


class PolicyNotFound(DomainError):
    rule = "policy_not_found"
    status = "not_found"


class PlanNotFound(DomainError):
    rule = "plan_not_found"
    status = "not_found"


class ClinicApplicantNotFounder(TransitionRefused):
    rule = "clinic_applicant_not_founder"


class ClinicAlreadyContracted(TransitionRefused):
    rule = "one_contract_per_clinic"


class PolicyholderKindNotEligible(TransitionRefused):
    rule = "policyholder_kind_not_eligible"


class PremiumAlreadyReceived(TransitionRefused):
    rule = "premium_already_received"


class PremiumAmountMismatch(TransitionRefused):
    rule = "premium_amount_mismatch"


class PolicyNotActive(TransitionRefused):
    rule = "policy_not_active"


class LimitExhausted(TransitionRefused):
    rule = "payment_limit_exhausted"


class PlanAlreadyExists(TransitionRefused):
    rule = "plan_already_exists"


class IncidentNotFound(DomainError):
    rule = "incident_not_found"
    status = "not_found"


class CostNotInProduct(TransitionRefused):
    rule = "cost_not_in_product"


class HeadNotCoveredForParty(TransitionRefused):
    rule = "head_not_covered_for_insured_party"


class LiabilityNeedsClaim(TransitionRefused):
    rule = "liability_needs_third_party_claim"
