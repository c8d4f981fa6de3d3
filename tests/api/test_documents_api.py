"""The file's documents over HTTP: upload, download the same bytes, the same content recognised,
the refusals that record nothing (too large, a refused type), withdrawal, the access log, and the
content kept encrypted when a cipher is configured (CLAIMS_TEST_CIPHER=1 runs these that way)."""

from __future__ import annotations

import base64
import hashlib
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from infra.access_log import AccessFilter
from tests.api.test_incidents_api import _notice
from tests.builders import a_cyber_policy_in_force
from tests.document_files import a_pdf, a_png, a_web_page, an_executable
from tests.web.conftest import with_settings

JA = {"Accept-Language": "ja-JP,ja;q=0.9"}


def upload(client: TestClient, headers: dict[str, str], path: str, content: bytes, name: str = "承諾書.pdf",
           category: str = "consent_letter", **fields: str) -> Any:
    return client.post(path, headers=headers, data={"category": category, **fields},
                       files={"file": (name, content, "application/octet-stream")})


def attach(api, path: str, content: bytes, role: str = "adjuster", **options: Any) -> Any:
    return upload(api.client, api.headers(role, **options.pop("headers", {})), path, content, **options)


def recorded(services) -> tuple[int, int]:
    """Where the event log ends, and how many contents the store holds."""
    with services.pool.connection() as conn:
        (contents,) = conn.execute("SELECT count(*) FROM document_contents").fetchone()
    return services.app.recorder.max_notification_id(), contents


# ---- upload → download ---------------------------------------------------------------------------


def test_upload_then_download_gives_the_same_bytes_and_the_recorded_hash(api):
    case = api.a_reported_case()
    content = a_pdf("Police report")

    attached = attach(api, f"/cases/{case['id']}/documents", content, name="警察への届出 2026年4月.pdf",
                      category="police_report", description="被害届の受理番号あり")

    assert attached.status_code == 201, attached.text
    document = attached.json()
    assert document["sha256"] == hashlib.sha256(content).hexdigest()
    assert (document["media_type"], document["size_bytes"], document["category_ja"]) == (
        "application/pdf", len(content), "警察への届出")
    assert (document["file_name"], document["attached_by_role"], document["same_content"]) == (
        "警察への届出 2026年4月.pdf", "adjuster", [])
    assert attached.headers["location"] == f"/documents/{document['id']}" and attached.headers["etag"] == '"1"'

    downloaded = api.get(document["content_url"], "concierge")
    assert downloaded.status_code == 200
    assert downloaded.content == content
    assert hashlib.sha256(downloaded.content).hexdigest() == document["sha256"]
    assert downloaded.headers["content-type"] == "application/pdf"
    assert downloaded.headers["x-content-type-options"] == "nosniff"
    assert downloaded.headers["content-disposition"] == (
        "attachment; filename=\"document.pdf\"; filename*=UTF-8''"
        "%E8%AD%A6%E5%AF%9F%E3%81%B8%E3%81%AE%E5%B1%8A%E5%87%BA%202026%E5%B9%B44%E6%9C%88.pdf")
    assert downloaded.headers["repr-digest"] == f"sha-256=:{base64.b64encode(hashlib.sha256(content).digest()).decode()}:"


def test_a_document_larger_than_one_chunk_comes_back_whole(api, services):
    case = api.a_reported_case()
    content = a_pdf() + bytes(range(256)) * 9_000  # 2.2 MiB: three chunks of the store

    document = attach(api, f"/cases/{case['id']}/documents", content).json()

    assert api.get(document["content_url"]).content == content
    with services.pool.connection() as conn:
        (chunks,) = conn.execute("SELECT count(*) FROM document_content_chunks WHERE sha256 = %s",
                                 (document["sha256"],)).fetchone()
    assert chunks == 3


def test_the_type_comes_from_the_content_not_the_name(api):
    case = api.a_reported_case()

    photo = attach(api, f"/cases/{case['id']}/documents", a_png(), name="現場写真.pdf", category="写真")

    assert photo.status_code == 201
    assert (photo.json()["media_type"], photo.json()["category"]) == ("image/png", "photo")


