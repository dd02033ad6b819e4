"""Classes of failure found on a second blind corpus (issue 14, family B), in wordings of our own: a question
naming an agent (and their stop) is no declaration; pieces sent later for a congé « depuis » a day are
documents; a contact card is no piece; a mail server's delivery report names no employer."""

import base64
from email.message import EmailMessage

import pytest

from intake.identify.match import Registry
from intake.identify.message import understand_message
from intake.mail.read import read_message
from intake.understand.intent import outside_questions, question_spans
from intake.understand.onfile import stop_on_file
from intake.understand.text import fold
from support import SAMPLES

_PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
_VCARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Fabre;Odile;;;\r\nFN:Odile Fabre\r\nORG:Mairie\r\n"
          "TITLE:Gestionnaire paie\r\nTEL;TYPE=WORK:04 66 00 00 00\r\nEND:VCARD\r\n").encode()


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.from_csv_dir(SAMPLES / "registry")


def _agent(reg: Registry, coll: str = "C48061"):
    """An agent whose surname has six letters or more and is unique in the collectivité (read, not assumed)."""
    pool = reg.agents_of(coll)
    lasts = [a.last_name.upper() for a in pool]
    return next(a for a in pool if lasts.count(a.last_name.upper()) == 1 and len(a.last_name) >= 6
                and a.last_name.isalpha())


def _mail(body: str, *, subject: str = "Dossier", card: str | None = None, logo: bool = False,
          piece: tuple[str, str] | None = None, sender: str = "rh@mairiefloractroisrivieres.fr") -> object:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = sender, "prestations@cdg-exemple.fr", subject
    m["Date"], m["Message-ID"] = "Mon, 10 Nov 2025 10:00:00 +0100", "<q1@example.org>"
    m.set_content(body)
    if logo:
        m.add_alternative(f"<p>{body}</p><p><img src='cid:logo07@mairie'></p>", subtype="html")
        m.get_payload()[1].add_related(_PNG, "image", "png", cid="<logo07@mairie>", disposition="inline",
                                       filename="image001.png")
    if card:
        m.add_attachment(_VCARD, maintype="text", subtype=card, filename="Odile Fabre.vcf")
    if piece:
        from fpdf import FPDF

        pdf = FPDF()
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        for line in piece[1].splitlines():
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
        m.add_attachment(bytes(pdf.output()), maintype="application", subtype="pdf", filename=piece[0])
    return read_message(m.as_bytes())


def _civ(a) -> str:
    return "M." if a.sex == "M" else "Mme"


# --- a question naming an agent declares nothing --------------------------------------------------------------

_QUESTIONS = [
    "Bonjour,\nPourriez-vous m'indiquer si le dossier de {civ} {last} (en arrêt depuis le 14/10/2025) est complet ?\nMerci\n",
    "Bonjour,\nFaut-il vous transmettre l'arrêt de {civ} {first} {last} du 3 au 9 novembre ?\nBonne journée\n",
    "Bonjour,\nEst-ce que le remboursement de {civ} {last}, arrêtée depuis le 2 octobre, a été fait ?\nCordialement\n",
    "Bonjour\nou en sont les indemnités de {civ} {last} arret du 01/10 au 31/10 ?\nmerci\n",
    "Bonjour,\nLe dossier de {civ} {first} {last} (congé de longue maladie depuis le 12 mai) est-il complet ?\n",
]


@pytest.mark.parametrize("template", _QUESTIONS)
def test_a_question_about_an_agent_and_their_stop_is_a_question_without_claims(reg, template: str) -> None:
    a = _agent(reg)
    body = template.format(civ=_civ(a), last=a.last_name.upper(), first=a.first_name.title())
    u = understand_message(_mail(body), reg)
    assert (str(u.intent.intent), u.claims) == ("question", [])


@pytest.mark.parametrize("card", ["vcard", "x-vcard"])
def test_a_question_with_the_senders_card_and_logo_is_still_a_question(reg, card: str) -> None:
    a = _agent(reg)
    body = f"Bonjour,\nQuel est le délai de traitement pour le dossier de {_civ(a)} {a.last_name.upper()} ?\nMerci\n"
    u = understand_message(_mail(body, card=card, logo=True), reg)
    assert (str(u.intent.intent), u.claims) == ("question", [])


