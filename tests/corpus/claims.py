"""Labelled mails for the understanding stage: raw .eml bytes with the exact `intake parse` object contract.md promises.

    registry = build_registry()                  # corpus.registry; write_csv(folder) for intake
    cases = generate(500, seed=7, registry=registry)
    cases[0].raw, cases[0].expected, cases[0].tags

Intents: declaration (~65 %), documents, question, other, auto_reply. The expected object is derived from the plan
of each mail (who, category, nature, days, pieces) by the rules of contract.md, never from the text itself; each
piece's own text is read back to know whether it states the NIR or the birth date.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from corpus import claims_mail, claims_write
from corpus.claims_docs import make_piece
from corpus.claims_plan import (
    CATEGORY_WEIGHTS,
    NATURE_WEIGHTS,
    ClaimPlan,
    choose_pieces,
    eligible,
    person_of,
    plan_dates,
    stranger,
    weighted,
)
from corpus.claims_rules import missing
from corpus.registry import Registry, build_registry

PARIS = ZoneInfo("Europe/Paris")
INTENT_WEIGHTS = {"declaration": 65, "documents": 12, "question": 8, "other": 7, "auto_reply": 8}


@dataclass
class Case:
    name: str
    raw: bytes
    expected: dict[str, Any]
    tags: tuple[str, ...]


class Ctx:
    """What one mail is being built from: its random stream, the registry, the day, the media rates."""

    def __init__(self, rng: random.Random, registry: Registry, scan_rate: float, photo_rate: float) -> None:
        self.rng, self.registry, self.scan_rate, self.photo_rate = rng, registry, scan_rate, photo_rate
        day = date(2025, 1, 6) + timedelta(days=rng.randint(0, 380))
        self.sent = datetime.combine(day, time(rng.randint(7, 18), rng.randint(0, 59), rng.randint(0, 59)), PARIS)
        self.day = day
        self.tags: set[str] = set()
        self.current_code = ""

    def medium(self) -> str:
        roll = self.rng.random()
        return "scan" if roll < self.scan_rate else "photo" if roll < self.scan_rate + self.photo_rate else "text"


def _pick_agent(ctx: Ctx, code: str, category: str, mode: str):
    pool = [a for a in ctx.registry.agents_of(code) if eligible(a, category)]
    if mode == "homonym":
        homs = [a for a in pool if ctx.registry.homonyms_of(a)]
        if homs:
            return ctx.rng.choice(homs)
    return ctx.rng.choice([a for a in pool if not ctx.registry.homonyms_of(a)] or pool)


def plan_claim(ctx: Ctx, code: str, *, documents: bool = False, category: str | None = None, attach_rate: float = 0.65,
               who_mode: str | None = None) -> ClaimPlan:
    rng = ctx.rng
    if category is None:
        category = weighted(rng, CATEGORY_WEIGHTS)
    nature = None if documents else weighted(rng, NATURE_WEIGHTS.get(category, {"initial": 1}))
    who_mode = who_mode or "registered"
    if who_mode == "new_hire":
        sex = 2 if category == "maternite" else 1 if category == "paternite" else None
        agent, person = None, stranger(ctx.registry, code, rng, sex)
    else:
        agent = _pick_agent(ctx, code, category, who_mode)
        person = person_of(agent, rng)
    plan = ClaimPlan(category, nature, agent, person, None, None, None)
    plan_dates(plan, rng, ctx.day)
    if documents:
        plan.start = plan.end = None
    if who_mode == "homonym":  # bare name (unresolved unless a piece tells), or NIR, or birth date
        tell = weighted(rng, {"bare": 50, "nir": 25, "birth": 25})
        plan.body_nir, plan.body_birth = tell == "nir", tell == "birth"
        ctx.tags.add(f"homonym-{tell}")
    else:
        plan.body_nir = rng.random() < 0.35
        plan.body_birth = rng.random() < 0.06
    plan.name_form = claims_write.choose_name_form(rng, plan, who_mode)
    if plan.name_form == "surname":
        plan.body_nir = True
    ctx.tags.add(who_mode)
    return plan


def attach_pieces(ctx: Ctx, plan: ClaimPlan, code: str, owner: int, kinds: list[str]) -> None:
    employer = ctx.registry.employer(code)
    for kind in kinds:
        medium = ctx.medium()
        ctx.tags.add(medium if medium != "text" else "text-pdf")
        event = plan.event or plan.start or ctx.day
        start = plan.start or (plan.event or ctx.day) - timedelta(days=20)
        end = plan.end or start + timedelta(days=13)
        plan.pieces.append(make_piece(kind, ctx.rng, plan.person, category=plan.category, nature=plan.nature,
                                      employer=employer.name, commune=employer.commune, event=event, start=start,
                                      end=end, medium=medium, owner=owner, when=ctx.day))


def expected_claim(ctx: Ctx, plan: ClaimPlan, collectivite: str | None) -> dict[str, Any]:
    states_nir = plan.body_nir or any(p.states_nir for p in plan.pieces)
    states_birth = plan.body_birth or any(p.states_birth for p in plan.pieces)
    agent = None
    if plan.agent and collectivite == plan.agent.collectivite:
        homonyms = ctx.registry.homonyms_of(plan.agent)
        if not homonyms or states_nir or states_birth:
            agent = plan.agent.matricule
        else:
            ctx.tags.add("homonym-unresolved")
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    documents = [{"filename": p.filename, "kind": p.kind} for p in plan.pieces]
    stop = plan.nature is not None and plan.category != "deces"
    return {
        "agent": agent,
        "agent_confidence": 1.0 if agent else None,
        "agent_name": f"{plan.person.last_name} {plan.person.first_name}",
        "nir": plan.person.nir15[:13] if states_nir else None,
        "category": plan.category,
        "nature": plan.nature,
        "date_survenance": iso(plan.survenance),
        "arret_start": iso(plan.start) if stop else None,
        "arret_end": iso(plan.end) if stop and not plan.open_ended else None,
        "documents": documents,
        "missing_documents": missing(plan.category, plan.nature, {p.kind for p in plan.pieces}),
    }


def _declaration(ctx: Ctx) -> tuple[str, claims_mail.Mail, list[ClaimPlan]]:
    rng = ctx.rng
    style = weighted(rng, {"plain": 72, "two": 7, "forward_agent": 6, "reply": 8, "form_only": 7})
    who_mode = weighted(rng, {"registered": 78, "homonym": 10, "new_hire": 7, "typo": 5}) if style in ("plain", "reply") else "registered"
    homonymous = ctx.registry.employers_with_homonyms()
    code = rng.choice(homonymous) if who_mode == "homonym" else rng.choice(ctx.registry.employers).code
    sender = claims_mail.choose_sender(ctx, code, allow_anonymous=style == "plain")  # pieces would name the employer
    if style == "two":
        body_only = rng.random() < 0.4
        cat = rng.choice(["maladie_ordinaire", "maladie_ordinaire", "accident_service", "temps_partiel_therapeutique"])
        plans = []
        for owner in range(2):
            plan = plan_claim(ctx, code, category=cat if owner == 0 or rng.random() < 0.7 else "maladie_ordinaire",
                              who_mode="registered")
            while plans and plan.agent and plan.agent.matricule == plans[0].agent.matricule:
                plan = plan_claim(ctx, code, category=plan.category, who_mode="registered")
            plans.append(plan)
        for owner, plan in enumerate(plans):
            kinds = ["arret_travail"] if not body_only and plan.category == "maladie_ordinaire" else []
            attach_pieces(ctx, plan, code, owner, kinds)
        ctx.tags.add("two-agents")
    elif style == "form_only":
        cat = rng.choice(["maladie_ordinaire", "maladie_ordinaire", "accident_service", "accident_trajet"])
        plan = plan_claim(ctx, code, category=cat, who_mode="registered")
        plan.nature = "initial"
        plan_dates(plan, rng, ctx.day)
        kinds = ["arret_travail"] if cat == "maladie_ordinaire" else ["declaration_accident", "certificat_at_mp"]
        plan.body_nir = plan.body_birth = False
        attach_pieces(ctx, plan, code, 0, kinds)
        plans = [plan]
        ctx.tags.add("form-only")
    else:
        cat = rng.choice(["maladie_ordinaire", "maladie_ordinaire", "maternite"]) if style == "forward_agent" else None
        plan = plan_claim(ctx, code, category=cat, who_mode=who_mode)
        if style == "forward_agent":
            plan.nature = "initial"
            plan_dates(plan, rng, ctx.day)
        body_only = rng.random() < (0.7 if "homonym-bare" in ctx.tags else 0.18) or sender.kind == "anonymous"
        if sender.kind == "anonymous":
            plan.body_nir = False
        kinds = [] if body_only else choose_pieces(plan.category, plan.nature, rng, 0.7)
        if style == "forward_agent" and not body_only:
            kinds = ["arret_travail"] if plan.category == "maladie_ordinaire" else ["certificat_grossesse"]
        if not kinds and plan.category == "maladie_ordinaire" and plan.nature == "initial" and rng.random() < 0.15:
            plan.open_ended = True
        attach_pieces(ctx, plan, code, 0, kinds)
        plans = [plan]
        ctx.tags.add(style)
    mail = claims_write.write_declaration(ctx, sender, plans, style)
    return code, mail, plans


def _documents(ctx: Ctx) -> tuple[str, claims_mail.Mail, list[ClaimPlan]]:
    rng = ctx.rng
    who_mode = weighted(rng, {"registered": 83, "homonym": 10, "new_hire": 7})
    homonymous = ctx.registry.employers_with_homonyms()
    code = rng.choice(homonymous) if who_mode == "homonym" else rng.choice(ctx.registry.employers).code
    sender = claims_mail.choose_sender(ctx, code, allow_anonymous=False)
    cat = weighted(rng, {"accident_service": 50, "accident_trajet": 20, "maladie_professionnelle": 15, "deces": 15})
    plan = plan_claim(ctx, code, documents=True, category=cat, who_mode=who_mode)
    # no certificat AT/MP here: it states a stop, which would make the mail a declaration
    pool = {"accident_service": ["declaration_accident", "enquete_administrative", "temoignage", "facture", "certificat_final"],
            "accident_trajet": ["declaration_accident", "enquete_administrative", "plan_trajet", "constat_amiable", "certificat_final"],
            "maladie_professionnelle": ["declaration_maladie_professionnelle"],
            "deces": ["acte_deces", "bulletin_salaire"]}[cat]
    kinds = rng.sample(pool, min(len(pool), rng.choice([1, 1, 2])))
    attach_pieces(ctx, plan, code, 0, kinds)
    mail = claims_write.write_documents(ctx, sender, plan, reply=rng.random() < 0.35)
    return code, mail, [plan]


def _build(ctx: Ctx, index: int) -> Case:
    rng = ctx.rng
    intent = weighted(rng, INTENT_WEIGHTS)
    ctx.tags.add(intent)
    plans: list[ClaimPlan] = []
    if intent == "declaration":
        _code, mail, plans = _declaration(ctx)
    elif intent == "documents":
        _code, mail, plans = _documents(ctx)
    else:
        mail = claims_mail.write_no_claim(ctx, intent)
    expected = {
        "message_id": mail.message_id,
        "from": mail.sender.address,
        "collectivite": mail.sender.collectivite,
        "intent": intent,
        "claims": [expected_claim(ctx, p, mail.sender.collectivite) for p in plans],
        "attachments": [{"filename": a.filename, "kind": a.kind, "ocr": a.ocr} for a in mail.attachments],
    }
    if any(c["nir"] for c in expected["claims"]):
        ctx.tags.add("nir")
    for p in plans:
        ctx.tags.update({p.category, p.nature or "no-nature"})
    if not mail.attachments:
        ctx.tags.add("body-only" if plans else "no-attachment")
    return Case(f"claims-{index:04d}", mail.raw, expected, tuple(sorted(ctx.tags)))


def generate(n: int, seed: int = 7, *, registry: Registry | None = None, scan_rate: float = 0.07,
             photo_rate: float = 0.02) -> list[Case]:
    """n labelled mails; each mail has its own random stream, so case i is the same whatever n is."""
    registry = registry or build_registry()
    return [one_case(i, seed, registry=registry, scan_rate=scan_rate, photo_rate=photo_rate) for i in range(n)]


def one_case(i: int, seed: int = 7, *, registry: Registry, scan_rate: float = 0.07, photo_rate: float = 0.02) -> Case:
    """Case i of generate(n, seed) alone (to look again at one failure without rebuilding the corpus)."""
    return _build(Ctx(random.Random(f"{seed}:{i}"), registry, scan_rate, photo_rate), i)


__all__ = ["Case", "generate", "one_case"]
