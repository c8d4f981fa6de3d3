"""What every request passes before any route reads it:

- **a body limit** (`CLAIMS_MAX_BODY_BYTES`): a declared length above it is refused with 413 at
  once; a body that streams past it is cut off and refused with 413, never held in memory;
- **the API's caller first**: a JSON API request without a known bearer token is refused with 401
  before its body is read (the user found is handed to the route, which checks the role);
- **headers of every answer**: `X-Content-Type-Options: nosniff`, and `Cache-Control: no-store`
  on everything but the static files (answers carry personal and medical details).
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from api.errors import database_unavailable, problem
from api.i18n import prefers_japanese, translate
from api.uploads import body_limit
from infra.database import DATABASE_DOWN

# Paths that are not the JSON API: the pages (which check their session themselves), the static
# files, the API reference, and the liveness probe.
log = logging.getLogger("api.errors")
NOT_API = ("/web/", "/static/", "/docs", "/redoc", "/openapi.json", "/health", "/home", "/sign-out")
BEARER = b"bearer "


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over {limit:,} bytes")


def is_api(path: str) -> bool:
    return path != "/" and not path.startswith(NOT_API)


class RequestGuard:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        services = scope["app"].state.services
        limit = body_limit(scope["method"], scope["path"], services.settings)  # more for uploads (api/uploads.py)
        headers = dict(scope["headers"])
        refusal = self._refusal(headers, limit)
        if refusal is None and is_api(scope["path"]):
            refusal = await self._unknown_caller(services, headers, scope)
        if refusal is not None:
            await _with_headers(refusal, scope["path"])(scope, receive, send)
            return
        await self.app(scope, _limited(receive, limit), _adding_headers(send, scope["path"]))

    @staticmethod
    def _refusal(headers: dict[bytes, bytes], limit: int) -> Any:
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            return problem(413, "request_too_large", f"the request body is over {limit:,} bytes", field="body",
                           detail_ja=_japanese(headers, "request_too_large"))
        return None

    @staticmethod
    async def _unknown_caller(services: Any, headers: dict[bytes, bytes], scope: dict[str, Any]) -> Any:
        value = headers.get(b"authorization", b"")
        token = value[len(BEARER):].decode("latin-1").strip() if value[:len(BEARER)].lower() == BEARER else ""
        try:
            user = await run_in_threadpool(services.users.by_token, token) if token else None
        except DATABASE_DOWN:
            return database_unavailable(_japanese(headers, "database_unavailable"))
        if user is None:
            return problem(401, "not_authenticated", "send Authorization: Bearer <token>",
                           headers={"WWW-Authenticate": "Bearer"}, detail_ja=_japanese(headers, "not_authenticated"))
        scope.setdefault("state", {})["bearer_user"] = user
        return None


def _japanese(headers: dict[bytes, bytes], rule: str) -> str | None:
    return translate(rule) if prefers_japanese(headers.get(b"accept-language", b"").decode("latin-1")) else None


def _limited(receive: Any, limit: int) -> Any:
    received = 0

    async def limited() -> dict[str, Any]:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(limit)
        return message

    return limited


def _security_headers(path: str) -> list[tuple[bytes, bytes]]:
    out = [(b"x-content-type-options", b"nosniff")]
    if not path.startswith("/static/"):
        out.append((b"cache-control", b"no-store"))
    return out


def _adding_headers(send: Any, path: str) -> Any:
    async def sending(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            present = {name.lower() for name, _ in message.get("headers", [])}
            message["headers"] = [*message.get("headers", []),
                                  *((n, v) for n, v in _security_headers(path) if n not in present)]
        await send(message)

    return sending


def _with_headers(response: Any, path: str) -> Any:
    for name, value in _security_headers(path):
        response.headers.setdefault(name.decode(), value.decode())
    return response


class ContainFailures:
    """The last word on a failure nothing else answered: the 500 problem+json, logged with the
    error's type and the route template only. Starlette's own last handler answers too, but then
    hands the exception on to the server, which prints its traceback — and an exception's message
    may quote stored values (a date, a name). Here it stops."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: dict[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as error:
            route = getattr(scope.get("route"), "path", "(no route)")
            log.error("unexpected %s on %s %s%s", type(error).__name__, scope.get("method"), route,
                      " (the answer had begun: cut short)" if started else "")
            if not started:
                answer = problem(500, "internal_error", "the service failed to complete this request")
                await _with_headers(answer, scope["path"])(scope, receive, send)
