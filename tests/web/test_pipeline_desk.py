"""Real mail through the pipeline, then the desk: the drafted claim, the message's analysis, the reply in
the outbox, and an unknown sender among the messages needing attention."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import pytest
from sqlalchemy import select

from conftest import login
from intake.mail.inbox import receive
from intake.pipeline.runner import drain
from intake.store.models import Agent, Collectivite, EmailDomain


def _mail(sender: str, body: str, subject: str) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "prestations@localhost"
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(timezone.utc))
    message["Message-ID"] = make_msgid(domain=sender.split("@")[1])
    message.set_content(body)
    return message.as_bytes()


@pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)
def test_a_declaration_by_mail_reaches_the_desk(client, desk) -> None:
    with desk.factory() as session:
        domain, code = session.execute(select(EmailDomain.domain, Collectivite.code)
                                       .join(Collectivite, Collectivite.id == EmailDomain.collectivite_id)
                                       .where(Collectivite.code == desk.mine)).first() or (None, None)
        if domain is None:
            domain, code = session.execute(select(EmailDomain.domain, Collectivite.code).join(
                Collectivite, Collectivite.id == EmailDomain.collectivite_id).order_by(Collectivite.code)).first()
        # An agent without a claim from the desk fixture, so the mail opens a claim of its own.
        taken = [matricule for matricule, _name in desk.agents.values()]
        agent = session.scalars(select(Agent).join(Collectivite).where(Collectivite.code == code,
                                                                       Agent.matricule.not_in(taken))
                                .order_by(Agent.matricule)).first()
    start = date.today() - timedelta(days=4)
    body = (f"Bonjour,\n\nNous vous informons que {agent.first_name} {agent.last_name}, né(e) le "
            f"{agent.birth_date:%d/%m/%Y}, est en arrêt maladie du {start:%d/%m/%Y} au "
            f"{start + timedelta(days=9):%d/%m/%Y}.\nL'avis d'arrêt suivra.\n\nCordialement,\nLe service RH\n")
    declared = receive(desk.factory, desk.blobs, _mail(f"rh@{domain}", body, "Arrêt maladie"), source="ingest",
                       envelope_to=["prestations@localhost"])
    stranger = receive(desk.factory, desk.blobs, _mail("quelquun@inconnu-exemple.fr", body, "Arrêt"), source="ingest",
                       envelope_to=["prestations@localhost"])
    drain(desk.factory, desk.blobs, settings=desk.settings)

    admin = desk.headers("admin")
    message = client.get(f"/api/messages/{declared.id}", headers=admin).json()
    assert message["status"] == "processed" and message["analysis"]["collectivite"] == code
    assert message["analysis"]["intent"] == "declaration" and len(message["claims"]) == 1
    reference = message["claims"][0]
    claim = client.get(f"/api/claims/{reference}", headers=admin).json()
    assert claim["status"] == "brouillon" and claim["collectivite"] == code
    assert claim["periods"][0]["start"] == start.isoformat()
    assert claim["messages"][0]["id"] == declared.id
    outbox = client.get("/api/outbox", headers=admin).json()
    assert any(mail["claim"] == reference for mail in outbox)

    login(client, "admin@cdg.fr")
    attention = client.get("/messages").text
    unknown = attention.split('id="unknown"', 1)[1].split('id="no_claim"', 1)[0]
    assert f"#{stranger.id}<" in unknown
    page = client.get(f"/sinistres/{reference}").text
    assert agent.last_name in page and "Arrêt maladie" in page
    # A gestionnaire of another collectivité does not see the unknown sender's mail either.
    assert client.get(f"/api/messages/{stranger.id}", headers=desk.headers("autre")).status_code == 404
