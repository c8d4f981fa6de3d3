"""The people's pages: server-rendered Japanese HTML over the same application and read models
as the JSON API. `router` holds every page route; `STATIC_DIR` is mounted at /static."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from web.pages import docs, home, placeholders, sign_in

STATIC_DIR = Path(__file__).resolve().parent / "static"

router = APIRouter()
router.include_router(docs.router)
router.include_router(sign_in.router)
router.include_router(home.router)
router.include_router(placeholders.router)  # last: it ends with the 404 page for any other /web/ path
