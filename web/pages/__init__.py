"""The page routes, one module per area. Every route here checks the role (web.session.page_user),
except the sign-in page itself and the API reference pages, which are public."""

from web.pages import (
    admin_plans,
    admin_policies,
    admin_roster,
    admin_users,
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

__all__ = ["admin_plans", "admin_policies", "admin_roster", "admin_users",
           "case_bills", "cases", "docs", "home", "incident_notice", "incident_payment", "incidents", "placeholders",
           "queues", "sign_in"]
