"""Every error leaves the service as application/problem+json (RFC 9457), from here."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from domain.kernel.errors import DomainError

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
STATUS_BY_KIND = {"invalid": 422, "refused": 409, "forbidden": 403, "not_found": 404, "stale": 412, "unavailable": 503}
TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Refused by a business rule",
    412: "Precondition failed",
    422: "Invalid input",
    500: "Internal error",
    503: "Not available yet",
}


def problem(
    status: int, rule: str, detail: str, *, field: str | None = None, headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
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
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _field_path(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    out = ""
    for p in parts:
        out += f"[{p}]" if p.isdigit() else (f".{p}" if out else p)
    return out or "body"


async def on_domain_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return problem(STATUS_BY_KIND.get(exc.status, 409), exc.rule, exc.detail, field=exc.field)


async def on_validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": _field_path(tuple(e.get("loc", ()))), "rule": e.get("type", "invalid"), "message": e.get("msg", "")}
        for e in exc.errors()
    ]
    first = errors[0] if errors else {"field": "body", "message": "invalid"}
    detail = f"{first['field']}: {first['message']}"
    return problem(422, "invalid_input", detail, field=first["field"], errors=errors)


async def on_http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    rule = {401: "not_authenticated", 403: "role_not_allowed", 404: "not_found", 405: "method_not_allowed"}
    return problem(
        exc.status_code, rule.get(exc.status_code, "http_error"), str(exc.detail), headers=getattr(exc, "headers", None)
    )


async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Log the type and the route template only: paths and payloads may hold policy numbers,
    # member numbers, personal or medical details.
    route = getattr(request.scope.get("route"), "path", "(no route)")
    log.error("unexpected %s on %s %s", type(exc).__name__, request.method, route)
    return problem(500, "internal_error", "the service failed to complete this request")


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, on_domain_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
