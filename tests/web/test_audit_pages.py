"""The auditor's pages over HTTP: each record page's verdict from the hash chain (and its warning
when an event was altered in the database), a record's history with who, when and what changed,
the record as it stood at an instant, the audit search with its CSV and JSON Lines exports
(as many rows as the search counts), the access log and the chain verification — each refusal
said in Japanese next to its field, each page for the auditor only."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html import unescape
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.services import Services
from domain.harassment.case import ConsentInput
from domain.harassment.invoices import InvoiceInput
from domain.kernel.actors import Role
from infra.access_log import AccessFilter
from projections.status import wait_for
from tests.builders import (
    LIVE_ADJUSTER,
    LIVE_CONCIERGE,
    a_harassment_policy_in_force,
    a_live_report,
    an_incident_time_within,
    position_of,
    today_in_japan,
    worked_example_lines,
)
from tests.web.conftest import a_user_with_password, sign_in_through, with_settings

PAID = b'"amount_yen":288000'


@pytest.fixture(scope="module")
def people(services: Services) -> Iterator[dict[Role, TestClient]]:
    quick = with_settings(services, claims_sign_in_max_delay_seconds=0)
    clients = {}
    for role in Role:
        user = a_user_with_password(services, role)
        client = TestClient(create_app(services=quick)).__enter__()
        assert sign_in_through(client, user.user_id, user.password).status_code == 303
        client.user_id = user.user_id  # type: ignore[attr-defined]
        clients[role] = client
    yield clients
    for client in clients.values():
        client.__exit__(None, None, None)


@pytest.fixture
def auditor(people: dict[Role, TestClient]) -> TestClient:
    return people[Role.AUDITOR]


def a_paid_case(services: Services) -> uuid.UUID:
    """The worked example on a policy of its own (so no test uses up another's limit): reported,
    escalated, consented, billed ¥330,000 + ¥20,000 日当, paid ¥288,000."""
    app, today = services.app, today_in_japan()
    policy = a_harassment_policy_in_force(app, "H-A", member=f"JSPRS-A{uuid.uuid4().hex[:5].upper()}")
    report = a_live_report(policy_ref=policy.policy_number, occurred_at=an_incident_time_within(policy))
    case_id = app.report_case(report, LIVE_CONCIERGE).aggregate_id
    app.recommend_escalation(case_id, "当事者間での解決は困難", LIVE_CONCIERGE)
    app.approve_escalation(case_id, ConsentInput("SJ-A-1", today, "佐藤 花子", "佐藤法律事務所"), LIVE_ADJUSTER)
    app.record_invoice(case_id, InvoiceInput("INV-A-1", today, tuple(worked_example_lines(today))), LIVE_ADJUSTER)
    app.approve_payment(case_id, LIVE_ADJUSTER)
    wait_for(services.pool, "audit_log", position_of(app), 10)
    return case_id


@contextmanager
def altered(services: Services, record: uuid.UUID, version: int, old: bytes, new: bytes) -> Iterator[int]:
    """One stored event changed behind the application's back (as someone with database rights
    could), put back afterwards so the shared log verifies again. Yields its log position."""
    with services.pool.connection() as conn:
        position, state = conn.execute("SELECT notification_id, state FROM claims_events"
                                       " WHERE originator_id = %s AND originator_version = %s", (record, version)).fetchone()
        assert old in bytes(state)
        conn.execute("UPDATE claims_events SET state = %s WHERE notification_id = %s",
                     (bytes(state).replace(old, new), position))
    try:
        yield position
    finally:
        with services.pool.connection() as conn:
            conn.execute("UPDATE claims_events SET state = %s WHERE notification_id = %s", (bytes(state), position))


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def error_next_to(html: str, field: str) -> str:
    found = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', html)
    assert found, f"no error shown next to {field}"
    assert re.search(rf'id="{field}"[^>]*aria-describedby="[^"]*{field}-error', html), "the field names its error"
    return unescape(found.group(1))


# ---- the record pages say whether their events verify ------------------------------------------


def test_a_case_page_says_its_events_verify_and_offers_the_auditor_its_history(services, people):
    case_id = a_paid_case(services)

    html = people[Role.AUDITOR].get(f"/web/cases/{case_id}").text
    adjusters = people[Role.ADJUSTER].get(f"/web/cases/{case_id}").text

    assert "この事案の記録 5 件は、すべて改ざん検知の鎖と一致しています" in text_of(html)
    assert f'href="/web/audit/history/cases/{case_id}"' in html
    assert "改ざん検知の鎖と一致しています" in adjusters and "/web/audit/history/" not in adjusters
    assert "chain-warning" not in html


def test_a_case_whose_payment_was_altered_in_the_database_warns_at_the_top_naming_the_event(services, people):
    case_id = a_paid_case(services)

    with altered(services, case_id, 5, PAID, b'"amount_yen":999000') as position:
        html = people[Role.ADJUSTER].get(f"/web/cases/{case_id}").text
    after = people[Role.ADJUSTER].get(f"/web/cases/{case_id}").text

    warning = html.index('class="chain-warning"')
    assert warning < html.index("<h1>"), "the warning comes before the case's title"
    said = text_of(html)
    assert "警告: この事案の記録は改ざんされているおそれがあります" in said
    assert f"第5版の出来事（ログ位置 {position}）: 記録された内容が、記録したときの鎖の値と一致しません" in said
    assert "すべて改ざん検知の鎖と一致しています" not in said
    assert "chain-warning" not in after  # put back: it verifies again


def test_an_incident_whose_event_was_altered_warns_too(services, people):
    from tests.builders import a_cyber_policy_in_force
    from tests.web.test_incident_pages import an_incident

    incident_id = uuid.UUID(an_incident(services, a_cyber_policy_in_force(services.app)))
    page = f"/web/incidents/{incident_id}"
    assert "このサイバー事故の記録 1 件は、すべて改ざん検知の鎖と一致しています" in text_of(people[Role.AUDITOR].get(page).text)

    with altered(services, incident_id, 1, b'"people_affected":', b'"people_affected": '):
        html = people[Role.AUDITOR].get(page).text
        history = people[Role.AUDITOR].get(f"/web/audit/history/incidents/{incident_id}").text

    assert "警告: このサイバー事故の記録は改ざんされているおそれがあります" in text_of(html)
    assert "サイバー事故の履歴" in text_of(history) and "鎖と一致しません" in text_of(history[history.index('id="v1"'):])


# ---- a record's history, and how it stood at an instant -------------------------------------------


def test_the_history_names_who_approved_the_payment_and_what_it_changed(services, auditor):
    case_id = a_paid_case(services)

    html = auditor.get(f"/web/audit/history/cases/{case_id}").text

    approval = text_of(html[html.index('id="v5"'):])
    assert "支払の承認" in approval and "支払 1（¥288,000）を承認" in approval
    assert f"損害調査担当・ {LIVE_ADJUSTER.user_id}" in approval
    assert "支払の記録 › 支払 › 1 › 金額 — ¥288,000" in approval
    consent = text_of(html[html.index('id="v3"'):html.index('id="v4"')])
    assert "弁護士対応 弁護士対応を推奨（承諾待ち） 承諾済み" in consent and "弁護士 — 佐藤 花子" in consent
    bill = text_of(html[html.index('id="v4"'):html.index('id="v5"')])
    assert "請求書 追加: 番号: INV-A-1" in bill and "対象額: ¥330,000" in bill
    assert "この事案の記録 5 件は、すべて改ざん検知の鎖と一致しています" in text_of(html)


def test_the_history_page_is_on_the_access_log_with_the_instant_asked(services, auditor):
    case_id = a_paid_case(services)

    auditor.get(f"/web/audit/history/cases/{case_id}?at_on={today_in_japan().isoformat()}&at_time=23:59:59")

    rows, _ = services.access_log.search(AccessFilter(user_id=auditor.user_id, action="case.history",
                                                      subject=str(case_id)), 10, None)
    assert rows and rows[-1]["detail"] == {"page": "history", "as_of": f"{today_in_japan().isoformat()} 23:59:59"}


def test_just_before_the_approval_the_case_had_its_bill_and_no_payment(services, auditor):
    case_id = a_paid_case(services)
    approved_at = services.app.case_history(case_id)[4].timestamp
    just_before = quote(approved_at.replace(microsecond=approved_at.microsecond - 1).isoformat()
                        if approved_at.microsecond else approved_at.isoformat())

    html = auditor.get(f"/web/audit/history/cases/{case_id}?as_of={just_before}").text

    stood = text_of(html[html.index('id="as-of-result"'):html.index('id="history-title"')])
    assert "（第4版まで）" in stood and "弁護士対応 承諾済み" in stood and "請求書 1 件" in stood
    assert "¥288,000" not in stood and "支払の記録 なし" in stood
    assert 'class="history__entry history__entry--later" id="v5"' in html


def test_the_link_of_each_entry_shows_the_state_just_before_it(services, auditor):
    case_id = a_paid_case(services)
    html = auditor.get(f"/web/audit/history/cases/{case_id}").text
    link = unescape(re.findall(r'<a href="([^"]+)">この出来事の直前の内容を見る</a>', html)[-1])

    stood = auditor.get(link).text

    assert "（第4版まで）" in text_of(stood)


def test_an_instant_before_the_case_existed_is_refused_next_to_the_date(services, auditor):
    case_id = a_paid_case(services)

    response = auditor.get(f"/web/audit/history/cases/{case_id}?at_on=2001-04-01&at_time=09:00")

    assert response.status_code == 422
    assert "その時点では、この記録はまだありませんでした" in error_next_to(response.text, "at_on")


def test_a_time_that_is_not_a_time_is_refused_next_to_the_date(services, auditor):
    case_id = a_paid_case(services)

    response = auditor.get(f"/web/audit/history/cases/{case_id}?at_on=2026-04-01&at_time=25:00")

    assert response.status_code == 422 and "時刻を「09:30」" in error_next_to(response.text, "at_on")


def test_a_policys_history_opens_by_its_number_and_shows_the_charge(services, auditor):
    case_id = a_paid_case(services)
    number = services.app.get_case(case_id).policy_ref

    case_history = auditor.get(f"/web/audit/history/cases/{case_id}").text
    html = auditor.get(f"/web/audit/history/policies/{number.lower()}").text

    said = text_of(html)
    assert "保険契約の履歴" in said and number in said and "限度額への充当" in said
    assert "保険料 ¥0 ¥12,000" in said
    assert f'href="/web/audit/history/policies/{number}"' in case_history  # a case's history links to its policy's


def test_an_unknown_kind_or_record_is_the_japanese_404_page(auditor):
    assert auditor.get(f"/web/audit/history/plans/{uuid.uuid4()}").status_code == 404
    missing = auditor.get(f"/web/audit/history/cases/{uuid.uuid4()}")
    assert missing.status_code == 404 and "ページが見つかりません" in missing.text
    assert auditor.get("/web/audit/history/cases/not-an-id").status_code == 404


# ---- the audit search and its exports ---------------------------------------------------------------


def total_of(html: str) -> int:
    return int(re.search(r'id="audit-total">該当 ([\d,]+) 件', html).group(1).replace(",", ""))


def test_searching_for_the_approval_of_one_case_finds_who_approved_it(services, auditor):
    case_id = a_paid_case(services)

    html = auditor.get(f"/web/audit/events?aggregate_id={case_id}&event_type=PaymentApproved").text

    assert total_of(html) == 1
    row = text_of(html[html.index('id="audit-results"'):])
    assert "損害調査担当" in row and LIVE_ADJUSTER.user_id in row and "支払 1（¥288,000）を承認" in row
    assert f'href="/web/audit/history/cases/{case_id}"' in html


def test_each_export_has_as_many_rows_as_the_search_counts(services, auditor):
    case_id = a_paid_case(services)
    a_paid_case(services)
    query = f"aggregate_type=ClaimCase&actor_id={LIVE_ADJUSTER.user_id}&from_on={today_in_japan().isoformat()}"

    total = total_of(auditor.get(f"/web/audit/events?{query}").text)
    as_csv = auditor.get(f"/web/audit/events/export?format=csv&{query}")
    as_jsonl = auditor.get(f"/web/audit/events/export?format=jsonl&{query}")

    assert total >= 6  # three events of the adjuster's on each case
    assert as_csv.headers["content-disposition"].startswith("attachment;") and as_csv.text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(as_csv.text.lstrip("\ufeff"))))
    assert len(rows) == total and all(r["actor_id"] == LIVE_ADJUSTER.user_id for r in rows)
    lines = [json.loads(line) for line in as_jsonl.text.splitlines()]
    assert len(lines) == total and str(case_id) in {line["aggregate_id"] for line in lines}
    assert as_jsonl.headers["content-type"].startswith("application/x-ndjson")


def test_the_search_pages_through_its_results(services, auditor):
    case_id = a_paid_case(services)
    a_paid_case(services)
    query = f"aggregate_type=ClaimCase&from_on={today_in_japan().isoformat()}"
    first = auditor.get(f"/web/audit/events?{query}").text
    total = total_of(first)
    seen = re.findall(r'<td class="num">(\d+)</td>', first)
    page, pages, every = first, 1, first
    while 'rel="next"' in page:
        link = unescape(re.search(r'<a href="([^"]+)" rel="next">', page).group(1))
        page = auditor.get(link).text
        seen += re.findall(r'<td class="num">(\d+)</td>', page)
        pages, every = pages + 1, every + page

    assert total >= 10 and len(seen) == total and len(set(seen)) == total
    assert pages == -(-total // 50) and str(case_id)[:8] in every  # on whichever page the day's events put it


def test_a_record_id_that_is_not_one_is_refused_next_to_its_field_and_nothing_is_exported(auditor):
    response = auditor.get("/web/audit/events?aggregate_id=CASE-1&to_on=2026-04-01&from_on=2026-05-01")
    export = auditor.get("/web/audit/events/export?format=csv&aggregate_id=CASE-1")

    assert response.status_code == 422
    assert "「5ab02016-f6f3-40df-b2d4-bd16c94722b4」の形" in error_next_to(response.text, "aggregate_id")
    assert "「から」の日時より後に" in error_next_to(response.text, "to_on")
    assert 'id="audit-total"' not in response.text
    assert export.status_code == 422 and export.headers["content-type"].startswith("text/html")
    assert "記録の番号（ID）を" in error_next_to(export.text, "aggregate_id")


def test_searches_and_exports_are_on_the_access_log(services, auditor):
    auditor.get("/web/audit/events?event_type=PaymentSettled")
    auditor.get("/web/audit/events/export?format=jsonl&event_type=PaymentSettled")

    for action, query in (("audit.search", {"event_type": "PaymentSettled"}),
                          ("audit.export", {"event_type": "PaymentSettled", "format": "jsonl"})):
        rows, _ = services.access_log.search(AccessFilter(user_id=auditor.user_id, action=action), 100, None)
        assert rows and rows[-1]["detail"] == {"page": "audit", "query": query}


# ---- the access log ------------------------------------------------------------------------------


def test_the_access_log_shows_who_opened_a_case_page(services, people, auditor):
    case_id = a_paid_case(services)
    people[Role.ADJUSTER].get(f"/web/cases/{case_id}")

    html = auditor.get(f"/web/audit/access?subject={str(case_id).upper()}&action=case.page").text

    said = text_of(html[html.index('id="access-results"'):])
    assert people[Role.ADJUSTER].user_id in said and "事案の画面" in said and "損害調査担当" in said
    assert str(case_id) in said


def test_the_access_log_refuses_an_unknown_action_and_a_bad_date_next_to_them(auditor):
    response = auditor.get("/web/audit/access?action=everything&since_on=2026-13-01")

    assert response.status_code == 422
    assert "選択肢の中から" in error_next_to(response.text, "action")
    assert "「2026-04-01」の形" in error_next_to(response.text, "since_on")


# ---- the chain ---------------------------------------------------------------------------------------


def test_the_chain_page_verifies_the_whole_log_and_shows_todays_head(services, auditor):
    html = auditor.get("/web/audit/chain?run=1").text

    said = text_of(html)
    assert "検査の結果: 異常はありません" in said
    head = services.app.recorder.max_notification_id()
    assert f"位置 {head} までの出来事" in said
    assert re.search(r'<td class="audit-hash">[0-9a-f]{64}</td>', html), "today's head is listed"


def test_a_case_whose_event_was_altered_past_reading_says_so_instead_of_the_500_page(services, people):
    case_id = a_paid_case(services)

    with altered(services, case_id, 5, PAID, b'"amount_yen":{{') as position:  # no longer JSON
        page = people[Role.ADJUSTER].get(f"/web/cases/{case_id}")
        history = people[Role.AUDITOR].get(f"/web/audit/history/cases/{case_id}")
    after = people[Role.ADJUSTER].get(f"/web/cases/{case_id}")

    assert (page.status_code, history.status_code, after.status_code) == (500, 500, 200)
    said = text_of(page.text)
    assert "この事案の記録を読み取れません" in said and "記録した後に書き換えられ" in said
    assert f"第5版の出来事（ログ位置 {position}）: 記録された内容が、記録したときの鎖の値と一致しません" in said
    assert "この事案の記録を読み取れません" in text_of(history.text)
    assert 'href="/web/audit/chain"' in history.text and 'href="/web/audit/chain"' not in page.text


def test_the_chain_page_finds_the_altered_event_and_names_its_case(services, auditor):
    case_id = a_paid_case(services)

    with altered(services, case_id, 5, PAID, b'"amount_yen":999000') as position:
        html = auditor.get("/web/audit/chain?run=1").text

    said = text_of(html)
    assert f"検査の結果: 位置 {position} で鎖が一致しません" in said
    assert "記録後に書き換えられたか" in said
    assert f'href="/web/audit/history/cases/{case_id}"' in html


def test_a_head_kept_elsewhere_that_differs_says_the_log_was_rewritten(auditor):
    response = auditor.get(f"/web/audit/chain?run=1&expect_position=1&expect_hash={'0' * 64}")

    assert "鎖ごと作り直されたおそれがあります" in text_of(response.text)


def test_half_a_kept_head_is_refused_next_to_the_missing_half(auditor):
    response = auditor.get("/web/audit/chain?run=1&expect_position=1")

    assert response.status_code == 422
    assert "位置とハッシュ値の両方" in error_next_to(response.text, "expect_hash")
    assert 'id="chain-result"' not in response.text


# ---- the auditor's menu ---------------------------------------------------------------------------


def test_the_auditor_finds_the_three_audit_pages_in_the_menu_and_no_one_else_does(people):
    for role, client in people.items():
        home = client.get("/home").text
        shown = all(f'href="{path}"' in home for path in ("/web/audit/events", "/web/audit/access", "/web/audit/chain"))
        assert shown == (role is Role.AUDITOR), role
    assert "監査ログの検索" in people[Role.AUDITOR].get("/home").text


@pytest.mark.parametrize("path", ["/web/audit/events", "/web/audit/events/export?format=csv", "/web/audit/access",
                                  "/web/audit/chain?run=1", "/web/audit/history/cases/{case}"])
def test_every_other_role_is_refused_each_audit_page(services, people, path: str, a_case: Callable[[], str]):
    url = path.replace("{case}", a_case())
    for role, client in people.items():
        response = client.get(url, follow_redirects=False)
        if role is Role.AUDITOR:
            assert response.status_code == 200, (role, url)
        else:
            assert response.status_code == 403 and "この画面を開く権限がありません" in response.text, (role, url)


@pytest.fixture(scope="module")
def a_case(services: Services) -> Callable[[], str]:
    made: list[str] = []

    def one() -> str:
        if not made:
            made.append(str(a_paid_case(services)))
        return made[0]

    return one


def test_a_policys_limits_page_links_the_auditor_to_its_history(services, people):
    number = services.app.get_case(a_paid_case(services)).policy_ref
    wait_for(services.pool, "coverage", position_of(services.app), 10)
    link = f'href="/web/audit/history/policies/{number}"'

    assert link in people[Role.AUDITOR].get(f"/web/reports/limits/{number}").text
    assert link not in people[Role.ADJUSTER].get(f"/web/reports/limits/{number}").text
