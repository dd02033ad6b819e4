"""How family C's writers put a claim into words: the name of the agent, the category, the nature and the
dates. Every phrase is written from the truth; the caller records what it shows (NIR, birth date,
matricule) so that the expected agent follows from the text."""

from __future__ import annotations

import random
from datetime import date

from . import frdates as F
from .registry import Coll, nir_key, surname_unique
from .truth import Claim

GRADES = {"sdis": ["le sergent-chef", "le caporal", "l'adjudant", "le lieutenant", "la sergente", "le caporal-chef"],
          "ehpad": ["l'ASH", "l'aide-soignante", "l'agent de service hospitalier", "l'infirmière"],
          "syndicat": ["l'agent d'exploitation", "le fontainier", "l'adjoint technique"],
          "mairie": ["l'adjoint technique", "l'ATSEM", "l'adjointe administrative", "l'agent de voirie"],
          "petite_commune": ["l'agent technique", "la secrétaire", "l'employé communal"],
          "ccas": ["l'aide à domicile", "l'auxiliaire de vie"],
          "agglo": ["l'agent de collecte", "le technicien", "la chargée d'accueil"]}


def name_text(r: random.Random, c: Claim, hurried: bool = False) -> str:
    """The agent's name as the writer puts it; sets c.name_form and what it shows."""
    a, coll = c.agent, c.coll
    forms = ["civ_first_last", "last_first", "first_last_title", "grade"]
    if a.birth_last:
        forms.append("epouse")
    if surname_unique(a, coll) and a.exported:
        forms.append("surname")
    if a.exported:
        forms.append("matricule")
    if hurried:
        forms += ["lower", "lower"]
    form = r.choice(forms)
    c.name_form = form
    if form == "civ_first_last":
        return f"{a.civ} {a.first} {a.last}"
    if form == "last_first":
        return f"{a.last} {a.first}"
    if form == "first_last_title":
        return f"{a.first} {a.last.title()}"
    if form == "grade":
        fem = ("la ", "soignante", "ière", "adjointe", "chargée", "secrétaire", "sergente")
        g = r.choice([x for x in GRADES[coll.kind] if any(m in x for m in fem) == (a.sex == "F")]
                     or ["l'agent"])
        return f"{g} {a.first} {a.last}"
    if form == "epouse":
        return f"{a.civ} {a.first} {a.birth_last} épouse {a.last}"
    if form == "surname":
        return f"{a.civ} {a.last}"
    if form == "lower":
        return f"{a.first.lower()} {a.last.lower()}"
    c.mat_in_body = True
    return f"{a.first} {a.last} (matricule {a.matricule})"


def separators(r: random.Random, c: Claim, p_nir: float = 0.3, p_birth: float = 0.15) -> str:
    """Optional NIR / birth date after the name."""
    a = c.agent
    out = []
    if r.random() < p_nir:
        c.nir_in_body = True
        full = a.nir + f"{nir_key(a.nir):02d}"
        out.append(r.choice([f"NIR {a.nir}", f"n° de sécu {full}", f"n° SS : {full[0]} {full[1:3]} {full[3:5]} "
                             f"{full[5:7]} {full[7:10]} {full[10:13]} {full[13:]}", f"INSEE {a.nir}",
                             f"sécurité sociale {full[:13]} clé {full[13:]}"]))
    if r.random() < p_birth:
        c.birth_in_body = True
        out.append(r.choice([f"née le {a.birth:%d/%m/%Y}" if a.sex == "F" else f"né le {a.birth:%d/%m/%Y}",
                             f"date de naissance {a.birth:%d/%m/%Y}"]))
    return (" (" + ", ".join(out) + ")") if out else ""


CAT_WORDS = {
    "maladie_ordinaire": ["un arrêt maladie", "un arrêt de travail pour maladie ordinaire", "un congé de maladie ordinaire",
                          "un arrêt de maladie (CMO)"],
    "longue_maladie": ["un congé de longue maladie (CLM)", "un CLM"],
    "longue_duree": ["un congé de longue durée (CLD)", "un CLD"],
    "grave_maladie": ["un congé de grave maladie (CGM)", "un congé de grave maladie"],
}


def _sp(r: random.Random, start: date, end: date, day: date, tags: set[str], relative_ok: bool = True) -> str:
    relative_ok = relative_ok and "_norel" not in tags
    rel = F.relative_start(start, day) if relative_ok and r.random() < 0.25 else None
    if rel:
        tags.add("date-relative")
        style = F.pick_style(r, [end], day)
        tags.add("date-" + style)
        if rel == "ce jour":
            return f"à compter de ce jour et jusqu'au {F.fmt(end, style)} inclus"
        if rel == "hier":
            return f"depuis hier, jusqu'au {F.fmt(end, style)} inclus"
        return f"à compter du {rel.removeprefix('le ')} jusqu'au {F.fmt(end, style)}"
    text, t = F.span(r, start, end, day, "_tpt" not in tags)
    tags |= t
    return text


