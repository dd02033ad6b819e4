"""The truth of a claim, drawn before any word is written: category, nature, dates, the pieces, and the
expected object that follows from them."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .registry import Agent, Coll, homonyms, norm, surname_unique

MANDATORY = {
    ("maladie_ordinaire", "initial"): ["arret_travail"],
    ("maladie_ordinaire", "prolongation"): ["arret_travail"],
    ("longue_maladie", "initial"): ["arret_travail", "avis_conseil_medical", "arrete"],
    ("longue_maladie", "prolongation"): ["arret_travail", "avis_conseil_medical"],
    ("accident_service", "initial"): ["declaration_accident", "certificat_at_mp", "enquete_administrative"],
    ("accident_service", "prolongation"): ["certificat_at_mp|arret_travail"],
    ("accident_service", "rechute"): ["certificat_at_mp"],
    ("maladie_professionnelle", "initial"): ["declaration_maladie_professionnelle", "certificat_at_mp"],
    ("maladie_professionnelle", "prolongation"): ["certificat_at_mp|arret_travail"],
    ("maladie_professionnelle", "rechute"): ["certificat_at_mp"],
    ("maternite", "initial"): ["certificat_grossesse"],
    ("maternite", "prolongation"): ["arret_travail"],
    ("paternite", "initial"): ["acte_naissance", "demande_agent"],
    ("adoption", "initial"): ["justificatif_adoption", "demande_agent"],
    ("temps_partiel_therapeutique", "initial"): ["certificat_medical", "demande_agent"],
    ("temps_partiel_therapeutique", "prolongation"): ["certificat_medical"],
    ("deces", "initial"): ["acte_deces", "bulletin_salaire"],
}
for _c in ("longue_duree", "grave_maladie"):
    MANDATORY[(_c, "initial")] = MANDATORY[("longue_maladie", "initial")]
    MANDATORY[(_c, "prolongation")] = MANDATORY[("longue_maladie", "prolongation")]
for _n in ("initial", "prolongation", "rechute"):
    MANDATORY[("accident_trajet", _n)] = MANDATORY[("accident_service", _n)]


def missing(category: str, nature: str | None, kinds: set[str]) -> list[str]:
    """domain.md's table minus the kinds at hand; `documents` intents are computed as an initial."""
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
    prints_nir: bool
    prints_birth: bool
    ctype: str
    data: bytes
    tags: set[str] = field(default_factory=set)


@dataclass
class Claim:
    agent: Agent
    coll: Coll
    category: str
    nature: str | None  # None for intent documents
    surv: date
    start: date | None
    end: date | None
    initial_start: date | None = None
    prev_end: date | None = None
    cause: str = ""
    private_accident: str = ""
    doc_start: date | None = None  # a documents intent's stop dates: printed on pieces, never labelled
    doc_end: date | None = None
    pieces: list[Piece] = field(default_factory=list)
    # how the text names the agent
    name_form: str = "civ_first_last"
    nir_in_body: bool = False
    birth_in_body: bool = False
    mat_in_body: bool = False

    def expected_agent(self) -> str | None:
        a = self.agent
        if not a.exported:
            return None
        if self.nir_in_body or self.mat_in_body or any(p.prints_nir for p in self.pieces):
            return a.matricule
        if self.name_form == "surname":
            ambiguous = not surname_unique(a, self.coll)
        else:
            ambiguous = bool(homonyms(a, self.coll)) or (
                self.name_form == "epouse" and any(
                    b is not a and b.exported and norm(b.first) == norm(a.first)
                    and norm(a.birth_last) in (norm(b.last), norm(b.birth_last)) for b in self.coll.agents))
        if ambiguous:
            birth_seen = self.birth_in_body or any(p.prints_birth for p in self.pieces)
            others = homonyms(a, self.coll)
            if birth_seen and all(b.birth != a.birth for b in others) and self.name_form != "surname":
                return a.matricule
            return None
        return a.matricule

    def expected_nir(self) -> str | None:
        if self.nir_in_body or any(p.prints_nir for p in self.pieces):
            return self.agent.nir
        return None

    def expected(self) -> dict:
        ag = self.expected_agent()
        kinds = {p.kind for p in self.pieces}
        return {
            "agent": ag,
            "agent_confidence": 1.0 if ag else 0.0,
            "agent_name": self.agent.display,
            "nir": self.expected_nir(),
            "category": self.category,
            "nature": self.nature,
            "date_survenance": self.surv.isoformat(),
            "arret_start": self.start.isoformat() if self.start else None,
            "arret_end": self.end.isoformat() if self.end else None,
            "documents": [{"filename": p.filename, "kind": p.kind} for p in self.pieces],
            "missing_documents": missing(self.category, self.nature, kinds),
        }


def add_months(d: date, k: int) -> date:
    m = d.month - 1 + k
    y, m = d.year + m // 12, m % 12 + 1
    day = min(d.day, [31, 29 if y % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1])
    return date(y, m, day)


