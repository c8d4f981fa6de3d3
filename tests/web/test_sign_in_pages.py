"""Sign-in, sessions and CSRF over HTTP."""

from __future__ import annotations

import time

import psycopg
import pytest

import web.password_sign_in as sign_in_module
from domain.kernel.actors import Role
from tests.web.conftest import sign_in_through
from web.pages import sign_in as sign_in_page

SESSION, PRE_CSRF, FLASH = "claims_session", "claims_sign_in_csrf", "claims_flash"


def set_cookie_headers(response) -> dict[str, str]:
    return {h.split("=", 1)[0]: h for h in response.headers.get_list("set-cookie")}


def csrf_of(client) -> str:
    page = client.get("/home").text
    return page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def test_sign_in_page_is_japanese_and_sets_a_pre_session_csrf_cookie(browser):
    response = browser.get("/")
    assert response.status_code == 200
    assert '<html lang="ja">' in response.text and "ユーザー名" in response.text and "パスワード" in response.text
    assert 'name="csrf_token"' in response.text
    cookie = set_cookie_headers(response)[PRE_CSRF].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie


def test_sign_in_with_the_right_password_goes_home_with_a_session_cookie(browser, a_user):
    user = a_user(Role.ADJUSTER, "損害 一郎")
    response = sign_in_through(browser, user.user_id, user.password)
    assert response.status_code == 303 and response.headers["location"] == "/home"
    cookie = set_cookie_headers(response)[SESSION].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie and "secure" not in cookie
    home = browser.get("/home")
    assert "損害 一郎" in home.text and "損害調査担当" in home.text


def test_session_cookie_is_secure_over_https(browser_with, a_user):
    user = a_user()
    browser = browser_with(base_url="https://testserver", claims_sign_in_max_delay_seconds=0)
    response = sign_in_through(browser, user.user_id, user.password)
    assert "secure" in set_cookie_headers(response)[SESSION].lower()


@pytest.mark.parametrize(("trusted", "secure"), [(True, True), (False, False)])
def test_forwarded_proto_counts_only_behind_a_trusted_proxy(browser_with, trusted, secure):
    browser = browser_with(claims_trust_proxy_headers=trusted)
    response = browser.get("/", headers={"X-Forwarded-Proto": "https"})
    assert ("secure" in set_cookie_headers(response)[PRE_CSRF].lower()) is secure


def test_the_session_cookie_holds_no_stored_value(browser, a_user, services):
    user = a_user()
    sign_in_through(browser, user.user_id, user.password)
    token = browser.cookies.get(SESSION)
    with psycopg.connect(services.database.conninfo) as conn:
        stored = conn.execute("SELECT token_hash, csrf_token FROM web_sessions WHERE user_id = %s", (user.user_id,)).fetchone()
    assert token.encode() not in stored[0] and token != stored[1]


def test_full_width_user_name_typed_with_the_ime_on_still_signs_in(browser, a_user):
    user = a_user()
    full_width = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in user.user_id.upper())
    assert sign_in_through(browser, f" {full_width} ", user.password).status_code == 303


def test_wrong_password_and_unknown_user_get_the_same_japanese_message(browser, a_user):
    user = a_user()
    wrong_password = sign_in_through(browser, user.user_id, "not the password at all")
    unknown_user = sign_in_through(browser, "nobody-at-all", user.password)
    message = "ユーザー名またはパスワードが正しくありません。"
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert message in wrong_password.text and message in unknown_user.text
    assert SESSION not in set_cookie_headers(wrong_password)


def test_wrong_password_and_unknown_user_cost_one_password_check_each(browser, a_user, monkeypatch):
    """Similar timing, checked by the work done rather than by racing the clock: an unknown name
    is checked against a dummy hash, which costs what a real check costs (one Argon2 verify)."""
    checks = []
    real_verify = sign_in_module.verify_password
    monkeypatch.setattr(sign_in_module, "verify_password", lambda *a: checks.append(a[0]) or real_verify(*a))
    user = a_user()
    sign_in_through(browser, user.user_id, "wrong password 1")
    sign_in_through(browser, "nobody-at-all-2", "wrong password 1")
    assert len(checks) == 2 and checks[0].startswith("$argon2id$") and checks[1] is None  # None: the dummy hash


def test_sign_in_without_the_pre_session_token_is_refused_with_the_japanese_403_page(browser, a_user):
    user = a_user()
    browser.get("/")
    response = browser.post("/", data={"user_name": user.user_id, "password": user.password}, follow_redirects=False)
    assert response.status_code == 403
    assert "送信を受け付けられませんでした" in response.text and SESSION not in set_cookie_headers(response)


def test_sign_in_with_another_browsers_token_is_refused(browser, a_user):
    """Login CSRF: a page elsewhere posts its own user name and password with a token of its own."""
    user = a_user()
    browser.get("/")
    response = browser.post("/", data={"user_name": user.user_id, "password": user.password,
                                       "csrf_token": "a-token-the-attacker-made-up-1234567890"}, follow_redirects=False)
    assert response.status_code == 403


def test_signed_in_page_post_without_csrf_token_is_refused_and_keeps_the_session(browser, a_user):
    user = a_user()
    sign_in_through(browser, user.user_id, user.password)
    response = browser.post("/sign-out", data={}, follow_redirects=False)
    assert response.status_code == 403 and "この送信は受け付けられませんでした" in response.text
    assert browser.get("/home", follow_redirects=False).status_code == 200


def test_signed_in_page_post_with_a_wrong_csrf_token_is_refused(browser, a_user):
    user = a_user()
    sign_in_through(browser, user.user_id, user.password)
    response = browser.post("/sign-out", data={"csrf_token": "wrong"}, follow_redirects=False)
    assert response.status_code == 403


