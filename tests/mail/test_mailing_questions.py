"""A mailing's questions (« Vous partez en vacances ? ») are asked of nobody: a mail the reader judged an envoi
en nombre is no question for the handlers (seen in real mail: a French newsletter judged « question »)."""

from __future__ import annotations

import random

from corpus.mails import message, multipart, text_leaf
from intake.identify.match import Registry
from intake.pipeline.parse import analyse

NOBODY = Registry(employers=[], agents=[])



MAILING_TEXT = ("Vous partez bientôt en vacances ? Nos séjours d'été sont à prix doux.\n"
                "Réservez avant le 15 juin et profitez de 20 % de remise.\n")


def _mail(extra: dict[str, str]) -> bytes:
    headers = {"From": "Voyages Soleil <infos@voyages-soleil.test>", "To": "accueil@exemple.test",
               "Subject": "Votre été commence ici", "Date": "Mon, 2 Mar 2026 08:00:00 +0100",
               "Message-ID": "<ete@voyages-soleil.test>", **extra}
    return message(headers, multipart("alternative", [text_leaf(MAILING_TEXT)], random.Random(4)))


def test_a_mailings_question_asks_nobody() -> None:
    got = analyse(_mail({"Precedence": "bulk", "List-Unsubscribe": "<mailto:stop@voyages-soleil.test>"}), registry=NOBODY)
    assert got["intent"] == "other" and got["claims"] == []


def test_the_same_question_from_a_person_stays_a_question() -> None:
    assert analyse(_mail({}), registry=NOBODY)["intent"] == "question"
