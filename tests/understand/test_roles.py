"""Roles of the people a mail names: only the subject of the new text (or of the attached form) makes a claim.

Each test is a mail in the style a town hall sends, written for one class of failure: the sender's own
signature, a reused reply subject or quoted history, form labels and organisation names read as people,
one person named in the body and on the form, two agents in one sentence, pieces for a stop already on
file, an office scanner's empty mail, and a calendar invitation.
"""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from test_forms import make_form

from intake.identify.match import Registry
from intake.identify.message import understand_message
from intake.mail.read import read_message
from intake.pipeline.parse import analyse_read
from intake.understand.names import find_people
from support import SAMPLES

HR = "rh@mairiefloractroisrivieres.fr"  # a domain of the sample registry (collectivité C48061)
DATE = "Mon, 10 Mar 2025 10:00:00 +0100"


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.from_csv_dir(SAMPLES / "registry")


def _agent(reg: Registry, last: str, first: str, *, homonyms: int = 1):
    found = [a for a in reg.agents_of("C48061") if a.last_name == last and a.first_name == first]
    assert len(found) == homonyms
    return found[-1]


def _mail(body: str, *, sender: str = HR, subject: str = "Arrêt de travail",
          pieces: list[tuple[str, bytes, str]] = ()) -> EmailMessage:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = sender, "prestations@cdg-exemple.fr", subject
    m["Date"], m["Message-ID"] = DATE, "<roles@example.org>"
    m.set_content(body)
    for name, data, ctype in pieces:
        main, sub = ctype.split("/")
        m.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return m


def _understand(reg: Registry, body: str, **kw):
    return understand_message(read_message(_mail(body, **kw).as_bytes()), reg)


def _who(u) -> list[str | None]:
    return sorted((c.agent.matricule or "-") for c in u.claims)


def _arret(last: str, first: str, nir13: str, start: str = "03/03/2025", end: str = "14/03/2025") -> bytes:
    return make_form(form="10170", last=last, first=first, nir13=nir13, boxes={"initial"}, start=start, end=end)


# --- 1. the sender's own name ---------------------------------------------------------------------------


def test_a_signature_on_the_line_of_a_job_title_is_the_sender_not_an_agent(reg):
    seguin, ducreux = _agent(reg, "SEGUIN", "FREDERIC"), _agent(reg, "DUCREUX", "CHLOE")
    u = _understand(reg, "Bonjour,\n\nVeuillez trouver ci-joint l'arrêt de travail de M. SEGUIN Frédéric, "
                         "du 03/03/2025 au 14/03/2025.\n\nChloé Ducreux, Gestionnaire RH | Mairie de Florac\n"
                         "04 66 45 00 00\n")
    assert _who(u) == [seguin.matricule], ducreux.matricule


def test_an_initial_and_surname_under_the_closing_is_the_sender(reg):
    fontaine = _agent(reg, "FONTAINE", "EMILIE")
    u = _understand(reg, "Bonjour,\nci-joint l'arrêt maladie de Mme Fontaine du 05/03/2025 au 09/03/2025.\n\n"
                         "Cordialement,\nC. Rolland\nService du personnel\n")
    assert _who(u) == [fontaine.matricule]


def test_the_from_display_name_is_the_sender_even_written_in_the_body(reg):
    blanc = _agent(reg, "BLANC", "INES")
    m = _mail("Bonjour,\nJe soussigné Jérôme LAMBERT, secrétaire de mairie, vous transmets l'arrêt de "
              "Mme BLANC Inès du 04/03/2025 au 12/03/2025.\nBien à vous\n", sender=f"Jérôme Lambert <{HR}>")
    u = understand_message(read_message(m.as_bytes()), reg)
    assert _who(u) == [blanc.matricule]


def test_a_signature_block_with_a_dash_separator_names_nobody(reg):
    hubert = _agent(reg, "HUBERT", "LOIC")
    u = _understand(reg, "Madame, Monsieur,\nM. HUBERT est placé en congé de maladie ordinaire du 03/03/2025 "
                         "au 07/03/2025.\n\n-- \nMarie-Pierre DE SOUZA\nAdjointe administrative\nTél. 04 66 45 00 00\n")
    assert _who(u) == [hubert.matricule]


