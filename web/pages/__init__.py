"""The page routes, one module per area. Every route here checks the role (web.session.page_user),
except the sign-in page itself and the API reference pages, which are public."""

from web.pages import (
    case_bills,
    cases,
    docs,
    home,
    incident_notice,
    incident_payment,
    incidents,
    placeholders,
    queues,
    sign_in,
)

__all__ = ["case_bills", "cases", "docs", "home", "incident_notice", "incident_payment", "incidents", "placeholders",
           "queues", "sign_in"]
