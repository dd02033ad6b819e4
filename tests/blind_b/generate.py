"""Family B blind corpus: labelled mails for `intake parse`, written without reading the parser.

    PYTHONPATH=tests .venv/bin/python -m blind_b.generate --seed 11 --n 300 --out /tmp/blindb11

Writes NNNN.eml, NNNN.expected.json, NNNN.tags.json and registry/{collectivites,contracts,agents}.csv,
the input of benchmarks/eval_blind.py. The truth is decided first (who, what, when, which pieces); the
mail is then written from it by one of many writers and mail clients, so a label never depends on
reading the text back."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import frdates as fd
from . import mime, pieces
from .registry import CDG, PERSONAL_DOMAINS, Agent, Employer, Writer, build, registry_csvs, slug, strip_accents

MAILBOX = "sinistres@prestations-statutaires.fr"
MANDATORY = {
    ("maladie_ordinaire", "initial"): ["arret_travail"], ("maladie_ordinaire", "prolongation"): ["arret_travail"],
    ("accident_service", "initial"): ["declaration_accident", "certificat_at_mp", "enquete_administrative"],
    ("accident_trajet", "initial"): ["declaration_accident", "certificat_at_mp", "enquete_administrative"],
    ("accident_service", "prolongation"): ["certificat_at_mp|arret_travail"],
    ("accident_trajet", "prolongation"): ["certificat_at_mp|arret_travail"],
    ("maladie_professionnelle", "prolongation"): ["certificat_at_mp|arret_travail"],
    ("accident_service", "rechute"): ["certificat_at_mp"], ("accident_trajet", "rechute"): ["certificat_at_mp"],
    ("maladie_professionnelle", "rechute"): ["certificat_at_mp"],
    ("maladie_professionnelle", "initial"): ["declaration_maladie_professionnelle", "certificat_at_mp"],
    ("maternite", "initial"): ["certificat_grossesse"], ("maternite", "prolongation"): ["arret_travail"],
    ("paternite", "initial"): ["acte_naissance", "demande_agent"],
    ("temps_partiel_therapeutique", "initial"): ["certificat_medical", "demande_agent"],
    ("deces", "initial"): ["acte_deces", "bulletin_salaire"],
}
for _c in ("longue_maladie", "longue_duree", "grave_maladie"):
    MANDATORY[(_c, "initial")] = ["arret_travail", "avis_conseil_medical", "arrete"]
    MANDATORY[(_c, "prolongation")] = ["arret_travail", "avis_conseil_medical"]

CAT_WORDS = {
    "maladie_ordinaire": ["arrêt maladie", "arrêt de travail pour maladie ordinaire", "congé de maladie ordinaire",
                          "arrêt de travail (maladie)"],
    "longue_maladie": ["congé de longue maladie (CLM)", "congé de longue maladie"],
    "longue_duree": ["congé de longue durée (CLD)", "congé de longue durée"],
    "grave_maladie": ["congé de grave maladie (CGM)", "congé de grave maladie"],
    "maternite": ["congé de maternité", "congé maternité"],
    "paternite": ["congé de paternité et d'accueil de l'enfant", "congé paternité"],
    "temps_partiel_therapeutique": ["temps partiel thérapeutique", "mi-temps thérapeutique (TPT)"],
}


def missing(category: str | None, nature: str | None, kinds: set[str]) -> list[str]:
    need = MANDATORY.get((category, nature or "initial"), [])
    out = []
    for req in need:
        alts = req.split("|")
        if not any(a in kinds for a in alts):
            out.append(alts[0])
    return sorted(out)


@dataclass
class Piece:
    filename: str
    kind: str
    ocr: bool
    data: bytes
    ctype: str
    owner: int | None  # index of the claim it belongs to
    tags: list[str] = field(default_factory=list)


@dataclass
class Claim:
    agent: Agent
    category: str
    nature: str | None
    survenance: dt.date | None
    start: dt.date | None
    end: dt.date | None
    initial_start: dt.date | None = None
    prev_end: dt.date | None = None
    mention: str = ""
    identifiable: bool = True
    nir_in_text: bool = False
    pieces: list[Piece] = field(default_factory=list)


class Mail:
    def __init__(self, rng: random.Random, employer: Employer | None, when: dt.datetime) -> None:
        self.rng, self.employer, self.when = rng, employer, when
        self.tags: set[str] = set()
        self.claims: list[Claim] = []
        self.pieces: list[Piece] = []
        self.intent = "declaration"
        self.collectivite = employer.code if employer else None

    @property
    def today(self) -> dt.date:
        return self.when.date()


# ---------------------------------------------------------------- naming agents

def _lev(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _n(s: str) -> str:
    return strip_accents(s).upper().replace("-", " ").replace("'", " ")


def surnames(a: Agent) -> set[str]:
    return {_n(a.last_name)} | ({_n(a.birth_name)} if a.birth_name else set())


def homonyms(a: Agent, emp: Employer) -> list[Agent]:
    """Registered agents (the registry is what the parser sees) sharing a's first name and a surname."""
    return [b for b in emp.agents if b is not a and b.exported and _n(b.first_name) == _n(a.first_name)
            and surnames(a) & surnames(b)]


def named_like(a: Agent, emp: Employer, written: set[str]) -> list[Agent]:
    """Other registered agents the written first name and surname(s) fit as well as a: the real ambiguity of
    « Inès CHAMBON » (an « Inès BOURDIN » does not make it ambiguous, even if a was born BOURDIN)."""
    w = {_n(x) for x in written}
    return [b for b in emp.agents if b is not a and b.exported and _n(b.first_name) == _n(a.first_name)
            and w <= surnames(b)]


def surname_unique(a: Agent, emp: Employer, name: str) -> bool:
    return not any(b is not a and _n(name) in surnames(b) for b in emp.agents)


def typo(name: str, rng: random.Random) -> str:
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    i = rng.choice(letters[1:-1] or letters)
    op = rng.choice(["swap", "drop", "double"])
    if op == "swap" and i + 1 < len(name) and name[i + 1].isalpha():
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    if op == "drop":
        return name[:i] + name[i + 1:]
    return name[:i] + name[i] + name[i:]


def nir_text(a: Agent, rng: random.Random) -> tuple[str, str]:
    n, k = a.nir13, a.nir_key
    style = rng.choice(["plain13", "plain15", "spaced", "spaced_key", "dots", "key_sep"])
    t = {"plain13": n, "plain15": n + k,
         "spaced": f"{n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:10]} {n[10:13]}",
         "spaced_key": f"{n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:10]} {n[10:13]} {k}",
         "dots": f"{n[0]}.{n[1:3]}.{n[3:5]}.{n[5:7]}.{n[7:10]}.{n[10:13]}.{k}", "key_sep": f"{n} / {k}"}[style]
    return t, "nir-" + style


def mention(m: Mail, c: Claim, emp: Employer, allow_weak: bool = True) -> str:
    """How the writer names the agent; decides whether the mail singles them out (conventions of
    tests/blind/README.md: NIR, unique full name, unique surname, or a birth date that separates homonyms)."""
    rng, a = m.rng, c.agent
    civ = "Mme" if a.female else "M."
    civ = rng.choice([civ, civ, "Madame" if a.female else "Monsieur", ""])
    homs = homonyms(a, emp)
    last = a.last_name
    styles = ["full_caps", "full_caps", "first_last", "last_first"]
    if a.birth_name:
        styles += ["nee", "nee", "birth_only"]
    if allow_weak and surname_unique(a, emp, a.last_name) and not homs:
        styles += ["surname", "initial"]
    t = None
    if allow_weak and not homs:
        t = typo(last, rng)
        others = [b for b in emp.agents if b is not a and _n(b.first_name) == _n(a.first_name)]  # all, to be safe
        if t != last and all(min(_lev(_n(t), s) for s in surnames(b)) > 2 for b in others) and len(_n(last)) >= 5:
            styles.append("typo")
    s = rng.choice(styles)
    m.tags.add("name-" + s)
    fn = a.first_name
    if s == "full_caps":
        txt = f"{civ} {fn} {last}".strip() if rng.random() < 0.5 else f"{civ} {last} {fn}".strip()
    elif s == "first_last":
        txt = f"{fn} {last.title()}"
    elif s == "last_first":
        txt = f"{last} {fn}"
    elif s == "nee":
        txt = f"{civ or 'Mme'} {last} née {a.birth_name} {fn}" if rng.random() < 0.5 else f"{fn} {last} (née {a.birth_name})"
    elif s == "birth_only":
        txt = f"{civ} {fn} {a.birth_name}".strip()
    elif s == "surname":
        txt = f"{civ or ('Mme' if a.female else 'M.')} {last}"
    elif s == "initial":
        txt = f"{civ} {fn[0]}. {last}".strip()
    else:
        txt = f"{civ} {fn} {t}".strip()
    # identification: a unique full name, or something separating homonyms
    extra = ""
    sep = False
    r = rng.random()
    if r < 0.22:
        nt, tag = nir_text(a, rng)
        extra = rng.choice([f" (NIR {nt})", f", n° sécu {nt},", f" - n° SS : {nt}", f" ({nt})"])
        c.nir_in_text, sep = True, True
        m.tags.add("nir-body")
        m.tags.add(tag)
    elif r < 0.32:
        extra = rng.choice([f", née le {a.birth_date:%d/%m/%Y},", f" (née le {fd.render(a.birth_date, 'long')})",
                            f" ({a.birth_date:%d/%m/%Y})"])
        if not a.female:
            extra = extra.replace("née", "né")
        sep = True
        m.tags.add("birthdate")
    elif r < 0.38:
        extra = rng.choice([f" (matricule {a.matricule})", f", mat. {a.matricule},"])
        sep = True
        m.tags.add("matricule")
    if named_like(a, emp, {"nee": {a.last_name, a.birth_name}, "birth_only": {a.birth_name}}.get(s, {a.last_name})):
        m.tags.add("homonym")
    if not a.exported:
        m.tags.add("new-hire")
    # weak styles (surname, initial, typo) are only offered without homonyms; for full names, what counts is
    # whether another registered agent fits the name as written
    written = {"nee": {a.last_name, a.birth_name}, "birth_only": {a.birth_name}}.get(s, {a.last_name})
    c.identifiable = not named_like(a, emp, written) or sep
    # any NIR on the claim's pieces separates too (set later)
    c.mention = txt + extra
    return c.mention


