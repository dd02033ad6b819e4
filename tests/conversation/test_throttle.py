"""Past the daily cap a reply waits for a free slot, never dropped, and a handler sees it on the message and
the claim, through `intake serve` (issue 17, point 3)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from serving import serving
from sqlalchemy import select
from test_threaded_pieces import mail

from intake.mail.send import deliver_due
from intake.store.audit import AuditEntry
from intake.store.claims import Claim
from intake.store.messages import Message
from intake.store.outbox import OutboxMail

# Three agents of Mairie de Barjac (C48018): name, birth date.
AGENTS = [("Sylvie RICHARD", "19/02/2001"), ("Virginie BRUNET", "11/09/1980"), ("Camille BONNAL", "12/03/2000")]


def test_the_reply_past_the_daily_cap_is_delayed_and_shown_never_lost(settings_env, tmp_path) -> None:
    today = date.today()
    start, end = today - timedelta(days=2), today + timedelta(days=5)
    with serving(settings_env, tmp_path, env={"INTAKE_MAX_AUTO_REPLIES_PER_DAY": "2"}) as town:
        for name, born in AGENTS:
            town.send(mail(f"Bonjour,\n\n{name}, née le {born}, est en arrêt maladie du {start:%d/%m/%Y} au "
                           f"{end:%d/%m/%Y}.\n\nCordialement", subject=f"Arrêt maladie {name.split()[1]}"))
        relayed = town.settle()
        assert len(relayed) == 2
        with town.factory() as session:
            claims = session.scalars(select(Claim).order_by(Claim.id)).all()
            assert len(claims) == 3
            waiting = session.scalars(select(OutboxMail).where(OutboxMail.status == "pending")).one()
            late_claim = session.get(Claim, waiting.claim_id)
            assert late_claim.reference not in " ".join(m["Subject"] for m in relayed)
            due = waiting.next_attempt_at.replace(tzinfo=timezone.utc)
            assert timedelta(hours=23) < due - datetime.now(timezone.utc) <= timedelta(hours=24)
            assert "plafond de 2 courriels automatiques" in waiting.details["differe"]
            message = session.get(Message, waiting.in_reply_to_message)
            assert message.no_reply is None
            assert any(n.startswith("réponse différée : plafond de 2") for n in message.notes)
            [entry] = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == late_claim.id,
                                                               AuditEntry.action == "reponse_differee")).all()
            message_id = message.id
        claim_page = town.desk_page(f"/sinistres/{late_claim.reference}")
        assert "envoi différé au" in claim_page and "réponse différée" in claim_page
        assert "réponse différée" in town.desk_page(f"/messages/{message_id}")
        # The next day the slot is free: the reply goes, with its reference.
        counts = deliver_due(town.factory, town.settings.model_copy(update={"smtp_relay": town.relay.address}),
                             now=due + timedelta(minutes=1))
        assert counts.sent == 1
        [late] = town.settle()
    assert late_claim.reference in late["Subject"]
