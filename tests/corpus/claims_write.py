"""The text of declaration and documents mails: who (name forms, NIR, birth date), what, when, and quoted/forwarded parts."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from corpus.claims_dates import MONTHS, WEEKDAYS, distractor_reference, say_date, say_period
from corpus.claims_mail import Mail, Sender, assemble, employer_words, signature
from corpus.claims_names import fold, title_name
from corpus.claims_people import NAME_FORMS, say_birth, say_name, say_nir, typo
from corpus.claims_plan import ClaimPlan
from corpus.claims_text import (
    CIRC_SERVICE,
    CIRC_TRAJET,
    CLOSINGS,
    DECLARE,
    DISEASES,
    DOCUMENTS,
    GREETINGS,
    OPEN_ENDED,
    PIECES_FOLLOW,
    fill,
    pieces_phrase,
)

SUBJECT_LABEL = {"maladie_ordinaire": "Arrêt maladie", "longue_maladie": "Congé de longue maladie", "longue_duree": "CLD",
                 "grave_maladie": "Congé grave maladie", "accident_service": "Accident de service", "accident_trajet": "Accident de trajet",
                 "maladie_professionnelle": "Maladie professionnelle", "maternite": "Congé maternité", "paternite": "Congé paternité",
                 "adoption": "Congé adoption", "temps_partiel_therapeutique": "Temps partiel thérapeutique", "deces": "Déclaration décès"}


def choose_name_form(rng: random.Random, plan: ClaimPlan, who_mode: str) -> str:
    if who_mode == "typo":
        return "typo"
    forms = dict(NAME_FORMS)
    if plan.agent and plan.agent.birth_name:
        forms.update({"nee": 10, "epouse": 4, "birth_only": 3})
    if who_mode == "registered":
        forms["surname"] = 8
    return rng.choices(list(forms), weights=list(forms.values()))[0]


def who(ctx, plan: ClaimPlan, *, with_ids: bool = True) -> str:
    """The agent as this mail names them, with the NIR and birth date the plan says the body states."""
    rng, p = ctx.rng, plan.person
    form = plan.name_form
    if form == "typo":
        others = [a.last_name for a in ctx.registry.agents_of(plan.agent.collectivite) if a.matricule != plan.agent.matricule]
        slip = typo(p.last_name, rng, others)
        if slip:
            ctx.tags.add("typo")
            text = say_name(p.first_name, slip, p.sex, rng, rng.choice(["civ_first_upper", "civ_upper_first", "upper_first"]))
        else:
            plan.name_form = form = "civ_first_upper"
    if form != "typo":
        birth_name = plan.agent.birth_name if plan.agent else None
        text = say_name(p.first_name, p.last_name, p.sex, rng, form, birth_name)
        ctx.tags.add(f"name-{form}")
    if with_ids and plan.body_birth:
        text += f" ({say_birth(p.birth_date, p.sex, rng)})"
    if with_ids and plan.body_nir:
        nir, nir_form = say_nir(p.nir15[:13], rng)
        ctx.tags.add(f"nir-{nir_form}")
        text += f" ({nir})"
    return text


def claim_sentence(ctx, plan: ClaimPlan, who_text: str) -> str:
    rng = ctx.rng
    e = "e" if plan.person.sex == 2 else ""
    slots = {"who": who_text, "e": e}
    if plan.start and plan.end:
        period, tags = say_period(plan.start, plan.end, rng, ctx.day)
        ctx.tags.update(tags)
        slots["period"] = period
    for name in ("event", "initial", "child"):
        value = getattr(plan, name)
        if value:
            slots[name], tags = say_date(value, rng, ctx.day)
            ctx.tags.update(tags)
    if plan.category == "accident_service":
        slots["circ"] = rng.choice(CIRC_SERVICE).replace("{e}", e)
    elif plan.category == "accident_trajet":
        slots["circ"] = rng.choice(CIRC_TRAJET).replace("{e}", e)
    slots["disease"] = rng.choice(DISEASES)
    if plan.open_ended:
        slots["start"], _ = say_date(plan.start, rng, ctx.day)
        ctx.tags.add("open-ended")
        return fill(rng.choice(OPEN_ENDED), rng, **slots)
    templates = DECLARE[(plan.category, plan.nature)]
    if plan.category == "accident_service":
        templates = [t for t in templates if "{circ_trajet}" not in t]
    if plan.category == "accident_trajet":
        templates = [t for t in templates if "{circ_service}" not in t]
    return fill(rng.choice(templates), rng, **slots)


def pieces_sentence(ctx, plans: list[ClaimPlan]) -> str:
    rng = ctx.rng
    kinds = [p.kind for plan in plans for p in plan.pieces]
    if not kinds:
        return rng.choice(PIECES_FOLLOW)
    unique = list(dict.fromkeys(kinds))
    return rng.choice([f"Pièces jointes : {pieces_phrase(unique)}.", f"Vous trouverez ci-joint {pieces_phrase(unique)}.", "",
                       "Les pièces sont jointes à ce message."])


def _intro(ctx, sender: Sender) -> str:
    if sender.kind == "named" and ctx.rng.random() < 0.5:
        e = ctx.registry.employer(sender.employer)
        return f"Je vous écris pour la {employer_words(e.name, ctx.rng)} depuis ma messagerie personnelle.\n\n" if e.name.startswith("Mairie") \
            else f"Je vous écris pour le compte de : {employer_words(e.name, ctx.rng)}.\n\n"
    return ""


def _subject(ctx, plans: list[ClaimPlan], style: str) -> str:
    rng = ctx.rng
    if len(plans) > 1:
        return rng.choice(["Arrêts maladie", "Déclarations d'arrêts", "Déclaration de plusieurs arrêts"])
    plan = plans[0]
    label = SUBJECT_LABEL[plan.category]
    if plan.nature == "prolongation":
        label = rng.choice(["Prolongation arrêt", f"Prolongation {label.lower()}"])
    elif plan.nature == "rechute":
        label = f"Rechute {label.lower()}"
    name = who(ctx, plan, with_ids=False) if plan.name_form not in ("typo", "surname") else plan.person.last_name
    return rng.choice([f"{label} {name}", f"{label} - {name}", "Déclaration", f"{label}", "Arrêt de travail", ""])


def _quote(ctx, text: str, when: datetime) -> str:
    rng = ctx.rng
    day = f"{WEEKDAYS[when.weekday()][:3]}. {when.day} {MONTHS[when.month - 1]} {when.year}"
    if rng.random() < 0.6:
        head = rng.choice([f"Le {day} à {when:%H:%M}, Service prestations <prestations@cdg-exemple.fr> a écrit :",
                           f"Le {when:%d/%m/%Y} à {when:%H:%M}, prestations@cdg-exemple.fr a écrit :"])
        return head + "\n" + "\n".join(f"> {ln}" if ln else ">" for ln in text.split("\n"))
    return (f"-----Message d'origine-----\nDe : Service prestations <prestations@cdg-exemple.fr>\n"
            f"Envoyé : {WEEKDAYS[when.weekday()]} {when.day} {MONTHS[when.month - 1]} {when.year} {when:%H:%M}\n"
            f"À : rh\nObjet : Dossier en cours\n\n{text}")


def _history(ctx, plan: ClaimPlan) -> str:
    """What the prestations service wrote earlier: about this agent's initial stop, or about another agent."""
    rng = ctx.rng
    mine = plan.agent.matricule if plan.agent else ""
    other = rng.choice([a for a in ctx.registry.agents_of(ctx.current_code) if a.matricule != mine])
    a = ctx.day - timedelta(days=rng.randint(20, 80))
    b = a + timedelta(days=rng.randint(5, 30))
    name = say_name(other.first_name, other.last_name, other.sex, rng, "civ_upper_first")
    ref = f"SIN-{a.year}-{rng.randint(100, 99999):05d}"
    return rng.choice([
        f"Bonjour,\n\nNous accusons réception de la déclaration de l'arrêt de {name} du {a:%d/%m/%Y} au {b:%d/%m/%Y}. "
        f"Référence du dossier : {ref}.\n\nService prestations",
        f"Bonjour,\n\nPour l'accident de service de {name} du {a:%d/%m/%Y}, il nous manque l'enquête administrative. "
        f"Merci de nous la transmettre avant le {b:%d/%m/%Y}.\n\nService prestations",
    ])


