"""Who is signed in on a page request: the session cookie → the server-side session and its
expiry; the CSRF token that every unsafe request must send back; the role a page needs.
A refusal is raised as a PageRefusal, which web/routing.py turns into a redirect or a page."""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, Request

from api.deps import ServicesDep
from api.services import Services
from domain.accounts.account import SignOutHow
from domain.kernel.actors import Role
from infra.sessions import SessionStore, WebSession
from infra.settings import Settings
from web.cookies import SESSION_COOKIE

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class PageRefusal(Exception):
    """A page request that cannot go on; its kind says how the browser is answered."""


class SignInRequired(PageRefusal):
    pass


class SessionExpired(PageRefusal):
    def __init__(self, how: SignOutHow) -> None:
        super().__init__(how)
        self.how = how


class CsrfRefused(PageRefusal):
    pass


class PageForbidden(PageRefusal):
    def __init__(self, roles: Sequence[Role]) -> None:
        super().__init__(", ".join(roles))
        self.roles = tuple(roles)


class PageNotFound(PageRefusal):
    pass


def lapse_of(session: WebSession, now: datetime, settings: Settings) -> SignOutHow | None:
    """Whether the session has run out: too long since sign-in, or unused for too long."""
    if now - session.created_at >= timedelta(hours=settings.claims_session_max_hours):
        return "absolute_expiry"
    if now - session.last_seen_at >= timedelta(minutes=settings.claims_session_idle_minutes):
        return "idle_expiry"
    return None


def end_session(services: Services, session: WebSession, how: SignOutHow, now: datetime) -> None:
    """End it on the server, and record the sign-out once (two tabs may end it at once)."""
    if SessionStore(services.pool).end(session, now, how):
        services.app.record_sign_out(session.user.user_id, session.user.role, how, now=now)


def current_session(request: Request, services: ServicesDep) -> WebSession | None:
    """The open session of this browser, its last use moved to now; None if there is none."""
    token = request.cookies.get(SESSION_COOKIE)
    store = SessionStore(services.pool)
    session = store.find(token) if token else None
    if session is None:
        return None
    now = services.app.clock()
    how = lapse_of(session, now, services.settings)
    if how is not None:
        end_session(services, session, how, now)
        raise SessionExpired(how)
    store.touch(session, now)
    request.state.me = session
    return session


async def csrf_sent(request: Request) -> str | None:
    """The CSRF token an unsafe request sent: the X-CSRF-Token header (htmx), else the form field."""
    if request.method in SAFE_METHODS:
        return None
    if request.headers.get(CSRF_HEADER):
        return request.headers[CSRF_HEADER]
    if not request.headers.get("content-type", "").startswith(FORM_TYPES):
        return None
    value = (await request.form()).get(CSRF_FIELD)
    return value if isinstance(value, str) else None


def tokens_match(sent: str | None, expected: str | None) -> bool:
    return bool(sent) and bool(expected) and hmac.compare_digest(str(sent).encode(), str(expected).encode())


def page_user(*roles: Role) -> Any:
    """The dependency of every signed-in page: a session, the CSRF token on anything but a read,
    and one of `roles`. Not signed in → the sign-in page; wrong role → the 403 page."""

    def check(
        request: Request,
        session: Annotated[WebSession | None, Depends(current_session)],
        sent: Annotated[str | None, Depends(csrf_sent)],
    ) -> WebSession:
        if session is None:
            raise SignInRequired()
        if request.method not in SAFE_METHODS and not tokens_match(sent, session.csrf_token):
            raise CsrfRefused()
        if session.user.role not in roles:
            raise PageForbidden(roles)
        return session

    return Depends(check)
