"""Pages whose content comes later (the queue lists, user management), a role check already in
place; and the Japanese 404 page for any other path under /web/."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import Response

from domain.kernel.actors import Role
from infra.sessions import WebSession
from web.labels import QUEUE_LABELS
from web.navigation import ADMIN_USERS_PATH, ALL_ROLES, roles_of_queue
from web.routing import PageRoute
from web.session import PageForbidden, PageNotFound, page_user
from web.templating import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)
QUEUE_WORKERS = (Role.CONCIERGE, Role.ADJUSTER, Role.AUDITOR)


@router.get("/web/queues/{queue}")
def queue_list(queue: str, request: Request, me: Annotated[WebSession, page_user(*QUEUE_WORKERS)]) -> Response:
    if queue not in QUEUE_LABELS:
        raise PageNotFound()
    if me.user.role not in roles_of_queue(queue):
        raise PageForbidden(roles_of_queue(queue))
    return render(request, "placeholder.html", title=QUEUE_LABELS[queue],
                  lines=["この一覧の画面は準備中です。もうしばらくお待ちください。", "件数はホーム画面でご確認いただけます。"])


@router.get(ADMIN_USERS_PATH)
def admin_users(request: Request, me: Annotated[WebSession, page_user(Role.ADMIN)]) -> Response:
    return render(request, "placeholder.html", title="利用者の管理",
                  lines=["利用者の追加・変更の画面は準備中です。",
                         "それまでは、システム担当者がコマンド（claims create-user）で登録します。"])


# Keep this the last page route: it answers every other path under /web/ with the 404 page
# (after the sign-in check, so a stranger learns nothing of which pages exist).
@router.get("/web/{anything:path}")
def not_a_page(anything: str, me: Annotated[WebSession, page_user(*ALL_ROLES)]) -> Response:
    raise PageNotFound()
