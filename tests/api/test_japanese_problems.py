"""problem+json in Japanese when the caller prefers it: title and detail from the catalogue,
everything a program reads (rule, field, errors[]) unchanged."""

from __future__ import annotations

import uuid

from tests.builders import invoice_json

JA = {"Accept-Language": "ja-JP,ja;q=0.9,en;q=0.5"}


def test_unknown_case_in_japanese_keeps_the_rule(api):
    response = api.client.get(f"/cases/{uuid.uuid4()}", headers=api.headers("auditor", **JA))
    body = response.json()
    assert response.status_code == 404
    assert (body["rule"], body["title"]) == ("case_not_found", "見つかりません")
    assert body["detail"] == "指定された事案が見つかりません。"
    assert response.headers["content-language"] == "ja"


def test_unknown_case_in_english_is_unchanged(api):
    response = api.client.get(f"/cases/{uuid.uuid4()}", headers=api.headers("auditor", **{"Accept-Language": "en,ja"}))
    assert response.json()["title"] == "Not found"
    assert "content-language" not in response.headers


def test_business_rule_refusal_in_japanese(api):
    case = api.a_case_awaiting_consent()
    response = api.post(f"/cases/{case['id']}/invoices", "adjuster", invoice_json(), **JA)
    body = response.json()
    assert response.status_code == 409 and body["rule"] == "escalation_not_approved"
    assert body["detail"] == "弁護士対応への移行が承認されていないため、この操作はできません。"


def test_invalid_input_in_japanese_names_the_field_and_keeps_errors(api):
    response = api.post("/cases", "concierge", {**api.report_json, "summary": ""}, **JA)
    body = response.json()
    assert response.status_code == 422
    assert body["title"] == "入力内容に誤りがあります"
    assert body["detail"] == "summary: 1 文字以上で入力してください。"
    assert body["field"] == "summary" and body["errors"][0]["rule"] == "string_too_short"
    assert body["errors"][0]["message"].startswith("String should have at least")


def test_missing_token_in_japanese(client):
    response = client.get("/cases", headers=JA)
    assert response.status_code == 401
    assert response.json()["detail"] == "サインイン（または API トークン）が必要です。"
    assert response.headers["www-authenticate"] == "Bearer"


def test_wrong_role_in_japanese(api):
    response = api.client.post("/cases", json=api.report_json, headers=api.headers("auditor", **JA))
    assert response.status_code == 403 and response.json()["detail"] == "この操作を行う権限がありません。"