def claim_sentence(r: random.Random, c: Claim, day: date, tags: set[str], who: str) -> str:
    """One sentence declaring the claim of `who` (the name as written)."""
    cat, nat = c.category, c.nature
    st = F.pick_style(r, [c.surv], day)
    surv = F.fmt(c.surv, st)
    if cat == "maladie_ordinaire":
        if c.private_accident:
            tags.add("private-accident")
            return f"{who} {c.private_accident} ; son médecin lui a prescrit un arrêt {_sp(r, c.start, c.end, day, tags)}."
        if nat == "initial":
            return r.choice([f"{who} est en arrêt maladie {_sp(r, c.start, c.end, day, tags)}.",
                             f"nous vous déclarons {r.choice(CAT_WORDS[cat])} concernant {who}, {_sp(r, c.start, c.end, day, tags)}.",
                             f"{who} nous a transmis {r.choice(CAT_WORDS[cat])} {_sp(r, c.start, c.end, day, tags, False)}."])
        init = F.fmt(c.initial_start, F.pick_style(r, [c.initial_start], day))
        return r.choice([f"l'arrêt maladie de {who} (arrêt initial du {init}) est prolongé {_sp(r, c.start, c.end, day, tags, False)}.",
                         f"{who}, en arrêt depuis le {init}, bénéficie d'une prolongation {_sp(r, c.start, c.end, day, tags, False)}.",
                         f"prolongation de l'arrêt de {who} {_sp(r, c.start, c.end, day, tags, False)} — premier arrêt le {init}."])
    if cat in ("longue_maladie", "longue_duree", "grave_maladie"):
        w = r.choice(CAT_WORDS[cat])
        if nat == "initial":
            return f"{who} est placé(e) en {w.removeprefix('un ')} {_sp(r, c.start, c.end, day, tags, False)}, après avis du conseil médical."
        init = F.fmt(c.initial_start, F.pick_style(r, [c.initial_start], day))
        return (f"le {w.removeprefix('un ')} de {who}, accordé à compter du {init}, est prolongé "
                f"{_sp(r, c.start, c.end, day, tags, False)}.")
    if cat in ("accident_service", "accident_trajet"):
        w = "accident de service" if cat == "accident_service" else "accident de trajet"
        if cat == "accident_service" and r.random() < 0.3:
            w = "accident du travail"
        if nat == "initial":
            rel = F.relative_start(c.surv, day)
            when = f"le {surv}"
            if rel in ("hier", "ce jour") and r.random() < 0.4 and "_norel" not in tags:
                when = "hier" if rel == "hier" else "ce matin"
                tags.add("date-relative")
            stop = ("l'arrêt de travail court " + _sp(r, c.start, c.end, day, tags, False)) if c.start else ""
            return f"{who} a été victime d'un {w} {when} ({c.cause}) ; {stop}."
        if nat == "prolongation":
            init = F.fmt(c.initial_start, F.pick_style(r, [c.initial_start], day))
            return (f"suite à l'{w} de {who} survenu le {surv}, l'arrêt (initial du {init}) est prolongé "
                    f"{_sp(r, c.start, c.end, day, tags, False)}.")
        return (f"{who} est de nouveau arrêté(e) pour une rechute de son {w} du {surv} : nouvel arrêt "
                f"{_sp(r, c.start, c.end, day, tags, False)}.")
    if cat == "maladie_professionnelle":
        if nat == "initial":
            return (f"{who} demande la reconnaissance d'une maladie professionnelle ({c.cause}), première "
                    f"constatation médicale le {surv} ; arrêt de travail {_sp(r, c.start, c.end, day, tags, False)}.")
        if nat == "prolongation":
            init = F.fmt(c.initial_start, F.pick_style(r, [c.initial_start], day))
            return (f"la maladie professionnelle de {who} (1re constatation le {surv}, arrêt initial du {init}) "
                    f"donne lieu à une prolongation {_sp(r, c.start, c.end, day, tags, False)}.")
        return (f"rechute de la maladie professionnelle de {who} (1re constatation médicale le {surv}) : arrêt "
                f"{_sp(r, c.start, c.end, day, tags, False)}.")
    if cat == "maternite":
        return f"{who} sera en congé de maternité {_sp(r, c.start, c.end, day, tags, False)}."
    if cat == "paternite":
        return f"{who} prend son congé de paternité et d'accueil de l'enfant {_sp(r, c.start, c.end, day, tags, False)}."
    if cat == "adoption":
        return f"{who} bénéficie d'un congé d'adoption {_sp(r, c.start, c.end, day, tags, False)}."
    if cat == "temps_partiel_therapeutique":
        if nat == "initial":
            return f"{who} reprend à temps partiel thérapeutique {_sp(r, c.start, c.end, day, tags, False)}."
        init = F.fmt(c.initial_start, F.pick_style(r, [c.initial_start], day))
        return (f"le temps partiel thérapeutique de {who} (débuté le {init}) est renouvelé "
                f"{_sp(r, c.start, c.end, day, tags, False)}.")
    # deces
    return f"nous avons la tristesse de vous informer du décès de {who}, survenu le {surv}."


