"""Fixtures of the fault tests: a database that can be made unavailable (PostgreSQL behind a proxy that
is cut, SQLite locked by another connection) and the process settings pointed at it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from faults.proxy import Proxy
from intake.settings import get_settings
from intake.store.db import get_engine, get_sessionmaker


class Outage:
    """`url` is what intake uses; `direct` what the test checks through (the same database, always up)."""

    def __init__(self, direct: str) -> None:
        self.direct = direct
        self.url = direct
        self.proxy: Proxy | None = None
        self.holder: sqlite3.Connection | None = None
        if direct.startswith("postgresql"):
            parsed = make_url(direct)
            self.proxy = Proxy((parsed.host or "127.0.0.1", parsed.port or 5432))
            self.url = parsed.set(host="127.0.0.1", port=self.proxy.port).render_as_string(hide_password=False)

    def down(self) -> None:
        if self.proxy is not None:
            self.proxy.cut()
        else:  # another process's write transaction holds the lock longer than intake waits
            self.holder = sqlite3.connect(make_url(self.direct).database, isolation_level=None)
            self.holder.execute("BEGIN EXCLUSIVE")

    def up(self) -> None:
        if self.proxy is not None:
            self.proxy.restore()
        elif self.holder is not None:
            self.holder.execute("ROLLBACK")
            self.holder.close()
            self.holder = None

    def close(self) -> None:
        self.up()
        if self.proxy is not None:
            get_engine(self.url).dispose()
            self.proxy.close()


@pytest.fixture
def outage(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """The settings (INTAKE_*) pointed at a database the test can take down and bring back."""
    outage = Outage(database_url)
    monkeypatch.setenv("INTAKE_DATABASE_URL", outage.url)
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("INTAKE_DATABASE_BUSY_SECONDS", "0.5")  # SQLite: fail fast on the held lock
    get_settings.cache_clear()
    get_engine(database_url).dispose()
    get_engine.cache_clear()  # engines made before this busy timeout was set
    get_sessionmaker.cache_clear()
    try:
        yield outage
    finally:
        outage.close()
        get_settings.cache_clear()
