"""A record's history for the auditor (a case, a cyber incident or a policy): every event with
who, in which role, when recorded and when it happened, the Japanese description, and what it
changed (before → after); whether the record's events verify against the hash chain; and the
record as it stood at an instant (Japan time), replayed by the application as GET …?as_of= does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import ServicesDep
from api.i18n import translate
from api.services import Services
from domain.kernel.errors import DomainError
from domain.kernel.history import history_of, state_of
from domain.policies.policy import policy_id
from infra.chain import verify_record
from infra.sessions import WebSession
from web.audit_filters import Typed
from web.audit_labels import HISTORY_KINDS, event_type_label
from web.audit_view import change_rows, state_rows
from web.navigation import AUDIT_HISTORY_PATH, AUDITORS, history_path
from web.routing import PageRoute
from web.session import PageNotFound, page_user
from web.templating import render
from web.unreadable import readable_record

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Auditor = Annotated[WebSession, page_user(*AUDITORS)]
RECORD_PAGES = {"cases": "/web/cases/{}", "incidents": "/web/incidents/{}"}


class Record:
    """One record of a kind: its id, its name in the access log, its events, its state at an instant."""

    def __init__(self, services: Services, kind: str, key: str) -> None:
        app = self.app = services.app
        self.kind = kind
        if kind == "policies":
            number = app.policy_at(UUID(key)).policy_number if is_uuid(key) else key.strip().upper()
            self.id, self.subject = policy_id(number), number
            self.events: Callable[[], list[Any]] = lambda: app.policy_history(number)
            self.at: Callable[[datetime], Any] = lambda t: app.get_policy(number, as_of=t)
        else:
            if not is_uuid(key):
                raise PageNotFound()
            self.id = self.subject = UUID(key)
            getter = app.get_case if kind == "cases" else app.get_incident
            self.events = lambda: (app.case_history if kind == "cases" else app.incident_history)(self.id)
            self.at = lambda t: getter(self.id, None, t)


def is_uuid(text: str) -> bool:
    try:
        UUID(text)
    except ValueError:
        return False
    return True


def stood_at(record: Record, typed: Typed, exact: datetime | None) -> tuple[datetime | None, Any]:
    """The instant asked (a link's exact instant, else the date and time typed) and the record then."""
    moment = exact or typed.instant("at")
    if moment is None:
        return None, None
    try:
        return moment, record.at(moment)
    except DomainError as error:
        if error.status != "not_found":
            raise
        typed.errors.by_field["at_on"] = translate("audit_as_of", reason="before_the_record")
        return moment, None


def access_detail(request: Request) -> dict[str, Any]:
    """What the access log keeps of the request: the page, and the instant asked, if one was."""
    asked = request.query_params.get("as_of") or " ".join(
        request.query_params.get(name, "") for name in ("at_on", "at_time")).strip()
    return {"page": "history"} | ({"as_of": asked} if asked else {})


@router.get(f"{AUDIT_HISTORY_PATH}/{{kind}}/{{key}}")
def history(kind: str, key: str, request: Request, services: ServicesDep, me: Auditor,
            as_of: Annotated[datetime | None, Query(description="an exact instant (the entries' links)")] = None,
            ) -> Response:
    if kind not in HISTORY_KINDS:
        raise PageNotFound()
    if kind != "policies" and not is_uuid(key):
        raise PageNotFound()
    record_id = UUID(key) if is_uuid(key) else policy_id(key.strip().upper())  # a policy by id or by number
    return readable_record(request, services, record_id, "この" + HISTORY_KINDS[kind][1],
                           lambda: _history(request, services, me, kind, Record(services, kind, key), as_of))


def _history(request: Request, services: ServicesDep, me: Any, kind: str, record: Record,
             as_of: datetime | None) -> Response:
    typed = Typed({name: request.query_params.get(name, "") for name in ("at_on", "at_time")})
    aware = as_of if as_of is not None and as_of.tzinfo is not None else None
    services.access_log.record(me.user.user_id, me.user.role.value, f"{kind_name(kind)}.history", str(record.subject),
                               access_detail(request))
    entries = history_of(record.events())
    moment, then = stood_at(record, typed, aware)
    return render(request, "audit_history.html", status_code=422 if typed.errors else 200,
                  title=f"{HISTORY_KINDS[kind][1]}の履歴", kind=kind, kind_label=HISTORY_KINDS[kind][1], record=record,
                  entries=entries, changes=[change_rows(e.changes) for e in entries],
                  chain=verify_record(services.pool, record.id),
                  moment=moment, then=then, then_rows=state_rows(state_of(then)) if then is not None else [],
                  v=typed.values, errors=typed.errors, event_type_label=event_type_label,
                  record_page=RECORD_PAGES.get(kind, "").format(record.subject) or None,
                  just_before=lambda e: history_path(kind, record.subject) + "?as_of="
                  + (e.recorded_at - timedelta(microseconds=1)).isoformat().replace("+", "%2B") + "#as-of")


def kind_name(kind: str) -> str:
    return {"cases": "case", "incidents": "incident", "policies": "policy"}[kind]
