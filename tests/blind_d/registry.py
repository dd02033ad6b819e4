"""Family D's registry: employers of Brittany, Hauts-de-France, Occitanie and overseas (971, 972, 974, 976),
their contracts, their agents (drawn from the seed) and the people who write for them."""

from __future__ import annotations

import csv
import io
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


@dataclass
class Employer:
    code: str
    name: str
    short: str  # how writers name it in a sentence (« la mairie de Plouzané »)
    domains: list[str]
    contacts: list[str]
    dept: str  # NIR birth department of most local agents (2 digits, or 97x)
    region: str
    pool: str  # name pool
    cnracl_formula: str
    ircantec_formula: str | None
    caps: bool = False  # exports names in capitals without accents
    kind: str = "mairie"
    mat: str = "{n:05d}"
    agents: list[Agent] = field(default_factory=list)
    new_hires: list[Agent] = field(default_factory=list)

    def sender_addresses(self) -> list[str]:
        return self.contacts or [f"{p}@{self.domains[0]}" for p in ("rh", "drh", "secretariat", "paie")]


@dataclass
class Agent:
    employer: str
    matricule: str
    nir13: str
    last: str
    birth: str  # nom de naissance, may be empty
    first: str
    birth_date: date
    regime: str
    status: str
    sex: int
    job: str
    registered: bool = True

    @property
    def usage(self) -> str:
        return self.last


EMPLOYERS = [
    Employer("C29212", "Mairie de Plouzané", "la mairie de Plouzané", ["plouzane.bzh"], [], "29", "bzh", "bzh",
             "1", "12", mat="PLZ{n:04d}"),
    Employer("I29015", "Communauté de communes du Pays des Abers", "la communauté de communes du Pays des Abers",
             ["cc-paysdesabers.bzh"], [], "29", "bzh", "bzh", "4", "12", kind="interco", mat="CCPA-{n:03d}"),
    Employer("E56120", "EHPAD public Ker Heol – Pontivy", "l'EHPAD Ker Heol", ["ehpad-kerheol.fr"], [], "56", "bzh",
             "bzh", "1", "12", kind="ehpad", mat="KH{n:04d}"),
    Employer("C22050", "Mairie de Lanvollon", "la mairie de Lanvollon", [],
             ["mairie.lanvollon@wanadoo.fr", "compta-mairie-lanvollon@orange.fr"], "22", "bzh", "bzh", "2", "13",
             caps=True, mat="{n:04d}"),
    Employer("C59295", "Ville d'Hazebrouck", "la ville d'Hazebrouck", ["ville-hazebrouck.fr"], [], "59", "hdf", "hdf",
             "1", "12", mat="{n:06d}"),
    Employer("S62498", "CCAS de Liévin", "le CCAS de Liévin", [], ["ccas.lievin@nordnet.fr"], "62", "hdf", "hdf",
             "3", "13", caps=True, kind="ccas", mat="CC{n:04d}"),
    Employer("I80021", "Syndicat intercommunal scolaire de la Vallée de l'Avre", "le SISCO de la Vallée de l'Avre",
             [], ["sisco.avre@sfr.fr"], "80", "hdf", "hdf", "8 11", None, caps=True, kind="syndicat",
             mat="S{n:03d}"),
    Employer("C34108", "Mairie de Frontignan", "la mairie de Frontignan", ["ville-frontignan.fr"], [], "34", "occ",
             "occ", "1", "12", mat="FR-{n:05d}"),
    Employer("C31291", "Mairie de Saint-Félix-Lauragais", "la mairie de Saint-Félix-Lauragais", [],
             ["mairie.stfelixlauragais@orange.fr"], "31", "occ", "occ", "5", "13", caps=True, mat="{n:03d}"),
    Employer("C97416", "Mairie de Saint-Pierre (La Réunion)", "la mairie de Saint-Pierre", ["saintpierre.re"], [],
             "974", "974", "974", "1", "12", mat="SP{n:05d}"),
    Employer("S97101", "CCAS des Abymes", "le CCAS des Abymes", [], ["ccas.lesabymes@orange.fr"], "971", "971",
             "971", "2", "12", kind="ccas", mat="AB{n:04d}"),
    Employer("C97611", "Mairie de Mamoudzou", "la mairie de Mamoudzou", ["mamoudzou.yt"], [], "976", "976", "976",
             "1", "12", mat="MDZ{n:04d}"),
]

