"""How family D's writers phrase dates, agents and claims (from the truth, never the other way round)."""

from __future__ import annotations

import random
from datetime import date

from .registry import Employer, is_homonym, surname_unique
from .truth import Claim

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def yearless_ok(x: date, mail_day: date) -> bool:
    return abs((x - mail_day).days) < 150


def fd(rng: random.Random, x: date, mail_day: date, tags: set[str], style: str | None = None) -> str:
    style = style or rng.choice(["dmy", "dmy", "dm", "long", "longny", "wd", "dots", "short"])
    if style in ("dm", "longny") and not yearless_ok(x, mail_day):
        style = "dmy"
    if style in ("dm", "longny"):
        tags.add("yearless")
    day = "1er" if x.day == 1 else str(x.day)
    return {"dmy": x.strftime("%d/%m/%Y"), "dm": x.strftime("%d/%m"), "long": f"{day} {MONTHS[x.month - 1]} {x.year}",
            "longny": f"{day} {MONTHS[x.month - 1]}", "wd": f"{DAYS[x.weekday()]} {day} {MONTHS[x.month - 1]} {x.year}",
            "dots": x.strftime("%d.%m.%Y"), "short": f"{x.day}/{x.month}/{x.strftime('%y')}"}[style]


def span(rng: random.Random, a: date, b: date, mail_day: date, tags: set[str], telegraphic: bool = False) -> str:
    n = (b - a).days + 1
    if telegraphic:
        form = rng.choice(["arrow", "dash", "du", "njours"])
    else:
        form = rng.choice(["du", "du", "inclus", "compter", "periode", "njours", "samemonth"])
    if form == "samemonth" and not (a.month == b.month and a.year == b.year and a.day != b.day):
        form = "du"
    if form == "arrow":
        tags.add("date-arrow")
        return f"{fd(rng, a, mail_day, tags, 'dm')} → {fd(rng, b, mail_day, tags, 'dmy')}"
    if form == "dash":
        return f"{a.strftime('%d/%m/%Y')}-{b.strftime('%d/%m/%Y')}"
    if form == "njours":
        tags.add("date-n-days")
        return f"pour {n} jours à compter du {fd(rng, a, mail_day, tags)}"
    if form == "inclus":
        return f"du {fd(rng, a, mail_day, tags)} au {fd(rng, b, mail_day, tags)} inclus"
    if form == "compter":
        return f"à compter du {fd(rng, a, mail_day, tags)} et jusqu'au {fd(rng, b, mail_day, tags)} inclus"
    if form == "periode":
        return f"sur la période du {fd(rng, a, mail_day, tags, 'dmy')} au {fd(rng, b, mail_day, tags, 'dmy')}"
    if form == "samemonth":
        return f"du {a.day} au {b.day} {MONTHS[b.month - 1]} {b.year}"
    return f"du {fd(rng, a, mail_day, tags)} au {fd(rng, b, mail_day, tags)}"


def name_of(rng: random.Random, c: Claim, emp: Employer, tags: set[str], allow_surname: bool = True) -> str:
    """The agent as the writer names them; records on the claim what this shows."""
    a = c.agent
    civ = "Mme" if a.sex == 2 else "M."
    forms = ["civ_first_last", "last_first", "first_last", "civ_last_first"]
    if a.birth and not is_homonym(emp, a):
        forms.append("nee")
    if allow_surname and surname_unique(emp, a) and not c.pieces and a.registered:
        forms.append("surname")
    form = rng.choice(forms)
    c.name_form = "surname" if form == "surname" else "full"
    tags.add("name-" + form)
    s = {"civ_first_last": f"{civ} {a.first} {a.last}", "last_first": f"{a.last} {a.first}",
         "first_last": f"{a.first} {a.last.title() if rng.random() < 0.5 else a.last}",
         "civ_last_first": f"{civ} {a.last} {a.first}", "nee": f"Mme {a.first} {a.last} née {a.birth}",
         "surname": f"{civ} {a.last}"}[form]
    if c.extra.get("hide_separators"):
        return s
    r = rng.random()
    if r < 0.18:
        c.body_nir = True
        tags.add("body-nir")
        n = a.nir13
        from .registry import nir_key
        fmt = rng.choice(["plain", "spaced", "key"])
        ns = {"plain": n, "spaced": f"{n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:10]} {n[10:13]}",
              "key": f"{n} {nir_key(n):02d}"}[fmt]
        s += rng.choice([f" (NIR {ns})", f", n° SS {ns},", f" – sécu : {ns}"])
    elif r < 0.3:
        c.body_birth = True
        tags.add("body-birth-date")
        s += f", {'née' if a.sex == 2 else 'né'} le {a.birth_date.strftime('%d/%m/%Y')},"
    elif r < 0.4 and a.registered:
        c.body_matricule = True
        tags.add("body-matricule")
        s += rng.choice([f" (matricule {a.matricule})", f" – mat. {a.matricule}"])
    return s


