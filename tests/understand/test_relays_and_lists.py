"""Mails relayed by someone else (a centre de gestion passing on a town hall's mail) and mails listing several
agents: the relayed mail is the content, a reply's history never is, and each agent keeps their own dates.

The mails are written for these tests in the style of such senders; none is a corpus mail.
"""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from test_forms import make_form

from intake.identify.match import Registry
from intake.identify.message import understand_message
from intake.mail.read import read_message
from intake.understand.mentions import PersonMention
from intake.understand.merge import merge_misspelt
from intake.understand.names import PersonFound
from support import SAMPLES

TOWN = "rh@mairiefloractroisrivieres.fr"  # a domain of the sample registry (collectivité C48061)
RELAY = "prestations.cdg@cdg-lozere.fr"  # nobody's address in the registry
US = "prestations@cdg-exemple.fr"


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.from_csv_dir(SAMPLES / "registry")


def _agent(reg: Registry, last: str, first: str):
    (found,) = [a for a in reg.agents_of("C48061") if a.last_name == last and a.first_name == first]
    return found


def _mail(body: str, *, sender: str, subject: str, in_reply_to: str | None = None,
          pieces: list[tuple[str, bytes]] = ()) -> bytes:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = sender, US, subject
    m["Date"], m["Message-ID"] = "Tue, 11 Mar 2025 09:00:00 +0100", "<relays@example.org>"
    if in_reply_to:
        m["In-Reply-To"] = in_reply_to
    m.set_content(body)
    for name, data in pieces:
        m.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return m.as_bytes()


def _claims(reg: Registry, raw: bytes) -> list[tuple[str, str, str]]:
    u = understand_message(read_message(raw), reg)
    return sorted((c.agent.matricule or "-", str(c.arret_start and c.arret_start.value),
                   str(c.arret_end and c.arret_end.value)) for c in u.claims)


TOWN_MAIL = ("De : Sylvie Marcon <rh@mairiefloractroisrivieres.fr>\nEnvoyé : lundi 10 mars 2025 17:12\n"
             "À : accueil@cdg-lozere.fr\nObjet : arrêts de la semaine\n\nBonjour,\n"
             "Mme FERREIRA Laetitia est en arrêt maladie du 03/03/2025 au 07/03/2025.\n"
             "M. Patrick LAURENT est arrêté du 05/03/2025 au 19/03/2025.\nCordialement\nSylvie Marcon\n"
             "Service du personnel\nMairie de Florac Trois Rivières\n")


@pytest.mark.parametrize("subject", ["Pour suite à donner", ""])
def test_a_relayed_town_hall_mail_makes_the_claims_of_its_agents(reg, subject):
    # No « TR: », no separator line: the relay's own two lines and the town hall's mail under its header block.
    a, b = _agent(reg, "FERREIRA", "LAETITIA"), _agent(reg, "LAURENT", "PATRICK")
    raw = _mail(f"Bonjour,\nLe message ci-dessous d'une collectivité affiliée vous revient.\nBien à vous,\n"
                f"Lucie Vidal\nCentre de gestion\n\n{TOWN_MAIL}", sender=RELAY, subject=subject)
    assert _claims(reg, raw) == sorted([(a.matricule, "2025-03-03", "2025-03-07"), (b.matricule, "2025-03-05", "2025-03-19")])


def test_the_relayed_mail_and_its_form_are_read_together(reg):
    # The form came with the relayed mail: it does not outweigh the relayed words naming a second agent.
    a, b = _agent(reg, "FERREIRA", "LAETITIA"), _agent(reg, "LAURENT", "PATRICK")
    form = make_form(form="10170", last="FERREIRA", first="Laetitia", nir13=a.nir, boxes={"initial"},
                     start="03/03/2025", end="07/03/2025")
    raw = _mail(f"Bonjour,\nVoici un mail reçu par nos services.\n\n{TOWN_MAIL}", sender=RELAY, subject="Arrêts",
                pieces=[("arret.pdf", form)])
    assert _claims(reg, raw) == sorted([(a.matricule, "2025-03-03", "2025-03-07"), (b.matricule, "2025-03-05", "2025-03-19")])