# ---------------------------------------------------------------- pieces

def facts(c: Claim, emp: Employer, nature: str | None = None) -> pieces.Facts:
    a = c.agent
    event = c.survenance
    if c.category == "maternite" and c.start:
        event = c.start + dt.timedelta(days=42)  # presumed delivery
    if c.category == "paternite" and c.start:
        event = c.start - dt.timedelta(days=3)  # the birth
    return pieces.Facts(a.last_name, a.first_name, a.birth_name, a.female, a.nir13, a.nir_key, a.birth_date, emp.name,
                        start=c.start, end=c.end, initial_start=c.initial_start, event=event,
                        nature=nature or c.nature or "initial", category=c.category,
                        signed=c.start or c.survenance)


FNAMES = {
    "arret_travail": ["Arrêt {N}.pdf", "AT_{n}.pdf", "arret travail {N} {F}.pdf", "Avis d'arrêt {F} {N}.pdf",
                      "arret_{n}_{d}.pdf", "{N}.pdf", "AM {N}.pdf"],
    "certificat_at_mp": ["certificat AT {N}.pdf", "CMI_{n}.pdf", "Certificat médical {N}.pdf", "certif_{n}.pdf"],
    "certificat_final": ["certificat final {N}.pdf", "CMF_{n}.pdf", "guérison {N}.pdf"],
    "declaration_accident": ["Déclaration accident {N}.pdf", "decl_AT_{n}.pdf", "déclaration {N}.pdf"],
    "enquete_administrative": ["rapport hiérarchique {N}.pdf", "enquete_{n}.pdf", "Rapport {N}.pdf"],
    "declaration_maladie_professionnelle": ["déclaration MP {N}.pdf", "decl_MP_{n}.pdf"],
    "avis_conseil_medical": ["avis conseil médical {N}.pdf", "CM_{n}.pdf", "Avis CMD {N}.pdf"],
    "arrete": ["arrêté {N}.pdf", "ARR_{d}_{n}.pdf", "Arrêté CLM {N}.pdf"],
    "certificat_grossesse": ["déclaration de grossesse {N}.pdf", "grossesse_{n}.pdf"],
    "acte_naissance": ["acte de naissance.pdf", "extrait_naissance_{n}.pdf"],
    "demande_agent": ["demande {N}.pdf", "courrier agent {n}.pdf", "Demande de l'agent.pdf"],
    "certificat_medical": ["certificat TPT {N}.pdf", "certificat médical {n}.pdf"],
    "acte_deces": ["acte de décès {N}.pdf", "acte_deces.pdf"],
    "bulletin_salaire": ["bulletin {N}.pdf", "fiche de paie {n}.pdf", "BP_{d}_{n}.pdf"],
}


# pieces whose layout prints the NIR (when the form is not left blank) and the birth date
NIR_KINDS = {"arret_travail", "certificat_at_mp", "certificat_final", "declaration_accident",
             "declaration_maladie_professionnelle", "certificat_grossesse", "bulletin_salaire"}
BIRTH_KINDS = {"arret_travail", "certificat_at_mp", "certificat_final", "declaration_accident",
               "declaration_maladie_professionnelle", "acte_deces"}


def add_piece(m: Mail, ci: int, kind: str, emp: Employer, fmt: str | None = None, nature: str | None = None) -> Piece:
    rng, c = m.rng, m.claims[ci]
    f = facts(c, emp, nature)
    if rng.random() < 0.15:
        f.nir13 = None  # some forms leave the number blank
    pdf = pieces.render_piece(kind, f, rng)
    fmt = fmt or rng.choice(["text", "text", "text", "scan", "scan", "scan_jpg", "photo"])
    day = m.today - dt.timedelta(days=rng.randint(0, 3))
    if fmt == "text":
        name = rng.choice(FNAMES[kind])
        ctype, data, ocr = "application/pdf", pdf, False
    elif fmt == "scan":
        name = rng.choice(["doc{d8}.pdf", "SCAN_{k:04d}.pdf", "Numérisation_{iso}.pdf", "scan{d8}{k:03d}.pdf",
                           "KM_C250i{d8}{k:05d}.pdf", rng.choice(FNAMES[kind])])
        data, stags = pieces.scan(pdf, rng)
        ctype, ocr = "application/pdf", True
        m.tags.update(stags)
    elif fmt == "scan_jpg":
        name = rng.choice(["scan{k}.jpg", "Document{k}.jpeg", "numerisation_{d8}.jpg"])
        data, stags = pieces.scan(pdf, rng, as_jpeg=True)
        ctype, ocr = "image/jpeg", True
        m.tags.update(stags)
    else:
        name = rng.choice(["IMG_{k:04d}.JPG", "{d8}_{k:06d}.jpg", "WhatsApp Image {iso} at 10.{k2:02d}.12.jpeg",
                           "image.jpeg", "Photo {iso}.jpg"])
        data, ctype, ocr = pieces.photo(pdf, rng), "image/jpeg", True
    a = c.agent
    name = name.format(N=a.last_name, n=slug(a.last_name), F=a.first_name, d=f"{day:%Y%m%d}", d8=f"{day:%Y%m%d}",
                       iso=day.isoformat(), k=rng.randint(1, 9999), k2=rng.randint(0, 59))
    if any(p.filename == name for p in m.pieces):
        stem, ext = name.rsplit(".", 1)
        name = f"{stem} ({len(m.pieces) + 1}).{ext}"
    p = Piece(name, kind, ocr, data, ctype, ci, ["att-" + fmt])
    if f.nir13 and kind in NIR_KINDS:
        p.tags.append("nir-on-piece")
    if kind in BIRTH_KINDS:
        p.tags.append("birth-on-piece")
    m.tags.add("att-" + fmt)
    m.pieces.append(p)
    c.pieces.append(p)
    return p


# ---------------------------------------------------------------- scenarios (the truth)

def pick_agent(m: Mail, emp: Employer, category: str, used: list[Agent]) -> Agent:
    rng = m.rng
    # a new hire named exactly like a registered agent would be indistinguishable from them: not written
    pool = [a for a in emp.agents if a not in used and (a.exported or not homonyms(a, emp))]
    if category in ("longue_maladie", "longue_duree", "deces"):
        pool = [a for a in pool if a.regime == "CNRACL"] or pool
    if category == "grave_maladie":
        pool = [a for a in pool if a.regime == "IRCANTEC"] or pool
    if category == "maternite":
        pool = [a for a in pool if a.female and a.birth_date.year > 1980] or pool
    if category == "paternite":
        pool = [a for a in pool if not a.female and a.birth_date.year > 1975] or pool
    # homonyms and new hires a little more often than their share, as they are the hard cases
    hard = [a for a in pool if homonyms(a, emp) or not a.exported]
    if hard and rng.random() < 0.12:
        return rng.choice(hard)
    return rng.choice(pool)


