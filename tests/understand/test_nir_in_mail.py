"""The subject's NIR, wherever the mail states it: written apart from its key in the words, in the prose of an
attached certificate, on the line of a person the words could not read, in boxes damaged by OCR (confirmed
by the registry only)."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from intake.identify.match import Registry
from intake.identify.message import understand_message
from intake.mail.read import read_message
from intake.understand.nir import key_of, normalise
from support import DEJAVU, SAMPLES, prose_pdf

needs_font = pytest.mark.skipif(not DEJAVU.exists(), reason="the test pieces need a Unicode font")


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.from_csv_dir(SAMPLES / "registry")


def _agents(reg: Registry, coll: str, n: int):
    """n agents of the collectivité with a NIR, each alone with their last name there."""
    pool = reg.agents_of(coll)
    lasts = [a.last_name.upper() for a in pool]
    return [a for a in pool if a.nir and normalise(a.nir) and lasts.count(a.last_name.upper()) == 1][:n]


def _mail(body: str, pdf: bytes | None = None, filename: str = "piece.pdf") -> bytes:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "rh@mairiefloractroisrivieres.fr", "prestations@cdg-exemple.fr", "Arrêt"
    m["Date"], m["Message-ID"] = "Mon, 13 Jan 2025 10:00:00 +0100", "<n1@example.org>"
    m.set_content(body)
    if pdf is not None:
        m.add_attachment(pdf, maintype="application", subtype="pdf", filename=filename)
    return m.as_bytes()


def _spaced(nir13: str) -> str:
    return " ".join((nir13[0], nir13[1:3], nir13[3:5], nir13[5:7], nir13[7:10], nir13[10:13]))


@needs_font
def test_a_certificate_in_prose_gives_its_nir(reg):
    """An arrêt written as a doctor's certificate is no form: its NIR is read in its sentence."""
    (a,) = _agents(reg, "C48061", 1)
    nir = normalise(a.nir)
    pdf = prose_pdf(["Dr Paul ESCANDE", "Médecine générale", "Certificat d'arrêt de travail",
                     f"Je soussigné(e), Dr Paul ESCANDE, certifie avoir examiné ce jour {a.first_name.title()} "
                     f"{a.last_name.upper()}, n° de sécurité sociale {_spaced(nir)} {key_of(nir)}, et lui prescrire "
                     "un arrêt de travail initial du 06/01/2025 au 17/01/2025 inclus.", "Fait le 06/01/2025"])
    body = (f"Bonjour,\n\n{a.last_name.upper()} {a.first_name.title()} est en arrêt maladie du 06/01/2025 au "
            "17/01/2025.\n\nCordialement,\nLe service RH\n")
    (c,) = understand_message(read_message(_mail(body, pdf, "AM.pdf")), reg).claims
    assert c.agent.matricule == a.matricule
    assert c.nir is not None and c.nir.value == nir and "AM.pdf" in c.nir.source


def test_a_nir_on_the_line_of_a_person_not_read_is_not_the_previous_persons(reg):
    """« Mme G. X (NIR …) » on its own line: not the NIR of the agent named the line above."""
    (a,) = _agents(reg, "C48061", 1)
    other = "2900769210108" if normalise(a.nir) != "2900769210108" else "1980569192180"
    body = (f"Bonjour,\n\n{a.last_name.upper()} {a.first_name.title()} est en arrêt maladie du 06/01/2025 au "
            f"17/01/2025.\nMme G. Zyxwvutsr (NIR {_spaced(other)}) est en arrêt du 07/01/2025 au 10/01/2025.\n\n"
            "Cordialement,\nLe service RH\n")
    claims = understand_message(read_message(_mail(body)), reg).claims
    mine = [c for c in claims if c.agent.matricule == a.matricule]
    assert mine and all(c.nir is None or c.nir.value != other for c in mine)


def test_the_key_written_apart_is_read_with_the_nir(reg):
    (a,) = _agents(reg, "C48061", 1)
    nir = normalise(a.nir)
    body = (f"Bonjour,\n\n{a.last_name.upper()} {a.first_name.title()} ({nir} / {key_of(nir)}) est en arrêt "
            "maladie du 06/01/2025 au 17/01/2025.\n\nCordialement,\nLe service RH\n")
    (c,) = understand_message(read_message(_mail(body)), reg).claims
    assert c.nir is not None and c.nir.value == nir
    assert c.nir.words.endswith(key_of(nir))


def _damaged(nir13: str) -> str:
    """A boxed NIR as OCR reads it: box edges as « | », « [ » and 1, a 0 read as O."""
    out = []
    for i, c in enumerate(nir13):
        out.append({0: f"| {c}|[", 3: f"1{c}1", 7: f"|{c}1"}.get(i, "O" if c == "0" else c))
    return "".join(out) + "|1/2"


@needs_font
def test_a_damaged_boxed_nir_is_given_only_when_the_registry_confirms_it(reg):
    a, b = _agents(reg, "C48061", 2)
    nir = normalise(a.nir)
    body = (f"Bonjour,\n\nVeuillez trouver l'arrêt de {a.last_name.upper()} {a.first_name.title()} du 06/01/2025 "
            "au 17/01/2025.\n\nCordialement,\nLe service RH\n")
    pdf = prose_pdf(["Identification de l'assuré(e)", f"N° d'immatriculation {_damaged(nir)}"])
    (c,) = understand_message(read_message(_mail(body, pdf, "scan.pdf")), reg).claims
    assert c.agent.matricule == a.matricule
    assert c.nir is not None and c.nir.value == nir and c.nir.source == "scan.pdf"
    # Another agent's boxes: the registry's NIR of the named agent is not there, nothing is given.
    pdf = prose_pdf(["Identification de l'assuré(e)", f"N° d'immatriculation {_damaged(normalise(b.nir))}"])
    (c,) = understand_message(read_message(_mail(body, pdf, "scan.pdf")), reg).claims
    assert c.nir is None or c.nir.value != nir


