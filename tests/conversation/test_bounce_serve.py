"""`intake serve` end to end: our reply to a declaration comes back from the collectivité's server as
undeliverable; the report, sent to the claim's signed plus-address (VERP), marks that reply bounced."""

from __future__ import annotations

import os
import signal
import smtplib
from pathlib import Path

from sqlalchemy import select

from conversation.test_conversation import MAILBOX, declaration
from conversation.test_serve import start_serve
from intake.identify.registry import import_registry_file
from intake.mail.bounced import BOUNCED_LABEL
from intake.store.db import get_sessionmaker
from intake.store.outbox import OutboxMail
from relay import Relay, free_port
from running import listening, wait_for
from support import REGISTRY


def exim_bounce(envelope_to: str, failed: str) -> bytes:
    """A plain-text report without our headers (some servers return none): only the envelope names us."""
    return (
        "From: Mail Delivery System <Mailer-Daemon@mx.mairiebarjac.fr>\r\n"
        f"To: {envelope_to}\r\nSubject: Mail delivery failed: returning message to sender\r\n"
        f"X-Failed-Recipients: {failed}\r\nMessage-ID: <bounce-e2e@mx.mairiebarjac.fr>\r\nAuto-Submitted: auto-replied\r\n\r\n"
        "This message was created automatically by mail delivery software.\r\n\r\n"
        "A message that you sent could not be delivered to one or more of its\r\nrecipients. This is a permanent error. "
        f"The following address(es) failed:\r\n\r\n  {failed}\r\n    550 5.1.1 User unknown\r\n"
    ).encode()


def test_a_bounced_reply_is_marked_through_serve(settings_env, tmp_path: Path) -> None:
    for kind in ("collectivites", "contracts", "agents"):
        import_registry_file(kind, REGISTRY / f"{kind}.csv", url=settings_env.database_url)
    server_relay = Relay().start()
    relay = server_relay.capture
    smtp_port = free_port()
    env = {**os.environ, "INTAKE_SMTP_LISTEN": f"127.0.0.1:{smtp_port}", "INTAKE_SMTP_RELAY": server_relay.address,
           "INTAKE_MAILBOX": MAILBOX, "INTAKE_RELAY_POLL_SECONDS": "1"}
    factory = get_sessionmaker(settings_env.database_url)

    def rows() -> list[OutboxMail]:
        with factory() as session:
            return list(session.scalars(select(OutboxMail)))

    server = start_serve(env, tmp_path / "serve.log")
    try:
        wait_for(lambda: listening(smtp_port), timeout=60, what="le récepteur SMTP démarre")
        from datetime import date

        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=60) as client:
            message = declaration(date.today())
            client.sendmail("rh@mairiebarjac.fr", [MAILBOX], message.as_bytes())
        wait_for(lambda: len(relay.received) >= 1, timeout=120, what="la réponse part par le relais")
        envelope_from, [recipient], _raw = relay.received[0]
        assert "+" in envelope_from  # the claim's signed plus-address: where reports come back

        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=60) as client:
            client.sendmail("", [envelope_from], exim_bounce(envelope_from, recipient))
        wait_for(lambda: any(r.status == "bounced" for r in rows()), timeout=120, what="la réponse est marquée revenue")
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        server_relay.stop()
    [reply] = [r for r in rows() if r.status == "bounced"]
    assert reply.to_addr == recipient and reply.last_error.startswith(BOUNCED_LABEL)
    assert "User unknown" in reply.last_error and len(relay.received) == 1  # the report itself is never answered