def make_claim(m: Mail, emp: Employer, category: str, nature: str, used: list[Agent], late: bool = False) -> Claim:
    rng, today = m.rng, m.today
    a = pick_agent(m, emp, category, used)
    back = rng.randint(110, 330) if late else rng.randint(1, 25)
    start = today - dt.timedelta(days=back)
    length = {"maladie_ordinaire": rng.choice([2, 3, 5, 7, 8, 10, 14, 15, 21, 30]),
              "maternite": 112, "paternite": rng.choice([25, 28, 32]),
              "temps_partiel_therapeutique": rng.choice([30, 61, 90, 92]),
              }.get(category, rng.choice([14, 21, 30, 31, 45, 60, 90, 92, 183]))
    if category in ("longue_maladie", "longue_duree", "grave_maladie"):
        start = today - dt.timedelta(days=rng.randint(20, 80))
        length = rng.choice([91, 92, 183, 184])
    if category == "maternite":
        start = today + dt.timedelta(days=rng.randint(-10, 20))
    end = start + dt.timedelta(days=length - 1)
    surv, init, prev_end = start, None, None
    if nature == "prolongation":
        init = start - dt.timedelta(days=rng.randint(8, 60))
        prev_end = start - dt.timedelta(days=1)
        surv = init
    if category in ("accident_service", "accident_trajet"):
        surv = start - dt.timedelta(days=rng.choice([0, 0, 0, 1, 2])) if nature == "initial" else surv
        if nature == "rechute":
            surv = start - dt.timedelta(days=rng.randint(120, 700))
    if category == "maladie_professionnelle":
        surv = start - dt.timedelta(days=rng.randint(0, 40)) if nature == "initial" else start - dt.timedelta(
            days=rng.randint(200, 600))
    if nature == "prolongation" and category in ("accident_service", "accident_trajet", "maladie_professionnelle"):
        surv = init - dt.timedelta(days=rng.choice([0, 0, 1]))
    if category == "deces":
        surv, start, end = today - dt.timedelta(days=rng.randint(2, 30)), None, None
    c = Claim(a, category, nature, surv, start, end, init, prev_end)
    if late:
        m.tags.add("late")
    used.append(a)
    m.claims.append(c)
    return c


def stop_phrase(m: Mail, c: Claim) -> str:
    rng, ref = m.rng, m.today
    if c.nature == "prolongation":
        form = rng.choice(["init_prev", "span_init", "span_init", "init_only_end"])
        if form == "init_prev":
            return (f"initialement arrêté{'e' if c.agent.female else ''} du {fd.fmt(c.initial_start, rng, ref)} au "
                    f"{fd.fmt(c.prev_end, rng, ref)}, prolongé{'e' if c.agent.female else ''} jusqu'au "
                    f"{fd.fmt(c.end, rng, ref)}{rng.choice([' inclus', ''])}")
        if form == "init_only_end":
            return (f"arrêt initial depuis le {fd.fmt(c.initial_start, rng, ref)} au {fd.fmt(c.prev_end, rng, ref)}; "
                    f"prolongation {fd.span(c.start, c.end, rng, ref)}")
        return (f"prolongation {fd.span(c.start, c.end, rng, ref)} "
                f"({rng.choice(['arrêt initial du', 'suite à l’arrêt initial du', 'arrêt initial prescrit à compter du', 'premier arrêt le'])} "
                f"{fd.fmt(c.initial_start, rng, ref)})")
    return fd.span(c.start, c.end, rng, ref)


def claim_sentence(m: Mail, c: Claim, emp: Employer, self_writer: bool = False) -> str:
    rng, ref = m.rng, m.today
    who = "je suis" if self_writer else None
    name = "" if self_writer else mention(m, c, emp)
    cat = c.category
    stop = stop_phrase(m, c) if c.start else ""
    ev = fd.fmt(c.survenance, rng, ref) if c.survenance else ""
    if cat == "maladie_ordinaire":
        w = rng.choice(CAT_WORDS[cat])
        art = "l'" if w[0] in "aeiouéAEIOUÉ" else "le "
        of_art = "de l'" if art == "l'" else "du "
        if self_writer:
            return rng.choice([f"Je vous envoie mon {w} {stop}.", f"je suis en arrêt maladie {stop}, je vous joins l'arrêt.",
                               f"Mon médecin m'a arrêté{'e' if c.agent.female else ''} {stop}."])
        if c.nature == "prolongation":
            return rng.choice([f"{name} : {stop}.", f"Nous vous transmettons la prolongation {of_art}{w} de {name}, {stop}.",
                               f"{name} est en {w}, {stop}."])
        return rng.choice([f"Veuillez trouver ci-joint {art}{w} de {name} {stop}.", f"{name} est en {w} {stop}.",
                           f"Je vous transmets l'arrêt de travail de {name}, {stop}.",
                           f"{name} nous a fait parvenir un {w} {stop}."])
    if cat in ("accident_service", "accident_trajet"):
        kind = "accident de service" if cat == "accident_service" else "accident de trajet"
        if c.nature == "rechute":
            return rng.choice([f"{name or 'je'} {'suis' if who else 'est'} en arrêt {stop} pour une rechute de son {kind} du {ev}.",
                               f"Rechute de l'{kind} du {ev} pour {name or 'moi'} : arrêt {stop}."])
        if c.nature == "prolongation":
            return f"Prolongation de l'arrêt consécutif à l'{kind} du {ev} de {name or 'moi-même'} : {stop}."
        circ = rng.choice(["en manipulant des poubelles", "en descendant d'une échelle", "sur le parking de l'école",
                           "en se rendant au travail" if cat == "accident_trajet" else "en cuisine",
                           "sur la route entre son domicile et la mairie" if cat == "accident_trajet" else "aux ateliers"])
        if self_writer:
            return f"J'ai eu un {kind} le {ev} {circ.replace('se rendant', 'me rendant')}; mon médecin m'arrête {stop}."
        return rng.choice([f"{name} a été victime d'un {kind} le {ev} {circ}. Arrêt {stop}.",
                           f"Nous déclarons l'{kind} de {name} survenu le {ev}; arrêt de travail {stop}.",
                           f"{kind.capitalize()} du {ev} : {name}, arrêt {stop}."])
    if cat == "maladie_professionnelle":
        if c.nature == "rechute":
            return f"Rechute de la maladie professionnelle de {name} (première constatation médicale le {ev}) : arrêt {stop}."
        return rng.choice([f"{name} a déclaré une maladie professionnelle, première constatation médicale le {ev}. Arrêt {stop}.",
                           f"Déclaration de maladie professionnelle pour {name} (date de 1re constatation : {ev}), arrêt de travail {stop}."])
    if cat in ("longue_maladie", "longue_duree", "grave_maladie"):
        w = rng.choice(CAT_WORDS[cat])
        return rng.choice([f"{name} est placé{'e' if c.agent.female else ''} en {w} {stop}.",
                           f"Suite à l'avis du conseil médical, {name} bénéficie d'un {w} {stop}."])
    if cat == "maternite":
        return rng.choice([f"{name} sera en {rng.choice(CAT_WORDS[cat])} {stop}.",
                           f"Congé maternité de {name} : {stop}."])
    if cat == "paternite":
        born = fd.fmt(c.start - dt.timedelta(days=3), rng, ref)
        return f"{name} prend son {rng.choice(CAT_WORDS[cat])} {stop}, suite à la naissance de son enfant le {born}."

    if cat == "temps_partiel_therapeutique":
        return f"{name} reprend à {rng.choice(CAT_WORDS[cat])} {stop}."
    if cat == "deces":
        return rng.choice([f"Nous avons le regret de vous informer du décès de {name}, survenu le {ev}.",
                           f"{name} est décédé{'e' if c.agent.female else ''} le {ev}."])
    raise ValueError(cat)


