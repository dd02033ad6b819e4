"""The blind corpus's own registry: collectivités of several kinds, their contracts and ~400 agents.

Built from a seed, independent of tests/cases/registry. It deliberately holds what makes matching hard:
homonyms inside one collectivité (same first and last name, told apart only by NIR or birth date), the
same name in two collectivités, married women with a nom de naissance, compound and accented names,
collectivités that export names in capitals without accents, NIRs written with or without their key
and with spaces, Corsican NIRs (2A/2B), and the staff who write the mail sharing surnames with agents.
"""

from __future__ import annotations

import csv
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def nir_key(nir13: str) -> int:
    digits = nir13.replace("2A", "19").replace("2B", "18")
    return 97 - int(digits) % 97


@dataclass
class Collectivite:
    code: str
    name: str  # as the collectivité writes it: « Mairie de Saint-Ambroix »
    kind: str  # mairie, ccas, ehpad, syndicat, epci
    town: str
    postcode: str
    dept: str
    email_domains: list[str]
    contact_emails: list[str]
    affiliated: bool
    export_style: str  # how agents' names are exported: upper_plain, upper_accents, mixed
    nir_style: str  # how NIRs are exported: plain13, key15, spaced, mixed
    street: str
    phone: str
    staff: list["Staff"] = field(default_factory=list)

    @property
    def own_domain(self) -> str | None:
        return self.email_domains[0] if self.email_domains else None


@dataclass
class Staff:
    first_name: str
    last_name: str
    title: str
    email: str  # the address they write from (own domain, or the shared contact address)
    personal_email: str  # a gmail/orange/free address they sometimes use (not in the registry)


@dataclass
class Agent:
    coll: str
    matricule: str
    nir13: str
    last_name: str  # nom d'usage, with accents, as people write it
    birth_name: str  # nom de naissance when different (married women), else ""
    first_name: str
    birth_date: date
    regime: str
    status: str
    sex: str  # "M" or "F"
    new_hire: bool = False  # not exported to the registry (a recent recruit)

    @property
    def title(self) -> str:
        return "M." if self.sex == "M" else "Mme"


@dataclass
class Contract:
    coll: str
    number: str
    regime: str
    formula: str
    start: date
    end: date
    franchise: int
    declaration_days: str
    documents_days: str


@dataclass
class Registry:
    collectivites: list[Collectivite]
    agents: list[Agent]  # registered agents and new hires (new_hire=True, not exported)
    contracts: list[Contract]

    def coll(self, code: str) -> Collectivite:
        return next(c for c in self.collectivites if c.code == code)

    def agents_of(self, code: str, *, registered: bool = True) -> list[Agent]:
        return [a for a in self.agents if a.coll == code and (not a.new_hire or not registered)]

    def write(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        with open(directory / "collectivites.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["code", "name", "email_domains", "contact_emails", "affiliated"])
            for c in self.collectivites:
                w.writerow([c.code, c.name, " ".join(c.email_domains), " ".join(c.contact_emails),
                            "true" if c.affiliated else "false"])
        with open(directory / "contracts.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["collectivite_code", "contract_number", "regime", "formula", "start_date", "end_date",
                        "franchise_mo_days", "declaration_days", "documents_days"])
            for k in self.contracts:
                w.writerow([k.coll, k.number, k.regime, k.formula, k.start.isoformat(), k.end.isoformat(),
                            k.franchise, k.declaration_days, k.documents_days])
        with open(directory / "agents.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["collectivite_code", "matricule", "nir", "last_name", "birth_name", "first_name",
                        "birth_date", "regime", "status"])
            for a in self.agents:
                if a.new_hire:
                    continue
                c = self.coll(a.coll)
                w.writerow([a.coll, a.matricule, export_nir(a, c, a.matricule), export_name(a.last_name, c),
                            export_name(a.birth_name, c), export_name(a.first_name, c, first=True),
                            a.birth_date.isoformat(), a.regime, a.status])


def export_name(name: str, c: Collectivite, first: bool = False) -> str:
    if not name:
        return ""
    if c.export_style == "upper_plain":
        return strip_accents(name).upper()
    if c.export_style == "upper_accents":
        return name if first else name.upper()
    return name  # mixed: « Lefèvre », « Hélène »


def export_nir(a: Agent, c: Collectivite, salt: str) -> str:
    style = c.nir_style
    if style == "mixed":
        style = ["plain13", "key15", "spaced"][sum(map(ord, salt)) % 3]
    key = f"{nir_key(a.nir13):02d}"
    n = a.nir13
    if style == "plain13":
        return n
    if style == "key15":
        return n + key
    return f"{n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:10]} {n[10:13]} {key}"


# --------------------------------------------------------------------------------------------------
# Names. Upper-case surnames are written as people write them in a mail (accents kept); the export
# style decides what the registry holds.

