"""/docs: Swagger UI for the API, from the pinned swagger-ui-bundle package (no CDN), behind login.

The page holds no inline script (static/docs-init.js starts the UI), so the desk's CSP ('self' only)
applies unchanged; the schema it reads, /openapi.json, is itself for logged-in callers only. « Try it out »
runs as the logged-in user: the page carries the session's CSRF token in a meta tag, which the UI's
request interceptor sends as X-CSRF-Token on every call (the API refuses a session's POST without it)."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from intake.web.auth import PageCaller, csrf_token

ASSETS = "/docs/assets"
router = APIRouter(include_in_schema=False)

PAGE = f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>API — intake</title>
<meta name="csrf-token" content="{{csrf}}">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
<script src="{ASSETS}/swagger-ui-bundle.js" defer></script>
<script src="/static/docs-init.js" defer></script>
</head><body><div id="swagger-ui"></div></body></html>"""


def assets() -> StaticFiles:
    return StaticFiles(directory=str(swagger_ui_path))


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request, caller: PageCaller) -> HTMLResponse:
    return HTMLResponse(PAGE.replace("{csrf}", escape(csrf_token(request.app.state.key, caller.visitor))))
