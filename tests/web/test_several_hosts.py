"""The desk on several hosts (or under several uvicorn workers): any process accepts what another issued,
cookies and CSRF tokens alike, with nothing shared but the database; blobs may be read from the database."""

from __future__ import annotations

from fastapi.testclient import TestClient

from conftest import PASSWORD, csrf_of
from intake.settings import Settings
from intake.web.app import create_app


def _host(desk, data_dir) -> Settings:
    # What a second host has: the same database, a data directory of its own, no configured secret.
    return Settings(database_url=desk.settings.database_url, data_dir=data_dir, secret_key="")


def test_a_login_begun_on_one_host_ends_on_another_and_the_session_works_on_both(desk, tmp_path) -> None:
    with TestClient(create_app(_host(desk, tmp_path / "a"))) as first, \
            TestClient(create_app(_host(desk, tmp_path / "b"))) as second:
        form = first.get("/login")
        second.cookies.update(first.cookies)
        answer = second.post("/login", data={"email": "gest@cdg.fr", "password": PASSWORD,
                                             "csrf": csrf_of(form.text), "next": "/"}, follow_redirects=False)
        assert answer.status_code == 303, answer.text
        first.cookies.update(second.cookies)
        for client in (first, second):
            assert client.get(f"/sinistres/{desk.refs['draft']}").status_code == 200
    # Forged elsewhere, refused here: a host with another key rejects the same cookie.
    with TestClient(create_app(Settings(database_url=desk.settings.database_url, data_dir=tmp_path / "c",
                                        secret_key="une autre cle"))) as stranger:
        stranger.cookies.update(first.cookies)
        assert stranger.get(f"/sinistres/{desk.refs['draft']}", follow_redirects=False).status_code == 303
