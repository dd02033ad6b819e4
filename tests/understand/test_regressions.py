"""Understanding rules a gestionnaire would state, each pinned by a small mail (intent, signatures, names, NIR, décès)."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from intake.identify.match import Registry
from intake.identify.message import understand_message
from intake.mail.read import read_message
from intake.rules import load_rules
from intake.understand.names import find_people, spot_agents
from support import ROOT, SAMPLES

WORDS = load_rules(ROOT / "rules").wording  # each category's words, as the service is given them

SENDER = "rh@mairiefloractroisrivieres.fr"  # a domain of the sample registry (C48061)
COLL = "C48061"


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.from_csv_dir(SAMPLES / "registry")


def _msg(body: str, *, sender: str = SENDER, subject: str = "Arrêts", headers: dict[str, str] | None = None,
         pieces: list[tuple[str, bytes]] = ()) -> EmailMessage:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = sender, "prestations@cdg-exemple.fr", subject
    m["Date"], m["Message-ID"] = "Mon, 10 Mar 2025 10:00:00 +0100", "<r1@example.org>"
    for k, v in (headers or {}).items():
        m[k] = v
    m.set_content(body)
    for name, data in pieces:
        m.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return m


def _understand(reg, body: str, **kw):
    return understand_message(read_message(_msg(body, **kw).as_bytes()), reg)


def _unique_agents(reg, coll: str, n: int):
    pool = reg.agents_of(coll)
    lasts = [a.last_name.upper() for a in pool]
    return [a for a in pool if lasts.count(a.last_name.upper()) == 1 and a.nir and a.birth_date][:n]


def _civ(a) -> str:
    return "M." if a.sex == "M" else "Mme"


def _pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


# --- intent -----------------------------------------------------------------------------------------------


def test_a_dated_notice_with_nobody_absent_is_not_a_declaration(reg):
    u = _understand(reg, "Bonjour,\n\nÀ compter du 01/04/2025, merci d'utiliser la nouvelle adresse du service RH "
                         "pour vos envois.\n\nCordialement,\n\nJeanne ROUSSEL\nSecrétaire de mairie\n", subject="Changement d'adresse")
    assert u.intent.intent == "other" and u.claims == []


def test_a_newsletter_from_a_no_reply_address_is_other_not_auto_reply(reg):
    u = _understand(reg, "Dans ce numéro :\n- Congé de paternité : rappel des règles\n- Webinaire le 21/06/2025 à 10h\n\n"
                         "Pour vous désinscrire, cliquez ici.", sender="no-reply@lettre-rh.fr", subject="Lettre RH",
                    headers={"List-Unsubscribe": "<https://example.invalid/u>"})
    assert u.intent.intent == "other"


def test_an_out_of_office_stays_auto_reply(reg):
    u = _understand(reg, "Je suis absente du 10/03 au 14/03 inclus. En cas d'urgence, merci de contacter le secrétariat.",
                    subject="Réponse automatique : Arrêts")
    assert u.intent.intent == "auto_reply"


def test_thanks_naming_an_agent_is_not_a_declaration(reg):
    (a,) = _unique_agents(reg, COLL, 1)
    u = _understand(reg, f"Bonjour,\n\nMerci pour votre retour concernant le congé maladie de {_civ(a)} "
                         f"{a.last_name.upper()} {a.first_name}.\n\nBonne journée,\n", subject="RE: Dossier")
    assert u.intent.intent == "other"


def test_pieces_for_a_death_already_declared_are_documents_dated_by_the_death(reg):
    (a,) = _unique_agents(reg, COLL, 1)
    body = (f"Bonjour,\n\nLe décès de {_civ(a)} {a.last_name.upper()} {a.first_name} (survenu le 25/02/2025) vous a déjà "
            "été déclaré : voici le dernier bulletin de salaire pour compléter le dossier.\n\nCordialement,\n")
    u = _understand(reg, body, subject=f"Dossier {a.last_name.upper()}",
                    pieces=[("bulletin.pdf", _pdf(f"BULLETIN DE PAIE\nAgent : {a.last_name.upper()} {a.first_name}\n"
                                                  "Periode : fevrier 2025\nNet a payer : 1 834,20 EUR"))])
    assert u.intent.intent == "documents"
    (c,) = u.claims  # "Dossier X" in the subject is no person of its own
    assert c.category.value == "deces" and c.nature is None and c.arret_start is None
    assert c.date_survenance.value.isoformat() == "2025-02-25"
    assert c.agent.matricule == a.matricule


def test_a_question_about_a_relance_is_a_question(reg):
    (a,) = _unique_agents(reg, COLL, 1)
    u = _understand(reg, f"Nous avons reçu votre relance du 12/02/2025 concernant {_civ(a)} {a.last_name.upper()} "
                         f"{a.first_name}. Pouvez-vous nous préciser quelles pièces manquent ?\n\nCordialement,\n")
    assert u.intent.intent == "question" and u.claims == []


def test_arrete_pour_maladie_is_a_maladie_ordinaire_declaration(reg):
    (a,) = _unique_agents(reg, COLL, 1)
    u = _understand(reg, f"Bonjour,\n\n{a.first_name} {a.last_name.upper()} est arrêté depuis le 03/03/2025 pour maladie.\n")
    assert u.intent.intent == "declaration"
    (c,) = u.claims
    assert c.category.value == "maladie_ordinaire" and c.arret_start.value.isoformat() == "2025-03-03"


# --- people -----------------------------------------------------------------------------------------------


def test_the_signature_after_the_closing_formula_is_not_a_claim(reg):
    a, b = _unique_agents(reg, COLL, 2)
    # b signs the mail (a colleague of the agent, in the same registry): the sender, not a second claim.
    u = _understand(reg, f"Bonjour,\n\n{_civ(a)} {a.last_name.upper()} {a.first_name} est en arrêt maladie du 03/03/2025 "
                         f"au 07/03/2025.\n\nSincères salutations,\n\n{b.first_name} {b.last_name.upper()}\nSecrétaire de mairie\n")
    assert [c.agent.matricule for c in u.claims] == [a.matricule]


def test_epouse_gives_the_name_in_use_and_nee_le_is_a_birth_date():
    (p,) = find_people("Mme. GRANGER épouse ROCHE Manon.")
    assert (p.mention.last_name, p.mention.birth_name, p.mention.first_name) == ("ROCHE", "GRANGER", "Manon")
    (p,) = find_people("Nathalie BRESSON, née le 14/02/1996, est placée en congé")
    assert p.mention.birth_name is None and p.mention.birth_date.isoformat() == "1996-02-14"
    (p,) = find_people("M. Thierry N'Diaye (lombalgie)")
    assert (p.mention.last_name, p.mention.first_name) == ("N'Diaye", "Thierry")


def test_a_registry_name_inside_a_compound_name_is_not_spotted(reg):
    a = next(x for x in reg.agents if "-" not in x.last_name and " " not in x.last_name and len(x.last_name) >= 4)
    text = f"M. Jean-Pierre {a.last_name.title()}-Dupuis est en arrêt."
    assert spot_agents(text, [a]) == []
    assert len(spot_agents(f"M. {a.last_name.title()} est en arrêt.", [a])) == 1


def test_subject_heading_words_are_not_first_names():
    assert find_people("Dossier CHRÉTIEN") == []
    assert find_people("Complément PAOLI") == []


# --- NIR --------------------------------------------------------------------------------------------------


def test_a_piece_naming_the_agent_gives_the_nir(reg):
    (a,) = _unique_agents(reg, COLL, 1)
    nir15 = a.nir + f"{97 - int(a.nir) % 97:02d}"
    body = (f"Bonjour,\n\nComme suite à notre déclaration, veuillez trouver le bulletin de salaire de {_civ(a)} "
            f"{a.last_name.upper()} {a.first_name}.\n\nCordialement,\n")
    u = _understand(reg, body, pieces=[("bs.pdf", _pdf(f"BULLETIN DE PAIE\n{a.last_name.upper()} {a.first_name}\n"
                                                       f"N° securite sociale : {nir15}\nNet a payer : 1 500,00 EUR"))])
    (c,) = u.claims
    assert u.intent.intent == "documents"
    assert c.nir is not None and c.nir.value == a.nir and c.nir.source == "bs.pdf"


# --- dates, categories, several people ---------------------------------------------------------------------


def test_a_birth_date_in_parentheses_does_not_take_the_accident_date():
    from datetime import date

    from intake.understand.dates import scan

    dates, _ = scan("l'accident de service de Mme Léa ESTÈVE (née le 15/08/1961) du 27.06.25.", date(2025, 7, 1))
    assert [(d.value.isoformat(), d.role) for d in dates] == [("1961-08-15", "birth"), ("2025-06-27", "accident")]


def test_debute_le_is_the_initial_stop_and_weekdays_may_open_a_bare_range():
    from datetime import date

    from intake.understand.dates import scan

    dates, periods = scan("Le congé (débuté le mercredi 11 décembre 2024) est prolongé du samedi 1er février au "
                          "30 juillet 2025.", date(2025, 2, 24))
    assert dates[0].role == "initial_stop" and dates[0].value.isoformat() == "2024-12-11"
    _, periods = scan("prolongation du samedi 2 au vendredi 22 août 2025.", date(2025, 8, 20))
    assert [(p.start.isoformat(), p.end.isoformat()) for p in periods] == [("2025-08-02", "2025-08-22")]


def test_maternite_is_not_hidden_by_an_earlier_grossesse():
    from intake.understand.categories import categorise

    g = categorise("ci-joint mon certificat de grossesse ; je serai en congé de maternité du 19/03 au 13/05", words=WORDS)
    assert g.category == "maternite"


def test_the_box_ticked_on_a_declaration_form_gives_the_category():
    from intake.understand.categories import ticked_category

    assert ticked_category("L'ACCIDENT\naccident de service X accident de trajet\n", words=WORDS).category == "accident_trajet"
    assert ticked_category("☒ accident de service ☐ accident de trajet", words=WORDS).category == "accident_service"
    assert ticked_category("accident de service accident de trajet", words=WORDS) is None  # nothing ticked
    assert ticked_category("X accident de trajet", words=WORDS) is None  # not a choice line


def test_each_person_keeps_the_line_that_names_them(reg):
    a, b = _unique_agents(reg, COLL, 2)
    u = _understand(reg, f"Bonjour,\n\nVoici deux déclarations :\nLe 02/03/2025, {_civ(a)} {a.last_name.upper()} {a.first_name} "
                         "a glissé sur le sol mouillé de la cantine pendant son service. Arrêt du 02/03/2025 au 08/03/2025.\n"
                         f"Veuillez trouver le certificat de prolongation pour l'accident de service de {_civ(b)} "
                         f"{b.first_name} {b.last_name.upper()} du 13/01/2025 : arrêt prolongé du 02/03/2025 au 22/03/2025.\n")
    got = {c.agent.matricule: (c.nature.value, c.date_survenance.value.isoformat()) for c in u.claims}
    assert got == {a.matricule: ("initial", "2025-03-02"), b.matricule: ("prolongation", "2025-01-13")}


def test_a_registered_surname_used_as_a_first_name_is_not_a_second_person(reg):
    from intake.identify.match import AgentRecord

    clement = AgentRecord(COLL, "X1", None, "CLÉMENT", None, "Noël", None)
    noel = AgentRecord(COLL, "X2", None, "NOËL", None, "Aurélie", None)
    extra = Registry(reg.employers, reg.agents + [clement, noel])
    u = _understand(extra, "Bonjour,\n\nMerci d'enregistrer l'arrêt de Noël Clément depuis le 03/03/2025 jusqu'au 06/03.\n")
    assert [c.agent.matricule for c in u.claims] == ["X1"]


def test_merci_par_avance_closes_the_body_before_the_signature(reg):
    u = _understand(reg, "Bonjour,\n\nQuel est le délai pour vous déclarer un accident de service ?\n\nMerci par avance.\n\n"
                         "Marie-Claire Bouvier\nService des ressources humaines\n")
    assert u.intent.intent == "question" and u.claims == []


def test_each_claim_lists_the_pieces_about_its_person(reg):
    a, b = _unique_agents(reg, COLL, 2)
    u = _understand(reg, f"Bonjour,\n\nNous vous déclarons les arrêts suivants :\n"
                         f"- {_civ(a)} {a.last_name.upper()} {a.first_name} du 03/03/2025 au 07/03/2025 (arrêt maladie).\n"
                         f"- {_civ(b)} {b.last_name.upper()} {b.first_name} du 04/03/2025 au 14/03/2025 (arrêt maladie).\n",
                    pieces=[(f"Arret {a.last_name.title()}.pdf", _pdf("Avis d'arret de travail")),
                            ("scan_001.pdf", _pdf(f"Certificat medical\nConcerne : {b.first_name} {b.last_name.upper()}")),
                            ("courrier.pdf", _pdf("Courrier de la mairie"))])
    got = {c.agent.matricule: sorted(f for f, _ in c.documents) for c in u.claims}
    assert got == {a.matricule: [f"Arret {a.last_name.title()}.pdf", "courrier.pdf"],
                   b.matricule: ["courrier.pdf", "scan_001.pdf"]}


def test_a_birth_date_after_a_blank_line_and_a_name_cut_by_a_line_break():
    from datetime import date

    from intake.understand.dates import scan

    dates, _ = scan("fils/fille de Julien DE OLIVEIRA, né(e) le\n\n26 juillet 1969.", date(2025, 3, 1))
    assert [d.role for d in dates] == ["birth"]


def test_mme_with_a_dot_does_not_end_the_sentence():
    from datetime import date

    from intake.understand.dates import scan

    dates, _ = scan("l'accident de service dont a été victime Mme. Bérénice N'DIAYE le 31/03/2025 : mordue par un chien.",
                    date(2025, 4, 10))
    assert dates[0].role == "accident"


def test_m_without_a_dot_is_a_civility():
    (p,) = find_people("M CHASTAGNIER est placé en congé de longue maladie")
    assert (p.mention.last_name, p.mention.civility) == ("CHASTAGNIER", "M")


def test_a_date_opening_the_sentence_of_an_accident_is_the_accident_date():
    from datetime import date

    from intake.understand.dates import scan

    dates, _ = scan("Le 23.03.2025, Loïc CHEVALIER a été renversé par une voiture en venant au travail. "
                    "Il est en arrêt pour une durée de 8 jours à compter du 24 mars.", date(2025, 3, 25))
    assert [(d.value.isoformat(), d.role) for d in dates][0] == ("2025-03-23", "accident")
    dates, _ = scan("Privas,\nLe 12 mars 2025\nObjet : accident de service", date(2025, 3, 25))
    assert dates[0].role == "signature"  # a letter's date alone on its line


def test_premier_jour_du_conge_is_the_initial_stop():
    from datetime import date

    from intake.understand.dates import scan

    dates, _ = scan("Prolongation du CLD à compter du 7 janvier jusqu'au 08/07/2026 inclus ; premier jour du CLD : "
                    "dimanche 23 novembre 2025.", date(2026, 1, 5))
    assert dates[-1].role == "initial_stop" and dates[-1].value.isoformat() == "2025-11-23"


def test_news_about_stops_in_general_is_not_a_declaration(reg):
    u = _understand(reg, "Dans ce numéro :\n- Arrêts de travail : les arrêts du 01/01/2025 au 31/03/2025 seront contrôlés.\n"
                         "\nPour vous désinscrire, cliquez ici.", sender="info@lettre-rh.fr", subject="Actualités RH")
    assert u.intent.intent == "other"


def test_a_decree_is_not_a_stop(reg):
    u = _understand(reg, "Bonjour,\n\nSuite à l'arrêté du maire du 12/03/2025 portant organisation des services, "
                         "merci de mettre à jour vos fichiers à compter du 01/04/2025.\n\nCordialement,\n")
    assert u.intent.intent == "other" and u.claims == []


def test_constatee_le_is_the_first_medical_finding_of_an_occupational_disease():
    from datetime import date

    from intake.understand.dates import scan

    dates, _ = scan("maladie professionnelle pour surdité professionnelle constatée le 29 avril ; elle est en arrêt "
                    "du 19 mai au 17 juillet.", date(2025, 6, 7))
    assert [(d.value.isoformat(), d.role) for d in dates][0] == ("2025-04-29", "first_finding")


def test_knocked_down_on_the_way_to_work_is_a_trajet():
    from intake.understand.categories import categorise

    g = categorise("Le 27.11.25, Mme X a été renversée par une voiture en venant au travail. Elle est en arrêt.", words=WORDS)
    assert g.category == "accident_trajet"


@pytest.mark.parametrize("text, category", [
    ("Mme X s'est fait une entorse en descendant de la balayeuse le 05/03/2025. Arrêt jusqu'au 12/03/2025.", "accident_service"),
    ("Suite à un accident domestique, Mme X est en arrêt du 02/03 au 10/03.", "maladie_ordinaire"),
    ("Voici l'enquête administrative concernant l'accident de M. X.", "accident_service"),
    ("Mme X nous a fait parvenir un avis de prolongation jusqu'au 30/04 inclus.", "maladie_ordinaire"),
])
def test_categories_a_handler_would_record(text, category):
    from intake.understand.categories import categorise

    assert categorise(text, words=WORDS).category == category


def test_back_at_work_is_no_declaration(reg):
    (a,) = _unique_agents(reg, COLL, 1)
    u = _understand(reg, f"Bonjour,\n\nPour information, {a.first_name} {a.last_name.upper()} a repris le travail le "
                         "15/03/2025 à l'issue de son arrêt maladie.\n\nCordialement,\n")
    assert u.intent.intent == "other"


def test_pieces_sent_after_a_mail_are_documents(reg):
    (a,) = _unique_agents(reg, COLL, 1)
    u = _understand(reg, f"Bonjour,\n\nSuite à votre mail du 10/03, je vous adresse le certificat médical de "
                         f"{a.first_name} {a.last_name.upper()}.\n\nCordialement,\n",
                    pieces=[("cm.pdf", _pdf(f"CERTIFICAT MEDICAL\nJe soussigne certifie avoir examine {a.last_name.upper()}."))])
    assert u.intent.intent == "documents" and [c.agent.matricule for c in u.claims] == [a.matricule]


def test_a_birth_date_beside_a_registry_name_tells_homonyms_apart(reg):
    seen: dict = {}
    for x in reg.agents:
        seen.setdefault((x.collectivite, x.last_name.upper(), x.first_name.upper()), []).append(x)
    group = next(g for g in seen.values() if len(g) == 2 and g[0].birth_date and g[1].birth_date
                 and g[0].birth_date != g[1].birth_date and g[0].collectivite == "S48061")
    target = group[1]
    u = _understand(reg, f"Bonjour,\n\nVeuillez trouver ci-joint le certificat pour l'arrêt de {target.first_name.title()} "
                         f"{target.last_name.title()} (date de naissance : {target.birth_date:%d.%m.%Y}) du 03/03/2025 au "
                         "07/03/2025.\n\nCordialement,\n", sender="ccas.floractroisrivieres@laposte.net")
    assert [c.agent.matricule for c in u.claims] == [target.matricule]


def test_the_employer_named_in_a_body_the_reader_kept_whole(reg):
    # An unknown address whose text names the employer: read from the body when no new text was set apart.
    u = _understand(reg, "Bonjour,\n\nJe vous écris pour la Mairie de Florac Trois Rivières depuis ma messagerie personnelle.\n"
                         "M. ZYGOMAR Anatole est en arrêt maladie du 03/03/2025 au 07/03/2025.\n",
                    sender="someone.private@gmail.com")
    assert u.employer.code == COLL


def test_one_sentence_declaring_two_people_gives_both_the_stop(reg):
    a, b = _unique_agents(reg, COLL, 2)
    u = _understand(reg, f"Bonjour,\n\n{_civ(a)} {a.last_name.upper()} {a.first_name} et {_civ(b)} {b.last_name.upper()} "
                         f"{b.first_name} sont en arrêt du 03/03/2025 au 07/03/2025.\n\nCordialement,\n")
    got = sorted((c.agent.matricule, c.category.value, c.arret_start.value.isoformat(), c.arret_end.value.isoformat())
                 for c in u.claims)
    assert got == sorted([(a.matricule, "maladie_ordinaire", "2025-03-03", "2025-03-07"),
                          (b.matricule, "maladie_ordinaire", "2025-03-03", "2025-03-07")])


def test_a_first_and_last_name_opening_the_sentence_are_a_person():
    (p,) = find_people("Pascal N'Diaye est arrêté depuis le 11 juin 2025 pour maladie.")
    assert (p.mention.last_name, p.mention.first_name) == ("N'Diaye", "Pascal")
    assert find_people("Le Maire est absent cette semaine.") == []


def test_a_birth_date_written_with_its_month_in_words():
    (p,) = find_people("Monsieur Bruno CHAMBON (né le 10 août 1999) est arrêté depuis le 10 mars 2025.")
    assert p.mention.birth_date.isoformat() == "1999-08-10"
