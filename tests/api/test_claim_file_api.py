"""The adjuster's file over HTTP: four eyes between two adjusters, reserves and incurred (and the
reserves report as it stood at a date), file notes with corrections; bad input named and nothing
recorded. Real PostgreSQL, the service's own read models."""

from __future__ import annotations

from datetime import timedelta

from tests.builders import settlement_json, today_in_japan

OWED = 288_000  # the API builders' invoice: ¥330,000 covered → (330,000 − 10,000) × 90 %


def requested(api) -> dict:
    case = api.a_case_with_invoice()
    response = api.post(f"/cases/{case['id']}/payments", "junior_adjuster")  # authority ¥100,000
    assert response.status_code == 202, response.text
    return response.json()


def test_the_second_adjuster_confirms_and_the_policy_is_charged_once(api):
    case = requested(api)
    cid = case["id"]

    own = api.client.post(f"/cases/{cid}/payment-requests/1/confirm",
                          headers=api.headers("junior_adjuster", **{"Accept-Language": "ja"}))
    assert own.status_code == 409
    assert own.json()["rule"] == "own_payment_request"
    assert "ご自身の確認依頼" in own.json()["detail"]

    confirmed = api.post(f"/cases/{cid}/payment-requests/1/confirm", "adjuster")
    assert confirmed.status_code == 201, confirmed.text
    answer = confirmed.json()
    (payment,) = answer["payments"]
    assert (payment["amount_yen"], payment["request_number"]) == (OWED, 1)
    assert payment["requested_by"].startswith("junior-")
    assert payment["approved_by"].startswith("adjuster-")
    assert answer["payment_requests"][0]["status"] == "confirmed"
    assert answer["stage"] == "payment_awaiting_settlement"
    again = api.post(f"/cases/{cid}/payment-requests/1/confirm", "senior_adjuster")
    assert again.status_code == 409
    assert again.json()["rule"] == "payment_request_not_waiting"


def test_a_waiting_request_is_in_the_adjusters_queue_and_blocks_other_approvals(api):
    case = requested(api)
    position = case["log_position"]

    queue = api.get(f"/queues/payments_awaiting_confirmation?position={position}", "adjuster")
    assert queue.status_code == 200, queue.text
    assert case["id"] in [item["id"] for item in queue.json()["items"]]
    blocked = api.post(f"/cases/{case['id']}/payments", "senior_adjuster")
    assert blocked.status_code == 409
    assert blocked.json()["rule"] == "payment_awaiting_confirmation"
    assert case["payment_quote"]["refusal"]["rule"] == "payment_awaiting_confirmation"


def test_withdraw_is_the_requesters_and_refuse_a_colleagues_each_with_a_reason(api):
    case = requested(api)
    cid = case["id"]

    assert api.post(f"/cases/{cid}/payment-requests/1/withdraw", "adjuster", {"reason": "x"}).json()["rule"] == \
        "not_the_requester"
    empty = api.post(f"/cases/{cid}/payment-requests/1/refuse", "adjuster", {"reason": ""})
    assert empty.status_code == 422
    assert empty.json()["errors"][0]["field"] == "reason"
    before = api.event_count(cid)
    refused = api.post(f"/cases/{cid}/payment-requests/1/refuse", "adjuster", {"reason": "減額交渉の結果を待つ"})
    assert refused.status_code == 200, refused.text
    assert refused.json()["payment_requests"][0]["reason"] == "減額交渉の結果を待つ"
    assert api.event_count(cid) == before + 1
    again = api.post(f"/cases/{cid}/payments", "junior_adjuster")
    assert again.status_code == 202
    withdrawn = api.post(f"/cases/{cid}/payment-requests/2/withdraw", "junior_adjuster", {"reason": "請求書の差替え"})
    assert withdrawn.json()["payment_requests"][1]["status"] == "withdrawn"
    assert api.post(f"/cases/{cid}/payment-requests/9/confirm", "adjuster").json()["rule"] == \
        "payment_request_not_found"


