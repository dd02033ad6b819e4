"""The new text set apart from history, signatures and disclaimers; forwards kept as content."""

from __future__ import annotations

import pytest

from intake.mail.quoting import split_body

ASK = "Pouvez-vous envoyer le certificat ?"


@pytest.mark.parametrize(
    "history",
    [
        f"Le mar. 11 mars 2025 à 10:02, Service <\nprestations@cdg.fr> a écrit :\n\n> {ASK}",
        f"Le 11 mars 2025 à 10:02, Service a écrit :\n{ASK}",
        f"On Tue, Mar 11, 2025 at 10:02 AM Service <p@cdg.fr> wrote:\n> {ASK}",
        f"De : Service <p@cdg.fr>\nEnvoyé : mardi 11 mars 2025 10:02\nÀ : rh@x.fr\nObjet : Pièces\n\n{ASK}",
        f"From: Service <p@cdg.fr>\nSent: Tuesday, March 11, 2025 10:02 AM\nTo: rh@x.fr\nSubject: Pièces\n\n{ASK}",
        f"-----Message d'origine-----\nDe : p@cdg.fr\nEnvoyé : mardi 11 mars 2025 10:02\nÀ : rh@x.fr\nObjet : Pièces\n\n{ASK}",
        f"-----Original Message-----\n{ASK}",
        f"________________________________\nDe : Service <p@cdg.fr>\nEnvoyé : mardi 11 mars 2025\nÀ : rh@x.fr\nObjet : RE: Pièces\n{ASK}",
        f"> Message du 11/03/25 10:02\n> De : p@cdg.fr\n> A : rh@x.fr\n> Objet : Pièces\n>\n> {ASK}",
        f"----- Mail original -----\nDe: p@cdg.fr\nÀ: rh@x.fr\nEnvoyé: Mardi 11 Mars 2025\nObjet: Pièces\n\n{ASK}",
    ],
)
def test_history_is_not_new_text(history: str) -> None:
    parts = split_body(f"Bonjour,\n\nLe certificat est joint.\n\nCordialement\n\n{history}\n", subject="RE: Pièces")
    assert "Le certificat est joint." in parts.new_text
    assert ASK not in parts.new_text and ASK in parts.quoted
    assert not parts.forwarded


def test_bottom_posting_keeps_text_after_the_quote() -> None:
    parts = split_body(f"Le 11/03/2025 à 10:02, X a écrit :\n> {ASK}\n\nLe voici en pièce jointe.")
    assert parts.new_text == "Le voici en pièce jointe."
    assert ASK in parts.quoted


@pytest.mark.parametrize(
    ("separator", "subject"),
    [
        ("-------- Message transféré --------\nSujet : Arrêt\nDate : 11/03/2025\nDe : Agent <a@gmail.com>\nPour : rh@x.fr", "Fwd: Arrêt"),
        ("---------- Forwarded message ---------\nFrom: Agent <a@gmail.com>\nDate: Tue, Mar 11, 2025\nSubject: Arrêt\nTo: rh@x.fr", "Fwd: Arrêt"),
        ("Début du message réexpédié :\n\n> De: Agent <a@gmail.com>\n> Objet: Arrêt\n> Date: 11 mars 2025\n> À: rh@x.fr\n>", "Fwd: Arrêt"),
        ("De : Agent <a@gmail.com>\nEnvoyé : mardi 11 mars 2025 08:00\nÀ : rh@x.fr\nObjet : TR: Arrêt", "TR: Arrêt"),
        ("-----Message d'origine-----\nDe : Agent <a@gmail.com>\nEnvoyé : mardi 11 mars 2025\nÀ : rh@x.fr\nObjet : Arrêt", "TR: Arrêt"),
    ],
)
def test_forward_is_content(separator: str, subject: str) -> None:
    inner = "Je suis en arrêt du 10 au 20 mars."
    quoted_inner = "> " + inner if "réexpédié" in separator else inner
    parts = split_body(f"Pour info.\n\n{separator}\n\n{quoted_inner}\n", subject=subject)
    assert parts.new_text == "Pour info."
    assert len(parts.forwarded) == 1
    assert parts.forwarded[0].text == inner
    assert "a@gmail.com" in parts.forwarded[0].from_line
    assert parts.quoted == ""


def test_reply_to_a_forward_is_history() -> None:
    body = ("Merci.\n\nDe : RH <rh@x.fr>\nEnvoyé : mardi 11 mars 2025 10:00\nÀ : p@cdg.fr\nObjet : TR: Arrêt\n\n"
            "---------- Forwarded message ---------\nDe : a@gmail.com\nDate: 10 mars\nSubject: Arrêt\n\nTexte ancien")
    parts = split_body(body, subject="RE: TR: Arrêt")
    assert parts.new_text == "Merci." and not parts.forwarded and "Texte ancien" in parts.quoted


