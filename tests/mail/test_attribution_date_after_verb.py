"""A reply attribution with its date after the verb (« X <x@y> a écrit le 03/04/2025 09:15 : ») opens the
history even when the quoted lines carry no « > »: the older message's people are not the new text's."""

import pytest

from intake.mail.quoting import split_body


@pytest.mark.parametrize("attribution", [
    "Lucie Bret <lucie.bret@commune-x.fr> a écrit le 03/04/2025 09:15 :",
    "Service RH <rh@agglo-y.fr> a écrit le 2025-04-03 :",
    "Marc Ode a écrit le 3.4.2025 à 9h15 :",
])
def test_unmarked_history_after_a_dated_attribution(attribution):
    text = (f"Bonjour, voici l'arrêt de M. Alain Roche du 7 au 11 avril.\n\nCordialement\n\n{attribution}\n\n"
            "Bonjour,\nMme Irène Vidal est en arrêt du 01/03/2025 au 05/03/2025.\n")
    parts = split_body(text, subject="RE: arrêts")
    assert "Vidal" not in parts.new_text
    assert "Vidal" in parts.quoted


def test_a_sentence_saying_someone_wrote_stays_new_text():
    text = "Le médecin a écrit le 03/04/2025 que Mme Vidal serait absente :\nelle reprend lundi."
    assert "Vidal" in split_body(text, subject="").new_text