def test_reserve_payment_close_and_incurred_with_the_report_as_it_stood(api):
    case = api.a_case_with_invoice()
    cid = case["id"]

    set_ = api.post(f"/cases/{cid}/reserve", "adjuster", {"amount_yen": 500_000, "reason": "訴訟移行の見込み"})
    assert set_.status_code == 200, set_.text
    assert set_.json()["reserve"]["outstanding_yen"] == 500_000
    paid = api.post(f"/cases/{cid}/payments", "adjuster").json()
    assert paid["reserve"] == {
        "outstanding_yen": 500_000 - OWED, "paid_yen": OWED, "incurred_yen": 500_000, "by_head": None,
        "movements": paid["reserve"]["movements"]}
    assert [m["kind"] for m in paid["reserve"]["movements"]] == ["set", "lowered"]
    api.post(f"/cases/{cid}/payments/1/settlement", "adjuster", settlement_json())
    closed = api.post(f"/cases/{cid}/close", "adjuster", {"reason": "支払完了"}).json()
    assert closed["reserve"]["outstanding_yen"] == 0
    assert closed["reserve"]["incurred_yen"] == OWED

    policy = case["policy_ref"]
    now = api.get(f"/reports/reserves?by=claim&policy_ref={policy}&position={closed['log_position']}").json()
    line = next(item for item in now["items"] if item["key"] == cid)
    assert (line["outstanding_yen"], line["paid_yen"], line["incurred_yen"]) == (0, OWED, OWED)
    yesterday = (today_in_japan() - timedelta(days=1)).isoformat()
    before = api.get(f"/reports/reserves?by=claim&policy_ref={policy}&on={yesterday}").json()
    assert cid not in [item["key"] for item in before["items"]]  # nothing of it stood yesterday
    moment = set_.json()["modified_at"]
    then = api.client.get("/reports/reserves", params={"by": "claim", "policy_ref": policy, "as_at": moment},
                          headers=api.headers("auditor")).json()
    line = next(item for item in then["items"] if item["key"] == cid)
    assert (line["outstanding_yen"], line["paid_yen"], line["incurred_yen"]) == (500_000, 0, 500_000)


def test_a_bad_reserve_is_named_and_changes_nothing(api):
    case = api.a_reported_case()
    cid = case["id"]
    before = api.event_count(cid)

    for body, field in (({"amount_yen": -1, "reason": "x"}, "amount_yen"), ({"amount_yen": "1000", "reason": "x"},
                        "amount_yen"), ({"amount_yen": 1000}, "reason"), ({"amount_yen": 0, "reason": "x"},
                                                                          "amount_yen")):
        response = api.client.post(f"/cases/{cid}/reserve", json=body,
                                   headers=api.headers("adjuster", **{"Accept-Language": "ja"}))
        assert response.status_code in (409, 422), response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        named = [e["field"] for e in problem.get("errors", [])] or [problem.get("field")]
        assert field in named, problem
    assert api.event_count(cid) == before
    assert api.post(f"/cases/{cid}/reserve", "concierge", {"amount_yen": 1, "reason": "x"}).status_code == 403


def test_notes_are_written_by_the_concierge_and_the_adjuster_and_corrected_by_new_notes(api):
    case = api.a_reported_case()
    cid = case["id"]

    first = api.post(f"/cases/{cid}/notes", "concierge", {"category": "電話記録", "text": "面談は 6 月 3 日"})
    assert first.status_code == 201, first.text
    second = api.post(f"/cases/{cid}/notes", "adjuster",
                      {"category": "telephone", "text": "訂正: 面談は 6 月 4 日", "corrects": 1}).json()
    assert [(n["number"], n["corrects"], n["corrected_by"]) for n in second["notes"]] == [(1, None, [2]), (2, 1, [])]
    assert second["notes"][0]["text"] == "面談は 6 月 3 日"
    missing = api.post(f"/cases/{cid}/notes", "adjuster", {"category": "other", "text": "x", "corrects": 7})
    assert (missing.status_code, missing.json()["rule"]) == (409, "note_not_found")
    history = api.get(f"/cases/{cid}/history").json()
    said = " ".join(e["description_ja"] for e in history)
    assert "メモ 2 を記録（電話記録）" in said
    assert "面談は" not in said  # a note's words stay out of the history and the audit log
