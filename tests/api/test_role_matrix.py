"""The whole role × route matrix: every route of the service, every role. A role not listed is
refused with 403; a listed one gets past the check; no token is 401. Every mutating route refuses
the auditor and records nothing; a new route fails this test until it is placed in the table."""

from __future__ import annotations

import uuid

import pytest

C, J, A, M, MON = "concierge", "adjuster", "auditor", "admin", "monitor"
ROLES = (C, J, A, M, MON)
READERS = {C, J, A}
STAFF = {C, J, A, M}

ALLOWED: dict[tuple[str, str], set[str] | None] = {  # None: public
    ("GET", "/health"): None,
    ("GET", "/metrics"): {MON, M},
    ("POST", "/cases"): {C},
    ("GET", "/cases"): READERS,
    ("GET", "/cases/{case_id}"): READERS,
    ("GET", "/cases/{case_id}/history"): READERS,
    ("POST", "/cases/{case_id}/consultations"): {C},
    ("POST", "/cases/{case_id}/escalation/recommend"): {C},
    ("POST", "/cases/{case_id}/escalation/approve"): {J},
    ("POST", "/cases/{case_id}/escalation/decline"): {J},
    ("POST", "/cases/{case_id}/invoices"): {J},
    ("POST", "/cases/{case_id}/payments"): {J},
    ("POST", "/cases/{case_id}/payments/{payment_number}/settlement"): {J},
    ("POST", "/cases/{case_id}/close"): {J},
    ("POST", "/cases/{case_id}/reopen"): {J},
    ("POST", "/cases/{case_id}/payment-requests/{request_number}/confirm"): {J},
    ("POST", "/cases/{case_id}/payment-requests/{request_number}/withdraw"): {J},
    ("POST", "/cases/{case_id}/payment-requests/{request_number}/refuse"): {J},
    ("POST", "/cases/{case_id}/notes"): {C, J},
    ("POST", "/cases/{case_id}/reserve"): {J},
    ("POST", "/incidents"): {C, J},
    ("GET", "/incidents/{incident_id}"): READERS,
    ("GET", "/incidents/{incident_id}/history"): READERS,
    ("POST", "/incidents/{incident_id}/third-party-claims"): {J},
    ("POST", "/incidents/{incident_id}/costs"): {J},
    ("POST", "/incidents/{incident_id}/offsets"): {J},
    ("POST", "/incidents/{incident_id}/recourse"): {J},
    ("POST", "/incidents/{incident_id}/payments"): {J},
    ("POST", "/incidents/{incident_id}/payments/{payment_number}/settlement"): {J},
    ("POST", "/incidents/{incident_id}/close"): {J},
    ("POST", "/incidents/{incident_id}/reopen"): {J},
    ("POST", "/incidents/{incident_id}/payment-requests/{request_number}/confirm"): {J},
    ("POST", "/incidents/{incident_id}/payment-requests/{request_number}/withdraw"): {J},
    ("POST", "/incidents/{incident_id}/payment-requests/{request_number}/refuse"): {J},
    ("POST", "/incidents/{incident_id}/notes"): {C, J},
    ("POST", "/incidents/{incident_id}/reserves/{head}"): {J},
    ("GET", "/plans"): STAFF,
    ("GET", "/plans/{product}/{code}"): STAFF,
    ("POST", "/plans"): {M},
    ("POST", "/plans/{product}/{code}/versions"): {M},
    ("POST", "/policies"): {M},
    ("GET", "/policies"): STAFF,
    ("GET", "/policies/{number}"): STAFF,
    ("GET", "/policies/{number}/history"): STAFF,
    ("POST", "/policies/{number}/premiums"): {M},
    ("POST", "/policies/{number}/end"): {M},
    ("POST", "/policies/import"): {M},
    ("GET", "/users"): {M},
    ("POST", "/users"): {M},
    ("GET", "/users/{user_id}"): {M},
    ("GET", "/users/{user_id}/history"): {M},
    ("POST", "/users/{user_id}/role"): {M},
    ("POST", "/users/{user_id}/authority-limit"): {M},
    ("POST", "/users/{user_id}/password"): {M},
    ("POST", "/users/{user_id}/deactivate"): {M},
    ("POST", "/users/{user_id}/reactivate"): {M},
    ("POST", "/users/{user_id}/tokens/revoke"): {M},
    ("GET", "/queues"): READERS,
    ("GET", "/queues/{queue}"): {C, A},  # asked for new_reports, the concierge's queue
    ("GET", "/reports/payouts"): {J, A},
    ("GET", "/reports/payout-totals"): {J, A},
    ("GET", "/reports/coverage"): READERS,
    ("GET", "/reports/coverage/{policy_number}"): READERS,
    ("GET", "/reports/consultations"): READERS,
    ("GET", "/reports/reserves"): {J, A},
    ("GET", "/diary"): READERS,
    ("GET", "/diary/overdue"): READERS,
    ("GET", "/diary/claims/{claim_id}"): READERS,
    ("POST", "/diary"): {C, J},
    ("POST", "/diary/{activity_id}/done"): {C, J},
    ("POST", "/diary/{activity_id}/reassign"): {C, J},
    ("POST", "/diary/{activity_id}/reschedule"): {C, J},
    ("GET", "/audit/events"): {A},
    ("GET", "/audit/events/export"): {A},
    ("GET", "/audit/access"): {A},
    ("GET", "/audit/chain/verify"): {A},
    ("GET", "/audit/chain/heads"): {A},
    ("POST", "/cases/{case_id}/documents"): {C, J},
    ("GET", "/cases/{case_id}/documents"): READERS,
    ("POST", "/incidents/{incident_id}/documents"): {C, J},
    ("GET", "/incidents/{incident_id}/documents"): READERS,
    ("POST", "/policies/{number}/documents"): {M},
    ("GET", "/policies/{number}/documents"): STAFF,
    ("GET", "/documents/{document_id}"): STAFF,  # then the document's record decides (a case's: not the admin)
    ("GET", "/documents/{document_id}/history"): STAFF,
    ("GET", "/documents/{document_id}/content"): STAFF,
    ("POST", "/documents/{document_id}/withdraw"): {C, J, M},  # then the document decides (decision 0020)
    ("POST", "/cases/{case_id}/bills/import"): {J},
    ("POST", "/cases/{case_id}/bills/{invoice_number}/review"): {J},
    ("POST", "/cases/{case_id}/bills/{invoice_number}/lines/{line_number}/review"): {J},
    ("POST", "/cases/{case_id}/bills/{invoice_number}/approve"): {J},
    ("POST", "/cases/{case_id}/bills/{invoice_number}/reject"): {J},
    ("POST", "/cases/{case_id}/matter"): {J},
    ("GET", "/counsel/firms"): STAFF,  # the register: concierges and auditors read it (decision 0021)
    ("POST", "/counsel/firms"): {J, M},
    ("GET", "/counsel/firms/{firm_id}"): STAFF,
    ("POST", "/counsel/firms/{firm_id}"): {J, M},
    ("POST", "/counsel/lawyers"): {J, M},
    ("GET", "/counsel/lawyers/{lawyer_id}"): STAFF,
    ("POST", "/counsel/lawyers/{lawyer_id}"): {J, M},
}
PARAMS = {"case_id": str(uuid.uuid4()), "incident_id": str(uuid.uuid4()), "payment_number": "1",
          "product": "harassment", "code": "H-A", "number": "HAR-NOSUCH", "policy_number": "HAR-NOSUCH",
          "queue": "new_reports", "request_number": "1", "head": "expenses",
          "activity_id": str(uuid.uuid4()), "claim_id": str(uuid.uuid4()), "document_id": str(uuid.uuid4()),
          "invoice_number": "INV-NOSUCH", "line_number": "1", "firm_id": str(uuid.uuid4()),
          "lawyer_id": str(uuid.uuid4())}