@pytest.mark.parametrize(
    "closing",
    ["-- \nJean DUPONT\nMairie", "--\nJean", "Envoyé de mon iPhone", "Sent from my Galaxy", "Obtenir Outlook pour Android"],
)
def test_signatures(closing: str) -> None:
    parts = split_body(f"Bonjour,\nL'arrêt est joint.\n\n{closing}")
    assert parts.new_text == "Bonjour,\nL'arrêt est joint."
    assert parts.signature


def test_unmarked_signature_after_closing_formula() -> None:
    parts = split_body("Bonjour,\n\nL'arrêt est joint.\n\nBien cordialement,\n\nLéa BOULET\nAdjoint administratif\nTél. : 04 66 78 79 98")
    assert parts.new_text.endswith("Bien cordialement,")
    assert parts.signature.startswith("Léa BOULET")


def test_long_text_after_closing_formula_stays_new() -> None:
    tail = "\n".join(f"Ligne de contenu numéro {i} qui continue la déclaration." for i in range(15))
    parts = split_body(f"Cordialement,\n{tail}")
    assert "numéro 14" in parts.new_text


@pytest.mark.parametrize(
    "disclaimer",
    [
        "Ce message et ses pièces jointes sont confidentiels et destinés exclusivement au destinataire.",
        "Ce courriel et toutes les pièces jointes sont strictement réservés à l'usage de la personne nommée.",
        "Pensez à l'environnement avant d'imprimer ce message.",
        "Les informations contenues dans ce message sont confidentielles. Si vous avez reçu ce message par erreur, merci de le détruire.",
        "This e-mail and any attachments are confidential and intended solely for the addressee.",
    ],
)
def test_disclaimers_are_set_apart(disclaimer: str) -> None:
    parts = split_body(f"Bonjour,\n\nL'arrêt est joint.\n\n{disclaimer}\n")
    assert parts.new_text == "Bonjour,\n\nL'arrêt est joint."
    assert disclaimer.split()[0] in parts.disclaimer


def test_letter_style_headers_are_not_history() -> None:
    body = "De : Mairie de Mende\nÀ : Centre de gestion\nObjet : déclaration d'accident\n\nMme X a chuté le 12/03."
    parts = split_body(body)
    assert "Mme X a chuté" in parts.new_text and parts.quoted == ""


# --- a forward without « TR: »: a relay passing on someone else's mail ------------------------------------
OTHERS_MAIL = ("De : Paul Vidal <p.vidal@mairie-sauve.fr>\nEnvoyé : lundi 3 mars 2025 08:40\nÀ : accueil@relais.fr\n"
               "Objet : Congé de M. Roux\n\nM. Roux est en arrêt du 3 au 9 mars 2025.")


@pytest.mark.parametrize("subject", ["Pour traitement", ""])
def test_someone_elses_mail_under_a_subject_saying_nothing_is_forwarded(subject: str) -> None:
    # A centre de gestion relays a town hall's mail with its own words and subject: no « TR: », no
    # separator line, nothing it answers. The mail below is what we are asked to read, not history.
    parts = split_body(f"Bonjour,\nVoici le message d'une commune, pour suite à donner.\n\n{OTHERS_MAIL}\n",
                       subject=subject, recipients=["gestion@assureur.fr"])
    assert parts.quoted == "" and len(parts.forwarded) == 1
    assert parts.forwarded[0].text == "M. Roux est en arrêt du 3 au 9 mars 2025."
    assert "p.vidal@mairie-sauve.fr" in parts.forwarded[0].from_line


@pytest.mark.parametrize(
    ("subject", "replied", "recipients"),
    [
        ("RE: Congé de M. Roux", False, ["gestion@assureur.fr"]),  # the subject says it answers
        ("Congé de M. Roux", True, ["gestion@assureur.fr"]),  # In-Reply-To says it answers
        ("Congé de M. Roux", False, ["p.vidal@mairie-sauve.fr"]),  # it quotes a mail of the one it writes to
    ],
)
def test_a_mail_that_answers_the_one_below_keeps_it_as_history(subject: str, replied: bool, recipients: list[str]) -> None:
    parts = split_body(f"Merci, c'est noté.\n\n{OTHERS_MAIL}\n", subject=subject, replied=replied, recipients=recipients)
    assert not parts.forwarded and "M. Roux est en arrêt" in parts.quoted
