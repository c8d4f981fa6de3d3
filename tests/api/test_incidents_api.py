"""Cyber incidents end to end through the API on PostgreSQL: the programme's worked scenarios,
with their figures, and the refusals."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from domain.kernel.clock import JAPAN
from domain.policies.cover import policy_year_of


def _year() -> int:
    return policy_year_of(datetime.now(JAPAN))


def _today() -> str:
    return datetime.now(JAPAN).date().isoformat()


def _policy(api, product, plan, kind, premium):
    body = {"product": product, "plan_code": plan, "applied_on": f"{_year()}-03-01",
            "policyholder": {"member_number": f"M-{uuid.uuid4().hex[:8]}", "name": "青葉会 青葉病院", "kind": kind}}
    number = api.post("/policies", "admin", body).json()["policy_number"]
    answer = api.post(f"/policies/{number}/premiums", "admin", {"received_on": f"{_year()}-03-10", "amount_yen": premium})
    assert answer.status_code == 200, answer.text
    return number


@pytest.fixture(scope="module")
def physician_group_formed(client, tokens, policy_number):
    from tests.api.conftest import Api

    api = Api(client, tokens, policy_number)
    return [_policy(api, "cyber_physician", "CP-1", "physician", 8_000) for _ in range(10)]


def _notice(policy, product, kinds, business, people, **extra):
    now = datetime.now(UTC)
    return {"product": product, "policy_ref": policy, "insured_name": "青葉病院", "member_number": "M-1",
            "found": "電子カルテのサーバに外部から不正アクセスの可能性があることが判明", "country": "JP",
            "discovered_at": (now - timedelta(minutes=30)).isoformat(), "occurred_at": (now - timedelta(hours=1)).isoformat(),
            "incident_kinds": kinds, "business": business, "personal_data": True, "medical_data": True,
            "people_affected": people, **extra}


def _cost(api, incident, head, cost_type, amount, role="adjuster"):
    body = {"head": head, "cost_type": cost_type, "vendor": "ベンダー", "invoice_number": f"V-{uuid.uuid4().hex[:6]}",
            "invoice_date": _today(), "amount_yen": amount}
    return api.post(f"/incidents/{incident}/costs", role, body)


def test_institution_emr_server_unauthorised_access_scenario(api):
    policy = _policy(api, "cyber_institution", "CI-1", "institution", 60_000)
    opened = api.post("/incidents", "concierge",
                      _notice(policy, "cyber_institution", ["cyber_incident", "information_leak"], "medical_care", 1200))
    incident = opened.json()
    assert opened.status_code == 201 and incident["coverage"] == "covered"
    assert incident["stage"] == "notice_of_circumstances"
    for cost_type, amount in [("cause_investigation", 1_500_000), ("apology_letters", 1_200 * 300),
                              ("data_recovery", 800_000)]:
        assert _cost(api, incident["id"], "expenses", cost_type, amount).status_code == 201
    expenses = api.post(f"/incidents/{incident['id']}/payments", "senior_adjuster", {"head": "expenses"}).json()
    assert expenses["payments"][0]["amount_yen"] == 2_660_000 - 50_000  # deductible ¥50,000, 100 %
    claim = {"claimant": "患者A", "amount_claimed_yen": 1_000_000, "received_on": _today(),
             "summary": "個人情報漏えいの損害賠償請求"}
    assert api.post(f"/incidents/{incident['id']}/third-party-claims", "adjuster", claim).status_code == 201
    _cost(api, incident["id"], "liability", "damages", 500_000)
    _cost(api, incident["id"], "liability", "litigation_costs", 300_000)
    after = api.post(f"/incidents/{incident['id']}/payments", "adjuster", {"head": "liability"}).json()
    assert [p["amount_yen"] for p in after["payments"]] == [2_610_000, 750_000]
    assert api.get(f"/policies/{policy}").json()["limits"]["remaining_for_year_yen"] == 30_000_000 - 3_360_000


def test_physician_usb_stick_lost_for_a_paper_with_the_hospitals_cover_paying_part(api, physician_group_formed):
    policy = physician_group_formed[0]
    assert api.get(f"/policies/{policy}").json()["gives_cover"] is True
    notice = _notice(policy, "cyber_physician", ["information_leak"], "education_research", 200,
                     found="論文作成のために患者の医療情報を持ち出したUSBメモリを紛失")
    incident = api.post("/incidents", "concierge", notice).json()
    assert incident["coverage"] == "covered"
    for cost_type, amount in [("leak_response", 400_000), ("apology_letters", 200 * 300), ("lawyer_consultation", 100_000)]:
        _cost(api, incident["id"], "expenses", cost_type, amount)
    other = {"kind": "other_insurance", "head": "expenses", "amount_yen": 300_000, "source": "勤務先病院のサイバー保険",
             "on": _today(), "reference": "H-CYBER-77"}
    assert api.post(f"/incidents/{incident['id']}/offsets", "adjuster", other).status_code == 201
    waived = api.post(f"/incidents/{incident['id']}/recourse", "adjuster",
                      {"decision": "waived", "reason": "病院の保険で支払済み、勤務医に求償しない"})
    assert waived.json()["recourse"] == "waived"
    paid = api.post(f"/incidents/{incident['id']}/payments", "adjuster", {"head": "expenses"}).json()
    assert paid["heads"]["expenses"]["basis_yen"] == 560_000 - 300_000
    assert paid["payments"][0]["amount_yen"] == 260_000  # deductible ¥0, 100 %


def test_cost_head_the_physician_product_does_not_have_is_refused(api, physician_group_formed):
    notice = _notice(physician_group_formed[1], "cyber_physician", ["cyber_attack"], "facility_work", 10)
    incident = api.post("/incidents", "concierge", notice).json()
    response = _cost(api, incident["id"], "expenses", "situation_recovery", 100_000)
    assert response.status_code == 409 and response.json()["rule"] == "cost_not_in_product"
    assert api.get(f"/incidents/{incident['id']}").json()["version"] == 1


def test_business_outside_the_scope_is_not_covered_and_costs_are_refused(api, physician_group_formed):
    notice = _notice(physician_group_formed[2], "cyber_physician", ["information_leak"], "unrelated_private_activity", 1)
    incident = api.post("/incidents", "concierge", notice).json()
    assert incident["coverage"] == "not_covered" and incident["coverage_reasons"] == ["business_not_in_scope"]
    response = _cost(api, incident["id"], "expenses", "leak_response", 100_000)
    assert response.status_code == 409 and response.json()["rule"] == "case_not_covered"


def test_expenses_sub_limit_reached_pays_the_remainder_then_refuses(api, physician_group_formed):
    policy = physician_group_formed[3]
    incident = api.post("/incidents", "concierge",
                        _notice(policy, "cyber_physician", ["cyber_attack"], "facility_work", 0)).json()
    _cost(api, incident["id"], "expenses", "data_recovery", 1_500_000)
    first = api.post(f"/incidents/{incident['id']}/payments", "senior_adjuster", {"head": "expenses"})
    assert first.json()["payments"][0]["amount_yen"] == 1_000_000  # the plan's expenses sub-limit
    _cost(api, incident["id"], "expenses", "equipment_repair", 200_000)
    again = api.post(f"/incidents/{incident['id']}/payments", "senior_adjuster", {"head": "expenses"})
    assert again.status_code == 409 and again.json()["rule"] == "payment_limit_exhausted"


def test_institution_employee_is_insured_for_liability_only(api):
    policy = _policy(api, "cyber_institution", "CI-1", "institution", 60_000)
    notice = _notice(policy, "cyber_institution", ["media_wrongful_act"], "medical_care", 0, insured_party="employee")
    incident = api.post("/incidents", "concierge", notice).json()
    assert incident["coverage"] == "covered"
    response = _cost(api, incident["id"], "expenses", "consulting", 100_000)
    assert response.status_code == 409 and response.json()["rule"] == "head_not_covered_for_insured_party"


def test_liability_cost_before_any_third_party_claim_is_refused(api):
    policy = _policy(api, "cyber_institution", "CI-1", "institution", 60_000)
    incident = api.post("/incidents", "concierge",
                        _notice(policy, "cyber_institution", ["cyber_incident"], "nursing_care", 5)).json()
    response = _cost(api, incident["id"], "liability", "damages", 100_000)
    assert response.status_code == 409 and response.json()["rule"] == "liability_needs_third_party_claim"


def test_incident_kind_of_the_other_product_is_422_naming_the_field(api):
    policy = _policy(api, "cyber_institution", "CI-1", "institution", 60_000)
    response = api.post("/incidents", "concierge",
                        _notice(policy, "cyber_institution", ["digital_content_wrongful_act"], "medical_care", 0))
    assert response.status_code == 422 and response.json()["field"] == "incident_kinds"


def test_incidents_appear_in_the_case_list_with_their_stage(api):
    policy = _policy(api, "cyber_institution", "CI-1", "institution", 60_000)
    incident = api.post("/incidents", "concierge",
                        _notice(policy, "cyber_institution", ["cyber_incident"], "medical_care", 0)).json()
    after_cost = _cost(api, incident["id"], "expenses", "consulting", 100_000).json()
    listed = api.get(f"/cases?product=cyber_institution&policy_ref={policy}&position={after_cost['log_position']}").json()
    assert [(i["kind"], i["stage"]) for i in listed["items"]] == [("incident", "costs_awaiting_decision")]


@pytest.mark.parametrize("path", ["/costs", "/payments", "/third-party-claims", "/offsets", "/close"])
def test_auditor_cannot_change_an_incident(api, path):
    policy = _policy(api, "cyber_institution", "CI-1", "institution", 60_000)
    incident = api.post("/incidents", "adjuster",
                        _notice(policy, "cyber_institution", ["cyber_incident"], "medical_care", 0)).json()
    assert api.post(f"/incidents/{incident['id']}{path}", "auditor", {}).status_code == 403


def test_paying_one_head_leaves_the_incident_in_the_queue_while_the_other_head_awaits_a_decision(api):
    policy = _policy(api, "cyber_institution", "CI-1", "institution", 60_000)
    incident = api.post("/incidents", "adjuster",
                        _notice(policy, "cyber_institution", ["cyber_incident"], "medical_care", 10)).json()["id"]
    claim = {"claimant": "患者A", "amount_claimed_yen": 1_000_000, "received_on": _today(), "summary": "漏えいの賠償"}
    assert api.post(f"/incidents/{incident}/third-party-claims", "adjuster", claim).status_code == 201
    assert _cost(api, incident, "expenses", "cause_investigation", 300_000).status_code == 201
    assert _cost(api, incident, "liability", "damages", 800_000).status_code == 201

    paid = api.post(f"/incidents/{incident}/payments", "adjuster", {"head": "expenses"}).json()
    settled = api.post(f"/incidents/{incident}/payments/1/settlement", "adjuster",
                       {"transfer_date": _today(), "bank_reference": "FB-1"}).json()

    assert paid["stage"] == "payment_awaiting_settlement"
    assert settled["stage"] == "costs_awaiting_decision" and settled["heads"]["liability"]["owed_now_yen"] == 750_000
    listed = api.get(f"/cases?kind=incident&policy_ref={policy}&position={settled['log_position']}").json()["items"]
    assert [item["stage"] for item in listed] == ["costs_awaiting_decision"]
    assert incident in _queue_ids(api, "invoices_awaiting_decision", settled["log_position"])


def _queue_ids(api, queue: str, position: int) -> list[str]:
    ids, cursor = [], ""
    while True:
        page = api.get(f"/queues/{queue}?position={position}&limit=200{cursor}", "adjuster").json()
        ids += [item["id"] for item in page["items"]]
        if not page["next_cursor"]:
            return ids
        cursor = f"&cursor={page['next_cursor']}"
