"""The truth of a claim (drawn first) and what the expected object says about it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .registry import Agent, Employer, identify

MANDATORY = {
    "maladie_ordinaire": {"initial": [["arret_travail"]], "prolongation": [["arret_travail"]]},
    "longue_maladie": {"initial": [["arret_travail"], ["avis_conseil_medical"], ["arrete"]],
                       "prolongation": [["arret_travail"], ["avis_conseil_medical"]]},
    "accident_service": {"initial": [["declaration_accident"], ["certificat_at_mp"], ["enquete_administrative"]],
                         "prolongation": [["certificat_at_mp", "arret_travail"]], "rechute": [["certificat_at_mp"]]},
    "maladie_professionnelle": {"initial": [["declaration_maladie_professionnelle"], ["certificat_at_mp"]],
                                "prolongation": [["certificat_at_mp", "arret_travail"]],
                                "rechute": [["certificat_at_mp"]]},
    "maternite": {"initial": [["certificat_grossesse"]], "prolongation": [["arret_travail"]]},
    "paternite": {"initial": [["acte_naissance"], ["demande_agent"]]},
    "adoption": {"initial": [["justificatif_adoption"], ["demande_agent"]]},
    "temps_partiel_therapeutique": {"initial": [["certificat_medical"], ["demande_agent"]],
                                    "prolongation": [["certificat_medical"]]},
    "deces": {"initial": [["acte_deces"], ["bulletin_salaire"]]},
}
MANDATORY["longue_duree"] = MANDATORY["grave_maladie"] = MANDATORY["longue_maladie"]
MANDATORY["accident_trajet"] = MANDATORY["accident_service"]


def missing(category: str, nature: str | None, kinds: set[str]) -> list[str]:
    reqs = MANDATORY[category].get(nature or "initial", [])
    return sorted({alts[0] for alts in reqs if not any(k in kinds for k in alts)})


@dataclass
class Piece:
    kind: str
    medium: str  # pdf, scanpdf, scanjpg, photo, cover (cover letter + piece in one text PDF)
    filename: str = ""
    data: bytes = b""
    prints_nir: bool = False
    prints_birth: bool = False

    @property
    def ocr(self) -> bool:
        return self.medium in ("scanpdf", "scanjpg", "photo")


@dataclass
class Claim:
    agent: Agent
    employer: Employer
    category: str
    nature: str | None  # None for intent documents
    survenance: date
    start: date | None
    end: date | None
    initial_start: date | None = None  # first day of the claim (prolongations)
    prev_end: date | None = None
    pieces: list[Piece] = field(default_factory=list)
    # what the body shows
    body_nir: bool = False
    body_birth: bool = False
    body_matricule: bool = False
    name_form: str = "full"  # full, surname
    extra: dict = field(default_factory=dict)

    def shown(self) -> dict:
        return {"nir": self.body_nir or any(p.prints_nir for p in self.pieces),
                "birth_date": self.body_birth or any(p.prints_birth for p in self.pieces),
                "matricule": self.body_matricule,
                "full": self.name_form == "full" or bool(self.pieces), "surname": True}

    def expected(self) -> dict:
        s = self.shown()
        mat = identify(self.employer, self.agent, s)
        kinds = {p.kind for p in self.pieces}
        return {
            "agent": mat,
            "agent_confidence": 1.0 if mat else 0.0,
            "agent_name": f"{self.agent.last} {self.agent.first}",
            "nir": self.agent.nir13 if s["nir"] else None,
            "category": self.category,
            "nature": self.nature,
            "date_survenance": self.survenance.isoformat(),
            "arret_start": self.start.isoformat() if self.start else None,
            "arret_end": self.end.isoformat() if self.end else None,
            "documents": [{"filename": p.filename, "kind": p.kind} for p in self.pieces],
            "missing_documents": missing(self.category, self.nature, kinds),
        }


CATS_CNRACL = [("maladie_ordinaire", 34), ("accident_service", 16), ("accident_trajet", 6),
               ("maladie_professionnelle", 6), ("longue_maladie", 5), ("longue_duree", 3), ("maternite", 5),
               ("paternite", 4), ("adoption", 1), ("temps_partiel_therapeutique", 6), ("deces", 2)]
CATS_IRC = [("maladie_ordinaire", 40), ("accident_service", 14), ("accident_trajet", 5),
            ("maladie_professionnelle", 3), ("grave_maladie", 4), ("maternite", 5), ("paternite", 4),
            ("temps_partiel_therapeutique", 4)]


def pick_category(rng: random.Random, agent: Agent, allowed: set[str] | None = None) -> str:
    table = CATS_CNRACL if agent.regime == "CNRACL" else CATS_IRC
    table = [(c, w) for c, w in table if allowed is None or c in allowed]
    if agent.sex == 1:
        table = [(c, w) for c, w in table if c != "maternite"]
    else:
        table = [(c, w) for c, w in table if c != "paternite"]
    return rng.choices([c for c, _ in table], [w for _, w in table])[0]


def pick_nature(rng: random.Random, category: str) -> str:
    if category in ("paternite", "adoption", "deces", "maternite"):
        return "initial"
    if category in ("accident_service", "accident_trajet", "maladie_professionnelle"):
        return rng.choices(["initial", "prolongation", "rechute"], [55, 28, 17])[0]
    return rng.choices(["initial", "prolongation"], [65, 35])[0]


def draw_dates(rng: random.Random, category: str, nature: str, mail_day: date) -> dict:
    """First day off, last day, survenance, initial first day, previous end — consistent with domain.md."""
    dd = timedelta
    out: dict = {"initial_start": None, "prev_end": None}
    if category == "deces":
        death = mail_day - dd(days=rng.randint(3, 40))
        return {**out, "survenance": death, "start": None, "end": None}
    if category == "maternite":
        start = mail_day - dd(days=rng.randint(-20, 25))
        n = rng.choice([112, 112, 182])
        return {**out, "survenance": start, "start": start, "end": start + dd(days=n - 1)}
    if category in ("paternite", "adoption"):
        start = mail_day - dd(days=rng.randint(-10, 25))
        n = 25 if category == "paternite" else rng.choice([70, 112])
        return {**out, "survenance": start, "start": start, "end": start + dd(days=n - 1)}
    long_ = category in ("longue_maladie", "longue_duree", "grave_maladie")
    tpt = category == "temps_partiel_therapeutique"
    dur = (rng.choice([91, 182, 92]) if long_ else rng.choice([30, 61, 91]) if tpt
           else rng.choice([3, 5, 7, 10, 14, 15, 21, 30, 31, 45]))
    if nature == "initial":
        start = mail_day - dd(days=rng.randint(0, 35))
        surv = start
        if category in ("accident_service", "accident_trajet"):
            surv = start - dd(days=rng.choice([0, 0, 0, 1]))
        elif category == "maladie_professionnelle":
            surv = start - dd(days=rng.randint(0, 60))
        return {**out, "survenance": surv, "start": start, "end": start + dd(days=dur - 1)}
    if nature == "prolongation":
        # the previous period ends around the mail's day: prolongations are sent as they come
        prev_end = mail_day - dd(days=rng.randint(-3, 12))
        first = prev_end - dd(days=rng.randint(9, 100))
        start = prev_end + dd(days=1)
        surv = first
        if category in ("accident_service", "accident_trajet"):
            surv = first - dd(days=rng.choice([0, 0, 1]))
        elif category == "maladie_professionnelle":
            surv = first - dd(days=rng.randint(0, 40))
        return {"initial_start": first, "prev_end": prev_end, "survenance": surv, "start": start,
                "end": start + dd(days=dur - 1)}
    # rechute: an accident or disease of months or years ago
    event = mail_day - dd(days=rng.randint(200, 1100))
    start = mail_day - dd(days=rng.randint(0, 30))
    return {**out, "survenance": event, "start": start, "end": start + dd(days=dur - 1)}
