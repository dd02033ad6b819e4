"""`intake serve` as it runs in production: killed in the middle of a message, restarted, the message is
processed once (one claim, one reply through the relay)."""

from __future__ import annotations

import os
import re
import signal
import smtplib
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from intake.identify.registry import import_registry_file
from intake.store.claims import Claim
from intake.store.db import get_sessionmaker
from intake.store.messages import Message
from relay import Relay, free_port
from running import listening, wait_for
from support import REGISTRY, SAMPLES

SCANNED = SAMPLES / "cases" / "0001.eml"  # a declaration whose scanned piece keeps the worker busy in OCR


def start_serve(env: dict[str, str], log: Path) -> subprocess.Popen:
    handle = log.open("ab")
    return subprocess.Popen([sys.executable, "-m", "intake.cli", "serve"], env=env, stdout=handle, stderr=handle,
                            start_new_session=True)


def test_a_worker_killed_mid_message_processes_it_once_after_restart(settings_env, tmp_path: Path) -> None:
    for kind in ("collectivites", "contracts", "agents"):
        import_registry_file(kind, REGISTRY / f"{kind}.csv", url=settings_env.database_url)
    server_relay = Relay().start()
    relay = server_relay.capture
    smtp_port = free_port()
    env = {**os.environ, "INTAKE_SMTP_LISTEN": f"127.0.0.1:{smtp_port}", "INTAKE_SMTP_RELAY": server_relay.address,
           "INTAKE_WORKER_LEASE_SECONDS": "3", "INTAKE_MAILBOX": "prestations@cdg-exemple.fr"}
    log = tmp_path / "serve.log"
    factory = get_sessionmaker(settings_env.database_url)

    def status() -> str | None:
        with factory() as session:
            row = session.scalars(select(Message)).first()
            return row.status if row else None

    server = start_serve(env, log)
    try:
        wait_for(lambda: listening(smtp_port), timeout=60, what="le récepteur SMTP démarre")
        raw = re.sub(rb"(?<!\r)\n", b"\r\n", SCANNED.read_bytes())
        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=60) as client:
            client.sendmail("c.picard@mairiefloractroisrivieres.fr", ["prestations@cdg-exemple.fr"], raw)
        wait_for(lambda: status() == "processing", timeout=60, what="le traitement commence")
        os.killpg(server.pid, signal.SIGKILL)  # the worker dies mid-message
        server.wait(timeout=30)
        assert status() == "processing"

        server = start_serve(env, log)
        wait_for(lambda: status() == "processed", timeout=180, what="le message est repris et traité")
        wait_for(lambda: len(relay.messages) >= 1, timeout=60, what="la réponse part par le relais")
        time.sleep(2)  # a second reply, if there were one, would have gone by now
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        server_relay.stop()
    with factory() as session:
        [message] = session.scalars(select(Message)).all()
        claims = session.scalars(select(Claim)).all()
    assert message.attempts == 2 and len(claims) == 1
    assert len(relay.messages) == 1 and claims[0].reference in relay.messages[0]["Subject"]
