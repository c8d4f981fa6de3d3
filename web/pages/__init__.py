"""The page routes, one module per area. Every route here checks the role (web.session.page_user),
except the sign-in page itself and the API reference pages, which are public."""

from web.pages import (
    case_bills,
    case_counsel,
    cases,
    claim_file,
    counsel,
    diary,
    docs,
    documents,
    home,
    incident_notice,
    incident_payment,
    incidents,
    placeholders,
    queues,
    report_consultations,
    report_limits,
    reports,
    sign_in,
)

__all__ = ["case_bills", "cases", "claim_file", "diary", "docs", "documents", "home", "incident_notice",
           "incident_payment", "incidents", "placeholders", "queues", "sign_in"]
__all__ += ["case_counsel", "counsel", "report_consultations", "report_limits", "reports"]
