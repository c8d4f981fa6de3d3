"""The HTTP API of cases: every route's happy path, roles, preconditions, bad input, retries."""

from __future__ import annotations

import threading
import uuid

import pytest

from tests.builders import CONSULTATION_JSON, approval_json, invoice_json, settlement_json, today_in_japan

PROBLEM = "application/problem+json"


# ---- happy paths -------------------------------------------------------------------------------

def test_report_case_by_concierge_returns_201_with_etag_location_and_position(api):
    response = api.post("/cases", "concierge", api.report_json)
    body = response.json()
    assert response.status_code == 201
    assert response.headers["etag"] == '"1"'
    assert response.headers["location"] == f"/cases/{body['id']}"
    assert body["stage"] == "reported" and body["claim_act_kinds"] == ["force", "assault"]
    assert body["log_position"] >= 1


def test_log_consultation_appends_it_and_moves_stage_to_consulting(api):
    case = api.a_reported_case()
    response = api.post(f"/cases/{case['id']}/consultations", "concierge", CONSULTATION_JSON)
    assert response.status_code == 201
    assert response.json()["stage"] == "consulting"
    assert response.json()["consultations"][0]["caller"] == "事務長"


def test_recommend_escalation_puts_case_in_awaiting_consent(api):
    case = api.a_case_awaiting_consent()
    assert case["stage"] == "awaiting_consent"
    assert case["escalation"]["reason"] == "当事者間での解決は困難"


def test_approve_escalation_records_consent_and_lawyer(api):
    case = api.a_case_with_consent()
    assert case["escalation"]["state"] == "approved"
    assert case["escalation"]["consent_date"] == today_in_japan().isoformat()
    assert case["escalation"]["law_firm"] == "佐藤法律事務所"


def test_decline_escalation_records_reason(api):
    case = api.a_case_awaiting_consent()
    response = api.post(f"/cases/{case['id']}/escalation/decline", "adjuster", {"reason": "法的対応の必要なし"})
    assert response.status_code == 200
    assert response.json()["escalation"] == {**response.json()["escalation"], "state": "declined",
                                              "decline_reason": "法的対応の必要なし"}


def test_record_invoice_keeps_daily_allowance_but_does_not_cover_it(api):
    case = api.a_case_with_invoice()
    assert case["totals"]["covered_fees_yen"] == 330_000
    assert case["totals"]["excluded_fees_yen"] == 20_000
    assert case["totals"]["payable_now_yen"] == 288_000
    assert [line["exclusion"] for line in case["invoices"][0]["lines"]] == [None, None, "excluded_fee_type"]


def test_approve_payment_pays_the_worked_example_288000(api):
    case = api.a_case_with_approved_payment()
    assert case["payments"][0]["amount_yen"] == 288_000
    assert case["stage"] == "payment_awaiting_settlement"


def test_settle_payment_records_transfer(api):
    case = api.a_case_with_approved_payment()
    response = api.post(f"/cases/{case['id']}/payments/1/settlement", "adjuster", settlement_json())
    assert response.status_code == 200
    assert response.json()["payments"][0]["settled"] is True
    assert response.json()["totals"]["settled_yen"] == 288_000


def test_close_and_reopen_case_with_reasons(api):
    case = api.a_reported_case()
    closed = api.post(f"/cases/{case['id']}/close", "adjuster", {"reason": "相談のみで解決"})
    reopened = api.post(f"/cases/{case['id']}/reopen", "adjuster", {"reason": "再発"})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert reopened.status_code == 200 and reopened.json()["status"] == "open"


def test_get_case_returns_etag_of_its_version(api):
    case = api.a_case_awaiting_consent()
    response = api.get(f"/cases/{case['id']}")
    assert response.status_code == 200
    assert response.headers["etag"] == f'"{case["version"]}"'


def test_get_case_at_past_version_shows_state_as_it_stood(api):
    case = api.a_case_awaiting_consent()
    response = api.get(f"/cases/{case['id']}?version=1")
    assert response.json()["stage"] == "reported" and response.json()["version"] == 1


def test_history_lists_every_event_with_actor_role_and_time(api, tokens):
    case = api.a_case_with_consent()
    history = api.get(f"/cases/{case['id']}/history").json()
    assert [e["event_type"] for e in history] == [
        "Reported", "ConsultationLogged", "EscalationRecommended", "EscalationApproved"]
    assert [e["actor_role"] for e in history] == ["concierge", "concierge", "concierge", "adjuster"]
    assert all(e["recorded_at"] for e in history)
    assert history[3]["data"]["consent_reference"] == "SJ-CONSENT-001"


