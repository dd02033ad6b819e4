"""Blind corpus generator: labelled mails written from the specification only.

    PYTHONPATH=tests python -m blind.generate --seed S --n N --out DIR

writes DIR/registry/{collectivites,contracts,agents}.csv and, for each mail, NNNN.eml, NNNN.expected.json
(the `intake parse` object of docs/contract.md; agent_confidence and agent_name are informative) and
NNNN.tags.json (group labels for per-group figures). The output is a function of the seed alone.

Splits (300 mails each by default):
  * seed 1 — the dev set: look at the *classes* of failure there, never tune on its individual mails;
  * seed 2 — the untouched final set: run it once, at the end, and report it last.

Labelling follows docs/contract.md and tests/cases/README.md: `agent` only when one registered agent is
identified with confidence (homonyms without NIR or birth date and new hires give null); `nir` the 13
characters as written in the mail or its attachments; `date_survenance` per category (a prolongation's is
the initial stop's start, stated in the text or on the form); year-less dates are only written when the
year nearest to `Date:` is the true one; ends are inclusive; intent `documents` has nature null and no
stop dates; `missing_documents` is the mandatory table of domain.md minus the kinds attached for that
claim, sorted; `attachments` are the parts with a file name, `ocr` true when their text is only in an
image (scans, photos, pictures); quoted older messages never make claims, forwarded ones are content.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium

from . import mails, pdfs, scans
from .frdates import date_phrase, fmt, range_phrase
from .mails import Attachment, Mail, Quoted
from .registry import FEMALE_FIRST, Agent, Collectivite, Registry, build, nir_key, strip_accents

PARIS = ZoneInfo("Europe/Paris")
MAILBOX = "prestations@cdg-exemple.fr"

MANDATORY: dict[str, dict[str, list[str]]] = {
    "maladie_ordinaire": {"initial": ["arret_travail"], "prolongation": ["arret_travail"]},
    "longue_maladie": {"initial": ["arret_travail", "avis_conseil_medical", "arrete"],
                       "prolongation": ["arret_travail", "avis_conseil_medical"]},
    "accident_service": {"initial": ["declaration_accident", "certificat_at_mp", "enquete_administrative"],
                         "prolongation": ["certificat_at_mp|arret_travail"], "rechute": ["certificat_at_mp"]},
    "maladie_professionnelle": {"initial": ["declaration_maladie_professionnelle", "certificat_at_mp"],
                                "prolongation": ["certificat_at_mp|arret_travail"], "rechute": ["certificat_at_mp"]},
    "maternite": {"initial": ["certificat_grossesse"], "prolongation": ["arret_travail"]},
    "paternite": {"initial": ["acte_naissance", "demande_agent"]},
    "adoption": {"initial": ["justificatif_adoption", "demande_agent"]},
    "temps_partiel_therapeutique": {"initial": ["certificat_medical", "demande_agent"],
                                    "prolongation": ["certificat_medical"]},
    "deces": {"initial": ["acte_deces", "bulletin_salaire"]},
}
MANDATORY["longue_duree"] = MANDATORY["grave_maladie"] = MANDATORY["longue_maladie"]
MANDATORY["accident_trajet"] = MANDATORY["accident_service"]


def missing(category: str, nature: str | None, kinds: set[str]) -> list[str]:
    table = MANDATORY[category].get(nature or "initial", MANDATORY[category]["initial"])
    return sorted(req.split("|")[0] for req in table if not any(k in kinds for k in req.split("|")))


def norm(s: str) -> str:
    return "".join(c for c in strip_accents(s).upper() if c.isalpha())


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


# --------------------------------------------------------------------------------------------------


@dataclass
class Claim:
    agent: Agent
    category: str
    nature: str | None
    survenance: date | None
    start: date | None
    end: date | None
    docs: list[tuple[str, str]] = field(default_factory=list)
    nir_shown: bool = False
    birth_shown: bool = False
    name_mode: str = "full"  # full, surname, typo, first_only


@dataclass
class Ctx:
    rng: random.Random
    reg: Registry
    coll: Collectivite
    when: datetime
    tags: set[str] = field(default_factory=set)
    claims: list[Claim] = field(default_factory=list)
    atts: list[Attachment] = field(default_factory=list)
    thread_about: tuple[Agent, date, date] | None = None  # the reply continues a thread about this agent

    @property
    def today(self) -> date:
        return self.when.date()


def identify(reg: Registry, c: Claim) -> str | None:
    """The matricule a careful human would name, or None (homonyms left undecided, new hires)."""
    a = c.agent
    if a.new_hire:
        return None
    if c.nir_shown:
        return a.matricule
    mine = reg.agents_of(a.coll)
    if c.name_mode == "surname":
        cands = [x for x in mine if norm(a.last_name) in (norm(x.last_name), norm(x.birth_name))]
    else:
        cands = [x for x in mine if norm(x.first_name) == norm(a.first_name)
                 and (norm(a.last_name) in (norm(x.last_name), norm(x.birth_name))
                      or (a.birth_name and norm(a.birth_name) in (norm(x.last_name), norm(x.birth_name))))]
    if c.birth_shown:
        cands = [x for x in cands if x.birth_date == a.birth_date]
    return a.matricule if cands == [a] else None


def is_homonym(reg: Registry, a: Agent) -> bool:
    return sum(1 for x in reg.agents_of(a.coll) if norm(x.first_name) == norm(a.first_name)
               and norm(x.last_name) == norm(a.last_name)) > 1


def expected_claim(reg: Registry, c: Claim, nir_values: dict[int, str]) -> dict:
    kinds = {k for _, k in c.docs}
    mat = identify(reg, c)
    return {
        "agent": mat,
        "agent_confidence": 1.0 if mat else 0.0,
        "agent_name": f"{c.agent.last_name.upper()} {c.agent.first_name}",
        "nir": c.agent.nir13 if c.nir_shown else None,
        "category": c.category,
        "nature": c.nature,
        "date_survenance": c.survenance.isoformat() if c.survenance else None,
        "arret_start": c.start.isoformat() if c.start else None,
        "arret_end": c.end.isoformat() if c.end else None,
        "documents": [{"filename": f, "kind": k} for f, k in c.docs],
        "missing_documents": missing(c.category, c.nature, kinds),
    }


# --------------------------------------------------------------------------------------------------
# naming people


def ref_agent(ctx: Ctx, c: Claim, *, allow_short: bool = True) -> str:
    """One way a writer names the agent; records the mode in the claim and tags."""
    rng, a = ctx.rng, c.agent
    last, first = a.last_name, a.first_name
    title = rng.choice([a.title, a.title, "Madame" if a.sex == "F" else "Monsieur", ""])
    mine = ctx.reg.agents_of(a.coll)
    r = rng.random()
    if a.birth_name and r < 0.55:
        ctx.tags.add("birth-name")
        form = rng.choice(["usage_nee", "birth_epouse", "paren"])
        if form == "usage_nee":
            return f"{title} {last.upper()} née {a.birth_name.upper()} {first}".strip()
        if form == "birth_epouse":
            return f"{title} {first} {a.birth_name.upper()} épouse {last.upper()}".strip()
        return f"{title} {first} {last} (née {a.birth_name})".strip()
    if allow_short and r < 0.12 and not a.new_hire:
        same = [x for x in mine if norm(last) in (norm(x.last_name), norm(x.birth_name))]
        if len(same) == 1:
            c.name_mode = "surname"
            ctx.tags.add("surname-only")
            return f"{a.title} {last.upper()}"
    if r < 0.24 and not a.new_hire and len(norm(last)) >= 5:
        typo = _typo(rng, last)
        others = [x for x in mine if x is not a and norm(x.first_name) == norm(first)
                  and edit_distance(norm(x.last_name), norm(typo)) <= 2]
        clash = any(norm(typo) in (norm(x.last_name), norm(x.birth_name)) for x in ctx.reg.agents if x.coll == a.coll)
        if not others and not clash and not is_homonym(ctx.reg, a):
            c.name_mode = "typo"
            ctx.tags.add("typo")
            return f"{title} {first} {typo.upper()}".strip() if rng.random() < 0.5 else f"{title} {typo.upper()} {first}".strip()
    style = rng.choice(["first_last", "LAST_first", "LAST_FIRST_plain", "first_LAST", "Last_first"])
    if style == "LAST_FIRST_plain":
        ctx.tags.add("caps-no-accents")
        return f"{strip_accents(last).upper()} {strip_accents(first).upper()}"
    if style == "first_last":
        return f"{title} {first} {last}".strip()
    if style == "LAST_first":
        return f"{title} {last.upper()} {first}".strip()
    if style == "Last_first":
        return f"{last} {first}"
    return f"{title} {first} {last.upper()}".strip()


def _typo(rng: random.Random, name: str) -> str:
    letters = list(name)
    idx = [i for i, ch in enumerate(letters) if ch.isalpha() and 0 < i < len(letters) - 1]
    i = rng.choice(idx)
    op = rng.choice(["swap", "drop", "replace"])
    if op == "swap" and letters[i + 1].isalpha() and letters[i] != letters[i + 1]:
        letters[i], letters[i + 1] = letters[i + 1], letters[i]
    elif op == "drop":
        del letters[i]
    else:
        letters[i] = rng.choice([ch for ch in "aeiounrlst" if ch != letters[i].lower()])
    return "".join(letters)


def pdf_text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def person(a: Agent, *, nir: bool, birth: bool, key: bool = False) -> pdfs.Person:
    return pdfs.Person(a.last_name, a.first_name, a.birth_name, a.sex, a.nir13 if nir else None,
                       f"{nir_key(a.nir13):02d}" if nir and key else "", a.birth_date if birth else None)


def nir_text(rng: random.Random, a: Agent) -> str:
    n, k = a.nir13, f"{nir_key(a.nir13):02d}"
    form = rng.choice(["plain", "key", "spaced", "spaced_key", "key_space"])
    if form == "plain":
        return n
    if form == "key":
        return n + k
    if form == "key_space":
        return f"{n} {k}"
    s = f"{n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:10]} {n[10:13]}"
    return s + (f" {k}" if form == "spaced_key" else "")


def ident_suffix(ctx: Ctx, c: Claim) -> str:
    """Optionally the NIR or the birth date, as writers add them."""
    rng = ctx.rng
    homonym = is_homonym(ctx.reg, c.agent)
    r = rng.random()
    if r < (0.6 if homonym else 0.3):
        c.nir_shown = True
        ctx.tags.add("nir")
        if c.agent.nir13[5:7] in ("2A", "2B"):
            ctx.tags.add("corsica")
        label = rng.choice(["n° SS", "NIR", "n° de sécurité sociale", "N° INSEE", "numéro de sécu"])
        return rng.choice([f" ({label} : {nir_text(rng, c.agent)})", f" ({label} {nir_text(rng, c.agent)})",
                           f" – {label} {nir_text(rng, c.agent)} –"])
    if r < (0.85 if homonym else 0.45):
        c.birth_shown = True
        ctx.tags.add("birth-date")
        return f" (né{'e' if c.agent.sex == 'F' else ''} le {fmt(c.agent.birth_date, rng.choice(['num', 'long']))})"
    return ""


# --------------------------------------------------------------------------------------------------
# attachments

GENERIC_PDF = ["doc{n5}.pdf", "Scan_{ymd}_{hms}.pdf", "SKM_C258{n5}{n5}.pdf", "numérisation{n4}.pdf",
               "Document ({k}).pdf", "{ymd}{hms}.pdf", "scan{n4}.pdf", "KM_C250i-{ymd}{hms}.pdf", "pj.pdf"]
GENERIC_IMG = ["IMG_{n4}.JPG", "IMG_{ymd}_{hms}.jpg", "WhatsApp Image {ymd_dash} at {hms_dot}.jpeg",
               "PHOTO-{ymd_dash}-{hms_dash}.jpg", "image0{k}.jpeg", "20{ymd2}_{hms}.jpg"]
DESCRIPTIVE = {
    "arret_travail": ["Arrêt de travail {NOM}.pdf", "arret {nom}.pdf", "AT {NOM} {Prenom}.pdf",
                      "Arrêt maladie {Prenom} {NOM}.pdf", "avis arrêt {nom}.pdf"],
    "certificat_at_mp": ["certificat AT {NOM}.pdf", "Certificat médical {nom}.pdf", "CMI {NOM}.pdf"],
    "declaration_accident": ["Déclaration accident {NOM}.pdf", "declaration_AT_{nom}.pdf", "DAS {NOM}.pdf"],
    "declaration_maladie_professionnelle": ["Déclaration MP {NOM}.pdf", "declaration maladie pro {nom}.pdf"],
    "enquete_administrative": ["Enquête administrative {NOM}.pdf", "rapport hiérarchique {nom}.pdf"],
    "arrete": ["Arrêté {NOM}.pdf", "arrete_{nom}_2025.pdf"],
    "avis_conseil_medical": ["Avis conseil médical {NOM}.pdf", "avis CM {nom}.pdf"],
    "bulletin_salaire": ["Bulletin de paie {NOM}.pdf", "BS {nom}.pdf", "bulletin salaire {Prenom} {NOM}.pdf"],
    "acte_deces": ["Acte de décès {NOM}.pdf", "acte deces.pdf"],
    "acte_naissance": ["Acte de naissance.pdf", "extrait naissance {nom}.pdf"],
    "demande_agent": ["Demande de l'agent.pdf", "courrier {nom}.pdf", "demande {Prenom}.pdf"],
    "certificat_grossesse": ["Déclaration de grossesse {NOM}.pdf", "certif grossesse.pdf"],
    "certificat_medical": ["Certificat médical {NOM}.pdf", "certificat TPT {nom}.pdf"],
    "certificat_final": ["Certificat final {NOM}.pdf", "certificat guérison {nom}.pdf"],
    "justificatif_adoption": ["Jugement adoption.pdf", "attestation placement {nom}.pdf"],
    "facture": ["Facture pharmacie {nom}.pdf", "facture kiné.pdf"],
    "autre": ["RIB.pdf", "fiche de poste {nom}.pdf"],
}


def filename_for(ctx: Ctx, kind: str, a: Agent | None, mode: str) -> tuple[str, str]:
    rng, w = ctx.rng, ctx.when
    vals = {"n5": f"{rng.randint(0, 99999):05d}", "n4": f"{rng.randint(0, 9999):04d}", "k": rng.randint(1, 9),
            "ymd": w.strftime("%Y%m%d"), "hms": f"{rng.randint(7, 18):02d}{rng.randint(0, 59):02d}{rng.randint(0, 59):02d}",
            "ymd_dash": w.strftime("%Y-%m-%d"), "hms_dot": f"{rng.randint(7, 18):02d}.{rng.randint(10, 59)}.{rng.randint(10, 59)}",
            "hms_dash": f"{rng.randint(7, 18):02d}-{rng.randint(10, 59)}-{rng.randint(10, 59)}", "ymd2": w.strftime("%y%m%d")}
    if a:
        vals.update(NOM=a.last_name.upper(), nom=strip_accents(a.last_name).lower().replace(" ", "_"),
                    Prenom=a.first_name)
    if mode == "photo":
        pattern = rng.choice(GENERIC_IMG)
    elif a and rng.random() < 0.55:
        pattern = rng.choice(DESCRIPTIVE.get(kind, DESCRIPTIVE["autre"]))
    else:
        pattern = rng.choice(GENERIC_PDF if mode != "scan_jpg" else GENERIC_IMG)
    name = pattern.format(**vals)
    if mode == "scan_jpg" and name.lower().endswith(".pdf"):
        name = name[:-4] + ".jpg"
    taken = {x.filename for x in ctx.atts}
    while name in taken:
        name = name.rsplit(".", 1)[0] + f" ({rng.randint(2, 9)})." + name.rsplit(".", 1)[1]
    try:
        name.encode("ascii")
        style = rng.choice(["plain", "plain", "rfc2231"])
    except UnicodeEncodeError:
        style = rng.choice(["rfc2231", "rfc2047"])
        ctx.tags.add("encoded-filename")
        if style == "rfc2047":
            ctx.tags.add("rfc2047-filename")
    return name, style


def facts(ctx: Ctx, c: Claim, who: pdfs.Person, **kw) -> pdfs.Facts:
    co = ctx.coll
    rng = ctx.rng
    doctor = rng.choice(["Dr Martine ROUSSEL", "Dr Alain VIGUIER", "Docteur Sylvie CAUSSE", "Dr Paul-Henri BRES",
                         "Dr Nadia BENAMAR", "Dr Jean COMBETTES"])
    return pdfs.Facts(who, co.name, co.town, f"{rng.randint(1, 30)} {co.street}", doctor=doctor, **kw)


def attach(ctx: Ctx, c: Claim | None, kind: str, pdf: bytes, *, mode: str | None = None,
           agent: Agent | None = None) -> Attachment:
    """Adds a piece in a text, scanned or photographed form; returns it and files it on the claim."""
    rng = ctx.rng
    if mode is None:
        mode = rng.choices(["pdf", "scan", "scan_jpg", "photo"], [58, 27, 4, 11])[0]
    a = agent or (c.agent if c else None)
    name, style = filename_for(ctx, kind, a, mode)
    if mode == "pdf":
        data, mt, ocr = pdf, rng.choice(["application/pdf", "application/pdf", "application/octet-stream"]), False
    elif mode == "scan":
        data, mt, ocr = scans.as_pdf(scans.scan(pdf, rng)), "application/pdf", True
        ctx.tags.add("scanned")
    elif mode == "scan_jpg":
        data, mt, ocr = scans.as_jpeg(scans.scan(pdf, rng)), "image/jpeg", True
        ctx.tags.add("scanned")
    else:
        data, mt, ocr = scans.as_jpeg(scans.photo(pdf, rng), quality=rng.choice([70, 80])), "image/jpeg", True
        ctx.tags.add("photo")
    att = Attachment(name, kind, ocr, data, mt, style)
    ctx.atts.append(att)
    if c is not None:
        c.docs.append((name, kind))
    return att


def attach_form(ctx: Ctx, c: Claim, kind: str, *, mode: str | None = None, show_nir: bool | None = None,
                show_birth: bool | None = None, **fkw) -> Attachment:
    rng = ctx.rng
    if show_nir is None:
        show_nir = rng.random() < (0.75 if kind in ("arret_travail", "certificat_at_mp") else 0.3)
        if c.name_mode == "none_but_form" or is_homonym(ctx.reg, c.agent) and not c.nir_shown and rng.random() < 0.5:
            show_nir = True
    if show_birth is None:
        show_birth = kind in ("declaration_accident", "avis_conseil_medical") and rng.random() < 0.7
    who = person(c.agent, nir=show_nir, birth=show_birth, key=rng.random() < 0.5)
    f = facts(ctx, c, who, **fkw)
    if kind in ("arret_travail", "certificat_at_mp"):
        pdf = pdfs.build(kind, f, rng)
    elif kind in pdfs.BUILDERS:
        pdf = pdfs.BUILDERS[kind](f, rng)
    else:
        title, text = SIMPLE[kind](c)
        pdf = pdfs.simple_doc(title, text, f)
    # what the piece really prints, not what was asked: some layouts have no NIR or birth-date field
    printed = re.sub(r"\s", "", pdf_text(pdf))
    if c.agent.nir13 in printed:
        c.nir_shown = True
        if c.agent.nir13[5:7] in ("2A", "2B"):
            ctx.tags.add("corsica")
    b = c.agent.birth_date
    if b.strftime("%d/%m/%Y") in printed or b.strftime("%d%m%Y") in printed:
        c.birth_shown = True
    return attach(ctx, c, kind, pdf, mode=mode)


SIMPLE = {
    "justificatif_adoption": lambda c: ("ATTESTATION DE PLACEMENT EN VUE D'ADOPTION",
                                        f"Le service de l'aide sociale à l'enfance atteste que l'enfant a été confié à "
                                        f"{c.agent.first_name} {c.agent.last_name.upper()} en vue de son adoption."),
    "certificat_final": lambda c: ("CERTIFICAT MÉDICAL FINAL",
                                   f"Je certifie que {c.agent.first_name} {c.agent.last_name.upper()} est guéri(e) "
                                   f"sans séquelle de l'accident du {fmt(c.survenance, 'num')}. Guérison."),
    "facture": lambda c: ("FACTURE", f"Patient : {c.agent.first_name} {c.agent.last_name.upper()}. "
                                     "Séances de kinésithérapie : 8 x 16,13 EUR. Total 129,04 EUR."),
}


# --------------------------------------------------------------------------------------------------
# scenarios


def pick_agent(ctx: Ctx, *, regime: str | None = None, sex: str | None = None, allow_new: bool = True,
               prefer_homonym: float = 0.08) -> Agent:
    rng = ctx.rng
    pool = [a for a in ctx.reg.agents if a.coll == ctx.coll.code and not a.new_hire]
    if regime:
        pool = [a for a in pool if a.regime == regime]
    if sex:
        pool = [a for a in pool if a.sex == sex]
    homs = [a for a in pool if is_homonym(ctx.reg, a)]
    if homs and rng.random() < prefer_homonym:
        ctx.tags.add("homonym")
        return rng.choice(homs)
    news = [a for a in ctx.reg.agents if a.coll == ctx.coll.code and a.new_hire and (not sex or a.sex == sex)
            and (not regime or a.regime == regime)
            and not any(norm(x.last_name) == norm(a.last_name) for x in ctx.reg.agents_of(ctx.coll.code))]
    if allow_new and news and rng.random() < 0.05:
        ctx.tags.add("new-hire")
        return rng.choice(news)
    a = rng.choice(pool)
    if is_homonym(ctx.reg, a):
        ctx.tags.add("homonym")
    if any(x.coll != a.coll and norm(x.last_name) == norm(a.last_name) and norm(x.first_name) == norm(a.first_name)
           for x in ctx.reg.agents):
        ctx.tags.add("cross-homonym")
    return a


def stop_dates(ctx: Ctx, *, late: bool | None = None, length: int | None = None) -> tuple[date, date]:
    rng = ctx.rng
    if late is None:
        late = rng.random() < 0.12
    if late:
        ctx.tags.add("late")
        start = ctx.today - timedelta(days=rng.randint(95, 240))
    else:
        start = ctx.today - timedelta(days=rng.choice([0, 1, 1, 2, 3, 4, 6, 8, 12, 20, 35]))
    length = length or rng.choice([2, 3, 5, 7, 10, 14, 15, 21, 28, 30, 31, 45, 60])
    return start, start + timedelta(days=length - 1)


def with_dates(ctx: Ctx, s: date, e: date) -> str:
    text, tags = range_phrase(ctx.rng, s, e, ctx.today)
    ctx.tags |= tags
    return text


def one_date(ctx: Ctx, d: date) -> str:
    text, tags = date_phrase(ctx.rng, d, ctx.today)
    ctx.tags |= tags
    return text


PRIVATE_ACCIDENTS = ["a chuté à son domicile en faisant le ménage", "s'est cassé le poignet au ski pendant ses congés",
                     "s'est blessé{e} en bricolant à son domicile", "a fait une chute de vélo un dimanche en famille",
                     "s'est tordu la cheville lors d'un match de handball (club de loisir)"]
SERVICE_ACCIDENTS = [("s'est fait mal au dos en soulevant un résident", "chambre 12, 1er étage"),
                     ("a chuté dans l'escalier de la mairie", "escalier principal de la mairie"),
                     ("s'est coupé{e} avec la débroussailleuse en entretenant le stade", "stade municipal"),
                     ("s'est tordu la cheville en descendant du camion-benne pendant la collecte", "rue des Écoles"),
                     ("a été mordu{e} par un chien pendant sa tournée", "lotissement Les Chênes"),
                     ("a glissé sur le sol mouillé de la cantine en servant le repas", "restaurant scolaire"),
                     ("s'est blessé{e} à l'épaule en déplaçant des tables à la salle des fêtes", "salle des fêtes")]
TRAJET_ACCIDENTS = ["a eu un accident de voiture en venant au travail", "a glissé sur le verglas en se rendant à son poste",
                    "a été percuté{e} par un véhicule sur le trajet domicile-travail",
                    "a chuté en scooter sur le trajet du retour à son domicile"]


def g(a: Agent, text: str) -> str:
    return text.replace("{e}", "e" if a.sex == "F" else "")


def decl_mo(ctx: Ctx) -> str:
    rng = ctx.rng
    a = pick_agent(ctx)
    s, e = stop_dates(ctx)
    c = Claim(a, "maladie_ordinaire", "initial", s, s, e)
    ctx.claims.append(c)
    ref = ref_agent(ctx, c)
    ident = ident_suffix(ctx, c)
    with_form = rng.random() < 0.7
    if with_form:
        attach_form(ctx, c, "arret_travail", start=s, end=e, nature="initial", issued=s)
    how = rng.random()
    if how < 0.2:
        ctx.tags.add("category-implied")
        what = g(a, rng.choice(PRIVATE_ACCIDENTS))
        return (f"{ref}{ident} {what} ; son médecin lui a prescrit un arrêt de travail {with_dates(ctx, s, e)}."
                + (" Vous trouverez l'arrêt en pièce jointe." if with_form else " L'arrêt vous sera transmis dès réception."))
    if how < 0.35:
        ctx.tags.add("category-abbrev")
        return rng.choice([f"Arrêt CMO de {ref}{ident} {with_dates(ctx, s, e)}.",
                           f"CMO {ref}{ident} : {with_dates(ctx, s, e)}" + (", certificat joint." if with_form else ".")])
    if with_form and how < 0.55:
        ctx.tags.add("dates-on-form-only")
        return rng.choice([f"Veuillez trouver ci-joint l'arrêt maladie de {ref}{ident}.",
                           f"Je vous transmets l'arrêt de travail (maladie) de {ref}{ident}.",
                           f"Ci-joint arrêt maladie {ref}."])
    if how < 0.7:
        return (f"{ref}{ident} est en arrêt maladie {with_dates(ctx, s, e)}."
                + (" Ci-joint l'avis d'arrêt." if with_form else " Le certificat suit par courrier."))
    if how < 0.82:
        return (f"Nous vous déclarons l'arrêt maladie débuté le {one_date(ctx, s)} de {ref}{ident}, "
                f"avec une fin prévue le {one_date(ctx, e)} inclus.")
    return (f"Je vous informe que {ref}{ident} est placé{'e' if a.sex == 'F' else ''} en congé de maladie ordinaire "
            f"{with_dates(ctx, s, e)}.")


def decl_prolongation(ctx: Ctx) -> str:
    rng = ctx.rng
    kind = rng.choices(["mo", "accident", "clm"], [60, 25, 15])[0]
    ctx.tags.add("prolongation")
    if kind == "clm":
        a = pick_agent(ctx, regime="CNRACL", allow_new=False)
        cat = rng.choice(["longue_maladie", "longue_duree"])
    else:
        a = pick_agent(ctx)
        cat = "maladie_ordinaire" if kind == "mo" else rng.choice(["accident_service", "accident_service", "accident_trajet"])
    s0 = ctx.today - timedelta(days=rng.randint(20, 200))
    e0 = s0 + timedelta(days=rng.randint(10, 25))
    ps = e0 + timedelta(days=1)
    pe = ps + timedelta(days=rng.choice([7, 14, 15, 20, 30, 31]) - 1)
    if ps > ctx.today + timedelta(days=5):
        s0 -= timedelta(days=30)
        e0 -= timedelta(days=30)
        ps, pe = ps - timedelta(days=30), pe - timedelta(days=30)
    acc = s0 - timedelta(days=rng.choice([0, 0, 1])) if cat.startswith("accident") else None
    surv = acc if acc else s0
    c = Claim(a, cat, "prolongation", surv, ps, pe)
    ctx.claims.append(c)
    ref = ref_agent(ctx, c)
    ident = ident_suffix(ctx, c)
    initial_on_form = False
    form_kind = None
    if rng.random() < 0.75:
        form_kind = "arret_travail" if cat in ("maladie_ordinaire", "longue_maladie", "longue_duree") else rng.choice(
            ["certificat_at_mp", "certificat_at_mp", "arret_travail"])
        initial_on_form = cat == "maladie_ordinaire" and rng.random() < 0.5
        kw = dict(start=ps, end=pe, nature="prolongation", issued=ps, category=cat,
                  initial_start=s0 if initial_on_form else None)
        if form_kind == "certificat_at_mp":
            kw["event_date"] = acc
        attach_form(ctx, c, form_kind, **kw)
    if cat == "maladie_ordinaire":
        if initial_on_form and rng.random() < 0.6:
            ctx.tags.add("initial-on-form-only")
            return rng.choice([f"Veuillez trouver ci-joint la prolongation d'arrêt maladie de {ref}{ident}.",
                               f"Ci-joint prolongation de l'arrêt de {ref}{ident}, {with_dates(ctx, ps, pe)}."])
        r = rng.random()
        if r < 0.3:
            ctx.tags.add("prolongation-implied-start")
            return (f"L'arrêt maladie de {ref}{ident}, initialement {with_dates(ctx, s0, e0)}, est prolongé "
                    f"jusqu'au {one_date(ctx, pe)} inclus.")
        if r < 0.6:
            return (f"Prolongation de l'arrêt de travail de {ref}{ident} {with_dates(ctx, ps, pe)} "
                    f"(arrêt initial débuté le {one_date(ctx, s0)}).")
        return (f"Pour faire suite à notre déclaration de l'arrêt maladie de {ref} débuté le {one_date(ctx, s0)}, "
                f"celui-ci est prolongé {with_dates(ctx, ps, pe)}.")
    if cat.startswith("accident"):
        what = "accident de service" if cat == "accident_service" else "accident de trajet"
        return (f"Suite à l'{what} de {ref}{ident} survenu le {one_date(ctx, acc)}, son arrêt est prolongé "
                f"{with_dates(ctx, ps, pe)}." + (" Certificat de prolongation joint." if form_kind else ""))
    label = {"longue_maladie": rng.choice(["congé de longue maladie", "CLM"]),
             "longue_duree": rng.choice(["congé de longue durée", "CLD"])}[cat]
    if "CL" in label:
        ctx.tags.add("category-abbrev")
    return (f"Renouvellement du {label} de {ref}{ident} {with_dates(ctx, ps, pe)}. Pour rappel, le {label} a "
            f"débuté le {one_date(ctx, s0)}.")


def decl_accident(ctx: Ctx) -> str:
    rng = ctx.rng
    a = pick_agent(ctx)
    cat = rng.choice(["accident_service", "accident_service", "accident_trajet"])
    acc = ctx.today - timedelta(days=rng.choice([1, 2, 3, 5, 8, 14, 21]))
    no_stop = rng.random() < 0.12
    s = acc + timedelta(days=rng.choice([0, 0, 1]))
    e = s + timedelta(days=rng.choice([3, 5, 7, 10, 14, 21, 30]) - 1)
    c = Claim(a, cat, "initial", acc, None if no_stop else s, None if no_stop else e)
    ctx.claims.append(c)
    ref = ref_agent(ctx, c)
    ident = ident_suffix(ctx, c)
    if cat == "accident_service":
        what, place = rng.choice(SERVICE_ACCIDENTS)
    else:
        what, place = rng.choice(TRAJET_ACCIDENTS), "route départementale"
    what = g(a, what)
    for k in rng.sample(["declaration_accident", "certificat_at_mp", "enquete_administrative"], rng.randint(0, 3)):
        kw = dict(category=cat, event_date=acc, issued=acc + timedelta(days=1), place=place, circumstances=what)
        if k == "certificat_at_mp":
            kw.update(start=None if no_stop else s, end=None if no_stop else e, nature="initial", issued=s)
        if k == "declaration_accident" and not no_stop:
            kw.update(start=s)
        attach_form(ctx, c, k, **kw)
    implied = rng.random() < 0.4
    if implied:
        ctx.tags.add("category-implied")
        head = f"{ref}{ident} {what} le {one_date(ctx, acc)}."
    else:
        label = (rng.choice(["accident de service", "accident du travail", "AT", "CITIS"]) if cat == "accident_service"
                 else rng.choice(["accident de trajet", "accident de trajet domicile-travail"]))
        if label in ("AT", "CITIS"):
            ctx.tags.add("category-abbrev")
        head = f"Nous vous déclarons l'{label} dont a été victime {ref}{ident} le {one_date(ctx, acc)} : {what}."
        if label in ("AT", "CITIS"):
            head = f"Déclaration {label} : {ref}{ident}, le {one_date(ctx, acc)}, {what}."
    if no_stop:
        ctx.tags.add("no-stop")
        return head + " Pas d'arrêt de travail, uniquement des soins."
    return head + rng.choice([f" Arrêt de travail {with_dates(ctx, s, e)}.",
                              f" Son médecin l'a arrêté{'e' if a.sex == 'F' else ''} {with_dates(ctx, s, e)}.",
                              f" L'agent est en arrêt {with_dates(ctx, s, e)}."])


def decl_rechute(ctx: Ctx) -> str:
    rng = ctx.rng
    ctx.tags.add("rechute")
    a = pick_agent(ctx, allow_new=False)
    cat = rng.choice(["accident_service", "accident_service", "accident_trajet", "maladie_professionnelle"])
    acc = ctx.today - timedelta(days=rng.randint(200, 900))
    s, e = stop_dates(ctx, late=False)
    c = Claim(a, cat, "rechute", acc, s, e)
    ctx.claims.append(c)
    ref = ref_agent(ctx, c)
    ident = ident_suffix(ctx, c)
    with_cert = rng.random() < 0.8
    if with_cert:
        attach_form(ctx, c, "certificat_at_mp", start=s, end=e, nature="rechute", event_date=acc, issued=s, category=cat)
    what = {"accident_service": "l'accident de service", "accident_trajet": "l'accident de trajet",
            "maladie_professionnelle": "la maladie professionnelle"}[cat]
    date_word = "du" if cat != "maladie_professionnelle" else "constatée le"
    if with_cert and rng.random() < 0.4:
        ctx.tags.add("dates-on-form-only")
        return f"Veuillez trouver ci-joint le certificat de rechute de {ref}{ident} concernant {what} {date_word} {fmt(acc, 'num')}."
    return (f"{ref}{ident} fait une rechute de {what} {date_word} {fmt(acc, rng.choice(['num', 'long']))}. "
            f"Nouvel arrêt {with_dates(ctx, s, e)}.")


def decl_mp(ctx: Ctx) -> str:
    rng = ctx.rng
    a = pick_agent(ctx, allow_new=False)
    first = ctx.today - timedelta(days=rng.randint(5, 60))
    s = first + timedelta(days=rng.randint(0, 3))
    e = s + timedelta(days=rng.choice([14, 30, 45, 60]) - 1)
    c = Claim(a, "maladie_professionnelle", "initial", first, s, e)
    ctx.claims.append(c)
    ref = ref_agent(ctx, c)
    ident = ident_suffix(ctx, c)
    disease = rng.choice(["syndrome du canal carpien", "tendinite de l'épaule droite", "lombalgie chronique (port de charges)"])
    for k in rng.sample(["declaration_maladie_professionnelle", "certificat_at_mp"], rng.randint(0, 2)):
        attach_form(ctx, c, k, event_date=first, start=s, end=e, nature="initial", issued=s,
                    category="maladie_professionnelle", extra={"disease": disease})
    label = rng.choice(["maladie professionnelle", "maladie professionnelle", "MP"])
    if label == "MP":
        ctx.tags.add("category-abbrev")
    return (f"Nous vous déclarons une {label} pour {ref}{ident} : {disease}, première constatation médicale le "
            f"{one_date(ctx, first)}. Arrêt de travail {with_dates(ctx, s, e)}.")


def decl_long(ctx: Ctx) -> str:
    rng = ctx.rng
    cat = rng.choice(["longue_maladie", "longue_duree", "grave_maladie", "grave_maladie"])
    if cat == "grave_maladie" and not any(a.regime == "IRCANTEC" for a in ctx.reg.agents_of(ctx.coll.code)):
        cat = "longue_maladie"  # CGM is for IRCANTEC agents only
    a = pick_agent(ctx, regime="IRCANTEC" if cat == "grave_maladie" else "CNRACL", allow_new=False)
    s = ctx.today - timedelta(days=rng.randint(10, 120))
    e = s + timedelta(days=rng.choice([91, 182, 182, 365]) - 1)
    c = Claim(a, cat, "initial", s, s, e)
    ctx.claims.append(c)
    ref = ref_agent(ctx, c)
    ident = ident_suffix(ctx, c)
    for k in rng.sample(["arret_travail", "avis_conseil_medical", "arrete"], rng.randint(1, 3)):
        attach_form(ctx, c, k, start=s, end=e, nature="initial", issued=s + timedelta(days=rng.randint(5, 9)), category=cat)
    label = {"longue_maladie": ["congé de longue maladie", "CLM", "longue maladie"],
             "longue_duree": ["congé de longue durée", "CLD"],
             "grave_maladie": ["congé de grave maladie", "CGM"]}[cat]
    label = rng.choice(label)
    if label.isupper():
        ctx.tags.add("category-abbrev")
    return rng.choice([
        f"Suite à l'avis favorable du conseil médical, {ref}{ident} est placé{'e' if a.sex == 'F' else ''} en {label} {with_dates(ctx, s, e)}.",
        f"Veuillez trouver ci-joint les pièces relatives au {label} de {ref}{ident}, {with_dates(ctx, s, e)}.",
        f"Déclaration {label} – {ref}{ident} – {with_dates(ctx, s, e)}."])


def decl_family(ctx: Ctx) -> str:
    rng = ctx.rng
    cat = rng.choices(["maternite", "maternite", "paternite", "adoption"], [40, 15, 35, 10])[0]
    if cat == "maternite":
        a = pick_agent(ctx, sex="F")
        s = ctx.today + timedelta(days=rng.randint(-10, 25))
        patho = rng.random() < 0.3
        if patho:
            e = s + timedelta(days=13)
            c = Claim(a, cat, "initial", s, s, e)
            ctx.claims.append(c)
            ref = ref_agent(ctx, c)
            ident = ident_suffix(ctx, c)
            ctx.tags.add("category-implied")
            if rng.random() < 0.8:
                attach_form(ctx, c, "arret_travail", start=s, end=e, nature="initial", issued=s,
                            extra={"pathologique": True})
            return (f"{ref}{ident}, enceinte, bénéficie d'un congé pathologique lié à sa grossesse "
                    f"{with_dates(ctx, s, e)}.")
        e = s + timedelta(days=rng.choice([112, 112, 182]) - 1)
        c = Claim(a, cat, "initial", s, s, e)
        ctx.claims.append(c)
        ref = ref_agent(ctx, c)
        ident = ident_suffix(ctx, c)
        if rng.random() < 0.7:
            due = s + timedelta(days=42)
            attach_form(ctx, c, "certificat_grossesse", issued=s - timedelta(days=200),
                        extra={"due": due, "conception": due - timedelta(days=270)})
        return rng.choice([f"{ref}{ident} sera en congé de maternité {with_dates(ctx, s, e)}.",
                           f"Nous vous informons du congé maternité de {ref}{ident} : {with_dates(ctx, s, e)}."])
    if cat == "paternite":
        a = pick_agent(ctx, sex="M")
        born = ctx.today - timedelta(days=rng.randint(2, 20))
        s = born + timedelta(days=rng.randint(0, 4))
        e = s + timedelta(days=rng.choice([25, 28]) - 1)
        c = Claim(a, cat, "initial", s, s, e)
        ctx.claims.append(c)
        ref = ref_agent(ctx, c)
        ident = ident_suffix(ctx, c)
        for k in rng.sample(["acte_naissance", "demande_agent"], rng.randint(0, 2)):
            attach_form(ctx, c, k, event_date=born, start=s, end=e, issued=born + timedelta(days=2),
                        extra={"request": "un congé de paternité et d'accueil de l'enfant", "child": rng.choice(["Léon", "Jade", "Louise", "Gabin"])})
        if rng.random() < 0.4:
            ctx.tags.add("category-implied")
            return (f"Suite à la naissance de sa fille le {one_date(ctx, born)}, {ref}{ident} sera en congé "
                    f"{with_dates(ctx, s, e)}.")
        return f"{ref}{ident} bénéficie d'un congé de paternité {with_dates(ctx, s, e)}."
    a = pick_agent(ctx)
    s = ctx.today - timedelta(days=rng.randint(0, 15))
    e = s + timedelta(days=rng.choice([112, 126]) - 1)
    c = Claim(a, cat, "initial", s, s, e)
    ctx.claims.append(c)
    ref = ref_agent(ctx, c)
    ident = ident_suffix(ctx, c)
    for k in rng.sample(["justificatif_adoption", "demande_agent"], rng.randint(0, 2)):
        attach_form(ctx, c, k, start=s, end=e, issued=s - timedelta(days=10), extra={"request": "un congé d'adoption"})
    return f"{ref}{ident} a accueilli un enfant en vue de son adoption et bénéficie d'un congé d'adoption {with_dates(ctx, s, e)}."


def decl_tpt(ctx: Ctx) -> str:
    rng = ctx.rng
    a = pick_agent(ctx, allow_new=False)
    prolong = rng.random() < 0.3
    if prolong:
        s0 = ctx.today - timedelta(days=rng.randint(60, 100))
        s = s0 + timedelta(days=91)
        e = s + timedelta(days=90)
        if s > ctx.today + timedelta(days=30):
            s0, s, e = s0 - timedelta(days=40), s - timedelta(days=40), e - timedelta(days=40)
        c = Claim(a, "temps_partiel_therapeutique", "prolongation", s0, s, e)
        ctx.tags.add("prolongation")
    else:
        s = ctx.today + timedelta(days=rng.randint(-10, 20))
        e = s + timedelta(days=rng.choice([91, 92, 182]) - 1)
        c = Claim(a, "temps_partiel_therapeutique", "initial", s, s, e)
    ctx.claims.append(c)
    ref = ref_agent(ctx, c)
    ident = ident_suffix(ctx, c)
    kinds = ["certificat_medical"] + ([] if prolong else ["demande_agent"])
    for k in rng.sample(kinds, rng.randint(0, len(kinds))):
        attach_form(ctx, c, k, start=s, end=e, issued=s - timedelta(days=7),
                    extra={"request": "un temps partiel thérapeutique"})
    label = rng.choice(["temps partiel thérapeutique", "TPT", "mi-temps thérapeutique"])
    if label == "TPT":
        ctx.tags.add("category-abbrev")
    if prolong:
        return (f"Le {label} de {ref}{ident}, débuté le {one_date(ctx, c.survenance)}, est renouvelé "
                f"{with_dates(ctx, s, e)}.")
    return f"{ref}{ident} reprendra ses fonctions en {label} (50 %) {with_dates(ctx, s, e)}."


def decl_deces(ctx: Ctx) -> str:
    rng = ctx.rng
    a = pick_agent(ctx, regime="CNRACL", allow_new=False)
    d = ctx.today - timedelta(days=rng.randint(3, 40))
    c = Claim(a, "deces", "initial", d, None, None)
    ctx.claims.append(c)
    ref = ref_agent(ctx, c, allow_short=False)
    ident = ident_suffix(ctx, c)
    pieces = rng.sample(["acte_deces", "bulletin_salaire"], rng.randint(0, 2))
    for k in pieces:
        attach_form(ctx, c, k, event_date=d, issued=d + timedelta(days=2), extra={"month": d.replace(day=1)})
    tail = " Vous trouverez les pièces en pièce jointe." if pieces else " Les pièces suivront."
    return rng.choice([f"Nous avons la tristesse de vous informer du décès de {ref}{ident}, survenu le {one_date(ctx, d)}.",
                       f"{ref}{ident} est décédé{'e' if a.sex == 'F' else ''} le {one_date(ctx, d)}."]) + tail


def decl_multi(ctx: Ctx) -> str:
    rng = ctx.rng
    ctx.tags.add("multi-agent")
    first = pick_agent(ctx, allow_new=False)
    second = pick_agent(ctx, allow_new=False)
    while second is first or norm(second.last_name) == norm(first.last_name):
        second = pick_agent(ctx, allow_new=False)
    lines = []
    forms = rng.random() < 0.5
    for a in (first, second):
        s, e = stop_dates(ctx, late=False)
        c = Claim(a, "maladie_ordinaire", "initial", s, s, e)
        ctx.claims.append(c)
        ref = ref_agent(ctx, c, allow_short=False)
        ident = ident_suffix(ctx, c)
        if forms:
            attach_form(ctx, c, "arret_travail", start=s, end=e, nature="initial", issued=s)
        lines.append(f"- {ref}{ident} : {with_dates(ctx, s, e)}")
    return (rng.choice(["Veuillez trouver ci-dessous les arrêts maladie de nos agents :",
                        "Voici les arrêts de travail (maladie ordinaire) de la semaine :"]) + "\n" + "\n".join(lines)
            + ("\nLes arrêts sont joints." if forms else ""))


def documents_mail(ctx: Ctx) -> str:
    rng = ctx.rng
    ctx.tags.add("documents")
    kind = rng.choice(["payslip", "enquete", "declaration", "arrete_clm", "final", "facture", "payslip"])
    if kind == "payslip":
        a = pick_agent(ctx, allow_new=False)
        s = ctx.today - timedelta(days=rng.randint(15, 70))
        c = Claim(a, "maladie_ordinaire", None, s, None, None)
        ctx.claims.append(c)
        ref = ref_agent(ctx, c)
        attach_form(ctx, c, "bulletin_salaire", show_nir=False, extra={"month": (s - timedelta(days=28)).replace(day=1)})
        return rng.choice([f"Ci-joint le bulletin de salaire de {ref} pour le calcul des indemnités de son arrêt maladie débuté le {one_date(ctx, s)}.",
                           f"Comme demandé, voici le dernier bulletin de paie de {ref}, en arrêt maladie depuis le {one_date(ctx, s)}."])
    if kind in ("enquete", "declaration", "final", "facture"):
        a = pick_agent(ctx, allow_new=False)
        cat = rng.choice(["accident_service", "accident_service", "accident_trajet"])
        acc = ctx.today - timedelta(days=rng.randint(15, 90))
        c = Claim(a, cat, None, acc, None, None)
        ctx.claims.append(c)
        ref = ref_agent(ctx, c)
        what = "l'accident de service" if cat == "accident_service" else "l'accident de trajet"
        k = {"enquete": "enquete_administrative", "declaration": "declaration_accident",
             "final": "certificat_final", "facture": "facture"}[kind]
        place, circ = "atelier municipal", g(a, "a chuté d'un escabeau")
        attach_form(ctx, c, k, category=cat, event_date=acc, issued=acc + timedelta(days=rng.randint(5, 20)),
                    place=place, circumstances=circ)
        piece = {"enquete_administrative": "l'enquête administrative", "declaration_accident": "la déclaration d'accident signée",
                 "certificat_final": "le certificat médical final (guérison)", "facture": "la facture de kinésithérapie"}[k]
        return rng.choice([f"Veuillez trouver ci-joint {piece} concernant {what} de {ref} du {one_date(ctx, acc)}.",
                           f"Pour compléter le dossier de {what} de {ref} survenu le {one_date(ctx, acc)}, je vous envoie {piece}.",
                           f"Suite à votre relance, voici {piece} pour {ref} ({what} du {one_date(ctx, acc)})."])
    a = pick_agent(ctx, regime="CNRACL", allow_new=False)
    cat = rng.choice(["longue_maladie", "longue_duree"])
    s = ctx.today - timedelta(days=rng.randint(30, 120))
    c = Claim(a, cat, None, s, None, None)
    ctx.claims.append(c)
    ref = ref_agent(ctx, c)
    k = rng.choice(["arrete", "avis_conseil_medical"])
    attach_form(ctx, c, k, category=cat, start=s, end=s + timedelta(days=181), issued=s + timedelta(days=30))
    label = "congé de longue maladie" if cat == "longue_maladie" else "congé de longue durée"
    piece = "l'arrêté" if k == "arrete" else "l'avis du conseil médical"
    return f"Suite à notre déclaration du {label} de {ref} (débuté le {one_date(ctx, s)}), veuillez trouver {piece}."


def decl_thread_first_name(ctx: Ctx) -> str:
    """A reply in the thread of an agent's stop: the new text names her by first name only; the attached
    prolongation form names her in full and states the initial stop's first day."""
    rng = ctx.rng
    ctx.tags |= {"prolongation", "first-name-only"}
    mine = ctx.reg.agents_of(ctx.coll.code)
    pool = [a for a in mine if not is_homonym(ctx.reg, a)
            and sum(1 for x in mine if norm(x.first_name) == norm(a.first_name)) == 1]
    a = rng.choice(pool)
    s0 = ctx.today - timedelta(days=rng.randint(12, 25))
    e0 = s0 + timedelta(days=rng.randint(7, 10))
    ps, pe = e0 + timedelta(days=1), e0 + timedelta(days=rng.choice([7, 14, 21]))
    c = Claim(a, "maladie_ordinaire", "prolongation", s0, ps, pe, name_mode="first_only")
    ctx.claims.append(c)
    ctx.thread_about = (a, s0, e0)
    attach_form(ctx, c, "arret_travail", mode=rng.choice(["pdf", "pdf", "scan"]), start=ps, end=pe,
                nature="prolongation", issued=ps, initial_start=s0)
    return rng.choice([f"Voici la prolongation de {a.first_name}, reçue ce matin.",
                       f"{a.first_name} nous a fait parvenir sa prolongation, vous la trouverez en pièce jointe.",
                       f"Suite de l'arrêt de {a.first_name} : prolongation ci-jointe."])


