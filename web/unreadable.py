"""A record page whose record can no longer be read because its stored events were changed
behind the application's back (so far that they no longer decode, or no longer apply): instead
of the generic 500 page, the page says so in Japanese and names the events that no longer match
the hash chain, as the chain warning of a readable record does (decision 0022)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import PersistenceError
from fastapi import Request
from fastapi.exceptions import HTTPException
from fastapi.responses import Response

from domain.kernel.errors import DomainError
from infra.chain import verify_record
from infra.database import DATABASE_DOWN
from web.session import PageRefusal
from web.templating import render

log = logging.getLogger(__name__)


def readable_record(request: Request, services: Any, record_id: UUID, record_name: str,
                    page: Callable[[], Response]) -> Response:
    """`page()`, or — when it fails on a record whose events do not verify against the chain —
    the page that says the record cannot be read and why. Refusals (DomainError) and a database
    that does not answer go on to their own handlers; a failure on a record that verifies is a
    fault of ours and goes on to the 500 page."""
    try:
        return page()
    except (DomainError, PageRefusal, HTTPException, psycopg.Error, PersistenceError, *DATABASE_DOWN):
        raise  # a refusal, or the database not answering (503): never read as an altered record
    except Exception as error:
        chain = verify_record(services.pool, record_id)
        if chain.ok:
            raise
        log.error("record %s could not be read (%s); %d of its events do not match the chain",
                  record_id, type(error).__name__, len(chain.breaks))
        return render(request, "unreadable_record.html", status_code=500, title="記録を読み取れません",
                      chain=chain, record_name=record_name, history_path=None)