DECL_PIECES = {
    ("maladie_ordinaire", "initial"): ["arret_travail"], ("maladie_ordinaire", "prolongation"): ["arret_travail"],
    ("accident_service", "initial"): ["declaration_accident", "certificat_at_mp", "enquete_administrative"],
    ("accident_trajet", "initial"): ["declaration_accident", "certificat_at_mp", "enquete_administrative"],
    ("accident_service", "rechute"): ["certificat_at_mp"], ("accident_trajet", "rechute"): ["certificat_at_mp"],
    ("accident_service", "prolongation"): ["certificat_at_mp"],
    ("maladie_professionnelle", "initial"): ["declaration_maladie_professionnelle", "certificat_at_mp"],
    ("maladie_professionnelle", "rechute"): ["certificat_at_mp"],
    ("longue_maladie", "initial"): ["arret_travail", "avis_conseil_medical", "arrete"],
    ("longue_duree", "initial"): ["arret_travail", "avis_conseil_medical", "arrete"],
    ("grave_maladie", "initial"): ["arret_travail", "avis_conseil_medical", "arrete"],
    ("maternite", "initial"): ["certificat_grossesse"],
    ("paternite", "initial"): ["acte_naissance", "demande_agent"],
    ("temps_partiel_therapeutique", "initial"): ["certificat_medical", "demande_agent"],
    ("deces", "initial"): ["acte_deces", "bulletin_salaire"],
}
SCENARIOS = [  # (weight, category, nature)
    (30, "maladie_ordinaire", "initial"), (14, "maladie_ordinaire", "prolongation"),
    (9, "accident_service", "initial"), (4, "accident_trajet", "initial"), (5, "accident_service", "rechute"),
    (2, "accident_trajet", "rechute"), (3, "accident_service", "prolongation"),
    (3, "maladie_professionnelle", "initial"), (1, "maladie_professionnelle", "rechute"),
    (3, "longue_maladie", "initial"), (2, "longue_duree", "initial"), (1, "grave_maladie", "initial"),
    (3, "maternite", "initial"), (2, "paternite", "initial"), (2, "temps_partiel_therapeutique", "initial"),
    (2, "deces", "initial"),
]


def attach_for(m: Mail, ci: int, emp: Employer, fmt: str | None = None) -> None:
    c, rng = m.claims[ci], m.rng
    kinds = list(DECL_PIECES.get((c.category, c.nature), []))
    r = rng.random()
    if r < 0.18:
        kinds = []
        m.tags.add("body-only")
    elif r < 0.35 and len(kinds) > 1:
        kinds = rng.sample(kinds, rng.randint(1, len(kinds) - 1))
        m.tags.add("pieces-partial")
    if c.category in ("accident_service", "accident_trajet") and c.nature == "initial" and kinds and rng.random() < 0.2:
        kinds.append("bulletin_salaire")
    for k in kinds:
        nature = c.nature if k in ("certificat_at_mp", "arret_travail") else None
        add_piece(m, ci, k, emp, fmt, nature)


# ---------------------------------------------------------------- writers and clients

GREET = {"sms": ["bjr", "bonjour", "Bonjour,", "bonjour,"], "formal": ["Madame, Monsieur,", "Madame, Monsieur,"],
         "plain": ["Bonjour,", "Bonjour", "Bonjour Madame,", "Bonjour à vous,"]}
CLOSE = {"sms": ["merci", "cdlt", "cdt", "merci bcp", "bonne journee"],
         "formal": ["Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.",
                    "Restant à votre disposition, veuillez recevoir mes salutations distinguées."],
         "plain": ["Cordialement,", "Bien cordialement", "Merci d'avance, bonne journée.", "Cordialement"]}
SMS_SUBS = [(r"\barrêt maladie\b", "AM"), (r"\barrêt de travail\b", "arret"), (r"\bcongé de maladie ordinaire\b", "CMO"),
            (r"\bmaladie ordinaire\b", "mal. ord."), (r"\bci-joint\b", "cj"), (r"\bVeuillez trouver\b", "voici"),
            (r"\bMadame\b", "mme"), (r"\bMonsieur\b", "mr"), (r"\bpour\b", "pr"), (r"\bnous\b", "ns"),
            (r"\bjours\b", "j"), (r"\bavec\b", "avc")]


def sms(text: str, rng: random.Random) -> str:
    for pat, rep in SMS_SUBS:
        if rng.random() < 0.7:
            text = re.sub(pat, rep, text, flags=re.I)
    text = strip_accents(text)
    if rng.random() < 0.7:
        text = text.lower()
    return text.replace(". ", rng.choice([". ", " ", ", "]))


def signature(m: Mail, w: Writer, emp: Employer | None) -> str:
    rng = m.rng
    title = {"secretary": "Secrétariat de mairie", "drh": "Direction des ressources humaines",
             "cadre": "Cadre de santé", "ccas": "Directrice du CCAS", "maire": "Le Maire",
             "compta": "Service comptabilité", "agent": "", "cdg": "Service assurance statutaire"}.get(w.role, "")
    if w.role == "maire" and emp and emp.kind == "syndicat":
        title = "Le Président"
    lines = [w.name, title]
    if emp and w.role != "agent":
        lines.append(emp.name if w.role != "maire" else emp.name.replace("Mairie", "Commune"))
        if rng.random() < 0.6:
            lines.append(f"{rng.randint(1, 30)} {rng.choice(['place de la Mairie', 'rue de la République', 'avenue Foch', 'route de Lyon'])}")
        if rng.random() < 0.7:
            lines.append(f"Tél : 0{rng.choice([4, 5])} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}")
    elif w.role == "agent" and rng.random() < 0.5:
        lines.append(f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}")
    sig = "\n".join(x for x in lines if x)
    if w.role in ("drh", "cadre", "ccas") and rng.random() < 0.5:
        sig += ("\n\nCe message et ses pièces jointes sont confidentiels et établis à l'attention exclusive de leurs "
                "destinataires. Toute utilisation non conforme à sa destination est interdite. Si vous avez reçu ce "
                "message par erreur, merci de le détruire et d'en avertir l'expéditeur.")
        m.tags.add("disclaimer")
    if rng.random() < 0.15:
        sig += "\n\nPensez à l'environnement avant d'imprimer ce mail."
    return sig


def quoted_history(m: Mail, emp: Employer, subject: str) -> tuple[str, str, dict]:
    """An older exchange about OTHER agents, quoted below a reply (never a claim)."""
    rng = m.rng
    taken = set().union(*(surnames(c.agent) for c in m.claims))
    others = [a for a in emp.agents if not surnames(a) & taken]
    o = rng.choice(others)
    od = m.today - dt.timedelta(days=rng.randint(10, 60))
    ostart = od - dt.timedelta(days=rng.randint(1, 10))
    oend = ostart + dt.timedelta(days=rng.randint(5, 20))
    civ = "Mme" if o.female else "M."
    nir_part = f" (NIR {o.nir13})" if rng.random() < 0.3 else ""
    body = rng.choice([
        f"Bonjour,\nNous accusons réception de la déclaration de l'arrêt de {civ} {o.first_name} {o.last_name}{nir_part} "
        f"du {ostart:%d/%m/%Y} au {oend:%d/%m/%Y}. Le dossier est complet.\nCordialement,\nLe service prestations",
        f"Bonjour,\nPour le dossier de {civ} {o.last_name} {o.first_name}{nir_part} (accident de service du "
        f"{ostart:%d/%m/%Y}), il nous manque le rapport hiérarchique.\nMerci,\nService sinistres",
    ])
    m.tags.add("quoted-others")
    info = {"from": f"Service prestations <{MAILBOX}>", "date": dt.datetime.combine(od, dt.time(rng.randint(8, 17), rng.randint(0, 59))),
            "subject": subject}
    return body, f"arrêt {o.last_name}", info


def wrap_quote(client: str, body: str, info: dict, rng: random.Random, to: str) -> str:
    d = info["date"]
    if client in ("outlook", "outlook_html"):
        head = (f"\n\n________________________________\nDe : {info['from']}\nEnvoyé : {fd.outlook_date(d)}\n"
                f"À : {to}\nObjet : {info['subject']}\n\n")
        return head + body
    if client == "gmail":
        return (f"\n\nLe {fd.gmail_quote_date(d)}, {info['from']} a écrit :\n\n" +
                "\n".join("> " + x for x in body.split("\n")))
    if client == "zimbra":
        return (f"\n\n----- Mail original -----\nDe: {info['from']}\nÀ: {to}\nEnvoyé: {fd.outlook_date(d).capitalize()}\n"
                f"Objet: {info['subject']}\n\n" + "\n".join("> " + x for x in body.split("\n")))
    if client == "webmail_orange":
        return (f"\n\n> Message du {d:%d/%m/%y %H:%M}\n> De : {info['from']}\n> A : {to}\n> Objet : {info['subject']}\n>\n" +
                "\n".join("> " + x for x in body.split("\n")))
    return (f"\n\nLe {d:%d/%m/%Y à %H:%M}, {info['from']} a écrit :\n" + "\n".join("> " + x for x in body.split("\n")))


