"""The chain verification page: recompute the hash chain over the whole event log (as GET
/audit/chain/verify does, optionally against a head kept elsewhere) and explain the result in
Japanese — what verified, where it first breaks, how, and whose record that event belongs to —
with the chain's head at the end of each Japan day, to be kept outside this system."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import ServicesDep
from api.i18n import translate
from api.services import Services
from domain.kernel.clock import japan_date
from infra.chain import ChainReport, day_heads, event_at, verify_chain
from infra.sessions import WebSession
from web.audit_filters import Typed
from web.audit_labels import KIND_OF_RECORD, RECORD_KINDS
from web.navigation import AUDIT_CHAIN_PATH, AUDITORS, history_path
from web.routing import PageRoute
from web.session import page_user
from web.templating import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Auditor = Annotated[WebSession, page_user(*AUDITORS)]
HASH = re.compile(r"^[0-9a-fA-F]{64}$")
# How the chain broke (infra/chain.py's problem), in Japanese: the first words it starts with → the explanation.
PROBLEMS = (
    ("chain link", "deleted",
     "この位置の鎖の値は残っていますが、出来事の行がありません。出来事が削除されたおそれがあります。"),
    ("event", "has no chain link",
     "この位置の出来事には鎖の値がありません。このシステムを通さずに出来事が追加されたおそれがあります。"),
    ("event", "does not match",
     "この位置の出来事が、記録したときの鎖の値と一致しません。"
     "記録後に書き換えられたか、出来事の順序が入れ替えられたおそれがあります。"),
    ("the log up to", "rewritten",
     "控えておいた鎖の値と、計算し直した値が一致しません。この位置までのログが、鎖ごと作り直されたおそれがあります。"),
    ("the exported head", "missing",
     "控えておいた位置の出来事がログにありません。最新の出来事が鎖ごと削除されたおそれがあります。"),
)


def explained(problem: str | None) -> str:
    for start, words, japanese in PROBLEMS:
        if problem and problem.startswith(start) and words in problem:
            return japanese
    return "鎖が途中で一致しなくなっています。"


def expected_head(typed: Typed) -> tuple[int, str] | None:
    position, digest = typed.text("expect_position"), typed.text("expect_hash")
    if position is None and digest is None:
        return None
    if position is None or digest is None:
        typed.errors.by_field["expect_position" if position is None else "expect_hash"] = chain_message("expect_both")
        return None
    if not position.isdigit() or int(position) < 1:
        typed.errors.by_field["expect_position"] = chain_message("bad_position")
    if not HASH.match(digest):
        typed.errors.by_field["expect_hash"] = chain_message("bad_hash")
    return None if typed.errors else (int(position), digest.lower())


def chain_message(reason: str) -> str:
    return translate("audit_chain", reason=reason)


def heads_range(typed: Typed) -> tuple[Any, Any]:
    last = typed.day("heads_to") or japan_date(datetime.now(UTC))
    first = typed.day("heads_from") or last - timedelta(days=30)
    if last < first or (last - first).days > 366:
        typed.errors.by_field["heads_to"] = chain_message("range")
    return first, last


def where_it_broke(services: Services, report: ChainReport) -> dict[str, Any] | None:
    found = event_at(services.database.conninfo, report.first_break) if report.first_break else None
    if found is None:
        return None
    record, topic = found
    record_type = (topic or "").removeprefix("claims:").partition(".")[0]
    kind = KIND_OF_RECORD.get(record_type)
    return {"record": record, "type": RECORD_KINDS.get(record_type, record_type),
            "link": history_path(kind, record) if kind else None}


@router.get(AUDIT_CHAIN_PATH)
def chain(request: Request, services: ServicesDep, me: Auditor,
          run: Annotated[str | None, Query(max_length=5)] = None) -> Response:
    names = ("expect_position", "expect_hash", "heads_from", "heads_to")
    typed = Typed({name: request.query_params.get(name, "") for name in names})
    expect, (first, last) = expected_head(typed), heads_range(typed)
    report = broke_at = None
    log = services.access_log
    if run and not typed.errors.get("expect_position") and not typed.errors.get("expect_hash"):
        log.record(me.user.user_id, me.user.role.value, "audit.chain_verify", None,
                   {"page": "chain", "expect_position": typed.values["expect_position"]})
        report = verify_chain(services.database.conninfo, expect)
        broke_at = where_it_broke(services, report) if not report.ok else None
    heads = []
    if not typed.errors.get("heads_to"):
        log.record(me.user.user_id, me.user.role.value, "audit.chain_heads", None,
                   {"page": "chain", "from": first.isoformat(), "to": last.isoformat()})
        heads = list(reversed(day_heads(services.database.conninfo, first, last)))
    return render(request, "audit_chain.html", status_code=422 if typed.errors else 200, title="改ざんの検査",
                  v=typed.values | {"heads_from": typed.values["heads_from"] or first.isoformat(),
                                    "heads_to": typed.values["heads_to"] or last.isoformat()},
                  errors=typed.errors, report=report, expect=expect, explanation=explained(report.problem if report else None),
                  broke_at=broke_at, heads=heads, first=first, last=last)