QUERY = {"/reports/payout-totals": "?by=product"}
PARAMS["user_id"] = "nobody-here"  # the users' routes


def routes(app) -> list[tuple[str, str]]:
    """Every operation the service publishes (its OpenAPI document lists them all)."""
    return sorted((method.upper(), path) for path, ops in app.openapi()["paths"].items() for method in ops)


def call(api, method: str, path: str, role: str | None):
    url = path.format(**PARAMS) + QUERY.get(path, "")
    headers = api.headers(role) if role else {}
    return api.client.request(method, url, headers=headers, json={} if method == "POST" else None)


def test_every_route_of_the_service_is_in_the_matrix(client):
    assert set(routes(client.app)) == set(ALLOWED)


@pytest.mark.parametrize(("method", "path"), sorted(ALLOWED))
def test_each_role_is_allowed_or_refused_as_the_matrix_says(api, method, path):
    allowed = ALLOWED[(method, path)]
    if allowed is None:
        assert call(api, method, path, None).status_code == 200
        return
    assert call(api, method, path, None).status_code == 401
    for role in ROLES:
        status = call(api, method, path, role).status_code
        if role in allowed:
            assert status not in (401, 403), (role, status)
        else:
            assert status == 403, (role, status)


def test_the_auditor_changes_nothing_through_any_route(api, services):
    case = api.a_case_with_invoice()  # a real case, so the commands would have something to act on
    head = services.app.recorder.max_notification_id()
    real = {**PARAMS, "case_id": case["id"], "number": case["policy_ref"]}
    for method, path in ALLOWED:
        if method != "GET":
            response = api.client.request(method, path.format(**real), headers=api.headers("auditor"), json={})
            assert response.status_code == 403, path
    assert services.app.recorder.max_notification_id() == head