def write_declaration(ctx, sender: Sender, plans: list[ClaimPlan], style: str) -> Mail:
    rng = ctx.rng
    ctx.current_code = sender.employer
    sentences = [claim_sentence(ctx, plan, who(ctx, plan)) for plan in plans]
    extra = f"\n\n{distractor_reference(rng, ctx.day)}" if rng.random() < 0.15 else ""
    if extra:
        ctx.tags.add("reference-number")
    attachments = [p for plan in plans for p in plan.pieces]
    rng.shuffle(attachments)
    if style == "form_only":
        plan = plans[0]
        lead = rng.choice(["Veuillez trouver ci-joint les documents reçus ce jour.", "Ci-joint pour déclaration.",
                           f"Veuillez trouver ci-joint les pièces concernant {who(ctx, plan, with_ids=False)}."])
        core = lead
    elif style == "two":
        joiner = rng.choice(["\n- ", "\n\n"])
        core = rng.choice(["Nous vous déclarons les arrêts suivants :", "Voici deux déclarations :"]) + joiner + joiner.join(sentences)
    else:
        core = sentences[0]
    body = f"{rng.choice(GREETINGS)}\n\n{_intro(ctx, sender)}{core}{extra}\n\n{pieces_sentence(ctx, plans)}\n\n{rng.choice(CLOSINGS)}\n\n{signature(ctx, sender)}"
    subject = _subject(ctx, plans, style)
    if style == "forward_agent":
        body, subject = _forward(ctx, sender, plans[0], sentences[0])
    elif style == "reply":
        when = ctx.sent - timedelta(days=rng.randint(3, 40), hours=rng.randint(0, 5))
        body = body + "\n\n" + _quote(ctx, _history(ctx, plans[0]), when)
        subject = "RE: " + rng.choice(["Dossier en cours", subject or "Déclaration", "Accusé de réception"])
        ctx.tags.add("quoted-history")
    return assemble(ctx, sender, subject, body.replace("\n\n\n\n", "\n\n"), attachments)


