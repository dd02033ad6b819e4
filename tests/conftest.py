"""Shared fixtures: settings → database (SQLite and PostgreSQL) → registry; real components only."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from intake.settings import get_settings
from intake.store.db import get_engine, get_sessionmaker
from support import POSTGRES_URL

# Code that reads the settings (intake parse's registry, the data directory) must never touch the
# working directory's ./var or a developer's own database during tests: point both at a throwaway place.
_ISOLATED = Path(tempfile.mkdtemp(prefix="intake-tests-"))
os.environ["INTAKE_DATABASE_URL"] = f"sqlite:///{_ISOLATED / 'intake.db'}"
os.environ["INTAKE_DATA_DIR"] = str(_ISOLATED / "data")
# The suite's tests put and look at files under data_dir/blobs on both databases (disk faults, rendered pages);
# the database store (PostgreSQL's default) is chosen explicitly by the tests about it (tests/store/test_blobs.py,
# tests/load/test_two_hosts.py).
os.environ["INTAKE_BLOB_STORE"] = "files"
atexit.register(shutil.rmtree, _ISOLATED, ignore_errors=True)

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=[] if POSTGRES_URL else [pytest.mark.skip(reason="INTAKE_TEST_POSTGRES_URL non défini")],
    ),
]


def _with_search_path(url: str, schema: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(params=BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no schema yet: a SQLite file, or a fresh PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'intake.db'}"
        yield url
        _forget(url)
        return
    schema = f"intake_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)  # an unreachable server fails the test here: never a skip in CI
    _trigram_in_public(admin)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = _with_search_path(POSTGRES_URL, schema)
    try:
        yield url
    finally:
        _forget(url)
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


_TRIGRAM_READY = False


def _trigram_in_public(admin) -> None:
    """pg_trgm once in `public`, before any test schema: migration 0008 creates it where the search path
    points when it is missing, which for a test is its own schema; dropping that schema would then drop
    the extension with every other test's trigram indexes (and deadlock with them)."""
    global _TRIGRAM_READY
    if _TRIGRAM_READY:
        return
    with admin.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(744011)"))  # one xdist worker at a time
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
    _TRIGRAM_READY = True


def _forget(url: str) -> None:
    get_engine(url).dispose()
    get_engine.cache_clear()
    get_sessionmaker.cache_clear()


@pytest.fixture
def database_url(empty_database_url: str) -> str:
    """A database migrated to the newest revision."""
    from intake.store.migrate import upgrade

    upgrade(empty_database_url)
    return empty_database_url


@pytest.fixture
def session(database_url: str):
    with get_sessionmaker(database_url)() as session:
        yield session


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str):
    """The process settings pointed at the test database and a temporary data directory."""
    monkeypatch.setenv("INTAKE_DATABASE_URL", database_url)
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()
