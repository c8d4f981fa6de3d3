"""Policies and plans, shared by every product: plan terms as data, the policy with its cover
period and limits, the cut-off of mid-term enrolment, and the registers that keep rules across
policies (one contract per clinic; the physician cyber group)."""

from domain.policies import descriptions as _descriptions  # noqa: F401  (registers the events' descriptions)
