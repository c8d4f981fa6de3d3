"""Every page route checks the role: the page × role matrix, the Japanese 403/404/500 pages, and
the split between pages and the JSON API (which keeps problem+json and its own role matrix)."""

from __future__ import annotations

import logging

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

import web
from api.app import create_app
from domain.kernel.actors import Role
from tests.web.conftest import a_user_with_password, sign_in_through, with_settings
from web.routing import PageRoute

C, J, A, M, MON = Role.CONCIERGE, Role.ADJUSTER, Role.AUDITOR, Role.ADMIN, Role.MONITOR
EVERYONE = set(Role)

# Page routes are not in the OpenAPI document, so tests/api/test_role_matrix.py (every JSON
# route × role) does not list them: this is their matrix. None: public.
PAGES: dict[tuple[str, str], set[Role] | None] = {
    ("GET", "/"): None,
    ("POST", "/"): None,  # sign-in: guarded by its pre-session CSRF token instead
    ("POST", "/sign-out"): EVERYONE,
    ("GET", "/home"): EVERYONE,
    ("GET", "/web/queues/{queue}"): {C, A},  # asked for new_reports, the concierge's queue (each queue below)
    ("GET", "/web/admin/users"): {M},
    ("GET", "/web/admin/policies"): {M},
    ("GET", "/web/admin/policies/new"): {M},
    ("POST", "/web/admin/policies/new"): {M},
    ("GET", "/web/admin/policies/{number}"): {M},
    ("POST", "/web/admin/policies/{number}/premium"): {M},
    ("POST", "/web/admin/policies/{number}/end"): {M},
    ("GET", "/web/admin/plans"): {M},
    ("GET", "/web/admin/plans/{product}/{code}"): {M},  # asked of the example plan harassment/H-A
    ("POST", "/web/admin/plans/{product}/{code}/versions"): {M},
    ("GET", "/web/admin/roster"): {M},
    ("POST", "/web/admin/roster"): {M},
    ("GET", "/web/admin/users/new"): {M},
    ("POST", "/web/admin/users/new"): {M},
    ("GET", "/web/admin/users/{user_id}"): {M},
    ("POST", "/web/admin/users/{user_id}/role"): {M},
    ("POST", "/web/admin/users/{user_id}/authority-limit"): {M},
    ("POST", "/web/admin/users/{user_id}/password"): {M},
    ("POST", "/web/admin/users/{user_id}/deactivate"): {M},
    ("POST", "/web/admin/users/{user_id}/reactivate"): {M},
    ("POST", "/web/admin/users/{user_id}/tokens"): {M},
    ("GET", "/web/cases"): {C, J, A},
    ("GET", "/web/cases/new"): {C},
    ("POST", "/web/cases/new"): {C},
    ("GET", "/web/policies/lookup"): {C, J},  # the case report's and the cyber notice's policy field
    ("GET", "/web/cases/{case_id}"): {C, J, A},
    ("POST", "/web/cases/{case_id}/consultations"): {C},
    ("POST", "/web/cases/{case_id}/recommend"): {C},
    ("POST", "/web/cases/{case_id}/consent"): {J},
    ("POST", "/web/cases/{case_id}/decline"): {J},
    ("POST", "/web/cases/{case_id}/payments/{payment_number}/settlement"): {J},
    ("POST", "/web/cases/{case_id}/close"): {J},
    ("POST", "/web/cases/{case_id}/reopen"): {J},
    ("GET", "/web/cases/{case_id}/invoice"): {J},
    ("POST", "/web/cases/{case_id}/invoice"): {J},
    ("POST", "/web/cases/{case_id}/invoice/preview"): {J},
    ("GET", "/web/cases/{case_id}/payment"): {J},
    ("POST", "/web/cases/{case_id}/payment"): {J},
    ("GET", "/web/incidents/new"): {C, J},
    ("POST", "/web/incidents/new"): {C, J},
    ("GET", "/web/incidents/{incident_id}"): {C, J, A},
    ("POST", "/web/incidents/{incident_id}/third-party-claims"): {J},
    ("POST", "/web/incidents/{incident_id}/costs"): {J},
    ("POST", "/web/incidents/{incident_id}/offsets"): {J},
    ("POST", "/web/incidents/{incident_id}/recourse"): {J},
    ("POST", "/web/incidents/{incident_id}/payments/{payment_number}/settlement"): {J},
    ("POST", "/web/incidents/{incident_id}/close"): {J},
    ("POST", "/web/incidents/{incident_id}/reopen"): {J},
    ("GET", "/web/incidents/{incident_id}/payment"): {J},  # asked with ?head=expenses (EXAMPLES)
    ("POST", "/web/incidents/{incident_id}/payment"): {J},
    ("POST", "/web/{kind}/{claim_id}/notes"): {C, J},  # kind: cases or incidents
    ("POST", "/web/cases/{claim_id}/reserve"): {J},
    ("POST", "/web/incidents/{claim_id}/reserve/{head}"): {J},
    ("POST", "/web/{kind}/{claim_id}/payment-requests/{request_number}/confirm"): {J},
    ("POST", "/web/{kind}/{claim_id}/payment-requests/{request_number}/{decision}"): {J},  # withdraw, refuse
    ("GET", "/web/diary"): {C, J},
    ("GET", "/web/diary/overdue"): {C, J, A},  # asked for the role's own (the auditor: the adjusters')
    ("POST", "/web/diary"): {C, J},
    ("POST", "/web/diary/{activity_id}/done"): {C, J},
    ("POST", "/web/diary/{activity_id}/reschedule"): {C, J},
    ("POST", "/web/diary/{activity_id}/reassign"): {C, J},
    ("GET", "/web/reports"): {J, A, M},
    ("GET", "/web/reports/payouts"): {J, A, M},
    ("GET", "/web/reports/payouts/download"): {J, A, M},  # asked with an unknown format (EXAMPLES): a 404 page
    ("GET", "/web/reports/limits"): {J, A, M},
    ("GET", "/web/reports/limits/download"): {J, A, M},
    ("GET", "/web/reports/limits/{policy_number}"): {J, A, M},
    ("GET", "/web/reports/consultations"): {J, A, M},
    ("GET", "/web/reports/consultations/download"): {J, A, M},
    ("POST", "/web/cases/{case_id}/documents"): {C, J},
    ("POST", "/web/incidents/{incident_id}/documents"): {C, J},
    ("GET", "/web/documents/{document_id}"): {C, J, A, M},  # then the document's record decides (a case's: not M)
    ("GET", "/web/documents/{document_id}/content"): {C, J, A, M},
    ("GET", "/web/documents/{document_id}/preview"): {C, J, A, M},
    ("POST", "/web/documents/{document_id}/withdraw"): {C, J, M},
    ("GET", "/web/audit/events"): {A},  # the auditor's pages: the auditor only (docs/auditor.md)
    ("GET", "/web/audit/events/export"): {A},
    ("GET", "/web/audit/access"): {A},
    ("GET", "/web/audit/chain"): {A},
    ("GET", "/web/audit/history/{kind}/{key}"): {A},  # asked of a case that does not exist: 404
    ("POST", "/web/cases/{case_id}/bills/import"): {J},
    ("POST", "/web/cases/{case_id}/bills/{invoice_number:path}/lines/{line_number}/review"): {J},
    ("POST", "/web/cases/{case_id}/bills/{invoice_number:path}/approve"): {J},
    ("POST", "/web/cases/{case_id}/bills/{invoice_number:path}/reject"): {J},
    ("POST", "/web/cases/{case_id}/matter"): {J},
    ("GET", "/web/counsel"): {C, J, A, M},  # the counsel register: read by the staff, kept by J and M
    ("GET", "/web/counsel/firms/new"): {J, M},
    ("POST", "/web/counsel/firms/new"): {J, M},
    ("GET", "/web/counsel/firms/{firm_id}"): {C, J, A, M},
    ("POST", "/web/counsel/firms/{firm_id}"): {J, M},
    ("POST", "/web/counsel/firms/{firm_id}/lawyers"): {J, M},
    ("GET", "/web/counsel/lawyers/{lawyer_id}"): {C, J, A, M},
    ("POST", "/web/counsel/lawyers/{lawyer_id}"): {J, M},
    ("GET", "/web/{anything:path}"): EVERYONE,  # the 404 page, after the sign-in check
    ("GET", "/docs"): None,  # the API reference, public like /openapi.json
    ("GET", "/redoc"): None,
}
NO_SUCH_CASE = "00000000-0000-4000-8000-000000000000"
EXAMPLES = {"/web/queues/{queue}": "/web/queues/new_reports", "/web/{anything:path}": "/web/no-such-page",
            "/web/incidents/{incident_id}/payment": f"/web/incidents/{NO_SUCH_CASE}/payment?head=expenses"}
