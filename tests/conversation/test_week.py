"""A week of a busy town hall's mail through `intake serve` and `intake remind`, day after day (time-machine):
every mail gets exactly one correct reply or a recorded reason, and no byte of an agent's data reaches an
address the registry does not give the collectivité (issue 17, « done when »)."""

from __future__ import annotations

import random
import re
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from serving import MAILBOX, body, serving
from sqlalchemy import select
from test_threaded_pieces import mail

from corpus.documents import make_text_pdf
from intake.domain import NoReply
from intake.identify.audience import may_hear
from intake.store.claims import Claim
from intake.store.messages import Message
from support import REGISTRY

CORRESPONDANT = "correspondant.sinistres@mairiebarjac.fr"
STRANGER = "jp.durand1974@gmail-exemple.com"
WEEK = ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"]


def on(day: str, message: EmailMessage) -> EmailMessage:
    message.replace_header("Date", format_datetime(datetime.fromisoformat(f"{day}T08:30:00+01:00")))
    return message


def arret(seed: int, first: str, last: str, born: date, nir: str, start: date, end: date) -> bytes:
    return make_text_pdf("arret_travail", random.Random(seed), nature="initial", first_name=first, last_name=last,
                         birth_date=born, start=start, end=end, sex=2, nir=nir)


def bounce(day: str, of: EmailMessage) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "MAILER-DAEMON@mx.mairiebarjac.fr"
    message["To"] = MAILBOX
    message["Subject"] = "Undelivered Mail Returned to Sender"
    message["Date"] = format_datetime(datetime.fromisoformat(f"{day}T10:00:00+01:00"))
    message["Message-ID"] = make_msgid(domain="mx.mairiebarjac.fr")
    message["Auto-Submitted"] = "auto-replied"
    message.set_content("This is the mail system at host mx.mairiebarjac.fr.\n\nI'm sorry to have to inform you that "
                        "your message could not be delivered to one or more recipients.\n\n<absent@mairiebarjac.fr>: "
                        "user unknown")
    original = EmailMessage()
    for header in ("From", "To", "Subject", "Message-ID"):
        original[header] = of[header]
    original.set_content("(corps retiré)")
    message.add_attachment(original)
    return message


def registry_words() -> set[str]:
    """Every agent's last name, matricule and NIR in the sample registry: what must never reach a stranger."""
    words: set[str] = set()
    for line in (REGISTRY / "agents.csv").read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split(",")
        words.update({cells[1], cells[2].replace(" ", "")[:13], cells[3]})
    return {w for w in words if len(w) >= 4}


