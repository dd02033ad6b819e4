"""Classes of failure found on mail written by others (issue 14), each in wordings of our own: a name
mistyped once beside its right spelling, the sender's inline logo, an invoice titled by one word."""

import base64
from email.message import EmailMessage

import pytest

from intake.documents import DocumentText, Page, classify
from intake.identify.match import Registry
from intake.identify.message import understand_message
from intake.mail.read import read_message
from support import SAMPLES

# A 1x1 PNG: the size of a signature picture, far below what could be a scanned page.
_PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.from_csv_dir(SAMPLES / "registry")


def _agent(reg: Registry, coll: str):
    """An agent whose surname has six letters or more and is unique in the collectivité (read, not assumed)."""
    pool = reg.agents_of(coll)
    lasts = [a.last_name.upper() for a in pool]
    return next(a for a in pool if lasts.count(a.last_name.upper()) == 1 and len(a.last_name) >= 6
                and a.last_name.isalpha())


def _swap(name: str) -> str:
    """Two inner letters swapped: the commonest slip of a hurried typist."""
    return name[:2] + name[3] + name[2] + name[4:]


def _mail(body: str, *, html: str | None = None, logo: bool = False) -> object:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "rh@mairiefloractroisrivieres.fr", "prestations@cdg-exemple.fr", "Arrêt"
    m["Date"], m["Message-ID"] = "Mon, 10 Mar 2025 10:00:00 +0100", "<g1@example.org>"
    m.set_content(body)
    if html is not None:
        m.add_alternative(html, subtype="html")
        if logo:
            m.get_payload()[1].add_related(_PNG, "image", "png", cid="<logo01@mairie>", disposition="inline",
                                           filename="logo_mairie.png")
    return read_message(m.as_bytes())


@pytest.mark.parametrize("template", [
    "Bonjour,\n\n{civ} {typo} {first} est en arrêt de travail du 03/03/2025 au 14/03/2025.\n"
    "Vous trouverez ci-joint l'arrêt de {civ} {right} {first}.\n\nCordialement,\nLe service RH\n",
    "Bonjour,\nJe vous signale l'arrêt maladie de {civ} {right} {first} à compter du 05/03/2025 pour 10 jours.\n"
    "Son numéro de sécurité sociale vous sera transmis : dossier {civ} {typo} {first}.\nBien à vous\n",
])
def test_a_name_mistyped_once_beside_its_right_spelling_is_one_claim(reg, template: str) -> None:
    a = _agent(reg, "C48061")
    civ = "M." if a.sex == "M" else "Mme"
    body = template.format(civ=civ, typo=_swap(a.last_name.upper()), right=a.last_name.upper(), first=a.first_name.title())
    claims = understand_message(_mail(body), reg).claims
    assert [c.agent.matricule for c in claims] == [a.matricule]


def test_two_people_whose_surnames_differ_by_one_letter_but_first_names_differ_stay_two(reg) -> None:
    a = _agent(reg, "C48061")
    civ = "M." if a.sex == "M" else "Mme"
    body = (f"Bonjour,\n{civ} {a.last_name.upper()} {a.first_name.title()} est en arrêt du 03/03/2025 au 14/03/2025.\n"
            f"M. {_swap(a.last_name.upper())} Barthélémy est en arrêt du 04/03/2025 au 09/03/2025.\nCordialement\n")
    claims = understand_message(_mail(body), reg).claims
    assert sorted(str(c.agent.matricule) for c in claims) == sorted([a.matricule, "None"])


def test_the_senders_inline_logo_is_no_piece_of_the_claim(reg) -> None:
    a = _agent(reg, "C48061")
    civ = "M." if a.sex == "M" else "Mme"
    text = f"Bonjour,\n{civ} {a.last_name.upper()} {a.first_name.title()} est en arrêt maladie du 03/03/2025 au 14/03/2025.\n"
    read = _mail(text, html=f"<p>{text}</p><p><img src='cid:logo01@mairie'> Mairie</p>", logo=True)
    assert [x.filename for x in read.attachments] == ["logo_mairie.png"]  # still listed with the message
    claims = understand_message(read, reg).claims
    assert [c.agent.matricule for c in claims] == [a.matricule]
    assert claims[0].documents == []