EXAMPLES |= {f"/web/reports/{report}/download": f"/web/reports/{report}/download?format=none"
             for report in ("payouts", "limits", "consultations")} | {
             "/web/reports/limits/{policy_number}": "/web/reports/limits/NO-SUCH-POLICY"}
# A record's pages asked of a record that does not exist: the role is checked first (403), then
# the record is looked for (the Japanese 404 page).
GET_STATUS = {"/web/{anything:path}": 404, "/web/cases/{case_id}": 404, "/web/cases/{case_id}/invoice": 404,
              "/web/cases/{case_id}/payment": 404, "/web/incidents/{incident_id}": 404,
              "/web/incidents/{incident_id}/payment": 404}
GET_STATUS |= {f"/web/reports/{report}/download": 404 for report in ("payouts", "limits", "consultations")} | {
               "/web/reports/limits/{policy_number}": 404}
GET_STATUS |= {"/web/audit/history/{kind}/{key}": 404, "/web/audit/events/export": 404}
EXAMPLES |= {"/web/audit/history/{kind}/{key}": f"/web/audit/history/cases/{NO_SUCH_CASE}",
             "/web/audit/events/export": "/web/audit/events/export?format=none"}
GET_STATUS |= {"/web/counsel/firms/{firm_id}": 404, "/web/counsel/lawyers/{lawyer_id}": 404}
GET_STATUS |= {"/web/documents/{document_id}": 404, "/web/documents/{document_id}/content": 404,
               "/web/documents/{document_id}/preview": 404}

