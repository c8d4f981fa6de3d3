"""Sign-in at `/` and sign-out. The sign-in form carries a pre-session CSRF token (double submit:
a cookie and the same value in the form), so a forged sign-in is refused too."""

from __future__ import annotations

import asyncio
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from api.deps import ServicesDep
from api.i18n import translate
from infra.sessions import WebSession
from web.cookies import SESSION_COOKIE, SIGN_IN_CSRF_COOKIE, delete_cookie, set_cookie
from web.navigation import ALL_ROLES, HOME_PATH
from web.password_sign_in import SignIn
from web.routing import PageRoute, to_sign_in
from web.session import CsrfRefused, csrf_sent, current_session, end_session, page_user, tokens_match
from web.templating import render, secure_headers

router = APIRouter(route_class=PageRoute, include_in_schema=False)
MAX_TYPED = 256  # longer input cannot be a user name or password of this service


def sign_in_form(request: Request, error: str | None = None, user_name: str = "") -> Response:
    token = request.cookies.get(SIGN_IN_CSRF_COOKIE, "")
    fresh = token if 20 <= len(token) <= 100 else secrets.token_urlsafe(32)
    response = render(request, "sign_in.html", csrf_token=fresh, error=error, user_name=user_name[:MAX_TYPED])
    if fresh != token:
        set_cookie(request, response, SIGN_IN_CSRF_COOKIE, fresh)
    return response


async def pre_session_csrf(request: Request) -> None:
    if not tokens_match(await csrf_sent(request), request.cookies.get(SIGN_IN_CSRF_COOKIE)):
        raise CsrfRefused()


@router.get("/")  # public: the way in (an open session goes straight to its home page)
def sign_in_page(request: Request, session: Annotated[WebSession | None, Depends(current_session)]) -> Response:
    if session is not None:
        return secure_headers(RedirectResponse(HOME_PATH, status_code=303))
    return sign_in_form(request)


@router.post("/", dependencies=[Depends(pre_session_csrf)])
async def sign_in(
    request: Request, services: ServicesDep, user_name: Annotated[str, Form()] = "", password: Annotated[str, Form()] = ""
) -> Response:
    """Async only to wait out the delay without holding a worker thread; the work runs in one."""
    attempt = await run_in_threadpool(SignIn(services).attempt, user_name[:MAX_TYPED], password[:MAX_TYPED + 1])
    await asyncio.sleep(attempt.delay)
    if attempt.session_token is None:
        return sign_in_form(request, translate(attempt.refusal or "sign_in_failed"), user_name)
    response = RedirectResponse(HOME_PATH, status_code=303)
    set_cookie(request, response, SESSION_COOKIE, attempt.session_token)
    delete_cookie(request, response, SIGN_IN_CSRF_COOKIE)
    return secure_headers(response)


@router.post("/sign-out")
def sign_out(request: Request, services: ServicesDep, me: Annotated[WebSession, page_user(*ALL_ROLES)]) -> Response:
    end_session(services, me, "by_user", services.app.clock())
    return to_sign_in(request, "signed_out", end_cookie=True)
