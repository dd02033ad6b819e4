"""One claim of the corpus planned before it is written: who, what category and nature, which days, which pieces."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from corpus.claims_docs import Attachment, Person
from corpus.claims_names import FIRST_F, FIRST_M, HOME_TOWNS, LAST
from corpus.claims_people import new_person_name
from corpus.claims_rules import requirements
from corpus.registry import Agent, Registry, nir_key

CATEGORY_WEIGHTS = {"maladie_ordinaire": 34, "accident_service": 15, "accident_trajet": 6, "maladie_professionnelle": 5,
                    "longue_maladie": 4, "longue_duree": 2, "grave_maladie": 3, "maternite": 7, "paternite": 6,
                    "adoption": 2, "temps_partiel_therapeutique": 8, "deces": 4}
NATURE_WEIGHTS = {"maladie_ordinaire": {"initial": 75, "prolongation": 25},
                  "accident_service": {"initial": 70, "prolongation": 15, "rechute": 15},
                  "accident_trajet": {"initial": 70, "prolongation": 10, "rechute": 20},
                  "maladie_professionnelle": {"initial": 70, "prolongation": 15, "rechute": 15},
                  "longue_maladie": {"initial": 70, "prolongation": 30}, "longue_duree": {"initial": 60, "prolongation": 40},
                  "grave_maladie": {"initial": 70, "prolongation": 30},
                  "temps_partiel_therapeutique": {"initial": 75, "prolongation": 25}}
DURATIONS = {"maladie_ordinaire": [2, 3, 5, 7, 8, 10, 14, 15, 21, 30, 45], "longue_maladie": [90, 91, 180, 183],
             "longue_duree": [90, 180, 183], "grave_maladie": [90, 92, 180], "maternite": [14, 28, 112, 56],
             "paternite": [25, 28, 7], "adoption": [70, 84], "temps_partiel_therapeutique": [30, 60, 91, 92],
             "accident_service": [3, 7, 10, 14, 21, 30, 45], "accident_trajet": [5, 8, 14, 21, 30],
             "maladie_professionnelle": [14, 28, 30, 60], "deces": [0]}
OPTIONAL = {"accident_service": ["temoignage", "facture", "autre"], "accident_trajet": ["plan_trajet", "constat_amiable", "temoignage"],
            "maladie_professionnelle": ["autre"], "maladie_ordinaire": ["autre"], "maternite": ["arret_travail"]}
ACCIDENTS = {"accident_service", "accident_trajet", "maladie_professionnelle"}


@dataclass
class ClaimPlan:
    category: str
    nature: str | None  # None for intent documents
    agent: Agent | None  # None: a person the registry does not know
    person: Person
    event: date | None
    start: date | None
    end: date | None
    initial: date | None = None  # first day of the initial stop (prolongations of non-accident categories)
    child: date | None = None  # birth or arrival of the child
    body_nir: bool = False
    body_birth: bool = False
    name_form: str = "civ_first_upper"
    pieces: list[Attachment] = field(default_factory=list)
    open_ended: bool = False

    @property
    def survenance(self) -> date | None:
        if self.category in ACCIDENTS or self.category == "deces":
            return self.event
        if self.nature == "prolongation":
            return self.initial
        return self.start


def weighted(rng: random.Random, table: dict[str, int]) -> str:
    return rng.choices(list(table), weights=list(table.values()))[0]


def person_of(agent: Agent, rng: random.Random) -> Person:
    town, pc = rng.choice(HOME_TOWNS)
    return Person(agent.sex, agent.first_name, agent.last_name, agent.birth_date, agent.nir15,
                  f"{rng.randint(1, 90)} chemin des Vignes {pc} {town}")


def stranger(registry: Registry, code: str, rng: random.Random, sex: int | None = None) -> Person:
    """A person absent from the registry (a new hire): a name nobody of the employer bears, a fresh NIR."""
    sex = sex or rng.choice([1, 2])
    first, last = new_person_name(registry, code, rng, FIRST_F if sex == 2 else FIRST_M, LAST)
    birth = date(1970, 1, 1) + timedelta(days=rng.randint(0, 365 * 33))
    taken = {a.nir13 for a in registry.agents}
    while True:
        body = f"{sex}{birth.year % 100:02d}{birth.month:02d}{rng.choice(['07', '30', '43', '69'])}{rng.randint(1, 400):03d}{rng.randint(1, 999):03d}"
        if body not in taken:
            break
    town, pc = rng.choice(HOME_TOWNS)
    return Person(sex, first, last, birth, body + nir_key(body), f"{rng.randint(1, 90)} rue Haute {pc} {town}")


def eligible(agent: Agent, category: str) -> bool:
    if category == "maternite":
        return agent.sex == 2
    if category == "paternite":
        return agent.sex == 1
    if category in ("longue_maladie", "longue_duree", "deces"):
        return agent.regime == "CNRACL"
    if category == "grave_maladie":
        return agent.regime == "IRCANTEC"
    return True


def plan_dates(plan: ClaimPlan, rng: random.Random, sent: date) -> None:
    """Fill event/start/end/initial/child relative to the message's day."""
    c, nature = plan.category, plan.nature
    days = rng.choice(DURATIONS[c])
    if c == "deces":
        plan.event = sent - timedelta(days=rng.randint(2, 40))
        plan.start = plan.end = None
        return
    if c == "temps_partiel_therapeutique" and nature == "initial":
        start = sent + timedelta(days=rng.randint(-10, 20))
    elif c in ("paternite", "adoption", "maternite"):
        start = sent + timedelta(days=rng.randint(-20, 12))
    else:
        start = sent - timedelta(days=rng.randint(0, 25))
    plan.start, plan.end = start, start + timedelta(days=days - 1)
    if c in ACCIDENTS:
        if nature == "rechute":
            plan.event = start - timedelta(days=rng.randint(60, 420))
        elif nature == "prolongation":
            plan.event = start - timedelta(days=rng.randint(10, 120))
        elif c == "maladie_professionnelle":
            plan.event = start - timedelta(days=rng.randint(0, 45))
        else:
            plan.event = start - timedelta(days=rng.choice([0, 0, 0, 1, 2]))
    elif nature == "prolongation":
        plan.initial = start - timedelta(days=rng.randint(7, 150 if c != "maladie_ordinaire" else 60))
        plan.event = plan.initial
    else:
        plan.event = start
    if c in ("paternite", "adoption"):
        plan.child = start - timedelta(days=rng.randint(0, 20))
        plan.event = plan.child


def choose_pieces(category: str, nature: str | None, rng: random.Random, attach_rate: float) -> list[str]:
    """Mandatory pieces each attached with attach_rate (one kind of an alternative), and now and then an optional one."""
    kinds: list[str] = []
    for req in requirements(category, nature):
        if rng.random() < attach_rate:
            kinds.append(rng.choice(req))
    for extra in OPTIONAL.get(category, []):
        if extra not in kinds and rng.random() < 0.12 and nature in ("initial", None):
            kinds.append(extra)
    rng.shuffle(kinds)
    return kinds
