"""The reminder thread of `intake serve`: a sweep at start-up, then daily at the configured hour."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone

from intake.reminders.scheduler import next_run, run_scheduler

D = date(2026, 3, 2)


def test_next_run_is_the_next_time_the_clock_shows_the_hour() -> None:
    tz = timezone(timedelta(hours=1))
    assert next_run(datetime(2026, 3, 2, 5, 59, tzinfo=tz), 6) == datetime(2026, 3, 2, 6, 0, tzinfo=tz)
    assert next_run(datetime(2026, 3, 2, 6, 0, tzinfo=tz), 6) == datetime(2026, 3, 3, 6, 0, tzinfo=tz)
    assert next_run(datetime(2026, 12, 31, 23, 0, tzinfo=tz), 6) == datetime(2027, 1, 1, 6, 0, tzinfo=tz)


def test_the_thread_sweeps_at_start_up_and_stops_on_its_event(desk) -> None:
    desk.declare("lozere", 0, declared_on=D, start=D, end=None, sender="rh@test-sur-lot.fr")
    stop = threading.Event()
    clock = lambda: datetime(2026, 3, 17, 14, 30, tzinfo=timezone.utc)  # noqa: E731 - day 15, after the hour
    thread = threading.Thread(target=run_scheduler, args=(desk.settings, stop),
                              kwargs={"factory": desk.factory, "clock": clock})
    thread.start()
    try:
        for _ in range(100):
            if desk.count() > 0:
                break
            stop.wait(0.05)
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    [mail] = desk.deliver()
    assert "Relance" in mail["Subject"]
