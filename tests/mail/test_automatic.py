"""The automatic-mail verdict on chosen cases: each signal, and the traps that must stay human."""

from __future__ import annotations

import pytest

from intake.mail.automatic import MailFacts, judge


def facts(**kw: object) -> MailFacts:
    kw.setdefault("headers", {})
    return MailFacts(**kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        ({"auto-submitted": ["auto-replied"]}, "auto_reply"),
        ({"auto-submitted": ["auto-generated"]}, "auto_reply"),
        ({"x-autoreply": ["yes"]}, "auto_reply"),
        ({"x-autorespond": ["1"]}, "auto_reply"),
        ({"precedence": ["bulk"]}, "bulk"),
        ({"precedence": ["junk"]}, "bulk"),
        ({"precedence": ["list"]}, "bulk"),
        ({"list-id": ["<x.lists.example>"]}, "bulk"),
        ({"return-path": ["<>"]}, "auto_reply"),
    ],
)
def test_header_signals(headers: dict[str, list[str]], kind: str) -> None:
    verdict = judge(facts(headers=headers, subject="Déclaration"))
    assert verdict.automatic and verdict.kind == kind and verdict.reasons


def test_auto_submitted_no_is_human() -> None:
    assert not judge(facts(headers={"auto-submitted": ["no"]})).automatic


def test_x_auto_response_suppress_alone_is_human() -> None:
    # Outlook and Exchange put it on ordinary mail: it must not decide alone.
    verdict = judge(facts(headers={"x-auto-response-suppress": ["All"]}, subject="Arrêt de travail DUPONT",
                          new_text="Bonjour, ci-joint l'arrêt de M. DUPONT."))
    assert not verdict.automatic and verdict.reasons


def test_report_and_daemon_senders() -> None:
    assert judge(facts(content_type="multipart/report", report_type="delivery-status")).kind == "delivery_report"
    assert judge(facts(content_type="multipart/report", report_type="disposition-notification")).intent == "auto_reply"
    assert judge(facts(from_addr="MAILER-DAEMON@mx.example.fr")).kind == "delivery_report"
    # postmaster@ is a person's address too (the mail administrator): the name alone is not a verdict…
    assert not judge(facts(from_addr="postmaster@mairie.fr", subject="Question", new_text="Bonjour, pouvez-vous me rappeler ?")).automatic
    # …the report's wording beside it is.
    bounce = "550 - Requested action not taken: no such user here"
    assert judge(facts(from_addr="post_master@mairie.fr", subject="Returned", new_text=bounce)).kind == "delivery_report"
    assert judge(facts(from_addr="no-reply@portail.fr")).automatic is False  # weak alone…
    assert judge(facts(from_addr="no-reply@portail.fr", headers={"x-auto-response-suppress": ["All"]})).automatic  # …not with company


def test_no_reply_portal_sending_pieces_is_not_flagged() -> None:
    assert not judge(facts(from_addr="noreply@mairie.fr", has_attachments=True, new_text="Document numérisé.")).automatic


@pytest.mark.parametrize(
    "subject",
    ["Réponse automatique : Relance", "Absence du bureau : Relance", "Automatic reply: x", "Out of Office: x",
     "Undelivered Mail Returned to Sender", "Non remis : Relance", "Delivery Status Notification (Failure)"],
)
def test_subjects(subject: str) -> None:
    assert judge(facts(subject=subject)).automatic


@pytest.mark.parametrize(
    "text",
    [
        "Je suis absente du 10/03 au 21/03 inclus. En cas d'urgence, merci de contacter le secrétariat.",
        "I am out of the office until Monday. In case of emergency, please call the front desk.",
        "Ceci est une réponse automatique.",
    ],
)
def test_out_of_office_wording(text: str) -> None:
    assert judge(facts(new_text=text, subject="RE: Relance")).intent == "auto_reply"


def test_a_tagged_subject_with_absence_wording_is_an_auto_reply() -> None:
    # The tag alone is not enough (see below); with the absence wording it is, even when the wording names
    # the files the writer handles (which halves body wording).
    text = ("Bonjour, je suis absente du bureau jusqu'au 4 janvier inclus et votre message ne sera pas transféré. "
            "Pour les dossiers d'arrêt de travail urgents, voyez M. Roux au standard.")
    assert judge(facts(subject="[Absence] RE: Dossier 2025-0012", new_text=text)).intent == "auto_reply"
    assert judge(facts(subject="[Auto] TR: pièces", new_text="Je suis en congés, de retour le 12.")).intent == "auto_reply"


def test_a_tagged_subject_alone_stays_human() -> None:
    text = "Ci-joint l'arrêt de travail de Mme Vidal du 3 au 14 mars."
    assert not judge(facts(subject="[Absence] Mme Vidal", new_text=text, has_attachments=True)).automatic


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        ("Absence de M. DUPONT", "L'agent est absent depuis le 10/03, en arrêt jusqu'au 20/03."),
        ("Arrêt maladie", "Mme X est absente du 10/03 au 21/03. En cas d'urgence, vous pouvez me joindre."),
        ("Arrêt", "Je suis en arrêt depuis le 10/03, voici mon avis d'arrêt de travail."),
        ("Absence du 10/03 au 21/03", "Je serai absente la semaine prochaine ; pour toute urgence voyez ma collègue. Ci-joint l'arrêt de M. Y."),
        ("Déclaration", "Je suis absente demain mais joignable."),
    ],
)
def test_declarations_speaking_of_absence_stay_human(subject: str, text: str) -> None:
    assert not judge(facts(subject=subject, new_text=text)).automatic


def test_bulk_headers_on_an_out_of_office_make_it_an_auto_reply() -> None:
    verdict = judge(facts(headers={"precedence": ["bulk"]}, new_text="Je suis absent jusqu'au 20/03. En cas d'urgence, appelez le 04."))
    assert verdict.kind == "auto_reply" and verdict.intent == "auto_reply"