# --- 2. a reused subject and quoted history ------------------------------------------------------------


def test_a_reused_reply_subject_does_not_outweigh_the_new_text(reg):
    lopes = _agent(reg, "LOPES", "CHRISTINE")
    u = _understand(reg, "Bonjour,\nJe vous transmets la prolongation de l'arrêt de Mme LOPES Christine, du 10/03/2025 "
                         "au 21/03/2025.\nCordialement\n\nLe lun. 3 mars 2025 à 09:12, prestations@cdg-exemple.fr a écrit :\n"
                         "> Bonjour, nous avons bien reçu l'arrêt de M. HUBERT Loïc.\n",
                    subject="RE: Arrêt de travail M. HUBERT Loïc")
    assert _who(u) == [lopes.matricule]


def test_outlook_history_names_an_older_agent(reg):
    perret = _agent(reg, "PERRET", "DOMINIQUE")
    u = _understand(reg, "Bonjour,\n\nVoici l'arrêt maladie de M. Dominique PERRET du 06/03/2025 au 16/03/2025.\n\n"
                         "Cordialement\n\nDe : Service prestations <prestations@cdg-exemple.fr>\n"
                         "Envoyé : lundi 3 mars 2025 09:12\nÀ : rh@mairiefloractroisrivieres.fr\n"
                         "Objet : Arrêt ROYER Guillaume\n\nBonjour,\nNous accusons réception de l'arrêt de "
                         "M. ROYER Guillaume du 01/03/2025 au 05/03/2025.\n",
                    subject="RE: Arrêt ROYER Guillaume")
    assert _who(u) == [perret.matricule]


def test_message_d_origine_is_history(reg):
    dufour = _agent(reg, "DUFOUR", "VIRGINIE")
    u = _understand(reg, "Bonjour,\nMme DUFOUR Virginie est en arrêt maladie du 07/03/2025 au 11/03/2025.\nBonne journée\n\n"
                         "-----Message d'origine-----\nDe : prestations@cdg-exemple.fr\nEnvoyé : vendredi 28 février 2025\n"
                         "À : rh@mairiefloractroisrivieres.fr\nObjet : Dossier MERCIER Noémie\n\n"
                         "Pourriez-vous nous transmettre l'arrêt de Mme MERCIER Noémie ?\n",
                    subject="RE: Dossier MERCIER Noémie")
    assert _who(u) == [dufour.matricule]


def test_a_threaded_reply_naming_nobody_keeps_the_agent_of_the_thread(reg):
    hubert = _agent(reg, "HUBERT", "LOIC")
    u = _understand(reg, "Bonjour,\nVeuillez trouver ci-joint la prolongation de l'arrêt jusqu'au 21/03/2025.\n"
                         "Cordialement\n\nLe 3 mars 2025 à 09:12, prestations@cdg-exemple.fr a écrit :\n"
                         "> Nous avons bien reçu l'arrêt de M. HUBERT Loïc du 01/03/2025 au 09/03/2025.\n",
                    subject="RE: Arrêt maladie M. HUBERT Loïc")
    assert _who(u) == [hubert.matricule]


def test_a_threaded_reply_whose_form_names_someone_else_is_about_the_form(reg):
    lopes = _agent(reg, "LOPES", "CHRISTINE")
    u = _understand(reg, "Bonjour,\nVeuillez trouver ci-joint un nouvel arrêt de travail.\nCordialement\n\n"
                         "Le 3 mars 2025 à 09:12, prestations@cdg-exemple.fr a écrit :\n"
                         "> Nous avons bien reçu l'arrêt de M. HUBERT Loïc.\n",
                    subject="RE: Arrêt maladie M. HUBERT Loïc",
                    pieces=[("arret.pdf", _arret("LOPES", "Christine", lopes.nir), "application/pdf")])
    assert _who(u) == [lopes.matricule]