DECLARATIONS = [(decl_thread_first_name, 3), (decl_mo, 25), (decl_prolongation, 13), (decl_accident, 15), (decl_rechute, 6),
                (decl_mp, 4), (decl_long, 10), (decl_family, 9), (decl_tpt, 5), (decl_deces, 4), (decl_multi, 6)]


# --------------------------------------------------------------------------------------------------
# the envelope: sender, client, quoting, forwarding


CLIENTS = ["outlook", "outlook_html", "gmail", "thunderbird", "webmail_orange", "webmail_laposte", "iphone"]


def choose_sender(ctx: Ctx, personal: bool = False):
    rng = ctx.rng
    st = rng.choice(ctx.coll.staff)
    if personal:
        ctx.tags.add("unknown-sender")
        return st, f"{st.first_name} {st.last_name}", st.personal_email
    if st.last_name in {a.last_name for a in ctx.reg.agents_of(ctx.coll.code)}:
        ctx.tags.add("signatory-surname-trap")
    name = rng.choice([f"{st.first_name} {st.last_name.upper()}", f"{st.last_name.upper()} {st.first_name}",
                       ctx.coll.name, None])
    return st, name, st.email


def client_for(ctx: Ctx, addr: str) -> str:
    rng = ctx.rng
    dom = addr.split("@")[1]
    if dom == "orange.fr" or dom == "wanadoo.fr":
        return rng.choice(["webmail_orange", "webmail_orange", "outlook", "iphone", "thunderbird"])
    if dom == "laposte.net":
        return rng.choice(["webmail_laposte", "webmail_laposte", "thunderbird", "iphone"])
    if dom == "gmail.com":
        return rng.choice(["gmail", "gmail", "iphone"])
    if dom == "free.fr":
        return rng.choice(["thunderbird", "webmail_laposte", "gmail"])
    return rng.choice(CLIENTS)


