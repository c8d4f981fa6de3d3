"""Dates and instants outside the business range (Japan dates 2000–2100) are refused with 422
naming the field, and nothing is recorded (they used to poison the read models)."""

from __future__ import annotations

import pytest

from tests.builders import CONSULTATION_JSON


@pytest.mark.parametrize("occurred_at", ["0001-01-01T00:00:00+14:00", "1999-12-31T23:59:59+09:00"])
def test_report_dated_before_the_business_range_is_422_naming_occurred_at(api, occurred_at):
    head = api.client.app.state.services.app.recorder.max_notification_id()
    response = api.post("/cases", "concierge", {**api.report_json, "occurred_at": occurred_at})
    assert response.status_code == 422, response.text
    assert (response.json()["field"], response.json()["rule"]) == ("occurred_at", "invalid_input")
    assert api.client.app.state.services.app.recorder.max_notification_id() == head


def test_consultation_dated_1900_is_422_naming_held_at_and_records_nothing(api):
    case = api.a_reported_case()
    response = api.post(f"/cases/{case['id']}/consultations", "concierge",
                        {**CONSULTATION_JSON, "held_at": "1900-03-01T10:00:00+09:00"})
    assert response.status_code == 422 and response.json()["field"] == "held_at"
    assert api.event_count(case["id"]) == 1


def test_policy_ended_in_year_9999_is_422_naming_effective_at(api):
    from tests.api.test_policies_api import enrol

    number = enrol(api)["policy_number"]
    response = api.post(f"/policies/{number}/end", "admin",
                        {"kind": "cancelled", "reason": "解約", "effective_at": "9999-12-31T23:00:00-10:00"})
    assert response.status_code == 422 and response.json()["field"] == "effective_at"
    assert api.get(f"/policies/{number}").json()["status"] == "awaiting_premium"


@pytest.mark.parametrize(("field", "value"), [("occurred_at", 1_775_000_000), ("in_japan", "yes"), ("in_japan", 1)])
def test_report_with_a_loose_type_is_422_naming_the_field(api, field, value):
    response = api.post("/cases", "concierge", {**api.report_json, field: value})
    assert response.status_code == 422 and response.json()["field"] == field


def test_version_beyond_64_bits_is_422_not_the_latest_version(api):
    case = api.a_reported_case()
    response = api.get(f"/cases/{case['id']}?version={2**64}")
    assert response.status_code == 422 and response.json()["field"] == "version"
