"""Never twice the same step: two sweeps at once, a stale plan, a sweep killed before its commit."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from intake.reminders import sweep
from intake.reminders.apply import apply_plan, lock_sweeps
from intake.reminders.plan import make_plan
from intake.rules import get_rules
from intake.store.audit import AuditEntry
from intake.store.outbox import OutboxMail

D = date(2026, 3, 2)


def seed(desk) -> list[str]:
    refs = [desk.declare("lozere", n, declared_on=D, start=D, end=None, sender="rh@test-sur-lot.fr") for n in range(3)]
    refs += [desk.declare("rhone", n, declared_on=D, start=D, end=None, sender=None) for n in range(2)]
    return refs


def totals(desk) -> tuple[int, int, int]:
    with desk.factory() as session:
        digests = session.scalar(select(func.count()).where(OutboxMail.kind == "digest"))
        markers = session.scalar(select(func.count()).where(OutboxMail.kind == "relance"))
        audits = session.scalar(select(func.count()).where(AuditEntry.action == "relance"))
    return digests, markers, audits


@pytest.mark.parametrize("locked", [True, False], ids=["locked", "dedupe-keys-only"])
def test_two_sweeps_at_once_send_each_step_once(desk, monkeypatch, locked) -> None:
    if not locked:  # the sweep lock off: the outbox's unique dedupe keys alone keep each step once
        monkeypatch.setattr("intake.reminders.lock_sweeps", lambda session: None)
    seed(desk)
    today = D + timedelta(days=20)
    barrier = threading.Barrier(2)
    results: list[list] = []
    errors: list[BaseException] = []

    def one() -> None:
        try:
            barrier.wait()
            results.append(sweep(desk.factory, desk.settings, today=today))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert sorted(len(r) for r in results) == [0, 5]
    assert totals(desk) == (2, 5, 5)
    assert len(desk.deliver()) == 2


def test_a_stale_plan_adds_nothing(desk) -> None:
    """The dedupe keys alone, without the sweep lock: a plan read before another sweep committed."""
    seed(desk)
    rules, now = get_rules(), datetime.now(timezone.utc)
    with desk.factory() as stale_same_day, desk.factory() as stale_next_day:
        same_day = make_plan(stale_same_day, rules, today=D + timedelta(days=15))
        next_day = make_plan(stale_next_day, rules, today=D + timedelta(days=16))
        assert len(same_day.items) == len(next_day.items) == 5
        assert len(sweep(desk.factory, desk.settings, today=D + timedelta(days=15))) == 5
        # Same day: the digest keys are taken. Next day: the digests are new but every step is taken,
        # so the digests are taken back before commit.
        assert apply_plan(stale_same_day, same_day, rules=rules, settings=desk.settings, now=now) == []
        stale_same_day.commit()
        assert apply_plan(stale_next_day, next_day, rules=rules, settings=desk.settings, now=now) == []
        stale_next_day.commit()
    assert totals(desk) == (2, 5, 5)
    assert len(desk.deliver()) == 2


def test_a_sweep_killed_before_its_commit_is_redone_once(desk) -> None:
    seed(desk)
    rules, today = get_rules(), D + timedelta(days=15)
    session = desk.factory()
    lock_sweeps(session)
    written = apply_plan(session, make_plan(session, rules, today=today), rules=rules, settings=desk.settings,
                         now=datetime.now(timezone.utc))
    assert len(written) == 5
    session.close()  # the process dies: its transaction never commits
    assert totals(desk) == (0, 0, 0)
    assert len(sweep(desk.factory, desk.settings, today=today)) == 5
    assert sweep(desk.factory, desk.settings, today=today) == []
    assert totals(desk) == (2, 5, 5)
