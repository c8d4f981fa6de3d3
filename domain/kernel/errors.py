"""Named domain errors. Each carries the rule it enforces, so callers can say which one broke.

`rule` is a stable machine name (the message catalogue `api/locale` is keyed by it); `reason`
refines an `invalid_input` (empty, in the future, …); `params` are the figures a message may
quote (amounts, dates). Errors of one product live in that product's package.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DomainError(Exception):
    """A business rule refused a command. `rule` is a stable machine name for the rule."""

    rule: str = "domain_rule"
    status: str = "refused"  # how the HTTP layer classes it: refused (409) or invalid (422)

    def __init__(
        self, detail: str, *, field: str | None = None, reason: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.reason = reason
        self.params = dict(params or {})


class InvalidInput(DomainError):
    """A value breaks a rule of its own, whatever the state of the record (422)."""

    rule = "invalid_input"
    status = "invalid"


class TransitionRefused(DomainError):
    """The command is not allowed in the record's current state (409)."""

    rule = "transition_refused"


class RoleNotAllowed(DomainError):
    """The actor's role may not run this command (403)."""

    rule = "role_not_allowed"
    status = "forbidden"


class NotFound(DomainError):
    status = "not_found"


class CaseNotFound(NotFound):
    rule = "case_not_found"


class IncidentNotFound(NotFound):
    rule = "incident_not_found"


class VersionMismatch(DomainError):
    """The caller's expected version (If-Match) is not the record's current version."""

    rule = "version_mismatch"
    status = "stale"


class ConcurrentModification(DomainError):
    """The record kept changing under us for every allowed retry."""

    rule = "concurrent_modification"


class IdempotencyKeyReused(DomainError):
    """The same Idempotency-Key was recorded already (by this or a concurrent request)."""

    rule = "idempotency_key_reused"


# ---- the lifecycle every claim shares ---------------------------------------------------------


class CaseClosed(TransitionRefused):
    rule = "case_is_closed"


class CaseNotClosed(TransitionRefused):
    rule = "case_is_not_closed"


class NotCovered(TransitionRefused):
    """The claim's coverage decision was "not covered": it cannot reach escalation or payment."""

    rule = "case_not_covered"


class DuplicateInvoice(TransitionRefused):
    rule = "duplicate_invoice_number"


# ---- payments ---------------------------------------------------------------------------------


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


class LimitExhausted(TransitionRefused):
    rule = "payment_limit_exhausted"


class WrongPolicy(TransitionRefused):
    """A claim is paid under, and charged to, its own policy only."""

    rule = "not_the_claims_policy"


# ---- four eyes: a payment above the approver's authority waits for a second adjuster ------------


class PaymentAwaitingConfirmation(TransitionRefused):
    """One request at a time per claim (per head of loss on an incident): it is confirmed,
    withdrawn or refused before another payment is approved or requested."""

    rule = "payment_awaiting_confirmation"


class PaymentRequestNotFound(TransitionRefused):
    rule = "payment_request_not_found"


class PaymentRequestNotWaiting(TransitionRefused):
    rule = "payment_request_not_waiting"


class OwnPaymentRequest(TransitionRefused):
    """Nobody confirms or refuses their own request: that is what the second pair of eyes is for."""

    rule = "own_payment_request"


class NotTheRequester(TransitionRefused):
    """Only the adjuster who asked may withdraw a request; a colleague refuses it instead."""

    rule = "not_the_requester"


# ---- reserves -----------------------------------------------------------------------------------


class ReserveUnchanged(TransitionRefused):
    rule = "reserve_unchanged"


class ReserveAboveLimit(TransitionRefused):
    """A reserve is what the insurer still expects to pay on the claim: never more than the
    policy's limits still allow it (per claim or head of loss, and per year)."""

    rule = "reserve_above_limit"


# ---- notes --------------------------------------------------------------------------------------


class NoteNotFound(TransitionRefused):
    rule = "note_not_found"