# --- 3. what is not a person ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "NUMÉRO DE SÉCURITÉ SOCIALE 1 6 4 1 1 3 0 1 2 3 4 5 6",
    "Document produit par IBM Italia pour le compte de la collectivité.",
    "Ce message a passé MIME Testing sans erreur.",
    "Erreur HTTP Authentication sur le portail.",
    "NOM DE FAMILLE Prénom(s)",
    "DATE DE NAISSANCE 12/03/1975",
])
def test_labels_and_organisations_are_not_people(text):
    assert find_people(text) == []


def test_a_name_never_runs_over_a_line_break():
    (p,) = find_people("Agent concerné :\nDUPONT Paul\nSuperviseur\n")
    assert (p.mention.last_name, p.mention.first_name) == ("DUPONT", "Paul")


# --- 4. one person, body and form ----------------------------------------------------------------------


def test_the_body_and_the_form_naming_one_person_make_one_claim(reg):
    gonnet = _agent(reg, "GONNET", "OCEANE")
    u = _understand(reg, "Bonjour,\nVeuillez trouver l'arrêt de travail de Mme GONNET.\nCordialement\n",
                    pieces=[("arret.pdf", _arret("DUPONT GONNET", "Océane", gonnet.nir), "application/pdf")])
    assert _who(u) == [gonnet.matricule]
    sources = {q.mention.source for q in u.claims[0].people}
    assert "corps" in sources


def test_a_nir_on_the_form_and_a_name_in_the_body_are_one_person(reg):
    merc = _agent(reg, "MERCIER", "NOEMIE", homonyms=2)  # MERCIER Noémie has a homonym: the form's NIR tells them apart
    u = _understand(reg, "Bonjour,\nCi-joint l'arrêt de Mme MERCIER Noémie.\nCordialement\n",
                    pieces=[("arret.pdf", _arret("", "", merc.nir), "application/pdf")])
    assert _who(u) == [merc.matricule]


# --- 5. two agents in one mail -------------------------------------------------------------------------


def test_two_agents_in_one_sentence_keep_their_own_dates(reg):
    a, b = _agent(reg, "FERREIRA", "LAETITIA"), _agent(reg, "LAURENT", "PATRICK")
    u = _understand(reg, "Bonjour,\nVeuillez trouver ci-joint les arrêts de Mme FERREIRA Laetitia du 03/03/2025 au "
                         "07/03/2025 et de M. LAURENT Patrick du 05/03/2025 au 19/03/2025.\nCordialement\n")
    got = sorted((c.agent.matricule, str(c.arret_start.value), str(c.arret_end.value)) for c in u.claims)
    assert got == sorted([(a.matricule, "2025-03-03", "2025-03-07"), (b.matricule, "2025-03-05", "2025-03-19")])


def test_two_agents_in_a_list_keep_their_own_dates(reg):
    a, b = _agent(reg, "FERREIRA", "LAETITIA"), _agent(reg, "LAURENT", "PATRICK")
    u = _understand(reg, "Bonjour,\nVoici les arrêts maladie de la semaine :\n- Mme Laetitia FERREIRA : du 03/03/2025 "
                         "au 07/03/2025\n- M. Patrick LAURENT : du 05/03/2025 au 19/03/2025\nCordialement\n")
    got = sorted((c.agent.matricule, str(c.arret_start.value), str(c.arret_end.value)) for c in u.claims)
    assert got == sorted([(a.matricule, "2025-03-03", "2025-03-07"), (b.matricule, "2025-03-05", "2025-03-19")])


# --- 6. pieces for a stop on file ----------------------------------------------------------------------


@pytest.mark.parametrize("words", [
    "Veuillez trouver ci-joint le bulletin de salaire de Mme DAVID Fatima pour le calcul des indemnités de son "
    "arrêt débuté le 21/02/2025.",
    "Pour le calcul des IJ de Mme DAVID Fatima (arrêt en cours depuis le 21/02/2025), voici ses trois derniers "
    "bulletins de paie.",
    "Pour l'arrêt maladie de Mme DAVID Fatima commencé le 21 février, je vous joins l'attestation de salaire.",
    "Veuillez trouver ci-joint le certificat médical de Mme DAVID Fatima concernant son arrêt débuté le 21/02/2025.",
])
def test_a_payslip_for_a_stop_on_file_is_documents(reg, words):
    david = _agent(reg, "DAVID", "FATIMA")
    u = _understand(reg, f"Bonjour,\n{words}\nCordialement\n", subject="Bulletin de salaire",
                    pieces=[("bulletin_fevrier.pdf", _payslip("DAVID Fatima"), "application/pdf")])
    assert u.intent.intent == "documents"
    assert _who(u) == [david.matricule]