CONGE = {"longue_maladie": ("congé de longue maladie", "CLM"), "longue_duree": ("congé de longue durée", "CLD"),
         "grave_maladie": ("congé de grave maladie", "CGM")}


def claim_text(rng: random.Random, c: Claim, who: str, mail_day: date, tags: set[str], tele: bool) -> str:
    """One or two sentences stating category, nature and dates of the claim."""
    cat, nat = c.category, c.nature
    sp = span(rng, c.start, c.end, mail_day, tags, tele) if c.start else ""
    f = lambda x: fd(rng, x, mail_day, tags)  # noqa: E731
    place, circ = c.extra.get("place", ""), c.extra.get("circ", "")
    if cat == "maladie_ordinaire":
        if nat == "initial":
            return rng.choice([f"AM {who} {sp}.", f"MO – {who} – {sp}."]) if tele else rng.choice([
                f"{who} est en arrêt maladie {sp}.", f"{who} nous a remis un arrêt de travail (maladie ordinaire) {sp}.",
                f"Nous vous déclarons l'arrêt maladie ordinaire de {who} {sp}."])
        init = f(c.initial_start)
        return rng.choice([f"prolong. AM {who} {sp} (AM initial du {init}).",
                           f"prolongation arrêt maladie {who} {sp}, arrêt initial le {init}."]) if tele else rng.choice([
            f"L'arrêt maladie de {who}, débuté le {init}, est prolongé {sp}.",
            f"Vous trouverez la prolongation de l'arrêt maladie de {who} {sp} (arrêt initial du {init})."])
    if cat in ("accident_service", "accident_trajet"):
        ev = f(c.survenance)
        what = "accident de trajet" if cat == "accident_trajet" else rng.choice(
            ["accident de service", "accident du travail", "accident de service (CITIS)"])
        if nat == "initial":
            if tele:
                abbr = "accident trajet" if cat == "accident_trajet" else rng.choice(["AT", "CITIS", "acc. service"])
                return f"{abbr} {who} le {ev} {place} ({circ}). Arrêt {sp}."
            return rng.choice([
                f"{who} a été victime d'un {what} le {ev} {place} : {circ}. Son médecin lui a prescrit un arrêt {sp}.",
                f"Nous vous déclarons l'{what} survenu le {ev} à {who} {place} ({circ}). Arrêt de travail {sp}."])
        if nat == "prolongation":
            init = f(c.initial_start)
            return (f"prolong. {'AT' if cat == 'accident_service' else 'acc. trajet'} du {ev} – {who} – {sp} "
                    f"(1er arrêt le {init})." if tele else
                    f"Prolongation de l'arrêt consécutif à l'{what} du {ev} de {who} (premier arrêt le {init}) : {sp}.")
        return (f"rechute {'AT' if cat == 'accident_service' else 'acc. trajet'} du {ev} – {who} – arrêt {sp}."
                if tele else f"{who} fait une rechute de son {what} du {ev}. Nouvel arrêt {sp}.")
    if cat == "maladie_professionnelle":
        ev = f(c.survenance)
        les = c.extra.get("lesion", "")
        if nat == "initial":
            return (f"MP {who} ({les}), 1re constat. médicale {ev}, arrêt {sp}." if tele else
                    f"{who} déclare une maladie professionnelle ({les}), constatée médicalement pour la première "
                    f"fois le {ev}. Arrêt de travail {sp}.")
        if nat == "prolongation":
            init = f(c.initial_start)
            return (f"Prolongation de l'arrêt au titre de la maladie professionnelle de {who} (1re constatation "
                    f"médicale le {ev}, premier arrêt le {init}) : {sp}.")
        return f"Rechute de la maladie professionnelle de {who} (1re constatation médicale le {ev}) : arrêt {sp}."
    if cat in CONGE:
        long_, abbr = CONGE[cat]
        if nat == "initial":
            return (f"{abbr} {who} {sp}." if tele else f"{who} est placé(e) en {long_} ({abbr}) {sp}, après avis "
                    "du conseil médical.")
        return (f"Renouvellement du {long_} de {who} (en {abbr} depuis le {f(c.initial_start)}) : {sp}.")
    if cat == "maternite":
        return f"{who} sera en congé de maternité {sp}." if not tele else f"congé mat. {who} {sp}."
    if cat == "paternite":
        return f"{who} bénéficie d'un congé de paternité et d'accueil de l'enfant {sp}."
    if cat == "adoption":
        return f"{who} bénéficie d'un congé d'adoption {sp}."
    if cat == "temps_partiel_therapeutique":
        if nat == "initial":
            return rng.choice([f"{who} reprend ses fonctions à temps partiel thérapeutique {sp}.",
                               f"Mise en place d'un mi-temps thérapeutique pour {who} {sp}."])
        return (f"Le temps partiel thérapeutique de {who} (TPT depuis le {f(c.initial_start)}) est prolongé {sp}.")
    if cat == "deces":
        return f"Nous avons le regret de vous informer du décès de {who}, survenu le {f(c.survenance)}."
    raise ValueError(cat)
