"""Pages whose content comes later (user management), a role check already in place; and the
Japanese 404 page for any other path under /web/."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import Response

from domain.kernel.actors import Role
from infra.sessions import WebSession
from web.navigation import ADMIN_USERS_PATH, ALL_ROLES
from web.routing import PageRoute
from web.session import PageNotFound, page_user
from web.templating import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)


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