LAST = {
    "bzh": ["LE GALL", "KERBRAT", "LE BRIS", "MORVAN", "GUÉGUEN", "QUÉRÉ", "TANGUY", "LE ROUX", "CLOAREC",
            "PRIGENT", "LE GOFF", "CADIOU", "JAOUEN", "L'HOSTIS", "LE BIHAN", "KERVELLA", "GOURMELON", "ABALAIN",
            "LE DREAU", "NICOLAS", "PENNEC", "SALAÜN", "CORRE", "LE MEUR"],
    "hdf": ["DELATTRE", "LEFEBVRE", "DUBOIS", "VANDENBERGHE", "DEVOS", "LECLERCQ", "WILLEM", "DEBAISIEUX",
            "CARON", "DUHAMEL", "VERMEERSCH", "DELANNOY", "COUSIN", "DEGRAVE", "LEROY", "VAN DE VELDE", "BOURGEOIS",
            "DESCAMPS", "KOWALCZYK", "MAES", "DELEPINE", "HOCHART"],
    "occ": ["FABRE", "VIDAL", "ROUQUETTE", "SALVAT", "PUJOL", "GARCIA", "MARTINEZ", "COMBES", "BOUSQUET", "ESTÈVE",
            "CAZALS", "SÉGUY", "ALBAREDE", "MAUREL", "RIEUX", "ROQUES", "FERRER", "BENAZET", "AZÉMA", "DE LA TOUR"],
    "974": ["PAYET", "HOARAU", "GRONDIN", "FONTAINE", "RIVIÈRE", "NATIVEL", "TECHER", "BOYER", "ROBERT", "LAURET",
            "MAILLOT", "VIRAMA", "SAUTRON", "DIJOUX", "K/BIDI", "ÉTHÈVE"],
    "971": ["JEAN-BAPTISTE", "SAINT-ÉLOI", "CAPITOLIN", "DÉGLAS", "NUMA", "BOURGUIGNON", "LUREL", "THÉODORE",
            "CÉLESTINE", "ZOZIO", "PIERRE-CHARLES", "RAMASSAMY"],
    "976": ["MADI", "ABDALLAH", "ATTOUMANI", "SOILIHI", "AHAMADA", "BACAR", "COMBO", "SAÏD", "MOUSSA", "HOUMADI",
            "YOUSSOUF", "ALI"],
}
FIRST = {
    "bzh": (["Gwenaëlle", "Maëlle", "Nolwenn", "Soizic", "Anne-Laure", "Morgane", "Enora", "Katell", "Sylvie"],
            ["Yann", "Erwan", "Gwendal", "Loïc", "Ronan", "Tanguy", "Mikaël", "Goulven", "Hervé"]),
    "hdf": (["Ludivine", "Séverine", "Aurélie", "Delphine", "Jessica", "Sandrine", "Bérangère", "Amandine"],
            ["Ludovic", "Grégory", "Jérôme", "Dylan", "Kévin", "Freddy", "Sébastien", "Jean-Marc"]),
    "occ": (["Magali", "Laure", "Mireille", "Fanny", "Christelle", "Cécile", "Nathalie", "Océane"],
            ["Guilhem", "Jordi", "Bastien", "Joan", "Frédéric", "Thierry", "Pascal", "Aurélien"]),
    "974": (["Marie-Claire", "Sully", "Jessy", "Laëtitia", "Gisèle", "Marie-Annick"],
            ["Jean-Hugues", "Mickaël", "Teddy", "Johnny", "Jean-Max", "Willy"]),
    "971": (["Murielle", "Ginette", "Yolène", "Lucette", "Marie-Line"], ["Harry", "Dominique", "Rudy", "Joël",
                                                                          "Fred"]),
    "976": (["Zaïnaba", "Anrafa", "Echati", "Mariama", "Faïza"], ["Ousseni", "Anli", "Nassur", "Chamsidine",
                                                                   "Mohamed"]),
}
JOBS = {
    "mairie": ["adjoint technique", "ATSEM", "adjoint administratif", "agent de police municipale",
               "brigadier-chef principal", "rédacteur", "agent d'entretien", "agent des espaces verts",
               "adjoint d'animation"],
    "interco": ["agent de collecte", "maître-nageur sauveteur", "agent de déchèterie", "gardien-brigadier de police "
                "municipale intercommunale", "technicien SPANC", "agent d'accueil"],
    "ehpad": ["aide-soignante", "agent des services hospitaliers", "infirmière", "agent de cuisine", "lingère"],
    "ccas": ["aide à domicile", "auxiliaire de vie", "agent d'accueil social", "agent de portage de repas"],
    "syndicat": ["agent de restauration scolaire", "chauffeur de car scolaire", "ATSEM"],
}