def test_csrf_token_is_accepted_from_the_htmx_header(browser, a_user):
    user = a_user()
    sign_in_through(browser, user.user_id, user.password)
    response = browser.post("/sign-out", headers={"X-CSRF-Token": csrf_of(browser)}, follow_redirects=False)
    assert response.status_code == 303


def test_sign_out_ends_the_session_on_the_server(browser, a_user):
    user = a_user()
    sign_in_through(browser, user.user_id, user.password)
    token = browser.cookies.get(SESSION)
    response = browser.post("/sign-out", data={"csrf_token": csrf_of(browser)}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert "サインアウトしました。" in browser.get("/").text
    browser.cookies.set(SESSION, token)  # a copy of the cookie kept: it opens nothing any more
    assert browser.get("/home", follow_redirects=False).headers["location"] == "/"


def test_pages_are_not_cached(browser, a_user):
    user = a_user()
    sign_in_through(browser, user.user_id, user.password)
    headers = browser.get("/home").headers
    assert headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_a_signed_in_browser_on_the_sign_in_page_goes_home(browser, a_user):
    user = a_user()
    sign_in_through(browser, user.user_id, user.password)
    response = browser.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/home"


def age_sessions(services, user_id: str, *, created: str = "0 minutes", seen: str = "0 minutes") -> None:
    with psycopg.connect(services.database.conninfo) as conn:
        conn.execute("UPDATE web_sessions SET created_at = created_at - %s::interval,"
                     " last_seen_at = last_seen_at - %s::interval WHERE user_id = %s", (created, seen, user_id))


def test_a_session_idle_past_its_expiry_returns_to_sign_in_with_the_message(browser, a_user, services):
    user = a_user()
    sign_in_through(browser, user.user_id, user.password)
    age_sessions(services, user.user_id, created="31 minutes", seen="31 minutes")
    response = browser.get("/home", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    page = browser.get("/").text
    assert "セッションの有効期限が切れました（30 分のあいだ操作がありませんでした）" in page


def test_a_session_in_use_outlives_the_idle_expiry(browser, a_user, services):
    user = a_user()
    sign_in_through(browser, user.user_id, user.password)
    age_sessions(services, user.user_id, created="2 hours", seen="29 minutes")
    assert browser.get("/home", follow_redirects=False).status_code == 200


def test_a_session_past_its_absolute_expiry_ends_however_busy(browser, a_user, services):
    user = a_user()
    sign_in_through(browser, user.user_id, user.password)
    age_sessions(services, user.user_id, created="12 hours 1 minute")
    assert browser.get("/home", follow_redirects=False).headers["location"] == "/"
    assert "サインインから 12 時間が経ちました" in browser.get("/").text


def test_an_expired_session_is_ended_on_the_server(browser, a_user, services):
    user = a_user()
    sign_in_through(browser, user.user_id, user.password)
    age_sessions(services, user.user_id, created="1 hour", seen="1 hour")
    browser.get("/home")
    with psycopg.connect(services.database.conninfo) as conn:
        ended = conn.execute("SELECT ended_how FROM web_sessions WHERE user_id = %s", (user.user_id,)).fetchone()
    assert ended == ("idle_expiry",)


def test_repeated_failures_lock_the_account_even_for_the_right_password(browser_with, a_user):
    user = a_user()
    browser = browser_with(claims_sign_in_lock_after=3, claims_sign_in_max_delay_seconds=0)
    answers = [sign_in_through(browser, user.user_id, f"wrong password {n}").text for n in range(3)]
    assert "ユーザー名またはパスワードが正しくありません。" in answers[0]
    assert "一時的にロックされています" in answers[2]
    right = sign_in_through(browser, user.user_id, user.password)
    assert right.status_code == 200 and "一時的にロックされています" in right.text


def test_an_unknown_user_name_locks_like_a_real_one(browser_with):
    browser = browser_with(claims_sign_in_lock_after=3, claims_sign_in_max_delay_seconds=0)
    answers = [sign_in_through(browser, "nobody-locks-too", f"wrong password {n}").text for n in range(3)]
    assert "一時的にロックされています" in answers[2]


def test_failures_from_the_third_on_are_answered_more_slowly(browser_with, a_user, monkeypatch):
    delays = []

    class Recorded(sign_in_module.SignIn):
        def attempt(self, *args):
            outcome = super().attempt(*args)
            delays.append(outcome.delay)
            return outcome

    monkeypatch.setattr(sign_in_page, "SignIn", Recorded)
    user = a_user()
    browser = browser_with(claims_sign_in_slow_after=3, claims_sign_in_max_delay_seconds=0.5)
    for n in range(2):
        sign_in_through(browser, user.user_id, f"wrong password {n}")
    started = time.perf_counter()
    sign_in_through(browser, user.user_id, user.password)  # even the right one waits
    assert delays == [0, 0, 0.5] and time.perf_counter() - started >= 0.5


def test_a_deactivated_user_cannot_sign_in(browser, a_user, services):
    user = a_user()
    with psycopg.connect(services.database.conninfo) as conn:
        conn.execute("UPDATE users SET active = false WHERE user_id = %s", (user.user_id,))
    assert sign_in_through(browser, user.user_id, user.password).status_code == 200


def test_bearer_token_api_calls_are_unaffected_by_page_sessions(client, tokens, browser, a_user):
    user = a_user(Role.AUDITOR)
    sign_in_through(browser, user.user_id, user.password)
    assert client.get("/cases", headers={"Authorization": f"Bearer {tokens['auditor']}"}).status_code == 200
    assert browser.get("/cases").status_code == 401  # a page session is not an API credential