SURNAMES = [
    "Teissier", "Roux", "Vidal", "Bonnet", "Chabert", "Fabre", "Rouvière", "Pagès", "Brunel", "Méjean",
    "Castanier", "Arnal", "Boissier", "Crouzet", "Delmas", "Espinasse", "Fournier", "Granier", "Hébrard",
    "Jourdan", "Lafont", "Maurel", "Nègre", "Olivier", "Pascal", "Quissac", "Reboul", "Soulier", "Triaire",
    "Valette", "Allègre", "Bastide", "Combes", "Daudé", "Estève", "Faure", "Gauthier", "Hugon", "Imbert",
    "Julien", "Laurent", "Mercier", "Noël", "Peyre", "Rieutort", "Salles", "Thérond", "Vernet", "Chastang",
    "Lefèvre", "Gérard", "Ménard", "Lévêque", "Bérard", "Prévost", "Pélissier", "Desfonds", "Coste",
    "Martin-Dubois", "Le Gall", "De La Fontaine", "D'Angelo", "Saint-Martin", "Da Costa", "Ben Saïd",
    "Nguyen", "Kowalczyk", "Boyer-Chammard", "Dos Santos", "Lopez", "Garcia", "Ferrand", "Thibault",
    "Malzac", "Puech", "Rouquette", "Blanc", "Bouvier", "Chalvet", "Duclos", "Églantine", "Fayolle",
]
CORSICAN_SURNAMES = ["Santoni", "Paoli", "Casanova", "Filippi", "Orsini", "Luciani", "Mattei", "Poli",
                     "Giacomoni", "Peretti", "Albertini", "Cristofari", "Antonetti", "Leca", "Rocca-Serra"]
FEMALE_FIRST = [
    "Hélène", "Sandrine", "Nathalie", "Isabelle", "Sophie", "Céline", "Anaïs", "Maëlle", "Zoé", "Chloé",
    "Marie-Claire", "Anne-Sophie", "Françoise", "Béatrice", "Valérie", "Karine", "Émilie", "Mélanie",
    "Laëtitia", "Noémie", "Agnès", "Josiane", "Ghislaine", "Marie", "Océane", "Inès", "Camille", "Léa",
    "Séverine", "Christelle", "Aurélie", "Marie-Hélène", "Annick", "Fabienne", "Élodie",
]
MALE_FIRST = [
    "Jérôme", "Stéphane", "Frédéric", "Laurent", "Thierry", "Pascal", "Olivier", "Jean-Luc", "Jean-Marc",
    "Noël", "Hervé", "Sébastien", "Cédric", "Mickaël", "Grégory", "Rémi", "Loïc", "Benoît", "Éric",
    "Patrice", "Gilles", "Yannick", "Joël", "Raphaël", "Mathieu", "Jean-François", "Kévin", "Bruno",
]
CORSICAN_FIRST_M = ["Jean-Toussaint", "Pierre-Paul", "Ange", "Dominique", "Xavier", "Paul-Antoine"]
CORSICAN_FIRST_F = ["Marie-Dominique", "Laetizia", "Marie-Ange", "Antonia", "Vanina", "Paule"]
TITLES = ["Secrétaire de mairie", "Gestionnaire RH", "Responsable des ressources humaines",
          "Adjointe administrative", "Directrice générale des services", "Chargée de la paie et des carrières",
          "Assistante RH", "Responsable administratif et financier", "Agent d'accueil", "Directeur"]


