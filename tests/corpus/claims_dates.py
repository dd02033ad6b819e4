"""French ways of writing a day and a stop period, with the year left out only where the nearest-year rule recovers it."""

from __future__ import annotations

import random
from datetime import date, timedelta

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def nearest_year(day: int, month: int, ref: date) -> int | None:
    best = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((d - ref).days) < abs((best - ref).days):
            best = d
    return best.year if best else None


def yearless_ok(d: date, ref: date) -> bool:
    """The contract's rule (nearest year to the Date: header) gives back d, with a safe margin."""
    return nearest_year(d.day, d.month, ref) == d.year and abs((d - ref).days) < 150


def _day(d: date) -> str:
    return "1er" if d.day == 1 else str(d.day)


def say_date(d: date, rng: random.Random, ref: date, *, yearless: bool = True, weekday: bool = True) -> tuple[str, set[str]]:
    """One day as a French writer puts it; tags say which form was used."""
    forms = ["dmy", "dmy", "dmy", "dmy2", "dot2", "dot4", "long", "long"]
    if weekday:
        forms.append("weekday")
    if yearless and yearless_ok(d, ref):
        forms += ["dm", "dm", "long_dm"] + (["weekday_dm"] if weekday else [])
    form = rng.choice(forms)
    tags = {"yearless"} if form in ("dm", "long_dm", "weekday_dm") else set()
    if "weekday" in form:
        tags.add("weekday")
    text = {
        "dmy": d.strftime("%d/%m/%Y"),
        "dmy2": d.strftime("%d/%m/%y"),
        "dot2": d.strftime("%d.%m.%y"),
        "dot4": d.strftime("%d.%m.%Y"),
        "long": f"{_day(d)} {MONTHS[d.month - 1]} {d.year}",
        "weekday": f"{WEEKDAYS[d.weekday()]} {_day(d)} {MONTHS[d.month - 1]} {d.year}",
        "dm": d.strftime("%d/%m"),
        "long_dm": f"{_day(d)} {MONTHS[d.month - 1]}",
        "weekday_dm": f"{WEEKDAYS[d.weekday()]} {_day(d)} {MONTHS[d.month - 1]}",
    }[form]
    return text, tags


def say_period(start: date, end: date, rng: random.Random, ref: date) -> tuple[str, set[str]]:
    """A stop period, start..end inclusive, in one of the forms handlers receive."""
    days = (end - start).days + 1
    same_month = start.month == end.month and start.year == end.year
    forms = ["du_au", "du_au", "du_au_inclus", "a_compter_jusqu", "a_partir", "depuis_jusqu"]
    if same_month:
        forms += ["du_d_au_dm", "du_d_au_dm"]
    if days in (3, 5, 7, 8, 10, 14, 15, 21, 28, 30):
        forms.append("pour_n_jours")
    if start.year == end.year and start.month != end.month:
        forms.append("du_dm_au_dmy")
    form = rng.choice(forms)
    if form == "du_d_au_dm":
        keep_year = not (yearless_ok(start, ref) and yearless_ok(end, ref)) or rng.random() < 0.4
        wd = rng.random() < 0.25
        a = f"{WEEKDAYS[start.weekday()]} {_day(start)}" if wd else _day(start)
        b = f"{WEEKDAYS[end.weekday()]} {end.day}" if wd else str(end.day)
        tags = {"du-au-month"} | (set() if keep_year else {"yearless"}) | ({"weekday"} if wd else set())
        return f"du {a} au {b} {MONTHS[end.month - 1]}" + (f" {end.year}" if keep_year else ""), tags
    if form == "du_dm_au_dmy":
        keep_year = not (yearless_ok(start, ref) and yearless_ok(end, ref)) or rng.random() < 0.5
        tail = f" {end.year}" if keep_year else ""
        return (f"du {_day(start)} {MONTHS[start.month - 1]} au {_day(end)} {MONTHS[end.month - 1]}{tail}",
                {"du-au-month"} | (set() if keep_year else {"yearless"}))
    if form == "pour_n_jours":
        s, tags = say_date(start, rng, ref, weekday=False)
        return rng.choice([f"pour {days} jours à compter du {s}", f"pour une durée de {days} jours à compter du {s}",
                           f"de {days} jours à compter du {s}"]), tags | {"n-days"}
    s, t1 = say_date(start, rng, ref)
    e, t2 = say_date(end, rng, ref)
    tags = t1 | t2
    text = {
        "du_au": f"du {s} au {e}",
        "du_au_inclus": f"du {s} au {e} inclus",
        "a_compter_jusqu": f"à compter du {s} jusqu'au {e} inclus",
        "a_partir": f"à partir du {s} et jusqu'au {e}",
        "depuis_jusqu": f"depuis le {s} jusqu'au {e}",
    }[form]
    return text, tags


def distractor_reference(rng: random.Random, ref: date) -> str:
    """Numbers that look like dates and are not stop dates (file references, case numbers)."""
    d = ref - timedelta(days=rng.randint(20, 400))
    return rng.choice([f"Réf. : {d.strftime('%Y/%m/%d')}-{rng.randint(10, 99)}",
                       f"Dossier n° {d.strftime('%d%m%Y')}{rng.randint(1, 9)}",
                       f"N/Réf : RH-{d.strftime('%d.%m.%y')}-{rng.randint(100, 999)}",
                       f"Votre courrier du {d.strftime('%d/%m/%Y')}"])
