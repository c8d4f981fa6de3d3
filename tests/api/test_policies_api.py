"""Plans, policies, the roster import, and coverage decisions through the HTTP API."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest

from domain.kernel.clock import JAPAN
from domain.policies.cover import policy_year_of

PROBLEM = "application/problem+json"


def this_policy_year() -> int:
    return policy_year_of(datetime.now(JAPAN))


def enrolment(kind="physician", product="harassment", plan="H-A", **holder):
    return {"product": product, "plan_code": plan, "applied_on": f"{this_policy_year()}-03-01",
            "policyholder": {"member_number": f"M-{uuid.uuid4().hex[:8]}", "name": "佐々木 一郎", "kind": kind, **holder}}


def enrol(api, body=None):
    response = api.post("/policies", "admin", body or enrolment())
    assert response.status_code == 201, response.text
    return response.json()


# ---- plans -----------------------------------------------------------------------------------------

def test_list_plans_shows_the_example_plans_marked_as_examples(api):
    plans = api.get("/plans", role="concierge").json()
    codes = {(p["product"], p["code"]): p for p in plans}
    assert {("harassment", "H-A"), ("cyber_physician", "CP-1"), ("cyber_institution", "CI-1")} <= set(codes)
    assert all(p["example"] for p in plans if p["code"] in ("H-A", "CP-1", "CI-1"))


def test_publish_plan_version_leaves_issued_policies_on_their_terms(api):
    code = f"V{uuid.uuid4().hex[:6]}"
    base = {**api.get("/plans/harassment/H-A").json(), "code": code}
    base.pop("version")
    assert api.post("/plans", "admin", base).status_code == 201
    policy = enrol(api, enrolment(plan=code))
    raised = {**base, "limit_per_claim_yen": 9_000_000, "limit_per_year_yen": 9_000_000}
    response = api.post(f"/plans/harassment/{code}/versions", "admin", raised)
    assert response.status_code == 201 and response.json()["version"] == 2
    assert api.get(f"/policies/{policy['policy_number']}").json()["terms"]["limit_per_claim_yen"] == 3_000_000


def a_new_plan(api) -> dict:
    code = f"V{uuid.uuid4().hex[:6]}"
    base = {**api.get("/plans/harassment/H-A").json(), "code": code}
    base.pop("version")
    assert api.post("/plans", "admin", base).status_code == 201
    return base


def test_publish_plan_version_retried_with_the_same_idempotency_key_publishes_once(api):
    base = a_new_plan(api)
    raised = {**base, "limit_per_claim_yen": 4_000_000, "limit_per_year_yen": 4_000_000}
    path, key = f"/plans/harassment/{base['code']}/versions", f"k-{uuid.uuid4()}"

    first = api.post(path, "admin", raised, **{"Idempotency-Key": key})
    again = api.post(path, "admin", raised, **{"Idempotency-Key": key})

    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json()["version"] == again.json()["version"] == 2
    assert api.get(f"/plans/harassment/{base['code']}").json()["version"] == 2


def test_publish_plan_version_with_a_body_naming_another_plan_is_422_and_publishes_nothing(api):
    target, other = a_new_plan(api), a_new_plan(api)
    body = {**other, "limit_per_claim_yen": 4_000_000, "limit_per_year_yen": 4_000_000}

    response = api.post(f"/plans/harassment/{target['code']}/versions", "admin", body)

    assert response.status_code == 422 and response.json()["field"] == "code"
    assert api.get(f"/plans/harassment/{target['code']}").json()["version"] == 1
    assert api.get(f"/plans/harassment/{other['code']}").json()["version"] == 1


def test_publish_plan_by_adjuster_is_403(api):
    body = {**api.get("/plans/harassment/H-A").json(), "code": "X1"}
    body.pop("version")
    assert api.post("/plans", "adjuster", body).status_code == 403


def test_publish_plan_with_claim_limit_above_year_limit_is_422_naming_the_field(api):
    body = {**api.get("/plans/harassment/H-A").json(), "code": f"B{uuid.uuid4().hex[:6]}", "limit_per_claim_yen": 9}
    body.pop("version")
    body["limit_per_year_yen"] = 1
    response = api.post("/plans", "admin", body)
    assert response.status_code == 422 and response.json()["field"] == "limit_per_claim_yen"


# ---- policies --------------------------------------------------------------------------------------

def test_enrol_policy_awaits_its_premium_and_gives_no_cover(api):
    policy = enrol(api)
    assert policy["status"] == "awaiting_premium" and policy["gives_cover"] is False and policy["cover"] is None
    assert policy["policy_number"].startswith("HAR-")


def test_premium_meeting_the_cutoff_starts_cover_at_16_on_the_first_of_next_month(api):
    number = enrol(api)["policy_number"]
    year = this_policy_year()
    body = {"received_on": f"{year}-03-19", "amount_yen": 12_000}
    response = api.post(f"/policies/{number}/premiums", "admin", body)
    assert response.status_code == 200, response.text
    assert response.json()["cover"] == {"start": f"{year}-04-01T16:00:00+09:00",
                                        "end": f"{year + 1}-04-01T16:00:00+09:00", "policy_year": year}
    assert response.json()["limits"]["remaining_for_year_yen"] == 3_000_000


def test_premium_with_its_bank_reference_is_shown_on_the_policy(api):
    number = enrol(api)["policy_number"]
    body = {"received_on": f"{this_policy_year()}-03-19", "amount_yen": 12_000, "bank_reference": "FB-0319-01"}
    assert api.post(f"/policies/{number}/premiums", "admin", body).status_code == 200
    assert api.get(f"/policies/{number}").json()["premium_bank_reference"] == "FB-0319-01"


def test_premium_of_the_wrong_amount_is_refused_409_with_the_amount_due(api):
    number = enrol(api)["policy_number"]
    response = api.post(f"/policies/{number}/premiums", "admin", {"received_on": f"{this_policy_year()}-03-19",
                                                                   "amount_yen": 11_999})
    assert response.status_code == 409 and response.json()["rule"] == "premium_amount_mismatch"
    assert "¥12,000" in response.json()["detail"]


def test_cancel_policy_records_kind_and_reason(api):
    number = enrol(api)["policy_number"]
    body = {"kind": "cancelled", "reason": "退会", "effective_at": f"{this_policy_year()}-03-05T00:00:00+09:00"}
    response = api.post(f"/policies/{number}/end", "admin", body)
    assert response.status_code == 200 and response.json()["status"] == "cancelled"


def test_clinic_applied_for_by_a_non_founder_is_refused(api):
    body = enrolment(kind="clinic", clinic_id="C-001", clinic_name="青葉クリニック", applicant_is_founder=False)
    response = api.post("/policies", "admin", body)
    assert response.status_code == 409 and response.json()["rule"] == "clinic_applicant_not_founder"


def test_second_contract_for_one_clinic_is_refused(api):
    clinic = {"clinic_id": f"C-{uuid.uuid4().hex[:6]}", "clinic_name": "青葉クリニック", "applicant_is_founder": True}
    enrol(api, enrolment(kind="clinic", **clinic))
    response = api.post("/policies", "admin", enrolment(kind="clinic", **clinic))
    assert response.status_code == 409 and response.json()["rule"] == "one_contract_per_clinic"


def test_cyber_physician_policy_gives_no_cover_until_the_group_forms(api):
    number = enrol(api, enrolment(product="cyber_physician", plan="CP-1"))["policy_number"]
    response = api.post(f"/policies/{number}/premiums", "admin",
                        {"received_on": f"{this_policy_year()}-03-10", "amount_yen": 8_000})  # 10,000 − 20 %
    body = response.json()
    assert response.status_code == 200 and body["status"] == "in_force"
    assert body["group"]["formed"] is (body["group"]["members"] >= 10)
    assert body["gives_cover"] is body["group"]["formed"]


def test_get_unknown_policy_is_404(api):
    assert api.get("/policies/HAR-NOPE").status_code == 404


@pytest.mark.parametrize("role", ["concierge", "adjuster", "auditor"])
def test_enrolment_by_a_role_other_than_admin_is_403(api, role):
    assert api.post("/policies", role, enrolment()).status_code == 403


# ---- coverage decisions through the API ---------------------------------------------------------------

def test_report_against_an_unknown_policy_is_recorded_as_not_covered_and_cannot_escalate(api):
    response = api.post("/cases", "concierge", {**api.report_json, "policy_ref": "HAR-UNKNOWN"})
    case = response.json()
    assert response.status_code == 201 and case["coverage"] == "not_covered"
    assert case["coverage_reasons"] == ["policy_not_found"]
    refused = api.post(f"/cases/{case['id']}/escalation/recommend", "concierge", {"reason": "困難"})
    assert refused.status_code == 409 and refused.json()["rule"] == "case_not_covered"


def test_report_abroad_with_only_other_acts_names_both_reasons(api):
    body = {**api.report_json, "in_japan": False, "claim_act_kinds": ["other"]}
    case = api.post("/cases", "concierge", body).json()
    assert case["coverage_reasons"] == ["claim_act_not_covered", "outside_japan"]


def test_report_on_a_covered_policy_is_covered(api):
    assert api.a_reported_case()["coverage"] == "covered"


# ---- roster import -----------------------------------------------------------------------------------

HEADER = ("member_number,name,kind,product,plan_code,applied_on,clinic_id,clinic_name,applicant_is_founder,"
          "premium_received_on,premium_amount_yen\n")


def post_csv(api, text):
    return api.client.post("/policies/import", content=text.encode("utf-8"),
                           headers=api.headers("admin", **{"Content-Type": "text/csv"}))


def test_import_roster_imports_good_rows_and_reports_refused_ones(api):
    year, tag = this_policy_year(), uuid.uuid4().hex[:6]
    text = HEADER + (
        f"A-{tag},山田 花子,physician,harassment,H-A,{year}-03-01,,,,{year}-03-10,12000\n"
        f"B-{tag},鈴木 次郎,physician,harassment,NOPLAN,{year}-03-01,,,,,\n"
        f"C-{tag},田中クリニック,clinic,harassment,H-A,{year}-03-01,K-{tag},田中クリニック,false,,\n"
        f"D-{tag},高橋 三郎,physician,harassment,H-A,not-a-date,,,,,\n"
        f"E-{tag},伊藤 四郎,physician,harassment,H-A,{year}-03-01,,,,{year}-03-10,999\n"
    )
    report = post_csv(api, text).json()
    rows = {r["row"]: r for r in report["report"]}
    assert (report["rows"], report["imported"], report["refused"]) == (5, 2, 3)
    assert rows[2]["status"] == "imported" and rows[2]["premium"] == "recorded"
    assert rows[3]["rule"] == "plan_not_found"
    assert rows[4]["rule"] == "clinic_applicant_not_founder"
    assert rows[5]["field"] == "applied_on"
    assert rows[6]["status"] == "imported" and rows[6]["premium"] == "refused"
    assert api.get(f"/policies/{rows[2]['policy_number']}").json()["policyholder"]["name"] == "山田 花子"


def test_importing_the_same_roster_twice_records_nothing_twice(api):
    year, tag = this_policy_year(), uuid.uuid4().hex[:6]
    text = HEADER + f"R-{tag},再 送,physician,harassment,H-A,{year}-03-01,,,,{year}-03-10,12000\n"
    first = post_csv(api, text).json()["report"][0]
    again = post_csv(api, text).json()["report"][0]
    assert again["status"] == "already_imported" and again["policy_number"] == first["policy_number"]
    assert api.get(f"/policies/{first['policy_number']}").json()["version"] == 2


def test_import_without_the_required_columns_is_422_naming_the_header(api):
    response = post_csv(api, "member_number,name\nX,Y\n")
    assert response.status_code == 422 and response.json()["field"] == "header"


def test_a_roster_with_old_mac_line_ends_imports_every_row(api):
    year, tag = this_policy_year(), uuid.uuid4().hex[:6]
    text = (HEADER + f"M-{tag},前田 一郎,physician,harassment,H-A,{year}-03-01,,,,,\n"
            f"N-{tag},中村 二郎,physician,harassment,H-A,{year}-03-01,,,,,\n").replace("\n", "\r")  # CR alone
    report = post_csv(api, text)
    assert report.status_code == 200, report.text
    assert [r["status"] for r in report.json()["report"]] == ["imported", "imported"]


def test_a_roster_the_csv_reader_cannot_read_is_refused_whole_naming_the_line(api):
    year, tag = this_policy_year(), uuid.uuid4().hex[:6]
    text = (HEADER + f"G-{tag},良い 行,physician,harassment,H-A,{year}-03-01,,,,,\n"
            f"L-{tag},{'長' * 140_000},physician,harassment,H-A,{year}-03-01,,,,,\n")  # over the csv field limit
    response = api.client.post("/policies/import", content=text.encode("utf-8"),
                               headers=api.headers("admin", **{"Content-Type": "text/csv", "Accept-Language": "ja"}))
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM, response.text
    problem = response.json()
    assert problem["field"] == "body" and problem["rule"] == "invalid_input" and "3 行目" in problem["detail"]
    good_row_alone = HEADER + f"G-{tag},良い 行,physician,harassment,H-A,{year}-03-01,,,,,\n"
    again = post_csv(api, good_row_alone).json()["report"][0]
    assert again["status"] == "imported"  # not "already_imported": the refused file recorded nothing


def post_bytes(api, raw: bytes):
    return api.client.post("/policies/import", content=raw, headers=api.headers("admin", **{"Content-Type": "text/csv"}))


@pytest.mark.parametrize("encoding", ["cp932", "shift_jis", "utf-8-sig"])
def test_import_of_a_roster_saved_by_excel_in_japan_reads_its_japanese_names(api, encoding):
    year, tag = this_policy_year(), uuid.uuid4().hex[:6]
    text = HEADER + f"S-{tag},髙橋 﨑子,physician,harassment,H-A,{year}-03-01,,,,,\r\n"
    if encoding == "shift_jis":
        text = text.replace("髙橋 﨑子", "渡辺 花子")  # Shift_JIS proper has no IBM extensions
    row = post_bytes(api, text.encode(encoding)).json()["report"][0]
    assert row["status"] == "imported", row
    name = api.get(f"/policies/{row['policy_number']}").json()["policyholder"]["name"]
    assert name == ("渡辺 花子" if encoding == "shift_jis" else "髙橋 﨑子")


@pytest.mark.parametrize("raw", ["会員番号".encode("utf-16"), b"member_number\x00,name\n", "会員番号".encode("euc_jp") + b"\x80"])
def test_import_in_an_encoding_other_than_utf8_or_cp932_is_refused_in_japanese(api, raw):
    response = api.client.post("/policies/import", content=raw,
                               headers=api.headers("admin", **{"Content-Type": "text/csv", "Accept-Language": "ja"}))
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM
    assert response.json()["field"] == "body" and "文字コード" in response.json()["detail"]



def test_list_policies_finds_by_member_number_or_holder_name_and_filters_by_status(api):
    body = enrolment(name="森 一郎")
    policy = enrol(api, body)
    member = body["policyholder"]["member_number"]

    by_member = api.get(f"/policies?text={member.lower()}&position={policy['log_position']}", "concierge").json()
    awaiting = api.get(f"/policies?status=awaiting_premium&text=森　一郎&position={policy['log_position']}&limit=200",
                       "admin").json()
    in_force = api.get(f"/policies?status=in_force&text={member}&position={policy['log_position']}", "admin").json()

    assert [p["policy_number"] for p in by_member["items"]] == [policy["policy_number"]]
    assert by_member["items"][0]["holder_name"] == "森 一郎" and by_member["items"][0]["status"] == "awaiting_premium"
    assert policy["policy_number"] in [p["policy_number"] for p in awaiting["items"]]
    assert in_force["items"] == []