def test_our_own_mail_quoted_under_a_fresh_subject_is_history(reg):
    # The town hall answers our mail in a new message (no « RE: », no In-Reply-To): our mail below names an
    # agent of an older claim, and the answer names nobody and dates nothing: no claim.
    ours = (f"De : Service prestations <{US}>\nEnvoyé : lundi 10 mars 2025 10:00\nÀ : {TOWN}\nObjet : Dossier\n\n"
            "Pour le dossier de M. LAURENT Patrick (arrêt du 05/03/2025 au 19/03/2025), il manque l'arrêt.\n")
    raw = _mail(f"Bonjour,\nNous vous le faisons parvenir dès que possible.\n\n{ours}", sender=TOWN, subject="Votre demande")
    assert _claims(reg, raw) == []


def test_a_reply_keeps_the_history_below_even_from_a_third_party(reg):
    theirs = TOWN_MAIL.replace("accueil@cdg-lozere.fr", "rh@mairiefloractroisrivieres.fr")
    raw = _mail(f"Merci, bien reçu.\n\n{theirs}", sender=TOWN, subject="arrêts", in_reply_to="<older@example.org>")
    assert _claims(reg, raw) == []


def test_a_table_then_the_same_list_gives_each_agent_their_own_dates(reg):
    # One cell a line (« Agent / Du / Au »), then the same stops in sentences: each naming is the person's.
    a, b = _agent(reg, "FERREIRA", "LAETITIA"), _agent(reg, "LAURENT", "PATRICK")
    body = ("Bonjour,\nLes arrêts du mois :\nAgent\nDu\nAu\nLaetitia FERREIRA\n03/03/2025\n07/03/2025\n"
            "LAURENT Patrick\n05/03/2025\n19/03/2025\n\n"
            "Laetitia FERREIRA : arrêt du 03/03/2025 au 07/03/2025\nLAURENT Patrick : arrêt du 05/03/2025 au 19/03/2025\n"
            "\nCordialement\n")
    raw = _mail(body, sender=TOWN, subject="Arrêts du mois")
    assert _claims(reg, raw) == sorted([(a.matricule, "2025-03-03", "2025-03-07"), (b.matricule, "2025-03-05", "2025-03-19")])


def test_a_person_only_the_form_names_in_capitals_is_found_in_lower_case_words(reg):
    # « ugo zygomar » (someone the registry does not know yet) is not read as a name by the patterns: the
    # form's name found in the words keeps his stop off the other agent's, and the other's off his.
    b = _agent(reg, "LAURENT", "PATRICK")
    form = make_form(form="10170", last="ZYGOMAR", first="Ugo", nir13="1850312345678", boxes={"initial"},
                     start="10/03/2025", end="20/03/2025")
    body = ("bonjour\nci-joint l'arret de M. LAURENT Patrick du 05/03/2025 au 07/03/2025.\n"
            "ugo zygomar, recrute le mois dernier, est en arret du 10/03/2025 au 20/03/2025.\nbonne journee\n")
    raw = _mail(body, sender=TOWN, subject="arrets", pieces=[("arret_zygomar.pdf", form)])
    assert _claims(reg, raw) == sorted([(b.matricule, "2025-03-05", "2025-03-07"), ("-", "2025-03-10", "2025-03-20")])


def _person(last: str, first: str, *, form: bool) -> dict:
    m = PersonMention(last_name=last, first_name=first, source="scan.jpg" if form else "corps")
    if form:
        return {"found": [], "forms": [("scan.jpg", None, m)], "nirs": []}
    return {"found": [PersonFound(m, 0, len(last), last, "upper")], "forms": [], "nirs": []}


@pytest.mark.parametrize(("last", "first"), [("LEBRAUD", "Florac"), ("XZ LEBRAUD", "Maëlle")])
def test_a_scan_misreading_one_name_joins_the_agent_the_words_name(last, first):
    # A photo read badly: the town's name taken for the first name, or a stray mark before the surname.
    said, other, scan = _person("LEBRAUD", "Maëlle", form=False), _person("ROCHE", "Paul", form=False), \
        _person(last, first, form=True)
    keys = {id(said): "M1", id(other): "M2"}
    got = merge_misspelt([said, other, scan], lambda p: keys.get(id(p)) or ("M1" if p["found"] and
                                                                            p["found"][0].text == "LEBRAUD" else None))
    assert got == [said, other] and said["forms"] == scan["forms"]


