"""A new hire's arrêt whose name the reading missed: the words write their NIR beside their name, the form carries
that NIR, and the two are one claim (the registry has no NIR to join them by). Written for these tests."""

from __future__ import annotations

from email.message import EmailMessage

from test_forms import make_form

from intake.identify.match import AgentRecord, EmployerRecord, Registry
from intake.identify.message import understand_message
from intake.mail.read import read_message

TOWN = "C99002"
NIR = "2910307123456"


def test_a_nameless_form_joins_the_person_the_words_give_its_nir():
    reg = Registry([EmployerRecord(TOWN, "Mairie de Lagorce", ("mairie-lagorce.fr",))],
                   [AgentRecord(TOWN, "L003", "2880712398765", "ROCHETTE", None, "Lucie", None)])
    form = make_form(form="10170", last="", first="", nir13=NIR, boxes={"initial"}, start="01/10/2025", end="04/10/2025")
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "Accueil <accueil@mairie-lagorce.fr>", "prestations@cdg-exemple.fr", "arrêts"
    m["Date"], m["Message-ID"] = "Mon, 06 Oct 2025 08:30:00 +0200", "<hire-form@example.org>"
    m.set_content("Bonjour,\n\n- Solène Pradier (NIR 2 91 03 07 123 456) : arrêt du 01/10/2025 au 04/10/2025\n"
                  "- Mme ROCHETTE Lucie : arrêt du 02/10/2025 au 09/10/2025\n\nCordialement\nAccueil\n")
    m.add_attachment(form, maintype="application", subtype="pdf", filename="scan_0042.pdf")
    u = understand_message(read_message(m.as_bytes()), reg)
    got = sorted((c.agent.matricule or "-", sorted(f for f, _ in c.documents)) for c in u.claims)
    assert got == [("-", ["scan_0042.pdf"]), ("L003", [])]
