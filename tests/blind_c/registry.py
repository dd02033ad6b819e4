"""The registry of family C: employers of Savoie, Haute-Savoie, Ain and Jura, their contracts, agents and
the people who write for them. Everything is drawn from one random.Random, so it is a pure function of
the seed."""

from __future__ import annotations

import csv
import io
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

FIRST_F = ["Nathalie", "Sylvie", "Isabelle", "Christine", "Sandrine", "Véronique", "Céline", "Aurélie", "Émilie",
           "Laëtitia", "Marie-Claude", "Annick", "Josiane", "Gaëlle", "Solène", "Maëva", "Chloé", "Léa", "Noémie",
           "Agnès", "Hélène", "Brigitte", "Françoise", "Odile", "Mélanie", "Karine", "Séverine", "Marion", "Anaïs",
           "Fatima", "Yasmina", "Elodie", "Pascale", "Ghislaine", "Bérénice", "Maryse", "Joëlle", "Rose-Marie"]
FIRST_M = ["Jean-Marc", "Thierry", "Pascal", "Frédéric", "Sébastien", "Jérôme", "Cédric", "Grégory", "Ludovic",
           "Mickaël", "Hervé", "Gilles", "Bruno", "Lionel", "Rémi", "Anthony", "Kévin", "Loïc", "Mathieu", "Yannick",
           "Joël", "Raphaël", "Noël", "François", "Stéphane", "Didier", "Régis", "Patrice", "Karim", "Mehdi",
           "Jean-Baptiste", "Benoît", "Aurélien", "Damien", "Fabrice", "Gaëtan"]
LAST = ["FAVRE", "BLANC", "BUTTIN", "PERRIER", "DUNAND", "VULLIET", "GAY", "MUGNIER", "PELLISSIER", "COLLOMB",
        "JACQUEMOUD", "MOLLARD", "CHAMIOT", "FOLLIET", "BOCHATON", "DUCRETTET", "REVIL", "MERMILLOD", "TISSOT",
        "CHAPPAZ", "BERTHOD", "DÉCOTTERD", "PÉRILLAT", "SALLAZ", "BOUVIER", "CURT", "MILLIET", "GRANGE", "ROSSET",
        "DUPERTHUY", "CHEVALLIER", "BAUD", "JOLY", "MARTINOD", "GIROD", "PACCARD", "SONNERAT", "VIBERT", "RAVIER",
        "BESSON", "GONTHIER", "PASQUIER", "FERNANDES", "BENSALEM", "NGUYEN", "DA SILVA", "LEFÈVRE", "MÉNARD",
        "MERMILLOD-BLONDIN", "DUNAND-SAUTHIER", "DE SAINT-ANDRÉ", "ANTHOINE-MILHOMME", "ÉTIENNE", "CLÉMENT",
        "BRÉCHET", "MAÎTRE", "GRÉGOIRE", "FRÈREJEAN", "BOËX", "N'GUESSAN", "ROCH", "BOIS", "CHÊNE"]

STATUSES = ["titulaire", "titulaire", "titulaire", "stagiaire", "contractuel"]
BIRTH_DEPTS = ["73", "74", "01", "38", "39", "69", "42", "13", "75", "2A", "2B", "71", "26"]


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def nir_key(nir13: str) -> int:
    n = int(nir13.replace("2A", "19").replace("2B", "18"))
    return 97 - n % 97


@dataclass
class Agent:
    coll: str
    matricule: str
    sex: str  # "F" / "M"
    first: str
    last: str  # usage name
    birth_last: str  # nom de naissance ("" when the same)
    birth: date
    nir: str  # 13 characters
    regime: str
    status: str
    exported: bool = True  # False: a new hire missing from the export

    @property
    def display(self) -> str:
        """The name as the expected object gives it: « NOM Prénom »."""
        return f"{self.last} {self.first}"

    @property
    def civ(self) -> str:
        return "Mme" if self.sex == "F" else "M."


@dataclass
class Writer:
    name: str  # « Prénom NOM »
    email: str
    role: str
    kind: str  # secretary, dgs, drh, director, elu, sdis_rh, syndicat, generic


@dataclass
class Coll:
    code: str
    name: str
    kind: str  # mairie, petite_commune, ccas, ehpad, sdis, syndicat, agglo
    town: str
    cp: str
    domains: list[str]
    contacts: list[str]
    affiliated: bool
    export_caps: bool
    nir_style: str
    matricule_fmt: str
    agents: list[Agent] = field(default_factory=list)
    writers: list[Writer] = field(default_factory=list)
    contracts: list[tuple] = field(default_factory=list)

    def regime_agents(self, regime: str | None = None) -> list[Agent]:
        return [a for a in self.agents if regime is None or a.regime == regime]