@pytest.mark.parametrize("template", [
    # a stop stated as fact, then a question
    "Bonjour,\n{civ} {last} {first} est en arrêt de travail du 03/11/2025 au 16/11/2025, pouvez-vous me confirmer la réception ?\n",
    # a request to record a stop, put as a question
    "Bonjour,\nPourriez-vous enregistrer l'arrêt maladie de {civ} {first} {last} du 03/11/2025 au 16/11/2025 ?\nMerci\n",
    # the stop stated, the question in the next sentence
    "Bonjour,\n{civ} {first} {last} est arrêtée du 3 au 16 novembre 2025. Faut-il aussi un bulletin de salaire ?\n",
])
def test_a_stop_stated_or_asked_to_be_recorded_beside_a_question_is_declared(reg, template: str) -> None:
    a = _agent(reg)
    body = template.format(civ=_civ(a), last=a.last_name.upper(), first=a.first_name.title())
    u = understand_message(_mail(body), reg)
    assert str(u.intent.intent) == "declaration"
    assert [(c.agent.matricule, str(c.arret_start.value)) for c in u.claims] == [(a.matricule, "2025-11-03")]


def test_question_spans_end_sentences_but_not_at_a_civility() -> None:
    text = "Bonjour. Faut-il envoyer l'arrêt de M. Dupont du 3 au 9 mars ? Merci."
    (a, b), = question_spans(text)
    assert text[a:b] == "Faut-il envoyer l'arrêt de M. Dupont du 3 au 9 mars ?"
    assert "Dupont" not in outside_questions(text) and outside_questions(text).startswith("Bonjour.")
    assert len(outside_questions(text)) == len(text)


# --- pieces sent later ---------------------------------------------------------------------------------------

_ARRETE = ("ARRETE PORTANT PLACEMENT EN CONGE DE LONGUE MALADIE\nLe Maire de la commune,\nVu le code general de la "
           "fonction publique,\nVu l'avis du conseil medical,\nARRETE\nArticle 1 : l'agent est place en conge de longue maladie")


@pytest.mark.parametrize("opening", [
    "Pour compléter le dossier de {civ} {first} {last}, en congé de longue maladie depuis le 04/09/2025, voici l'arrêté.",
    "Suite à votre demande, je vous adresse l'arrêté de {civ} {last} {first} (congé de longue maladie depuis le 4 septembre 2025).",
    "Ci-joint l'arrêté de placement de {civ} {first} {last}, en CLM depuis le 04/09/2025, dossier déjà déclaré.",
])
def test_pieces_sent_later_for_a_conge_since_a_day_are_documents(reg, opening: str) -> None:
    a = _agent(reg)
    body = "Bonjour,\n" + opening.format(civ=_civ(a), last=a.last_name.upper(), first=a.first_name.title()) + "\nCordialement\n"
    u = understand_message(_mail(body, piece=("arrete.pdf", _ARRETE)), reg)
    assert str(u.intent.intent) == "documents"
    (c,) = u.claims
    assert (c.agent.matricule, c.nature, c.arret_start, c.arret_end) == (a.matricule, None, None, None)
    assert str(c.date_survenance.value) == "2025-09-04"
    assert [f for f, _ in c.documents] == ["arrete.pdf"]


@pytest.mark.parametrize("text, asked, on_file", [
    ("pour completer le dossier de mme x, conge de longue maladie depuis le 26/02, voici l'avis", True, True),
    ("mme x est en conge de maladie ordinaire depuis le 3 mars, ci-joint le bulletin", False, False),
    ("ci-joint l'arrete de m. y concernant son conge, dossier deja declare", False, True),
])
def test_a_conge_since_a_day_is_on_file_only_when_the_pieces_were_asked_for(text: str, asked: bool, on_file: bool) -> None:
    assert bool(stop_on_file(fold(text), with_pieces=True, asked=asked)) is on_file


# --- contact cards -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("card", ["vcard", "x-vcard"])
def test_a_contact_card_is_listed_as_autre_but_is_no_piece_of_the_claim(reg, card: str) -> None:
    a = _agent(reg)
    body = f"Bonjour,\n{_civ(a)} {a.last_name.upper()} {a.first_name.title()} est en arrêt maladie du 03/11/2025 au 14/11/2025.\n"
    read = _mail(body, card=card)
    assert [(x.filename, x.kind.kind) for x in read.attachments] == [("Odile Fabre.vcf", "autre")]
    claims = understand_message(read, reg).claims
    assert [(c.agent.matricule, c.documents) for c in claims] == [(a.matricule, [])]