def nir_key(nir13: str) -> int:
    n = nir13.replace("2A", "19").replace("2B", "18")
    return 97 - int(n) % 97


def make_nir(rng: random.Random, sex: int, bd: date, dept: str) -> str:
    if len(dept) == 3:
        place = dept + f"{rng.randint(1, 24):02d}"
    else:
        place = dept + f"{rng.randint(1, 399):03d}"
    return f"{sex}{bd.year % 100:02d}{bd.month:02d}{place}{rng.randint(1, 899):03d}"


def nir_export(rng: random.Random, nir13: str) -> str:
    r = rng.random()
    if r < 0.4:
        return nir13
    full = nir13 + f"{nir_key(nir13):02d}"
    if r < 0.75:
        return full
    return " ".join([full[0], full[1:3], full[3:5], full[5:7], full[7:10], full[10:13], full[13:]])


def cap(s: str, caps: bool) -> str:
    return strip_accents(s).upper() if caps else s


class Registry:
    def __init__(self, seed: int) -> None:
        rng = random.Random(f"blind-d-registry-{seed}")
        self.employers = [Employer(**{k: getattr(e, k) for k in e.__dataclass_fields__ if k not in ("agents",
                                                                                                 "new_hires")})
                          for e in EMPLOYERS]
        self.by_code = {e.code: e for e in self.employers}
        seen_nirs: set[str] = set()
        for e in self.employers:
            n = rng.randint(18, 26)
            nums = rng.sample(range(1, 9000 if "{n:03d}" not in e.mat else 900), n + 3)
            people = []
            for i in range(n + 3):
                people.append(self._person(rng, e, e.mat.format(n=nums[i]), seen_nirs))
            # one homonym pair inside most employers: same first and last name, different NIR and birth date
            if rng.random() < 0.75:
                a = people[0]
                twin = self._person(rng, e, e.mat.format(n=nums[1]), seen_nirs, sex=a.sex)
                twin.last, twin.first = a.last, a.first
                people[1] = twin
            e.agents = people[:n]
            # new hires (not exported): nobody registered shares their first and last name
            e.new_hires = []
            for p in people[n:]:
                if any(a.first == p.first and a.last == p.last for a in e.agents):
                    continue
                p.registered = False
                e.new_hires.append(p)
        # one cross-employer namesake
        a, b = self.employers[0].agents[5], self.employers[4].agents[6]
        b.first, b.last, b.sex = a.first, a.last, a.sex
        b.nir13 = str(a.sex) + b.nir13[1:]

    def _person(self, rng, e: Employer, mat: str, seen: set[str], sex: int | None = None) -> Agent:
        sex = sex or rng.choice([1, 2])
        pool = e.pool if rng.random() < 0.85 else rng.choice(list(LAST))
        last = rng.choice(LAST[pool])
        first = rng.choice(FIRST[pool][0 if sex == 2 else 1])
        bd = date(rng.randint(1962, 2001), rng.randint(1, 12), rng.randint(1, 28))
        dept = e.dept if rng.random() < 0.8 else rng.choice(["29", "59", "75", "974", "971", "31", "2A"])
        while True:
            nir = make_nir(rng, sex, bd, dept)
            if nir not in seen:
                seen.add(nir)
                break
        birth = ""
        if sex == 2 and rng.random() < 0.3:
            birth = rng.choice(LAST[pool])
            if birth == last:
                birth = ""
        regime = "CNRACL" if rng.random() < 0.75 or e.ircantec_formula is None else "IRCANTEC"
        status = rng.choice(["titulaire", "titulaire", "stagiaire"]) if regime == "CNRACL" else "contractuel"
        return Agent(e.code, mat, nir, last, birth, first, bd, regime, status, sex, rng.choice(JOBS[e.kind]))

    # -- CSV exports ---------------------------------------------------------------------------------------
    def csvs(self, seed: int) -> dict[str, str]:
        rng = random.Random(f"blind-d-export-{seed}")
        out = {}
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["code", "name", "email_domains", "contact_emails", "affiliated"])
        for e in self.employers:
            w.writerow([e.code, e.name, " ".join(e.domains), " ".join(e.contacts), "true"])
        out["collectivites"] = buf.getvalue()
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["collectivite_code", "contract_number", "regime", "formula", "start_date", "end_date",
                    "franchise_mo_days", "declaration_days", "documents_days"])
        for e in self.employers:
            num = e.code[1:]
            w.writerow([e.code, f"2024-CNR-{num}", "CNRACL", e.cnracl_formula, "2024-01-01", "2027-12-31",
                        rng.choice([0, 10, 15, 30]), rng.choice(["", "120"]), ""])
            if e.ircantec_formula:
                w.writerow([e.code, f"2024-IRC-{num}", "IRCANTEC", e.ircantec_formula, "2024-01-01", "2027-12-31",
                            rng.choice([10, 15]), "", ""])
        out["contracts"] = buf.getvalue()
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["collectivite_code", "matricule", "nir", "last_name", "birth_name", "first_name", "birth_date",
                    "regime", "status"])
        for e in self.employers:
            for a in e.agents:
                w.writerow([e.code, a.matricule, nir_export(rng, a.nir13), cap(a.last, e.caps),
                            cap(a.birth, e.caps), cap(a.first, e.caps), a.birth_date.isoformat(), a.regime,
                            a.status])
        out["agents"] = buf.getvalue()
        return out


