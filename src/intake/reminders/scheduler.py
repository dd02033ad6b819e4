"""The reminder thread of `intake serve`: one sweep at start-up (a day the service was down is
caught up), then one a day at settings.remind_hour; the dedupe keys make a repeated sweep harmless."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from intake.settings import Settings

log = logging.getLogger(__name__)


def next_run(now: datetime, hour: int) -> datetime:
    """The next time the clock shows `hour`:00 after `now` (same timezone as now)."""
    target = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return target if target > now else target + timedelta(days=1)


def run_scheduler(settings: Settings, stop_event: threading.Event, *,
                  factory: Callable[[], Session] | None = None,
                  clock: Callable[[], datetime] = lambda: datetime.now().astimezone()) -> None:
    """Sweep now, then daily at settings.remind_hour (local time), until stop_event is set."""
    from intake.reminders import sweep

    if factory is None:
        from intake.store.db import get_sessionmaker

        factory = get_sessionmaker(settings.database_url)
    hour = min(max(settings.remind_hour, 0), 23)
    while not stop_event.is_set():
        try:
            sweep(factory, settings, today=clock().date())
        except Exception:  # a database hiccup must not end the thread: the next sweep catches up
            log.exception("relances : la passe a échoué")
        now = clock()
        if stop_event.wait((next_run(now, hour) - now).total_seconds()):
            break
