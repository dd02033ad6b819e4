"""The reminder desk: settings on the test database, our registry, a capturing relay."""

from __future__ import annotations

import pytest

from intake.settings import get_settings
from intake.store.db import get_sessionmaker
from reminders.desk import MAILBOX, Desk, start_relay


@pytest.fixture
def desk(settings_env, monkeypatch) -> Desk:
    relay, controller = start_relay()
    monkeypatch.setenv("INTAKE_SMTP_RELAY", f"127.0.0.1:{controller.port}")
    monkeypatch.setenv("INTAKE_MAILBOX", MAILBOX)
    get_settings.cache_clear()
    settings = get_settings()
    desk = Desk(settings, get_sessionmaker(settings.database_url), relay)
    desk.registry()
    yield desk
    controller.stop()
