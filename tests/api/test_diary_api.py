"""The diary over HTTP: the system's activities appear in the right person's diary with their due
dates on the Japanese business calendar; what is overdue; planning, completing, reassigning and
rescheduling; bad input named and nothing recorded."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.diary.activity import ActivityInput, Assignee
from domain.kernel.actors import Role
from domain.kernel.calendar import add_business_days
from domain.kernel.clock import JAPAN
from tests.builders import LIVE_CONCIERGE, clock_at, diary_of, today_in_japan


def test_a_report_puts_the_first_consultation_in_the_concierges_diary(api):
    case = api.a_reported_case()
    activity_id = str(diary_of(case["id"], "first_consultation"))

    diary = api.get(f"/diary?position={case['log_position']}", "concierge").json()
    found = next(item for item in diary["items"] if item["id"] == activity_id)
    assert found["due_on"] == add_business_days(today_in_japan(), 2).isoformat()
    assert (found["kind"], found["assignee_role"], found["claim_id"], found["when"]) == (
        "first_consultation", "concierge", case["id"], "later")
    assert found["insured_name"] == case["insured_name"]
    assert activity_id not in [i["id"] for i in api.get("/diary", "adjuster").json()["items"]]  # not theirs
    claim = api.get(f"/diary/claims/{case['id']}", "auditor").json()
    assert [a["kind"] for a in claim] == ["first_consultation"]


def test_a_bill_and_a_payment_move_the_adjusters_diary(api):
    case = api.a_case_with_invoice()
    bill = str(diary_of(case["id"], "bill_decision", "INV-001"))
    assert api.get(f"/diary?position={case['log_position']}", "adjuster").json()["items"]
    items = {i["id"]: i for i in api.get("/diary", "adjuster").json()["items"]}
    assert items[bill]["due_on"] == (today_in_japan() + timedelta(days=30)).isoformat()
    assert "保険法第21条" in items[bill]["basis"]

    paid = api.post(f"/cases/{case['id']}/payments", "adjuster").json()
    after = {i["id"]: i for i in api.get(f"/diary?position={paid['log_position']}", "adjuster").json()["items"]}
    assert bill not in after
    transfer = after[str(diary_of(case["id"], "transfer", "1"))]
    assert transfer["due_on"] == add_business_days(today_in_japan(), 5).isoformat()
    assert transfer["assignee_user"] == paid["payments"][0]["approved_by"]


def test_an_activity_past_its_due_date_is_overdue_for_its_role(api, services):
    week_ago = datetime.now(JAPAN) - timedelta(days=7)
    with clock_at(services.app, week_ago):
        result = services.app.plan_activity(ActivityInput("院長に折り返し電話", week_ago.date() + timedelta(days=2),
                                                          Assignee(Role.CONCIERGE)), LIVE_CONCIERGE)

    overdue = api.get(f"/diary/overdue?position={result.position}", "concierge").json()
    found = next(item for item in overdue if item["id"] == str(result.aggregate_id))
    assert (found["when"], found["overdue_days"]) == ("overdue", 5)
    assert api.get("/diary/overdue?role=concierge", "adjuster").status_code == 422  # not their role
    assert str(result.aggregate_id) in [i["id"] for i in api.get("/diary/overdue?role=concierge", "auditor").json()]
    counts = api.get("/diary", "concierge").json()
    assert counts["overdue"] >= 1


def test_plan_complete_reassign_and_reschedule(api):
    case = api.a_reported_case()
    tomorrow = (today_in_japan() + timedelta(days=1)).isoformat()
    planned = api.post("/diary", "concierge", {"subject": "院長に折り返し電話", "due_on": tomorrow,
                                                "assignee_role": "concierge", "claim_id": case["id"], "claim_kind": "case"})
    assert planned.status_code == 201, planned.text
    aid = planned.json()["id"]

    later = (today_in_japan() + timedelta(days=8)).isoformat()
    moved = api.post(f"/diary/{aid}/reschedule", "concierge", {"due_on": later, "reason": "院長が出張中"})
    assert moved.json()["due_on"] == later
    given = api.post(f"/diary/{aid}/reassign", "adjuster", {"assignee_role": "adjuster", "reason": "弁護士対応へ"})
    assert given.json()["assignee_role"] == "adjuster"
    refused = api.post(f"/diary/{aid}/done", "concierge", {"note": "済"})
    assert (refused.status_code, refused.json()["rule"]) == (409, "not_your_activity")
    done = api.post(f"/diary/{aid}/done", "adjuster", {"note": "弁護士から院長へ連絡済み"})
    assert done.json()["status"] == "done"
    again = api.post(f"/diary/{aid}/done", "adjuster", {"note": "x"})
    assert (again.status_code, again.json()["rule"]) == (409, "activity_already_done")


def test_a_bad_plan_is_named_and_records_nothing(api, services):
    head = services.app.recorder.max_notification_id()
    yesterday = (today_in_japan() - timedelta(days=1)).isoformat()
    cases = [
        ({"subject": "x", "due_on": yesterday, "assignee_role": "concierge"}, "due_on"),
        ({"subject": "", "due_on": yesterday, "assignee_role": "concierge"}, "subject"),
        ({"subject": "x", "due_on": "2026-13-01", "assignee_role": "concierge"}, "due_on"),
        ({"subject": "x", "due_on": today_in_japan().isoformat(), "assignee_role": "auditor"}, "assignee_role"),
        ({"subject": "x", "due_on": today_in_japan().isoformat(), "assignee_role": "concierge",
          "assignee_user": "nobody-at-all"}, "assignee_user"),
    ]
    for body, field in cases:
        response = api.client.post("/diary", json=body, headers=api.headers("concierge", **{"Accept-Language": "ja"}))
        assert response.status_code == 422, response.text
        problem = response.json()
        named = [e["field"] for e in problem.get("errors", [])] or [problem.get("field")]
        assert field in named, problem
    missing = api.post("/diary", "concierge", {"subject": "x", "due_on": today_in_japan().isoformat(),
                                               "assignee_role": "concierge", "claim_id": str(diary_of("x", "transfer")),
                                               "claim_kind": "case"})
    assert missing.status_code == 404
    assert services.app.recorder.max_notification_id() == head