def test_the_stored_content_is_encrypted_when_a_cipher_is_configured(api, services):
    case = api.a_reported_case()
    marker = f"MARKER-{uuid.uuid4().hex}"
    document = attach(api, f"/cases/{case['id']}/documents", a_pdf(marker=marker)).json()

    with services.pool.connection() as conn:
        stored, encrypted = conn.execute(
            "SELECT c.data, d.encrypted FROM document_content_chunks c JOIN document_contents d USING (sha256)"
            " WHERE sha256 = %s", (document["sha256"],)).fetchone()
    assert encrypted is (services.app.mapper.cipher is not None)
    assert (marker.encode() in bytes(stored)) is not encrypted
    assert marker.encode() in api.get(document["content_url"]).content


# ---- the same content twice -------------------------------------------------------------------------


def test_the_same_content_twice_on_one_case_is_refused_naming_the_first_and_kept_once(api, services):
    case = api.a_reported_case()
    content = a_pdf()
    first = attach(api, f"/cases/{case['id']}/documents", content).json()
    before = recorded(services)

    again = attach(api, f"/cases/{case['id']}/documents", content, role="concierge", name="copy.pdf")
    in_japanese = attach(api, f"/cases/{case['id']}/documents", content, headers=JA)

    body = again.json()
    assert again.status_code == 409 and (body["rule"], body["field"]) == ("document_already_attached", "file")
    assert first["id"] in body["detail"]
    assert in_japanese.json()["detail"] == "同じ内容のファイルが、すでにこの事案に添付されています。"
    assert recorded(services) == before


def test_the_same_content_on_another_record_is_attached_and_recognised(api, services):
    case, other = api.a_reported_case(), api.a_reported_case()
    content = a_pdf()
    first = attach(api, f"/cases/{case['id']}/documents", content).json()
    _, contents = recorded(services)

    second = attach(api, f"/cases/{other['id']}/documents", content, role="concierge")

    assert second.status_code == 201
    assert second.json()["same_content"] == [
        {"document_id": first["id"], "owner_kind": "case", "owner_id": case["id"], "withdrawn": False}]
    assert recorded(services)[1] == contents  # one content, two documents
    assert api.get(f"/documents/{first['id']}").json()["same_content"][0]["owner_id"] == other["id"]


# ---- refusals that record nothing --------------------------------------------------------------------


@pytest.fixture
def small(services):
    """The service with a 10,000-byte document limit (and 2,000 bytes for any other body): an upload's
    body may be 10,000 bytes and 64 KiB of form."""
    small_limits = with_settings(services, claims_max_document_bytes=10_000, claims_max_body_bytes=2_000)
    with TestClient(create_app(services=small_limits)) as client:
        yield client


def test_a_file_over_the_limit_is_413_naming_the_file_and_nothing_is_recorded(api, services, small):
    case = api.a_reported_case()
    before = recorded(services)

    response = upload(small, api.headers("adjuster", **JA), f"/cases/{case['id']}/documents", a_pdf() + b"\0" * 10_000)

    body = response.json()
    assert response.status_code == 413 and (body["rule"], body["field"]) == ("document_too_large", "file")
    assert body["detail"] == "ファイルが大きすぎます。添付できるのは 1 件あたり 9.8 KB までです。"
    assert recorded(services) == before


def test_a_body_far_over_the_limit_is_refused_before_it_is_read_and_nothing_is_recorded(api, services, small):
    case = api.a_reported_case()
    before = recorded(services)

    response = upload(small, api.headers("adjuster"), f"/cases/{case['id']}/documents", b"%PDF-" + b"\0" * 200_000)

    assert response.status_code == 413 and response.json()["rule"] == "request_too_large"
    assert recorded(services) == before


def test_other_routes_keep_the_smaller_body_limit(api, small):
    case = api.a_reported_case()
    for path in ("/cases", f"/cases/{case['id']}/consultations", f"/cases/{case['id']}/documents/extra"):
        response = small.post(path, content=b"{" + b" " * 50_000 + b"}",
                              headers={**api.headers("concierge"), "Content-Type": "application/json"})
        assert (response.status_code, response.json()["rule"]) == (413, "request_too_large"), path


