"""The file's documents on the pages, over HTTP: the section of a case's page, an upload from it (a
plain multipart form, as a browser without scripts sends it), refusals in Japanese by the file
field with nothing recorded, the same content recognised, a document's page with its preview, the
download, and withdrawal with a reason."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.services import Services
from domain.kernel.actors import Role
from infra.access_log import AccessFilter
from tests.builders import (
    LIVE_CONCIERGE,
    a_cyber_policy_in_force,
    a_harassment_policy_in_force,
    a_live_report,
    a_notice,
    an_incident_time_within,
)
from tests.document_files import a_pdf, a_png, a_web_page
from tests.web.conftest import a_user_with_password, sign_in_through, with_settings


@pytest.fixture(scope="module")
def policy(services: Services) -> Any:
    return a_harassment_policy_in_force(services.app, member=f"JSPRS-D{uuid.uuid4().hex[:5].upper()}")


@pytest.fixture
def person(services: Services) -> Iterator[Callable[[Role], TestClient]]:
    quick = with_settings(services, claims_sign_in_max_delay_seconds=0)
    opened: list[TestClient] = []

    def sign_in(role: Role) -> TestClient:
        user = a_user_with_password(services, role)
        client = TestClient(create_app(services=quick)).__enter__()
        assert sign_in_through(client, user.user_id, user.password).status_code == 303
        opened.append(client)
        return client

    yield sign_in
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def case_id(services: Services, policy: Any) -> str:
    report = a_live_report(policy_ref=policy.policy_number, occurred_at=an_incident_time_within(policy))
    return str(services.app.report_case(report, LIVE_CONCIERGE).aggregate_id)


def hidden(html: str, name: str, action: str) -> str:
    form = html.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    return form.split(f'name="{name}" value="', 1)[1].split('"', 1)[0]


def upload(client: TestClient, case_id: str, content: bytes, name: str = "承諾書.pdf", category: str = "consent_letter",
           **fields: str) -> Any:
    """Send the case page's upload form as a browser would: its tokens, the fields, the file."""
    page, action = f"/web/cases/{case_id}", f"/web/cases/{case_id}/documents"
    html = client.get(page).text
    tokens = {"csrf_token": hidden(html, "csrf_token", action), "form_key": hidden(html, "form_key", action)}
    return client.post(action, data={**tokens, "category": category, **fields},
                       files={"file": (name, content, "application/pdf")}, follow_redirects=False)


def recorded(services: Services) -> tuple[int, int]:
    with services.pool.connection() as conn:
        (contents,) = conn.execute("SELECT count(*) FROM document_contents").fetchone()
    return services.app.recorder.max_notification_id(), contents


def documents_section(html: str) -> str:
    return html.split('id="documents"', 1)[1].split("</section>", 1)[0]


def document_id_in(html: str) -> str:
    return re.search(r'href="/web/documents/([0-9a-f-]{36})"', html).group(1)


# ---- the section of a case's page ---------------------------------------------------------------


@pytest.mark.parametrize(("role", "offered"), [(Role.CONCIERGE, True), (Role.ADJUSTER, True), (Role.AUDITOR, False)])
def test_the_case_page_has_a_documents_section_with_the_upload_for_those_who_attach(person, case_id, role, offered):
    section = documents_section(person(role).get(f"/web/cases/{case_id}").text)
    assert "書類（0 件）" in section and "まだ書類は添付されていません。" in section
    assert ('enctype="multipart/form-data"' in section) is offered
    if offered:
        assert 'type="file"' in section and "data-drop-zone" in section and "20 MB まで" in section
        assert all(term in section for term in ("承諾書", "委任契約書", "警察への届出", "診断書", "写真", "通知書"))
        assert '<script src="/static/documents.js" defer></script>' in section


