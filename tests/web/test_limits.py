"""What the desk refuses cheaply (issue 16): oversized bodies get 413 before they are read (small ones
without credentials), malformed ids, cursors and text get 404 or 422 and never a 500, a 422 does not echo
the body, no statement parameter reaches the logs, /openapi.json needs a login. Real uvicorn over HTTP."""

from __future__ import annotations

import logging
import socket
import time
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from running import desk_server

MARK = "MOTIF-CONFIDENTIEL-16"


def raw_exchange(base: str, head: str, body: bytes = b"") -> tuple[int, float]:
    """Send a request head (and maybe part of a body) on a raw socket; the status and how long it took."""
    parts = urlsplit(base)
    started = time.monotonic()
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(head.encode() + body)
        answer = sock.recv(4096).decode("latin-1")
    return int(answer.split(" ", 2)[1]), time.monotonic() - started


def test_a_huge_body_is_refused_before_it_is_read(desk) -> None:
    with desk_server(desk.settings) as base:
        host = urlsplit(base).netloc
        # 60 MB announced, none sent: the answer comes at once (the server reads nothing first).
        status, took = raw_exchange(base, f"POST /api/claims/X/reject HTTP/1.1\r\nHost: {host}\r\n"
                                          "Content-Type: application/json\r\nContent-Length: 60000000\r\n\r\n")
        assert status == 413 and took < 10
        status, _ = raw_exchange(base, f"POST /login HTTP/1.1\r\nHost: {host}\r\nContent-Length: 20000\r\n"
                                       "Content-Type: application/x-www-form-urlencoded\r\n\r\n")
        assert status == 413  # no credentials: a login form is never 20 KB
        token = desk.headers("gest")
        big = httpx.post(f"{base}/api/claims/{desk.refs['draft']}/reject", headers=token,
                         content=b'{"reason": "' + b"x" * 2_000_000 + b'"}')
        assert big.status_code == 413 and big.json()["detail"] == "Requête trop volumineuse."

        def chunks():  # no Content-Length: counted as it comes, cut at the limit
            for _ in range(100):
                yield b"y" * 10_000

        chunked = httpx.post(f"{base}/api/claims/{desk.refs['draft']}/reject", content=chunks())
        assert chunked.status_code == 413


def test_a_422_does_not_echo_the_body(desk) -> None:
    with desk_server(desk.settings) as base:
        reason = MARK + "z" * 500_000
        answer = httpx.post(f"{base}/api/claims/{desk.refs['draft']}/reject", headers=desk.headers("gest"),
                            json={"reason": reason})
        assert answer.status_code == 422 and len(answer.content) < 2000 and MARK not in answer.text


@pytest.mark.parametrize("method, path, body", [
    ("GET", "/api/messages/99999999999999999999", None),
    ("GET", "/api/messages/4294967296", None),
    ("GET", "/messages/99999999999", None),
    ("GET", "/pieces/99999999999", None),
    ("GET", "/pieces/99999999999/page/0.png", None),
    ("POST", "/api/pending/99999999999/apply", None),
    ("GET", "/api/claims?after=2026-01-01T00:00:00~99999999999999999999", None),
    ("GET", "/api/claims?after=n%27importe%20quoi", None),
    ("GET", "/api/claims?q=" + MARK + "%00", None),
    ("GET", "/api/claims?status=brouillon%00", None),
    ("GET", "/sinistres?q=" + MARK + "%00", None),
    ("GET", "/api/claims/SIN-2026%0000001", None),
    ("POST", "/api/claims/{draft}/reject", '{"reason": "' + MARK + '\\ud800"}'),
    ("POST", "/api/claims/{draft}/reject", '{"reason": "' + MARK + '\\u0000"}'),
    ("POST", "/api/claims/{draft}/requalify", '{"category": "\\udfff"}'),
])
def test_malformed_ids_and_text_get_404_or_422_and_nothing_in_the_logs(desk, caplog, method, path, body) -> None:
    with desk_server(desk.settings) as base, httpx.Client(base_url=base, timeout=60) as client:
        from web.conftest import PASSWORD, csrf_of

        csrf = csrf_of(client.get("/login").text)
        client.post("/login", data={"email": "gest@cdg.fr", "password": PASSWORD, "csrf": csrf, "next": "/"})
        headers = {**desk.headers("gest"), "Content-Type": "application/json"}
        with caplog.at_level(logging.INFO):
            answer = client.request(method, path.replace("{draft}", desk.refs["draft"]), headers=headers,
                                    content=body.encode() if body else None)
    assert answer.status_code in (404, 422), answer.text
    server_side = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records
                            if not r.name.startswith(("httpx", "httpcore")))  # not the test client's own log
    assert MARK not in server_side and not any(r.exc_info for r in caplog.records)


def test_a_failed_statement_keeps_its_parameters_out_of_the_message(desk) -> None:
    """A database error's text (what a traceback logs) names the statement, never the values."""
    from intake.store.db import get_engine

    with get_engine(desk.settings.database_url).connect() as connection, pytest.raises(IntegrityError) as failed:
        connection.execute(text("INSERT INTO users (id, email, role, password_hash, created_at) "
                                "SELECT id, :email, role, password_hash, created_at FROM users LIMIT 1"),
                           {"email": MARK})
    assert MARK not in str(failed.value) and "hidden" in str(failed.value)


def test_the_api_schema_needs_a_login(desk) -> None:
    with desk_server(desk.settings) as base:
        assert httpx.get(f"{base}/openapi.json").status_code == 401
        schema = httpx.get(f"{base}/openapi.json", headers=desk.headers("gest"))
        assert schema.status_code == 200 and "/api/claims" in schema.json()["paths"]