def test_a_week_of_a_busy_town_hall(settings_env, tmp_path) -> None:
    # The Message-ID of each mail sent → a word the subject of its one reply has, or the reason for none.
    expected: dict[str, str | NoReply] = {}
    replies: list[EmailMessage] = []

    def send(town, message: EmailMessage, subject_word: str | NoReply) -> list[EmailMessage]:
        expected[message["Message-ID"]] = subject_word
        got = town.exchange(message)
        replies.extend(got)
        return got

    richard = ("Sylvie", "RICHARD", date(2001, 2, 19), "2010248101962")
    with serving(settings_env, tmp_path, correspondants={"C48018": CORRESPONDANT}, day=WEEK[0]) as town:
        # Monday: three declarations, a question, a stranger (twice, under a plus-variant), a newsletter.
        [ack_richard] = send(town, on(WEEK[0], mail(
            "Bonjour,\n\nMme Sylvie RICHARD, née le 19/02/2001, est en arrêt maladie du 02/03/2026 au 06/03/2026.\n"
            "L'avis d'arrêt suivra.\n\nCordialement", subject="Arrêt maladie RICHARD")), "Accusé de réception")
        [ack_masson] = send(town, on(WEEK[0], mail(
            "Bonjour,\n\nNous vous déclarons l'accident de service de M. Jean-Pierre MASSON, né le 24/03/1976, survenu "
            "le 27/02/2026. Il est en arrêt du 27/02/2026 au 13/03/2026.\n\nCordialement",
            subject="Accident de service MASSON")), "Accusé de réception")
        send(town, on(WEEK[0], mail(
            "Bonjour,\n\nMme Claire MOREAU, née le 03/05/2003, a été en arrêt maladie du 23/02/2026 au 27/02/2026.\n"
            "Ci-joint l'avis d'arrêt.\n\nCordialement", subject="Arrêt maladie MOREAU",
            attachments=[("arret_moreau.pdf", arret(4, "Claire", "MOREAU", date(2003, 5, 3), "2030559068333", date(2026, 2, 23),
                                                    date(2026, 2, 27)))])), "Accusé de réception")
        send(town, on(WEEK[0], mail("Bonjour,\n\nQuel est le délai pour transmettre les pièces d'un dossier ?\n\nMerci",
                                    subject="Question délais")), "Réponse")
        stranger = on(WEEK[0], mail(
            "Bonjour,\n\nJe travaille à la Mairie de Barjac. Mme Martine BLANCHARD (NIR 2 03 02 01 239 032) est en arrêt "
            "maladie du 02/03/2026 au 20/03/2026 pour une dépression.\n\nJP Durand", subject="Arrêt de travail",
            sender=STRANGER))
        send(town, stranger, "Votre message")
        send(town, on(WEEK[0], mail("Re-bonjour, j'oubliais : Mme BLANCHARD est en arrêt maladie jusqu'au 20/03/2026.",
                                    subject="Arrêt de travail", sender=STRANGER.replace("@", "+rh@"))), NoReply.UNKNOWN_ALREADY_TOLD)
        newsletter = on(WEEK[0], mail("La lettre d'information de mars : dans ce numéro, nos webinaires. "
                                      "Se désinscrire : cliquez ici.", subject="Newsletter RH territoriale",
                                      sender="newsletter@rh-territoriale-exemple.fr"))
        newsletter["List-Unsubscribe"] = "<mailto:unsubscribe@rh-territoriale-exemple.fr>"
        newsletter["Precedence"] = "bulk"
        send(town, newsletter, NoReply.AUTOMATIC)
        assert town.remind(None).returncode == 0  # Monday's sweep: MOREAU's stop ended on Friday
        replies.extend(town.settle())

        # Tuesday: pieces in answer to our acknowledgements (the body names nobody), a bounce.
        town.restart(WEEK[1])
        send(town, on(WEEK[1], mail("Bonjour,\n\nCi-joint l'avis d'arrêt.\n\nCordialement", subject="Pièce",
                                    to=ack_richard["Reply-To"], answering=ack_richard, attachments=[(
                                        "avis_richard.pdf", arret(1, *richard, date(2026, 3, 2), date(2026, 3, 6)))])),
             "Dossier complet")
        enquete = make_text_pdf("enquete_administrative", random.Random(7), first_name="Jean-Pierre", last_name="MASSON",
                                birth_date=date(1976, 3, 24), event_date=date(2026, 2, 27), sex=1)
        send(town, on(WEEK[1], mail("Bonjour,\n\nCi-joint l'enquête administrative.\n\nCordialement",
                                    subject="Enquête", to=ack_masson["Reply-To"], answering=ack_masson,
                                    attachments=[("enquete_masson.pdf", enquete)])), "Pièces reçues")
        send(town, bounce(WEEK[1], ack_masson), NoReply.AUTOMATIC)
        assert town.remind(None).returncode == 0
        replies.extend(town.settle())

        # Wednesday: a prolongation, a forgotten attachment.
        town.restart(WEEK[2])
        send(town, on(WEEK[2], mail(
            "Bonjour,\n\nProlongation de l'arrêt maladie de Mme Sylvie RICHARD du 07/03/2026 au 13/03/2026.\n\n"
            "Cordialement", subject="Prolongation RICHARD")), "[SIN-2026-00001]")
        [forgotten] = send(town, on(WEEK[2], mail("Bonjour,\n\nVoir PJ pour M. MASSON.\n\nCordialement",
                                                  subject="Document MASSON")), "transmis")
        assert "aucun fichier ne nous est parvenu" in body(forgotten)
        assert town.remind(None).returncode == 0
        replies.extend(town.settle())

        # Thursday and Friday: the sweeps only (nothing new is due before Monday's reprise requests repeat).
        for day in WEEK[3:]:
            town.restart(day)
            assert town.remind(None).returncode == 0
            replies.extend(town.settle())
        with town.factory() as session:
            messages = {m.message_id: m for m in session.scalars(select(Message))}
            claims = session.scalars(select(Claim).order_by(Claim.id)).all()
        relayed = town.received

    # Every mail: exactly one reply (threaded to it) or a recorded reason, never both.
    for message_id, word in expected.items():
        answers = [r for r in replies if r["In-Reply-To"] == message_id]
        row = messages[message_id]
        assert len(answers) + (row.no_reply is not None) == 1, (row.subject, row.no_reply, len(answers), row.notes)
        if isinstance(word, NoReply):
            assert row.no_reply == word, (row.subject, row.no_reply)
        else:
            assert word in answers[0]["Subject"], (row.subject, answers[0]["Subject"])
    assert [c.reference for c in claims][:3] == ["SIN-2026-00001", "SIN-2026-00002", "SIN-2026-00003"]

    # The digests went to the registered correspondant; no agent data to any address outside the registry.
    digests = [r for r in replies if r["In-Reply-To"] is None]
    assert digests and all([a.addr_spec for a in d["To"].addresses] == [CORRESPONDANT] for d in digests)
    assert "MOREAU" in body(digests[0])
    secrets = registry_words()
    for _from, rcpts, raw in relayed:
        for rcpt in rcpts:
            if may_hear(rcpt, domains=["mairiebarjac.fr"], contacts=[CORRESPONDANT]):
                continue
            text = raw.decode("ascii", "replace")
            decoded = "\n".join(p.get_content() for p in _parts(raw))
            leaked = {w for w in secrets if re.search(rf"\b{re.escape(w)}\b", decoded + text)}
            assert not leaked, (rcpt, leaked)


def _parts(raw: bytes):
    import email
    from email.policy import default

    message = email.message_from_bytes(raw, policy=default)
    return [part for part in message.walk() if part.get_content_maintype() == "text"]
