"""The conversation end to end over real SMTP: declare, get the reference and the list, answer with the
piece, get « dossier complet »; automatic mail gets nothing."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import pytest
from sqlalchemy import select

from corpus.documents import make_text_pdf
from intake.identify.registry import import_registry_file
from intake.mail.inbox import inbox_for
from intake.mail.send import deliver_due
from intake.pipeline.runner import drain
from intake.settings import get_settings
from intake.store.blobs import FileBlobStore
from intake.store.claims import Claim
from intake.store.db import get_sessionmaker
from intake.store.messages import Message
from intake.store.outbox import OutboxMail
from relay import Relay
from support import REGISTRY

MAILBOX = "prestations@cdg-exemple.fr"
SENDER = "rh@mairiebarjac.fr"  # a domain of collectivité C48018 in the sample registry


@pytest.fixture
def desk(settings_env, monkeypatch):
    server = Relay().start()
    relay = server.capture
    monkeypatch.setenv("INTAKE_SMTP_RELAY", server.address)
    monkeypatch.setenv("INTAKE_MAILBOX", MAILBOX)
    get_settings.cache_clear()
    settings = get_settings()
    for kind in ("collectivites", "contracts", "agents"):
        import_registry_file(kind, REGISTRY / f"{kind}.csv", url=settings.database_url)
    factory = get_sessionmaker(settings.database_url)
    blobs = FileBlobStore(settings.data_dir)
    store = inbox_for(settings)

    def exchange(message: EmailMessage) -> list[EmailMessage]:
        """Deliver one mail as SMTP would, let the worker and the sender run; return what was sent."""
        before = len(relay.messages)
        store(message.as_bytes(), source="smtp", envelope_to=[str(a) for a in message.get_all("To", [])])
        drain(factory, blobs, settings=settings)
        deliver_due(factory, settings)
        return relay.messages[before:]

    yield exchange, factory
    server.stop()


def declaration(today: date) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Service RH <{SENDER}>"
    message["To"] = MAILBOX
    message["Subject"] = "Arrêt maladie de Mme RICHARD"
    message["Date"] = format_datetime(datetime.now(timezone.utc))
    message["Message-ID"] = make_msgid(domain="mairiebarjac.fr")
    start, end = today - timedelta(days=5), today + timedelta(days=6)
    message.set_content(
        "Bonjour,\n\nNous vous informons que Mme Sylvie RICHARD, née le 19/02/2001, est en arrêt maladie "
        f"du {start:%d/%m/%Y} au {end:%d/%m/%Y}.\nL'avis d'arrêt suivra.\n\nCordialement,\nLe service RH\n"
    )
    return message


def test_declaration_then_missing_piece_then_dossier_complet(desk) -> None:
    exchange, factory = desk
    today = date.today()
    [ack] = exchange(declaration(today))
    reference = ack["Subject"].split("[", 1)[1].split("]", 1)[0]
    assert reference.startswith(f"SIN-{today.year}-")
    assert ack["To"].addresses[0].addr_spec == SENDER and ack["Auto-Submitted"] == "auto-replied"
    text = ack.get_body(("plain",)).get_content()
    assert "arrêt de travail" in text.lower() and "RICHARD" in text

    answer = EmailMessage()
    answer["From"] = SENDER
    answer["To"] = ack["Reply-To"]
    answer["Subject"] = f"RE: {ack['Subject']}"
    answer["In-Reply-To"] = ack["Message-ID"]
    answer["References"] = ack["Message-ID"]
    answer["Date"] = format_datetime(datetime.now(timezone.utc))
    answer["Message-ID"] = make_msgid(domain="mairiebarjac.fr")
    answer.set_content("Bonjour,\nVeuillez trouver l'avis d'arrêt de travail ci-joint.\nCordialement")
    pdf = make_text_pdf("arret_travail", random.Random(5), first_name="Sylvie", last_name="RICHARD",
                        birth_date=date(2001, 2, 19), start=today - timedelta(days=5), end=today + timedelta(days=6),
                        sex=2, nir="2010248101962")
    answer.add_attachment(pdf, maintype="application", subtype="pdf", filename="arret_richard.pdf")
    [complete] = exchange(answer)
    assert reference in complete["Subject"]
    assert "complet" in complete.get_body(("plain",)).get_content().lower()

    with factory() as session:
        [claim] = session.scalars(select(Claim)).all()
        assert claim.reference == reference and claim.category == "maladie_ordinaire"
        assert claim.missing_documents == [] and [d.kind for d in claim.documents] == ["arret_travail"]
        assert len(claim.periods) == 1 and len(claim.links) == 2
        assert [m.status for m in session.scalars(select(OutboxMail))] == ["sent", "sent"]


def test_out_of_office_gets_nothing(desk) -> None:
    exchange, factory = desk
    message = EmailMessage()
    message["From"] = SENDER
    message["To"] = MAILBOX
    message["Subject"] = "Réponse automatique : Arrêt maladie"
    message["Auto-Submitted"] = "auto-replied"
    message["Message-ID"] = make_msgid(domain="mairiebarjac.fr")
    message.set_content("Je suis absente du bureau jusqu'au 2 décembre. En cas d'urgence, contactez l'accueil.")
    assert exchange(message) == []
    with factory() as session:
        [row] = session.scalars(select(Message)).all()
        assert row.status == "processed" and row.outcome == "automatique"
        assert session.scalars(select(OutboxMail)).all() == [] and session.scalars(select(Claim)).all() == []


def mail(body: str, *, sender: str = SENDER, subject: str = "Arrêt de travail", attachments=()) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = MAILBOX
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(timezone.utc))
    message["Message-ID"] = make_msgid(domain=sender.split("@")[1])
    message.set_content(body)
    for name, data in attachments:
        message.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return message


def arret(seed: int, start: date, end: date, nature: str = "initial") -> bytes:
    return make_text_pdf("arret_travail", random.Random(seed), nature=nature, first_name="Sylvie",
                         last_name="RICHARD", birth_date=date(2001, 2, 19), start=start, end=end,
                         sex=2, nir="2010248101962")


def test_a_prolongation_joins_the_claim_and_a_resent_piece_is_not_filed_twice(desk) -> None:
    exchange, factory = desk
    today = date.today()
    start, end = today - timedelta(days=20), today - timedelta(days=6)
    first_pdf = arret(1, start, end)
    exchange(mail(f"Mme Sylvie RICHARD (née le 19/02/2001) est en arrêt maladie du {start:%d/%m/%Y} au {end:%d/%m/%Y}.",
                  attachments=[("arret.pdf", first_pdf)]))
    extension_end = end + timedelta(days=10)
    exchange(mail(f"Prolongation de l'arrêt maladie de Mme Sylvie RICHARD du {end + timedelta(days=1):%d/%m/%Y} "
                  f"au {extension_end:%d/%m/%Y}, arrêt initial du {start:%d/%m/%Y}.",
                  subject="Prolongation arrêt RICHARD",
                  attachments=[("prolongation.pdf", arret(2, end + timedelta(days=1), extension_end, "prolongation")),
                               ("arret.pdf", first_pdf)]))
    with factory() as session:
        [claim] = session.scalars(select(Claim)).all()
        assert [(p.start, p.end, p.nature) for p in claim.periods] == [
            (start, end, "initial"), (end + timedelta(days=1), extension_end, "prolongation")]
        assert len(claim.documents) == 2, "the re-sent arrêt is the same document"


def test_an_unknown_sender_is_answered_without_personal_data(desk) -> None:
    exchange, factory = desk
    today = date.today()
    [reply] = exchange(mail(f"Bonjour, M. Gérard BOUNIOL (NIR 1 89 06 38 057 352) est en arrêt du {today:%d/%m/%Y} "
                            "pour 10 jours.", sender="inconnu@exemple-webmail.fr"))
    text = reply.get_body(("plain",)).get_content()
    for personal in ("BOUNIOL", "Gérard", "1 89 06", "189063805735", f"{today:%d/%m/%Y}", "SIN-"):
        assert personal not in text and personal not in str(reply["Subject"])
    with factory() as session:
        [row] = session.scalars(select(Message)).all()
        assert row.outcome == "expediteur_inconnu" and session.scalars(select(Claim)).all() == []


def test_a_question_gets_an_answer_from_the_rules(desk) -> None:
    exchange, _factory = desk
    [reply] = exchange(mail("Bonjour, quel est le délai pour déclarer un accident de service ? Merci.",
                            subject="Question délai"))
    # Barjac's contracts (sample registry) say 180 days: the answer quotes its contract, not the default 90.
    assert "180 jours" in reply.get_body(("plain",)).get_content()


def test_a_death_is_declared_without_stop_dates(desk) -> None:
    exchange, factory = desk
    death = date.today() - timedelta(days=3)
    [ack] = exchange(mail(f"Nous avons la tristesse de vous informer du décès de Mme Sylvie RICHARD, née le 19/02/2001, "
                          f"survenu le {death:%d/%m/%Y}. Nous vous ferons parvenir l'acte de décès.",
                          subject="Déclaration de décès"))
    with factory() as session:
        [claim] = session.scalars(select(Claim)).all()
        assert (claim.category, claim.periods) == ("deces", [])
        assert claim.missing_documents == ["acte_deces", "bulletin_salaire"]
    assert claim.reference in ack["Subject"]
