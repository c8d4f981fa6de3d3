"""The service's request log: method, route template, status and duration — never the concrete
path or query string, which can carry policy numbers, member numbers or names. (The uvicorn
access log, which prints them, is off.) Who read which record goes to the access log table."""

from __future__ import annotations

import logging
import time
from typing import Any

log = logging.getLogger("claims.requests")


class RequestLog:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), [500]

        async def remember_status(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, remember_status)
        finally:
            route = getattr(scope.get("route"), "path", "(no route)")
            log.info("%s %s %d %.1fms", scope["method"], route, status[0], (time.perf_counter() - started) * 1000)