def sign_block(ctx: Ctx, st, *, disclaimer: bool | None = None) -> str:
    rng = ctx.rng
    co = ctx.coll
    sig = mails.signature(rng, st.first_name, st.last_name, st.title, co.name, co.street, co.postcode, co.town, co.phone)
    if disclaimer is None:
        disclaimer = rng.random() < 0.3
    if disclaimer:
        ctx.tags.add("disclaimer")
        sig += "\n\n" + rng.choice(mails.DISCLAIMERS)
    return sig


def subject_for(ctx: Ctx, text_kind: str) -> str:
    rng = ctx.rng
    c = ctx.claims[0] if ctx.claims else None
    if c is None:
        return rng.choice(["Question", "Demande de renseignement", "(sans objet)", "Information"])
    a = c.agent
    name = rng.choice([a.last_name.upper(), f"{a.last_name.upper()} {a.first_name}", f"{a.title} {a.last_name.upper()}"])
    cat_words = {"maladie_ordinaire": ["Arrêt maladie", "Arrêt de travail", "AM", "arret"],
                 "accident_service": ["Accident de service", "Déclaration AT", "AT"],
                 "accident_trajet": ["Accident de trajet", "Déclaration accident"],
                 "maladie_professionnelle": ["Maladie professionnelle", "Déclaration MP"],
                 "longue_maladie": ["CLM", "Longue maladie"], "longue_duree": ["CLD"], "grave_maladie": ["CGM"],
                 "maternite": ["Congé maternité", "Maternité"], "paternite": ["Congé paternité"],
                 "adoption": ["Congé adoption"], "temps_partiel_therapeutique": ["TPT", "Temps partiel thérapeutique"],
                 "deces": ["Décès", "Capital décès"]}[c.category]
    if text_kind == "documents":
        return rng.choice(["Complément de dossier", f"Pièces {name}", "Documents", f"Dossier {name}", "envoi de pièces"])
    if rng.random() < 0.15:
        return rng.choice(["Arrêt", "Déclaration", "Document", "Envoi", "arrêt de travail"])
    if c.nature == "prolongation":
        return rng.choice([f"Prolongation {name}", f"Prolongation arrêt {name}", f"{rng.choice(cat_words)} – prolongation"])
    return f"{rng.choice(cat_words)} {name}" if rng.random() < 0.6 else f"{rng.choice(cat_words)} - {name}"


