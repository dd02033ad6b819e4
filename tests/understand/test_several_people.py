"""Mails about several people: which claim each piece goes to, and a person only a doctor's certificate in
sentences names readably (the words write them « Prénom Nom », nobody registered)."""

from email.message import EmailMessage

import pytest

from intake.identify.match import Registry
from intake.identify.message import understand_message
from intake.mail.read import read_message
from support import SAMPLES


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.from_csv_dir(SAMPLES / "registry")


def _pdf(paragraphs: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for para in paragraphs:
        pdf.multi_cell(170, 7, para, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


def _mail(body: str, pieces: list[tuple[str, bytes]]) -> object:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "rh@mairiefloractroisrivieres.fr", "prestations@cdg-exemple.fr", "Arrêts"
    m["Date"], m["Message-ID"] = "Mon, 10 Mar 2025 10:00:00 +0100", "<several@example.org>"
    m.set_content(body)
    for name, data in pieces:
        m.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return read_message(m.as_bytes())


def _docs(u) -> dict[str, list[str]]:
    return {c.agent_name: sorted(f for f, _ in c.documents) for c in u.claims}


_CERTIFICATE = [
    "Docteur Paul ESCANDE - médecine générale - 2 place du Marché",
    "CERTIFICAT D'ARRÊT DE TRAVAIL",
    "Je soussigné, docteur en médecine, certifie avoir examiné ce jour Mme Solange TEISSEDRE, née le 14/06/1988, "
    "n° de sécurité sociale 2 88 06 48 095 123, dont l'état justifie un arrêt de travail du 04/03/2025 au "
    "09/03/2025 inclus.",
    "Fait le 04/03/2025",
]


def test_a_person_written_plainly_in_a_list_is_claimed_from_the_certificate_naming_them(reg) -> None:
    body = ("Bonjour,\nVoici les arrêts de la semaine :\n"
            "- Mme Inès BLANC : arrêt maladie du 03/03/2025 au 07/03/2025\n"
            "- M. Patrick LAURENT : arrêt maladie du 05/03/2025 au 19/03/2025\n"
            "- l'arrêt de Solange Teissedre du 04/03 au 09/03/2025, nouvelle au service\n"
            "Cordialement,\nLe service RH\n")
    u = understand_message(_mail(body, [("scan0042.pdf", _pdf(_CERTIFICATE))]), reg)
    got = {c.agent_name: (c.agent.matricule, c.nir.value if c.nir else None, str(c.arret_start.value),
                          str(c.arret_end.value)) for c in u.claims}
    assert got["TEISSEDRE Solange"] == (None, "2880648095123", "2025-03-04", "2025-03-09")
    assert len(u.claims) == 3
    docs = _docs(u)
    assert docs["TEISSEDRE Solange"] == ["scan0042.pdf"]
    assert all(not d for name, d in docs.items() if name != "TEISSEDRE Solange")


def test_a_certificate_naming_someone_the_words_do_not_name_gives_no_name(reg) -> None:
    # Its sentences may name a patient of a wrong scan: the words must name them too.
    body = ("Bonjour,\nVoici les arrêts de la semaine :\n"
            "- Mme Inès BLANC : arrêt maladie du 03/03/2025 au 07/03/2025\n"
            "- M. Patrick LAURENT : arrêt maladie du 05/03/2025 au 19/03/2025\n"
            "Cordialement,\nLe service RH\n")
    u = understand_message(_mail(body, [("scan0042.pdf", _pdf(_CERTIFICATE))]), reg)
    assert [c.agent_name for c in u.claims if c.agent_name and "TEISSEDRE" in c.agent_name] == []


_UNREAD = ["AVIS D'ARRÊT DE TRAVAIL", "Certificat remis à l'intéressé(e) pour faire valoir ce que de droit.",
           "Fait à Florac, le {day}", "Dr Claire MONTEIL"]


@pytest.mark.parametrize(("day", "owner"), [
    ("5 mars 2025", "LAURENT Patrick"),  # the day one stop begins: that stop's certificate
    ("17 mars 2025", None),  # no stop begins that day: everyone's, for the handler to sort
])
def test_a_certificate_naming_nobody_readably_goes_to_the_stop_beginning_the_day_it_was_written(reg, day, owner) -> None:
    body = ("Bonjour,\nArrêts à déclarer :\n"
            "- Mme Inès BLANC : arrêt maladie du 03/03/2025 au 07/03/2025\n"
            "- M. Patrick LAURENT : arrêt maladie du 05/03/2025 au 19/03/2025\n"
            "Cordialement,\nLe service RH\n")
    piece = _pdf([ln.format(day=day) for ln in _UNREAD])
    u = understand_message(_mail(body, [("IMG_20250310.pdf", piece)]), reg)
    docs = _docs(u)
    assert set(docs) == {"BLANC Inès", "LAURENT Patrick"}
    for name, d in docs.items():
        assert d == (["IMG_20250310.pdf"] if owner in (None, name) else [])


def _spaced(nir13: str) -> str:
    return f"{nir13[0]} {nir13[1:3]} {nir13[3:5]} {nir13[5:7]} {nir13[7:10]} {nir13[10:13]}"


def _homonyms(reg: Registry):
    pool = reg.agents_of("C48061")
    return sorted((a for a in pool if (a.last_name, a.first_name) == ("MERCIER", "NOEMIE")), key=lambda a: a.nir)


def test_one_name_on_two_lines_each_with_the_nir_of_a_homonym_is_two_claims(reg) -> None:
    a, b = _homonyms(reg)
    body = ("Bonjour,\nArrêts de la semaine :\n"
            f"- Mme Noémie MERCIER (n° sécu {_spaced(a.nir)}) : arrêt maladie du 03/03/2025 au 07/03/2025\n"
            f"- MERCIER Noémie (n° sécu {_spaced(b.nir)}) : arrêt maladie du 05/03/2025 au 19/03/2025\n"
            "Cordialement,\nLe service RH\n")
    u = understand_message(_mail(body, []), reg)
    got = sorted((c.agent.matricule, str(c.arret_start.value), str(c.arret_end.value)) for c in u.claims)
    assert got == sorted([(a.matricule, "2025-03-03", "2025-03-07"), (b.matricule, "2025-03-05", "2025-03-19")])


def test_one_name_on_two_lines_the_other_nir_on_the_form_is_two_claims(reg) -> None:
    from test_forms import make_form

    a, b = _homonyms(reg)
    form = make_form(form="10170", last="MERCIER", first="Noémie", nir13=b.nir, boxes={"initial"},
                     start="05/03/2025", end="19/03/2025")
    body = ("Bonjour,\nArrêts de la semaine :\n"
            f"- Mme Noémie MERCIER (n° sécu {_spaced(a.nir)}) : arrêt maladie du 03/03/2025 au 07/03/2025\n"
            "- Mme MERCIER Noémie : arrêt maladie du 05/03/2025 au 19/03/2025, son arrêt ci-joint\n"
            "Cordialement,\nLe service RH\n")
    u = understand_message(_mail(body, [("arret_mercier.pdf", form)]), reg)
    got = sorted((c.agent.matricule, str(c.arret_start.value), tuple(f for f, _ in c.documents)) for c in u.claims)
    assert got == sorted([(a.matricule, "2025-03-03", ()), (b.matricule, "2025-03-05", ("arret_mercier.pdf",))])


def test_one_name_with_a_nir_the_registry_does_not_know_stays_one_person(reg) -> None:
    a, _ = _homonyms(reg)
    body = ("Bonjour,\nArrêts de la semaine :\n"
            f"- Mme Noémie MERCIER (n° sécu {_spaced(a.nir)}) : arrêt maladie du 03/03/2025 au 07/03/2025\n"
            "- MERCIER Noémie (n° sécu 2 64 06 43 195 025) : arrêt maladie du 05/03/2025 au 19/03/2025\n"
            "Cordialement,\nLe service RH\n")
    u = understand_message(_mail(body, []), reg)
    assert len(u.claims) == 1


def test_one_name_on_two_lines_takes_the_form_whose_days_each_line_writes(reg) -> None:
    from test_forms import make_form

    a, b = _homonyms(reg)
    forms = [(f"arret_{i}.pdf", make_form(form="10170", last="MERCIER", first="Noémie", nir13=x.nir, boxes={"initial"},
                                          start=start, end=end))
             for i, (x, start, end) in enumerate([(b, "05/03/2025", "19/03/2025"), (a, "03/03/2025", "07/03/2025")])]
    body = ("Bonjour,\nci-joint les arrêts :\n"
            "- Mme MERCIER Noémie, arrêt maladie du 03/03/2025 au 07/03/2025\n"
            "- Mme MERCIER Noémie (l'autre, service entretien), arrêt maladie du 05/03/2025 au 19/03/2025\n"
            "Cordialement,\nLe service RH\n")
    u = understand_message(_mail(body, forms), reg)
    got = sorted((c.agent.matricule, str(c.arret_start.value), tuple(f for f, _ in c.documents)) for c in u.claims)
    assert got == sorted([(a.matricule, "2025-03-03", ("arret_1.pdf",)), (b.matricule, "2025-03-05", ("arret_0.pdf",))])


def test_a_nir_written_after_a_name_the_patterns_miss_is_its_registered_holders(reg) -> None:
    lambert = next(x for x in reg.agents_of("C48061") if x.last_name == "LAMBERT")
    body = ("Bonjour,\nMme Inès BLANC est en arrêt maladie du 03/03/2025 au 07/03/2025.\n"
            f"voici aussi l'arrêt de m, lambert ({_spaced(lambert.nir)}) du 05/03/2025 au 12/03/2025.\n"
            "Cordialement,\nLe service RH\n")
    u = understand_message(_mail(body, []), reg)
    got = sorted((c.agent.matricule, c.nir.value if c.nir else None, str(c.arret_start.value)) for c in u.claims)
    blanc = next(x for x in reg.agents_of("C48061") if x.last_name == "BLANC")
    assert got == sorted([(blanc.matricule, None, "2025-03-03"), (lambert.matricule, lambert.nir, "2025-03-05")])


def _copier(pieces: list[tuple[str, bytes]]) -> object:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "Copieur <scan@mairiefloractroisrivieres.fr>", "prestations@cdg-exemple.fr", \
        "Numérisation"
    m["Date"], m["Message-ID"] = "Mon, 10 Mar 2025 10:00:00 +0100", "<copier@example.org>"
    m.set_content("\n")
    for name, data in pieces:
        m.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return read_message(m.as_bytes())


@pytest.mark.parametrize(("first", "theirs"), [("Manon", False), ("Inès", True)])
def test_a_registered_surname_alone_on_a_piece_giving_another_first_name_is_not_that_agent(reg, first, theirs) -> None:
    # A birth name that is also a registered agent's surname: without that agent's first name on the piece, the
    # piece is about someone else (a new hire née BLANC), never the registered BLANC Inès.
    blanc = next(x for x in reg.agents_of("C48061") if x.last_name == "BLANC")
    piece = _pdf(["Docteur Paul ESCANDE - médecine générale", "CERTIFICAT D'ARRÊT DE TRAVAIL",
                  "Nom de naissance : BLANC", f"Prénom : {first}",
                  "Je soussigné certifie que l'état de l'intéressée justifie un arrêt de travail du 04/03/2025 au "
                  "09/03/2025 inclus.", "Fait le 04/03/2025"])
    u = understand_message(_copier([("scan.pdf", piece)]), reg)
    assert (blanc.matricule in [c.agent.matricule for c in u.claims]) is theirs
