"""People the registry does not hold yet (new hires) and mails that name them in ways the capitalised shapes miss:
the stop is still declared, as a claim with no agent and the person's name as written, for the handler to file.

The mails and the registry are written for these tests; none is a corpus mail.
"""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from intake.identify.match import AgentRecord, EmployerRecord, Registry
from intake.identify.message import understand_message
from intake.mail.read import read_message
from intake.understand.names import find_lowercase_people

TOWN = "C99001"


@pytest.fixture(scope="module")
def reg() -> Registry:
    town = EmployerRecord(TOWN, "Mairie de Lagorce", ("mairie-lagorce.fr",))
    agents = [
        AgentRecord(TOWN, "L001", "2790512345678", "PONSONNET", None, "Delphine", None),
        AgentRecord(TOWN, "L002", "1820634567890", "VERNET", None, "Arnaud", None),
        AgentRecord(TOWN, "L003", "2880712398765", "ROCHETTE", None, "Lucie", None),
    ]
    return Registry([town], agents)


def _understand(reg: Registry, body: str, *, sender: str, subject: str = "arrêt"):
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = sender, "prestations@cdg-exemple.fr", subject
    m["Date"], m["Message-ID"] = "Mon, 06 Oct 2025 08:30:00 +0200", "<hires@example.org>"
    m.set_content(body)
    return understand_message(read_message(m.as_bytes()), reg)


def _claims(u) -> list[tuple[str | None, str, str, str]]:
    return [(c.agent.matricule, c.agent.name, str(c.arret_start and c.arret_start.value), str(c.arret_end and c.arret_end.value))
            for c in u.claims]


def test_an_unregistered_writer_telling_their_own_stop_gets_a_claim_without_agent(reg):
    # A new agent writes from a personal address; the registry has another PONSONNET, not this one.
    u = _understand(reg, "Bonjour,\n\nJe suis agent technique à la mairie de Lagorce depuis septembre. Je suis en arrêt "
                         "du 01/10/2025 au 12/10/2025, mon employeur m'a demandé de vous écrire.\n\nBien à vous\n"
                         "Mathis Ponsonnet\n", sender="Mathis Ponsonnet <mathis.pons07@laposte.net>")
    assert u.intent.intent == "declaration"
    [(agent, name, start, end)] = _claims(u)
    assert agent is None and "PONSONNET" in name.upper() and (start, end) == ("2025-10-01", "2025-10-12")


def test_a_registered_writer_telling_their_own_stop_is_still_named(reg):
    u = _understand(reg, "Bonjour,\n\nJe travaille à la mairie de Lagorce. Je suis en arrêt du 01/10/2025 au 12/10/2025.\n\n"
                         "Cordialement\nArnaud Vernet\n", sender="Arnaud Vernet <arnaud.v@free.fr>")
    assert [c[0] for c in _claims(u)] == ["L002"]


def test_a_secretary_signing_a_mail_from_the_town_hall_is_never_the_person(reg):
    # The town hall's own address: the signature is the secretary's, and nobody else is named.
    u = _understand(reg, "Bonjour,\n\nJe suis en arrêt du 01/10/2025 au 12/10/2025.\n\nCordialement\nNadège Fabregoule\n",
                    sender="Nadège Fabregoule <secretariat@mairie-lagorce.fr>")
    assert all(c.agent.matricule is None for c in u.claims)
    assert not any("FABREGOULE" in (c.agent.name or "").upper() for c in u.claims)


def test_an_agent_mail_forwarded_under_its_first_person_subject_names_its_writer(reg):
    # The forwarded mail's own subject (« mon accident ») tells the writer's stop; the body speaks of them in
    # the third person.
    body = ("Bonjour,\n\nPour suite à donner.\n\nNadège Fabregoule\n\n-------- Message transféré --------\n"
            "Sujet : \tmon accident\nDate : \tThu, 02 Oct 2025 18:02:00 +0200\nDe : \tYannick ESTOURNEL <y.estournel@gmail.com>\n"
            "Pour : \tsecretariat@mairie-lagorce.fr\n\nBonjour,\nAccident de service le 29/09/2025 : Yannick Estournel, "
            "arrêté du 29/09/2025 au 10/10/2025.\nMerci\n")
    u = _understand(reg, body, sender="Nadège Fabregoule <secretariat@mairie-lagorce.fr>", subject="Fwd: accident")
    [(agent, name, start, end)] = _claims(u)
    assert agent is None and "ESTOURNEL" in name.upper() and (start, end) == ("2025-09-29", "2025-10-10")