COLLS = [
    # code, name, kind, town, cp, domains, contacts
    ("C73248", "Mairie de Saint-Jean-de-Maurienne", "mairie", "Saint-Jean-de-Maurienne", "73300",
     ["saintjeandemaurienne.fr"], []),
    ("C74042", "Mairie de Bonneville", "mairie", "Bonneville", "74130", [], ["mairie.bonneville74@orange.fr"]),
    ("C73317", "Commune de Villard-sur-Doron", "petite_commune", "Villard-sur-Doron", "73270", [],
     ["mairie.villardsurdoron@wanadoo.fr"]),
    ("S74081", "CCAS de Cluses", "ccas", "Cluses", "74300", ["ccas-cluses.fr"], []),
    ("E73054", "EHPAD Les Édelweiss", "ehpad", "Bourg-Saint-Maurice", "73700", ["ehpad-edelweiss.fr"], []),
    ("D73000", "SDIS de la Savoie", "sdis", "Chambéry", "73000", ["sdis-savoie.fr"], []),
    ("Y01189", "Syndicat intercommunal des eaux du Haut-Bugey", "syndicat", "Nantua", "01130", ["sie-hautbugey.fr"],
     []),
    ("A73065", "Grand Lac Communauté d'agglomération", "agglo", "Aix-les-Bains", "73100", ["grandlac-agglo.fr"], []),
    ("C01269", "Mairie de Nantua", "mairie", "Nantua", "01130", [], ["secretariat.nantua@laposte.net",
                                                                     "compta.mairienantua@laposte.net"]),
    ("C39300", "Commune des Rousses", "petite_commune", "Les Rousses", "39220", [], ["mairie-des-rousses@free.fr"]),
    ("Y74010", "Syndicat mixte de traitement des déchets du Chablais", "syndicat", "Thonon-les-Bains", "74200",
     ["smtd-chablais.fr"], []),
    ("C74056", "Mairie de Chamonix-Vallée", "mairie", "Chamonix-Mont-Blanc", "74400", ["chamonix-vallee.fr"], []),
]

WRITER_ROLES = {
    "mairie": [("Secrétaire de mairie", "secretary"), ("Directeur général des services", "dgs"),
               ("Gestionnaire ressources humaines", "drh"), ("Premier adjoint au maire", "elu")],
    "petite_commune": [("Secrétaire de mairie", "secretary"), ("Maire", "elu")],
    "ccas": [("Directrice du CCAS", "director"), ("Assistante RH", "drh")],
    "ehpad": [("Directeur de l'établissement", "director"), ("Cadre de santé", "drh"), ("Adjointe des cadres", "drh")],
    "sdis": [("Groupement ressources humaines — pôle santé", "sdis_rh"), ("Chef du service paie", "sdis_rh")],
    "syndicat": [("Directrice générale", "dgs"), ("Assistante administrative", "syndicat"), ("Président", "elu")],
    "agglo": [("Direction des ressources humaines", "drh"), ("Directeur général des services", "dgs"),
              ("Chargée de la protection sociale", "drh")],
}


def _mat(fmt: str, i: int, rng: random.Random) -> str:
    n = rng.randint(100, 99999)
    return fmt.format(n=n, i=i)


