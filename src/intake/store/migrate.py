"""Schema migrations (Alembic): `intake init` creates or upgrades the database, idempotently."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from intake.store.db import get_engine

MIGRATIONS = Path(__file__).with_name("migrations")


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(url: str) -> str:
    """Bring the database to the newest revision; returns that revision."""
    config = _config()
    with get_engine(url).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    if url.startswith("sqlite"):
        # A migration may turn SQLite's foreign keys off on its connection (0005 copies a table): none of
        # the pool's connections is reused; new ones get the pragmas again (db.get_engine).
        get_engine(url).dispose()
    return head_revision()


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head() or ""


def current_revision(url: str) -> str | None:
    with get_engine(url).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
