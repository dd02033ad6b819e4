"""The reminder sweep: missing pieces and dates de reprise, one digest per collectivité and day."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timezone

from sqlalchemy import text
from sqlalchemy.orm import Session

from intake.reminders.apply import GROUPED, apply_plan, lock_sweeps
from intake.reminders.plan import PIECES_HORS_DELAI, ReminderItem, make_plan
from intake.reminders.view import reminders_for_claim
from intake.rules import RuleSet, get_rules
from intake.settings import Settings

log = logging.getLogger(__name__)

__all__ = ["GROUPED", "PIECES_HORS_DELAI", "ReminderItem", "reminders_for_claim", "sweep"]


def sweep(session_factory: Callable[[], Session], settings: Settings, *, today: date, dry_run: bool = False,
          rules: RuleSet | None = None, now: datetime | None = None) -> list[ReminderItem]:
    """One sweep for `today`: the reminders recorded (digests queued in the outbox for the sender), or
    with dry_run those that would be, writing nothing. One transaction: a crash leaves nothing half done."""
    rules = rules or get_rules()
    now = now or datetime.now(timezone.utc)
    with session_factory() as session:
        if session.get_bind().dialect.name == "postgresql":
            # The sweep's reads are big but simple: JIT compilation would cost more than it saves (~1 s).
            session.execute(text("SET LOCAL jit = off"))
        if dry_run:
            items = make_plan(session, rules, today=today).items
            session.rollback()
            return items
        lock_sweeps(session)
        plan = make_plan(session, rules, today=today)
        sent = apply_plan(session, plan, rules=rules, settings=settings, now=now)
        session.commit()
    log.info("relances du %s : %d étape(s) dans %d récapitulatif(s), %d dossier(s) signalé(s) hors délai",
             today.isoformat(), len(sent), len({i.collectivite_id for i in sent}), len(plan.forfeited))
    return sent
