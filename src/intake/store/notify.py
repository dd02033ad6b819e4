"""Waking workers when mail arrives: on PostgreSQL the inbox sends NOTIFY in the transaction that stores a
message (delivered at commit, never for a rolled-back one) and idle workers LISTEN; polling stays, for
SQLite, for a notification missed while a worker was reconnecting, and for leases that ran out."""

from __future__ import annotations

import logging
import threading
import time

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

CHANNEL = "intake_received"  # followed by the schema: instances in other schemas of one database never wake ours
LISTENING_POLL_SECONDS = 10.0  # the fallback poll when notifications wake us: lease expiries, missed NOTIFY


def notify_received(session: Session) -> None:
    """Tell listening workers, once this transaction commits, that a message waits."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:channel || '_' || current_schema(), '')"), {"channel": CHANNEL})


class Wakeup:
    """Waits for the next NOTIFY on CHANNEL (PostgreSQL) or for `poll` seconds, whichever comes first;
    on SQLite, or while the listening connection is down, it simply waits `fallback` seconds."""

    def __init__(self, engine: Engine, *, fallback: float = 1.0, poll: float = LISTENING_POLL_SECONDS) -> None:
        self.engine, self.fallback, self.poll = engine, fallback, poll
        self.connection = None

    @property
    def listening(self) -> bool:
        return self.connection is not None

    def _listen(self) -> None:
        if self.connection is not None or self.engine.dialect.name != "postgresql":
            return
        import psycopg

        url = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        try:
            self.connection = psycopg.connect(url, autocommit=True)
            schema = self.connection.execute("SELECT current_schema()").fetchone()[0]
            channel = f"{CHANNEL}_{schema}".replace('"', '""')
            self.connection.execute(f'LISTEN "{channel}"')
        except psycopg.Error as error:  # the type only: the text may quote the URL
            log.warning("worker : écoute des notifications impossible (%s), attente par scrutation",
                        type(error).__name__)
            self.close()

    def wait(self, stop: threading.Event) -> bool:
        """Returns True when woken by a notification."""
        self._listen()
        if self.connection is None:
            stop.wait(self.fallback)
            return False
        import psycopg

        deadline = time.monotonic() + self.poll
        try:
            while not stop.is_set() and (left := deadline - time.monotonic()) > 0:
                # Short slices: a stop request is seen within a second.
                woken = list(self.connection.notifies(timeout=min(1.0, left), stop_after=1))
                if woken:
                    # Several mails stored together wake us once: one drain takes them all.
                    for _ in self.connection.notifies(timeout=0.0):
                        pass
                    return True
        except psycopg.Error as error:
            log.warning("worker : connexion d'écoute perdue (%s), reprise par scrutation", type(error).__name__)
            self.close()
        return False

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:  # noqa: BLE001 (a broken connection may fail to close: it is dropped anyway)
                pass
            self.connection = None