@pytest.mark.parametrize(("content", "name"), [(a_web_page(), "診断書.pdf"), (an_executable(), "写真.jpg"),
                                               (b"just some words", "memo.pdf")])
def test_a_refused_type_is_415_naming_the_file_in_japanese_and_nothing_is_recorded(api, services, content, name):
    case = api.a_reported_case()
    before = recorded(services)

    response = attach(api, f"/cases/{case['id']}/documents", content, name=name, headers=JA)

    body = response.json()
    assert response.status_code == 415 and (body["rule"], body["field"]) == ("document_type_not_accepted", "file")
    assert body["detail"].startswith("この種類のファイルは添付できません（種類はファイルの中身で判定しています）。")
    assert "PDF" in body["detail"] and response.headers["content-type"] == "application/problem+json"
    assert recorded(services) == before


def test_an_empty_file_a_missing_file_or_a_bad_category_is_422_and_nothing_is_recorded(api, services):
    case = api.a_reported_case()
    path = f"/cases/{case['id']}/documents"
    before = recorded(services)

    empty = attach(api, path, b"")
    missing = api.client.post(path, headers=api.headers("adjuster"), data={"category": "photo"})
    category = attach(api, path, a_pdf(), category="領収書")

    assert (empty.status_code, empty.json()["field"], empty.json()["reason"]) == (422, "file", "empty_file")
    assert (missing.status_code, missing.json()["field"]) == (422, "file")
    assert (category.status_code, category.json()["field"]) == (422, "category")
    assert recorded(services) == before


def test_a_document_on_a_case_that_does_not_exist_is_404_and_keeps_no_content(api, services):
    before = recorded(services)
    response = attach(api, f"/cases/{uuid.uuid4()}/documents", a_pdf())
    assert response.status_code == 404 and response.json()["rule"] == "case_not_found"
    assert recorded(services) == before


def test_a_retried_upload_with_its_idempotency_key_records_once(api):
    case = api.a_reported_case()
    content, key = a_pdf(), {"Idempotency-Key": f"upload-{uuid.uuid4()}"}

    first = attach(api, f"/cases/{case['id']}/documents", content, headers=key)
    retry = attach(api, f"/cases/{case['id']}/documents", content, headers=key)

    assert (first.status_code, retry.status_code) == (201, 201) and first.json()["id"] == retry.json()["id"]
    assert len(api.get(f"/cases/{case['id']}/documents").json()["items"]) == 1


# ---- withdrawal ---------------------------------------------------------------------------------


def test_withdrawal_records_the_reason_and_a_second_is_refused(api):
    case = api.a_reported_case()
    document = attach(api, f"/cases/{case['id']}/documents", a_pdf()).json()

    withdrawn = api.post(f"/documents/{document['id']}/withdraw", "adjuster", {"reason": "別の事案の書類でした"})
    again = api.post(f"/documents/{document['id']}/withdraw", "adjuster", {"reason": "もう一度"}, **JA)

    assert withdrawn.status_code == 200
    assert (withdrawn.json()["withdrawn"], withdrawn.json()["withdrawal_reason"]) == (True, "別の事案の書類でした")
    assert again.status_code == 409 and again.json()["detail"] == "この書類はすでに取り下げられています。"
    listed = api.get(f"/cases/{case['id']}/documents").json()["items"]
    assert [(d["id"], d["withdrawn"]) for d in listed] == [(document["id"], True)]
    history = api.get(f"/documents/{document['id']}/history").json()
    assert [(e["event_type"], e["description_ja"]) for e in history] == [
        ("Attached", f"書類を事案に添付（承諾書、PDF、{document['size_bytes']:,} バイト）"), ("Withdrawn", "書類を取り下げ")]


def test_a_withdrawn_documents_content_is_the_auditors_only(api):
    case = api.a_reported_case()
    document = attach(api, f"/cases/{case['id']}/documents", a_pdf()).json()
    api.post(f"/documents/{document['id']}/withdraw", "adjuster", {"reason": "誤って添付"})

    assert api.get(document["content_url"], "auditor").status_code == 200
    refused = api.get(document["content_url"], "adjuster")
    assert refused.status_code == 403 and refused.json()["rule"] == "withdrawn_document_for_auditors"
    assert api.get(f"/documents/{document['id']}", "concierge").status_code == 200  # its record stays


