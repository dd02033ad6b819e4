"""lock_drafting: a second worker drafting for the same collectivité waits for the first to commit, then
sees the claim it opened; a worker drafting for another collectivité does not wait (on PostgreSQL)."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from sqlalchemy import func, select

from intake.claims.service import create, lock_drafting
from intake.store.claims import Claim
from intake.store.db import get_sessionmaker
from intake.store.messages import Message
from intake.store.models import Collectivite


def _setup(factory) -> tuple[int, int, int]:
    with factory() as session:
        first, second = Collectivite(code="L1", name="Mairie A"), Collectivite(code="L2", name="Mairie B")
        message = Message(message_id="<lock@test>", sha256="0" * 64, size=1, source="smtp")
        session.add_all([first, second, message])
        session.commit()
        return first.id, second.id, message.id


def test_a_second_drafter_of_the_same_collectivite_waits_and_sees_the_first_claim(database_url: str) -> None:
    factory = get_sessionmaker(database_url)
    first, _second, message_id = _setup(factory)
    seen: list[int] = []
    locked = threading.Event()

    def second_worker() -> None:
        with factory() as session:
            locked.wait(10)
            lock_drafting(session, first)
            seen.append(session.scalar(select(func.count()).select_from(Claim).where(Claim.collectivite_id == first)))
            session.commit()

    with factory() as session:
        lock_drafting(session, first)
        other = threading.Thread(target=second_worker)
        other.start()
        locked.set()
        time.sleep(0.5)  # the other worker is blocked on the lock meanwhile
        assert seen == []
        create(session, collectivite_id=first, agent=None, declared_on=date(2026, 3, 2), category="maladie_ordinaire",
               event_date=None, facts={}, message_id=message_id)
        session.commit()
    other.join(10)
    assert seen == [1]


def test_another_collectivite_is_not_held_up(database_url: str) -> None:
    factory = get_sessionmaker(database_url)
    first, second, _message_id = _setup(factory)
    if factory.kw["bind"].dialect.name == "sqlite":
        pytest.skip("SQLite : un seul écrivain à la fois, la base entière est le verrou")
    with factory() as session, factory() as other:
        lock_drafting(session, first)
        started = time.monotonic()
        lock_drafting(other, second)
        assert time.monotonic() - started < 1
        other.rollback()
        session.rollback()
