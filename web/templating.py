"""Rendering a page: the Jinja environment with the Japanese filters, the signed-in user and the
flash message in every page's context, and the headers every page carries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context

from api.i18n import translate
from web.cookies import FLASH_COOKIE, delete_cookie, take_flash
from web.formatting import FILTERS
from web.navigation import navigation

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
templates = Jinja2Templates(directory=TEMPLATES_DIR)
templates.env.filters.update(FILTERS)
templates.env.globals["translate"] = translate


@pass_context
def person(context: Any, user_id: Any) -> str:
    """A person the record names by user id, as the pages show them: their name (お名前). An id the
    users table does not know (a system actor, an import) is shown as it is. (The auditor's pages
    show the id beside the name: it is what one searches by.)"""
    if not user_id:
        return ""
    request = context.get("request")
    names = _display_names(request) if request is not None else {}
    name = names.get(str(user_id))
    return name or str(user_id)


def _display_names(request: Request) -> dict[str, str]:
    """The users' names, read once per page (the users table is small)."""
    names = getattr(request.state, "display_names", None)
    if names is None:
        services = getattr(request.app.state, "services", None)
        names = services.users.display_names() if services is not None else {}
        request.state.display_names = names
    return names


templates.env.filters["person"] = person

# Pages load only what the service serves; they never sit in a frame; a page shown after
# sign-out is fetched again (so the back button does not show it from the cache).
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
    " form-action 'self'; frame-ancestors 'none'",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def secure_headers(response: Response) -> Response:
    for name, value in PAGE_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """The page, with `me` (the signed-in session, if any), its navigation and its CSRF token,
    and the flash message that a redirect left for it (shown once, then cleared)."""
    me = getattr(request.state, "me", None)
    message = take_flash(request)
    response = templates.TemplateResponse(request, template, status_code=status_code, context={
        "me": me,
        "nav": navigation(me.user.role) if me else (),
        "csrf_token": me.csrf_token if me else "",
        "flash": message,
        **context,
    })
    if request.cookies.get(FLASH_COOKIE):
        delete_cookie(request, response, FLASH_COOKIE)
    return secure_headers(response)
