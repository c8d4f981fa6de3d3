"""Rules of the lawyer's escalation that refuse a command."""

from __future__ import annotations

from domain.kernel.errors import TransitionRefused


class EscalationNotAwaitingConsent(TransitionRefused):
    rule = "escalation_not_awaiting_consent"


class EscalationAlreadyRecommended(TransitionRefused):
    rule = "escalation_already_recommended"


class EscalationNotApproved(TransitionRefused):
    rule = "escalation_not_approved"