def forward_block(client: str, body: str, info: dict, to: str) -> str:
    d = info["date"]
    if client == "gmail":
        return (f"---------- Forwarded message ---------\nDe : {info['from']}\nDate: {fd.gmail_quote_date(d)}\n"
                f"Subject: {info['subject']}\nTo: {to}\n\n{body}")
    if client in ("outlook", "outlook_html"):
        return (f"De : {info['from']}\nEnvoyé : {fd.outlook_date(d)}\nÀ : {to}\nObjet : {info['subject']}\n\n{body}")
    return (f"-------- Message transféré --------\nSujet : \t{info['subject']}\nDate : \t{d:%a, %d %b %Y %H:%M:%S} +0200\n"
            f"De : \t{info['from']}\nPour : \t{to}\n\n{body}")


def html_of(text: str, table: list[list[str]] | None = None, outlook: bool = True) -> str:
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # noqa: E731
    paras = []
    for line in text.split("\n"):
        if outlook:
            paras.append(f'<p class="MsoNormal">{esc(line) or "&nbsp;"}<o:p></o:p></p>')
        else:
            paras.append(f"<div>{esc(line) or '<br>'}</div>")
    if table:
        rows = "".join("<tr>" + "".join(f'<td style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal">{esc(c)}</p></td>' for c in r) + "</tr>" for r in table)
        paras.insert(3, f'<table class="MsoTableGrid" border="1" cellspacing="0" cellpadding="0">{rows}</table>')
    head = ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv="Content-Type" '
            'content="text/html; charset=utf-8"><style>p.MsoNormal{margin:0cm;font-size:11.0pt;font-family:"Calibri",sans-serif;}'
            '</style></head><body lang="FR" link="#0563C1"><div class="WordSection1">') if outlook else \
        '<html><head></head><body><div dir="ltr">'
    return head + "\n".join(paras) + "</div></body></html>"


def message_id(client: str, rng: random.Random, domain: str) -> str:
    h = lambda n: "".join(rng.choice("0123456789abcdef") for _ in range(n))  # noqa: E731
    if client.startswith("outlook"):
        return f"<PR3P{h(3).upper()}MB{h(4)}{h(12).upper()}@PR3P{h(3).upper()}MB{h(4)}.FRAP{h(3)}.PROD.OUTLOOK.COM>"
    if client == "gmail":
        return f"<CA{''.join(rng.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+_-') for _ in range(44))}@mail.gmail.com>"
    if client == "iphone":
        return f"<{h(8).upper()}-{h(4).upper()}-{h(4).upper()}-{h(4).upper()}-{h(12).upper()}@{domain}>"
    if client == "zimbra":
        return f"<{rng.randint(100000, 999999)}.{rng.randint(1000000, 9999999)}.{rng.randint(10**12, 10**13)}.JavaMail.zimbra@{domain}>"
    if client.startswith("webmail"):
        return f"<{rng.randint(10**8, 10**9)}.{h(6)}.{rng.randint(1000, 9999)}@{rng.choice(['wwinf', 'webmail', 'ms'])}{rng.randint(1, 9)}.{domain}>"
    return f"<{h(8)}-{h(4)}-{h(4)}-{h(4)}-{h(12)}@{domain}>"


# ---------------------------------------------------------------- one mail

def build_mail(i: int, rng: random.Random, employers: list[Employer]) -> tuple[bytes, dict, list[str]]:
    when = dt.datetime(2025, 1, 6, 8, 0) + dt.timedelta(days=rng.randint(0, 320), minutes=rng.randint(0, 600))
    if when.weekday() >= 5:
        when -= dt.timedelta(days=when.weekday() - 4)
    emp = rng.choice(employers)
    m = Mail(rng, emp, when)
    r = rng.random()
    if r < 0.05:
        return robot_mail(m, "dsn")
    if r < 0.09:
        return robot_mail(m, "auto_reply")
    if r < 0.13:
        return other_mail(m)
    if r < 0.20:
        return question_mail(m)
    if r < 0.27:
        return documents_mail(m)
    if r < 0.33:
        return scanner_mail(m)
    return declaration_mail(m)


def choose_writer(m: Mail, emp: Employer, self_ok: bool) -> tuple[Writer, str]:
    rng = m.rng
    opts = [w for w in emp.writers if w.role != "scanner"]
    r = rng.random()
    if self_ok and r < 0.14:
        return Writer(emp.code, "", "", "agent", registered=False), "agent"
    if r < 0.22:
        return Writer(emp.code, f"{rng.choice(['assurance.statutaire', 'carrieres', 'sante.travail'])}@{CDG[emp.dept]}",
                      f"{rng.choice(['Agnès', 'Rémi', 'Hélène'])} {rng.choice(['Castanier', 'Delon', 'Rey'])}", "cdg",
                      registered=False), "cdg"
    w = rng.choice(opts)
    return w, w.role


def declaration_mail(m: Mail) -> tuple[bytes, dict, list[str]]:
    rng, emp = m.rng, m.employer
    n_agents = 1 if rng.random() < 0.85 else rng.choice([2, 2, 3])
    weights = [s[0] for s in SCENARIOS]
    used: list[Agent] = []
    if n_agents > 1:
        m.tags.add("multi-agent")
        for _ in range(n_agents):
            make_claim(m, emp, "maladie_ordinaire", rng.choice(["initial", "initial", "prolongation"]), used)
    else:
        _, cat, nat = rng.choices(SCENARIOS, weights)[0]
        make_claim(m, emp, cat, nat, used, late=rng.random() < 0.08)
    # an agent writes about their own illness or accident (not about a CLM, a birth or a death)
    w, role = choose_writer(m, emp, self_ok=n_agents == 1 and m.claims[0].category in (
        "maladie_ordinaire", "accident_service", "accident_trajet"))
    m.tags.add("writer-" + role)
    for c in m.claims:
        m.tags.add(f"cat-{c.category}")
        m.tags.add(f"nature-{c.nature}")
    fmt = None
    if role == "agent":
        fmt = rng.choice(["photo", "photo", "text", "scan_jpg"])
    for ci in range(len(m.claims)):
        attach_for(m, ci, emp, fmt)
    if role == "agent":
        return agent_self_mail(m, emp)
    sents, table = [], None
    if n_agents > 1 and rng.random() < 0.5:
        intro = rng.choice(["Veuillez trouver ci-dessous les arrêts du mois :", "Voici les arrêts de la semaine :",
                            "ci joint les arrets suivants"])
        lines = []
        table = [["Agent", "Nature", "Du", "Au"]]
        for c in m.claims:
            mention(m, c, emp, allow_weak=False)
            if c.nature == "prolongation":
                lines.append(f"- {c.mention} : prolongation du {c.start:%d/%m/%Y} au {c.end:%d/%m/%Y} (arrêt initial du {c.initial_start:%d/%m/%Y})")
                table.append([c.mention, f"prolongation (initial {c.initial_start:%d/%m/%Y})", f"{c.start:%d/%m/%Y}", f"{c.end:%d/%m/%Y}"])
            else:
                lines.append(f"- {c.mention} : maladie ordinaire du {c.start:%d/%m/%Y} au {c.end:%d/%m/%Y}")
                table.append([c.mention, "maladie ordinaire", f"{c.start:%d/%m/%Y}", f"{c.end:%d/%m/%Y}"])
        sents = [intro] + lines
        m.tags.add("agents-list")
    else:
        table = None
        sents = [claim_sentence(m, c, emp) for c in m.claims]
    body_core = "\n".join(sents)
    missing_note = ""
    if any(not c.pieces for c in m.claims) and rng.random() < 0.5:
        missing_note = rng.choice(["\nL'arrêt suivra par courrier.", "\nJe vous envoie les documents dès réception.",
                                   "\nles pieces suivront"])
    return compose(m, emp, w, role, body_core + missing_note, table)


