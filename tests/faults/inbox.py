"""What the inbox fault tests share: a small mail, the stored rows, an SMTP exchange as a sending server sees it."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY

from sqlalchemy import select

from intake.store.db import get_sessionmaker
from intake.store.messages import Message


def mail(number: int) -> bytes:
    message = EmailMessage()
    message["From"] = "Ressources humaines <rh@mairie-exemple.fr>"
    message["To"] = "prestations@localhost"
    message["Subject"] = f"Arrêt de travail n° {number}"
    message["Message-ID"] = f"<panne-{number}@mairie-exemple.fr>"
    message.set_content("Bonjour,\nveuillez trouver l'arrêt de travail.\n")
    return message.as_bytes(policy=SMTP_POLICY)


def rows(url: str) -> list[Message]:
    with get_sessionmaker(url)() as session:
        return list(session.scalars(select(Message).order_by(Message.id)))


def smtp_send(port: int, raw: bytes) -> tuple[int, str]:
    """The SMTP answer to DATA, as a sending server sees it."""
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        client.ehlo()
        client.mail("rh@mairie-exemple.fr")
        client.rcpt("prestations@localhost")
        code, text = client.data(raw)
    return code, text.decode()
