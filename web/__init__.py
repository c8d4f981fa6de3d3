"""The people's pages: server-rendered Japanese HTML over the same application and read models
as the JSON API. `router` holds every page route; `STATIC_DIR` is mounted at /static."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from web import pages
from web.pages import (  # the administrator's pages, then the auditor's
    admin_plans,
    admin_policies,
    admin_roster,
    admin_users,
    audit_access,
    audit_chain,
    audit_history,
    audit_search,
)

STATIC_DIR = Path(__file__).resolve().parent / "static"

router = APIRouter()
router.include_router(pages.docs.router)
router.include_router(pages.sign_in.router)
router.include_router(pages.home.router)
router.include_router(admin_policies.router)  # /web/admin/policies/new before /web/admin/policies/{number}
router.include_router(admin_plans.router)
router.include_router(admin_roster.router)
router.include_router(admin_users.router)  # /web/admin/users/new before /web/admin/users/{user_id}
router.include_router(pages.queues.router)
router.include_router(pages.cases.router)
router.include_router(pages.case_bills.router)
router.include_router(pages.case_counsel.router)
router.include_router(pages.counsel.router)  # /web/counsel/firms/new before /web/counsel/firms/{firm_id}
router.include_router(pages.incident_notice.router)  # /web/incidents/new, before /web/incidents/{incident_id}
router.include_router(pages.incidents.router)
router.include_router(pages.incident_payment.router)
router.include_router(pages.claim_file.router)
router.include_router(pages.diary.router)
router.include_router(pages.reports.router)
router.include_router(pages.report_limits.router)
router.include_router(pages.report_consultations.router)
router.include_router(pages.documents.router)
router.include_router(audit_search.router)  # the auditor's pages
router.include_router(audit_history.router)
router.include_router(audit_access.router)
router.include_router(audit_chain.router)
# New page routers go above this one: it ends with the 404 page for any other /web/ path.
router.include_router(pages.placeholders.router)