def test_a_form_naming_another_first_name_beside_words_without_the_surname_stays_apart():
    said, scan = _person("LEBRAUD", "Maëlle", form=False), _person("LEBRAUX", "Florac", form=True)
    got = merge_misspelt([said, scan], lambda p: "M1" if p is said or p["found"] else None)
    assert got == [said, scan]


def test_a_civilite_then_an_initial_then_a_lower_case_surname_is_a_person(reg):
    # « mr p. laurent »: typed fast, in lower case, the first name cut to its initial.
    a, b = _agent(reg, "FERREIRA", "LAETITIA"), _agent(reg, "LAURENT", "PATRICK")
    body = ("bjr\nferreira laetitia est en arret du 03/03/2025 au 07/03/2025.\n"
            "mr p. laurent : arret du 05/03/2025 au 19/03/2025.\ncdt\n")
    raw = _mail(body, sender=TOWN, subject="arrets")
    assert _claims(reg, raw) == sorted([(a.matricule, "2025-03-03", "2025-03-07"), (b.matricule, "2025-03-05", "2025-03-19")])


# --- the writer of a relayed mail ---------------------------------------------------------------------------------
# A centre de gestion or a colleague passes on a town hall's mail: the secrétaire who wrote it is named in its
# header block and signs it; she may be an agent of the registry herself, and is never the claim's person.

def _relay(inner: str) -> bytes:
    return _mail(f"Bonjour,\nJe vous fais suivre ce message d'une commune adhérente.\nBonne journée\n"
                 f"Lucie Vidal\nCentre de gestion\n\n{inner}", sender=RELAY, subject="TR: Arrêt")


@pytest.mark.parametrize("closing", [
    "Chloé ROLLAND\nSecrétaire de mairie\nMairie de Florac Trois Rivières\nTél. 04 66 00 11 22\n",  # her title below
    "Chloé ROLLAND\n",  # only her name under the closing formula
    "Chloé ROLLAND, service du personnel\n",
])
def test_the_writer_of_a_relayed_mail_signing_it_makes_no_claim(reg, closing):
    a, writer = _agent(reg, "LAURENT", "PATRICK"), _agent(reg, "ROLLAND", "CHLOE")
    inner = (f"De : Chloé ROLLAND <{TOWN}>\nEnvoyé : lundi 10 mars 2025 17:12\nÀ : accueil@cdg-lozere.fr\n"
             "Objet : Arrêt\n\nBonjour,\nM. Patrick LAURENT est en arrêt maladie du 05/03/2025 au 19/03/2025.\n"
             f"Bien cordialement\n{closing}")
    assert _claims(reg, _relay(inner)) == [(a.matricule, "2025-03-05", "2025-03-19")]
    assert writer.matricule != a.matricule


def test_the_writer_of_a_relayed_mail_unknown_to_the_registry_makes_no_claim(reg):
    a = _agent(reg, "LAURENT", "PATRICK")
    inner = (f"De : Odile Fabrègue <{TOWN}>\nEnvoyé : lundi 10 mars 2025 17:12\nÀ : accueil@cdg-lozere.fr\n"
             "Objet : Arrêt\n\nBonjour à vous,\nl'agent Patrick LAURENT est arrêté du 05/03/2025 au 19/03/2025.\n"
             "Merci\nOdile FABRÈGUE\nAdjointe au maire\n")
    assert _claims(reg, _relay(inner)) == [(a.matricule, "2025-03-05", "2025-03-19")]


def test_a_town_hall_mail_attached_whole_to_the_relay_is_read_the_same(reg):
    # The centre de gestion attaches the town hall's mail (message/rfc822) instead of quoting it.
    a = _agent(reg, "LAURENT", "PATRICK")
    inner = EmailMessage()
    inner["From"], inner["To"], inner["Subject"] = f"Chloé ROLLAND <{TOWN}>", "accueil@cdg-lozere.fr", "Arrêt"
    inner["Date"] = "Mon, 10 Mar 2025 17:12:00 +0100"
    inner.set_content("Bonjour,\nM. Patrick LAURENT est en arrêt maladie du 05/03/2025 au 19/03/2025.\n"
                      "Cordialement\nChloé ROLLAND\nSecrétaire de mairie\n")
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = RELAY, US, "TR: Arrêt"
    m["Date"], m["Message-ID"] = "Tue, 11 Mar 2025 09:00:00 +0100", "<relay-eml@example.org>"
    m.set_content("Pour le service prestations, voir le message joint.\nLucie Vidal\nCentre de gestion\n")
    m.add_attachment(inner)
    assert _claims(reg, m.as_bytes()) == [(a.matricule, "2025-03-05", "2025-03-19")]