def test_a_concierge_withdraws_their_own_document_not_an_adjusters(api):
    case = api.a_reported_case()
    own = attach(api, f"/cases/{case['id']}/documents", a_pdf(), role="concierge").json()
    theirs = attach(api, f"/cases/{case['id']}/documents", a_pdf(), role="adjuster").json()

    assert api.post(f"/documents/{own['id']}/withdraw", "concierge", {"reason": "誤り"}).status_code == 200
    refused = api.post(f"/documents/{theirs['id']}/withdraw", "concierge", {"reason": "誤り"})
    assert refused.status_code == 403 and refused.json()["rule"] == "withdraw_own_documents_only"


def test_withdrawal_with_a_stale_if_match_is_412(api):
    case = api.a_reported_case()
    document = attach(api, f"/cases/{case['id']}/documents", a_pdf()).json()
    response = api.post(f"/documents/{document['id']}/withdraw", "adjuster", {"reason": "x"}, **{"If-Match": '"7"'})
    assert response.status_code == 412


# ---- who, and the access log ---------------------------------------------------------------------


def test_each_download_and_read_is_in_the_access_log_with_its_record(api, services):
    case = api.a_reported_case()
    document = attach(api, f"/cases/{case['id']}/documents", a_pdf()).json()

    api.get(document["content_url"], "auditor")
    api.get(document["content_url"], "concierge")
    api.get(f"/documents/{document['id']}", "adjuster")

    rows, _ = services.access_log.search(AccessFilter(subject=document["id"]), 50, None)
    assert [(r["action"], r["role"]) for r in rows] == [
        ("document.download", "auditor"), ("document.download", "concierge"), ("document.read", "adjuster")]
    assert rows[0]["detail"]["owner_id"] == case["id"] and rows[0]["user_id"].startswith("auditor-")


def test_a_download_refused_by_role_is_not_logged_and_one_of_a_missing_document_is(api, services):
    case = api.a_reported_case()
    document = attach(api, f"/cases/{case['id']}/documents", a_pdf()).json()
    missing = str(uuid.uuid4())

    assert api.get(document["content_url"], "admin").status_code == 403  # a case's papers are not the admin's
    assert api.get(f"/documents/{missing}/content", "adjuster").status_code == 404

    refused, _ = services.access_log.search(AccessFilter(subject=document["id"]), 50, None)
    tried, _ = services.access_log.search(AccessFilter(subject=missing), 50, None)
    assert refused == [] and [r["action"] for r in tried] == ["document.download"]


def test_a_policys_documents_are_the_administrators_to_attach_and_everyones_to_read(api, services):
    policy = a_cyber_policy_in_force(services.app)
    path = f"/policies/{policy.policy_number.lower()}/documents"

    assert attach(api, path, a_pdf(), role="adjuster").status_code == 403
    attached = attach(api, path, a_pdf(), role="admin", category="other")

    assert attached.status_code == 201 and attached.json()["owner_id"] == policy.policy_number
    for role in ("admin", "concierge", "adjuster", "auditor"):
        assert api.get(attached.json()["content_url"], role).status_code == 200, role
    assert [d["id"] for d in api.get(path, "admin").json()["items"]] == [attached.json()["id"]]


def test_an_incidents_documents(api, services):
    policy = a_cyber_policy_in_force(services.app)
    notice = api.post("/incidents", "concierge", _notice(policy.policy_number, "cyber_institution", ["cyber_incident"],
                                                         "medical_care", 10)).json()

    attached = attach(api, f"/incidents/{notice['id']}/documents", a_png(), role="concierge", category="通知書",
                      name="通知書.png")

    assert attached.status_code == 201 and attached.json()["owner_kind"] == "incident"
    assert [d["category"] for d in api.get(f"/incidents/{notice['id']}/documents").json()["items"]] == ["notice"]

