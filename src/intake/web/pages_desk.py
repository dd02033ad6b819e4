"""Pages around the claims: login, dashboard, messages needing attention, outbox, missing pieces."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from intake.claims import lookup
from intake.pipeline.runner import replay
from intake.store.messages import Message
from intake.web.access import close_session, open_session
from intake.web.accounts import authenticate, normalise_email
from intake.web.auth import (
    COOKIE,
    DB,
    SESSION_SECONDS,
    PageCaller,
    Visitor,
    new_visitor,
    set_session_cookie,
    visitor_of,
)
from intake.web.dashboard import cached_charts
from intake.web.deps import Blobs
from intake.web.mailtext import mail_text
from intake.web.page import checked_form, redirect, render
from intake.web.present import message_detail
from intake.web.scope import get_message, message_visible
from intake.web.throttle import refused_text

router = APIRouter(include_in_schema=False)
ATTENTION_LIMIT = 200


def _safe_next(target: str | None) -> str:
    # Only a path of this site: an open redirect would help phishing.
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str | None = None):
    visitor = visitor_of(request)
    if visitor is not None:
        return render(request, None, "login.html", next=_safe_next(next), error=None)
    # A first visit gets an anonymous session so that the login form carries a CSRF token too.
    visitor = new_visitor(0)
    response = render(request, None, "login.html", visitor=visitor, next=_safe_next(next), error=None)
    set_session_cookie(request, response, visitor)
    return response


def _check_password(factory, email: str, password: str, visitor: Visitor) -> int | None:
    """In a worker thread: argon2 costs ~0.1 s of CPU, which on the event loop would stall every other
    request. Opens the server-side session on success; returns the user id."""
    with factory() as session:
        user = authenticate(session, email, password)
        if user is None:
            return None
        open_session(session, user, visitor.nonce, timedelta(seconds=SESSION_SECONDS))
        session.commit()  # the session row, and a rehashed password
        return user.id


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request):
    form = await checked_form(request, None)
    email, address = normalise_email(form.get("email", ""))[:320], request.client.host if request.client else "?"
    throttle = request.app.state.login_throttle
    wait = await run_in_threadpool(throttle.retry_after, email, address)
    if wait:
        refused = render(request, None, "login.html", status_code=429, next=_safe_next(form.get("next")),
                         error=refused_text(wait))
        refused.headers["Retry-After"] = str(wait)
        return refused
    visitor = new_visitor(0)
    user_id = await run_in_threadpool(_check_password, request.app.state.factory, email,
                                      form.get("password", ""), visitor)
    if user_id is None:
        await run_in_threadpool(throttle.failed, email, address)
        return render(request, None, "login.html", status_code=401, next=_safe_next(form.get("next")),
                      error="Adresse ou mot de passe incorrect.")
    await run_in_threadpool(throttle.succeeded, email)
    response = redirect(request, _safe_next(form.get("next")))
    set_session_cookie(request, response, Visitor(user_id, visitor.nonce, visitor.expires))
    return response


@router.post("/logout")
async def logout(request: Request, caller: PageCaller, session: DB):
    await checked_form(request, caller)
    close_session(session, caller.visitor.nonce)  # the cookie, replayed, opens nothing any more
    session.commit()
    response = redirect(request, "/login")
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, caller: PageCaller, session: DB):
    by_status = lookup.counts_by_status(session, visible=caller.visible)
    attention = _attention(session, caller)
    pending = lookup.outbox_pending(session) if caller.visible is None else None
    return render(request, caller, "dashboard.html", by_status=by_status,
                  attention={k: len(v) for k, v in attention.items()}, pending=pending,
                  charts=cached_charts(_dashboard_cache(request), session, caller))


def _dashboard_cache(request: Request) -> dict:
    """The dashboard's figures cache, one per application (each test app has its own database)."""
    if not hasattr(request.app.state, "dashboard_cache"):
        request.app.state.dashboard_cache = {}
    return request.app.state.dashboard_cache


def _attention(session, caller) -> dict[str, list[Message]]:
    """Failed messages, unknown senders and messages that made no claim, newest first, as the caller may see."""
    groups = lookup.needing_attention(session, limit=ATTENTION_LIMIT)
    return {name: [m for m in rows if message_visible(session, caller, m)] for name, rows in groups.items()}


@router.get("/messages", response_class=HTMLResponse)
def messages(request: Request, caller: PageCaller, session: DB):
    return render(request, caller, "messages.html", groups=_attention(session, caller))


@router.get("/messages/{message_id}", response_class=HTMLResponse)
def message_page(message_id: int, request: Request, caller: PageCaller, session: DB, blobs: Blobs):
    message = get_message(session, caller, message_id)
    detail = message_detail(session, message, caller.visible)
    return render(request, caller, "message.html", message=message, detail=detail,
                  mail=mail_text(blobs, message.sha256, request.app.state.settings))


@router.post("/messages/{message_id}/rejouer")
async def replay_message(message_id: int, request: Request, caller: PageCaller, session: DB):
    await checked_form(request, caller)
    get_message(session, caller, message_id)
    done = replay(request.app.state.factory, message_id)
    return redirect(request, f"/messages/{message_id}",
                    "Message remis en traitement." if done else "Ce message ne peut pas être rejoué maintenant.")


@router.get("/envois", response_class=HTMLResponse)
def outbox_page(request: Request, caller: PageCaller, session: DB, status: str | None = None):
    from intake.web.api import outbox

    mails = outbox(caller, session, status=status, limit=200)
    return render(request, caller, "outbox.html", mails=mails, status=status)


@router.get("/manquants", response_class=HTMLResponse)
def missing_page(request: Request, caller: PageCaller, session: DB, after: str | None = None):
    from intake.web.queue import Filters, queue_page

    claims, cursor = queue_page(session, caller, Filters(missing=True), after=after, limit=200, documents=False)
    return render(request, caller, "missing.html", claims=claims, cursor=cursor)