# --- delivery reports ----------------------------------------------------------------------------------------

def test_a_delivery_report_about_a_members_address_names_no_employer(reg) -> None:
    m = EmailMessage()
    m["From"], m["To"] = "Mail Delivery System <MAILER-DAEMON@relais.cdg-exemple.fr>", "prestations@cdg-exemple.fr"
    m["Subject"], m["Auto-Submitted"] = "Undelivered Mail Returned to Sender", "auto-replied"
    m["Date"], m["Message-ID"] = "Mon, 10 Nov 2025 10:00:00 +0100", "<dsn1@relais.cdg-exemple.fr>"
    m.set_content("This is the mail system at host relais.cdg-exemple.fr.\n\nYour message could not be delivered.\n\n"
                  "<rh@mairiefloractroisrivieres.fr>: host mx.mairiefloractroisrivieres.fr said: 550 5.1.1 User unknown\n")
    u = understand_message(read_message(m.as_bytes()), reg)
    assert str(u.intent.intent) == "auto_reply"
    assert u.employer.code is None


def test_an_out_of_office_with_the_senders_logo_is_an_auto_reply(reg) -> None:
    body = ("Bonjour,\nJe suis absente du bureau jusqu'au 21/11/2025 inclus. En cas d'urgence, contactez l'accueil.\n"
            "Cordialement\n")
    read = _mail(body, subject="Absent(e) : RE: votre relance", logo=True)
    u = understand_message(read, reg)
    assert str(u.intent.intent) == "auto_reply"
    assert u.employer.code == "C48061"


@pytest.mark.parametrize("template", [
    "Bonjour,\nMerci de m'indiquer où en est le dossier de {civ} {last}, en arrêt depuis le 14/10/2025.\nCordialement\n",
    "Bonjour,\nJe souhaiterais savoir si les indemnités de {civ} {first} {last} (arrêt du 1er au 12 octobre) ont été versées.\n",
])
def test_a_question_asked_without_its_mark_is_a_question(reg, template: str) -> None:
    a = _agent(reg)
    body = template.format(civ=_civ(a), last=a.last_name.upper(), first=a.first_name.title())
    u = understand_message(_mail(body), reg)
    assert (str(u.intent.intent), u.claims) == ("question", [])


def test_what_a_doctor_told_us_is_no_question(reg) -> None:
    a = _agent(reg)
    body = (f"Bonjour,\nLe médecin vient de nous indiquer que {_civ(a)} {a.last_name.upper()} {a.first_name.title()} "
            "est arrêtée du 03/11/2025 au 16/11/2025.\nCordialement\n")
    u = understand_message(_mail(body), reg)
    assert str(u.intent.intent) == "declaration"
    assert [c.agent.matricule for c in u.claims] == [a.matricule]


def test_an_out_of_office_titled_absent_e_that_names_a_colleague_is_an_auto_reply(reg) -> None:
    # the « (e) » of a template, and a colleague named for urgent matters: no declaration of anyone
    body = ("Bonjour,\nJe suis absente jusqu'au 21/11/2025. Pour les arrêts de travail, merci de contacter "
            "Mme Paulette Granier au 04 66 00 00 01.\nCordialement\n")
    u = understand_message(_mail(body, subject="Absent(e) : RE: Arrêt de travail"), reg)
    assert (str(u.intent.intent), u.claims) == ("auto_reply", [])


_DAS = ("DECLARATION D'ACCIDENT DE SERVICE\nLieu de l'accident : atelier municipal\nHeure de l'accident : 10 h 30\n"
        "Circonstances detaillees : chute d'une echelle\nSiege et nature des lesions : poignet droit")


def test_an_accident_declaration_sent_for_the_file_on_record_stays_documents(reg) -> None:
    a = _agent(reg)
    body = (f"Bonjour,\nSuite à votre demande, voici la déclaration d'accident de {_civ(a)} {a.last_name.upper()} "
            "concernant sa chute du 04/11/2025.\nCordialement\n")
    u = understand_message(_mail(body, piece=("das.pdf", _DAS)), reg)
    assert str(u.intent.intent) == "documents"
