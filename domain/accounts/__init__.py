"""The users' accounts as the audit trail sees them: sign-ins, refused attempts, locks and
sign-outs, and the rule that locks an account after repeated failures (decision 0013)."""

from domain.accounts import descriptions as _descriptions  # noqa: F401  (registers the events' descriptions)
