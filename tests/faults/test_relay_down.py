"""`intake serve` with its relay down while replies are queued, then up: each reply delivered once."""

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

from faults.worker import import_registry
from intake.store.db import get_sessionmaker
from intake.store.outbox import OutboxMail
from relay import Relay, free_port
from running import listening, wait_for
from support import SAMPLES

# Two declarations of known collectivités, each answered (text-layer pieces: no OCR, the test stays fast).
MAILS = [SAMPLES / "cases" / "0013.eml", SAMPLES / "cases" / "0007.eml"]


def test_replies_queued_while_the_relay_is_down_go_once_it_is_back(settings_env, tmp_path: Path) -> None:
    import_registry(settings_env.database_url)
    relay = Relay()  # its port is chosen, nobody listens there yet: the relay is down
    smtp = free_port()
    env = {**os.environ, "INTAKE_SMTP_LISTEN": f"127.0.0.1:{smtp}", "INTAKE_HTTP_LISTEN": f"127.0.0.1:{free_port()}",
           "INTAKE_SMTP_RELAY": relay.address, "INTAKE_RELAY_POLL_SECONDS": "0.3",
           "INTAKE_RELAY_RETRY_BASE_SECONDS": "1", "INTAKE_RELAY_RETRY_MAX_SECONDS": "1",
           "INTAKE_REMIND_ENABLED": "false", "INTAKE_MAILBOX": "prestations@cdg-exemple.fr"}
    factory = get_sessionmaker(settings_env.database_url)

    def outbox() -> list[OutboxMail]:
        with factory() as session:
            return list(session.scalars(select(OutboxMail).order_by(OutboxMail.id)))

    log = (tmp_path / "serve.log").open("ab")
    server = subprocess.Popen([sys.executable, "-m", "intake.cli", "serve"], env=env, stdout=log, stderr=log,
                              start_new_session=True)
    try:
        wait_for(lambda: listening(smtp), timeout=60, what="le récepteur SMTP démarre")
        for path in MAILS:
            with smtplib.SMTP("127.0.0.1", smtp, timeout=60) as client:
                client.sendmail("rh@exemple.fr", ["prestations@cdg-exemple.fr"],
                                re.sub(rb"(?<!\r)\n", b"\r\n", path.read_bytes()))
        # Both replies queued and each tried at least twice against the dead relay.
        wait_for(lambda: len(rows := outbox()) == 2 and all(r.attempts >= 2 for r in rows), timeout=90,
                 what="les réponses sont en file et le relais injoignable a été essayé")
        assert all(r.status == "pending" and "injoignable" in r.last_error for r in outbox())

        relay.start()
        wait_for(lambda: all(r.status == "sent" for r in outbox()), timeout=30, what="le relais revenu, tout part")
        time.sleep(1.5)  # several sender rounds: a second copy, if there were one, would have gone
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        relay.stop()
    sent = outbox()
    assert sorted(relay.capture.message_ids()) == sorted(r.message_id_header for r in sent)  # each once
    assert len(relay.capture.received) == 2
