"""Before any route reads a request: bodies are capped (413), the JSON API's caller is known before
its body is read (401), and every answer says not to cache it or sniff its type."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.guards import RequestGuard
from tests.web.conftest import with_settings


@pytest.fixture
def small(services) -> Any:
    with TestClient(create_app(services=with_settings(services, claims_max_body_bytes=2_000))) as client:
        yield client


def test_a_declared_body_over_the_limit_is_413_problem_json(small, api):
    response = small.post("/cases", content=b"{" + b" " * 5_000 + b"}", headers={
        **api.headers("concierge"), "Content-Type": "application/json"})
    assert response.status_code == 413 and response.headers["content-type"] == "application/problem+json"
    assert response.json()["rule"] == "request_too_large"


def test_a_streamed_body_that_grows_past_the_limit_is_cut_off_with_413(small, api):
    def chunks():
        for _ in range(10):
            yield b" " * 1_000

    response = small.post("/cases", content=chunks(), headers={**api.headers("concierge"),
                                                               "Content-Type": "application/json"})
    assert response.status_code == 413 and response.json()["rule"] == "request_too_large"


@pytest.mark.parametrize("authorization", [None, "Bearer clm_not-a-token", "Basic dXNlcjpwYXNz"])
def test_an_api_request_without_a_known_token_is_401_before_its_body_is_read(client, authorization):
    scope = {"type": "http", "method": "POST", "path": "/cases", "app": client.app, "query_string": b"",
             "headers": [(b"content-type", b"application/json"), (b"content-length", b"1000")]
             + ([(b"authorization", authorization.encode())] if authorization else [])}
    read, sent = [], []

    async def receive() -> dict[str, Any]:
        read.append(True)
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def never(*_: Any) -> None:
        raise AssertionError("the route must not be reached")

    with ThreadPoolExecutor(1) as thread:  # a loop of its own (a browser test may hold this thread's)
        thread.submit(asyncio.run, RequestGuard(never)(scope, receive, send)).result()
    assert sent[0]["status"] == 401 and not read


def test_answers_are_not_cached_nor_sniffed_and_name_no_server(api):
    answer = api.get("/cases?limit=1")
    assert answer.headers["cache-control"] == "no-store" and answer.headers["x-content-type-options"] == "nosniff"
    assert "server" not in {k.lower() for k in answer.headers} or answer.headers.get("server") != "uvicorn"


def test_static_files_may_be_cached_but_not_sniffed(client):
    answer = client.get("/static/app.css")
    assert answer.status_code == 200 and answer.headers["x-content-type-options"] == "nosniff"
    assert "no-store" not in answer.headers.get("cache-control", "")


def test_an_unexpected_failure_is_logged_by_type_and_route_without_its_message_or_traceback(api, monkeypatch, caplog):
    import logging

    def broken(*_: Any, **__: Any) -> None:
        raise ValueError("year 0 is out of range: 0001-01-01 山田 太郎")

    monkeypatch.setattr("projections.case_list.list_cases", broken)
    with caplog.at_level(logging.DEBUG):
        answer = api.get("/cases?limit=1")
    assert answer.status_code == 500 and answer.json()["rule"] == "internal_error"
    assert "ValueError" in caplog.text and "/cases" in caplog.text
    assert "0001-01-01" not in caplog.text and "山田" not in caplog.text and "Traceback" not in caplog.text