def _payslip(name: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, f"BULLETIN DE PAIE\nPeriode : fevrier 2025\nSalarie : {name}\nSalaire brut : 2 104,00 EUR\n"
                         "Net a payer : 1 650,12 EUR")
    return bytes(pdf.output())


# --- 7. the office scanner -----------------------------------------------------------------------------


def test_an_office_scanner_mail_is_the_declaration_of_the_person_on_the_form(reg):
    royer = _agent(reg, "ROYER", "GUILLAUME")
    m = _mail("", sender="noreply-scan@mairiefloractroisrivieres.fr", subject="Scan 20250310",
              pieces=[("SCAN_20250310_0001.pdf", _arret("ROYER", "Guillaume", royer.nir), "application/pdf")])
    u = understand_message(read_message(m.as_bytes()), reg)
    assert u.intent.intent == "declaration"
    assert _who(u) == [royer.matricule]
    assert (str(u.claims[0].arret_start.value), str(u.claims[0].arret_end.value)) == ("2025-03-03", "2025-03-14")


# --- 8. every attachment gets a kind -------------------------------------------------------------------


def test_a_calendar_invitation_file_is_autre(reg):
    ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nDTSTART:20250312T090000Z\r\n"
           "SUMMARY:Visite de reprise\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()
    m = _mail("Bonjour,\nInvitation à la visite de reprise.\n", subject="Invitation : visite de reprise",
              pieces=[("invite.ics", ics, "text/calendar")])
    got = analyse_read(read_message(m.as_bytes()), registry=reg)
    assert got["attachments"] == [{"filename": "invite.ics", "kind": "autre", "ocr": False}]


# --- more wordings of the same classes -----------------------------------------------------------------


def test_a_mayor_s_signature_block_at_the_end_names_the_signer(reg):
    perret = _agent(reg, "PERRET", "DOMINIQUE")
    u = _understand(reg, "Madame, Monsieur,\nJe vous informe que M. PERRET Dominique est en arrêt maladie du "
                         "03/03/2025 au 14/03/2025.\n\nPour le Maire et par délégation,\nL'adjointe déléguée au personnel,\n"
                         "Émilie FONTAINE\n")
    assert _who(u) == [perret.matricule]


def test_a_reply_naming_nobody_proposes_the_one_agent_of_the_quoted_history(reg):
    hubert = _agent(reg, "HUBERT", "LOIC")
    u = _understand(reg, "Bonjour,\nVoici le certificat de prolongation demandé, du 10/03/2025 au 21/03/2025.\nCordialement\n\n"
                         "Le ven. 7 mars 2025 à 11:02, Service prestations <prestations@cdg-exemple.fr> a écrit :\n"
                         "> Bonjour,\n> Pouvez-vous nous transmettre la prolongation de M. HUBERT Loïc ?\n",
                    subject="Prolongation")
    (c,) = u.claims
    # Proposed to the handler, not filed: a name of the new text we could not read would be someone else.
    assert c.agent.matricule is None and c.agent.candidates[0].matricule == hubert.matricule


def test_a_reply_whose_history_names_two_agents_takes_neither(reg):
    u = _understand(reg, "Bonjour,\nVoici le certificat de prolongation, du 10/03/2025 au 21/03/2025.\nCordialement\n\n"
                         "Le ven. 7 mars 2025 à 11:02, Service prestations <prestations@cdg-exemple.fr> a écrit :\n"
                         "> Nous attendons les arrêts de M. HUBERT Loïc et de Mme LOPES Christine.\n",
                    subject="Prolongation")
    assert all(c.agent.matricule is None for c in u.claims)


