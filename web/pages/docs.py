"""The API reference for integrators, Swagger UI at /docs and Redoc at /redoc, from the service's
own vendored copies (web/static/vendor/): no CDN, no remote fonts. Public, as the OpenAPI
document itself is."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)
VENDOR = "/static/vendor"
# Nothing but the service: this also stops what the bundles would fetch on their own (Redoc's
# sidebar logo comes from its CDN). Both pages need inline styles; Swagger UI an inline script.
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline';"
            " img-src 'self' data:; worker-src 'self' blob:; frame-ancestors 'none'")


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    page = get_swagger_ui_html(
        openapi_url=request.app.openapi_url, title=f"{request.app.title} — API reference",
        swagger_js_url=f"{VENDOR}/swagger-ui/swagger-ui-bundle.js", swagger_css_url=f"{VENDOR}/swagger-ui/swagger-ui.css",
        swagger_favicon_url=f"{VENDOR}/swagger-ui/favicon-32x32.png",
        swagger_ui_parameters={"validatorUrl": None},  # no badge fetched from swagger.io
    )
    page.headers["Content-Security-Policy"] = DOCS_CSP
    return page


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    page = get_redoc_html(
        openapi_url=request.app.openapi_url, title=f"{request.app.title} — API reference",
        redoc_js_url=f"{VENDOR}/redoc/redoc.standalone.js", redoc_favicon_url=f"{VENDOR}/swagger-ui/favicon-32x32.png",
        with_google_fonts=False,
    )
    page.headers["Content-Security-Policy"] = DOCS_CSP
    return page