def old_exchange(ctx: Ctx, other: Agent, st, addr: str, dates: tuple[date, date] | None = None) -> tuple[list[Quoted], str]:
    """A previous exchange about an agent: the collectivité's declaration and our answer."""
    rng = ctx.rng
    if dates:
        s, e = dates
        t0 = datetime.combine(s + timedelta(days=1), time(9, 12), PARIS)
    else:
        t0 = ctx.when - timedelta(days=rng.randint(3, 40), hours=rng.randint(0, 8))
        s = t0.date() - timedelta(days=rng.randint(0, 5))
        e = s + timedelta(days=rng.choice([6, 9, 13]))
    subj = rng.choice([f"Arrêt de travail {other.title} {other.last_name.upper()}", f"arrêt de M. {other.last_name.upper()}"
                       if other.sex == "M" else f"arrêt de Mme {other.last_name.upper()}",
                       f"Déclaration {other.last_name.upper()} {other.first_name}"])
    theirs = Quoted(f"{st.first_name} {st.last_name.upper()}", addr, MAILBOX, t0, subj,
                    f"Bonjour,\n\n{other.title} {other.first_name} {other.last_name.upper()} est en arrêt maladie "
                    f"du {fmt(s, 'num')} au {fmt(e, 'num')}. Ci-joint l'arrêt.\n\nCordialement,\n{st.first_name} {st.last_name.upper()}")
    ours = Quoted("Service prestations", MAILBOX, addr, t0 + timedelta(hours=rng.randint(2, 30)), "RE: " + subj,
                  f"Bonjour,\n\nNous avons bien enregistré l'arrêt de {other.title} {other.last_name.upper()} "
                  f"du {fmt(s, 'num')} au {fmt(e, 'num')}. Dossier complet.\n\nLe service prestations\nCDG")
    return [ours, theirs], subj