def agent_self_mail(m: Mail, emp: Employer) -> tuple[bytes, dict, list[str]]:
    rng = m.rng
    c = m.claims[0]
    a = c.agent
    dom = rng.choice(PERSONAL_DOMAINS)
    addr = rng.choice([f"{slug(a.first_name)}.{slug(a.last_name)}@{dom}", f"{slug(a.first_name)[0]}{slug(a.last_name)}{rng.randint(1, 99)}@{dom}",
                       f"{slug(a.last_name)}.{slug(a.first_name)}{rng.randint(60, 99)}@{dom}"])
    w = Writer(emp.code, addr, f"{a.first_name} {a.last_name.title()}", "agent", registered=False)
    job = rng.choice(["adjoint technique", "agent d'entretien", "ATSEM", "aide-soignante" if a.female else "agent de restauration",
                      "secrétaire", "agent des espaces verts"])
    where = emp.name.replace("Mairie de", "la mairie de").replace("Ville de", "la ville de").replace("CCAS de", "au CCAS de") \
        .replace("EHPAD", "l'EHPAD").replace("Communauté", "la communauté").replace("SIVOM", "au SIVOM")
    where = where if where.startswith(("au ", "à ")) else "à " + where
    where = where.replace("à la", "à la").replace("à l'", "à l'")
    intro = rng.choice([f"je suis {job} {where}.", f"Je travaille {where} ({job}).", f"agent {where}."])
    # the writer names themself in full: the subject is the sender
    c.identifiable = not named_like(a, emp, {a.last_name})  # the signature gives first and usage name
    if not c.identifiable:
        m.tags.add("homonym")
    if not a.exported:
        m.tags.add("new-hire")
    c.mention = f"{a.first_name} {a.last_name}"
    text = f"{intro} {claim_sentence(m, c, emp, self_writer=True)}"
    if rng.random() < 0.5:
        text += rng.choice([" Mon employeur m'a dit de vous l'envoyer directement.", " Merci de me dire si c'est bon.",
                            " Je n'arrive pas à scanner, j'ai pris une photo."])
    if rng.random() < 0.5:
        text = sms(text, rng)
    m.collectivite = emp.code
    m.tags.add("unknown-sender")
    return compose(m, emp, w, "agent", text, None)


def compose(m: Mail, emp: Employer, w: Writer, role: str, core: str, table, subject: str | None = None,
            force_client: str | None = None) -> tuple[bytes, dict, list[str]]:
    rng = m.rng
    style = {"secretary": rng.choice(["sms", "sms", "plain"]), "drh": "formal", "cadre": "plain", "ccas": rng.choice(["plain", "formal"]),
             "maire": rng.choice(["plain", "sms"]), "agent": "plain", "cdg": "plain", "compta": "plain"}.get(role, "plain")
    if role in ("agent", "maire") and not w.address.endswith(tuple(emp.domains or ["-"])):
        pass
    client = force_client or rng.choice({
        "secretary": ["outlook", "webmail_orange", "webmail_laposte", "thunderbird", "zimbra", "iphone", "gmail"],
        "drh": ["outlook", "outlook", "outlook_html", "zimbra", "lotus"], "cadre": ["outlook", "outlook_html", "iphone", "thunderbird"],
        "ccas": ["webmail_laposte", "outlook", "thunderbird", "webmail_free"], "maire": ["iphone", "gmail", "webmail_orange"],
        "agent": ["gmail", "iphone", "webmail_orange", "outlook", "webmail_sfr"], "cdg": ["outlook", "zimbra"],
    }.get(role, ["outlook"]))
    if table and client not in ("outlook", "outlook_html"):
        table = None  # the list stays in the text (already there)
    m.tags.add("client-" + client)
    m.tags.add("style-" + style)
    greet = rng.choice(GREET[style])
    close = rng.choice(CLOSE[style])
    text = core
    if style == "sms":
        text = sms(text, rng)
    # the maire and the CDG name the employer: the sender is not registered
    if role == "maire":
        text = text + "\n" + rng.choice([f"Pour la {emp.name.lower().replace('mairie', 'commune')}.",
                                         f"(agent de la {emp.name.replace('Mairie', 'commune')})", ""])
        if emp.kind == "syndicat":
            text += f"\nLe président du {emp.name}"
        m.tags.add("unknown-sender")
        m.collectivite = emp.code
    fwd_info = None
    if role == "cdg":
        inner_w = rng.choice([x for x in emp.writers if x.role not in ("scanner",) and x.registered] or emp.writers)
        inner_date = m.when - dt.timedelta(hours=rng.randint(2, 60))
        inner_text = f"{rng.choice(GREET['plain'])}\n{text}\n{rng.choice(CLOSE['plain'])}\n{signature(m, inner_w, emp)}"
        fwd_info = {"from": f"{inner_w.name} <{inner_w.address}>", "date": inner_date,
                    "subject": subject or f"Arrêt {m.claims[0].agent.last_name}" if m.claims else "déclaration"}
        lead = rng.choice([f"Bonjour,\nJe vous transfère la déclaration de la {emp.name.lower()} reçue par nos services.",
                           f"Bonjour,\nPour suite à donner, message de {emp.name} (collectivité affiliée).",
                           f"Bonjour,\nCi-dessous un mail de {emp.name} qui vous était destiné."])
        body = f"{lead}\nCordialement,\n{signature(m, w, None)}\nCentre de gestion de la fonction publique territoriale\n\n"
        body += forward_block(client, inner_text, fwd_info, "carrieres@" + CDG[emp.dept])
        m.tags.add("forward")
        m.tags.add("unknown-sender")
        m.collectivite = emp.code
    else:
        body = f"{greet}\n\n{text}\n\n{close}\n{signature(m, w, emp) if role != 'agent' else w.name}"
        if client == "iphone":
            body += "\n\nEnvoyé de mon iPhone"
    # subject
    if subject is None:
        c0 = m.claims[0] if m.claims else None
        nm = (c0.agent.last_name if c0 else "")
        subject = rng.choice([f"Arrêt de travail {nm}", f"arret {nm.lower()}", "déclaration sinistre", f"{nm} - arrêt",
                              "Envoi de documents", "arrêt", f"Déclaration {c0.category.replace('_', ' ') if c0 else ''}",
                              ""]).strip()
    quoted = None
    if role != "cdg" and rng.random() < 0.22 and m.claims:
        qbody, stale, info = quoted_history(m, emp, subject or "arrêt")
        if rng.random() < 0.6:
            subject = rng.choice(["RE: ", "RE: RE: ", "RE: TR: ", "Re: "]) + f"Arrêt {stale.split(' ', 1)[1]}"
            m.tags.add("stale-subject")
            info["subject"] = subject.split(": ")[-1]
        else:
            subject = "RE: " + (subject or "arrêt")
        quoted = wrap_quote(client, qbody, info, rng, w.address)
        body += quoted
    elif role != "cdg" and rng.random() < 0.15 and len(m.claims) == 1 and role in ("secretary", "drh", "cadre"):
        # forwarding an agent's own mail: read as the content
        c0 = m.claims[0]
        a = c0.agent
        ainfo = {"from": f"{a.first_name} {a.last_name} <{slug(a.first_name)}.{slug(a.last_name)}@{rng.choice(PERSONAL_DOMAINS)}>",
                 "date": m.when - dt.timedelta(hours=rng.randint(1, 40)), "subject": "mon arrêt"}
        body = f"{greet}\n\nPour info, ci-dessous le message de l'agent.\n\n{close}\n{w.name}\n\n" + forward_block(
            client, f"Bonjour,\n{core}\nMerci", ainfo, w.address)
        subject = ("TR: " if client.startswith("outlook") else "Fwd: ") + (subject or "mon arrêt")
        m.tags.add("forward")
    return finish(m, emp, w, client, subject, body, table)