COLLECTIVITES = [
    # code, name, kind, town, postcode, dept, own domains, shared contact addresses, export, nir style
    ("C30243", "Mairie de Saint-Ambroix", "mairie", "Saint-Ambroix", "30500", "30",
     ["mairie-saintambroix.fr"], [], "mixed", "plain13"),
    ("S30243", "CCAS de Saint-Ambroix", "ccas", "Saint-Ambroix", "30500", "30",
     [], ["ccas.stambroix@orange.fr"], "upper_plain", "spaced"),
    ("C07019", "Mairie d'Aubenas", "mairie", "Aubenas", "07200", "07",
     ["ville-aubenas.fr", "aubenas.fr"], [], "upper_accents", "key15"),
    ("E07331", "EHPAD Les Tilleuls", "ehpad", "Vals-les-Bains", "07600", "07",
     ["ehpad-lestilleuls.fr"], [], "upper_plain", "mixed"),
    ("Y07102", "SIVOM de la Haute-Cèze", "syndicat", "Les Vans", "07140", "07",
     [], ["sivom.hautececeze@wanadoo.fr"], "upper_plain", "plain13"),
    ("C26114", "Mairie de Dieulefit", "mairie", "Dieulefit", "26220", "26",
     [], ["mairie.dieulefit@wanadoo.fr", "secretariat.dieulefit@orange.fr"], "mixed", "key15"),
    ("Y26090", "SIVU des écoles du Jabron", "syndicat", "Châteauneuf-de-Mazenc", "26220", "26",
     [], ["sivu.ecolesjabron@laposte.net"], "upper_plain", "spaced"),
    ("C43080", "Mairie de Craponne-sur-Arzon", "mairie", "Craponne-sur-Arzon", "43500", "43",
     ["craponne-sur-arzon.fr"], [], "upper_accents", "mixed"),
    ("E43157", "EHPAD public du Velay", "ehpad", "Le Puy-en-Velay", "43000", "43",
     ["ehpad-velay.fr"], [], "mixed", "plain13"),
    ("K12145", "Communauté de communes Larzac et Vallées", "epci", "Nant", "12230", "12",
     ["cc-larzac-vallees.fr"], [], "upper_plain", "key15"),
    ("C12168", "Mairie de Nant", "mairie", "Nant", "12230", "12",
     [], ["mairie-de-nant@free.fr"], "upper_plain", "mixed"),
    ("C2A247", "Mairie de Porto-Vecchio", "mairie", "Porto-Vecchio", "20137", "2A",
     ["porto-vecchio.fr"], [], "upper_plain", "spaced"),
    ("C2B096", "Mairie de Corte", "mairie", "Corte", "20250", "2B",
     ["ville-corte.fr"], [], "mixed", "plain13"),
]

MATRICULE_FORMATS = {
    "C30243": "{:05d}", "S30243": "CC{:04d}", "C07019": "AUB-{:04d}", "E07331": "T{:05d}",
    "Y07102": "SV{:03d}", "C26114": "{:04d}", "Y26090": "J{:03d}", "C43080": "CRA{:04d}",
    "E43157": "EV{:05d}", "K12145": "L{:04d}", "C12168": "N{:03d}", "C2A247": "PV{:04d}", "C2B096": "CO{:04d}",
}


def _slug(text: str) -> str:
    return "".join(c for c in strip_accents(text).lower() if c.isalnum())


def _nir(rng: random.Random, sex: str, birth: date, dept: str) -> str:
    birth_dept = dept if rng.random() < 0.6 else rng.choice(["30", "07", "26", "43", "12", "13", "69", "75",
                                                             "34", "2A", "2B", "99", "48", "84"])
    commune = f"{rng.randint(1, 350):03d}" if birth_dept != "99" else f"{rng.choice([109, 134, 139, 350, 352]):03d}"
    return f"{'1' if sex == 'M' else '2'}{birth.year % 100:02d}{birth.month:02d}{birth_dept}{commune}{rng.randint(1, 999):03d}"


