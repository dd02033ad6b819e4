"""The desk as a site runs it on a desk host: `uvicorn --factory intake.web.app:create_app --workers 2`, a
real server in a subprocess, on PostgreSQL. A login made on one request holds on every worker (one key
from the database, sessions in the database), CSRF tokens issued by one worker are accepted by the
other, a wrong one is refused, and a logout ends the session on both."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import httpx
import pytest

from relay import free_port
from running import listening, wait_for
from support import POSTGRES_URL
from web.conftest import PASSWORD, csrf_of

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="INTAKE_TEST_POSTGRES_URL non défini")


def _log_config(path: Path, log: Path) -> Path:
    # Each access line starts with the worker's process id: which worker answered which request.
    path.write_text(json.dumps({
        "version": 1, "disable_existing_loggers": False,
        "formatters": {"pid": {"format": "%(process)d %(message)s"}},
        "handlers": {"file": {"class": "logging.FileHandler", "filename": str(log), "formatter": "pid"}},
        "loggers": {"uvicorn.access": {"handlers": ["file"], "level": "INFO", "propagate": False}},
    }))
    return path


@pytest.mark.parametrize("empty_database_url", ["postgresql"], indirect=True)
def test_a_login_holds_on_every_worker_and_csrf_tokens_cross_them(desk, tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "access.log"
    env = {**os.environ, "INTAKE_DATABASE_URL": desk.settings.database_url, "INTAKE_DATA_DIR": str(tmp_path / "data"),
           "INTAKE_SECRET_KEY": ""}  # the key comes from the database, as on a second host
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "intake.web.app:create_app", "--workers", "2",
         "--host", "127.0.0.1", "--port", str(port), "--log-config", str(_log_config(tmp_path / "log.json", log))],
        env=env, stdout=(tmp_path / "out.log").open("wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    # No keep-alive: each request is a new connection, which either worker may accept.
    client = httpx.Client(base_url=base, timeout=60, limits=httpx.Limits(max_keepalive_connections=0))
    try:
        wait_for(lambda: listening(port), timeout=90, what="uvicorn --workers 2 démarre")
        wait_for(lambda: len(set(re.findall(r"^(\d+) ", _get_all(client, log), re.M))) >= 2, timeout=90,
                 what="les deux workers répondent")
        form = client.get("/login")
        answer = client.post("/login", data={"email": "gest@cdg.fr", "password": PASSWORD,
                                             "csrf": csrf_of(form.text), "next": "/"})
        assert answer.status_code == 303, answer.text
        before = _lines(log)
        for _ in range(20):
            assert client.get("/api/claims").status_code == 200
            assert client.get(f"/sinistres/{desk.refs['draft']}").status_code == 200
        answered = Counter(pid for pid, path in _lines(log)[len(before):] if path.startswith(("/api/claims", "/sinistres")))
        assert sum(answered.values()) == 40 and len(answered) == 2, answered

        # A CSRF token from a page of one worker, posted to whichever accepts: every post is accepted.
        for _ in range(6):
            page = client.get("/login")
            again = client.post("/login", data={"email": "gest@cdg.fr", "password": PASSWORD,
                                                "csrf": csrf_of(page.text), "next": "/"})
            assert again.status_code == 303, again.text
        posts = Counter(pid for pid, path in _lines(log) if path == "/login POST")
        assert len(posts) == 2, posts
        forged = client.post("/login", data={"email": "gest@cdg.fr", "password": PASSWORD, "csrf": "faux", "next": "/"})
        assert forged.status_code == 403

        # Logged out on one worker: the cookie, replayed, opens nothing on either.
        cookies = httpx.Cookies(client.cookies)
        page = client.get("/")
        assert client.post("/logout", data={"csrf": csrf_of(page.text)}).status_code == 303
        with httpx.Client(base_url=base, timeout=60, cookies=cookies,
                          limits=httpx.Limits(max_keepalive_connections=0)) as replayed:
            assert [replayed.get("/api/claims").status_code for _ in range(6)] == [401] * 6
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=30)


def _get_all(client: httpx.Client, log: Path) -> str:
    client.get("/healthz")
    return log.read_text() if log.exists() else ""


def _lines(log: Path) -> list[tuple[str, str]]:
    """(worker pid, "path" or "path METHOD" for posts) of each access line."""
    out = []
    for line in log.read_text().splitlines():
        found = re.match(r'(\d+) .*"(GET|POST) (\S+) HTTP', line)
        if found:
            pid, method, path = found.groups()
            out.append((pid, path if method == "GET" else f"{path} POST"))
    return out
