"""クレーム対応費用保険 (product `harassment`): the claim-response case, its report, the
consultations, the lawyer's escalation and consent, bills and the rule "lawyer fees only after
consent", and the product's words."""

from domain.harassment import descriptions as _descriptions  # noqa: F401  (registers the events' descriptions)