def _forward(ctx, sender: Sender, plan: ClaimPlan, sentence: str) -> tuple[str, str]:
    """The secretary forwards the agent's own mail; the agent's words are the declaration."""
    rng, p = ctx.rng, plan.person
    period, tags = say_period(plan.start, plan.end, rng, ctx.day)
    ctx.tags.update(tags)
    personal = f"{fold(p.first_name).lower().replace(' ', '-')}.{fold(p.last_name).lower().replace(' ', '')}@{rng.choice(['gmail.com', 'orange.fr', 'free.fr'])}"
    what = ("mon arrêt de travail " + period) if plan.category == "maladie_ordinaire" else \
        f"mon certificat de grossesse ; je serai en congé de maternité {period}"
    inner = f"Bonjour,\n\nVeuillez trouver ci-joint {what}.\n\nCordialement,\n{p.first_name} {rng.choice([p.last_name, title_name(p.last_name)])}"
    when = ctx.sent - timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 6))
    day = f"{WEEKDAYS[when.weekday()]} {when.day} {MONTHS[when.month - 1]} {when.year}"
    shown = f"{p.first_name} {title_name(p.last_name)}"
    head = rng.choice([
        f"-------- Message transféré --------\nSujet : Arrêt\nDate : {when:%d/%m/%Y %H:%M}\nDe : {shown} <{personal}>\nPour : {sender.address}",
        f"---------- Forwarded message ---------\nDe : {shown} <{personal}>\nDate: {day[:3]}. {when.day} {MONTHS[when.month - 1]} {when.year} à {when:%H:%M}\nSubject: Mon arrêt\nTo: <{sender.address}>",
        f"________________________________\nDe : {shown} <{personal}>\nEnvoyé : {day} {when:%H:%M}\nÀ : {sender.address}\nObjet : Mon arrêt",
    ])
    mention = who(ctx, plan) if rng.random() < 0.5 else "l'agent"
    outer = rng.choice([f"Je vous transfère le message de {mention} pour déclaration.", "Pour déclaration, voir ci-dessous.",
                        f"Ci-dessous l'arrêt transmis par {mention}."])
    body = f"Bonjour,\n\n{outer}\n\nCordialement,\n\n{signature(ctx, sender)}\n\n{head}\n\n{inner}\n"
    ctx.tags.add("forward")
    return body, rng.choice(["TR: Arrêt de travail", "Fwd: Mon arrêt", "TR: Mon arrêt"])


def write_documents(ctx, sender: Sender, plan: ClaimPlan, *, reply: bool) -> Mail:
    rng = ctx.rng
    ctx.current_code = sender.employer
    e = "e" if plan.person.sex == 2 else ""
    event, tags = say_date(plan.event, rng, ctx.day)
    ctx.tags.update(tags)
    kinds = list(dict.fromkeys(p.kind for p in plan.pieces))
    sentence = fill(rng.choice(DOCUMENTS[plan.category]), rng, who=who(ctx, plan), event=event, e=e, pieces=pieces_phrase(kinds))
    body = f"{rng.choice(GREETINGS)}\n\n{_intro(ctx, sender)}{sentence}\n\n{rng.choice(CLOSINGS)}\n\n{signature(ctx, sender)}"
    subject = rng.choice(["Documents", "Complément de dossier", "Pièces complémentaires", f"Dossier {plan.person.last_name}"])
    if reply:
        when = ctx.sent - timedelta(days=rng.randint(5, 40))
        ask = (f"Bonjour,\n\nLe dossier de {say_name(plan.person.first_name, plan.person.last_name, plan.person.sex, rng, 'civ_upper_first')} "
               f"est incomplet. Merci de nous transmettre les pièces manquantes.\n\nService prestations")
        body += "\n\n" + _quote(ctx, ask, when)
        subject = "RE: Pièces manquantes"
        ctx.tags.add("quoted-history")
    attachments = list(plan.pieces)
    return assemble(ctx, sender, subject, body, attachments)
