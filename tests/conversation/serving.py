"""`intake serve` as a town hall meets it: a real process with its SMTP receiver, a capturing relay as the
organisation's MTA, `intake remind` as cron runs it; a test sends mail and reads back the bytes relayed."""

from __future__ import annotations

import os
import re
import signal
import smtplib
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import func, select

from intake.identify.registry import import_registry_file
from intake.store.db import get_sessionmaker
from intake.store.messages import Message, MessageStatus
from intake.store.outbox import OutboxMail, OutboxStatus
from relay import Relay, free_port
from running import listening, wait_for
from support import REGISTRY

MAILBOX = "prestations@cdg-exemple.fr"
ADMIN, PASSWORD = "admin@cdg-exemple.fr", "correct horse battery"
# `python -c TRAVEL WHEN ARGS…`: intake's command line on another day (time-machine moves every clock of the
# process, threads included, and lets it tick).
TRAVEL = ("import sys, time_machine\n"
          "from datetime import datetime\n"
          "with time_machine.travel(datetime.fromisoformat(sys.argv[1]).astimezone(), tick=True):\n"
          "    from intake.cli import main\n"
          "    sys.exit(main(sys.argv[2:]))\n")


def registry_with(folder: Path, correspondants: dict[str, str] | None = None) -> Path:
    """The sample registry, with a correspondant_email column naming the given collectivités' correspondants."""
    folder.mkdir(parents=True, exist_ok=True)
    for kind in ("contracts", "agents"):
        (folder / f"{kind}.csv").write_bytes((REGISTRY / f"{kind}.csv").read_bytes())
    lines = (REGISTRY / "collectivites.csv").read_text(encoding="utf-8").splitlines()
    out = [lines[0] + ",correspondant_email"]
    for line in lines[1:]:
        out.append(f"{line},{(correspondants or {}).get(line.split(',', 1)[0], '')}")
    (folder / "collectivites.csv").write_text("\n".join(out) + "\n", encoding="utf-8")
    return folder