def test_the_body_by_birth_name_and_the_form_by_name_in_use_are_one_claim(reg):
    gonnet = _agent(reg, "GONNET", "OCEANE")  # née DUPONT
    u = _understand(reg, "Bonjour,\nci-joint l'arrêt de Mme DUPONT Océane.\nCordialement\n",
                    pieces=[("arret.pdf", _arret("GONNET", "Océane", gonnet.nir), "application/pdf")])
    assert _who(u) == [gonnet.matricule]
    assert {q.mention.source for q in u.claims[0].people} == {"corps"}


def test_two_agents_with_dates_in_brackets_keep_their_own(reg):
    a, b = _agent(reg, "FERREIRA", "LAETITIA"), _agent(reg, "LAURENT", "PATRICK")
    u = _understand(reg, "Bonjour,\nMme FERREIRA (arrêt du 03/03/2025 au 07/03/2025) et M. LAURENT (arrêt du 05/03/2025 "
                         "au 19/03/2025) sont absents pour maladie.\nCordialement\n")
    got = sorted((c.agent.matricule, str(c.arret_start.value), str(c.arret_end.value)) for c in u.claims)
    assert got == sorted([(a.matricule, "2025-03-03", "2025-03-07"), (b.matricule, "2025-03-05", "2025-03-19")])


def test_a_scanned_form_from_the_office_copier_is_a_declaration(reg):
    from test_forms import _scan

    royer = _agent(reg, "ROYER", "GUILLAUME")
    m = _mail("", sender="noreply-scan@mairiefloractroisrivieres.fr", subject="Scan 20250310",
              pieces=[("SCAN_0001.png", _scan(_arret("ROYER", "Guillaume", royer.nir)), "image/png")])
    u = understand_message(read_message(m.as_bytes()), reg)
    assert u.intent.intent == "declaration"
    assert _who(u) == [royer.matricule]


def test_the_subject_by_name_in_use_and_the_body_by_birth_name_are_one_claim(reg):
    gonnet = _agent(reg, "GONNET", "OCEANE")  # née DUPONT
    u = _understand(reg, "Bonjour,\nMme DUPONT Océane est en arrêt maladie du 03/03/2025 au 14/03/2025.\nCordialement\n",
                    subject="Arrêt de travail GONNET Océane")
    assert _who(u) == [gonnet.matricule]
    assert {q.mention.source for q in u.claims[0].people} == {"objet", "corps"}


def test_a_bare_name_closing_the_text_is_the_sender_when_someone_else_is_named(reg):
    chazal, blanc = _agent(reg, "CHAZAL", "LAETITIA"), _agent(reg, "BLANC", "INES")
    u = _understand(reg, "Bonjour,\nMme BLANC Inès est en arrêt maladie du 03/03/2025 au 07/03/2025.\nMerci\n"
                         "Laetitia CHAZAL\n")
    assert _who(u) == [blanc.matricule], chazal.matricule


def test_a_bare_name_closing_the_text_is_the_agent_when_nobody_else_is_named(reg):
    _agent(reg, "CHAZAL", "LAETITIA")  # in the registry: the closing name is hers
    u = _understand(reg, "Bonjour,\nJe suis en arrêt maladie du 03/03/2025 au 07/03/2025, ci-joint mon arrêt.\nMerci\n"
                         "Laetitia CHAZAL\n", sender="laetitia.chazal@gmail.com")
    assert [c.agent_name for c in u.claims] == ["CHAZAL Laetitia"]


@pytest.mark.parametrize("words", [
    "je vous envoie mon am du 03/03/2025 au 07/03/2025",
    "Rechute de l'accident de service du 12/09/2024 pour moi : arrêt du 03/03/2025 au 07/03/2025",
    "prolongation de l'arrêt suite à ma chute de moi-même : du 03/03/2025 au 07/03/2025",
    "Prolongation de l'arrêt consécutif à l'accident de service du 12/09/2024 de moi-même, du 03/03/2025 au 07/03/2025",
])
def test_an_agent_writing_about_their_own_stop_in_short_words_is_the_subject(reg, words):
    chazal = _agent(reg, "CHAZAL", "LAETITIA")
    u = _understand(reg, f"Bonjour,\nagent à la mairie de Florac Trois Rivières, {words}.\nCordialement\n"
                         "Laetitia Chazal\n", sender="l.chazal48@gmail.com")
    assert _who(u) == [chazal.matricule]


