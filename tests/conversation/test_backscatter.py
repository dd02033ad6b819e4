"""Unknown senders through `intake serve`: answered at their From only, only about our business, once per
mailbox and day (plus-addresses folded), under an hourly ceiling, and never inside a thread of our own mail;
every silence is a reason on the message (issue 17, points 6 and « decisions not to reply »)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from serving import recipients, serving
from sqlalchemy import select
from test_threaded_pieces import mail

from corpus.documents import make_text_pdf
from intake.domain import NO_REPLY_LABELS, NoReply
from intake.store.messages import Message

STRANGER = "victim2@webmail-exemple.fr"


def declaration_from(sender: str, *, reply_to: str | None = None):
    today = date.today()
    message = mail(f"Bonjour,\n\nM. Gérard BOUNIOL est en arrêt maladie du {today:%d/%m/%Y} au "
                   f"{today + timedelta(days=9):%d/%m/%Y}.\n\nCordialement", subject="Arrêt de travail", sender=sender)
    if reply_to:
        message["Reply-To"] = reply_to
    return message


def no_reply_of(town, subject_word: str | None = None) -> list[str | None]:
    with town.factory() as session:
        return [m.no_reply for m in session.scalars(select(Message).order_by(Message.id))]


def test_unknown_senders_hear_once_at_their_from_and_nobody_else(settings_env, tmp_path) -> None:
    with serving(settings_env, tmp_path, env={"INTAKE_UNKNOWN_SENDER_REPLIES_PER_HOUR": "3"}) as town:
        # A forged or careless Reply-To: the answer goes to the From, the only address that wrote.
        [first] = town.exchange(declaration_from(STRANGER, reply_to="third.party@autre-exemple.org"))
        assert recipients(first) == [STRANGER]
        # The same mailbox under plus-variants: one answer a day, not one per variant.
        for n in range(4):
            assert town.exchange(declaration_from(f"victim2+{n}@webmail-exemple.fr")) == []
        # A SaaS welcome mail with a PDF, and spam asking a question: not our business, no answer.
        welcome = mail("Bienvenue sur Planifio ! Ci-joint votre guide de démarrage pour inviter votre équipe.",
                       subject="Bienvenue", sender="hello@planifio-exemple.io",
                       attachments=[("guide.pdf", make_text_pdf("autre", random.Random(3)))])
        assert town.exchange(welcome) == []
        assert town.exchange(mail("Voulez-vous doubler vos ventes ? Répondez à ce message.", subject="Offre",
                                  sender="promo@ventes-exemple.biz")) == []
        # An auto-responder without automatic headers, answering from support+N@: one answer, then silence.
        [to_helpdesk] = town.exchange(declaration_from("support@helpdesk-exemple.com"))
        previous = to_helpdesk
        for n in range(5):
            echo = mail(f"Votre demande n°{n} a bien été enregistrée. Arrêt maladie : un agent vous répondra.",
                        subject=f"RE: {previous['Subject']}", sender=f"support+{n}@helpdesk-exemple.com",
                        answering=previous)
            assert town.exchange(echo) == []
        # The hourly ceiling: the third answer of the hour is the last one.
        [third] = town.exchange(declaration_from("a@inconnu-exemple.fr"))
        assert town.exchange(declaration_from("b@inconnu-exemple.fr")) == []
        relayed = town.received
        codes = no_reply_of(town)
        with town.factory() as session:
            ceiling = session.scalars(select(Message).where(Message.no_reply == NoReply.UNKNOWN_CEILING)).one().id
        page = town.desk_page(f"/messages/{ceiling}")
    assert [r.lower() for _f, rcpts, _raw in relayed for r in rcpts] == [
        STRANGER, "support@helpdesk-exemple.com", "a@inconnu-exemple.fr"]
    assert codes == [None, *[NoReply.UNKNOWN_ALREADY_TOLD] * 4, NoReply.NOT_OUR_BUSINESS, NoReply.NOT_OUR_BUSINESS,
                     None, *[NoReply.LOOP] * 5, None, NoReply.UNKNOWN_CEILING]
    assert NO_REPLY_LABELS[NoReply.UNKNOWN_CEILING] in page.replace("&#39;", "'")
