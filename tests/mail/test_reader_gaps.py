"""Reader bugs once worked around in understanding, each pinned on a whole mail as the corpus's clients write it."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from corpus.claims_mime import to_html
from corpus.claims_text import DISCLAIMER
from intake.domain import NoReply
from intake.mail.automatic import MailFacts, judge
from intake.mail.quoting import split_body
from intake.mail.read import read_message
from intake.replies.choose import ReplyFacts, silence_reason

DECLARED = "Veuillez trouver ci-joint mon arrêt de travail du 03/03/2025 au 07/03/2025."
INNER = f"Bonjour,\n\n{DECLARED}\n\nCordialement,\nLucie Martin"
HEADS = [
    "-------- Message transféré --------\nSujet : Arrêt\nDate : 03/03/2025 09:12\nDe : Lucie Martin <lucie.martin@gmail.com>\nPour : rh@mairie.fr",
    "---------- Forwarded message ---------\nDe : Lucie Martin <lucie.martin@gmail.com>\nDate: lun. 3 mars 2025 à 09:12\nSubject: Mon arrêt\nTo: <rh@mairie.fr>",
    "________________________________\nDe : Lucie Martin <lucie.martin@gmail.com>\nEnvoyé : lundi 3 mars 2025 09:12\nÀ : rh@mairie.fr\nObjet : Mon arrêt",
]


def _mail(text: str, *, style: str = "outlook", sender: str = "rh@mairie.fr", subject: str = "TR: Mon arrêt",
          headers: dict[str, str] | None = None) -> bytes:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = sender, "prestations@cdg-exemple.fr", subject
    m["Date"], m["Message-ID"] = "Mon, 03 Mar 2025 10:00:00 +0100", "<gap@mairie.fr>"
    for k, v in (headers or {}).items():
        m[k] = v
    if style == "plain":
        m.set_content(text)
    else:
        m.set_content(to_html(text, style), subtype="html")
    return m.as_bytes()


@pytest.mark.parametrize("head", HEADS)
def test_outlook_html_forward_text_is_not_glued_to_its_header_block(head: str) -> None:
    # Outlook's HTML has no blank line between paragraphs: the forwarded text came right under "Objet :"/"Pour :"
    # and was read as a wrapped header value, leaving the forward without text.
    body = f"Bonjour,\n\nPour déclaration, voir ci-dessous.\n\nCordialement,\n\nJeanne ROUSSEL\nSecrétaire\n\n{head}\n\n{INNER}\n"
    read = read_message(_mail(body))
    assert len(read.forwarded) == 1
    fw = read.forwarded[0]
    assert DECLARED in fw.text
    assert "lucie.martin@gmail.com" in fw.from_line and "Bonjour" not in " ".join(fw.headers.values())


def test_wrapped_header_values_are_still_joined() -> None:
    # What the fix must keep: plain-text clients wrap long address lists and subjects.
    cut = ("TR: Déclaration de l'arrêt de travail de Mme Lucie MARTIN,", "adjointe technique")
    long_subject = " ".join(cut)
    head = (f"De : Lucie Martin <lucie.martin@gmail.com>\nEnvoyé : lundi 3 mars 2025 09:12\n"
            f"À : rh@mairie.fr; secretariat@mairie.fr;\nmaire@mairie.fr\nObjet : {cut[0]}\n{cut[1]}\n\n{DECLARED}")
    parts = split_body(f"Pour info.\n\n{head}", subject="TR: Arrêt")
    fw = parts.forwarded[0]
    assert fw.headers["to"].endswith("maire@mairie.fr") and fw.subject == long_subject and fw.text == DECLARED


@pytest.mark.parametrize("quote", ["", "-----Message d'origine-----\nDe : Service prestations <prestations@cdg-exemple.fr>\n"
                                       "Envoyé : lundi 3 mars 2025 08:00\nÀ : rh\nObjet : Dossier en cours\n\nMerci de nous transmettre l'arrêt."])
def test_outlook_html_body_with_a_disclaimer_keeps_its_new_text(quote: str) -> None:
    # With no blank line anywhere, the whole message was one "paragraph" holding a disclaimer: all of it was set
    # apart as disclaimer and new_text came out empty.
    said = "Veuillez trouver ci-joint l'arrêt de Mme Lucie MARTIN du 03/03/2025 au 07/03/2025."
    body = f"Bonjour,\n\n{said}\n\nCordialement,\n\nJeanne ROUSSEL\nSecrétaire\nTél. : 04 66 12 34 56\n\n{DISCLAIMER}"
    read = read_message(_mail(body + (f"\n\n{quote}" if quote else ""), subject="RE: Dossier en cours"))
    assert said in read.new_text and "confidentiels" not in read.new_text
    assert read.disclaimer.startswith("Ce message") and said not in read.disclaimer
    assert read.signature.startswith("Jeanne ROUSSEL")
    assert ("Merci de nous transmettre" in read.quoted) == bool(quote)


def test_a_disclaimer_with_a_title_line_is_set_apart_whole() -> None:
    parts = split_body("Bonjour,\n\nCi-joint l'arrêt.\n\nAVERTISSEMENT :\nCe message est confidentiel et destiné exclusivement\nà ses destinataires.")
    assert parts.new_text == "Bonjour,\n\nCi-joint l'arrêt." and parts.disclaimer.startswith("AVERTISSEMENT")


NEWSLETTER = ("Dans ce numéro :\n- Congé de paternité : rappel des règles\n- Webinaire le 21/06/2025 à 10h\n\n"
              "Pour vous désinscrire, cliquez ici.")


@pytest.mark.parametrize(("sender", "headers"), [
    ("no-reply@lettre-rh.fr", {"List-Unsubscribe": "<https://example.invalid/u>"}),
    ("no-reply@lettre-rh.fr", {}),
    ("newsletter@rh-territoriale-info.fr", {"List-Unsubscribe": "<https://example.invalid/u>"}),
])
def test_a_no_reply_newsletter_with_list_unsubscribe_is_bulk_not_auto_reply(sender: str, headers: dict[str, str]) -> None:
    # The no-reply address outweighed List-Unsubscribe and made a newsletter an auto_reply. It is a mailing:
    # automatic (never answered), of kind bulk, and no contract intent is settled by the reader.
    read = read_message(_mail(NEWSLETTER, style="plain", sender=sender, subject="Lettre RH", headers=headers))
    verdict = read.automatic
    assert verdict.automatic and verdict.kind == "bulk" and verdict.intent is None, verdict.reasons
    facts = ReplyFacts(intent="question", automatic=verdict.automatic, sender=sender, sender_known=True)
    assert silence_reason(facts) == NoReply.AUTOMATIC


def test_unsubscribe_wording_alone_and_no_reply_portals_stay_human() -> None:
    assert not judge(MailFacts(headers={}, from_addr="rh@mairie.fr", new_text=NEWSLETTER)).automatic
    portal = MailFacts(headers={}, from_addr="noreply@mairie.fr", has_attachments=True, new_text="Document numérisé.")
    assert not judge(portal).automatic


def test_an_out_of_office_from_a_no_reply_address_stays_auto_reply() -> None:
    v = judge(MailFacts(headers={}, from_addr="no-reply@mairie.fr",
                        new_text="Je suis absente du 10/03 au 14/03. En cas d'urgence, contactez le secrétariat."))
    assert v.kind == "auto_reply" and v.intent == "auto_reply"
