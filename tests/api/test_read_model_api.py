"""Queues, reports, health and metrics over HTTP: read models only, fresh as of a position."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.builders import CONSULTATION_JSON, settlement_json, today_in_japan


def queue_ids(api: Any, queue: str, role: str, position: int, extra: str = "") -> list[str]:
    """Every case id in a queue, oldest first, walking the pages."""
    ids, cursor = [], ""
    while True:
        page = api.get(f"/queues/{queue}?limit=50&position={position}{extra}{cursor}", role)
        assert page.status_code == 200, page.text
        body = page.json()
        ids += [item["id"] for item in body["items"]]
        if body["next_cursor"] is None:
            return ids
        cursor = f"&cursor={body['next_cursor']}"


def test_a_case_moves_through_the_queues_of_each_role(api):
    case = api.a_reported_case()
    assert case["id"] in queue_ids(api, "new_reports", "concierge", case["log_position"])
    case = api.a_case_awaiting_consent()
    assert case["id"] in queue_ids(api, "awaiting_consent", "adjuster", case["log_position"])
    assert case["id"] not in queue_ids(api, "new_reports", "concierge", case["log_position"])
    case = api.a_case_with_invoice()
    assert case["id"] in queue_ids(api, "invoices_awaiting_decision", "adjuster", case["log_position"])
    case = api.a_case_with_approved_payment()
    assert case["id"] in queue_ids(api, "payments_awaiting_settlement", "adjuster", case["log_position"])


def test_queue_items_come_oldest_first_with_idle_days(api):
    first, second = api.a_reported_case(), api.a_reported_case()
    ids = queue_ids(api, "new_reports", "concierge", second["log_position"])
    assert ids.index(first["id"]) < ids.index(second["id"])
    body = api.get(f"/queues/new_reports?limit=200&position={second['log_position']}", "concierge").json()
    waiting = [item["waiting_since"] for item in body["items"]]
    assert waiting == sorted(waiting)
    assert all(item["idle_days"] >= 0 for item in body["items"])


def test_a_case_last_consulted_a_day_ago_is_in_the_quiet_queue_for_one_day_not_two(api):
    case = api.a_reported_case()  # it happened yesterday
    held = datetime.fromisoformat(case["occurred_at"]) + timedelta(minutes=1)  # consulted yesterday, Japan time
    logged = api.post(f"/cases/{case['id']}/consultations", "concierge",
                      {**CONSULTATION_JSON, "held_at": held.isoformat()}).json()
    one_day = queue_ids(api, "without_consultation", "concierge", logged["log_position"], "&quiet_days=1")
    two_days = queue_ids(api, "without_consultation", "concierge", logged["log_position"], "&quiet_days=2")
    assert case["id"] in one_day and case["id"] not in two_days


def test_queues_are_worked_by_their_role_and_read_by_auditors(api):
    assert api.get("/queues/awaiting_consent", "concierge").status_code == 403
    assert api.get("/queues/new_reports", "adjuster").status_code == 403
    assert api.get("/queues/new_reports", "auditor").status_code == 200
    assert api.get("/queues/new_reports", "admin").status_code == 403
    counts = api.get("/queues", "concierge").json()
    assert {c["queue"] for c in counts} == {"new_reports", "without_consultation"}


def test_an_unknown_queue_is_422_naming_the_field(api):
    response = api.get("/queues/everything", "auditor")
    assert response.status_code == 422 and response.json()["field"] == "queue"


def test_payouts_show_the_approval_and_the_settlement_and_their_totals(api):
    case = api.a_case_with_approved_payment()
    settled = api.post(f"/cases/{case['id']}/payments/1/settlement", "adjuster", settlement_json()).json()
    entries = api.get(f"/reports/payouts?case_id={case['id']}&position={settled['log_position']}", "adjuster").json()
    assert [(e["entry"], e["amount_yen"]) for e in entries["items"]] == [("approved", 288_000), ("settled", 288_000)]
    today = today_in_japan()
    fiscal = today.year if today.month >= 4 else today.year - 1
    assert {e["fiscal_year"] for e in entries["items"]} == {fiscal}
    totals = api.get(f"/reports/payout-totals?by=case&policy_ref={case['policy_ref']}&limit=500", "auditor").json()
    mine = next(t for t in totals["items"] if t["key"] == case["id"])
    assert (mine["approved_yen"], mine["settled_yen"], mine["outstanding_yen"]) == (288_000, 288_000, 0)
    by_year = api.get(f"/reports/payout-totals?by=fiscal_year&fiscal_year={fiscal}", "auditor").json()
    assert by_year["items"][0]["key"] == str(fiscal) and by_year["items"][0]["approved_yen"] >= 288_000


def test_coverage_report_matches_the_policys_own_limits(api):
    case = api.a_case_with_approved_payment()
    coverage = api.get(f"/reports/coverage/{case['policy_ref']}?position={case['log_position']}", "adjuster").json()
    policy = api.get(f"/policies/{case['policy_ref']}", "adjuster").json()
    assert coverage["remaining_for_year_yen"] == policy["limits"]["remaining_for_year_yen"]
    claim = next(c for c in coverage["claims"] if c["claim_id"] == case["id"])
    assert claim["approved_yen"] == 288_000


def test_consultation_statistics_count_by_month_category_and_channel(api):
    case = api.a_reported_case()
    query = "/reports/consultations?from_month=2026-04-01&to_month=2026-04-30&category=waiting_time&channel=phone"
    before = api.get(f"{query}&position={case['log_position']}", "concierge").json()
    logged = api.post(f"/cases/{case['id']}/consultations", "concierge", CONSULTATION_JSON).json()
    after = api.get(f"{query}&position={logged['log_position']}", "concierge").json()
    count = lambda rows: sum(r["consultations"] for r in rows)  # noqa: E731
    assert count(after) == count(before) + 1
    assert all(r["month"] == "2026-04-01" for r in after)


def test_report_filters_are_validated_and_name_the_field(api):
    for path, field in [("/reports/payout-totals?by=colour", "by"), ("/reports/payouts?fiscal_year=1999", "fiscal_year"),
                        ("/reports/payouts?cursor=not-a-cursor", "cursor"), ("/cases?reported_from=2026-13-01", "reported_from"),
                        ("/cases?reported_from=2026-05-02&reported_to=2026-05-01", "reported_to")]:
        response = api.get(path, "auditor")
        assert response.status_code == 422, path
        assert response.headers["content-type"] == "application/problem+json" and response.json()["field"] == field


def test_payouts_are_for_adjusters_and_auditors(api):
    assert api.get("/reports/payouts", "concierge").status_code == 403
    assert api.get("/reports/payouts", "adjuster").status_code == 200


def test_case_list_filters_by_coverage_and_report_date(api):
    case = api.a_reported_case()
    day = today_in_japan().isoformat()
    listed = api.get(f"/cases?coverage=covered&reported_from={day}&reported_to={day}&limit=200"
                     f"&policy_ref={case['policy_ref']}&position={case['log_position']}").json()
    assert case["id"] in [c["id"] for c in listed["items"]]
    assert all(c["coverage"] == "covered" for c in listed["items"])
    none = api.get(f"/cases?coverage=not_covered&policy_ref={case['policy_ref']}").json()
    assert case["id"] not in [c["id"] for c in none["items"]]


def test_health_shows_each_read_models_lag_and_metrics_need_the_monitor_role(api):
    case = api.a_reported_case()
    api.get(f"/cases?position={case['log_position']}")
    health = api.client.get("/health").json()
    assert set(health["read_models"]) == {"case_list", "work_queue", "payouts", "coverage", "audit_log", "consultation_stats",
                                           "policy_list", "reserves"}
    assert all(m["runner"] == "running" for m in health["read_models"].values())
    assert health["read_models"]["case_list"]["lag"] == 0  # it waited for the last command above
    metrics = api.client.get("/metrics", headers=api.headers("monitor"))
    assert metrics.status_code == 200
    assert 'claims_read_model_lag_events{read_model="audit_log"}' in metrics.text
    assert api.client.get("/metrics", headers=api.headers("concierge")).status_code == 403
    assert api.client.get("/metrics").status_code == 401
