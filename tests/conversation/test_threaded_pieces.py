"""A piece sent in answer to our acknowledgement lands on the claim and the reply names it, through
`intake serve` (issue 17, point 2)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from serving import MAILBOX, body, serving
from sqlalchemy import select

from corpus.documents import make_text_pdf
from intake.store.claims import Claim

SENDER = "rh@mairiebarjac.fr"  # a domain of C48018 (Mairie de Barjac), whose agent MASSON Jean-Pierre is M01604


def mail(text: str, *, subject: str, to: str = MAILBOX, attachments=(), answering: EmailMessage | None = None,
         sender: str = SENDER) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(timezone.utc))
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    if answering is not None:
        message["In-Reply-To"] = answering["Message-ID"]
        message["References"] = answering["Message-ID"]
    message.set_content(text)
    for name, data in attachments:
        message.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return message


def masson_accident(today: date) -> EmailMessage:
    event = today - timedelta(days=4)
    return mail(f"Bonjour,\n\nNous vous déclarons l'accident de service de M. Jean-Pierre MASSON, né le 24/03/1976, "
                f"survenu le {event:%d/%m/%Y}. Il est en arrêt du {event:%d/%m/%Y} au {today + timedelta(days=10):%d/%m/%Y}."
                "\n\nCordialement,\nLe service RH", subject="Accident de service")


def enquete(today: date) -> bytes:
    return make_text_pdf("enquete_administrative", random.Random(7), first_name="Jean-Pierre", last_name="MASSON",
                         birth_date=date(1976, 3, 24), event_date=today - timedelta(days=4), sex=1)


def test_a_piece_sent_in_reply_without_the_agents_name_lands_and_is_named(settings_env, tmp_path) -> None:
    today = date.today()
    with serving(settings_env, tmp_path) as town:
        [ack] = town.exchange(masson_accident(today))
        reference = ack["Subject"].split("[", 1)[1].split("]", 1)[0]
        assert "enquête administrative" in body(ack)
        # Answered as a mail client does: to our Reply-To (the signed plus-address), In-Reply-To our reply, a
        # subject of its own; the body does not name the agent.
        answer = mail("Bonjour,\n\nCi-joint l'enquête administrative.\n\nCordialement", subject="Pièce demandée",
                      to=ack["Reply-To"], answering=ack, attachments=[("enquete_masson.pdf", enquete(today))])
        [received] = town.exchange(answer)
        with town.factory() as session:
            claim = session.scalar(select(Claim).where(Claim.reference == reference))
            kinds = [d.kind for d in claim.documents]
            missing = list(claim.missing_documents)
    assert kinds == ["enquete_administrative"] and "enquete_administrative" not in missing
    assert f"[{reference}] Pièces reçues" == received["Subject"]
    assert "Accusé de réception" not in received["Subject"]
    assert "- enquête administrative ou rapport hiérarchique" in body(received)