def build(seed: int) -> Registry:
    rng = random.Random(f"blind-registry-{seed}")
    colls: list[Collectivite] = []
    for code, name, kind, town, cp, dept, domains, contacts, style, nirs in COLLECTIVITES:
        c = Collectivite(code, name, kind, town, cp, dept, list(domains), list(contacts), rng.random() < 0.8,
                         style, nirs, street=rng.choice(["place de la Mairie", "rue de la République",
                                                         "avenue Jean Jaurès", "cours du Général de Gaulle",
                                                         "rue des Écoles", "chemin des Tilleuls"]),
                         phone=f"04 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
                         if dept not in ("2A", "2B") else f"04 95 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}")
        colls.append(c)

    agents: list[Agent] = []
    used_nirs: set[str] = set()
    for c in colls:
        corsican = c.dept in ("2A", "2B")
        n = rng.randint(26, 36)
        counter = rng.randint(40, 900)
        for _ in range(n):
            sex = rng.choice("MF")
            pool = SURNAMES + (CORSICAN_SURNAMES * 3 if corsican else [])
            last = rng.choice(pool)
            first = rng.choice((CORSICAN_FIRST_M if sex == "M" else CORSICAN_FIRST_F) if corsican and rng.random() < 0.4
                               else (MALE_FIRST if sex == "M" else FEMALE_FIRST))
            birth_name = ""
            if sex == "F" and rng.random() < 0.3:
                birth_name = rng.choice([s for s in pool if s != last])
            birth = date(rng.randint(1962, 2003), rng.randint(1, 12), rng.randint(1, 28))
            nir = _nir(rng, sex, birth, c.dept)
            while nir in used_nirs:
                nir = _nir(rng, sex, birth, c.dept)
            used_nirs.add(nir)
            status = rng.choices(["titulaire", "stagiaire", "contractuel"], [70, 8, 22])[0]
            regime = "IRCANTEC" if status == "contractuel" else "CNRACL"
            counter += rng.randint(1, 37)
            agents.append(Agent(c.code, MATRICULE_FORMATS[c.code].format(counter), nir, last, birth_name, first,
                                birth, regime, status, sex))
        # new hires: not in the registry, the mail names them all the same
        for _ in range(2):
            sex = rng.choice("MF")
            last = rng.choice(SURNAMES)
            first = rng.choice(MALE_FIRST if sex == "M" else FEMALE_FIRST)
            birth = date(rng.randint(1975, 2004), rng.randint(1, 12), rng.randint(1, 28))
            counter += 3
            agents.append(Agent(c.code, MATRICULE_FORMATS[c.code].format(counter), _nir(rng, sex, birth, c.dept),
                                last, "", first, birth, "IRCANTEC", "contractuel", sex, new_hire=True))

    # homonyms inside one collectivité: a second agent with the same first and last name
    for code in ("C07019", "E43157", "C30243", "C2A247"):
        base = rng.choice([a for a in agents if a.coll == code and not a.new_hire and not a.birth_name])
        birth = date(rng.randint(1962, 2003), rng.randint(1, 12), rng.randint(1, 28))
        twin = Agent(code, MATRICULE_FORMATS[code].format(rng.randint(5000, 9000)),
                     _nir(rng, base.sex, birth, rng.choice(["30", "07", "2A", "13"])), base.last_name, "",
                     base.first_name, birth, "CNRACL", "titulaire", base.sex)
        agents.append(twin)
    # the same name in two collectivités
    for src, dst in (("C26114", "Y26090"), ("C30243", "S30243"), ("C12168", "K12145")):
        base = rng.choice([a for a in agents if a.coll == src and not a.new_hire])
        birth = date(rng.randint(1962, 2003), rng.randint(1, 12), rng.randint(1, 28))
        agents.append(Agent(dst, MATRICULE_FORMATS[dst].format(rng.randint(5000, 9000)),
                            _nir(rng, base.sex, birth, "26"), base.last_name, "", base.first_name, birth,
                            "CNRACL", "titulaire", base.sex))

    # staff who write: some share a surname with an agent of their collectivité (never the first name)
    for c in colls:
        mine = [a for a in agents if a.coll == c.code and not a.new_hire]
        for _ in range(rng.randint(2, 4)):
            sex = rng.choice("MF")
            first = rng.choice(MALE_FIRST if sex == "M" else FEMALE_FIRST)
            if rng.random() < 0.45:
                last = rng.choice(mine).last_name
            else:
                last = rng.choice(SURNAMES)
            if any(a.last_name == last and a.first_name == first for a in agents):
                first = rng.choice([f for f in (MALE_FIRST if sex == "M" else FEMALE_FIRST)
                                    if not any(a.last_name == last and a.first_name == f for a in agents)])
            title = rng.choice(TITLES)
            if c.own_domain:
                email = rng.choice([f"{_slug(first)}.{_slug(last)}@{c.own_domain}",
                                    f"{_slug(first)[0]}.{_slug(last)}@{c.own_domain}",
                                    f"rh@{c.own_domain}", f"secretariat@{c.own_domain}",
                                    f"ressources.humaines@{c.own_domain}"])
            else:
                email = rng.choice(c.contact_emails)
            personal = f"{_slug(first)}.{_slug(last)}{rng.randint(1, 99)}@" + rng.choice(
                ["gmail.com", "orange.fr", "free.fr", "laposte.net", "hotmail.fr"])
            c.staff.append(Staff(first, last, title, email, personal))

    contracts: list[Contract] = []
    cnracl_formulas = ["1", "2", "3", "4", "5", "6 8 11", "7 8", "1", "2", "6 7 8 10 11", "4", "1", "8 11"]
    for i, c in enumerate(colls):
        f = cnracl_formulas[i % len(cnracl_formulas)]
        dd = rng.choice(["", "90", "120", "180"])
        if i % 4 == 1:
            # a contract renewed on 1 January 2026 with another formula
            contracts.append(Contract(c.code, f"CN-{c.code}-2022", "CNRACL", f, date(2022, 1, 1), date(2025, 12, 31),
                                      rng.choice([0, 10, 15, 30]), dd, rng.choice(["", "90", "120"])))
            contracts.append(Contract(c.code, f"CN-{c.code}-2026", "CNRACL", rng.choice(["1", "4"]), date(2026, 1, 1),
                                      date(2029, 12, 31), rng.choice([0, 10, 15]), dd, ""))
        else:
            contracts.append(Contract(c.code, f"CN-{c.code}-2024", "CNRACL", f, date(2024, 1, 1), date(2027, 12, 31),
                                      rng.choice([0, 10, 15, 30]), dd, rng.choice(["", "90", "120"])))
        contracts.append(Contract(c.code, f"IR-{c.code}-2024", "IRCANTEC", rng.choice(["12", "13"]),
                                  date(2024, 1, 1), date(2027, 12, 31), rng.choice([0, 10, 15]), dd, ""))
    return Registry(colls, agents, contracts)