# The administrator's pages: a policy and a user that do not exist (404 after the role check), the
# example plan harassment/H-A.
EXAMPLES.update({path: path.replace("{number}", "HAR-NOSUCH").replace("{user_id}", "nobody-here")
                 .replace("{product}/{code}", "harassment/H-A") for _, path in PAGES if path.startswith("/web/admin/")})
GET_STATUS.update({"/web/admin/policies/{number}": 404, "/web/admin/users/{user_id}": 404})


def example(path: str) -> str:
    return EXAMPLES.get(path, path.replace("{case_id}", NO_SUCH_CASE).replace("{incident_id}", NO_SUCH_CASE)
                        .replace("{payment_number}", "1").replace("{kind}", "cases").replace("{claim_id}", NO_SUCH_CASE)
                        .replace("{head}", "expenses").replace("{request_number}", "1").replace("{decision}", "refuse")
                        .replace("{activity_id}", NO_SUCH_CASE).replace("{document_id}", NO_SUCH_CASE)
                        .replace("{invoice_number:path}", "INV/NOSUCH").replace("{line_number}", "1")
                        .replace("{firm_id}", NO_SUCH_CASE).replace("{lawyer_id}", NO_SUCH_CASE))


def routes_of(router) -> list[APIRoute]:
    found = []
    for route in router.routes:
        inner = getattr(route, "original_router", None)  # an included router
        found += routes_of(inner) if inner is not None else [route] if isinstance(route, APIRoute) else []
    return found


def page_routes() -> set[tuple[str, str]]:
    return {(method, r.path) for r in routes_of(web.router) for method in r.methods - {"HEAD"}}


@pytest.fixture(scope="module")
def signed_in(services) -> dict[Role, TestClient]:
    quick = with_settings(services, claims_sign_in_max_delay_seconds=0)
    clients = {}
    for role in Role:
        user = a_user_with_password(services, role)
        client = TestClient(create_app(services=quick)).__enter__()
        assert sign_in_through(client, user.user_id, user.password).status_code == 303
        clients[role] = client
    yield clients
    for client in clients.values():
        client.__exit__(None, None, None)


def test_every_page_route_is_in_the_page_matrix():
    assert page_routes() == set(PAGES)


def test_every_route_outside_the_openapi_document_is_a_page(client):
    """So no JSON route can hide from the API's role matrix by leaving the OpenAPI document."""
    hidden = {r.path for r in routes_of(client.app.router) if isinstance(r, APIRoute) and not r.include_in_schema}
    assert hidden == {path for _, path in PAGES}
    assert all(isinstance(r, PageRoute) for r in routes_of(web.router) if r.path not in ("/docs", "/redoc"))


