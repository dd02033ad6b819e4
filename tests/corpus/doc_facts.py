"""The facts a generated document states (agent, employer, doctor, dates), random but overridable."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from datetime import date, timedelta

FIRST_F = ["Catherine", "Sophie", "Nathalie", "Isabelle", "Sylvie", "Françoise", "Hélène", "Aurélie", "Émilie",
           "Chloé", "Léa", "Maëlle", "Brigitte", "Céline", "Virginie", "Agnès", "Mireille", "Noémie", "Zoé", "Inès"]
FIRST_M = ["Jean-Pierre", "Frédéric", "Hervé", "Dominique", "Stéphane", "Thierry", "Jérôme", "Benoît", "François",
           "Laurent", "Mathieu", "Rémi", "Sébastien", "Olivier", "Grégory", "Yannick", "Loïc", "Karim", "Théo", "Noël"]
LAST = ["MARTIN", "BERNARD", "DUBOIS", "LEFÈVRE", "MOREAU", "GIRARD", "ROUSSEAU", "BONNET", "FRANÇOIS", "MEYER",
        "LACROIX", "PERRET", "FERREIRA", "KOWALSKI", "D'ALMEIDA", "NGUYEN", "BENSAÏD", "CHEVALIER", "BOUVIER",
        "FAURE", "ROCHE", "VIDAL", "TEISSIER", "BRUNEL", "PAGÈS", "AUBRAC", "DE LA FONTAINE", "MULLER", "GARCIA",
        "HAMDI", "LE GALL", "COSTE", "SALLES", "BOISSONNADE", "ESTÈVE", "MAURIN", "BRESSON", "OLLIER", "PLANCHON"]
CITIES = [("Mende", "48000"), ("Florac Trois Rivières", "48400"), ("Marvejols", "48100"), ("Langogne", "48300"),
          ("Écully", "69130"), ("Bron", "69500"), ("Villeurbanne", "69100"), ("Tarare", "69170"),
          ("Saint-Chély-d'Apcher", "48200"), ("Givors", "69700"), ("Oullins-Pierre-Bénite", "69600"),
          ("Chanac", "48230"), ("Meyzieu", "69330"), ("Le Bleymard", "48190"), ("Craponne", "69290")]
STREETS = ["rue de la République", "avenue du Général de Gaulle", "place de l'Église", "chemin des Écoliers",
           "boulevard Aimé Bodin", "rue Pasteur", "allée des Tilleuls", "route de Nîmes", "impasse du Moulin",
           "rue Jean Jaurès", "quai de la Saône", "rue du 8 Mai 1945"]
EMPLOYER_FORMS = ["Mairie de {c}", "Commune de {c}", "CCAS de {c}", "EHPAD Résidence Les Genêts – {c}",
                  "Syndicat intercommunal des eaux de {c}", "Communauté de communes du pays de {c}",
                  "SIVOM de {c}", "Centre intercommunal d'action sociale de {c}"]
GRADES = ["adjoint technique territorial", "adjoint administratif principal", "auxiliaire de soins",
          "agent spécialisé des écoles maternelles", "rédacteur territorial", "agent de maîtrise",
          "adjoint d'animation", "technicien territorial", "aide-soignante", "attaché territorial"]
SIGNATORY = ["Le Maire", "Le Président", "La Présidente", "Le Directeur général des services", "La Directrice",
             "Le Maire (ou son représentant)", "L'Adjoint délégué au personnel"]


def nir_for(sex: int, birth: date, dept: str, rng: random.Random) -> str:
    body = f"{sex}{birth.year % 100:02d}{birth.month:02d}{dept}{rng.randint(1, 999):03d}{rng.randint(1, 999):03d}"
    key = 97 - int(body) % 97
    return f"{body}{key:02d}"


def fr_date(d: date) -> str:
    return d.strftime("%d/%m/%Y")


MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]


def long_date(d: date) -> str:
    return f"{'1er' if d.day == 1 else d.day} {MONTHS[d.month - 1]} {d.year}"


@dataclass
class Facts:
    sex: int  # 1 man, 2 woman (as in the NIR)
    first_name: str
    last_name: str
    birth_date: date
    nir: str
    grade: str
    address: str
    employer: str
    employer_address: str
    city: str
    siret: str
    doctor: str
    rpps: str
    event_date: date  # accident, first medical finding, birth, death…
    start: date  # period off work (or TPT) start
    end: date
    signed: date
    signatory: str

    @property
    def civility(self) -> str:
        return "Mme" if self.sex == 2 else "M."

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def random_facts(rng: random.Random, **overrides: object) -> Facts:
    sex = rng.choice([1, 2])
    first = rng.choice(FIRST_F if sex == 2 else FIRST_M)
    birth = date(1962, 1, 1) + timedelta(days=rng.randint(0, 365 * 40))
    city, postcode = rng.choice(CITIES)
    employer_city, employer_pc = rng.choice(CITIES)
    dept = postcode[:2]
    start = date(2024, 1, 1) + timedelta(days=rng.randint(0, 700))
    event = start - timedelta(days=rng.choice([0, 0, 1, 3, 20, 200]))
    end = start + timedelta(days=rng.choice([2, 6, 13, 14, 29, 30, 60, 90, 180]))
    doctor_sex = rng.choice([1, 2])
    facts = Facts(
        sex=sex,
        first_name=first,
        last_name=rng.choice(LAST),
        birth_date=birth,
        nir=nir_for(sex, birth, dept, rng),
        grade=rng.choice(GRADES),
        address=f"{rng.randint(1, 240)}, {rng.choice(STREETS)} {postcode} {city}",
        employer=rng.choice(EMPLOYER_FORMS).format(c=employer_city),
        employer_address=f"{rng.randint(1, 40)} {rng.choice(STREETS)} {employer_pc} {employer_city}",
        city=employer_city,
        siret=f"2{rng.randint(10**12, 10**13 - 1)}",
        doctor=f"Dr {rng.choice(FIRST_F if doctor_sex == 2 else FIRST_M)} {rng.choice(LAST)}",
        rpps=f"10{rng.randint(10**8, 10**9 - 1)}",
        event_date=event,
        start=start,
        end=end,
        signed=start + timedelta(days=rng.choice([-1, 0, 0, 1, 2])),
        signatory=rng.choice(SIGNATORY),
    )
    known = {f.name for f in dataclasses.fields(Facts)}
    unknown = set(overrides) - known
    if unknown:
        raise TypeError(f"unknown facts: {sorted(unknown)}")
    return dataclasses.replace(facts, **overrides)  # type: ignore[arg-type]
