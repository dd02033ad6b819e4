"""Family B's registry: 13 employers of Ardèche, Drôme, Haute-Loire, Aveyron and Corsica, their writers
and a few hundred agents. Built from the seed so that every corpus has its own people."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import unicodedata
from dataclasses import dataclass, field

SURNAMES = [
    "ROUX", "FAURE", "BLANC", "CHAMBON", "VIALLE", "BOYER", "TEYSSIER", "COSTE", "BRUN", "PLANCHON", "MOUNIER",
    "VALETTE", "GAILLARD", "JOUVE", "SERRE", "CROZE", "BERNARD", "MARTIN", "DURAND", "RICHARD", "PETIT", "GIRAUD",
    "ARNAUD", "BONNET", "CHASTAGNIER", "DELORME", "ESCOFFIER", "FRAYSSE", "GRANIER", "HÉRAIL", "ISSARTEL",
    "LAFON", "MAZEL", "NÈGRE", "OLLIER", "PASCAL", "RAYNAUD", "SABATIER", "TROUILLET", "VIDAL", "ASTRUC",
    "BOUSQUET", "CALMELS", "DELMAS", "ESTÈVE", "FABRE", "GRIMAL", "LACOMBE", "MARTY", "PRIVAT", "SOULIÉ",
    "BOURDIN", "CHAPUIS", "DUMAS", "FOURNIER", "GUÉRIN", "LAMBERT", "MOULIN", "PERRIN", "ROCHE", "VINCENT",
    "ALBERTINI", "CASANOVA", "COLONNA", "FILIPPI", "LUCIANI", "MATTEI", "ORSINI", "PIETRI", "SANTONI", "VINCIGUERRA",
    "DE LA FONT", "SAINT-PIERRE", "DUPONT-LAJOIE", "LE GALL", "N'DIAYE", "BENSALEM", "OUEDRAOGO", "DA SILVA",
    "FERREIRA", "NGUYEN", "KOWALCZYK", "MÜLLER", "D'ANGELO", "BOUCHÉ", "CRÉMIEUX", "LÉVÊQUE", "DESCHAMPS",
    "CHEVRIER", "MAISONNEUVE", "BARTHÉLÉMY", "AUBÉRT", "ROCHETTE", "TAULEMESSE", "VEYRENC", "JAMMES", "BRUNEL",
]
FEMALE = ["Sophie", "Nathalie", "Isabelle", "Sandrine", "Céline", "Émilie", "Aurélie", "Stéphanie", "Valérie",
          "Laëtitia", "Marie-Christine", "Anne-Laure", "Chloé", "Léa", "Manon", "Françoise", "Josiane", "Maryse",
          "Hélène", "Agnès", "Camille", "Inès", "Yasmina", "Fatoumata", "Marie", "Christelle", "Patricia", "Noémie",
          "Bérangère", "Ghislaine", "Maëlle", "Océane", "Corinne", "Delphine", "Angélique", "Rose-Marie"]
MALE = ["Jean", "Pierre", "Michel", "Philippe", "Alain", "Thierry", "Frédéric", "Stéphane", "Jérôme", "Loïc",
        "Jean-Marc", "Jean-Luc", "Anthony", "Kévin", "Mathieu", "Rémi", "Cédric", "Hervé", "Gérard", "Joël",
        "Lucas", "Hugo", "Mohamed", "Karim", "Ange-Marie", "Paul-Antoine", "Jean-Baptiste", "Benoît", "Noël",
        "Grégory", "Sébastien", "Yannick", "Christophe", "Didier", "Gaëtan", "Bruno"]
STAFF_SURNAMES = ["Combes", "Pradier", "Lhermet", "Rouveyrol", "Bastide", "Chanéac", "Dessaud", "Marcon", "Terrasse",
                  "Giraudon", "Peyrache", "Vernet", "Bertholon", "Dufaud", "Rimbaud", "Sapède", "Carrère", "Mallet",
                  "Tardieu", "Coulomb", "Ferrand", "Galtier", "Massebeuf", "Rieutort", "Sagnes", "Vaisse"]

# code, name, dept, kind, email_domains, contact_emails (shared domains), n_agents, matricule style
EMPLOYERS = [
    ("C07186", "Mairie de Privas", "07", "mairie", ["mairie-privas.fr"], [], 45, "P{:05d}"),
    ("S07186", "CCAS de Privas", "07", "ccas", [], ["ccas.privas@laposte.net"], 14, "CCAS-{:03d}"),
    ("C07330", "Mairie de Vallon-Pont-d'Arc", "07", "mairie", [], ["mairie.vallonpontdarc@orange.fr",
                                                                    "compta.vallon@wanadoo.fr"], 16, "{:06d}"),
    ("E26108", "EHPAD Les Tilleuls de Dieulefit", "26", "ehpad", ["ehpad-lestilleuls.fr"], [], 38, "T{:04d}"),
    ("C26307", "Mairie de Saint-Jean-en-Royans", "26", "mairie", [], ["secretariat.stjeanroyans@wanadoo.fr"], 12,
     "SJR{:03d}"),
    ("S26307", "CCAS de Saint-Jean-en-Royans", "26", "ccas", [], ["ccas.stjeanroyans@free.fr"], 8, "CC{:04d}"),
    ("C43040", "Ville de Brioude", "43", "ville", ["ville-brioude.fr"], [], 48, "B-{:05d}"),
    ("K43900", "Communauté de communes des Sucs", "43", "cc", ["cc-des-sucs.fr"], [], 28, "CCS{:04d}"),
    ("C2A362", "Mairie de Zonza", "2A", "mairie", [], ["mairie.zonza@orange.fr"], 12, "Z{:03d}"),
    ("C2B049", "Mairie de Calenzana", "2B", "mairie", ["calenzana.corsica"], [], 16, "CAL{:04d}"),
    ("Y12900", "SIVOM de la Vallée du Lot", "12", "syndicat", [], ["sivom.valleedulot@sfr.fr"], 10, "SV{:03d}"),
    ("C12208", "Mairie de Saint-Affrique", "12", "mairie", ["saint-affrique.fr"], [], 36, "{:07d}"),
    ("E12950", "EHPAD Résidence du Lac", "12", "ehpad", ["ehpad-residencedulac.fr"], ["direction.ehpadlac@sfr.fr"],
     30, "RL{:05d}"),
]

PERSONAL_DOMAINS = ["gmail.com", "hotmail.fr", "orange.fr", "outlook.fr", "laposte.net", "free.fr", "yahoo.fr",
                    "sfr.fr", "wanadoo.fr"]
CDG = {"07": "cdg07.fr", "26": "cdg26.fr", "43": "cdg43.fr", "12": "cdg12.fr", "2A": "cdg2a.fr", "2B": "cdg2b.fr"}


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def slug(s: str) -> str:
    return "".join(c for c in strip_accents(s).lower() if c.isalnum())


@dataclass
class Agent:
    employer: str
    matricule: str
    nir13: str
    last_name: str
    birth_name: str
    first_name: str
    birth_date: dt.date
    regime: str
    status: str
    female: bool
    exported: bool = True  # a new hire is missing from the nominative list

    @property
    def nir_key(self) -> str:
        # Corsica: 2A counts as 19, 2B as 18
        v = int(self.nir13.replace("2A", "19").replace("2B", "18"))
        return f"{97 - v % 97:02d}"

    @property
    def display(self) -> str:
        return f"{self.last_name} {self.first_name}"


@dataclass
class Writer:
    employer: str
    address: str
    name: str
    role: str  # secretary, drh, cadre, ccas, maire, maire_perso, compta, scanner
    registered: bool = True


@dataclass
class Employer:
    code: str
    name: str
    dept: str
    kind: str
    domains: list[str]
    contacts: list[str]
    agents: list[Agent] = field(default_factory=list)
    writers: list[Writer] = field(default_factory=list)
    town: str = ""


def nir_for(rng: random.Random, female: bool, birth: dt.date, dept: str) -> str:
    birth_dept = rng.choice([dept, dept, dept, "69", "13", "75", "42", "30", "2A", "2B", "63", "38"])
    commune = f"{rng.randint(1, 350):03d}"
    return f"{2 if female else 1}{birth.year % 100:02d}{birth.month:02d}{birth_dept}{commune}{rng.randint(1, 999):03d}"


def build(rng: random.Random) -> list[Employer]:
    employers = []
    used_nirs: set[str] = set()
    for code, name, dept, kind, domains, contacts, n, mstyle in EMPLOYERS:
        town = name.split(" de ", 1)[-1].split(" du ", 1)[-1] if kind != "ehpad" else name
        e = Employer(code, name, dept, kind, list(domains), list(contacts), town=town)
        mnum = rng.randint(10, 900)
        names_here: list[tuple[str, str]] = []
        for _ in range(n):
            female = rng.random() < 0.62
            first = rng.choice(FEMALE if female else MALE)
            last = rng.choice(SURNAMES)
            birth_name = ""
            if female and rng.random() < 0.3:
                birth_name, last = last, rng.choice(SURNAMES)
                if birth_name == last:
                    birth_name = ""
            # homonyms inside the employer: reuse an earlier name now and then
            if names_here and rng.random() < 0.06:
                last, first = rng.choice(names_here)
                female = first in FEMALE
                birth_name = ""
            names_here.append((last, first))
            birth = dt.date(rng.randint(1962, 2003), rng.randint(1, 12), rng.randint(1, 28))
            nir = nir_for(rng, female, birth, dept)
            while nir in used_nirs:
                nir = nir_for(rng, female, birth, dept)
            used_nirs.add(nir)
            contractuel = rng.random() < 0.22
            regime = "IRCANTEC" if contractuel else "CNRACL"
            status = "contractuel" if contractuel else rng.choice(["titulaire"] * 6 + ["stagiaire"])
            mnum += rng.randint(1, 7)
            e.agents.append(Agent(code, mstyle.format(mnum), nir, last, birth_name, first,
                                  birth, regime, status, female, exported=rng.random() > 0.04))
        # writers
        staff = rng.sample(STAFF_SURNAMES, 6)
        fn = lambda: rng.choice(FEMALE + FEMALE + MALE)  # noqa: E731
        roles = {"mairie": ["secretary", "secretary", "maire_perso"], "ville": ["drh", "drh", "secretary", "scanner"],
                 "ccas": ["ccas", "secretary"], "ehpad": ["cadre", "drh", "scanner"], "cc": ["drh", "secretary",
                                                                                          "scanner"],
                 "syndicat": ["secretary", "maire_perso"]}[kind]
        for j, role in enumerate(roles):
            first, last = fn(), staff[j]
            if role == "maire_perso":
                dom = rng.choice(["orange.fr", "gmail.com", "wanadoo.fr"])
                addr = f"{slug(first)}.{slug(last)}{rng.randint(1, 99)}@{dom}"
                e.writers.append(Writer(code, addr, f"{first} {last}", "maire", registered=False))
                continue
            if role == "scanner":
                e.writers.append(Writer(code, f"scan@{domains[0]}", "Scanner", "scanner"))
                continue
            if domains:
                addr = rng.choice([f"{slug(first)}.{slug(last)}@{domains[0]}", f"{slug(first)[0]}{slug(last)}@{domains[0]}",
                                   f"{ {'drh': 'drh', 'cadre': 'cadre.sante', 'ccas': 'direction', 'secretary': 'secretariat'}[role]}@{domains[0]}"])
            else:
                addr = contacts[j % len(contacts)]
            e.writers.append(Writer(code, addr, f"{first} {last}", role))
        employers.append(e)
    # the same name in two employers
    a, b = employers[0].agents[3], employers[6].agents[5]
    b.last_name, b.first_name, b.female, b.birth_name = a.last_name, a.first_name, a.female, ""
    return employers


def registry_csvs(employers: list[Employer], rng: random.Random) -> dict[str, str]:
    out = {}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "name", "email_domains", "contact_emails", "affiliated"])
    for e in employers:
        w.writerow([e.code, e.name, " ".join(e.domains), " ".join(e.contacts), "true" if e.kind != "ville" else "false"])
    out["collectivites"] = buf.getvalue()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["collectivite_code", "contract_number", "regime", "formula", "start_date", "end_date",
                "franchise_mo_days", "declaration_days", "documents_days"])
    for e in employers:
        w.writerow([e.code, f"{e.code}-CNR-22", "CNRACL", rng.choice(["1", "2", "4", "6 8 11", "1"]),
                    "2022-01-01", "31/12/2026", rng.choice([0, 10, 15, 30]), rng.choice(["", "90", "120"]), ""])
        w.writerow([e.code, f"{e.code}-IRC-22", "IRCANTEC", rng.choice(["12", "13"]), "01/01/2022", "2026-12-31",
                    rng.choice([0, 10]), "", rng.choice(["", "120"])])
    out["contracts"] = buf.getvalue()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["collectivite_code", "matricule", "nir", "last_name", "birth_name", "first_name", "birth_date",
                "regime", "status"])
    for e in employers:
        caps = e.kind in ("mairie", "syndicat")  # small employers export names in capitals without accents
        for a in e.agents:
            if not a.exported:
                continue
            style = rng.random()
            nir = (a.nir13 if style < 0.4 else a.nir13 + a.nir_key if style < 0.75 else
                   " ".join([a.nir13[0], a.nir13[1:3], a.nir13[3:5], a.nir13[5:7], a.nir13[7:10], a.nir13[10:13],
                             a.nir_key]))
            last, first, birth = a.last_name, a.first_name, a.birth_name
            if caps:
                last, first, birth = strip_accents(last), strip_accents(first).upper(), strip_accents(birth)
            w.writerow([e.code, a.matricule, nir, last, birth, first, a.birth_date.isoformat(), a.regime, a.status])
    out["agents"] = buf.getvalue()
    return out
