"""A throwaway PostgreSQL schema for a benchmark: created empty, yielded as a URL, dropped at the end."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text

BASE_URL = (os.environ.get("INTAKE_BENCH_POSTGRES_URL") or os.environ.get("INTAKE_TEST_POSTGRES_URL")
            or "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@contextmanager
def throwaway_schema(prefix: str = "intake_bench") -> Iterator[str]:
    """The URL of a new schema of BASE_URL's database (every connection's search_path); the schema and
    everything in it are dropped afterwards, whatever happened."""
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(BASE_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{BASE_URL}{'&' if '?' in BASE_URL else '?'}options=-csearch_path%3D{schema}"
    try:
        yield url
    finally:
        from intake.store.db import get_engine, get_sessionmaker

        get_engine(url).dispose()
        get_engine.cache_clear()
        get_sessionmaker.cache_clear()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