def first_person(r: random.Random, c: Claim, day: date, tags: set[str]) -> str:
    """The agent writing about their own stop."""
    cat, nat = c.category, c.nature
    if cat == "maladie_ordinaire" and nat == "prolongation":
        init = F.fmt(c.initial_start, F.pick_style(r, [c.initial_start], day))
        return f"Mon arrêt maladie (arrêt initial du {init}) est prolongé {_sp(r, c.start, c.end, day, tags, False)}."
    if cat == "maladie_ordinaire":
        return f"Je suis en arrêt maladie {_sp(r, c.start, c.end, day, tags)}."
    if cat == "temps_partiel_therapeutique" and nat == "prolongation":
        init = F.fmt(c.initial_start, F.pick_style(r, [c.initial_start], day))
        return (f"Mon temps partiel thérapeutique, commencé le {init}, est renouvelé "
                f"{_sp(r, c.start, c.end, day, tags, False)}.")
    if cat == "temps_partiel_therapeutique":
        return f"Je reprends à temps partiel thérapeutique {_sp(r, c.start, c.end, day, tags, False)}."
    if cat == "paternite":
        return f"Je prends mon congé de paternité et d'accueil de l'enfant {_sp(r, c.start, c.end, day, tags, False)}."
    surv = F.fmt(c.surv, F.pick_style(r, [c.surv], day))
    if nat == "initial":
        return (f"J'ai eu un accident de trajet le {surv} ({c.cause}) ; mon arrêt de travail court "
                f"{_sp(r, c.start, c.end, day, tags, False)}.")
    if nat == "prolongation":
        init = F.fmt(c.initial_start, F.pick_style(r, [c.initial_start], day))
        return (f"Suite à mon accident de trajet du {surv}, mon arrêt (initial du {init}) est prolongé "
                f"{_sp(r, c.start, c.end, day, tags, False)}.")
    return (f"Je fais une rechute de mon accident de trajet du {surv} : nouvel arrêt "
            f"{_sp(r, c.start, c.end, day, tags, False)}.")


def third_person(r: random.Random, c: Claim, day: date, tags: set[str]) -> str:
    """A relative writing: « il / elle est en arrêt … »."""
    p = "Elle" if c.agent.sex == "F" else "Il"
    if c.private_accident:
        tags.add("private-accident")
        return f"{p} {c.private_accident} et son médecin lui a prescrit un arrêt {_sp(r, c.start, c.end, day, tags)}."
    return f"{p} est en arrêt maladie {_sp(r, c.start, c.end, day, tags)}."


PRIVATE = ["s'est fracturé le poignet en faisant du ski pendant ses congés",
           "s'est fait une entorse du genou lors d'une randonnée le week-end",
           "a chuté dans son escalier à son domicile", "s'est blessé en bricolant chez lui"]


def pieces_line(r: random.Random, c: Claim) -> str:
    if not c.pieces:
        return r.choice(["Les justificatifs suivront.", "L'arrêt papier suit par courrier.", "",
                         "Je vous ferai parvenir les pièces dès réception."])
    return r.choice(["Vous trouverez les pièces en pièce jointe.", "Ci-joint les documents.",
                     "Les justificatifs sont joints à ce message.", "PJ : voir ci-dessous."])


def signature(r: random.Random, w_name: str, role: str, coll: Coll) -> str:
    phone = f"04 {r.randint(50, 79)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}"
    lines = [w_name, role, coll.name]
    if r.random() < 0.7:
        lines.append(f"{r.randint(1, 40)} {r.choice(['place de la Mairie', 'rue de la République', 'avenue du Lac', 'chemin des Écoles'])} — {coll.cp} {coll.town.upper()}")
    lines.append(r.choice([f"Tél. {phone}", f"☎ {phone}", f"Standard : {phone}"]))
    if r.random() < 0.25:
        lines.append("Ce message et ses pièces jointes sont confidentiels. Merci de ne pas imprimer ce courriel.")
    return "\n".join(lines)
