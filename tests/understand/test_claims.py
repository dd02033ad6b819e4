"""Whole messages to contract claims: the samples, several agents, quoted history, forwarded arrêts."""

import json
from email.message import EmailMessage
from pathlib import Path

import pytest

from intake.identify.match import Registry
from intake.identify.message import understand_message
from intake.mail.read import read_message
from intake.pipeline.parse import analyse_read
from intake.rules import get_rules
from support import SAMPLES

CASES = sorted((SAMPLES / "cases").glob("*.eml"))


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.from_csv_dir(SAMPLES / "registry")


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_samples(reg, path: Path):
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    got = analyse_read(read_message(path.read_bytes()), registry=reg, rules=get_rules())
    for claim in expected["claims"] + got["claims"]:  # informative fields
        claim.pop("agent_confidence"), claim.pop("agent_name")
    assert got == expected


def _mail(body: str, *, sender="rh@mairiefloractroisrivieres.fr", subject="Arrêts", date="Mon, 10 Mar 2025 10:00:00 +0100"):
    m = EmailMessage()
    m["From"], m["To"], m["Subject"], m["Date"] = sender, "prestations@cdg-exemple.fr", subject, date
    m["Message-ID"] = "<t1@example.org>"
    m.set_content(body)
    return read_message(m.as_bytes())


def _agents(reg, coll, n):
    """n agents of a collectivité whose (last, first) is unique there (read from the registry, not assumed)."""
    pool = reg.agents_of(coll)
    names = [(a.last_name.upper(), a.first_name.upper()) for a in pool]
    lasts = [a.last_name.upper() for a in pool]
    return [a for a in pool if names.count((a.last_name.upper(), a.first_name.upper())) == 1
            and lasts.count(a.last_name.upper()) == 1][:n]


def _civ(agent):
    return "M." if agent.sex == "M" else "Mme"


def test_two_agents_in_one_message(reg):
    a, b = _agents(reg, "C48061", 2)
    read = _mail(
        f"Bonjour,\n\n{_civ(a)} {a.last_name.upper()} {a.first_name.title()} est en arrêt maladie du 03/03/2025 au 07/03/2025.\n"
        f"{_civ(b)} {b.last_name.upper()} {b.first_name.title()} est en arrêt du 04/03/2025 au 14/03/2025.\n\nCordialement,\n"
    )
    u = understand_message(read, reg)
    assert u.intent.intent == "declaration"
    assert all(c.agent.matricule for c in u.claims), [(c.agent, c.agent_name) for c in u.claims]
    got = sorted((c.agent.matricule, c.arret_start.value.isoformat(), c.arret_end.value.isoformat()) for c in u.claims)
    assert got == sorted([(a.matricule, "2025-03-03", "2025-03-07"), (b.matricule, "2025-03-04", "2025-03-14")])


def test_quoted_history_never_creates_a_claim(reg):
    (a,) = _agents(reg, "C48061", 1)
    read = _mail(
        "Bonjour, merci pour votre retour, nous vous rappelons demain.\n\n"
        "Le lun. 3 mars 2025 à 10:00, prestations@cdg-exemple.fr a écrit :\n"
        f"> M. {a.last_name.upper()} {a.first_name.title()} est en arrêt maladie du 03/03/2025 au 07/03/2025.\n"
    )
    u = understand_message(read, reg)
    assert u.claims == []


def test_forwarded_arret_creates_a_claim(reg):
    (a,) = _agents(reg, "C48061", 1)
    read = _mail(
        "Pour déclaration.\n\n---------- Forwarded message ---------\nDe : Agent <agent@gmail.com>\n"
        "Date : lun. 3 mars 2025\nObjet : mon arrêt\n\n"
        f"Bonjour, je suis en arrêt maladie du 03/03/2025 au 07/03/2025.\n{a.first_name.title()} {a.last_name.upper()}\n"
    )
    u = understand_message(read, reg)
    assert [c.agent.matricule for c in u.claims] == [a.matricule]
    assert u.claims[0].arret_end.value.isoformat() == "2025-03-07"


def test_every_fact_has_provenance(reg):
    (a,) = _agents(reg, "C48061", 1)
    read = _mail(f"Mme {a.last_name.upper()} {a.first_name.title()} est en arrêt maladie du 03/03/2025 au 07/03/2025.")
    (c,) = understand_message(read, reg).claims
    for fact in (c.category, c.nature, c.arret_start, c.arret_end, c.date_survenance):
        assert fact.source and fact.confidence > 0
    assert c.arret_start.source.startswith("corps, ligne 1")


def test_unknown_person_gives_a_claim_without_agent(reg):
    read = _mail("M. ZYGOMAR Anatole, recruté ce mois-ci, est en arrêt maladie du 03/03/2025 au 07/03/2025.")
    (c,) = understand_message(read, reg).claims
    assert c.agent.matricule is None and c.agent_name == "ZYGOMAR Anatole"


def test_a_piece_stating_the_birth_date_tells_homonyms_apart(reg):
    from fpdf import FPDF

    seen = {}
    for a in reg.agents:
        seen.setdefault((a.collectivite, a.last_name.upper(), a.first_name.upper()), []).append(a)
    group = next(g for g in seen.values() if len(g) == 2 and g[0].birth_date != g[1].birth_date
                 and g[0].collectivite == "S48061")
    target = group[1]
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, f"CERTIFICAT MEDICAL\nJe soussigne certifie que l'etat de M. {target.first_name} "
                         f"{target.last_name.upper()}, ne(e) le\n{target.birth_date:%d/%m/%Y}, justifie un arret.")
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "ccas.floractroisrivieres@laposte.net", "prestations@cdg-exemple.fr", "Arrêt"
    m["Date"], m["Message-ID"] = "Mon, 10 Mar 2025 10:00:00 +0100", "<t2@example.org>"
    m.set_content(f"M. {target.last_name.upper()} {target.first_name} est en arrêt maladie du 03/03/2025 au 07/03/2025.")
    m.add_attachment(bytes(pdf.output()), maintype="application", subtype="pdf", filename="certificat.pdf")
    (c,) = understand_message(read_message(m.as_bytes()), reg).claims
    assert c.agent.matricule == target.matricule
    # Without the piece, the same words leave the homonyms to the handler.
    m.clear_content()
    m.set_content(f"M. {target.last_name.upper()} {target.first_name} est en arrêt maladie du 03/03/2025 au 07/03/2025.")
    (c,) = understand_message(read_message(m.as_bytes()), reg).claims
    assert c.agent.matricule is None and len(c.agent.candidates) == 2
