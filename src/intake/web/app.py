"""The FastAPI application: pages for gestionnaires, the JSON API, static files; built per settings."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from intake.mail.tokens import load_key
from intake.settings import Settings, get_settings
from intake.store.blobs import blob_store
from intake.store.db import get_sessionmaker
from intake.web import (
    api,
    docs,
    errors,
    health,
    labels,
    limits,
    pages_admin,
    pages_claims,
    pages_desk,
    pending_views,
    repair_views,
)
from intake.web.auth import ApiCaller, LoginRequired
from intake.web.throttle import LoginThrottle

HERE = Path(__file__).parent


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")  # autoescape on for .html
    labels.install(templates.env)
    return templates


def create_app(settings: Settings | None = None, *, secure_cookies: bool | None = None) -> FastAPI:
    settings = settings or get_settings()
    # FastAPI's /docs and /redoc load scripts from a CDN, which our Content-Security-Policy refuses:
    # web/docs.py serves Swagger UI from a package instead. The schema is served below, to logged-in
    # callers only: it maps every route for whoever asks.
    app = FastAPI(title="intake", version="1.0", docs_url=None, redoc_url=None, openapi_url=None,
                  description="Déclarations de sinistres : file de travail des gestionnaires et API (contract.md).")
    app.state.settings = settings
    app.state.factory = get_sessionmaker(settings.database_url)
    app.state.blobs = blob_store(settings)
    app.state.key = load_key(settings)
    # Secure cookies always behind TLS; requests seen as https (X-Forwarded-Proto) get them anyway.
    app.state.secure_cookies = settings.secure_cookies if secure_cookies is None else secure_cookies
    app.state.templates = _templates()
    app.state.login_throttle = LoginThrottle(app.state.factory, settings.login_max_failures,
                                             settings.login_window_seconds)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.mount(docs.ASSETS, docs.assets(), name="docs-assets")
    app.state.metrics = health.store_registry(app.state.factory)
    app.include_router(health.router)
    app.include_router(docs.router)
    app.include_router(api.router)
    app.include_router(repair_views.api_router)
    app.include_router(repair_views.page_router)
    app.include_router(pages_desk.router)
    app.include_router(pages_claims.router)
    app.include_router(pages_admin.router)
    app.include_router(pending_views.api_router)
    app.include_router(pending_views.page_router)

    @app.get("/openapi.json", include_in_schema=False)
    def _openapi(_caller: ApiCaller) -> JSONResponse:
        return JSONResponse(app.openapi())

    app.add_exception_handler(RequestValidationError, errors.validation_error)
    app.add_exception_handler(StarletteHTTPException, errors.http_error)
    app.add_exception_handler(DataError, limits.database_refused)

    @app.exception_handler(LoginRequired)
    async def _to_login(request: Request, _exc: LoginRequired) -> RedirectResponse:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.middleware("http")
    async def _headers(request: Request, call_next):
        started = time.perf_counter()
        response = await call_next(request)
        # Server-Timing: the time spent here, apart from the network and the client (benchmarks read it).
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not request.url.path.startswith("/api") and not request.url.path.startswith("/openapi"):
            response.headers.setdefault("Content-Security-Policy",
                                        "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; "
                                        "base-uri 'none'; form-action 'self'")
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    # Outermost: a body over the limit is refused before anything reads it.
    app.add_middleware(limits.BodyLimit, authenticated=settings.max_request_kb * 1024,
                       anonymous=settings.max_anonymous_request_kb * 1024)
    return app
