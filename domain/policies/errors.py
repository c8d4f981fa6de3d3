"""Rules of enrolment, premiums and plans that refuse a command."""

from __future__ import annotations

from domain.kernel.errors import NotFound, TransitionRefused


class PolicyNotFound(NotFound):
    rule = "policy_not_found"


class PlanNotFound(NotFound):
    rule = "plan_not_found"


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


class PlanAlreadyExists(TransitionRefused):
    rule = "plan_already_exists"