@needs_font
def test_homonyms_are_told_apart_by_the_damaged_nir_of_the_piece(reg):
    """Two agents of one collectivité with the same name: the NIR in the arrêt's boxes, too damaged to be
    read alone, is one of theirs; with nothing on the piece they stay undecided."""
    pool = reg.agents_of("C48061")
    a, b = [x for x in pool if (x.last_name.upper(), x.first_name.upper()) == ("MERCIER", "NOEMIE")][:2]
    body = ("Bonjour,\n\nVeuillez trouver l'arrêt de Mme MERCIER Noémie du 06/01/2025 au 17/01/2025.\n\n"
            "Cordialement,\nLe service RH\n")
    for who in (a, b):
        pdf = prose_pdf(["Identification de l'assuré(e)", f"N° d'immatriculation {_damaged(normalise(who.nir))}"])
        (c,) = understand_message(read_message(_mail(body, pdf, "scan.pdf")), reg).claims
        assert c.agent.matricule == who.matricule
        assert c.nir is not None and c.nir.value == normalise(who.nir)
    pdf = prose_pdf(["Identification de l'assuré(e)", "N° d'immatriculation | 2 | [ | | | | 1/2"])
    (c,) = understand_message(read_message(_mail(body, pdf, "scan.pdf")), reg).claims
    assert c.agent.matricule is None


@needs_font
def test_boxed_digits_re_read_on_the_words_confirm_the_named_agents_nir(reg):
    """A photo's boxes: the first reading is letters (« GIE ibPfs »), the digits re-read without their boxes
    are only in the page's words, one character too many and no key. They confirm the NIR of the agent the
    words name, never another's."""
    from intake.documents.model import DocumentText, Page, Word

    a, b = _agents(reg, "C48061", 2)
    nir = normalise(a.nir)
    body = (f"Bonjour,\n\nCi-joint l'arrêt de {a.last_name.upper()} {a.first_name.title()} du 06/01/2025 "
            "au 17/01/2025.\n\nCordialement,\nLe service RH\n")

    def understood(boxes: str):
        read = read_message(_mail(body, prose_pdf(["Avis d'arrêt de travail"]), "photo.pdf"))
        words = [Word("N°", 40, 100, 62, 122, 0.8), Word("d'immatriculation", 70, 100, 250, 122, 0.9),
                 Word(boxes, 251, 101, 620, 121, 0.0)]
        read.attachments[0].document = DocumentText(pages=[Page(
            1, "Avis d'arrêt de travail\nN° d'immatriculation GIE ibPfs|nh", 800, 1100, words, ocr=True)])
        (c,) = understand_message(read, reg).claims
        return c

    c = understood(nir[:5] + "7" + nir[5:])
    assert c.agent.matricule == a.matricule
    assert c.nir is not None and c.nir.value == nir and c.nir.source == "photo.pdf"
    # Another agent's number in the boxes: never the named agent's NIR.
    c = understood(normalise(b.nir)[:5] + "7" + normalise(b.nir)[5:])
    assert c.nir is None or c.nir.value != nir


def _personal(body: str) -> bytes:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "jp.castanier1962@orange.fr", "prestations@cdg-exemple.fr", "TR: arrêt"
    m["Date"], m["Message-ID"] = "Mon, 13 Jan 2025 10:00:00 +0100", "<n9@example.org>"
    m.set_content(body)
    return m.as_bytes()


def test_an_unknown_sender_is_placed_by_a_keyed_nir_and_the_same_surname(reg):
    """A personal address naming no employer: the NIR with its key and the holder's surname, both written,
    are the registry's agent — their employer and their file."""
    (a,) = _agents(reg, "C48061", 1)
    nir = normalise(a.nir)
    body = (f"Pour info, voir ci-dessous.\n\n---- Mail transféré ----\nBonjour, {a.first_name.title()} "
            f"{a.last_name.upper()} (sécu {_spaced(nir)} {key_of(nir)}) est arrêté(e) du 06/01/2025 au 10/01/2025.\n")
    u = understand_message(read_message(_personal(body)), reg)
    assert u.employer.code == "C48061"
    (c,) = u.claims
    assert c.agent.matricule == a.matricule


def test_an_unknown_sender_is_not_placed_by_a_nir_under_another_name_or_without_key(reg):
    (a,) = _agents(reg, "C48061", 1)
    nir = normalise(a.nir)
    other_name = f"Mme Zoé Qwertyuiop (sécu {_spaced(nir)} {key_of(nir)}) est arrêtée du 06/01/2025 au 10/01/2025."
    no_key = f"{a.first_name.title()} {a.last_name.upper()} ({_spaced(nir)}) est arrêté(e) du 06/01/2025 au 10/01/2025."
    for body in (other_name, no_key):
        u = understand_message(read_message(_personal(body)), reg)
        assert u.employer.code is None
        assert all(c.agent.matricule is None for c in u.claims)