def finish(m: Mail, emp: Employer | None, w: Writer, client: str, subject: str, body: str, table,
           extra_parts: list | None = None, extra_headers: list | None = None, name: str | None = None):
    rng = m.rng
    from_addr = w.address
    domain = from_addr.split("@")[1]
    charset = rng.choice(["utf-8", "utf-8", "iso-8859-1", "windows-1252"])
    try:
        body.encode(charset)
    except UnicodeEncodeError:
        charset = "utf-8"
    cte = rng.choice(["quoted-printable", "quoted-printable", "base64", "8bit"])
    if charset != "utf-8":
        m.tags.add(charset)
    parts = []
    if client == "outlook_html":
        html = html_of(body, table)
        root_text = mime.text_leaf(html, "html", charset, cte)
    elif client in ("outlook", "gmail", "webmail_orange", "zimbra") or table:
        root_text = mime.Multi("alternative", [mime.text_leaf(body, "plain", charset, cte),
                                               mime.text_leaf(html_of(body, table, outlook=client.startswith("outlook")),
                                                              "html", charset, cte)])
    else:
        root_text = mime.text_leaf(body, "plain", charset, cte, fmt_flowed=client == "thunderbird")
    att_json = []
    if client.startswith("outlook") and emp and w.role in ("drh", "cadre", "secretary", "ccas") and rng.random() < 0.45:
        lg = mime.Leaf("image/png", pieces.logo(emp.name, rng), filename="image001.png", disposition="inline",
                       cid=f"image001.png@01DB{rng.randrange(16 ** 4):04X}.{rng.randrange(16 ** 8):08X}")
        root_text = mime.Multi("related", [root_text, lg],
                               params=f' type="{"multipart/alternative" if isinstance(root_text, mime.Multi) else "text/html"}";')
        att_json.append({"filename": "image001.png", "kind": "autre", "ocr": False})
        m.tags.add("att-logo")
    parts.append(root_text)
    for p in m.pieces:
        style = rng.choice(["plain", "rfc2231", "rfc2047b", "rfc2047q", "rfc2231_cont", "latin1_2231", "name_only"])
        try:
            p.filename.encode("ascii")
        except UnicodeEncodeError:
            m.tags.add("fname-" + style)
        parts.append(mime.Leaf(p.ctype, p.data, filename=p.filename, fname_style=style))
        att_json.append({"filename": p.filename, "kind": p.kind, "ocr": p.ocr})
    for leaf, aj in extra_parts or []:
        parts.append(leaf)
        if aj:
            att_json.append(aj)
    if w.role in ("drh", "ccas") and rng.random() < 0.08:
        vc = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{w.name}\r\nEMAIL:{w.address}\r\nEND:VCARD\r\n".encode()
        fn = f"{w.name}.vcf"
        parts.append(mime.Leaf("text/x-vcard", vc, charset="utf-8", filename=fn, fname_style="rfc2231"))
        att_json.append({"filename": fn, "kind": "autre", "ocr": False})
        m.tags.add("att-vcard")
    root = parts[0] if len(parts) == 1 else mime.Multi("mixed", parts)
    mid = message_id(client, rng, domain)
    disp = name if name is not None else w.name
    from_h = f"{mime.enc_header(disp, 'utf-8')} <{from_addr}>" if disp else from_addr
    headers = [("From", from_h), ("To", rng.choice([MAILBOX, f"Prestations <{MAILBOX}>"])),
               ("Subject", mime.enc_header(subject, "utf-8" if rng.random() < 0.7 or not _latin1(subject) else "iso-8859-1")),
               ("Date", fd.rfc2822(m.when)), ("Message-ID", mid)]
    xm = {"outlook": "Microsoft Outlook 16.0", "thunderbird": None, "iphone": "iPhone Mail (21E236)", "zimbra": "Zimbra 9.0.0_GA",
          "lotus": "Lotus Notes Release 9.0.1FP10", "webmail_orange": "Orange Messagerie", "webmail_laposte": "La Poste webmail",
          "webmail_free": "Zimbra Free", "webmail_sfr": "SFR Mail"}.get(client)
    if xm:
        headers.append(("X-Mailer", xm))
    if client == "thunderbird":
        headers.append(("User-Agent", "Mozilla Thunderbird"))
    headers += extra_headers or []
    raw = mime.message(headers, root, rng)
    claims_json = []
    for c in m.claims:
        kinds = {p.kind for p in c.pieces}
        has_nir = c.nir_in_text or any("nir-on-piece" in p.tags for p in c.pieces)
        # a birth date printed on a piece separates homonyms (unless they share it)
        born = any("birth-on-piece" in p.tags for p in c.pieces) and all(
            h.birth_date != c.agent.birth_date for h in homonyms(c.agent, emp))
        ident = c.agent.exported and (c.identifiable or has_nir or born)
        claims_json.append({
            "agent": c.agent.matricule if ident else None,
            "agent_confidence": 1.0 if ident else 0.0,
            "agent_name": f"{c.agent.last_name} {c.agent.first_name}",
            "nir": c.agent.nir13 if has_nir else None,
            "category": c.category,
            "nature": c.nature,
            "date_survenance": c.survenance.isoformat() if c.survenance else None,
            "arret_start": c.start.isoformat() if c.start else None,
            "arret_end": c.end.isoformat() if c.end else None,
            "documents": [{"filename": p.filename, "kind": p.kind} for p in c.pieces],
            "missing_documents": missing(c.category, c.nature, kinds),
        })
    exp = {"message_id": mid, "from": from_addr.lower(), "collectivite": m.collectivite, "intent": m.intent,
           "claims": claims_json, "attachments": att_json}
    tags = sorted(m.tags | {"intent-" + m.intent})
    return raw, exp, tags


def _latin1(s: str) -> bool:
    try:
        s.encode("iso-8859-1")
        return True
    except UnicodeEncodeError:
        return False


def documents_mail(m: Mail) -> tuple[bytes, dict, list[str]]:
    """Pieces for a claim already declared: no new stop."""
    rng, emp = m.rng, m.employer
    m.intent = "documents"
    cat = rng.choice(["accident_service", "accident_service", "accident_trajet", "maladie_professionnelle", "longue_maladie"])
    used: list[Agent] = []
    c = make_claim(m, emp, cat, "initial", used)
    ev = c.survenance
    c.nature, c.start, c.end = None, None, None
    opts = {"accident_service": ["certificat_final", "enquete_administrative", "declaration_accident", "temoignage"],
            "accident_trajet": ["certificat_final", "declaration_accident", "constat_amiable"],
            "maladie_professionnelle": ["declaration_maladie_professionnelle"],
            "longue_maladie": ["avis_conseil_medical", "arrete"]}[cat]
    kinds = rng.sample([k for k in opts if k in ("certificat_final", "enquete_administrative", "declaration_accident",
                                                  "declaration_maladie_professionnelle", "avis_conseil_medical", "arrete")],
                       1)
    w, role = choose_writer(m, emp, self_ok=False)
    if role == "cdg":
        w, role = rng.choice([x for x in emp.writers if x.role != "scanner"]), "x"
        role = w.role
    m.tags.add("writer-" + role)
    m.tags.add("scenario-pieces-later")
    m.tags.add(f"cat-{cat}")
    for k in kinds:
        if k == "certificat_final":
            c.end = ev + dt.timedelta(days=rng.randint(20, 60))  # healing date printed on the certificate
            add_piece(m, 0, k, emp, nature="final")
            c.end = None
        else:
            c.start, c.end = ev, ev + dt.timedelta(days=91)
            add_piece(m, 0, k, emp)
            c.start, c.end = None, None
    name = mention(m, c, emp)
    evs = fd.fmt(ev, rng, m.today)
    what = {"certificat_final": "le certificat médical final", "enquete_administrative": "le rapport hiérarchique",
            "declaration_accident": "la déclaration d'accident signée", "declaration_maladie_professionnelle":
            "la déclaration de maladie professionnelle", "avis_conseil_medical": "l'avis du conseil médical",
            "arrete": "l'arrêté de placement"}[kinds[0]]
    ctx = {"accident_service": f"accident de service du {evs}", "accident_trajet": f"accident de trajet du {evs}",
           "maladie_professionnelle": f"maladie professionnelle (1re constatation médicale le {evs})",
           "longue_maladie": f"congé de longue maladie depuis le {evs}"}[cat]
    poss = "sa" if cat == "maladie_professionnelle" else "son"
    core = rng.choice([f"Veuillez trouver ci-joint {what} de {name} concernant {poss} {ctx}, dossier déjà déclaré.",
                       f"Suite à votre demande, je vous transmets {what} pour {name} ({ctx}).",
                       f"Pour compléter le dossier de {name} - {ctx} - voici {what}."])
    subj = rng.choice([f"Pièces complémentaires {c.agent.last_name}", f"RE: dossier {c.agent.last_name}", "documents manquants",
                       f"Complément dossier {ctx.split(' du ')[0]}"])
    return compose(m, emp, w, role, core, None, subject=subj)


def scanner_mail(m: Mail) -> tuple[bytes, dict, list[str]]:
    """A copier's mail: empty body, « Numérisation » subject, one scanned arrêt."""
    rng, emp = m.rng, m.employer
    scanners = [w for e in [emp] for w in e.writers if w.role == "scanner"]
    if not scanners:
        return declaration_mail(m)
    w = scanners[0]
    used: list[Agent] = []
    nat = rng.choice(["initial", "initial", "prolongation"])
    c = make_claim(m, emp, "maladie_ordinaire", nat, used)
    add_piece(m, 0, "arret_travail", emp, fmt="scan", nature=nat)
    # the form is the only source: name, birth date and (mostly) NIR
    c.identifiable = not named_like(c.agent, emp, {c.agent.last_name})
    m.tags.update({"writer-scanner", "client-copier"})
    m.tags.add(f"nature-{nat}")
    subject = rng.choice([f"Numérisation {m.today.isoformat()}", "Message from \"RNP002673\"", f"Scan {m.today:%d/%m/%Y}",
                          "Document numérisé"])
    body = rng.choice(["", "", "Numérisé avec KONICA MINOLTA bizhub", "\n"])
    return finish(m, emp, w, "copier", subject, body, None, name="")


