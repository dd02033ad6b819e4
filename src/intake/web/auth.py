"""Who is asking: signed session cookies, CSRF tokens, bearer tokens, and the FastAPI dependencies."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from intake.store.users import User
from intake.web.access import session_user
from intake.web.accounts import user_for_token, visible_collectivites
from intake.web.deps import DB

COOKIE = "intake_session"
SESSION_SECONDS = 12 * 3600


class LoginRequired(Exception):
    """A page asked for without a valid session: the app answers with a redirect to /login."""


@dataclass(frozen=True, slots=True)
class Visitor:
    """The signed content of the session cookie: a user (or 0 before login) and a random nonce."""

    user_id: int
    nonce: str
    expires: int


def _sign(key: bytes, payload: bytes) -> str:
    return base64.urlsafe_b64encode(hmac.new(key, b"intake-session:" + payload, hashlib.sha256).digest()).decode()


def encode_session(key: bytes, visitor: Visitor) -> str:
    payload = base64.urlsafe_b64encode(json.dumps([visitor.user_id, visitor.nonce, visitor.expires]).encode())
    return f"{payload.decode()}.{_sign(key, payload)}"


def decode_session(key: bytes, value: str | None) -> Visitor | None:
    if not value or "." not in value:
        return None
    payload, signature = value.rsplit(".", 1)
    if not hmac.compare_digest(_sign(key, payload.encode()), signature):
        return None
    try:
        user_id, nonce, expires = json.loads(base64.urlsafe_b64decode(payload.encode()))
    except (ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or expires < time.time():
        return None
    return Visitor(user_id, str(nonce), int(expires))


def new_visitor(user_id: int = 0) -> Visitor:
    # A fresh nonce at login: a session cookie planted before login is worth nothing after it.
    return Visitor(user_id, secrets.token_urlsafe(16), int(time.time()) + SESSION_SECONDS)


def csrf_token(key: bytes, visitor: Visitor) -> str:
    return hmac.new(key, b"intake-csrf:" + visitor.nonce.encode(), hashlib.sha256).hexdigest()


def csrf_ok(key: bytes, visitor: Visitor | None, token: str | None) -> bool:
    return bool(visitor and token and hmac.compare_digest(csrf_token(key, visitor), token))


def is_secure(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https" or request.app.state.secure_cookies


def set_session_cookie(request: Request, response, visitor: Visitor) -> None:
    response.set_cookie(COOKIE, encode_session(request.app.state.key, visitor), max_age=SESSION_SECONDS,
                        httponly=True, samesite="lax", secure=is_secure(request), path="/")


def visitor_of(request: Request) -> Visitor | None:
    return decode_session(request.app.state.key, request.cookies.get(COOKIE))




@dataclass
class Caller:
    """The authenticated user, how they came (session or token) and the collectivités they may see."""

    user: User
    visible: frozenset[int] | None  # None: all (admin)
    via_token: bool
    visitor: Visitor | None

    @property
    def email(self) -> str:
        return self.user.email


def _from_cookie(request: Request, session: Session) -> Caller | None:
    visitor = visitor_of(request)
    if visitor is None or visitor.user_id == 0:
        return None
    # The signature says we issued the cookie; the session row says it still counts (not logged out, no
    # password change, account not disabled since): a replayed cookie is worth nothing after those.
    user = session_user(session, visitor.user_id, visitor.nonce)
    if user is None:
        return None
    return Caller(user, visible_collectivites(session, user), False, visitor)


_bearer = HTTPBearer(auto_error=False, description="jeton donné par « intake token create EMAIL »")


def api_caller(request: Request, session: DB,
               credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Caller:
    if credentials is not None:
        user = user_for_token(session, credentials.credentials.strip())
        if user is None:
            raise HTTPException(401, "jeton invalide", headers={"WWW-Authenticate": "Bearer"})
        session.commit()  # last_used_at
        return Caller(user, visible_collectivites(session, user), True, None)
    caller = _from_cookie(request, session)
    if caller is None:
        raise HTTPException(401, "authentification requise", headers={"WWW-Authenticate": "Bearer"})
    # A browser session writing through the API must prove it is our page (header set by our JS).
    if request.method not in ("GET", "HEAD", "OPTIONS") and not csrf_ok(
            request.app.state.key, caller.visitor, request.headers.get("x-csrf-token")):
        raise HTTPException(403, "jeton CSRF manquant ou invalide")
    return caller


def page_caller(request: Request, session: DB) -> Caller:
    caller = _from_cookie(request, session)
    if caller is None:
        raise LoginRequired()
    return caller


ApiCaller = Annotated[Caller, Depends(api_caller)]
PageCaller = Annotated[Caller, Depends(page_caller)]
