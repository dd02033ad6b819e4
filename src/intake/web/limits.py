"""What the desk refuses before it costs anything: oversized bodies (413, before reading them; small for
callers without credentials), text the databases cannot store (NUL, lone surrogates: 422, not a 500),
ids beyond the columns' range (404); validation errors that do not echo the request back."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, StringConstraints

from intake.web.errors import CODES, ErrorCode

MAX_ID = 2**31 - 1  # Integer primary keys: int4 on PostgreSQL
TOO_LARGE = "Requête trop volumineuse."
BAD_TEXT = "Caractère interdit (NUL ou caractère invalide) dans la requête."


def storable(text: str) -> bool:
    """Text both databases store: no NUL (PostgreSQL refuses it), valid UTF-8 (no lone surrogate)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _checked(text: str) -> str:
    if not storable(text):
        raise ValueError("caractère interdit (NUL ou caractère invalide)")
    return text


NO_NUL = r"^[^\x00]*$"  # in the OpenAPI schema too: a client (or schemathesis) knows NUL is refused
SafeText = Annotated[str, StringConstraints(pattern=NO_NUL), AfterValidator(_checked)]


def id_in_range(value: int) -> bool:
    return 0 < value <= MAX_ID


class BodyLimit:
    """ASGI middleware: a declared Content-Length over the limit gets 413 before a byte is read; a chunked
    body is read up to the limit and refused past it. Callers with no credentials (no bearer
    token, no signed login cookie) get the small limit: the 401 comes only after the body."""

    def __init__(self, app: Any, *, authenticated: int, anonymous: int) -> None:
        self.app, self.authenticated, self.anonymous = app, authenticated, anonymous

    def _limit(self, scope: dict) -> int:
        from intake.web.auth import COOKIE, decode_session

        headers = dict(scope.get("headers") or [])
        if headers.get(b"authorization", b"").lower().startswith(b"bearer "):
            return self.authenticated
        cookie = headers.get(b"cookie", b"").decode("latin-1")
        for part in cookie.split(";"):
            name, _, value = part.strip().partition("=")
            if name == COOKIE:
                visitor = decode_session(scope["app"].state.key, value)
                if visitor is not None and visitor.user_id:
                    return self.authenticated
        return self.anonymous

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # NUL has no place in a path or a parameter, and PostgreSQL refuses it in text: 404 or 422 here,
        # whatever the route, rather than a failed query.
        if "\x00" in scope.get("path", ""):
            await _refuse(send, 404, "introuvable")
            return
        query = scope.get("query_string", b"").lower()
        if b"%00" in query or b"\x00" in query:
            await _refuse(send, 422, unprocessable(("query",), BAD_TEXT))
            return
        limit = self._limit(scope)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                too_big = True
            if too_big:
                await _refuse(send)
                return
            await self.app(scope, receive, send)
            return
        if b"chunked" not in headers.get(b"transfer-encoding", b"").lower():
            await self.app(scope, receive, send)
            return
        # A body of unknown length: read it here, up to the limit, then hand it over whole.
        body, more = bytearray(), True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > limit:
                await _refuse(send)
                return
        replayed = False

        async def replay() -> dict:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)


def unprocessable(loc: tuple[str, ...], message: str) -> list[dict[str, Any]]:
    """A 422's detail in FastAPI's own shape (the OpenAPI schema's HTTPValidationError)."""
    return [{"loc": list(loc), "msg": message, "type": "value_error"}]


async def _refuse(send: Any, status: int = 413, detail: Any = TOO_LARGE) -> None:
    code = CODES.get(status, ErrorCode.INVALID)
    message = detail if isinstance(detail, str) else "; ".join(str(d.get("msg", "")) for d in detail)
    body = json.dumps({"code": code, "message": message, "detail": detail}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


async def database_refused(_request: Request, _error: Exception) -> JSONResponse:
    """A value the database refused (out of range, unencodable): the request's fault, not a 500, and
    nothing of the statement or its parameters in the logs."""
    return JSONResponse({"code": "requete_invalide", "message": BAD_TEXT, "detail": unprocessable(("body",), BAD_TEXT)},
                        status_code=422)