def test_list_cases_after_position_includes_the_new_case(api):
    case = api.a_case_awaiting_consent()
    response = api.get(f"/cases?position={case['log_position']}&stage=awaiting_consent&limit=200")
    assert response.status_code == 200
    assert case["id"] in [item["id"] for item in response.json()["items"]]


def test_list_cases_pages_with_a_cursor_without_repeats(api):
    policy = f"PAGE-{uuid.uuid4().hex[:8]}"
    last = None
    for _ in range(3):
        last = api.post("/cases", "concierge", {**api.report_json, "policy_ref": policy}).json()
    first = api.get(f"/cases?policy_ref={policy}&limit=2&position={last['log_position']}").json()
    second = api.get(f"/cases?policy_ref={policy}&limit=2&cursor={first['next_cursor']}").json()
    ids = [i["id"] for i in first["items"]] + [i["id"] for i in second["items"]]
    assert len(ids) == 3 and len(set(ids)) == 3 and second["next_cursor"] is None


def test_openapi_reference_is_served(client):
    assert client.get("/openapi.json").json()["info"]["title"] == "JSPRS claims"
    assert client.get("/docs").status_code == 200


# ---- roles ---------------------------------------------------------------------------------------

COMMANDS = [
    ("/cases", "REPORT"),
    ("/cases/{id}/consultations", "CONSULTATION"),
    ("/cases/{id}/escalation/recommend", "REASON"),
    ("/cases/{id}/escalation/approve", "APPROVAL"),
    ("/cases/{id}/escalation/decline", "REASON"),
    ("/cases/{id}/invoices", "INVOICE"),
    ("/cases/{id}/payments", None),
    ("/cases/{id}/payments/1/settlement", "SETTLEMENT"),
    ("/cases/{id}/close", "REASON"),
    ("/cases/{id}/reopen", "REASON"),
]
BODIES = {"REPORT": lambda: None, "CONSULTATION": lambda: CONSULTATION_JSON, "REASON": lambda: {"reason": "r"},
          "APPROVAL": approval_json, "INVOICE": invoice_json, "SETTLEMENT": settlement_json, None: lambda: None}
ALLOWED = {"/cases": "concierge", "/cases/{id}/consultations": "concierge",
           "/cases/{id}/escalation/recommend": "concierge"}


FORBIDDEN = [(path, body, role) for path, body in COMMANDS
             for role in ("concierge", "adjuster", "auditor", "admin") if ALLOWED.get(path, "adjuster") != role]


@pytest.mark.parametrize(("path", "body", "role"), FORBIDDEN)
def test_command_by_a_role_not_its_own_is_refused_with_403_and_records_nothing(api, path, body, role):
    case = api.a_reported_case()
    payload = api.report_json if body == "REPORT" else BODIES[body]()
    response = api.post(path.format(id=case["id"]), role, payload)
    assert response.status_code == 403
    assert response.headers["content-type"] == PROBLEM
    assert api.event_count(case["id"]) == 1


@pytest.mark.parametrize("path", ["/cases", "/cases/{id}", "/cases/{id}/history"])
def test_admin_cannot_read_cases(api, path):
    case = api.a_reported_case()
    assert api.get(path.format(id=case["id"]), role="admin").status_code == 403


def test_request_without_token_is_401_with_bearer_challenge(client):
    response = client.get("/cases")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_request_with_unknown_token_is_401(client):
    assert client.get("/cases", headers={"Authorization": "Bearer clm_nope"}).status_code == 401


def test_payment_above_authority_limit_is_accepted_as_a_request_202(api):
    case = api.a_case_with_invoice()  # owes ¥288,000; the junior adjuster's authority is ¥100,000
    response = api.post(f"/cases/{case['id']}/payments", "junior_adjuster")
    assert response.status_code == 202
    answer = response.json()
    assert (answer["stage"], answer["payments"]) == ("payment_awaiting_confirmation", [])
    assert [(r["number"], r["amount_yen"], r["status"]) for r in answer["payment_requests"]] == [(1, 288_000, "waiting")]


# ---- preconditions and rules -----------------------------------------------------------------------

def test_stale_if_match_is_412_and_records_nothing(api):
    case = api.a_case_awaiting_consent()
    response = api.post(f"/cases/{case['id']}/escalation/approve", "adjuster", approval_json(), **{"If-Match": '"1"'})
    assert response.status_code == 412
    assert response.json()["rule"] == "version_mismatch"
    assert api.event_count(case["id"]) == case["version"]


