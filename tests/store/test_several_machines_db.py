"""What PostgreSQL gives several hosts: trigram indexes for the desk's name search, NOTIFY waking idle workers."""

from __future__ import annotations

import threading
import time

from sqlalchemy import text

from intake.store.db import get_engine, get_sessionmaker
from intake.store.notify import Wakeup, notify_received


def test_name_search_uses_a_trigram_index_on_postgresql(database_url: str) -> None:
    engine = get_engine(database_url)
    with engine.connect() as connection:
        if engine.dialect.name != "postgresql":
            # SQLite keeps LIKE: no trigram index is made there.
            names = connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'")).scalars().all()
            assert not [n for n in names if n.endswith("_trgm")]
            return
        indexes = dict(connection.execute(text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%\\_trgm'")).all())
        assert set(indexes) == {"ix_agents_last_name_trgm", "ix_agents_first_name_trgm",
                                "ix_agents_birth_name_trgm", "ix_claims_agent_name_trgm"}
        assert all("gin_trgm_ops" in definition for definition in indexes.values())
        # The desk's query (ILIKE '%q%', web/queue.py) can be answered from the index, not only by a scan.
        connection.execute(text("SET enable_seqscan = off"))
        plan = "\n".join(connection.execute(text(
            "EXPLAIN SELECT id FROM agents WHERE last_name ILIKE '%urand%'")).scalars())
        assert "ix_agents_last_name_trgm" in plan, plan


def test_a_stored_message_wakes_a_listening_worker_at_once(database_url: str) -> None:
    engine = get_engine(database_url)
    # A long fallback poll: only a notification can end the wait early.
    wakeup = Wakeup(engine, fallback=0.2, poll=20.0)
    stop = threading.Event()
    try:
        if engine.dialect.name != "postgresql":
            started = time.monotonic()
            assert wakeup.wait(stop) is False and not wakeup.listening  # SQLite: polling only
            assert time.monotonic() - started < 2
            return
        wakeup.wait(_already_set())  # connects and LISTENs, returns at once
        assert wakeup.listening

        def store_later() -> None:
            time.sleep(0.5)
            with get_sessionmaker(database_url)() as session:
                notify_received(session)
                session.commit()

        writer = threading.Thread(target=store_later)
        started = time.monotonic()
        writer.start()
        assert wakeup.wait(stop) is True
        assert time.monotonic() - started < 5
        writer.join()
        # A notification sent in a transaction rolled back never wakes anyone.
        with get_sessionmaker(database_url)() as session:
            notify_received(session)
            session.rollback()
        wakeup.poll = 1.5
        assert wakeup.wait(stop) is False
    finally:
        wakeup.close()


def _already_set() -> threading.Event:
    event = threading.Event()
    event.set()
    return event
