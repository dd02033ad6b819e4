"""Reply attributions that open with the date and time, as Android's mail writes them in every language (seen
in real mail: « 02.04.2012 14:20 пользователь … написал: » left in the new text)."""

from __future__ import annotations

from intake.mail.quoting import split_body


def test_an_android_attribution_opening_with_date_and_time_sets_the_history_apart() -> None:
    body = ("Bien reçu, merci.\n\n2/4/2026 14:20, « Paul Girard » <paul.girard@exemple.test>\n"
            "a écrit :\n\n> Voici le document demandé.\n")
    parts = split_body(body, subject="RE: document", replied=True, recipients=[])
    assert parts.new_text.strip() == "Bien reçu, merci." and "Voici le document" in parts.quoted


def test_lines_opening_with_a_date_and_time_in_a_report_stay_new_text() -> None:
    body = "Bonjour,\n\n12/03/2026 08:30 arrivée au service\n12/03/2026 09:10 chute dans l'escalier\n\nCordialement\n"
    parts = split_body(body, subject="accident", replied=False, recipients=[])
    assert "09:10 chute dans l'escalier" in parts.new_text