def make_declaration(ctx: Ctx) -> Mail:
    rng = ctx.rng
    fn = rng.choices([f for f, _ in DECLARATIONS], [w for _, w in DECLARATIONS])[0]
    ctx.tags.add("declaration")
    personal = rng.random() < 0.07
    st, name, addr = choose_sender(ctx, personal)
    text = fn(ctx)
    return envelope(ctx, st, name, addr, text, "declaration", personal)


def envelope(ctx: Ctx, st, name, addr, text: str, kind: str, personal: bool) -> Mail:
    rng = ctx.rng
    client = client_for(ctx, addr)
    ctx.tags.add("client-" + client)
    intro = ""
    if personal:
        intro = rng.choice([f"Je vous écris depuis ma messagerie personnelle pour le compte de la structure {ctx.coll.name} (notre messagerie est en panne).\n\n",
                            f"Petit souci de messagerie à la mairie, je vous écris de ma boîte perso. Je travaille pour : {ctx.coll.name}.\n\n"])
    body = f"{mails.greeting(rng)}\n\n{intro}{text}\n\n{mails.closing(rng)}\n\n{sign_block(ctx, st)}"
    if client == "iphone":
        body = f"{intro}{text}\n\n{st.first_name}" + ("" if not personal else f"\n{ctx.coll.name}")
    subject = subject_for(ctx, kind)
    m = Mail(name, addr, ctx.when, subject, body, client)
    r = rng.random()
    if ctx.thread_about:
        a, s0, e0 = ctx.thread_about
        m.quoted, old_subject = old_exchange(ctx, a, st, addr, (s0, e0))
        m.subject = "RE: " + old_subject
        ctx.tags.add("quoted-history-same-agent")
    elif r < 0.17 and ctx.claims:
        # a reply to an older exchange about someone else: the quoted agent must not get a claim
        others = [a for a in ctx.reg.agents_of(ctx.coll.code) if all(norm(a.last_name) != norm(c.agent.last_name)
                                                                    and norm(a.last_name) != norm(st.last_name)
                                                                    for c in ctx.claims)]
        other = rng.choice(others)
        m.quoted, old_subject = old_exchange(ctx, other, st, addr)
        ctx.tags.add("quoted-history")
        if rng.random() < 0.6:
            m.subject = rng.choice(["RE: ", "Re: ", "RE : ", "Réf : "]) + old_subject
            ctx.tags.add("stale-subject")
    elif r < 0.27 and ctx.claims:
        # the text was written by someone else in the collectivité and forwarded: read as content
        boss = rng.choice(ctx.coll.staff)
        inner = Quoted(f"{boss.first_name} {boss.last_name.upper()}", f"{strip_accents(boss.first_name).lower()}.{strip_accents(boss.last_name).lower().replace(' ', '')}@{(ctx.coll.own_domain or 'orange.fr')}",
                       addr, ctx.when - timedelta(hours=rng.randint(1, 40)), m.subject,
                       f"Bonjour,\n\n{text}\n\nMerci de faire le nécessaire auprès de l'assureur.\n\n{boss.first_name}")
        m.forwarded = inner
        m.body = rng.choice(["Bonjour,\n\nPour déclaration, voir ci-dessous.\n\n", "Bonjour,\nJe vous transfère le message ci-dessous.\n", "Pour info et traitement.\n"]) \
            + f"Cordialement,\n{st.first_name} {st.last_name.upper()}"
        m.subject = rng.choice(["TR: ", "Fwd: ", "Fw: ", "TR : "]) + m.subject
        ctx.tags.add("forward")
    if rng.random() < 0.3 and client.startswith("outlook"):
        # a picture, not a scanned page or a photo of a paper: ocr false (contract: ocr marks scans and photos)
        logo = Attachment(rng.choice(["image001.png", "image002.png", "logo.png"]), "autre", False,
                          pdfs.logo_png(ctx.coll.name, rng), "image/png", "plain", inline=True,
                          content_id=f"image001.png@01DB{rng.getrandbits(32):08X}")
        m.attachments.append(logo)
        ctx.tags.add("inline-logo")
    m.attachments += ctx.atts
    return m