def test_current_if_match_lets_the_command_through(api):
    case = api.a_case_awaiting_consent()
    headers = {"If-Match": f'"{case["version"]}"'}
    response = api.post(f"/cases/{case['id']}/escalation/approve", "adjuster", approval_json(), **headers)
    assert response.status_code == 200
    assert response.headers["etag"] == f'"{case["version"] + 1}"'


def test_malformed_if_match_is_422_naming_the_header(api):
    case = api.a_reported_case()
    response = api.post(f"/cases/{case['id']}/close", "adjuster", {"reason": "r"}, **{"If-Match": "banana"})
    assert response.status_code == 422 and response.json()["field"] == "If-Match"


def test_approving_payment_with_nothing_to_pay_is_409_with_reason(api):
    case = api.a_case_with_consent()
    response = api.post(f"/cases/{case['id']}/payments", "adjuster")
    assert response.status_code == 409
    assert response.json()["rule"] == "nothing_to_pay"
    assert "no lawyer's invoice" in response.json()["detail"]


def test_invoice_before_consent_is_409_escalation_not_approved(api):
    case = api.a_case_awaiting_consent()
    response = api.post(f"/cases/{case['id']}/invoices", "adjuster", invoice_json())
    assert response.status_code == 409 and response.json()["rule"] == "escalation_not_approved"


def test_unknown_case_is_404_problem(api):
    response = api.get(f"/cases/{uuid.uuid4()}")
    assert response.status_code == 404 and response.headers["content-type"] == PROBLEM


# ---- bad input -------------------------------------------------------------------------------------

BAD_REPORTS = [
    ({"claim_act_kinds": []}, "claim_act_kinds"),
    ({"claim_act_kinds": ["shouting"]}, "claim_act_kinds[0]"),
    ({"occurred_at": "2026-04-10T10:30:00"}, "occurred_at"),
    ({"occurred_at": "2999-01-01T00:00:00+09:00"}, "occurred_at"),
    ({"category": "parking"}, "category"),
    ({"summary": ""}, "summary"),
    ({"unexpected": 1}, "unexpected"),
]


@pytest.mark.parametrize(("change", "field"), BAD_REPORTS)
def test_bad_report_is_422_naming_the_field_and_records_nothing(api, client, change, field):
    head_before = client.get("/health").json()["log_head"]
    response = api.post("/cases", "concierge", {**api.report_json, **change})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["field"] == field
    assert client.get("/health").json()["log_head"] == head_before  # tests run one at a time


@pytest.mark.parametrize("amount", [1.5, "330000", 0, -1])
def test_invoice_amount_not_a_positive_whole_yen_is_422_and_records_nothing(api, amount):
    case = api.a_case_with_consent()
    bad = {**invoice_json(), "lines": [{"fee_type": "retainer", "work_date": today_in_japan().isoformat(), "amount_yen": amount}]}
    response = api.post(f"/cases/{case['id']}/invoices", "adjuster", bad)
    assert response.status_code == 422
    assert response.json()["field"] == "lines[0].amount_yen"
    assert api.event_count(case["id"]) == case["version"]


def test_malformed_json_is_422_problem(api):
    headers = api.headers("concierge", **{"Content-Type": "application/json"})
    response = api.client.post("/cases", content=b"{not json", headers=headers)
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM


# ---- idempotency -----------------------------------------------------------------------------------

def test_replayed_idempotency_key_returns_first_answer_and_records_once(api):
    key = f"report-{uuid.uuid4()}"
    first = api.post("/cases", "concierge", api.report_json, **{"Idempotency-Key": key})
    second = api.post("/cases", "concierge", api.report_json, **{"Idempotency-Key": key})
    assert second.status_code == first.status_code == 201
    assert second.json() == first.json()
    assert api.event_count(first.json()["id"]) == 1


def test_replayed_command_on_a_case_records_one_event(api):
    case = api.a_reported_case()
    key = f"consult-{uuid.uuid4()}"
    path = f"/cases/{case['id']}/consultations"
    answers = [api.post(path, "concierge", CONSULTATION_JSON, **{"Idempotency-Key": key}) for _ in range(3)]
    assert {a.json()["version"] for a in answers} == {2}
    assert api.event_count(case["id"]) == 2