def norm(s: str) -> str:
    return " ".join(strip_accents(s).upper().replace("-", " ").replace("'", " ").split())


def identify(emp: Employer, person: Agent, shown: dict) -> str | None:
    """The label: the matricule when what the mail shows singles out one registered agent.

    shown: {"nir": bool, "matricule": bool, "birth_date": bool, "full": bool (first + last written),
    "surname": bool (only the surname written)} — what the mail and its pieces print about `person`."""
    if not person.registered:
        return None
    if shown.get("nir") or shown.get("matricule"):
        return person.matricule
    if shown.get("full"):
        cands = [a for a in emp.agents if norm(a.first) == norm(person.first)
                 and norm(person.last) in (norm(a.last), norm(a.birth))]
    elif shown.get("surname"):
        cands = [a for a in emp.agents if norm(person.last) in (norm(a.last), norm(a.birth))]
    else:
        cands = []
    if shown.get("birth_date"):
        cands = [a for a in cands if a.birth_date == person.birth_date]
    return person.matricule if len(cands) == 1 and cands[0] is person else None


def surname_unique(emp: Employer, person: Agent) -> bool:
    return sum(norm(person.last) in (norm(a.last), norm(a.birth)) for a in emp.agents + emp.new_hires) == 1


def is_homonym(emp: Employer, person: Agent) -> bool:
    return sum(norm(a.first) == norm(person.first) and norm(person.last) in (norm(a.last), norm(a.birth))
               for a in emp.agents) > 1


def add_days(d: date, n: int) -> date:
    return d + timedelta(days=n)
