"""Page routes answer in Japanese HTML, never problem+json: a refusal becomes the sign-in page
(with a message) or an error page; an unexpected failure is logged by type and route template
only (paths and forms may hold personal details) and answered with the 500 page."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from api.errors import STATUS_BY_KIND
from api.i18n import translate
from domain.kernel.errors import DomainError
from infra.database import DATABASE_DOWN
from web.cookies import SESSION_COOKIE, delete_cookie, leave_flash
from web.labels import ROLE_LABELS
from web.session import CsrfRefused, PageForbidden, PageNotFound, SessionExpired, SignInRequired
from web.templating import render, secure_headers

log = logging.getLogger(__name__)
HTTP_RULES = {401: "not_authenticated", 403: "role_not_allowed", 404: "page_not_found", 405: "method_not_allowed"}
TITLES = {400: "入力内容を確認してください", 403: "この画面を開く権限がありません", 404: "ページが見つかりません",
          405: "この操作はできません", 409: "この操作はできません", 422: "入力内容を確認してください",
          500: "システムエラーが起きました", 503: "しばらくお待ちください"}


def to_sign_in(request: Request, flash: str, *, end_cookie: bool = False) -> Response:
    response = RedirectResponse("/", status_code=303)
    leave_flash(request, response, flash)
    if end_cookie:
        delete_cookie(request, response, SESSION_COOKIE)
    return secure_headers(response)


def error_page(request: Request, status: int, message: str, title: str | None = None) -> Response:
    return render(request, "error.html", status_code=status, title=title or TITLES.get(status, "エラー"),
                  message=message, status=status)


def answer(request: Request, exc: Exception) -> Response:
    """What the browser sees for a page request that did not complete."""
    if isinstance(exc, SignInRequired):
        return to_sign_in(request, "sign_in_required")
    if isinstance(exc, SessionExpired):
        return to_sign_in(request, f"session_expired.{exc.how}", end_cookie=True)
    if isinstance(exc, CsrfRefused):
        return error_page(request, 403, translate("csrf_refused"), "送信を受け付けられませんでした")
    if isinstance(exc, PageForbidden):
        roles = "」「".join(ROLE_LABELS[role] for role in exc.roles)
        return error_page(request, 403, translate("page_forbidden", params={"roles": roles}))
    if isinstance(exc, PageNotFound):
        return error_page(request, 404, translate("page_not_found"))
    if isinstance(exc, DomainError):
        status = STATUS_BY_KIND.get(exc.status, 409)
        message = translate("page_not_found") if status == 404 else translate(exc.rule, reason=exc.reason, params=exc.params)
        return error_page(request, status, message)
    if isinstance(exc, RequestValidationError):
        first = next(iter(exc.errors()), {})
        return error_page(request, 400, translate(str(first.get("type", "invalid_input")), params=first.get("ctx")))
    if isinstance(exc, DATABASE_DOWN):
        log.error("database unavailable (%s) on page %s", type(exc).__name__, request.method)
        return error_page(request, 503, translate("database_unavailable"))
    if isinstance(exc, HTTPException):
        return error_page(request, exc.status_code, translate(HTTP_RULES.get(exc.status_code, "http_error")))
    route = getattr(request.scope.get("route"), "path", "(no route)")
    log.error("unexpected %s on page %s %s", type(exc).__name__, request.method, route)
    return error_page(request, 500, translate("internal_error"))


class PageRoute(APIRoute):
    """The route class of every page: whatever goes wrong is answered by `answer`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def page(request: Request) -> Response:
            try:
                return await handle(request)
            except Exception as exc:  # every failure of a page is answered as a page
                return answer(request, exc)

        return page