def question_mail(m: Mail) -> tuple[bytes, dict, list[str]]:
    rng, emp = m.rng, m.employer
    m.intent = "question"
    w, role = choose_writer(m, emp, self_ok=False)
    if role == "cdg":
        w = rng.choice([x for x in emp.writers if x.role != "scanner"])
        role = w.role
    m.tags.add("writer-" + role)
    a = rng.choice(emp.agents)
    civ = "Mme" if a.female else "M."
    d1 = fd.fmt(m.today - dt.timedelta(days=rng.randint(10, 90)), rng, m.today)
    core = rng.choice([
        f"Pouvez-vous me dire où en est le remboursement pour {civ} {a.last_name} (arrêt depuis le {d1}) ?",
        "Quelles sont les pièces à fournir pour un congé de longue maladie ?",
        f"Nous n'avons pas reçu de réponse pour le dossier de {civ} {a.first_name} {a.last_name}, est-il complet ?",
        "Est-ce que la franchise de 10 jours s'applique aussi aux contractuels ?",
        f"{civ} {a.last_name} reprend-elle à temps partiel thérapeutique ? Faut-il vous envoyer quelque chose ?".replace(
            "reprend-elle", "reprend-il" if not a.female else "reprend-elle"),
        "Bonjour, quel est le délai pour déclarer un accident de service ? merci",
    ])
    m.tags.add("scenario-question")
    return compose(m, emp, w, role, core, None, subject=rng.choice(["Question", "renseignement", "Demande d'information",
                                                                      f"dossier {a.last_name}"]))


def other_mail(m: Mail) -> tuple[bytes, dict, list[str]]:
    rng, emp = m.rng, m.employer
    m.intent = "other"
    kind = rng.choice(["ics", "thanks", "newsletter"])
    m.tags.add("scenario-" + kind)
    w = rng.choice([x for x in emp.writers if x.role not in ("scanner", "maire")])
    if kind != "newsletter":
        m.tags.add("writer-" + w.role)
    if kind == "newsletter":
        m.collectivite = None
        nw = Writer("", "lettre@actualites-fonction-publique.fr", "La Lettre de la FPT", "newsletter", registered=False)
        body = ("Au sommaire cette semaine : réforme de la protection sociale complémentaire, congés pour raison de "
                "santé : ce qui change, jurisprudence sur l'imputabilité des accidents de service.\n\n"
                "Se désinscrire : https://actualites-fonction-publique.fr/unsub")
        return finish(m, None, nw, "newsletter", "La lettre RH des collectivités – n° " + str(rng.randint(100, 400)), body, None,
                      extra_headers=[("List-Unsubscribe", "<https://actualites-fonction-publique.fr/unsub>"),
                                     ("Precedence", "bulk")])
    if kind == "thanks":
        return compose(m, emp, w, w.role, rng.choice(["Merci pour votre retour rapide.", "Bien reçu, merci.",
                                                       "Merci, c'est noté pour la suite."]), None,
                       subject="RE: accusé de réception")
    start = dt.datetime.combine(m.today + dt.timedelta(days=rng.randint(3, 20)), dt.time(rng.choice([9, 10, 14]), 0))
    ics = ("BEGIN:VCALENDAR\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\n"
           f"BEGIN:VEVENT\r\nDTSTART:{start:%Y%m%dT%H%M%S}\r\nDTEND:{start + dt.timedelta(hours=1):%Y%m%dT%H%M%S}\r\n"
           f"SUMMARY:Point dossiers assurance statutaire {emp.name}\r\nORGANIZER:mailto:{w.address}\r\n"
           f"UID:{rng.randrange(16 ** 16):016x}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()
    extra = [(mime.Leaf("text/calendar; method=REQUEST", ics, charset="utf-8", cte="base64"), None)]
    aj = None
    if rng.random() < 0.6:
        aj = {"filename": "invite.ics", "kind": "autre", "ocr": False}
        extra.append((mime.Leaf("application/ics", ics, filename="invite.ics"), aj))
        m.tags.add("att-ics")
    body = (f"Bonjour,\nJe vous propose un point téléphonique sur nos dossiers en cours le {fd.render(start.date(), 'wd_long')} "
            f"à {start:%H}h.\nCordialement,\n{w.name}")
    return finish(m, emp, w, "outlook", f"Invitation : Point dossiers assurance statutaire - {start:%d/%m/%Y}", body, None,
                  extra_parts=extra)


def robot_mail(m: Mail, kind: str) -> tuple[bytes, dict, list[str]]:
    rng, emp = m.rng, m.employer
    m.intent = "auto_reply"
    m.tags.add("scenario-" + kind)
    if kind == "dsn":
        m.collectivite = None
        w = Writer("", "MAILER-DAEMON@mx.prestations-statutaires.fr", "Mail Delivery System", "robot", registered=False)
        bad = f"{rng.choice(['drh', 'contact', 'secretariat'])}@{(emp.domains or ['mairie-inconnue.fr'])[0]}"
        text = (f"This is the mail system at host mx.prestations-statutaires.fr.\n\nI'm sorry to have to inform you that your "
                f"message could not be delivered to one or more recipients.\n\n<{bad}>: host mx.{bad.split('@')[1]} said: "
                "550 5.1.1 User unknown")
        status = f"Reporting-MTA: dns; mx.prestations-statutaires.fr\r\n\r\nFinal-Recipient: rfc822; {bad}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        headers = (f"From: {MAILBOX}\r\nTo: {bad}\r\nSubject: Accusé de réception - déclaration de sinistre\r\n"
                   f"Message-ID: <ar{rng.randrange(10 ** 9)}@prestations-statutaires.fr>\r\n")
        report = mime.Multi("report", [mime.text_leaf(text, "plain", "us-ascii", "7bit"),
                                       mime.Leaf("message/delivery-status", status.encode(), cte="7bit"),
                                       mime.Leaf("text/rfc822-headers", headers.encode(), cte="7bit")],
                            params=" report-type=delivery-status;")
        mid = f"<{rng.randrange(10 ** 12)}.{rng.randrange(10 ** 6)}@mx.prestations-statutaires.fr>"
        raw = mime.message([("From", "Mail Delivery System <MAILER-DAEMON@mx.prestations-statutaires.fr>"),
                            ("To", MAILBOX), ("Subject", "Undelivered Mail Returned to Sender"),
                            ("Date", fd.rfc2822(m.when)), ("Message-ID", mid), ("Auto-Submitted", "auto-replied")], report, rng)
        exp = {"message_id": mid, "from": w.address.lower(), "collectivite": None, "intent": "auto_reply", "claims": [],
               "attachments": []}
        return raw, exp, sorted(m.tags | {"intent-auto_reply", "client-mta"})
    w = rng.choice([x for x in emp.writers if x.role not in ("scanner",)])
    m.tags.add("writer-" + w.role)
    if not w.registered:
        m.collectivite = None  # an out-of-office from a personal address names no employer
    back = m.today + dt.timedelta(days=rng.randint(2, 15))
    body = rng.choice([f"Bonjour,\nJe suis absente du bureau jusqu'au {back:%d/%m/%Y} inclus. Pour toute urgence, merci de "
                       f"contacter l'accueil au 04 75 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}.\nCordialement",
                       f"Je suis en congés et n'ai pas accès à ma messagerie. Retour le {fd.render(back, 'wd_long')}.",
                       "Votre message a bien été reçu. Il sera traité dans les meilleurs délais.\nCeci est un message automatique."])
    hdrs = [("Auto-Submitted", "auto-replied")] if rng.random() < 0.6 else [("X-Auto-Response-Suppress", "All")]
    subj = rng.choice(["Réponse automatique : Accusé de réception", "Absence du bureau", "Absent(e) : RE: dossier sinistre",
                       "Automatic reply: Relance pièces manquantes"])
    return finish(m, emp, w, rng.choice(["outlook", "zimbra"]), subj, body, None, extra_headers=hdrs)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--n", type=int, default=300)
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    generate(args.seed, args.n, args.out)
    print(f"{args.n} mails written to {args.out}")
    return 0


def generate(seed: int, n: int, out: Path) -> None:
    rng = random.Random(seed * 7919 + 17)
    employers = build(rng)
    out.mkdir(parents=True, exist_ok=True)
    (out / "registry").mkdir(exist_ok=True)
    for name, text in registry_csvs(employers, rng).items():
        (out / "registry" / f"{name}.csv").write_text(text, encoding="utf-8")
    for i in range(1, n + 1):
        mrng = random.Random(f"{seed}-{i}")
        raw, exp, tags = build_mail(i, mrng, employers)
        (out / f"{i:04d}.eml").write_bytes(raw)
        (out / f"{i:04d}.expected.json").write_text(json.dumps(exp, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        (out / f"{i:04d}.tags.json").write_text(json.dumps(tags, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