@pytest.mark.parametrize(("method", "path"), sorted((m, p) for (m, p), roles in PAGES.items() if roles and m == "GET"))
def test_each_role_opens_or_is_refused_each_page_as_the_matrix_says(signed_in, browser, method, path):
    url = example(path)
    assert browser.get(url, follow_redirects=False).headers["location"] == "/"  # not signed in
    for role, client in signed_in.items():
        response = client.get(url, follow_redirects=False)
        expected = GET_STATUS.get(path, 200) if role in PAGES[(method, path)] else 403
        assert response.status_code == expected, (role, response.status_code)
        assert response.headers["content-type"].startswith("text/html")


def csrf_of(client: TestClient) -> str:
    html = client.get("/home").text
    return html.split('name="csrf_token" value="')[1].split('"')[0]


FORM_POSTS = sorted((m, p) for (m, p), roles in PAGES.items() if roles and m == "POST" and p != "/sign-out")


@pytest.mark.parametrize(("method", "path"), FORM_POSTS)
def test_each_role_may_post_each_form_or_is_refused_as_the_matrix_says(signed_in, method, path):
    for role, client in signed_in.items():
        response = client.post(example(path), data={"csrf_token": csrf_of(client)}, follow_redirects=False)
        if role in PAGES[(method, path)]:
            assert response.status_code != 403, (role, response.status_code)
            assert response.status_code < 500, (role, response.status_code)
        else:
            assert response.status_code == 403, (role, response.status_code)
            assert "この画面を開く権限がありません" in response.text


@pytest.mark.parametrize(("role", "queue", "allowed"), [
    (C, "new_reports", True), (C, "without_consultation", True), (C, "awaiting_consent", False),
    (J, "awaiting_consent", True), (J, "invoices_awaiting_decision", True), (J, "payments_awaiting_settlement", True),
    (J, "new_reports", False), (A, "new_reports", True), (A, "payments_awaiting_settlement", True),
])
def test_each_queue_page_is_for_its_role_and_the_auditor(signed_in, role, queue, allowed):
    assert signed_in[role].get(f"/web/queues/{queue}").status_code == (200 if allowed else 403)


def test_a_concierge_on_an_admin_page_gets_the_japanese_403_page_naming_the_role(signed_in):
    response = signed_in[C].get("/web/admin/users")
    assert response.status_code == 403
    assert "この画面を開く権限がありません" in response.text and "「管理者」" in response.text
    assert "サインアウト" in response.text  # still signed in, with the usual header


def test_an_unknown_queue_is_the_japanese_404_page(signed_in):
    response = signed_in[A].get("/web/queues/no_such_queue")
    assert response.status_code == 404 and "ページが見つかりません" in response.text


def test_home_counts_the_roles_queues_with_japanese_labels(signed_in):
    concierge, adjuster = signed_in[C].get("/home").text, signed_in[J].get("/home").text
    assert "新規受付" in concierge and "相談が途絶えている事案" in concierge and "承諾待ち" not in concierge
    assert "承諾待ち" in adjuster and "請求の判断待ち" in adjuster and "振込待ち" in adjuster
    assert 'href="/web/queues/new_reports"' in concierge


def test_a_failing_page_is_the_japanese_500_page_and_logs_no_path(signed_in, monkeypatch, caplog):
    def broken(*_args, **_kwargs):
        raise RuntimeError("read model gone")

    monkeypatch.setattr("web.pages.home.queue_counts", broken)
    with caplog.at_level(logging.ERROR):
        response = signed_in[A].get("/home?member=M-12345")
    assert response.status_code == 500 and "システムで問題が起きたため" in response.text
    assert "M-12345" not in caplog.text and "RuntimeError" in caplog.text


def test_json_api_routes_keep_problem_json_for_browsers_too(signed_in):
    response = signed_in[A].get("/cases", headers={"Accept": "text/html"})
    assert response.status_code == 401 and response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_api_reference_loads_only_the_services_own_assets(client, page):
    html = client.get(page).text
    assert "cdn.jsdelivr" not in html and "fonts.googleapis" not in html and "fastapi.tiangolo" not in html
    for asset in [part.split('"')[0] for part in html.split('"/static/')[1:]]:
        assert client.get(f"/static/{asset}").status_code == 200, asset