def test_a_forwarded_reply_subject_is_not_its_writer_speaking(reg):
    # « RE: mon arrêt »: the secretary answered the agent's mail; her name stays a signature.
    body = ("Bonjour,\n\nPour info.\n\n-------- Message transféré --------\nSujet : \tRE: mon arrêt\n"
            "De : \tNadège Fabregoule <secretariat@mairie-lagorce.fr>\nPour : \tl.rochette@gmail.com\n\n"
            "Bonjour,\nMme ROCHETTE Lucie est en arrêt du 01/10/2025 au 05/10/2025.\nNadège Fabregoule\n")
    u = _understand(reg, body, sender="Accueil <accueil@mairie-lagorce.fr>", subject="Fwd: arrêt")
    assert [c[0] for c in _claims(u)] == ["L003"]


@pytest.mark.parametrize("text, last, first", [
    ("madame estournel sera absente du 3 au 8", "estournel", None),
    ("Mme pradier solene est en arrêt", "pradier", "solene"),
    ("monsieur guilhot, arrêté", "guilhot", None),
    ("Solène pradier s'est blessée au dos", "pradier", "Solène"),
])
def test_names_written_in_lower_case_are_read(text, last, first):
    [p] = find_lowercase_people(text)
    assert (p.mention.last_name, p.mention.first_name) == (last, first)


@pytest.mark.parametrize("text", ["monsieur le maire a signé", "madame est absente", "bonjour madame, voici",
                                  "Madame la directrice générale", "mme votre agent"])
def test_lower_case_words_after_a_civilite_that_are_no_name(text):
    assert find_lowercase_people(text) == []


def test_a_stop_of_someone_named_in_lower_case_is_declared_without_agent(reg):
    u = _understand(reg, "bonjour,\n\nmadame pradier sera en conge maternite du 20/10/25 au 08/02/26.\n\nbonne journee\n"
                         "Nadège Fabregoule\nSecrétariat de mairie\n", sender="Nadège Fabregoule <secretariat@mairie-lagorce.fr>")
    assert u.intent.intent == "declaration"
    [(agent, name, start, end)] = _claims(u)
    assert agent is None and name.upper().startswith("PRADIER") and (start, end) == ("2025-10-20", "2026-02-08")


def test_a_registered_agent_in_lower_case_is_still_matched(reg):
    u = _understand(reg, "bonjour\nmme rochette est en arret du 01/10/2025 au 05/10/2025\nmerci\nNadège Fabregoule\n",
                    sender="Nadège Fabregoule <secretariat@mairie-lagorce.fr>")
    assert [c[0] for c in _claims(u)] == ["L003"]


@pytest.mark.parametrize("text, found", [
    ("- Solène Pradier (NIR 2 91 03 07 123 456) : arrêt", ("Pradier", "Solène")),
    ("Yannick Estournel : arrêt du 2 octobre au 9 octobre", ("Estournel", "Yannick")),
    ("Centre Hospitalier (standard 04 75 00 00 00)", None),
    ("Pièce Jointe : 2 fichiers", None),
])
def test_a_list_item_opening_with_a_first_and_last_name(text, found):
    from intake.understand.names import find_people

    got = [(p.mention.last_name, p.mention.first_name) for p in find_people(text)]
    assert got == ([found] if found else [])


def test_an_unregistered_person_in_a_list_keeps_their_nir_apart_from_the_registered_one(reg):
    u = _understand(reg, "Bonjour,\n\nVoici les arrêts :\n- Solène Pradier (NIR 2 91 03 07 123 456 78) : arrêt du 01/10/2025 au 04/10/2025\n"
                         "- Mme ROCHETTE Lucie : arrêt du 02/10/2025 au 09/10/2025\n\nCordialement\nNadège Fabregoule\n",
                    sender="Nadège Fabregoule <secretariat@mairie-lagorce.fr>")
    got = sorted((c.agent.matricule or "-", c.nir.value if c.nir else None) for c in u.claims)
    assert got == [("-", "2910307123456"), ("L003", None)]


def test_a_list_item_written_last_name_first_is_one_person_with_the_subject(reg):
    # « Rochette Lucie (…) »: two capitalised words do not tell which is the surname.
    u = _understand(reg, "Bonjour,\n\nRochette Lucie (née le 12/07/1988) : arrêt du 01/10/2025 au 05/10/2025.\n\nCordialement\n"
                         "Nadège Fabregoule\n", sender="Nadège Fabregoule <secretariat@mairie-lagorce.fr>",
                    subject="Arrêt Mme ROCHETTE")
    assert [c[0] for c in _claims(u)] == ["L003"]