@pytest.mark.parametrize("words", [
    "Je reprends mon poste à temps partiel thérapeutique du 05/03/2025 au 19/03/2025.",
    "Mon mi-temps thérapeutique est prolongé du 05/03/2025 au 19/03/2025.",
    "Je suis en arrêt du 05/03/2025 au 19/03/2025, l'avis suit par courrier.",
])
def test_an_agents_own_mail_passed_on_by_the_town_hall_is_theirs(reg, words):
    # The writer of the forwarded mail speaks of their own stop: that signer is the agent.
    a = _agent(reg, "LAURENT", "PATRICK")
    inner = (f"De : Patrick LAURENT <patrick.laurent48@example.net>\nEnvoyé : lundi 10 mars 2025 17:12\nÀ : {TOWN}\n"
             f"Objet : ma situation\n\nBonjour,\n{words}\nBien à vous,\nPatrick LAURENT\n")
    raw = _mail(f"Bonjour,\nci-dessous le message de notre agent.\nCordialement\n\n{inner}", sender=TOWN,
                subject="TR: ma situation")
    assert _claims(reg, raw) == [(a.matricule, "2025-03-05", "2025-03-19")]


@pytest.mark.parametrize("relay_words", [
    "Ci-dessous la déclaration transmise par Mme Chloé ROLLAND (mairie).",
    "Voici un message reçu de Chloé ROLLAND ce matin.",
    "Déclaration envoyée par Chloé ROLLAND, à traiter.",
])
def test_whom_the_relay_says_passed_the_mail_on_makes_no_claim(reg, relay_words):
    # The relay's own words name the town hall's writer: the intermediary, not the agent of the mail below.
    a = _agent(reg, "LAURENT", "PATRICK")
    inner = (f"De : {TOWN}\nEnvoyé : lundi 10 mars 2025 17:12\nÀ : accueil@cdg-lozere.fr\nObjet : Arrêt\n\n"
             "Bonjour,\nM. Patrick LAURENT est en arrêt maladie du 05/03/2025 au 19/03/2025.\nCordialement\n")
    raw = _mail(f"Bonjour,\n{relay_words}\nLucie Vidal\nCentre de gestion\n\n{inner}", sender=RELAY, subject="TR: Arrêt")
    assert _claims(reg, raw) == [(a.matricule, "2025-03-05", "2025-03-19")]


def test_a_replacement_named_with_her_first_name_in_a_relayed_mail_makes_no_claim(reg):
    # The registry spots « BLANC »; « Inès » before it is her first name, « remplacé par » is still what precedes her.
    a = _agent(reg, "LAURENT", "PATRICK")
    inner = (f"De : {TOWN}\nEnvoyé : lundi 10 mars 2025 17:12\nÀ : accueil@cdg-lozere.fr\nObjet : Arrêt\n\n"
             "Bonjour,\nM. Patrick LAURENT est en arrêt du 05/03/2025 au 19/03/2025, remplacé par Mme Inès BLANC.\n")
    assert _claims(reg, _relay(inner)) == [(a.matricule, "2025-03-05", "2025-03-19")]


def test_a_lower_case_name_right_after_the_greeting_is_the_agent(reg):
    # « Bonjour, patrick laurent … »: the registry spots the surname, the first name before it is no greeting's.
    a = _agent(reg, "LAURENT", "PATRICK")
    raw = _mail("Bonjour, patrick laurent nous a fait parvenir son arrêt du 05/03/2025 au 19/03/2025. cordialement\n",
                sender=TOWN, subject="arrêt")
    assert _claims(reg, raw) == [(a.matricule, "2025-03-05", "2025-03-19")]
