"""The auditor's view over HTTP: histories that say what changed, records as they stood at any
instant, audit search and streamed exports, and the access log of who read what."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta

import pytest

from tests.builders import CONSULTATION_JSON


def test_history_describes_each_event_in_english_and_japanese_with_what_it_changed(api):
    case = api.a_case_awaiting_consent()
    history = api.get(f"/cases/{case['id']}/history").json()
    assert [e["event_type"] for e in history] == ["Reported", "ConsultationLogged", "EscalationRecommended"]
    consultation = history[1]
    assert consultation["description_en"].startswith("Consultation 1 logged (phone")
    assert consultation["description_ja"].startswith("相談 1 を記録")
    held_at = datetime.fromisoformat(CONSULTATION_JSON["held_at"])
    assert datetime.fromisoformat(consultation["happened_at"]) == held_at  # when it was held, not recorded
    assert consultation["actor_role"] == "concierge"
    assert len(consultation["changes"]["consultations"]["added"]) == 1
    assert history[2]["changes"]["escalation"] == {"before": "none", "after": "recommended"}


def test_a_case_as_of_each_recorded_instant_is_the_case_at_that_version(api):
    case = api.a_case_with_invoice()
    history = api.get(f"/cases/{case['id']}/history").json()
    for entry in history:
        as_of = api.client.get(f"/cases/{case['id']}", params={"as_of": entry["recorded_at"]},
                               headers=api.headers("auditor")).json()
        at_version = api.get(f"/cases/{case['id']}?version={entry['version']}").json()
        assert as_of == at_version and as_of["version"] == entry["version"]


def test_as_of_before_the_case_existed_is_404_and_a_naive_instant_is_422(api):
    case = api.a_reported_case()
    reported = datetime.fromisoformat(api.get(f"/cases/{case['id']}/history").json()[0]["recorded_at"])
    before = api.client.get(f"/cases/{case['id']}", params={"as_of": (reported - timedelta(seconds=1)).isoformat()},
                            headers=api.headers("auditor"))
    assert before.status_code == 404
    naive = api.get(f"/cases/{case['id']}?as_of=2026-04-01T00:00:00")
    assert naive.status_code == 422 and naive.json()["field"] == "as_of"
    both = api.client.get(f"/cases/{case['id']}", params={"as_of": reported.isoformat(), "version": 1},
                          headers=api.headers("auditor"))
    assert both.status_code == 422 and both.json()["field"] == "as_of"


def test_a_policy_has_a_history_and_a_past_state(api):
    case = api.a_reported_case()
    history = api.get(f"/policies/{case['policy_ref']}/history").json()
    assert [e["event_type"] for e in history][:2] == ["Enrolled", "PremiumReceived"]
    enrolled = api.client.get(f"/policies/{case['policy_ref']}", params={"as_of": history[0]["recorded_at"]},
                              headers=api.headers("auditor")).json()
    assert enrolled["status"] == "awaiting_premium"


def search(api, query: str) -> dict:
    response = api.get(f"/audit/events?{query}")
    assert response.status_code == 200, response.text
    return response.json()


def test_audit_search_finds_a_cases_events_in_order_and_by_actor(api, tokens):
    case = api.a_case_awaiting_consent()
    found = search(api, f"aggregate_id={case['id']}&position={case['log_position']}")["items"]
    assert [e["event_type"] for e in found] == ["Reported", "ConsultationLogged", "EscalationRecommended"]
    assert [e["aggregate_version"] for e in found] == [1, 2, 3]
    concierge = found[0]["actor_id"]
    by_actor = search(api, f"actor_id={concierge}&event_type=ConsultationLogged&limit=1000")["items"]
    assert by_actor and all(e["actor_id"] == concierge and e["event_type"] == "ConsultationLogged" for e in by_actor)


def test_audit_search_pages_with_a_cursor_and_filters_by_time(api):
    case = api.a_case_awaiting_consent()
    first = search(api, f"aggregate_id={case['id']}&limit=2&position={case['log_position']}")
    second = search(api, f"aggregate_id={case['id']}&limit=2&cursor={first['next_cursor']}")
    assert len(first["items"]) == 2 and len(second["items"]) == 1 and second["next_cursor"] is None
    at = first["items"][1]["recorded_at"]
    later = api.client.get("/audit/events", params={"aggregate_id": case["id"], "recorded_from": at},
                           headers=api.headers("auditor")).json()
    assert [e["event_type"] for e in later["items"]] == ["ConsultationLogged", "EscalationRecommended"]
    paged = api.client.get("/audit/events", params={"aggregate_id": case["id"], "recorded_from": at, "limit": 1},
                           headers=api.headers("auditor")).json()
    rest = api.client.get("/audit/events", params={"aggregate_id": case["id"], "recorded_from": at, "limit": 1,
                                                   "cursor": paged["next_cursor"]}, headers=api.headers("auditor")).json()
    assert [e["event_type"] for e in paged["items"] + rest["items"]] == ["ConsultationLogged", "EscalationRecommended"]
    assert rest["next_cursor"] is None  # a time range pages in log order like any other filter


def test_audit_search_and_the_access_log_refuse_an_instant_without_a_time_zone(api):
    response = api.get("/audit/events?recorded_from=2026-04-01T00:00:00")
    assert response.status_code == 422 and response.json()["field"] == "recorded_from"
    response = api.get("/audit/access?until=2026-04-01T00:00:00")
    assert response.status_code == 422 and response.json()["field"] == "until"


def test_exports_stream_csv_and_json_lines_with_the_same_rows_as_the_search(api):
    case = api.a_case_awaiting_consent()
    search(api, f"position={case['log_position']}")
    csv_text = api.get(f"/audit/events/export?format=csv&aggregate_id={case['id']}")
    assert csv_text.status_code == 200 and csv_text.headers["content-type"].startswith("text/csv")
    assert csv_text.text.startswith("\ufeffposition,recorded_at")
    rows = list(csv.DictReader(io.StringIO(csv_text.text.lstrip("\ufeff"))))
    assert [r["event_type"] for r in rows] == ["Reported", "ConsultationLogged", "EscalationRecommended"]
    lines = api.get(f"/audit/events/export?format=jsonl&aggregate_id={case['id']}").text.splitlines()
    assert [json.loads(line)["description_ja"] for line in lines] == [r["description_ja"] for r in rows]


@pytest.mark.parametrize("query", ["aggregate_type=ClaimCase&actor_role=concierge", "event_type=ConsultationLogged",
                                   "aggregate_type=Policy"])
def test_an_export_has_exactly_as_many_rows_as_the_search_finds_for_the_same_filter(api, query):
    case = api.a_case_awaiting_consent()
    found, cursor = [], ""
    while True:
        page = api.get(f"/audit/events?{query}&limit=1000&position={case['log_position']}{cursor}").json()
        found += [item["position"] for item in page["items"]]
        if not page["next_cursor"]:
            break
        cursor = f"&cursor={page['next_cursor']}"
    exported = api.get(f"/audit/events/export?format=csv&{query}").text.lstrip("\ufeff")
    rows = [int(r["position"]) for r in csv.DictReader(io.StringIO(exported))]
    assert rows[:len(found)] == found and len(found) > 0
    assert len(rows) == len(found) or all(p > case["log_position"] for p in rows[len(found):])  # later writers


def test_an_export_arrives_in_chunks_as_it_is_read(api, monkeypatch):
    from projections import audit_log

    monkeypatch.setattr(audit_log, "CSV_CHUNK_ROWS", 2)
    case = api.a_case_awaiting_consent()
    search(api, f"position={case['log_position']}")
    with api.client.stream("GET", f"/audit/events/export?format=csv&aggregate_id={case['id']}",
                           headers=api.headers("auditor")) as response:
        chunks = [chunk for chunk in response.iter_text() if chunk]
    assert len(chunks) == 2  # the header and two rows, then the last row
    assert sum(chunk.count("\n") for chunk in chunks) == 4


def test_reads_of_details_history_and_exports_are_on_the_access_log(api, tokens):
    case = api.a_reported_case()
    api.get(f"/cases/{case['id']}", "concierge")
    api.get(f"/cases/{case['id']}/history", "adjuster")
    api.get(f"/audit/events/export?format=jsonl&aggregate_id={case['id']}", "auditor")
    log = api.get(f"/audit/access?subject={case['id']}").json()["items"]
    assert [(e["role"], e["action"]) for e in log] == [("concierge", "case.read"), ("adjuster", "case.history")]
    exports = api.get("/audit/access?action=audit.export").json()["items"]
    assert exports[-1]["detail"]["query"]["aggregate_id"] == case["id"]


def test_a_refused_read_is_not_a_read(api):
    case = api.a_reported_case()
    assert api.get(f"/cases/{case['id']}", "admin").status_code == 403
    assert api.get(f"/audit/access?subject={case['id']}").json()["items"] == []


def test_consultations_are_described_without_the_callers_words(api):
    case = api.a_reported_case()
    logged = api.post(f"/cases/{case['id']}/consultations", "concierge", CONSULTATION_JSON).json()
    found = search(api, f"aggregate_id={case['id']}&event_type=ConsultationLogged&position={logged['log_position']}")
    entry = found["items"][0]
    assert CONSULTATION_JSON["question"] not in entry["description_ja"] + entry["description_en"]


def test_the_untouched_log_verifies_and_a_kept_day_head_proves_it_unchanged(api, services):
    api.a_reported_case()
    report = api.get("/audit/chain/verify").json()
    assert report["ok"] is True and report["first_break"] is None
    assert report["head_position"] == services.app.recorder.max_notification_id()
    heads = api.get("/audit/chain/heads").json()
    today = heads[-1]
    assert today["position"] <= report["head_position"] and len(today["hash"]) == 64
    kept = api.get(f"/audit/chain/verify?expect_position={today['position']}&expect_hash={today['hash']}").json()
    assert kept["ok"] is True
    forged = "0" * 64
    wrong = api.get(f"/audit/chain/verify?expect_position={today['position']}&expect_hash={forged}").json()
    assert wrong["ok"] is False and wrong["first_break"] == today["position"]


def test_chain_verify_takes_both_halves_of_a_kept_head_or_neither(api):
    response = api.get("/audit/chain/verify?expect_position=1")
    assert response.status_code == 422 and response.json()["field"] == "expect_hash"


def test_the_request_log_names_the_route_not_the_member_or_policy_in_the_path(api, caplog):
    case = api.a_reported_case()
    with caplog.at_level("INFO", logger="claims.requests"):
        api.get(f"/policies/{case['policy_ref']}/history")
        api.get(f"/cases?member_number={case['member_number']}")
    lines = [r.getMessage() for r in caplog.records if r.name == "claims.requests"]
    assert "GET /policies/{number}/history 200" in " ".join(lines)
    assert not any(case["policy_ref"] in line or case["member_number"] in line for line in lines)


def test_the_access_log_knows_a_record_however_its_id_was_typed(api):
    case = api.a_reported_case()
    api.get(f"/cases/{case['id'].upper()}", "concierge")
    api.get(f"/policies/{case['policy_ref'].lower()}", "concierge")
    assert [e["action"] for e in api.get(f"/audit/access?subject={case['id']}").json()["items"]] == ["case.read"]
    policy_reads = api.get(f"/audit/access?subject={case['policy_ref']}&action=policy.read").json()["items"]
    assert policy_reads and policy_reads[-1]["detail"]["path"].endswith(case["policy_ref"].lower())


def test_a_nul_character_anywhere_is_422_naming_where_and_records_nothing(api, services):
    head = services.app.recorder.max_notification_id()
    for path, field in [("/cases?policy_ref=a%00b", "policy_ref"), ("/policies/HAR%00X", "path"),
                        ("/audit/events?actor_id=%00", "actor_id")]:
        response = api.get(path)
        assert response.status_code == 422 and response.json()["field"] == field, path
    body = {**api.report_json, "insured_name": "山田\u0000太郎"}
    response = api.post("/cases", "concierge", body)
    assert response.status_code == 422 and response.json()["field"] == "insured_name"
    import base64
    forged = base64.urlsafe_b64encode(b'["a\\u0000"]').decode()
    assert api.get(f"/reports/payout-totals?by=policy&cursor={forged}").json()["field"] == "cursor"
    assert services.app.recorder.max_notification_id() == head


def test_dates_outside_the_programmes_calendar_are_422_not_500(api):
    for path, field in [("/cases?reported_to=9999-12-31", "reported_to"), ("/audit/chain/heads?to=9999-12-31", "to"),
                        ("/audit/chain/heads?to=0001-01-05", "to")]:
        response = api.get(path)
        assert response.status_code == 422 and response.json()["field"] == field, path
