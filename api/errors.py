"""Every error leaves the service as application/problem+json (RFC 9457), from here. When the
caller prefers Japanese (Accept-Language), `title` and `detail` come from the message catalogue
(api/i18n.py) and the answer says `Content-Language: ja`; `rule`, `field` and `errors[]` stay."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.i18n import prefers_japanese, translate
from domain.kernel.errors import DomainError
from infra.database import DATABASE_DOWN

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
RETRY_AFTER_SECONDS = 5
STATUS_BY_KIND = {"invalid": 422, "refused": 409, "forbidden": 403, "not_found": 404, "stale": 412, "unavailable": 503,
                  "too_large": 413, "unsupported_type": 415}
TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Refused by a business rule",
    412: "Precondition failed",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Invalid input",
    500: "Internal error",
    503: "Not available yet",
}


def problem(
    status: int, rule: str, detail: str, *, field: str | None = None, headers: dict[str, str] | None = None,
    detail_ja: str | None = None, **extra: Any,
) -> JSONResponse:
    """`detail_ja` given (the caller prefers Japanese): title and detail are in Japanese."""
    body: dict[str, Any] = {
        "type": f"urn:claims:problem:{rule}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "rule": rule,
    }
    if field is not None:
        body["field"] = field
    body.update(extra)
    if detail_ja is not None:
        body.update(title=translate("title", reason=str(status)), detail=detail_ja)
        headers = {**(headers or {}), "Content-Language": "ja", "Vary": "Accept-Language"}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def in_japanese(
    request: Request, rule: str, params: Any = None, field: str | None = None, reason: str | None = None
) -> str | None:
    """The rule's Japanese message (after the field, if named) when the caller prefers Japanese."""
    if not prefers_japanese(request.headers.get("accept-language")):
        return None
    message = translate(rule, reason=reason, params=params if isinstance(params, dict) else None)
    return f"{field}: {message}" if field else message


def _field_path(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    out = ""
    for p in parts:
        out += f"[{p}]" if p.isdigit() else (f".{p}" if out else p)
    return out or "body"


async def on_domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    retry = exc.params.get("retry_after")
    headers = {"Retry-After": str(retry)} if retry else None
    extra: dict[str, Any] = {"reason": exc.reason} if exc.reason else {}
    if exc.rule == "bill_file_malformed":  # where in the file: its line (1-based) and field
        extra.update({k: exc.params[k] for k in ("line", "column") if exc.params.get(k) is not None})
    return problem(STATUS_BY_KIND.get(exc.status, 409), exc.rule, exc.detail, field=exc.field, headers=headers,
                   detail_ja=in_japanese(request, exc.rule, exc.params, reason=exc.reason), **extra)


async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": _field_path(tuple(e.get("loc", ()))), "rule": e.get("type", "invalid"), "message": e.get("msg", "")}
        for e in exc.errors()
    ]
    first = errors[0] if errors else {"field": "body", "message": "invalid"}
    detail = f"{first['field']}: {first['message']}"
    cause = next(iter(exc.errors()), {})
    detail_ja = in_japanese(request, str(cause.get("type", "invalid_input")), cause.get("ctx"), first["field"])
    return problem(422, "invalid_input", detail, field=first["field"], errors=errors, detail_ja=detail_ja)


async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    rules = {401: "not_authenticated", 403: "role_not_allowed", 404: "not_found", 405: "method_not_allowed",
             413: "request_too_large"}
    rule = rules.get(exc.status_code, "http_error")
    return problem(exc.status_code, rule, str(exc.detail), headers=getattr(exc, "headers", None),
                   detail_ja=in_japanese(request, rule))


async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Log the type and the route template only: paths and payloads may hold policy numbers,
    # member numbers, personal or medical details.
    route = getattr(request.scope.get("route"), "path", "(no route)")
    log.error("unexpected %s on %s %s", type(exc).__name__, request.method, route)
    return problem(500, "internal_error", "the service failed to complete this request",
                   detail_ja=in_japanese(request, "internal_error"))


async def on_database_down(request: Request, exc: Exception) -> JSONResponse:
    """The database does not answer (stopped, unreachable, every connection busy past the wait):
    503 at once, with when to try again; nothing was recorded."""
    route = getattr(request.scope.get("route"), "path", "(no route)")
    log.error("database unavailable (%s) on %s %s", type(exc).__name__, request.method, route)
    return database_unavailable(in_japanese(request, "database_unavailable"))


def database_unavailable(detail_ja: str | None) -> JSONResponse:
    return problem(503, "database_unavailable", "the database does not answer; try again shortly",
                   headers={"Retry-After": str(RETRY_AFTER_SECONDS)}, detail_ja=detail_ja)


def install(app: FastAPI) -> None:
    for kind in DATABASE_DOWN:
        app.add_exception_handler(kind, on_database_down)
    app.add_exception_handler(DomainError, on_domain_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
