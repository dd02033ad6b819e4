"""The sender SIGKILLed after the relay accepted a mail but before the outbox row was marked sent.

What happens: the row is still pending, so the next sender delivers it again: at least once, never
lost. The copy is the same bytes, hence the same Message-ID (fixed when the reply was queued, kept in
the row): a mail client, or our own inbox, recognises it as the same mail. The window is one SMTP
exchange plus one commit per mail."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from faults.worker import killed_by_itself, launch
from intake.mail.compose import ReplyPlan, compose
from intake.mail.send import deliver_due, enqueue
from intake.store.db import get_sessionmaker
from intake.store.outbox import OutboxMail
from relay import Relay


@pytest.fixture
def relay():
    server = Relay().start()
    yield server
    server.stop()


def test_a_sender_killed_between_the_relays_250_and_its_commit_sends_the_same_mail_again(
        settings_env, relay, tmp_path) -> None:
    settings = settings_env.model_copy(update={"smtp_relay": relay.address, "relay_poll_seconds": 0.2})
    factory = get_sessionmaker(settings.database_url)
    plan = ReplyPlan("transmis_gestionnaire", "rh@sivom-lauragais.fr", "SIN-2025-00007",
                     {"collectivite": "Syndicat des eaux du Lauragais"})
    with factory() as session:
        enqueue(session, compose(plan, settings=settings, in_reply_to="<q-1@sivom-lauragais.fr>"),
                dedupe_key="reply:1:SIN-2025-00007", kind="transmis_gestionnaire")
        session.commit()

    log = tmp_path / "sender.log"
    killed_by_itself(launch("sender", "after_relay_accepted",
                            {"INTAKE_SMTP_RELAY": relay.address, "INTAKE_RELAY_POLL_SECONDS": "0.2"}, log), log)
    assert len(relay.capture.received) == 1  # the relay has it…
    with factory() as session:
        [row] = session.scalars(select(OutboxMail)).all()
    assert (row.status, row.attempts) == ("pending", 0)  # …and we do not know it

    assert deliver_due(factory, settings).sent == 1  # the next sender (a restart)
    assert deliver_due(factory, settings).sent == 0
    first, second = relay.capture.received
    assert first[2] == second[2]  # the very same bytes
    assert relay.capture.message_ids() == [row.message_id_header] * 2
    with factory() as session:
        assert session.scalars(select(OutboxMail.status)).all() == ["sent"]