def test_words_for_oneself_about_a_colleague_make_the_writer_no_subject(reg):
    _agent(reg, "CHAZAL", "LAETITIA")
    u = _understand(reg, "Bonjour,\nagent à la mairie de Florac Trois Rivières, pouvez-vous me confirmer pour moi "
                         "la réception des pièces ?\nCordialement\nLaetitia Chazal\n", sender="l.chazal48@gmail.com")
    assert all(c.agent.matricule is None for c in u.claims)


@pytest.mark.parametrize("body", [
    "Mme FERREIRA Laetitia et M. LAURENT Patrick sont en arrêt maladie, respectivement du 03/03/2025 au 07/03/2025 "
    "et du 05/03/2025 au 19/03/2025.",
    "Arrêts maladie de Mme FERREIRA et M. LAURENT : du 03/03/2025 au 07/03/2025 et du 05/03/2025 au 19/03/2025.",
])
def test_people_named_together_take_the_periods_in_their_order(reg, body):
    a, b = _agent(reg, "FERREIRA", "LAETITIA"), _agent(reg, "LAURENT", "PATRICK")
    u = _understand(reg, f"Bonjour,\n{body}\nCordialement\n")
    got = sorted((c.agent.matricule, str(c.arret_start.value), str(c.arret_end.value)) for c in u.claims)
    assert got == sorted([(a.matricule, "2025-03-03", "2025-03-07"), (b.matricule, "2025-03-05", "2025-03-19")])


def test_the_text_and_the_form_naming_two_people_go_to_a_handler(reg):
    seguin, royer = _agent(reg, "SEGUIN", "FREDERIC"), _agent(reg, "ROYER", "GUILLAUME")
    u = _understand(reg, "Bonjour,\nVeuillez trouver ci-joint l'arrêt de travail de M. SEGUIN Frédéric.\nCordialement\n",
                    pieces=[("arret.pdf", _arret("ROYER", "Guillaume", royer.nir), "application/pdf")])
    (c,) = u.claims
    assert c.agent.matricule is None and c.agent.confidence < 0.5
    assert {seguin.matricule, royer.matricule} <= {x.matricule for x in c.agent.candidates}


def test_a_threaded_reply_whose_piece_names_someone_else_is_about_the_piece(reg):
    lopes = _agent(reg, "LOPES", "CHRISTINE")
    u = _understand(reg, "Bonjour,\nVeuillez trouver ci-joint le bulletin de salaire demandé.\nCordialement\n",
                    subject="RE: Arrêt maladie M. HUBERT Loïc",
                    pieces=[("bulletin.pdf", _payslip("LOPES Christine"), "application/pdf")])
    assert _who(u) == [lopes.matricule]


def test_a_threaded_reply_whose_piece_names_the_thread_s_agent_keeps_it(reg):
    hubert = _agent(reg, "HUBERT", "LOIC")
    u = _understand(reg, "Bonjour,\nVeuillez trouver ci-joint le bulletin de salaire demandé.\nCordialement\n",
                    subject="RE: Arrêt maladie M. HUBERT Loïc",
                    pieces=[("bulletin.pdf", _payslip("HUBERT Loic"), "application/pdf")])
    assert _who(u) == [hubert.matricule]



@pytest.mark.parametrize("opening, closing", [
    ("Bonjour Mme FONTAINE,\n", ""),
    ("Madame FONTAINE,\n", ""),
    ("À l'attention de Mme FONTAINE, service prestations\n", ""),
    ("Bonjour,\n", "Pendant son absence, elle est remplacée par Mme FONTAINE Émilie.\n"),
])
def test_the_reader_of_the_mail_and_a_replacement_make_no_claim(reg, opening, closing):
    blanc = _agent(reg, "BLANC", "INES")
    u = _understand(reg, f"{opening}Mme BLANC Inès est en arrêt maladie du 03/03/2025 au 07/03/2025.\n{closing}"
                         "Cordialement\n")
    assert _who(u) == [blanc.matricule]