def test_an_upload_from_the_page_is_listed_on_it(person, case_id):
    client = person(Role.CONCIERGE)
    content = a_pdf("Police report")

    response = upload(client, case_id, content, name="被害届 受理票.pdf", category="police_report",
                      description="受理番号 第123号")

    assert response.status_code == 303 and response.headers["location"] == f"/web/cases/{case_id}#documents"
    page = client.get(f"/web/cases/{case_id}").text
    assert '<p class="flash flash--info">書類を添付しました。</p>' in page
    section = documents_section(page)
    assert "書類（1 件）" in section and "被害届 受理票.pdf" in section and "警察への届出" in section
    assert "受理番号 第123号" in section and "クレームコンシェル" in section and "有効" in section


@pytest.mark.parametrize(("content", "name"), [(a_web_page(), "診断書.pdf"), (b"\x7fELF\x02\x01\x01" + b"\0" * 60, "x.pdf")])
def test_a_refused_type_is_said_by_the_file_field_in_japanese_and_nothing_is_recorded(services, person, case_id,
                                                                                      content, name):
    client = person(Role.ADJUSTER)
    before = recorded(services)

    response = upload(client, case_id, content, name=name)

    assert response.status_code == 415
    field = response.text.split('<label for="document-file">', 1)[1].split("</div>\n      </div>", 1)[0]
    assert "この種類のファイルは添付できません（種類はファイルの中身で判定しています）。" in response.text
    assert 'class="field-error" id="file-error"' in field and 'aria-invalid="true"' in field
    assert '<details class="action" open>' in documents_section(response.text)
    assert recorded(services) == before


def test_a_file_over_the_limit_is_said_by_the_field_and_nothing_is_recorded(services, case_id):
    small = with_settings(services, claims_sign_in_max_delay_seconds=0, claims_max_document_bytes=5_000)
    user = a_user_with_password(services, Role.ADJUSTER)
    with TestClient(create_app(services=small)) as client:
        sign_in_through(client, user.user_id, user.password)
        before = recorded(services)
        response = upload(client, case_id, a_pdf() + b"\0" * 5_000)
    assert response.status_code == 413
    assert "ファイルが大きすぎます。添付できるのは 1 件あたり 4.9 KB までです。" in response.text
    assert recorded(services) == before


def test_no_file_chosen_is_said_by_the_file_field(person, case_id):
    response = upload(person(Role.ADJUSTER), case_id, b"")
    assert response.status_code == 422 and "ファイルが空です（0 バイト）。" in response.text


def test_the_same_content_twice_is_refused_on_the_case_and_recognised_on_another(services, person, policy, case_id):
    client, content = person(Role.ADJUSTER), a_pdf()
    assert upload(client, case_id, content).status_code == 303

    again = upload(client, case_id, content, name="もう一度.pdf")
    assert again.status_code == 409 and "同じ内容のファイルが、すでにこの事案に添付されています。" in again.text

    report = a_live_report(policy_ref=policy.policy_number, occurred_at=an_incident_time_within(policy))
    other = str(services.app.report_case(report, LIVE_CONCIERGE).aggregate_id)
    assert upload(client, other, content).status_code == 303
    page = client.get(f"/web/cases/{other}").text
    assert "同じ内容のファイルがほかの記録にも添付されています" in page
    assert "同じ内容の書類がほかに 1 件あります" in documents_section(page)
    document_page = client.get(f"/web/documents/{document_id_in(documents_section(page))}").text
    assert "同じ内容の書類" in document_page and 'href="/web/documents/' in document_page


# ---- a document's page, its preview and its download ------------------------------------------------


def test_a_pdfs_page_previews_it_in_a_frame_and_offers_the_download(services, person, case_id):
    client, content = person(Role.ADJUSTER), a_pdf()
    upload(client, case_id, content)
    document_id = document_id_in(documents_section(client.get(f"/web/cases/{case_id}").text))

    page = client.get(f"/web/documents/{document_id}")
    preview = client.get(f"/web/documents/{document_id}/preview")
    download = client.get(f"/web/documents/{document_id}/content")

    frame = f'<iframe class="document-preview document-preview--pdf" src="/web/documents/{document_id}/preview"'
    assert page.status_code == 200 and frame in page.text
    assert hashlib.sha256(content).hexdigest() in page.text and "アクセスログ" in page.text
    assert preview.content == download.content == content
    assert preview.headers["content-disposition"].startswith('inline; filename="document.pdf"')
    assert preview.headers["x-frame-options"] == "SAMEORIGIN" and "frame-ancestors 'self'" in preview.headers[
        "content-security-policy"]
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["x-frame-options"] == "DENY" and "sandbox" in download.headers["content-security-policy"]
    rows, _ = services.access_log.search(AccessFilter(subject=document_id), 10, None)
    assert [r["action"] for r in rows] == ["document.page", "document.preview", "document.download"]


