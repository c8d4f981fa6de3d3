"""Refuses a NUL character (U+0000) in a request's path or query with 422 naming the parameter:
PostgreSQL can store it in no text, so it would otherwise fail deep inside a query as a 500."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, unquote

from starlette.requests import Request

from api.errors import in_japanese, problem

NUL = "\x00"


def nul_field(scope: dict[str, Any]) -> str | None:
    if NUL in unquote(scope.get("path", "")):
        return "path"
    query = scope.get("query_string", b"").decode("latin-1")
    for name, value in parse_qsl(query, keep_blank_values=True):
        if NUL in name or NUL in value:
            return name.replace(NUL, "") or "query"
    return None


class RefuseNul:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        field = nul_field(scope) if scope["type"] == "http" else None
        if field is None:
            await self.app(scope, receive, send)
            return
        response = problem(422, "invalid_input", f"{field}: may not contain the NUL character (U+0000)", field=field,
                           detail_ja=in_japanese(Request(scope), "invalid_input", field=field))
        await response(scope, receive, send)
