"""French dates as family C's writers put them. Every function returns text whose meaning is fixed by the
truth; the caller says whether a year-less form is allowed (only when the nearest-year rule gives the
true year)."""

from __future__ import annotations

import random
from datetime import date, timedelta

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
MONTHS_ABBR = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
DAYS_ABBR = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
NUM_WORDS = {1: "un", 2: "deux", 3: "trois", 4: "quatre", 5: "cinq", 6: "six", 7: "sept", 8: "huit", 9: "neuf",
             10: "dix", 11: "onze", 12: "douze", 13: "treize", 14: "quatorze", 15: "quinze", 16: "seize",
             20: "vingt", 21: "vingt et un", 30: "trente", 28: "vingt-huit", 45: "quarante-cinq", 60: "soixante"}


def nearest_year_ok(d: date, ref: date) -> bool:
    """The nearest-year rule (contract.md) gives d's own year back."""
    best = min((abs((date(y, d.month, min(d.day, 28 if d.month == 2 else d.day)) - ref).days), y)
               for y in (ref.year - 1, ref.year, ref.year + 1))
    return best[1] == d.year


def day_num(d: date) -> str:
    return "1er" if d.day == 1 else str(d.day)


def fmt(d: date, style: str) -> str:
    if style == "slash":
        return d.strftime("%d/%m/%Y")
    if style == "slash2":
        return d.strftime("%d/%m/%y")
    if style == "long":
        return f"{day_num(d)} {MONTHS[d.month - 1]} {d.year}"
    if style == "long_wd":
        return f"{DAYS[d.weekday()]} {day_num(d)} {MONTHS[d.month - 1]} {d.year}"
    if style == "abbr":
        return f"{d.day} {MONTHS_ABBR[d.month - 1]} {d.year}"
    if style == "dash":
        return d.strftime("%d-%m-%Y")
    if style == "roman":
        return f"{d.day}/{ROMAN[d.month - 1]}/{d.year}"
    if style == "iso":
        return d.isoformat()
    if style == "yl_slash":
        return f"{d.day:02d}/{d.month:02d}"
    if style == "yl_long":
        return f"{day_num(d)} {MONTHS[d.month - 1]}"
    if style == "yl_long_wd":
        return f"{DAYS[d.weekday()]} {day_num(d)} {MONTHS[d.month - 1]}"
    raise ValueError(style)


FULL_STYLES = ["slash", "slash", "long", "long_wd", "abbr", "dash", "slash2", "iso"]
YEARLESS = ["yl_slash", "yl_long", "yl_long_wd"]


def pick_style(rng: random.Random, dates: list[date], ref: date, yearless_p: float = 0.25) -> str:
    if rng.random() < yearless_p and all(nearest_year_ok(d, ref) for d in dates):
        return rng.choice(YEARLESS)
    return rng.choice(FULL_STYLES)


def span(rng: random.Random, start: date, end: date, ref: date, reprise_ok: bool = True) -> tuple[str, set[str]]:
    """« du X au Y » in one of several ways; returns (text, tags). « reprise prévue le » is not written for a
    temps partiel thérapeutique, which is itself a return to work."""
    style = pick_style(rng, [start, end], ref)
    tags = {"date-" + style}
    n = (end - start).days + 1
    r = rng.random()
    if r < 0.12 and n in NUM_WORDS and n <= 60:
        return f"pour {NUM_WORDS[n]} jours à compter du {fmt(start, style)}", tags | {"date-words"}
    if r < 0.22 and n % 7 == 0 and n // 7 in (1, 2, 3, 4, 6, 8):
        w = n // 7
        return (f"pour {NUM_WORDS[w]} semaine{'s' if w > 1 else ''} à partir du {fmt(start, style)}",
                tags | {"date-weeks"})
    if r < 0.34 and not reprise_ok:
        r = 0.9
    if r < 0.34:
        reprise = end + timedelta(days=1)
        return (f"à compter du {fmt(start, style)}, reprise prévue le {fmt(reprise, style)}",
                tags | {"date-reprise"})
    if r < 0.44:
        return f"sur la période {fmt(start, style)} – {fmt(end, style)}", tags | {"date-dash-range"}
    if r < 0.54 and start.month == end.month and start.year == end.year and style in ("long", "slash"):
        return (f"du {day_num(start)} au {day_num(end)} {MONTHS[end.month - 1]} {end.year}",
                tags | {"date-shared-month"})
    if r < 0.62:
        return f"de {fmt(start, style)} à {fmt(end, style)} inclus", tags
    return f"du {fmt(start, style)} au {fmt(end, style)}", tags


def relative_start(start: date, mail_day: date) -> str | None:
    """« hier », « ce jour », « le 3 courant » when the start is that close to the mail's own date."""
    delta = (mail_day - start).days
    if delta == 0:
        return "ce jour"
    if delta == 1:
        return "hier"
    if 2 <= delta <= 20 and start.month == mail_day.month and start.year == mail_day.year:
        return f"le {start.day} courant"
    return None