CAT_WEIGHTS = [("maladie_ordinaire", 34), ("accident_service", 12), ("accident_trajet", 6),
               ("maladie_professionnelle", 5), ("longue_maladie", 5), ("longue_duree", 3), ("grave_maladie", 3),
               ("maternite", 6), ("paternite", 4), ("adoption", 2), ("temps_partiel_therapeutique", 6), ("deces", 3)]


def pick_category(r: random.Random, agent: Agent) -> str:
    while True:
        cat = r.choices([c for c, _ in CAT_WEIGHTS], [w for _, w in CAT_WEIGHTS])[0]
        if cat in ("longue_maladie", "longue_duree", "deces") and agent.regime != "CNRACL":
            continue
        if cat == "grave_maladie" and agent.regime != "IRCANTEC":
            continue
        if cat == "maternite" and agent.sex != "F":
            continue
        if cat == "paternite" and agent.sex != "M":
            continue
        return cat


def pick_nature(r: random.Random, cat: str) -> str:
    if cat in ("accident_service", "accident_trajet", "maladie_professionnelle"):
        return r.choices(["initial", "prolongation", "rechute"], [60, 20, 20])[0]
    if cat == "maladie_ordinaire":
        return r.choices(["initial", "prolongation"], [65, 35])[0]
    if cat in ("longue_maladie", "longue_duree", "grave_maladie", "temps_partiel_therapeutique"):
        return r.choices(["initial", "prolongation"], [75, 25])[0]
    return "initial"


def draw_dates(r: random.Random, cat: str, nature: str, day: date) -> dict:
    """Dates of a claim around the mail's day."""
    t = timedelta
    if cat == "maladie_ordinaire":
        if nature == "initial":
            late = r.random() < 0.05
            start = day - t(days=r.randint(95, 160) if late else r.randint(0, 25))
            end = start + t(days=r.choice([2, 3, 5, 6, 7, 9, 13, 14, 15, 20, 21, 27, 29, 30, 44]))
            return dict(surv=start, start=start, end=end)
        start = day - t(days=r.randint(-2, 12))
        init = start - t(days=r.randint(8, 70))
        end = start + t(days=r.choice([6, 9, 13, 14, 20, 27, 30]))
        return dict(surv=init, start=start, end=end, initial_start=init, prev_end=start - t(days=1))
    if cat in ("accident_service", "accident_trajet", "maladie_professionnelle"):
        if nature == "initial":
            if cat == "maladie_professionnelle":
                surv = day - t(days=r.randint(20, 150))
                start = surv + t(days=r.randint(0, 15))
            else:
                surv = day - t(days=r.randint(1, 30))
                start = surv + t(days=r.choice([0, 0, 1]))
            end = start + t(days=r.randint(3, 45))
            return dict(surv=surv, start=start, end=end)
        if nature == "prolongation":
            surv = day - t(days=r.randint(25, 120))
            start = day - t(days=r.randint(-2, 10))
            init = surv + t(days=r.choice([0, 1]))
            end = start + t(days=r.randint(7, 40))
            return dict(surv=surv, start=start, end=end, initial_start=init, prev_end=start - t(days=1))
        surv = day - t(days=r.randint(150, 700))
        start = day - t(days=r.randint(0, 15))
        end = start + t(days=r.randint(6, 50))
        return dict(surv=surv, start=start, end=end)
    if cat in ("longue_maladie", "longue_duree", "grave_maladie"):
        k = r.choice([3, 6, 6, 12]) if cat != "longue_duree" else r.choice([3, 6])
        if nature == "initial":
            start = day - t(days=r.randint(0, 50))
            return dict(surv=start, start=start, end=add_months(start, k) - t(days=1))
        init = day - t(days=r.randint(100, 300))
        start = day - t(days=r.randint(-10, 20))
        return dict(surv=init, start=start, end=add_months(start, k) - t(days=1), initial_start=init,
                    prev_end=start - t(days=1))
    if cat == "maternite":
        start = day + t(days=r.randint(-20, 25))
        return dict(surv=start, start=start, end=start + t(days=r.choice([111, 111, 181])))
    if cat == "paternite":
        start = day - t(days=r.randint(-15, 20))
        return dict(surv=start, start=start, end=start + t(days=r.choice([24, 24, 31])), birth=start - t(days=r.randint(0, 3)))
    if cat == "adoption":
        start = day - t(days=r.randint(-10, 15))
        return dict(surv=start, start=start, end=start + t(days=111))
    if cat == "temps_partiel_therapeutique":
        if nature == "initial":
            start = day - t(days=r.randint(-10, 20))
            return dict(surv=start, start=start, end=add_months(start, r.choice([1, 2, 3])) - t(days=1))
        init = day - t(days=r.randint(60, 200))
        start = day - t(days=r.randint(-10, 10))
        return dict(surv=init, start=start, end=add_months(start, r.choice([1, 3])) - t(days=1),
                    initial_start=init, prev_end=start - t(days=1))
    # deces
    return dict(surv=day - t(days=r.randint(2, 30)), start=None, end=None)