# --------------------------------------------------------------------------------------------------
# other intents


def scanner_mail(ctx: Ctx) -> Mail:
    rng = ctx.rng
    ctx.tags |= {"declaration", "scanner", "empty-body"}
    a = pick_agent(ctx, allow_new=False)
    prolong = rng.random() < 0.3
    if prolong:
        s0 = ctx.today - timedelta(days=rng.randint(20, 40))
        s = s0 + timedelta(days=rng.randint(8, 15))
        e = s + timedelta(days=rng.choice([7, 14, 20]) - 1)
        c = Claim(a, "maladie_ordinaire", "prolongation", s0, s, e)
        ctx.tags.add("prolongation")
    else:
        s, e = stop_dates(ctx, late=False)
        c = Claim(a, "maladie_ordinaire", "initial", s, s, e)
    ctx.claims.append(c)
    attach_form(ctx, c, "arret_travail", mode=rng.choice(["scan", "scan", "scan_jpg"]),
                show_nir=True if is_homonym(ctx.reg, a) else None, start=s, end=e, nature=c.nature,
                issued=s, initial_start=c.survenance if prolong else None)
    if prolong:
        # the form must carry the initial date: regenerate until it is on the form
        pass
    dom = ctx.coll.own_domain
    addr = rng.choice([f"noreply-scan@{dom}", f"scanner@{dom}", f"scan@{dom}", f"copieur.accueil@{dom}"])
    name = rng.choice([None, "Scanner", "RICOH MP C3004", "Copieur Mairie", "KONICA MINOLTA bizhub"])
    subj = rng.choice([f"Scan {ctx.when:%Y%m%d}", "Document numérisé", f"Numérisation du {ctx.when:%d/%m/%Y %H:%M}",
                       "Message from KM_C250i", f"[Scan] {ctx.when:%Y%m%d%H%M%S}"])
    body = rng.choice(["", "", "Numérisé par : MFP-RDC\nNombre de pages : 1\n", "Document numérisé depuis le copieur.\n"])
    m = Mail(name, addr, ctx.when, subj, body, "scanner", cte=rng.choice(["7bit", "base64"]))
    m.attachments += ctx.atts
    return m