@pytest.mark.parametrize("text", [
    "CABINET DE KINÉSITHÉRAPIE\nFACTURE\nPatiente : Mme Durand. Séances de rééducation : 6 x 18,00 €. Montant : 108,00 €",
    "Pharmacie du Centre\nFacture\nAssuré : M. Roche\nTotal 42,35 EUR\nMerci de votre visite",
    "FACTURE\nSéance d'ostéopathie du 12/02/2025\nTotal : 55,00 euros",
])
def test_an_invoice_titled_by_one_word_is_an_invoice(text: str) -> None:
    assert classify("document.pdf", DocumentText(pages=[Page(1, text, 595, 842)])).kind == "facture"


def test_an_amount_without_a_title_or_care_words_is_no_invoice() -> None:
    text = "Compte rendu du conseil\nLe budget voté : total 1200,00 €"
    assert classify("cr.pdf", DocumentText(pages=[Page(1, text, 595, 842)])).kind != "facture"


def _with_piece(body: str, filename: str, text: str) -> object:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in text.splitlines():
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "rh@mairiefloractroisrivieres.fr", "prestations@cdg-exemple.fr", "Pièces"
    m["Date"], m["Message-ID"] = "Mon, 10 Mar 2025 10:00:00 +0100", "<g2@example.org>"
    m.set_content(body)
    m.add_attachment(bytes(pdf.output()), maintype="application", subtype="pdf", filename=filename)
    return read_message(m.as_bytes())


_PAYSLIP = ("BULLETIN DE PAIE\nPeriode : fevrier 2025\nSalaire de base 1 850,00\nNet a payer avant impot 1 512,40\n"
            "Cotisations salariales CNRACL")


@pytest.mark.parametrize("opening", ["Comme demandé, vous trouverez", "Suite à votre relance, voici", "Comme convenu, je joins"])
def test_pieces_asked_for_someone_off_since_a_day_are_documents(reg, opening: str) -> None:
    a = _agent(reg, "C48061")
    civ = "M." if a.sex == "M" else "Mme"
    body = (f"Bonjour,\n{opening} le bulletin de salaire de {civ} {a.first_name.title()} {a.last_name.upper()}, "
            f"en arrêt maladie depuis le 3 février.\nCordialement\n")
    u = understand_message(_with_piece(body, "bulletin.pdf", _PAYSLIP), reg)
    assert str(u.intent.intent) == "documents"
    assert [c.agent.matricule for c in u.claims] == [a.matricule]


def test_someone_off_since_a_day_with_a_payslip_but_no_request_stays_a_declaration(reg) -> None:
    a = _agent(reg, "C48061")
    civ = "M." if a.sex == "M" else "Mme"
    body = f"Bonjour,\n{civ} {a.last_name.upper()} {a.first_name.title()} est en arrêt maladie depuis le 3 mars.\nCordialement\n"
    u = understand_message(_with_piece(body, "bulletin.pdf", _PAYSLIP), reg)
    assert str(u.intent.intent) == "declaration"


