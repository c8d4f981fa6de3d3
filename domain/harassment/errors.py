"""Rules of the lawyer's escalation that refuse a command."""

from __future__ import annotations

from domain.kernel.errors import TransitionRefused


class EscalationNotAwaitingConsent(TransitionRefused):
    rule = "escalation_not_awaiting_consent"


class EscalationAlreadyRecommended(TransitionRefused):
    rule = "escalation_already_recommended"


class EscalationNotApproved(TransitionRefused):
    rule = "escalation_not_approved"


class InvoiceNotFound(TransitionRefused):
    rule = "invoice_not_found"


class BillAlreadyDecided(TransitionRefused):
    """An approved, partly approved or rejected bill is not reviewed again."""

    rule = "bill_already_decided"


class BillAlreadyPaid(TransitionRefused):
    """A bill a payment already included is not reduced or rejected afterwards: the payment stands."""

    rule = "bill_already_paid"


class BillHasUnclassifiedLines(TransitionRefused):
    """A line whose code the mapping does not know needs its fee type from the adjuster first."""

    rule = "bill_has_unclassified_lines"


class BillUnderReview(TransitionRefused):
    """Nothing is paid on a case while one of its bills is under review."""

    rule = "bill_under_review"


class MatterNotStarted(TransitionRefused):
    rule = "matter_not_started"


class MatterStepNotAllowed(TransitionRefused):
    rule = "matter_step_not_allowed"
