"""French dates as people write them in mail, and the rule that makes a year-less date determinable."""

from __future__ import annotations

import random
from datetime import date, timedelta

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
WEEKDAYS_SHORT = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
MONTHS_SHORT = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]


def nearest_year_ok(d: date, ref: date) -> bool:
    """True when writing d without its year still names d: the year nearest to the mail's Date."""
    best = min((abs((d.replace(year=y) - ref).days), y) for y in (ref.year - 1, ref.year, ref.year + 1)
               if not (d.month == 2 and d.day == 29))
    return best[1] == d.year


def day_word(d: date) -> str:
    return "1er" if d.day == 1 else str(d.day)


def fmt(d: date, style: str) -> str:
    if style == "num":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if style == "num2":
        return f"{d.day:02d}/{d.month:02d}/{d.year % 100:02d}"
    if style == "numdot":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if style == "iso":
        return d.isoformat()
    if style == "long":
        return f"{day_word(d)} {MONTHS[d.month - 1]} {d.year}"
    if style == "wlong":
        return f"{WEEKDAYS[d.weekday()]} {day_word(d)} {MONTHS[d.month - 1]} {d.year}"
    if style == "ynum":  # year-less
        return f"{d.day:02d}/{d.month:02d}"
    if style == "ylong":
        return f"{day_word(d)} {MONTHS[d.month - 1]}"
    if style == "wylong":
        return f"{WEEKDAYS[d.weekday()]} {day_word(d)} {MONTHS[d.month - 1]}"
    raise ValueError(style)


YEARLESS = {"ynum", "ylong", "wylong"}
FULL = ["num", "num", "num", "long", "long", "wlong", "num2", "iso", "numdot"]


def pick_style(rng: random.Random, ds: list[date], ref: date, yearless_rate: float = 0.3) -> str:
    if rng.random() < yearless_rate and all(nearest_year_ok(d, ref) for d in ds):
        return rng.choice(["ynum", "ylong", "ylong", "wylong"])
    return rng.choice(FULL)


def date_phrase(rng: random.Random, d: date, ref: date) -> tuple[str, set[str]]:
    style = pick_style(rng, [d], ref)
    return fmt(d, style), _tags(style)


def _tags(style: str) -> set[str]:
    tags = set()
    if style in YEARLESS:
        tags.add("yearless")
    if style.startswith("w"):
        tags.add("weekday")
    if style == "num2":
        tags.add("two-digit-year")
    if style == "iso":
        tags.add("iso-date")
    return tags


def range_phrase(rng: random.Random, start: date, end: date, ref: date) -> tuple[str, set[str]]:
    """« du 3 au 14 mars », « à compter du 12/03 pour 14 jours », « jusqu'au … inclus »…: one way a
    writer states an inclusive stop of start..end."""
    days = (end - start).days + 1
    style = pick_style(rng, [start, end], ref)
    tags = _tags(style)
    forms = ["du_au", "du_au", "du_au", "compter_jusqu", "compter_pour", "debut_fin"]
    if start.month == end.month and start.year == end.year and style in ("long", "ylong"):
        forms += ["short_same_month", "short_same_month"]
    if days in (7, 14, 21, 28) or days <= 10 or days in (15, 30, 31, 60, 90):
        forms.append("compter_pour")
    form = rng.choice(forms)
    s, e = fmt(start, style), fmt(end, style)
    if form == "short_same_month":
        tail = f" {start.year}" if style == "long" else ""
        tags.add("range-short")
        return f"du {day_word(start)} au {day_word(end)} {MONTHS[end.month - 1]}{tail}", tags
    if form == "du_au":
        incl = rng.choice(["", "", " inclus", " (inclus)"])
        return f"du {s} au {e}{incl}", tags
    if form == "compter_jusqu":
        tags.add("jusqu-au")
        return f"à compter du {s} jusqu'au {e} inclus", tags
    if form == "compter_pour":
        tags.add("duration")
        if days % 7 == 0 and days <= 28 and rng.random() < 0.5:
            n = days // 7
            word = {1: "une semaine", 2: "deux semaines", 3: "trois semaines", 4: "quatre semaines"}[n]
            return rng.choice([f"à compter du {s} pour {word}", f"pour {word} à partir du {s}"]), tags
        return rng.choice([f"à compter du {s} pour {days} jours", f"pour {days} jours à compter du {s}",
                           f"pour une durée de {days} jours à partir du {s}"]), tags
    tags.add("debut-fin")
    return f"débutant le {s} et se terminant le {e}", tags


def add_days(d: date, n: int) -> date:
    return d + timedelta(days=n)
