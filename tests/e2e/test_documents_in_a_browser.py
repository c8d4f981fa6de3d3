"""The file's documents in a real browser, as the adjuster works them: a consent letter (a PDF the
browser itself prints, in Japanese) dropped onto the case page's drop zone, a photo chosen with the
file input, a web page named .pdf refused by the field, a file too large said before it is sent,
each document previewed on its own page, and the photo withdrawn with a reason.
Screenshots: documents-drop, documents-refused, case-documents, document-pdf, document-photo,
document-withdrawn."""

from __future__ import annotations

import base64
import re
import uuid
from typing import Any

import pytest

from domain.kernel.actors import Role
from tests.builders import LIVE_CONCIERGE, a_harassment_policy_in_force, a_live_report, an_incident_time_within
from tests.document_files import a_png, a_web_page
from tests.e2e.conftest import sign_in, snap

CONSENT_LETTER = """<html lang="ja"><body style="font-family: 'Noto Sans CJK JP', sans-serif; margin: 3cm">
<h1 style="text-align: center">承 諾 書</h1><p style="text-align: right">2026年4月10日</p>
<p>被保険者 石田 次郎 様</p><p>貴殿より依頼のありました弁護士への委任について、保険会社として承諾いたします。</p>
<p>承諾番号 SJ-CONSENT-0042</p><p style="text-align: right">損害保険ジャパン株式会社</p><p style="color: #999">{marker}</p>
</body></html>"""

DROP = """([zone, name, type, data]) => {
  const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, {type}));
  const target = document.querySelector(zone);
  for (const kind of ["dragenter", "dragover", "drop"]) {
    target.dispatchEvent(new DragEvent(kind, {dataTransfer: transfer, bubbles: true, cancelable: true}));
  }
}"""


@pytest.fixture
def case_page(services, live) -> str:
    policy = a_harassment_policy_in_force(services.app, member=f"JSPRS-F{uuid.uuid4().hex[:5].upper()}")
    report = a_live_report(policy_ref=policy.policy_number, occurred_at=an_incident_time_within(policy),
                           insured_name="石田 次郎")
    return f"{live.url}/web/cases/{services.app.report_case(report, LIVE_CONCIERGE).aggregate_id}"


def a_printed_pdf(chromium: Any) -> bytes:
    """A Japanese consent letter, printed to PDF by the browser itself."""
    context = chromium.new_context(locale="ja-JP")
    try:
        printer = context.new_page()
        printer.set_content(CONSENT_LETTER.format(marker=uuid.uuid4().hex))
        return printer.pdf(format="A4")
    finally:
        context.close()


def drop(page: Any, name: str, media_type: str, content: bytes) -> None:
    page.evaluate(DROP, ["[data-drop-zone]", name, media_type, base64.b64encode(content).decode()])


def open_upload(page: Any) -> Any:
    details = page.locator("#documents details.action")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details.locator("form")


def test_an_adjuster_attaches_previews_and_withdraws_documents(page, chromium, people, case_page):
    letter = a_printed_pdf(chromium)
    sign_in(page, case_page.split("/web/")[0], people[Role.ADJUSTER])
    page.goto(case_page)
    documents = page.locator("#documents")
    assert documents.get_by_role("heading", name="書類（0 件）").is_visible()

    # a file too large is said at once, and not sent
    form = open_upload(page)
    page.evaluate("""() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(21 * 1024 * 1024)], "大きな写真.jpg", {type: "image/jpeg"}));
      const zone = document.querySelector("[data-drop-zone]");
      zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
    }""")
    too_large = "ファイルが大きすぎます。添付できるのは 1 件あたり 20 MB までです。"
    assert form.locator("[data-client-error]").inner_text() == too_large
    form.get_by_label("書類の区分").select_option(label="写真")
    form.get_by_role("button", name="添付する").click()
    assert page.url == case_page  # not sent

    # the consent letter, dropped onto the zone
    drop(page, "承諾書（SJ-CONSENT-0042）.pdf", "application/pdf", letter)
    assert form.locator("[data-chosen]").inner_text().startswith("選択したファイル: 承諾書（SJ-CONSENT-0042）.pdf（")
    assert form.locator("[data-client-error]").is_hidden()
    form.get_by_label("書類の区分").select_option(label="承諾書")
    form.get_by_label("説明（任意）").fill("保険会社の承諾書（写し）")
    documents.scroll_into_view_if_needed()
    snap(page, "documents-drop", full_page=False)
    form.get_by_role("button", name="添付する").click()
    page.wait_for_url(re.compile(r".*/web/cases/[0-9a-f-]{36}#documents$"))
    assert page.get_by_role("status").inner_text() == "書類を添付しました。"
    assert documents.get_by_role("link", name="承諾書（SJ-CONSENT-0042）.pdf").is_visible()

    # a web page named .pdf: refused by the field, in Japanese
    form = open_upload(page)
    form.get_by_label("書類の区分").select_option(label="診断書")
    form.locator("#document-file").set_input_files(files=[{"name": "診断書.pdf", "mimeType": "application/pdf",
                                                           "buffer": a_web_page()}])
    form.get_by_role("button", name="添付する").click()
    error = page.locator("#file-error")
    assert "この種類のファイルは添付できません（種類はファイルの中身で判定しています）。" in error.inner_text()
    error.scroll_into_view_if_needed()
    snap(page, "documents-refused", full_page=False)

    # a photo, chosen with the file input (no dropping)
    form = open_upload(page)
    form.get_by_label("書類の区分").select_option(label="写真")
    form.locator("#document-file").set_input_files(files=[{"name": "待合室の様子.png", "mimeType": "image/png",
                                                           "buffer": a_png(width=480, height=320)}])
    form.get_by_role("button", name="添付する").click()
    assert page.get_by_role("status").inner_text() == "書類を添付しました。"
    assert documents.get_by_role("heading", name="書類（2 件）").is_visible()
    documents.scroll_into_view_if_needed()
    snap(page, "case-documents", full_page=False)

    # each previewed on its own page
    documents.get_by_role("link", name="承諾書（SJ-CONSENT-0042）.pdf").click()
    assert page.get_by_role("heading", name="承諾書（SJ-CONSENT-0042）.pdf").is_visible()
    frame = page.frame_locator("iframe.document-preview")
    frame.locator("body").wait_for()
    page.wait_for_timeout(1_500)  # the PDF viewer draws the page
    snap(page, "document-pdf", full_page=False)
    with page.expect_download() as downloading:
        page.get_by_role("link", name=re.compile("^ダウンロード")).click()
    assert downloading.value.suggested_filename == "承諾書（SJ-CONSENT-0042）.pdf"
    with open(downloading.value.path(), "rb") as saved:
        assert saved.read() == letter

    page.goto(case_page)
    documents.get_by_role("link", name="待合室の様子.png").click()
    page.wait_for_function("() => document.querySelector('img.document-preview')?.complete")
    assert page.evaluate("() => document.querySelector('img.document-preview').naturalWidth") == 480
    snap(page, "document-photo", full_page=False)

    # the photo withdrawn, with a reason: listed still, its content the auditor's only
    page.get_by_label("取下げの理由").fill("別の事案の写真を誤って添付した")
    page.get_by_role("button", name="取り下げる").click()
    assert page.get_by_role("status").inner_text() == "書類を取り下げました。"
    assert "取り下げられた書類の内容は、監査担当だけが開けます。" in page.locator("main").inner_text()
    snap(page, "document-withdrawn")
    page.goto(case_page)
    assert "別の事案の写真を誤って添付した" in documents.inner_text()