def test_a_prolongation_following_up_a_declaration_with_its_arret_is_a_declaration(reg) -> None:
    a = _agent(reg, "C48061")
    civ = "Madame" if a.sex == "F" else "Monsieur"
    body = (f"Bonjour,\nPour faire suite à notre déclaration de l'arrêt de {civ} {a.first_name.title()} {a.last_name.upper()} "
            "commencé le 3 février 2025 : celui-ci est prolongé, voir l'avis joint.\nBien à vous\n")
    # the new period is on the attached avis only
    arret = (f"AVIS D'ARRET DE TRAVAIL\nProlongation\nNom : {a.last_name.upper()}\nPrenom : {a.first_name.title()}\n"
             "Arret de travail jusqu'au : 25/03/2025\nA compter du : 24/02/2025")
    u = understand_message(_with_piece(body, "avis.pdf", arret), reg)
    assert str(u.intent.intent) == "declaration"
    assert [(c.agent.matricule, str(c.nature.value)) for c in u.claims] == [(a.matricule, "prolongation")]


@pytest.mark.parametrize("subject", ["Maternité {last}", "Paternité {last}", "AM {last} {first}", "{last} Adoption"])
def test_a_category_beside_the_name_in_the_subject_is_no_second_person(reg, subject: str) -> None:
    a = _agent(reg, "C48061")
    civ = "M." if a.sex == "M" else "Mme"
    m = EmailMessage()
    m["From"], m["To"] = "rh@mairiefloractroisrivieres.fr", "prestations@cdg-exemple.fr"
    m["Subject"] = subject.format(last=a.last_name.upper(), first=a.first_name.title())
    m["Date"], m["Message-ID"] = "Mon, 10 Mar 2025 10:00:00 +0100", "<g3@example.org>"
    m.set_content(f"Bonjour,\n{civ} {a.last_name.upper()} {a.first_name.title()} sera absente du 03/03/2025 au 14/03/2025.\n"
                  "Merci\n")
    claims = understand_message(read_message(m.as_bytes()), reg).claims
    assert [c.agent.matricule for c in claims] == [a.matricule]