def build(rng: random.Random) -> list[Coll]:
    colls = []
    used_nir, used_mat = set(), set()
    fmts = ["SJM{n:05d}", "{n:06d}", "V{n:04d}", "CC-{n:05d}", "ED{n:05d}", "SP{n:05d}", "E{n:05d}", "GL{n:06d}",
            "NAN{n:04d}", "R{n:03d}", "SM{n:05d}", "CHX-{n:05d}"]
    for idx, (code, name, kind, town, cp, domains, contacts) in enumerate(COLLS):
        c = Coll(code, name, kind, town, cp, domains, contacts, affiliated=rng.random() < 0.75,
                 export_caps=kind in ("petite_commune", "syndicat") or rng.random() < 0.2,
                 nir_style=rng.choice(["13", "15", "spaced15", "15", "13"]), matricule_fmt=fmts[idx])
        size = {"petite_commune": 9, "mairie": 30, "ccas": 16, "ehpad": 26, "sdis": 34, "syndicat": 12,
                "agglo": 36}[kind]
        names: list[tuple[str, str, str]] = []
        for _ in range(size):
            sex = rng.choice("FM")
            first = rng.choice(FIRST_F if sex == "F" else FIRST_M)
            last = rng.choice(LAST)
            names.append((sex, first, last))
        # homonyms inside the employer: two agents with one name
        for _ in range(2 if size > 20 else 1):
            names.append(rng.choice(names))
        for sex, first, last in names:
            birth_last = ""
            if sex == "F" and rng.random() < 0.25:
                birth_last = rng.choice([x for x in LAST if x != last])
            by = rng.randint(1962, 2002)
            birth = date(by, rng.randint(1, 12), rng.randint(1, 28))
            while True:
                dept = rng.choice(BIRTH_DEPTS)
                nir = f"{1 if sex == 'M' else 2}{by % 100:02d}{birth.month:02d}{dept}{rng.randint(1, 990):03d}" \
                      f"{rng.randint(1, 999):03d}"
                if nir not in used_nir:
                    used_nir.add(nir)
                    break
            while True:
                mat = _mat(c.matricule_fmt, len(c.agents), rng)
                if mat not in used_mat:
                    used_mat.add(mat)
                    break
            if kind == "sdis":
                status = rng.choice(["titulaire", "titulaire", "titulaire", "stagiaire"])
            else:
                status = rng.choice(STATUSES)
            regime = "IRCANTEC" if status == "contractuel" else "CNRACL"
            c.agents.append(Agent(code, mat, sex, first, last, birth_last, birth, nir, regime, status,
                                  exported=rng.random() > 0.04))
        # one name shared with the previous employer (a homonym across employers)
        if colls:
            a = c.agents[0]
            other = rng.choice([b for b in colls[-1].agents if b.sex == a.sex] or colls[-1].agents)
            if other.sex == a.sex:
                a.first, a.last = other.first, other.last
        # writers
        roles = WRITER_ROLES[kind]
        for role, wk in roles:
            sex = rng.choice("FM")
            first = rng.choice(FIRST_F if sex == "F" else FIRST_M)
            last = rng.choice(LAST)
            # writers sometimes share a surname with an agent
            if rng.random() < 0.2:
                last = rng.choice(c.agents).last
            if domains:
                local = rng.choice(["{f}.{l}", "{fi}{l}", "rh", "{l}.{f}"]).format(
                    f=_mailpart(first), l=_mailpart(last), fi=_mailpart(first)[0])
                if wk == "sdis_rh":
                    local = rng.choice(["grh.sante", "paie", _mailpart(first) + "." + _mailpart(last)])
                email = f"{local}@{domains[0]}"
            else:
                email = rng.choice(contacts)
            c.writers.append(Writer(f"{first} {last}", email, role, wk))
        # contracts
        y0 = rng.choice([2022, 2023])
        cnr_formula = rng.choice(["1", "1", "2", "4", "6 8 11", "1"])
        c.contracts.append((code, f"{y0}-CNR-{code[1:]}", "CNRACL", cnr_formula, f"{y0}-01-01",
                            f"{y0 + 3}-12-31", rng.choice([0, 10, 15, 30]), rng.choice(["", "90", "120"]),
                            rng.choice(["", "90"])))
        c.contracts.append((code, f"{y0}-IRC-{code[1:]}", "IRCANTEC", rng.choice(["12", "13"]), f"{y0}-01-01",
                            f"{y0 + 3}-12-31", rng.choice([0, 10, 15]), "", ""))
        colls.append(c)
    return colls


def _mailpart(s: str) -> str:
    return strip_accents(s).lower().replace(" ", "").replace("'", "")


def _export_name(s: str, caps: bool) -> str:
    return strip_accents(s).upper() if caps else s


def _export_nir(a: Agent, style: str) -> str:
    full = a.nir + f"{nir_key(a.nir):02d}"
    if style == "13":
        return a.nir
    if style == "15":
        return full
    return f"{full[0]} {full[1:3]} {full[3:5]} {full[5:7]} {full[7:10]} {full[10:13]} {full[13:]}"


def csvs(colls: list[Coll]) -> dict[str, str]:
    out = {}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "name", "email_domains", "contact_emails", "affiliated"])
    for c in colls:
        w.writerow([c.code, c.name, " ".join(c.domains), " ".join(c.contacts), "true" if c.affiliated else "false"])
    out["collectivites.csv"] = buf.getvalue()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["collectivite_code", "contract_number", "regime", "formula", "start_date", "end_date",
                "franchise_mo_days", "declaration_days", "documents_days"])
    for c in colls:
        for row in c.contracts:
            w.writerow(row)
    out["contracts.csv"] = buf.getvalue()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["collectivite_code", "matricule", "nir", "last_name", "birth_name", "first_name", "birth_date",
                "regime", "status"])
    for c in colls:
        for a in c.agents:
            if not a.exported:
                continue
            w.writerow([c.code, a.matricule, _export_nir(a, c.nir_style), _export_name(a.last, c.export_caps),
                        _export_name(a.birth_last, c.export_caps), _export_name(a.first, c.export_caps),
                        a.birth.isoformat(), a.regime, a.status])
    out["agents.csv"] = buf.getvalue()
    return out


def norm(s: str) -> str:
    return strip_accents(s).upper().replace("-", " ").replace("'", " ").strip()


def same_name(a: Agent, b: Agent) -> bool:
    return norm(a.first) == norm(b.first) and (norm(a.last) == norm(b.last))


def homonyms(a: Agent, coll: Coll) -> list[Agent]:
    """Other exported agents of the employer a reader could not tell from `a` by first name + usage name."""
    return [b for b in coll.agents if b is not a and b.exported and norm(b.first) == norm(a.first)
            and norm(a.last) in (norm(b.last), norm(b.birth_last))]


def surname_unique(a: Agent, coll: Coll) -> bool:
    return not any(b is not a and b.exported and norm(a.last) in (norm(b.last), norm(b.birth_last))
                   for b in coll.agents)


def add_days(d: date, n: int) -> date:
    return d + timedelta(days=n)