class Serving:
    """One `intake serve` process over the test database, its relay and its log."""

    def __init__(self, settings, tmp_path: Path, *, env: dict[str, str] | None = None) -> None:
        self.settings = settings
        self.day: str | None = None  # the day the process lives (time-machine), None: today
        self.relay = Relay().start()
        self.smtp_port = free_port()
        self.env = {**os.environ, "INTAKE_DATABASE_URL": settings.database_url,
                    "INTAKE_DATA_DIR": str(settings.data_dir), "INTAKE_SMTP_LISTEN": f"127.0.0.1:{self.smtp_port}",
                    "INTAKE_HTTP_LISTEN": f"127.0.0.1:{free_port()}", "INTAKE_SMTP_RELAY": self.relay.address,
                    "INTAKE_MAILBOX": MAILBOX, "INTAKE_RELAY_POLL_SECONDS": "0.2", "INTAKE_REMIND_ENABLED": "false",
                    **(env or {})}
        self.desk_url = f"http://{self.env['INTAKE_HTTP_LISTEN']}"
        self.log = tmp_path / "serve.log"
        self.factory = get_sessionmaker(settings.database_url)
        self.process: subprocess.Popen | None = None
        self.seen = 0

    def command(self, *args: str) -> list[str]:
        """`intake ARGS`, on `self.day` at 09:00 local time when set (time-machine: the clock ticks from there)."""
        if self.day is None:
            return [sys.executable, "-m", "intake.cli", *args]
        return [sys.executable, "-c", TRAVEL, f"{self.day}T09:00:00", *args]

    def clock(self) -> datetime:
        """The process's time now (its day's 09:00 plus the time since it started, when travelling)."""
        if self.day is None:
            return datetime.now(timezone.utc)
        travelled = datetime.fromisoformat(f"{self.day}T09:00:00").astimezone(timezone.utc)
        return travelled + timedelta(seconds=time.monotonic() - self.started)

    def start(self, day: str | None = None) -> Serving:
        self.day, self.started = day, time.monotonic()
        handle = self.log.open("ab")
        self.process = subprocess.Popen(self.command("serve"), env=self.env, stdout=handle,
                                        stderr=handle, start_new_session=True)
        wait_for(lambda: listening(self.smtp_port) or self.process.poll() is not None, timeout=120,
                 what="le récepteur SMTP d'intake serve démarre")
        assert self.process.poll() is None, self.log.read_text()
        return self

    def stop(self, *, relay: bool = True) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        if relay:
            self.relay.stop()

    def restart(self, day: str | None) -> None:
        """The next day: the same database and relay, the process started again on `day`."""
        self.stop(relay=False)
        self.start(day)

    @property
    def received(self) -> list[tuple[str, list[str], bytes]]:
        return self.relay.capture.received

    def send(self, message: EmailMessage) -> None:
        raw = re.sub(rb"(?<!\r)\n", b"\r\n", message.as_bytes())
        sender = message["From"].addresses[0].addr_spec if message["From"] else "inconnu@example.org"
        rcpt = [a.addr_spec for a in message["To"].addresses] if message["To"] else [MAILBOX]
        with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=60) as client:
            client.sendmail(sender, rcpt, raw)

    def settle(self, *, timeout: float = 180) -> list[EmailMessage]:
        """Wait until every message is processed and every mail due is relayed; the mails relayed since the
        last call."""
        def idle() -> bool:
            with self.factory() as session:
                waiting = session.scalar(select(func.count()).select_from(Message).where(
                    Message.status.in_((MessageStatus.RECEIVED, MessageStatus.PROCESSING)))) or 0
                due = session.scalar(select(func.count()).select_from(OutboxMail).where(
                    OutboxMail.status == OutboxStatus.PENDING,
                    OutboxMail.next_attempt_at <= self.clock())) or 0
            return waiting == 0 and due == 0

        wait_for(idle, timeout=timeout, what="intake serve a traité et relayé le courrier")
        time.sleep(0.5)  # a mail the sender took in its last round reaches the relay
        new = self.relay.capture.messages[self.seen:]
        self.seen += len(new)
        return new

    def exchange(self, message: EmailMessage) -> list[EmailMessage]:
        self.send(message)
        return self.settle()

    def desk_page(self, path: str) -> str:
        """A page of the desk this process serves, as an admin sees it (the account is made on first use)."""
        import httpx

        from intake.store.db import session_scope
        from intake.web.accounts import add_user, user_by_email

        with session_scope(self.settings.database_url) as session:
            if user_by_email(session, ADMIN) is None:
                add_user(session, email=ADMIN, role="admin", password=PASSWORD)
        with httpx.Client(base_url=self.desk_url, timeout=30) as client:
            wait_for(lambda: listening(int(self.desk_url.rpartition(":")[2])), timeout=60, what="le bureau répond")
            page = client.get("/login")
            csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
            client.post("/login", data={"email": ADMIN, "password": PASSWORD, "csrf": csrf, "next": "/"})
            answer = client.get(path)
            assert answer.status_code == 200, (path, answer.status_code)
            return answer.text

    def remind(self, on: str | None, *extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(self.command("remind", *(("--now", on) if on else ()), *extra), env=self.env,
                              capture_output=True, text=True, timeout=120)


@contextmanager
def serving(settings, tmp_path: Path, *, correspondants: dict[str, str] | None = None,
            env: dict[str, str] | None = None, day: str | None = None) -> Iterator[Serving]:
    folder = registry_with(tmp_path / "registry", correspondants)
    for kind in ("collectivites", "contracts", "agents"):
        import_registry_file(kind, folder / f"{kind}.csv", url=settings.database_url)
    running = Serving(settings, tmp_path, env=env).start(day)
    try:
        yield running
    finally:
        running.stop()


def body(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def recipients(message: EmailMessage) -> list[str]:
    return [a.addr_spec.lower() for a in message["To"].addresses]