def agent_self_mail(ctx: Ctx) -> Mail:
    """The agent writes from a personal address about their own stop: the writer is the subject here."""
    rng = ctx.rng
    ctx.tags |= {"declaration", "agent-self", "unknown-sender"}
    mine = ctx.reg.agents_of(ctx.coll.code)
    a = rng.choice([x for x in mine if not is_homonym(ctx.reg, x)])
    s, e = stop_dates(ctx, late=False)
    c = Claim(a, "maladie_ordinaire", "initial", s, s, e)
    ctx.claims.append(c)
    attach_form(ctx, c, "arret_travail", mode=rng.choice(["photo", "photo", "pdf"]), start=s, end=e,
                nature="initial", issued=s)
    job = rng.choice(["agent d'entretien", "ATSEM", "adjoint technique", "aide-soignante", "agent de restauration"])
    text = rng.choice([f"Je suis {job} à la structure suivante : {ctx.coll.name}. Je vous envoie mon arrêt maladie "
                       f"{with_dates(ctx, s, e)}, mon employeur m'a dit de vous l'adresser directement.",
                       f"Je travaille comme {job} ({ctx.coll.name}). Ci-joint la photo de mon arrêt de travail."])
    addr = f"{strip_accents(a.first_name).lower().replace(' ', '')}.{strip_accents(a.last_name).lower().replace(' ', '')}{rng.randint(1, 99)}@" + rng.choice(["gmail.com", "hotmail.fr", "orange.fr"])
    body = f"{rng.choice(['Bonjour,', 'Bonjour madame,', 'Bonsoir,'])}\n\n{text}\n\n{rng.choice(['Merci', 'Cordialement', 'Bonne soirée'])}\n{a.first_name} {a.last_name}"
    m = Mail(f"{a.first_name} {a.last_name}", addr, ctx.when, rng.choice(["arret de travail", "Mon arrêt", "arrêt maladie"]),
             body, client_for(ctx, addr))
    m.attachments += ctx.atts
    return m


QUESTIONS = [
    "Quel est le délai pour vous déclarer un accident de service ? L'agent ne nous a prévenus qu'au bout de trois semaines.",
    "Pouvez-vous me rappeler les pièces à fournir pour un congé de longue maladie ?",
    "Je dois saisir la base de l'assurance pour l'année. Comment calculer le taux des charges patronales ? Nous avons un TBI de 245 000 € et 98 000 € de charges.",
    "La franchise de 10 jours s'applique-t-elle à chaque arrêt ou une seule fois par an ?",
    "Un agent contractuel à 20 h par semaine est-il couvert par notre contrat IRCANTEC pour la maladie ordinaire ?",
    "Faut-il vous envoyer le volet 3 de l'arrêt de travail ou une copie suffit-elle ?",
    "Combien de temps avons-nous pour vous transmettre l'enquête administrative après la déclaration ?",
    "Où en est le remboursement de nos indemnités du premier trimestre ? Nous n'avons rien reçu.",
    "Est-ce que le temps partiel thérapeutique est pris en charge par notre contrat (formule 5) ?",
]


def question_mail(ctx: Ctx) -> Mail:
    rng = ctx.rng
    ctx.tags.add("question")
    personal = rng.random() < 0.1
    st, name, addr = choose_sender(ctx, personal)
    q = rng.choice(QUESTIONS)
    m = envelope(ctx, st, name, addr, q + rng.choice(["", "\n\nMerci de votre retour.", "\nMerci d'avance pour vos lumières."]),
                 "question", personal)
    m.subject = rng.choice(["Question", "Demande de renseignement", "Renseignement contrat", "Question délai",
                            "base de l'assurance", "Question pièces justificatives"])
    m.quoted, m.forwarded = [], None
    return m


