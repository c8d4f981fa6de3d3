"""The Japanese 404 page for any other path under /web/ (the pages that were placeholders here,
user management among them, have pages of their own now)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from fastapi.responses import Response

from infra.sessions import WebSession
from web.navigation import ALL_ROLES
from web.routing import PageRoute
from web.session import PageNotFound, page_user

router = APIRouter(route_class=PageRoute, include_in_schema=False)


# Keep this the last page route: it answers every other path under /web/ with the 404 page
# (after the sign-in check, so a stranger learns nothing of which pages exist).
@router.get("/web/{anything:path}")
def not_a_page(anything: str, me: Annotated[WebSession, page_user(*ALL_ROLES)]) -> Response:
    raise PageNotFound()
