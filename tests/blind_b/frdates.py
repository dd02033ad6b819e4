"""French dates as people type them. Every phrase is generated from the true dates, so the truth never
depends on reading the phrase back."""

from __future__ import annotations

import datetime as dt
import random

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
MONTHS_ABBR = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
DAYS_ABBR = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]


def yearless_ok(d: dt.date, ref: dt.date) -> bool:
    """contract.md: a day and month without a year take the year nearest to the mail's Date:."""
    best = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            c = d.replace(year=y)
        except ValueError:
            continue
        if best is None or abs((c - ref).days) < abs((best - ref).days):
            best = c
    return best == d


def day_word(d: dt.date) -> str:
    return "1er" if d.day == 1 else str(d.day)


def fmt(d: dt.date, rng: random.Random, ref: dt.date, allow_yearless: bool = True, plain: bool = False) -> str:
    """One date in one of the forms a French writer uses."""
    styles = ["num", "num", "num0", "long", "long", "wd_long", "short_y", "dots", "iso", "dash"]
    if plain:
        styles = ["num", "num0", "short_y", "dots", "dash"]
    if allow_yearless and yearless_ok(d, ref):
        styles += ["yl_num", "yl_long", "yl_wd"]
    s = rng.choice(styles)
    return render(d, s)


def render(d: dt.date, s: str) -> str:
    if s == "num":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if s == "num0":
        return f"{d.day}/{d.month}/{d.year}"
    if s == "long":
        return f"{day_word(d)} {MONTHS[d.month - 1]} {d.year}"
    if s == "wd_long":
        return f"{DAYS[d.weekday()]} {day_word(d)} {MONTHS[d.month - 1]} {d.year}"
    if s == "short_y":
        return f"{d.day:02d}/{d.month:02d}/{d.year % 100:02d}"
    if s == "dots":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if s == "iso":
        return d.isoformat()
    if s == "dash":
        return f"{d.day:02d}-{d.month:02d}-{d.year}"
    if s == "yl_num":
        return f"{d.day:02d}/{d.month:02d}"
    if s == "yl_long":
        return f"{day_word(d)} {MONTHS[d.month - 1]}"
    if s == "yl_wd":
        return f"{DAYS[d.weekday()]} {day_word(d)} {MONTHS[d.month - 1]}"
    raise ValueError(s)


def span(start: dt.date, end: dt.date, rng: random.Random, ref: dt.date) -> str:
    """A stop from start to end inclusive, in one of many phrasings."""
    n = (end - start).days + 1
    yl = yearless_ok(start, ref) and yearless_ok(end, ref)
    forms = ["du_au", "du_au", "a_compter_pour", "jusqu_inclus", "debutant", "du_au_inclus", "dash_range",
             "jours_a_compter"]
    if start.year == end.year and start.month == end.month and end.day > start.day:
        forms += ["same_month", "same_month_wd"]
    if start.year == end.year:
        forms += ["same_year"]
    f = rng.choice(forms)
    a, b = fmt(start, rng, ref, yl), fmt(end, rng, ref, yl)
    if f == "du_au":
        return f"du {a} au {b}"
    if f == "du_au_inclus":
        return f"du {a} au {b} inclus"
    if f == "a_compter_pour":
        return f"à compter du {a}{rng.choice([' inclus', ''])} pour {n} jours"
    if f == "jours_a_compter":
        return f"{n} jours à compter du {a}"
    if f == "jusqu_inclus":
        return f"à partir du {a} jusqu'au {b} inclus"
    if f == "debutant":
        return f"débutant le {a} et se terminant le {b}"
    if f == "dash_range":
        return f"{render(start, 'num')} - {render(end, 'num')}"
    if f == "same_month":
        tail = f" {start.year}" if not yl or rng.random() < 0.5 else ""
        return f"du {day_word(start)} au {end.day} {MONTHS[end.month - 1]}{tail}"
    if f == "same_month_wd":
        tail = f" {start.year}" if not yl or rng.random() < 0.5 else ""
        return f"du {DAYS[start.weekday()]} {day_word(start)} au {DAYS[end.weekday()]} {end.day} {MONTHS[end.month - 1]}{tail}"
    if f == "same_year":
        return f"du {day_word(start)} {MONTHS[start.month - 1]} au {day_word(end)} {MONTHS[end.month - 1]} {end.year}"
    raise ValueError(f)


def rfc2822(d: dt.datetime) -> str:
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    off = "+0200" if 4 <= d.month <= 10 else "+0100"
    return f"{days[d.weekday()]}, {d.day:02d} {months[d.month - 1]} {d.year} {d:%H:%M:%S} {off}"


def gmail_quote_date(d: dt.datetime) -> str:
    return f"{DAYS_ABBR[d.weekday()]} {d.day} {MONTHS_ABBR[d.month - 1]} {d.year} à {d:%H:%M}"


def outlook_date(d: dt.datetime) -> str:
    return f"{DAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} {d.year} {d:%H:%M}"