def auto_reply_mail(ctx: Ctx) -> tuple[Mail, str | None]:
    rng = ctx.rng
    ctx.tags.add("auto-reply")
    kind = rng.choice(["ooo_fr", "ooo_fr", "ooo_en", "dsn", "reponse_auto"])
    if kind == "dsn":
        ctx.tags.add("dsn")
        st = rng.choice(ctx.coll.staff)
        raw, frm, mid = mails.dsn(rng, ctx.when, st.personal_email, "Accusé de réception de votre déclaration")
        m = Mail(None, frm, ctx.when, "", "", "robot", raw=raw, message_id=mid)
        return m, None
    st, name, addr = choose_sender(ctx)
    back = ctx.today + timedelta(days=rng.randint(3, 20))
    other = rng.choice([s for s in ctx.coll.staff if s is not st] or [st])
    if kind == "ooo_en":
        subj = "Automatic reply: " + rng.choice(["Relance pièces manquantes", "Accusé de réception", "Votre dossier"])
        body = (f"Hello,\n\nI am out of the office until {back:%d/%m/%Y} with limited access to email.\n"
                f"For urgent matters please contact {other.email}.\n\nBest regards,\n{st.first_name} {st.last_name}")
    else:
        subj = rng.choice(["Réponse automatique : ", "Absence du bureau : ", "Absent(e) : ", "[Absence] "]) + rng.choice(
            ["Relance pièces manquantes", "RE: Arrêt de travail", "Accusé de réception de votre déclaration"])
        body = (f"Bonjour,\n\nJe suis absent{'e' if st.first_name in FEMALE_FIRST else ''} du bureau jusqu'au {fmt(back, 'long')} inclus. Votre message ne sera pas transféré.\n"
                f"Pour toute demande urgente concernant les arrêts de travail, merci de contacter {other.first_name} "
                f"{other.last_name.upper()} au {ctx.coll.phone}.\n\nCordialement,\n{st.first_name} {st.last_name.upper()}\n{ctx.coll.name}")
    m = Mail(name, addr, ctx.when, subj, body, client_for(ctx, addr))
    if rng.random() < 0.7:
        m.extra_headers.append(("Auto-Submitted", "auto-replied"))
    if rng.random() < 0.5:
        m.extra_headers.append(("X-Auto-Response-Suppress", "All"))
    return m, ctx.coll.code


ICS = """BEGIN:VCALENDAR\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nVERSION:2.0\r\nMETHOD:REQUEST\r
BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Paris:{start}\r\nDTEND;TZID=Europe/Paris:{end}\r\nSUMMARY:{summary}\r
LOCATION:{location}\r\nORGANIZER;CN="{org}":mailto:{addr}\r\nUID:{uid}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"""


def other_mail(ctx: Ctx) -> tuple[Mail, str | None]:
    rng = ctx.rng
    ctx.tags.add("other")
    kind = rng.choice(["newsletter", "invitation", "invitation", "thanks", "info"])
    if kind == "newsletter":
        ctx.tags.add("newsletter")
        when = ctx.when
        body = ("Dans ce numéro :\n\n- Le point sur la réforme de la protection sociale complémentaire\n"
                "- Congé de maladie : ce qui change au 1er mars\n- Agenda : journée RH le 14 octobre\n\n"
                "Se désinscrire : https://lettre-rh.example/desinscription")
        sender = rng.choice(["newsletter@lettre-rh-territoriale.fr", "info@gazette-collectivites.example", "contact@cnfpt-actu.example"])
        m = Mail("La Lettre RH", sender, when, f"Lettre d'information n° {rng.randint(20, 120)}", body,
                 rng.choice(["gmail", "outlook"]))
        m.extra_headers.append(("List-Unsubscribe", f"<mailto:unsubscribe@{sender.split('@')[1]}>"))
        return m, None
    st, name, addr = choose_sender(ctx)
    if kind == "invitation":
        ctx.tags.add("calendar")
        day = ctx.today + timedelta(days=rng.randint(5, 30))
        summary = rng.choice(["Réunion prévention des risques", "Point annuel contrat assurance statutaire",
                              "Comité social territorial"])
        ics = ICS.format(start=f"{day:%Y%m%d}T100000", end=f"{day:%Y%m%d}T113000", summary=summary,
                         location=f"Salle du conseil, {ctx.coll.name}", org=f"{st.first_name} {st.last_name}", addr=addr,
                         uid=f"{rng.getrandbits(64):x}")
        body = (f"{mails.greeting(rng)}\n\nVous êtes convié(e) à la réunion « {summary} » le {fmt(day, 'wlong')} à 10h00.\n\n"
                f"{mails.closing(rng)}\n{st.first_name} {st.last_name.upper()}")
        m = Mail(name, addr, ctx.when, f"Invitation : {summary} – {fmt(day, 'num')}", body, "outlook")
        m.calendar = ics
        if rng.random() < 0.8:
            m.attachments.append(Attachment(rng.choice(["invite.ics", "Invitation.ics", "réunion.ics"]), "autre", False,
                                            ics.encode(), "application/ics",
                                            rng.choice(["plain", "rfc2231"])))
        return m, ctx.coll.code
    if kind == "thanks":
        body = (f"{mails.greeting(rng)}\n\n" + rng.choice(["Merci beaucoup pour votre réponse rapide, c'est parfait.",
                                                           "Bien reçu, merci pour votre aide.",
                                                           "Merci pour ces précisions, je transmets à l'agent."])
                + f"\n\n{mails.closing(rng)}\n{st.first_name}")
        m = Mail(name, addr, ctx.when, rng.choice(["RE: Votre question", "Re: Renseignement", "Merci"]), body,
                 client_for(ctx, addr))
        return m, ctx.coll.code
    body = (f"{mails.greeting(rng)}\n\nNous vous informons que la mairie sera fermée du 24 décembre au 2 janvier. "
            f"Notre nouvelle adresse de contact est {st.email}.\n\n{mails.closing(rng)}\n{sign_block(ctx, st)}")
    m = Mail(name, addr, ctx.when, rng.choice(["Information", "Fermeture de nos services", "Changement de coordonnées"]),
             body, client_for(ctx, addr))
    return m, ctx.coll.code


# --------------------------------------------------------------------------------------------------


CHARSETS = [("utf-8", "quoted-printable"), ("utf-8", "quoted-printable"), ("utf-8", "8bit"), ("utf-8", "base64"),
            ("iso-8859-1", "quoted-printable"), ("iso-8859-1", "8bit"), ("windows-1252", "quoted-printable")]


def mail_date(rng: random.Random) -> datetime:
    d = date(2025, 1, 6) + timedelta(days=rng.randint(0, 420))
    if d.weekday() >= 5 and rng.random() < 0.8:
        d -= timedelta(days=d.weekday() - 4)
    return datetime.combine(d, time(rng.randint(7, 18), rng.randint(0, 59), rng.randint(0, 59)), PARIS)


def one(reg: Registry, rng: random.Random, index: int) -> tuple[bytes, dict, list[str]]:
    when = mail_date(rng)
    kind = rng.choices(["declaration", "scanner", "agent_self", "documents", "question", "auto_reply", "other"],
                       [64, 4, 2, 11, 7, 6, 6])[0]
    colls = reg.collectivites if kind != "scanner" else [c for c in reg.collectivites if c.own_domain]
    ctx = Ctx(rng, reg, rng.choice(colls), when)
    coll_expected: str | None = ctx.coll.code
    if kind == "declaration":
        m = make_declaration(ctx)
        intent = "declaration"
    elif kind == "scanner":
        m = scanner_mail(ctx)
        intent = "declaration"
    elif kind == "agent_self":
        m = agent_self_mail(ctx)
        intent = "declaration"
    elif kind == "documents":
        personal = rng.random() < 0.07
        st, name, addr = choose_sender(ctx, personal)
        m = envelope(ctx, st, name, addr, documents_mail(ctx), "documents", personal)
        intent = "documents"
    elif kind == "question":
        m = question_mail(ctx)
        intent = "question"
    elif kind == "auto_reply":
        m, coll_expected = auto_reply_mail(ctx)
        intent = "auto_reply"
    else:
        m, coll_expected = other_mail(ctx)
        intent = "other"
    if m.raw is None:
        m.charset, m.cte = rng.choice(CHARSETS)
        if m.client == "scanner":
            m.charset, m.cte = "utf-8", "7bit" if not m.body else "quoted-printable"
        ctx.tags.add("charset-" + m.charset)
        ctx.tags.add("cte-" + m.cte)
        m.message_id = mails.message_id(rng, m.client, m.from_addr, m.when)
    raw = mails.render(m, rng)
    if intent in ("question", "auto_reply", "other"):
        ctx.claims = []
    exp = {
        "message_id": m.message_id,
        "from": m.from_addr.lower(),
        "collectivite": coll_expected,
        "intent": intent,
        "claims": [expected_claim(reg, c, {}) for c in ctx.claims],
        "attachments": [{"filename": a.filename, "kind": a.kind, "ocr": a.ocr} for a in m.attachments if a.listed],
    }
    if any(x["agent"] is None for x in exp["claims"]):
        ctx.tags.add("agent-null")
    for c in ctx.claims:
        ctx.tags.add(c.category)
        if c.nature:
            ctx.tags.add(c.nature)
    ctx.tags.add("with-attachments" if exp["attachments"] else "body-only")
    return raw, exp, sorted(ctx.tags)


def generate(seed: int, n: int, out: Path) -> None:
    reg = build(seed)
    out.mkdir(parents=True, exist_ok=True)
    reg.write(out / "registry")
    for i in range(1, n + 1):
        rng = random.Random(f"blind-{seed}-{i}")
        raw, exp, tags = one(reg, rng, i)
        stem = f"{i:04d}"
        (out / f"{stem}.eml").write_bytes(raw)
        (out / f"{stem}.expected.json").write_text(json.dumps(exp, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        (out / f"{stem}.tags.json").write_text(json.dumps(tags, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", type=int, default=1, help="1 = dev set, 2 = untouched final set")
    p.add_argument("--n", type=int, default=300)
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    generate(args.seed, args.n, args.out)


if __name__ == "__main__":
    main()
