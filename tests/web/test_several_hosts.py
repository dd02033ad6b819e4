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


def _login(client: TestClient, email: str, password: str):
    form = client.get("/login")
    return client.post("/login", data={"email": email, "password": password, "csrf": csrf_of(form.text), "next": "/"},
                       follow_redirects=False)


def test_two_desk_processes_count_the_same_login_failures(desk, tmp_path) -> None:
    """A guesser spreading attempts over two processes gets INTAKE_LOGIN_MAX_FAILURES tries in all, not
    that many per process: the failures are in the shared database."""
    limit = desk.settings.login_max_failures
    with TestClient(create_app(_host(desk, tmp_path / "a"))) as first, \
            TestClient(create_app(_host(desk, tmp_path / "b"))) as second:
        for attempt in range(limit):
            client = first if attempt % 2 else second
            assert _login(client, "gest@cdg.fr", "devine").status_code == 401
        for client in (first, second):
            locked = _login(client, "gest@cdg.fr", PASSWORD)  # the right password, refused all the same
            assert locked.status_code == 429 and "Trop de tentatives de connexion" in locked.text
            assert int(locked.headers["retry-after"]) > 0
        # Another account from another address is not concerned; a success clears the account's count.
        assert _login(TestClient(create_app(_host(desk, tmp_path / "c")), client=("10.0.0.9", 50000)),
                      "admin@cdg.fr", PASSWORD).status_code == 303


def test_a_login_deletes_the_sessions_that_expired(desk, tmp_path) -> None:
    from datetime import datetime, timedelta, timezone

    from sqlalchemy import func, select, update

    from intake.store.users import UserSession

    with TestClient(create_app(_host(desk, tmp_path / "a"))) as client:
        assert _login(client, "gest@cdg.fr", PASSWORD).status_code == 303
        assert _login(client, "admin@cdg.fr", PASSWORD).status_code == 303
        with desk.factory() as session:
            oldest = session.scalar(select(func.min(UserSession.id)))
            session.execute(update(UserSession).where(UserSession.id == oldest)
                            .values(expires_at=datetime.now(timezone.utc) - timedelta(seconds=1)))
            session.commit()
            before = set(session.scalars(select(UserSession.id)))
        assert _login(client, "gest@cdg.fr", PASSWORD).status_code == 303
        with desk.factory() as session:
            after = set(session.scalars(select(UserSession.id)))
    assert oldest not in after and before - {oldest} <= after and len(after) == len(before)
