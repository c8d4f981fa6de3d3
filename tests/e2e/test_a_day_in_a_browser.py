"""A whole day in a real browser, in Japanese, without the JSON API: the concierge reports a
patient who shouts in the waiting room and refuses to leave, logs three consultations and
recommends a lawyer; the adjuster consents, enters a bill of ¥220,000 着手金 + ¥110,000 相談料 +
¥20,000 日当, sees ¥288,000 on the payment screen with its computation, approves, records the
transfer and closes. On the way: a refused form shows its reason in Japanese by the field, and a
concierge opening an adjuster's page gets the Japanese 403 page. Screenshots of each main page."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from domain.kernel.actors import Role
from domain.kernel.clock import JAPAN
from tests.builders import a_harassment_policy_in_force
from tests.e2e.conftest import sign_in, snap


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="サインアウト").click()
    page.wait_for_url("**/")


def open_action(page: Any, summary: str) -> None:
    """Open a folded form of the case page (a <details>), unless it is open already."""
    details = page.locator("details.action", has=page.locator("summary", has_text=summary))
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def test_a_day_of_the_concierge_and_the_adjuster(page, live, people, services):
    policy = a_harassment_policy_in_force(services.app, member=f"JSPRS-D{uuid.uuid4().hex[:5].upper()}")  # its own limits
    yesterday = max(datetime.now(JAPAN) - timedelta(days=1), policy.cover.start.astimezone(JAPAN) + timedelta(minutes=5))
    today = datetime.now(JAPAN).date().isoformat()

    # ---- the concierge: a report, refused once, then right ------------------------------------
    sign_in(page, live.url, people[Role.CONCIERGE])
    snap(page, "home-concierge-day")
    page.get_by_role("link", name="事案の受付").first.click()
    page.get_by_label("証券番号または会員番号").fill(policy.holder.member_number)
    page.get_by_role("radio", name=policy.policy_number).wait_for()  # found as it is typed
    page.get_by_label("被保険者名（漢字）").fill("石田 次郎")
    page.get_by_label("フリガナ").fill("イシダ ジロウ")
    page.get_by_label("日付").fill((datetime.now(JAPAN) + timedelta(days=2)).date().isoformat())  # in the future
    page.get_by_label("時刻").fill("10:30")
    page.get_by_label("発生場所").fill("待合室")
    page.get_by_label("不退去").check()
    page.get_by_label("威力").check()
    page.get_by_label("事案の区分").select_option(label="待ち時間")
    page.get_by_label("受付の方法").select_option(label="電話")
    page.get_by_label("内容").fill("待ち時間に腹を立てた患者が待合室で大声を出し、退去を求めても帰らない")
    page.get_by_role("button", name="受け付ける").click()
    error = page.locator("#occurred_at-error")
    assert error.inner_text() == "⚠ 未来の日時は入力できません。" or error.inner_text() == "未来の日時は入力できません。"
    assert page.get_by_label("発生場所").input_value() == "待合室"  # what was typed is kept
    snap(page, "case-new-refused")
    page.get_by_label("日付").fill(yesterday.date().isoformat())
    page.get_by_label("時刻").fill(f"{yesterday:%H:%M}")
    page.get_by_role("button", name="受け付ける").click()
    page.get_by_text("事案を受け付けました。").wait_for()
    case_url = page.url
    assert page.get_by_role("heading", name="石田 次郎 様の事案").is_visible()
    assert page.get_by_text("補償の対象です。").is_visible()

    for n in range(1, 4):
        open_action(page, "相談を記録する")
        form = page.locator("form[action$='/consultations']")
        form.get_by_label("所要時間（分）").fill("20")
        form.get_by_label("相談者").fill("事務長")
        form.get_by_label("相談内容").fill(f"{n} 回目: 退去しない患者への対応は")
        form.get_by_label("助言").fill("複数名で対応し、退去を明確に求め、記録を残す")
        form.get_by_role("button", name="相談を記録する").click()
        page.get_by_text("相談を記録しました。").wait_for()
    assert page.get_by_role("heading", name="相談の記録（3 件）").is_visible()
    open_action(page, "弁護士対応を推奨する")
    page.get_by_label("推奨の理由").fill("当事者間での解決は困難と判断")
    page.get_by_role("button", name="推奨する").click()
    page.get_by_text("弁護士対応を推奨しました。").wait_for()
    snap(page, "case-concierge")

    page.goto(f"{case_url}/payment")  # an adjuster's page
    assert page.get_by_role("heading", name="この画面を開く権限がありません").is_visible()
    snap(page, "forbidden-payment")
    sign_out(page)

    # ---- the adjuster: consent, the bill, the payment, the transfer, close -------------------
    sign_in(page, live.url, people[Role.ADJUSTER])
    page.get_by_role("link", name="承諾待ち").first.click()
    page.get_by_role("link", name="石田 次郎").first.click()
    page.get_by_label("承諾番号").fill("SJ-2026-0001")
    page.get_by_label("弁護士名").fill("佐藤 花子")
    page.get_by_label("法律事務所").fill("佐藤法律事務所")
    page.get_by_role("button", name="承諾する", exact=True).click()
    page.get_by_text("弁護士対応を承諾しました。").wait_for()

    page.get_by_role("link", name="請求書を記録する").click()
    page.get_by_label("請求書番号").fill("INV-2026-001")
    page.get_by_label("請求日").fill(today)
    for i, (fee, amount) in enumerate([("着手金", "220,000"), ("相談料", "110000"), ("日当", "20000")]):
        page.get_by_label(f"{i + 1}行目の費目").select_option(label=fee)
        page.get_by_label(f"{i + 1}行目の業務日").fill(today)
        page.get_by_label(f"{i + 1}行目の金額").fill(amount)
        page.get_by_label(f"{i + 1}行目の摘要").click()  # leaving the amount: the line's verdict comes
    page.locator("#verdict-2 .verdict-reason").wait_for()
    assert page.locator("#verdict-0").inner_text() == "対象" and page.locator("#verdict-1").inner_text() == "対象"
    assert "補償対象外の費目（日当・顧問料）" in page.locator("#verdict-2").inner_text()
    snap(page, "invoice")
    page.get_by_role("button", name="請求書を記録する").click()
    page.get_by_text("請求書を記録しました。").wait_for()

    page.get_by_role("link", name="支払の計算を確認する").click()
    calc = page.locator("table.table--calc").inner_text()
    for figure in ("¥330,000", "− ¥10,000", "× 90 %", "¥288,000", "¥3,000,000"):
        assert figure in calc
    assert page.get_by_text("権限内").is_visible()
    snap(page, "payment")
    page.get_by_role("button", name="¥288,000 の支払を承認する").click()
    page.get_by_text("支払を承認しました。").wait_for()

    page.get_by_label("振込の照会番号").fill("FB-20261125-01")
    page.get_by_role("button", name="振込を記録する").click()
    page.get_by_text("振込を記録しました。").wait_for()
    page.get_by_label("終了の理由").fill("弁護士の対応により解決")
    page.get_by_role("button", name="終了する").click()
    page.get_by_text("事案を終了しました。").wait_for()
    timeline = page.locator("ol.timeline").inner_text()
    assert "支払 1（¥288,000）を" in timeline and "事案を終了" in timeline
    snap(page, "case-closed")