def _copier_mail(filename: str, paragraphs: list[str]) -> object:
    """An office copier's mail: no words of its own, one PDF whose paragraphs wrap as a page does."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for para in paragraphs:
        pdf.multi_cell(120, 7, para, new_x="LMARGIN", new_y="NEXT")  # narrow: sentences wrap mid-name
        pdf.ln(4)
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "Copieur RDC <noreply-scan@mairiefloractroisrivieres.fr>", \
        "prestations@cdg-exemple.fr", "Scan 20250310"
    m["Date"], m["Message-ID"] = "Mon, 10 Mar 2025 10:00:00 +0100", "<g3@example.org>"
    m.set_content("\n")
    m.add_attachment(bytes(pdf.output()), maintype="application", subtype="pdf", filename=filename)
    return read_message(m.as_bytes())


@pytest.mark.parametrize("kind, wording, nature, start, end", [
    ("initial", "dont l'état de santé justifie un arrêt de travail du 03/03/2025 au 16/03/2025 inclus.",
     "initial", "2025-03-03", "2025-03-16"),
    ("prolongation", "Son état nécessite la prolongation de l'arrêt de travail initialement prescrit le 17/02/2025, "
     "à compter du 03/03/2025 jusqu'au 21/03/2025 inclus.", "prolongation", "2025-03-03", "2025-03-21"),
])
def test_a_copiers_mail_with_a_doctors_prose_certificate_is_the_declaration(reg, kind, wording, nature, start, end) -> None:
    a = _agent(reg, "C48061")
    civ = "M." if a.sex == "M" else "Mme"
    read = _copier_mail("numerisation.pdf", [
        "Docteur Hervé LACOMBE - médecin généraliste - 4 avenue des Tilleuls",
        "CERTIFICAT D'ARRÊT DE TRAVAIL",
        f"Je soussigné, docteur en médecine, certifie avoir examiné ce jour {civ} {a.first_name.title()} "
        f"{a.last_name.upper()}, {wording}",
        "[ ] Arrêt initial   [ ] Prolongation",  # the checklist, its mark lost in the scan
        "Fait le 03/03/2025",
    ])
    assert read.attachments[0].kind.kind == "arret_travail", kind
    u = understand_message(read, reg)
    assert str(u.intent.intent) == "declaration"
    (c,) = u.claims  # the doctor prescribes: no claim of theirs
    assert c.agent.matricule == a.matricule
    assert (str(c.nature.value), str(c.arret_start.value), str(c.arret_end.value)) == (nature, start, end)


def _personal(sender: str, body: str) -> object:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = sender, "prestations@cdg-exemple.fr", "arret"
    m["Date"], m["Message-ID"] = "Mon, 10 Mar 2025 10:00:00 +0100", "<g4@example.org>"
    m.set_content(body)
    return read_message(m.as_bytes())


def test_an_agent_writing_about_their_own_stop_from_a_personal_address_is_its_subject(reg) -> None:
    a = _agent(reg, "C48061")
    coll = next(e.name for e in reg.employers if e.code == "C48061")
    body = (f"Bonjour,\nJe suis employé(e) par la {coll}. Je suis en arrêt de travail du 03/03/2025 au "
            f"14/03/2025, mon employeur m'a demandé de vous prévenir.\nCordialement\n\n{a.first_name.title()} {a.last_name.title()}\n")
    (c,) = understand_message(_personal(f"{a.first_name.title()} {a.last_name.title()} <perso.1984@gmail.com>", body), reg).claims
    assert c.agent.matricule == a.matricule
    # The same signature on a mail about someone else names nobody: a signatory makes no claim.
    other = body.replace("Je suis en arrêt de travail", "Mon collègue est en arrêt de travail")
    u = understand_message(_personal(f"{a.first_name.title()} {a.last_name.title()} <perso.1984@gmail.com>", other), reg)
    assert all(c.agent.matricule != a.matricule for c in u.claims)


def test_a_list_of_agents_gives_each_its_own_line_and_no_line_anothers_stop(reg) -> None:
    pool = [a for a in reg.agents_of("C48061") if a.last_name.isalpha() and len(a.last_name) >= 5]
    lasts = [a.last_name.upper() for a in reg.agents_of("C48061")]
    a, b = [x for x in pool if lasts.count(x.last_name.upper()) == 1][:2]
    civ = lambda x: "M." if x.sex == "M" else "Mme"  # noqa: E731
    # The first line's dates are in words the period reader may not take; the second person's compound
    # surname is written in small letters (« De La Fontaine »): neither may lend the second's stop to the first.
    body = (f"Bonjour,\nVoici les arrêts de la semaine :\n- {civ(a)} {a.first_name.title()} {a.last_name.upper()} : "
            f"voir l'arrêt joint\n- {civ(b)} {b.first_name.title()} De La {b.last_name.title()} : du 03/03/2025 au 16/03/2025\n"
            "Cordialement\n")
    claims = understand_message(_mail(body), reg).claims
    got = {c.agent.matricule: c.arret_start.value.isoformat() if c.arret_start else None for c in claims}
    assert got.get(a.matricule) is None  # no stop of its own in the words
    assert a.matricule in got and len(claims) == 2


@pytest.mark.parametrize("text, last, first", [
    ("M. Pascal De La Fontaine (n° 1 80 09 99 134 918 09) : pour 60 jours", "De La Fontaine", "Pascal"),
    ("Mme Anne de la Tour est en arrêt", "de la Tour", "Anne"),
])
def test_a_surname_of_two_particles_in_small_letters_is_read_whole(text, last, first) -> None:
    from intake.understand.names import find_people

    (p,) = find_people(text)
    assert (p.mention.last_name, p.mention.first_name) == (last, first)


def _reply(subject: str, new: str, quoted: str) -> object:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "rh@mairiefloractroisrivieres.fr", "prestations@cdg-exemple.fr", subject
    m["Date"], m["Message-ID"] = "Mon, 10 Mar 2025 10:00:00 +0100", "<g5@example.org>"
    m["In-Reply-To"] = "<older@example.org>"
    lines = "\n".join("> " + ln for ln in quoted.splitlines())
    m.set_content(f"{new}\n\nLe 3 mars 2025 à 09:00, RH <rh@mairiefloractroisrivieres.fr> a écrit :\n{lines}\n")
    return read_message(m.as_bytes())


def test_a_reply_naming_its_agent_by_first_name_takes_the_one_of_the_thread_else_nobody(reg) -> None:
    a = _agent(reg, "C48061")
    others = [x for x in reg.agents_of("C48061") if x.first_name.upper() != a.first_name.upper() and x.last_name.isalpha()
              and x.last_name.upper() != a.last_name.upper()]
    b = others[0]
    civ = lambda x: "M." if x.sex == "M" else "Mme"  # noqa: E731
    new = f"Bonjour,\nVoici la prolongation de {a.first_name.title()}, jusqu'au 21/03/2025 inclus.\nBien à vous\n"
    # The subject gives the surname only; the quoted declaration the first name: one person, the thread's.
    read = _reply(f"RE: arrêt de {civ(a)} {a.last_name.upper()}", new,
                  f"Bonjour,\n{civ(a)} {a.first_name.title()} {a.last_name.upper()} est en arrêt du 03/03/2025 au 10/03/2025.\n")
    (c,) = understand_message(read, reg).claims
    assert c.agent.matricule == a.matricule
    # A stale subject and history about someone else: their agent is not this first name's, nobody is named.
    read = _reply(f"RE: arrêt de {civ(b)} {b.last_name.upper()} {b.first_name.title()}", new,
                  f"Bonjour,\n{civ(b)} {b.first_name.title()} {b.last_name.upper()} est en arrêt du 03/03/2025 au 10/03/2025.\n")
    claims = understand_message(read, reg).claims
    assert [c.agent.matricule for c in claims] == [None]
    assert b.matricule in {x.matricule for x in claims[0].agent.candidates}


@pytest.mark.parametrize("closing", ["Vous en souhaitant bonne réception,", "Merci,"])
def test_a_signature_with_a_street_of_another_kind_is_no_second_person(reg, closing: str) -> None:
    a = _agent(reg, "C48061")
    civ = "M." if a.sex == "M" else "Mme"
    body = (f"Madame, Monsieur,\n{civ} {a.last_name.upper()} {a.first_name.title()} est en arrêt du 03/03/2025 au 14/03/2025.\n"
            f"{closing}\nJean-Baptiste KERGUELEN\nResponsable des ressources humaines\nMairie de Florac\n"
            "12 cours du Docteur Roux\nTél. : 04 66 00 00 00\n")
    claims = understand_message(_mail(body), reg).claims
    assert [c.agent.matricule for c in claims] == [a.matricule]


def test_a_forward_from_a_personal_address_takes_its_collectivite_from_the_arret_it_brings(reg) -> None:
    from fpdf import FPDF

    a = _agent(reg, "C48061")
    coll = next(e.name for e in reg.employers if e.code == "C48061")
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in ("AVIS D'ARRET DE TRAVAIL", f"Nom : {a.last_name.upper()}", f"Prenom : {a.first_name.title()}",
                 f"Employeur : {coll}".encode("latin-1", "replace").decode("latin-1"),
                 "Date de debut de l'arret : 03/03/2025", "Date de fin de l'arret : 14/03/2025"):
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "Agnès <agnes.rh.1977@gmail.com>", "prestations@cdg-exemple.fr", "Fw: arrêt"
    m["Date"], m["Message-ID"] = "Mon, 10 Mar 2025 10:00:00 +0100", "<g6@example.org>"
    m.set_content("Pour info et traitement.\n")
    m.add_attachment(bytes(pdf.output()), maintype="application", subtype="pdf", filename="avis.pdf")
    u = understand_message(read_message(m.as_bytes()), reg)
    assert u.employer.code == "C48061" and [c.agent.matricule for c in u.claims] == [a.matricule]