def test_concurrent_requests_with_one_idempotency_key_record_once(api):
    case = api.a_reported_case()
    key = f"race-{uuid.uuid4()}"
    path = f"/cases/{case['id']}/consultations"
    answers = []
    barrier = threading.Barrier(4)

    def send():
        barrier.wait()
        answers.append(api.post(path, "concierge", CONSULTATION_JSON, **{"Idempotency-Key": key}))

    threads = [threading.Thread(target=send) for _ in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert [a.status_code for a in answers] == [201] * 4
    assert api.event_count(case["id"]) == 2


def test_idempotency_key_reused_for_another_request_is_422(api):
    key = f"reuse-{uuid.uuid4()}"
    api.post("/cases", "concierge", api.report_json, **{"Idempotency-Key": key})
    response = api.post("/cases", "concierge", {**api.report_json, "summary": "別件"}, **{"Idempotency-Key": key})
    assert response.status_code == 422 and response.json()["rule"] == "idempotency_key_mismatch"


def test_replay_ignores_a_since_stale_if_match(api):
    case = api.a_case_awaiting_consent()
    headers = {"Idempotency-Key": f"approve-{uuid.uuid4()}", "If-Match": f'"{case["version"]}"'}
    first = api.post(f"/cases/{case['id']}/escalation/approve", "adjuster", approval_json(), **headers)
    again = api.post(f"/cases/{case['id']}/escalation/approve", "adjuster", approval_json(), **headers)
    assert first.status_code == again.status_code == 200
    assert again.json()["version"] == first.json()["version"]


def test_list_cases_waiting_for_a_position_beyond_the_log_head_is_422_at_once(api):
    response = api.get("/cases?position=999999999")
    assert response.status_code == 422 and response.json()["field"] == "position"


# ---- what a case shows as payable is what an approval pays -------------------------------------

def a_policy_with_a_small_claim_limit(api, per_claim_yen: int) -> str:
    """A harassment policy in force on a plan whose limit per claim is `per_claim_yen`."""
    from tests.api.test_policies_api import enrolment, this_policy_year

    plan = {**api.get("/plans/harassment/H-A").json(), "code": f"S{uuid.uuid4().hex[:6]}",
            "limit_per_claim_yen": per_claim_yen}
    plan.pop("version")
    assert api.post("/plans", "admin", plan).status_code == 201
    number = api.post("/policies", "admin", enrolment(plan=plan["code"])).json()["policy_number"]
    premium = {"received_on": f"{this_policy_year()}-03-10", "amount_yen": plan["annual_premium_yen"]}
    assert api.post(f"/policies/{number}/premiums", "admin", premium).status_code == 200
    return number


def test_payable_now_of_a_case_is_what_the_approval_pays_with_the_limit_that_cuts_it(api):
    number = a_policy_with_a_small_claim_limit(api, 200_000)
    api.report_json = {**api.report_json, "policy_ref": number}
    case = api.a_case_with_invoice()  # the worked example: the rule owes ¥288,000

    shown = api.get(f"/cases/{case['id']}").json()
    paid = api.post(f"/cases/{case['id']}/payments", "adjuster").json()

    assert shown["payment_quote"] == {"owed_yen": 288_000, "payable_yen": 200_000, "limited_by": "limit_per_claim",
                                      "refusal": None}
    assert shown["totals"]["payable_now_yen"] == 200_000 == paid["payments"][0]["amount_yen"]
    assert paid["payments"][0]["limited_by"] == "limit_per_claim"
    assert paid["totals"]["payable_now_yen"] == 0
    assert paid["payment_quote"]["refusal"]["rule"] == "payment_limit_exhausted"


# ---- finding a case by what a person types ------------------------------------------------------

@pytest.mark.parametrize("typed", ["ｶﾜｸﾞﾁ ｻﾁｺ", "かわぐち", "カワグチ　サチコ", "川口", "ＫＷ－"])
def test_list_cases_finds_a_case_by_name_in_kanji_or_kana_any_width_or_by_member_number(api, typed):
    member = f"KW-{uuid.uuid4().hex[:6].upper()}"
    report = {**api.report_json, "insured_name": "川口 幸子", "insured_name_kana": "カワグチ サチコ", "member_number": member}
    case = api.post("/cases", "concierge", report).json()

    found = api.get(f"/cases?text={typed}&position={case['log_position']}&limit=200").json()["items"]

    assert case["id"] in [item["id"] for item in found]
    assert all("川口" in item["insured_name"] or item["member_number"].startswith("KW-") for item in found)


def test_list_cases_by_text_that_matches_nothing_is_empty(api):
    case = api.a_reported_case()
    assert api.get(f"/cases?text=該当なし{uuid.uuid4().hex}&position={case['log_position']}").json()["items"] == []