@pytest.mark.parametrize("words", [
    "bonjour Inès BLANC (matricule 000631) est en arrêt maladie du 03/03/2025 au 07/03/2025",
    "Bonjour Mme BLANC Inès née le 22/08/1999 est en arrêt maladie du 03/03/2025 au 07/03/2025",
])
def test_a_greeting_run_into_the_agent_s_name_given_with_a_matricule_or_birth_date_is_the_agent(reg, words):
    # The reader greeted is never given their matricule or birth date: a hurried « bonjour » run into the sentence.
    blanc = _agent(reg, "BLANC", "INES")
    u = _understand(reg, f"{words}. Cordialement\nLe service RH\n")
    assert _who(u) == [blanc.matricule]


@pytest.mark.parametrize("who", [
    "Mme NICOLAS Fatima née DUFOUR",
    "Mme DUFOUR épouse NICOLAS Fatima",
    "Mme Fatima NICOLAS (née DUFOUR)",
    "Mme NICOLAS-DUFOUR Fatima",
])
def test_a_birth_name_beside_the_name_in_use_names_one_agent(reg, who):
    nicolas = _agent(reg, "NICOLAS", "FATIMA")  # née DUFOUR; DUFOUR Virginie is another agent
    u = _understand(reg, f"Bonjour,\n{who} est en arrêt maladie du 03/03/2025 au 07/03/2025.\nCordialement\n")
    assert _who(u) == [nicolas.matricule]


def test_the_clause_naming_the_second_agent_is_theirs(reg):
    a, b = _agent(reg, "FERREIRA", "LAETITIA"), _agent(reg, "LAURENT", "PATRICK")
    u = _understand(reg, "Bonjour,\nVeuillez trouver l'arrêt de Mme FERREIRA Laetitia du 03/03/2025 au 07/03/2025 et la "
                         "prolongation de M. LAURENT Patrick du 05/03/2025 au 19/03/2025 (arrêt initial du 20/02/2025).\n"
                         "Cordialement\n")
    got = {c.agent.matricule: (c.nature.value, str(c.date_survenance.value)) for c in u.claims}
    assert got[b.matricule] == ("prolongation", "2025-02-20")
    assert got[a.matricule][1] == "2025-03-03"


def test_a_reused_subject_and_its_history_naming_two_people_go_to_a_handler(reg):
    u = _understand(reg, "Bonjour,\nVoici la prolongation, du 10/03/2025 au 21/03/2025.\nCordialement\n\n"
                         "Le ven. 7 mars 2025 à 11:02, Service prestations <prestations@cdg-exemple.fr> a écrit :\n"
                         "> Pouvez-vous nous transmettre la prolongation de Mme LOPES Christine ?\n",
                    subject="RE: Arrêt maladie M. HUBERT Loïc")
    (c,) = u.claims
    assert c.agent.matricule is None
    assert {_agent(reg, "HUBERT", "LOIC").matricule, _agent(reg, "LOPES", "CHRISTINE").matricule} <= \
        {x.matricule for x in c.agent.candidates}


def test_a_gmail_invitation_is_other_and_its_ics_is_autre(reg):
    ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nDTSTART:20250312T090000Z\r\n"
           "SUMMARY:Point arrêt M. ROYER\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    m = _mail("Vous avez été invité à l'événement suivant.\nPoint sur l'arrêt de M. ROYER Guillaume\n"
              "mercredi 12 mars 2025 10:00 – 10:30\n", subject="Invitation: Point arrêt M. ROYER @ mer. 12 mars 2025")
    m.add_alternative(ics, subtype="calendar", params={"method": "REQUEST"})
    m.add_attachment(ics.encode(), maintype="application", subtype="ics", filename="invite.ics")
    got = analyse_read(read_message(m.as_bytes()), registry=reg)
    assert (got["intent"], got["claims"]) == ("other", [])
    assert got["attachments"] == [{"filename": "invite.ics", "kind": "autre", "ocr": False}]


