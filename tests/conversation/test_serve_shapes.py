"""Mail shapes a town hall's HR office sends every week, through `intake serve` (SMTP in, the relay's bytes
out): a recap table of the week's stops pasted from a spreadsheet into Outlook, and an agent's own mail
forwarded by the HR office without « TR: » (the client wrote only a header block under the HR's words).
Each must give the claims of the people the mail is about, with their own dates, and the answer must go
to the HR office alone, never to the agent's personal address seen in the forwarded header."""

from __future__ import annotations

from datetime import date, timedelta
from email.message import EmailMessage

from serving import body, recipients, serving
from sqlalchemy import select
from test_threaded_pieces import SENDER, mail

from intake.store.claims import Claim

PERSONAL = "manon.bourrel48@gmail-exemple.com"  # BOURREL Manon (M01379, Mairie de Barjac) writes from home


def _d(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def recap_table(today: date) -> EmailMessage:
    """Outlook's two parts: the table as tab-separated text and as an HTML table."""
    rows = [("RICHARD", "Sylvie", today - timedelta(days=7), today + timedelta(days=4)),
            ("BOURREL", "Manon", today - timedelta(days=5), today - timedelta(days=1))]
    text = "Nom\tPrénom\tDu\tAu\n" + "\n".join(f"{n}\t{p}\t{_d(a)}\t{_d(b)}" for n, p, a, b in rows)
    cells = "".join(f"<tr><td>{n}</td><td>{p}</td><td>{_d(a)}</td><td>{_d(b)}</td></tr>" for n, p, a, b in rows)
    message = mail(f"Bonjour,\n\nVoici les arrêts de maladie de la semaine :\n\n{text}\n\nLes avis d'arrêt suivent "
                   "par courrier.\n\nCordialement,\nLe service RH\nMairie de Barjac", subject="Arrêts de la semaine")
    message.add_alternative(
        "<html><body><p>Bonjour,</p><p>Voici les arrêts de maladie de la semaine :</p><table border=1>"
        f"<tr><th>Nom</th><th>Prénom</th><th>Du</th><th>Au</th></tr>{cells}</table>"
        "<p>Les avis d'arrêt suivent par courrier.</p><p>Cordialement,<br>Le service RH<br>Mairie de Barjac</p>"
        "</body></html>", subtype="html")
    return message


def forwarded_by_hr(today: date) -> EmailMessage:
    return mail("Bonjour,\n\nJe vous transmets ci-dessous le message de notre agent, reçu ce matin.\n\nCordialement,\n"
                "Nadia Brunel\nService des ressources humaines\nMairie de Barjac\n\n"
                f"De : Manon Bourrel <{PERSONAL}>\nEnvoyé : {_d(today)} 07:41\nÀ : {SENDER}\nObjet : arrêt\n\n"
                f"Bonjour,\n\nMon médecin m'a arrêtée du {_d(today)} au {_d(today + timedelta(days=11))}. Je dépose "
                "l'avis d'arrêt à l'accueil demain.\n\nBonne journée\nManon Bourrel\n", subject="arrêt")


def test_a_recap_table_gives_each_agent_a_claim_with_the_dates_of_their_row(settings_env, tmp_path) -> None:
    today = date.today()
    with serving(settings_env, tmp_path) as town:
        replies = town.exchange(recap_table(today))
        with town.factory() as session:
            stops = {c.agent.matricule: [(p.start, p.end) for p in c.periods] for c in session.scalars(select(Claim))}
    assert stops == {"M01269": [(today - timedelta(days=7), today + timedelta(days=4))],
                     "M01379": [(today - timedelta(days=5), today - timedelta(days=1))]}
    assert replies and all(recipients(r) == [SENDER] for r in replies)
    said = "\n".join(body(r) for r in replies)
    assert "RICHARD" in said and "BOURREL" in said


def test_an_agents_mail_forwarded_without_tr_is_their_claim_and_their_address_hears_nothing(settings_env,
                                                                                           tmp_path) -> None:
    today = date.today()
    with serving(settings_env, tmp_path) as town:
        [reply] = town.exchange(forwarded_by_hr(today))
        with town.factory() as session:
            [claim] = session.scalars(select(Claim)).all()
            matricule, stops = claim.agent.matricule, [(p.start, p.end) for p in claim.periods]
        relayed = town.received
    assert matricule == "M01379" and stops == [(today, today + timedelta(days=11))]
    assert recipients(reply) == [SENDER] and "BOURREL" in body(reply)
    assert all(PERSONAL not in rcpts for _from, rcpts, _raw in relayed)


def test_a_tagged_out_of_office_and_a_withdrawal_draft_nothing_and_the_out_of_office_is_not_answered(settings_env,
                                                                                                      tmp_path) -> None:
    """The HR office declares a stop; its mailbox's server then answers our acknowledgement with the
    original subject tagged « [Absence] » (no Auto-Submitted header), and the office later withdraws a
    mail sent by mistake. Neither makes a claim; the out-of-office gets no answer."""
    from intake.store.messages import Message

    today = date.today()
    declared = mail(f"Bonjour,\n\nM. Jean-Pierre MASSON est en arrêt maladie du {_d(today)} au "
                    f"{_d(today + timedelta(days=6))}.\n\nCordialement,\nLe service RH\nMairie de Barjac",
                    subject="Arrêt maladie MASSON")
    with serving(settings_env, tmp_path) as town:
        [ack] = town.exchange(declared)
        away = mail(f"Bonjour,\n\nJe suis absente du bureau jusqu'au {_d(today + timedelta(days=10))} inclus. Votre "
                    "message ne sera pas transféré.\nPour toute demande urgente concernant les arrêts de travail, "
                    "merci de contacter l'accueil de la mairie.\n\nCordialement,\nNadia Brunel",
                    subject=f"[Absence] RE: {ack['Subject']}", answering=ack)
        assert town.exchange(away) == []
        withdrawn = mail("Bonjour,\n\nMerci de ne pas tenir compte de notre mail de ce matin concernant l'arrêt "
                         f"de M. Jean-Pierre MASSON du {_d(today)}, transmis par erreur.\n\nCordialement,\n"
                         "Le service RH\nMairie de Barjac", subject="Annulation")
        town.exchange(withdrawn)
        with town.factory() as session:
            claims = [c.agent.matricule for c in session.scalars(select(Claim))]
            intents = {m.subject: (m.analysis or {}).get("intent") for m in session.scalars(select(Message))}
    assert claims == ["M01604"]
    assert intents[away["Subject"]] == "auto_reply"
    assert intents["Annulation"] == "other"