def test_a_photos_page_shows_it_as_an_image(person, case_id):
    client = person(Role.CONCIERGE)
    upload(client, case_id, a_png(), name="受付の様子.png", category="photo")
    document_id = document_id_in(documents_section(client.get(f"/web/cases/{case_id}").text))

    page = client.get(f"/web/documents/{document_id}").text

    assert f'<img class="document-preview document-preview--image" src="/web/documents/{document_id}/preview"' in page
    assert client.get(f"/web/documents/{document_id}/preview").headers["content-type"] == "image/png"


def test_a_cases_document_is_not_the_administrators(services, person, case_id):
    upload(person(Role.ADJUSTER), case_id, a_pdf())
    document_id = document_id_in(documents_section(person(Role.AUDITOR).get(f"/web/cases/{case_id}").text))

    refused = person(Role.ADMIN).get(f"/web/documents/{document_id}")

    assert refused.status_code == 403 and "この画面を開く権限がありません" in refused.text


# ---- withdrawal -----------------------------------------------------------------------------------


def test_withdrawal_from_the_documents_page_keeps_it_listed_with_the_reason(person, case_id):
    adjuster, auditor = person(Role.ADJUSTER), person(Role.AUDITOR)
    upload(adjuster, case_id, a_pdf())
    document_id = document_id_in(documents_section(adjuster.get(f"/web/cases/{case_id}").text))
    page, action = f"/web/documents/{document_id}", f"/web/documents/{document_id}/withdraw"
    html = adjuster.get(page).text
    tokens = {name: hidden(html, name, action) for name in ("csrf_token", "form_key", "version")}

    empty = adjuster.post(action, data={**tokens, "reason": " "}, follow_redirects=False)
    done = adjuster.post(action, data={**tokens, "reason": "別の事案の診断書を誤って添付"}, follow_redirects=False)

    assert empty.status_code == 422 and "入力してください" in empty.text
    assert done.status_code == 303 and done.headers["location"] == page
    after = adjuster.get(page).text
    assert "書類を取り下げました。" in after and "別の事案の診断書を誤って添付" in after
    assert "取り下げられた書類の内容は、監査担当だけが開けます。" in after and "/preview" not in after
    assert 'action="' + action not in after  # not offered twice
    assert "取下げ" in documents_section(adjuster.get(f"/web/cases/{case_id}").text)
    assert adjuster.get(f"{page}/content").status_code == 403
    assert "/preview" in auditor.get(page).text and auditor.get(f"{page}/content").status_code == 200


def test_an_incidents_page_takes_documents_too(services, person):
    policy = a_cyber_policy_in_force(services.app)
    incident_id = str(services.app.open_incident(a_notice(policy_ref=policy.policy_number), LIVE_CONCIERGE).aggregate_id)
    client, page, action = person(Role.CONCIERGE), f"/web/incidents/{incident_id}", f"/web/incidents/{incident_id}/documents"
    html = client.get(page).text
    tokens = {"csrf_token": hidden(html, "csrf_token", action), "form_key": hidden(html, "form_key", action)}

    response = client.post(action, data={**tokens, "category": "notice"},
                           files={"file": ("不正アクセスの通知.pdf", a_pdf(), "application/pdf")}, follow_redirects=False)

    assert response.status_code == 303 and response.headers["location"] == f"{page}#documents"
    section = documents_section(client.get(page).text)
    assert "書類（1 件）" in section and "不正アクセスの通知.pdf" in section and "通知書" in section
    document_page = client.get(f"/web/documents/{document_id_in(section)}").text
    assert "医療法人 青葉会 様のサイバー事故" in document_page