@pytest.mark.parametrize("body", [
    "Agent : BLANC Inès\nService : Gestionnaire RH\nArrêt maladie du 03/03/2025 au 07/03/2025.\n",
    "BLANC Inès\nAdjointe administrative\nen arrêt maladie du 03/03/2025 au 07/03/2025.\n",
])
def test_a_name_above_its_job_title_and_the_stop_is_the_agent(reg, body):
    blanc = _agent(reg, "BLANC", "INES")
    u = _understand(reg, f"Bonjour,\n{body}Cordialement\n")
    assert _who(u) == [blanc.matricule]


def test_registered_names_that_are_words_or_first_names_name_nobody_as_such(reg):
    blanc = _agent(reg, "BLANC", "INES")
    u = _understand(reg, "Bonjour,\nUn petit rappel : Mme BLANC Inès est en arrêt maladie du 03/03/2025 au 07/03/2025, "
                         "comme vu avec Laurent au téléphone (formulaire sur papier blanc, rue de la fontaine).\n"
                         "Cordialement\n")
    assert _who(u) == [blanc.matricule]


def test_a_forward_introduced_by_someone_named_keeps_the_forwarded_agent(reg):
    lopes = _agent(reg, "LOPES", "CHRISTINE")
    u = _understand(reg, "Bonjour,\nVoir ci-dessous la demande de Mme FONTAINE, cheffe du service entretien.\n\n"
                         "---------- Forwarded message ---------\nDe : Service entretien <entretien@mairiefloractroisrivieres.fr>\n"
                         "Date : lun. 3 mars 2025\nObjet : arrêt\n\nMme LOPES Christine est en arrêt maladie du 03/03/2025 "
                         "au 14/03/2025.\n", subject="TR: arrêt")
    assert lopes.matricule in _who(u)


@pytest.mark.parametrize(("sender", "closing"), [
    ("Romane Veyrier <romane.v48@laposte.net>", "Bonne journée"),  # the display name tells who writes
    ("romane.v48@laposte.net", "Merci\nRomane Veyrier"),  # a bare « Prénom Nom » closing the text does
])
def test_a_new_hire_writing_about_their_own_stop_under_an_old_subject_is_not_its_person(reg, sender, closing):
    # The writer is not in the registry yet; the subject line and the history they answer are about a
    # colleague's older stop. Filing this stop under the colleague would be the worst error: the claim is
    # the writer's, with no agent, for the handler to file.
    blanc = _agent(reg, "BLANC", "INES")
    body = ("Bonjour,\nagente au service technique de la mairie de Florac Trois Rivières, je suis arrêtée après ma "
            f"chute dans l'escalier : arrêt du 10/03/2025 au 21/03/2025.\n{closing}\n\n"
            "> Le 02/02/2025, Service prestations a écrit :\n> Nous avons bien reçu l'arrêt de Mme Inès BLANC.\n")
    u = _understand(reg, body, sender=sender, subject="RE: RE: Arrêt BLANC Inès")
    assert blanc.matricule not in _who(u)
    assert [(str(c.arret_start.value), str(c.arret_end.value)) for c in u.claims] == [("2025-03-10", "2025-03-21")]


def test_an_agent_answering_their_own_thread_from_an_address_naming_nobody_stays_its_person(reg):
    # No name to tell the writer by: the reused subject's person is the best reading (the writer says « pour
    # moi » of the stop the thread is about).
    blanc = _agent(reg, "BLANC", "INES")
    u = _understand(reg, "Bonjour,\nagente à la mairie de Florac Trois Rivières, la prolongation pour moi : arrêt du "
                         "10/03/2025 au 21/03/2025.\nBonne journée\n", sender="titi48@laposte.net",
                    subject="RE: Arrêt BLANC Inès")
    assert _who(u) == [blanc.matricule]


def test_an_agent_signing_under_their_own_thread_stays_its_person(reg):
    blanc = _agent(reg, "BLANC", "INES")
    u = _understand(reg, "Bonjour,\nagente à la mairie de Florac Trois Rivières, je suis toujours en arrêt, du "
                         "10/03/2025 au 21/03/2025.\nMerci\nInès Blanc\n", sender="titi48@laposte.net",
                    subject="RE: Arrêt BLANC Inès")
    assert _who(u) == [blanc.matricule]
