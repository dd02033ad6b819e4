"""French dates and periods as people write them, each with its span and a guess of its role."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from intake.understand.text import LIST_LEAD, fold


class Role:
    """What a date is about, guessed from the words just before it."""

    STOP_START = "stop_start"
    STOP_END = "stop_end"
    STOP = "stop"  # an arrêt mentioned without saying start or end
    INITIAL_STOP = "initial_stop"  # "arrêt initial du …" in a prolongation
    ACCIDENT = "accident"
    FIRST_FINDING = "first_finding"  # 1re constatation médicale (maladie professionnelle)
    DEATH = "death"
    BIRTH = "birth"  # the person's own birth date ("né(e) le")
    CHILDBIRTH = "childbirth"  # a child's birth (paternité, maternité)
    REPRISE = "reprise"
    SIGNATURE = "signature"  # letter, form or signature date ("Fait à …, le")
    REFERENCE = "reference"  # a number that looks like a date (n° 12/03)
    UNKNOWN = "unknown"


NOT_STOP_ROLES = frozenset({Role.BIRTH, Role.CHILDBIRTH, Role.SIGNATURE, Role.REFERENCE, Role.REPRISE})

MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4,
    "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
MONTH_RE = _MONTH_RE  # month names, longest first, for patterns of other modules (names: birth dates)
_WEEKDAY_RE = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
# Numbers written in words, as in « pour quarante-cinq jours » or « soixante et onze jours »: the parts and
# how they combine (quatre-vingt = 4 × 20, deux cents = 2 × 100, the rest added).
_NUMBER_WORDS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100,
}
_NUMBER_WORD_RE = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_NUM_RE = (rf"\d{{1,3}}|(?<![\w-])(?:{_NUMBER_WORD_RE})(?:(?:-et-|\s+et\s+|-|\s+)(?:{_NUMBER_WORD_RE}))*(?![\w-])")

# All patterns run on fold(text): lowercase, no accents, same length as the original.
_DATE_RE = re.compile(
    rf"(?:\b(?P<wd>{_WEEKDAY_RE})\s+)?(?:"
    r"(?<![\d/.,-])(?P<iy>(?:19|20)\d\d)-(?P<im>[01]?\d)-(?P<id>[0-3]?\d)(?![\d/])"
    # « 12/03/2025-15/03/2025 »: a hyphen joins two slashed dates (the lookarounds let it through only there).
    r"|(?:(?<![\d/.,-])|(?<=/\d-)|(?<=/\d\d-)|(?<=[/.]\d\d\d\d-))"
    r"(?P<nd>[0-3]?\d)\s?(?P<sep>[/.-])\s?(?P<nm>[01]?\d)(?:(?P=sep)\s?(?P<ny>\d{4}|\d{2}))?"
    r"(?![\d/]|[.,]\d|-(?![0-3]?\d[/.][01]?\d)\d)"
    rf"(?!\s+(?:{_MONTH_RE})\b)"  # « 3-12 mars »: two days of March, not the 3rd of December
    rf"|\b(?P<td>1\s?er|1\s?re|premier|[0-3]?\d)(?:er)?\s+(?P<tm>{_MONTH_RE})\b\.?"
    r"(?:\s+(?P<ty>(?:19|20)\d\d|\d\d(?!\s*(?:jours?|j\b|h\b|heures?|semaines?|mois|ans?\b|min|agents?|%)))\b)?"
    r")"
)
# A bare day opening a range whose month comes later: "du 7 au 27 mai".
_BARE_DAY_RE = re.compile(rf"\b(?:du|depuis le|des le|entre le|debutant le)\s+(?:(?:{_WEEKDAY_RE})\s+)?(?P<d>1\s?er|[0-3]?\d)"
                          r"(?=\s+(?:au|jusqu'au|jusqu'a|et le|-|et se termin\w*\s+le|et prenant fin\s+le)\s)")
# Two days sharing the month written once: « arrêt 3-17 mars », « absente les 3 et 4 avril ».
_SHARED_DAY_RE = re.compile(rf"(?<![\w/.,-])(?P<d>1\s?er|[0-3]?\d)"
                            rf"(?=\s?-\s?[0-3]?\d(?:er)?\s+(?:{_MONTH_RE})\b|\s+et\s+[0-3]?\d(?:er)?\s+(?:{_MONTH_RE})\b)")
_NO_WEEKDAY_END = re.compile(rf"(?:{_WEEKDAY_RE})\s*$")
# A bare day closing a range whose month is the start's: "à compter du 3 mars jusqu'au 14 inclus".
_BARE_END_RE = re.compile(rf"\b(?:jusqu'au|jusqu au|au)\s+(?:(?:{_WEEKDAY_RE})\s+)?(?P<d>1\s?er|[0-3]?\d)"
                          rf"(?=\s*(?:inclus|exclu|compris|\(inclus\)|[,.;)]|$)|\s+(?!{_MONTH_RE}\b|[/.\-]|\d))")
# After an end date: the end is excluded ("jusqu'au 15 exclu": the last day off is the 14th).
_EXCLUDED_RE = re.compile(r"^\s*\(?(?:exclu|non inclus|non compris)")
# Words that close a period after its start: « au », « jusqu'au », « et se terminant le », « fin prévue le ».
_END_WORDS = (r"(?:(?:et\s+|,\s*)?(?:(?:qui\s+)?se\s+termin(?:ant|era|e)|prenant\s+fin|(?:qui\s+)?(?:finissant|s'achevant"
              r"|prend\s+fin|prendra\s+fin)|(?:avec\s+une\s+|sa\s+|la\s+)?(?:date\s+de\s+)?fin\s+(?:prevue\s+|fixee\s+)?)"
              r"\s*(?:le|au)?)")
# Arrows a hurried writer puts between a span's two dates: « 12/03 → 25/03 », « 12/03 -> 25/03 ».
_ARROWS = "\u2192|\u27f6|\u21d2|\u2794|\u279c|\u27a1|->|-->|=>|>>"
_CONNECTOR_RE = re.compile(
    r"^\s*(?:inclus\s*)?,?\s*(?:et\s+)?(?:au|a|jusqu'au|jusqu'a|jusqu au|et le|et|-|>|" + _ARROWS + "|" + _END_WORDS + r")\s*(?:le\s+)?"
    r"(?:soir\s+)?(?:inclus\s+)?$"
)
_DURATION_BEFORE_RE = re.compile(
    rf"(?:pour|de|durant|pendant|sur)?\s*(?:une duree de\s+)?(?P<n>{_NUM_RE})\s+(?P<u>jours?|j|semaines?|mois)"
    r"(?:\s+calendaires)?\s*,?\s*(?:a compter du|a compter de|a partir du|a partir de|des le|du|depuis le"
    r"|debutant le|commencant le)\s*$"
)
_DURATION_AFTER_RE = re.compile(
    # « pr 10 j »: how some write « pour » in a hurry
    rf"^\s*(?:inclus\s*)?,?\s*(?:et\s+)?(?:pour|pr|durant|pendant|sur)\s+(?:une duree de\s+)?(?P<n>{_NUM_RE})\s+"
    r"(?P<u>jours?|j|semaines?|mois)\b"
)
# A stop written as labelled lines, one field a line (a list, a recap): « Début : 3 mars » then « Fin : 14 mars ».
# The start's label opens its line (after a bullet); the end's opens the very next line.
_LINE_LEAD = r"(?:^|\n)" + LIST_LEAD
_LABEL_TAIL = r"(?:\s+de\s+l'arret(?:\s+de\s+travail)?)?(?:\s+(?:prevue?|\(?incluse?\)?))?(?:\s*:\s*(?:le\s+)?|\s+le\s+)$"
_LABELLED_START_RE = re.compile(_LINE_LEAD + r"(?:date\s+(?:de\s+)?)?(?:debut|du|a\s+compter\s+du|premier\s+jour)"
                                + _LABEL_TAIL)
_LABELLED_END_RE = re.compile(r"^[ \t]*(?:\(?inclus\)?)?[ \t]*" + _LINE_LEAD
                              + r"(?:date\s+(?:de\s+)?)?(?:fin|au|jusqu'au|dernier\s+jour)" + _LABEL_TAIL)
_FROM_RE = re.compile(r"(?:a compter du|a compter de|a compter d'|a partir du|a partir de|a partir d'|des le|\bdes"
                      r"|depuis le|depuis|du|debutant le|commencant le|entre le)\s*$")
_UNTIL_RE = re.compile(r"(?:jusqu'au|jusqu'a|jusqu au|" + _END_WORDS + r")\s*$")
_REFERENCE_RE = re.compile(r"(?:n°|no|num|ref|reference|dossier|facture|bordereau)\.?\s*:?\s*$")
_SIGNATURE_RE = re.compile(
    r"(?:fait a [^,\n]{1,50},?\s*le|^\s*[a-z][a-z' -]{1,40},\s*le|^\s*date\s*:|^\s*le|delivre le|"
    r"envoye le|ecrit le|a ecrit\s*:?)\s*$"
)
_BIRTH_RE = re.compile(r"(?:\bnee?\s*(?:\(e\))?\s*le|date de naissance\s*:?|\bnee?\s*(?:\(e\))?\s*:?)\s*$")

# Nearest keyword before a date says what it is about; the rightmost match wins.
_ROLE_KEYWORDS: tuple[tuple[str, str], ...] = (
    # « initlal »: the i and the l a fax or a low-resolution scan confuses
    (r"\barret(?:s)?\s+init[il]al\b|\binitial(?:ement)?\s+(?:prescrit\s+)?(?:a compter du|a partir du|du|le)\b|\b(?:debute|commence)e?\s+(?:le|depuis)\b"
     r"|\b(?:premier|1\s?er) arret\b|\b(?:am|mo|cmo|at)\s+init[il]al\b|\bpremier jour (?:du|de l'|de la|de son|d')"
     r"|(?:^|,\s)initial\s*:?\s*$", Role.INITIAL_STOP),  # a recap's cell « initial 12/05 »
    (r"\baccident|\bacc\.|\bacc\s+(?:de\s+)?(?:service|trajet|travail)\b|\bat\b|\bchute|\btombe|\bvictime|\bblesse|\bcoupe|\bglisse|\brenverse|\bmordue?\b|\bheurte"
     r"|\bpercute|\bcogne|\btordu|\bentorse|\bfracture|\bluxation|\bcontusion|\bplaie\b|\bbrulure|\btraumatisme", Role.ACCIDENT),
    (r"constatation|\bconstat\b|\bconstatee?s?\b|\bdiagnostiquee?s?\b|\bdiagnostic\b", Role.FIRST_FINDING),
    (r"\bdeces|\bdecede|\bdisparu", Role.DEATH),
    (r"\bnaissance|\baccouch|\bnee?\s+a\b|\bnee?\s+l", Role.CHILDBIRTH),
    (r"\breprise|\breprend|\breprendra|\brepris", Role.REPRISE),
    (r"\barret|\bprolong|\bcong|\bmaladie|\btpt|\bmi-temps|\btemps partiel|\babsen|\bjusqu", Role.STOP),
    (r"\bseance|\bcourrier|\bmail|\bmessage|\breunion|\brendez|\bconvocation", Role.UNKNOWN),
)
_ROLE_RES = tuple((re.compile(p), r) for p, r in _ROLE_KEYWORDS)
_EVENT_ROLES = frozenset({Role.ACCIDENT, Role.DEATH, Role.FIRST_FINDING})  # told after their date too
_WINDOW = 120
# not after "M.", "Mme." or "n°.", nor a telegraphic abbreviation (« acc. service », « prolong. AM », « 1re constat. médicale »)
_SENTENCE_END = re.compile(r"\b(?!mme\.|mlle\.|cedex\.|acc\.|prolong\.|constat\.)\w{3,}[.!?;]\s")


# Dates written relative to the message's own date (its Date: header is the reference).
# « le 3 courant », « du 3 de ce mois »: that day of the message's month.
# « le 3 du mois dernier », « le 2 du mois prochain »: that day of the month before or after.
_CURRENT_MONTH_RE = re.compile(r"\b(?P<d>1\s?er|[0-3]?\d)\s+(?:courant\b|crt\b\.?|ct\b\.?|(?:de ce|du) mois"
                               r"(?: courant| en cours|\s+(?P<other>dernier|precedent|passe|prochain|suivant))?\b)")
# « hier », « avant-hier », « depuis ce matin », « à compter d'aujourd'hui »: days counted from the message's.
_DAY_WORDS = {"avant-hier": -2, "avant hier": -2, "hier": -1, "aujourd'hui": 0, "ce jour": 0, "ce matin": 0,
              "ce midi": 0, "cet apres-midi": 0, "ce soir": 0, "apres-demain": 2, "apres demain": 2, "demain": 1}
_DAY_WORD_RE = re.compile(r"(?<![\w-])(?P<w>" + "|".join(sorted(map(re.escape, _DAY_WORDS), key=len, reverse=True))
                          + r")(?![\w'-])")
# Words for the day of the message itself: they date a stop only after « depuis », « à compter de »…
# (« la déclaration reçue ce jour » is the message's own date, not an event's).
_TODAY_WORDS = frozenset(w for w, n in _DAY_WORDS.items() if n == 0)
# « lundi dernier », « depuis mardi », « jeudi prochain »: the weekday nearest before (or after) the message.
_RELATIVE_WEEKDAY_RE = re.compile(
    rf"\b(?:(?P<since>depuis)\s+(?:ce\s+)?(?P<ws>{_WEEKDAY_RE})\b(?!\s*(?:1\s?er|\d))(?:\s+(?:dernier|passe)\b)?"
    rf"|(?P<wp>{_WEEKDAY_RE})\s+(?:dernier|passe)\b|(?P<wn>{_WEEKDAY_RE})\s+prochain\b)")
# « depuis le 12 » with no month: the last 12th on or before the message; « à compter du 12 »: the nearest 12th.
_BARE_FROM_RE = re.compile(
    r"\b(?P<lead>depuis le|a compter du|a partir du|des le)\s+(?P<d>1\s?er|[0-3]?\d)"
    r"(?![\d/.:,-]\d|\d|\s*(?:h\b|heures?|[/.\-]\s?\d))"
    rf"(?!\s+(?:{_MONTH_RE}|au|jusqu|et|-|a)\b)"
)


def _relative_tokens(f: str, reference: date) -> list[_Token]:
    """Dates written relative to the message's date: « le 3 courant », « hier », « lundi dernier », « depuis le 12 »."""
    out: list[_Token] = []

    def add(start: int, end: int, d: date | None, relative: bool) -> None:
        if d is not None:
            out.append(_Token(start, end, d.day, d.month, d.year, False, relative=relative))

    for m in _CURRENT_MONTH_RE.finditer(f):
        day = 1 if not m.group("d")[-1].isdigit() else int(m.group("d"))
        month = _add_months(reference.replace(day=1), {None: 0, "prochain": 1, "suivant": 1}.get(m.group("other"), -1))
        try:
            add(m.start(), m.end(), month.replace(day=day), False)
        except ValueError:
            continue
    for m in _DAY_WORD_RE.finditer(f):
        w = m.group("w")
        if w in _TODAY_WORDS and not _FROM_RE.search(f[max(0, m.start() - 30) : m.start()]):
            continue
        add(m.start(), m.end(), reference + timedelta(days=_DAY_WORDS[w]), True)
    for m in _RELATIVE_WEEKDAY_RE.finditer(f):
        name = m.group("ws") or m.group("wp") or m.group("wn")
        wd = WEEKDAYS[name]
        if m.group("wn"):
            d = reference + timedelta(days=(wd - reference.weekday() - 1) % 7 + 1)
        elif m.group("wp") or m.group(0).endswith(("dernier", "passe")):
            d = reference - timedelta(days=(reference.weekday() - wd - 1) % 7 + 1)
        else:  # « depuis lundi »: this week's Monday, today's if the message is of a Monday
            d = reference - timedelta(days=(reference.weekday() - wd) % 7)
        start = m.start("ws") if m.group("ws") else m.start()
        add(start, m.end(), d, True)
    for m in _BARE_FROM_RE.finditer(f):
        day = 1 if not m.group("d")[-1].isdigit() else int(m.group("d"))
        if not 1 <= day <= 31:
            continue
        d = _before(day, None, reference)
        if not m.group("lead").startswith("depuis"):
            ahead = _next_day_of_month(day, reference)
            if ahead is not None and (d is None or (ahead - reference) < (reference - d)):
                d = ahead
        add(m.start("d"), m.end("d"), d, False)
    return out


@dataclass(frozen=True, slots=True)
class DateFound:
    value: date
    start: int
    end: int
    text: str
    role: str
    year_given: bool
    confidence: float


@dataclass(frozen=True, slots=True)
class PeriodFound:
    start: date | None
    end: date | None
    span: tuple[int, int]
    text: str
    how: str  # range | duration | from | until
    about: str  # Role of the words before it (stop, accident…): what the period is of
    confidence: float


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    day: int
    month: int | None
    year: int | None
    year_given: bool
    bare: bool = False
    weekday: int | None = None
    bare_end: bool = False  # "jusqu'au 14 inclus": a day whose month is the start's
    shared: bool = False  # « 3-17 mars », « les 3 et 4 avril »: a bare day whose month is the next date's
    relative: bool = False  # « hier », « lundi dernier »: counted from the message's date, kept where it dates a stop or event


WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}


def nearest_year(day: int, month: int, reference: date, weekday: int | None = None) -> date | None:
    """The date with this day and month nearest to the reference (a year-less date in a message).

    With a weekday ("jeudi 17 avril"), the nearest year where that day is that weekday: the writer
    looked at a calendar, the nearest year alone may be the wrong one (a mail of January about April).
    """
    best = None
    matching = None
    for y in range(reference.year - 2, reference.year + 3):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        near = abs((d - reference).days)
        if abs(y - reference.year) <= 1 and (best is None or near < abs((best - reference).days)):
            best = d
        if weekday is not None and d.weekday() == weekday and (matching is None or near < abs((matching - reference).days)):
            matching = d
    return matching or best


def _full_year(y: str) -> int:
    n = int(y)
    if len(y) == 2:
        n += 2000 if n <= 40 else 1900
    return n


def written_date(s: str) -> date | None:
    """A whole date as written, year included: 12/03/1975, 12.03.75 or "12 mars 1975" (folded text)."""
    m = re.fullmatch(rf"(\d{{1,2}})(?:er)?\s+({_MONTH_RE})\s+(\d{{4}})", s)
    if m:
        day, month, year = int(m.group(1)), MONTHS[m.group(2)], int(m.group(3))
    else:
        parts = re.split(r"[/.]", s)
        if len(parts) != 3 or not all(p.isdigit() and p.isascii() for p in parts):
            return None
        day, month, year = int(parts[0]), int(parts[1]), _full_year(parts[2])
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _tokens(f: str, reference: date) -> list[_Token]:
    out: list[_Token] = []
    for m in _DATE_RE.finditer(f):
        g = m.groupdict()
        if g["iy"]:
            day, month, year, given = int(g["id"]), int(g["im"]), int(g["iy"]), True
        elif g["nd"]:
            if g["ny"] is None and g["sep"] != "/":
                continue  # "12.5", "8h30-12": too often not a date without a year
            day, month = int(g["nd"]), int(g["nm"])
            year, given = (_full_year(g["ny"]), True) if g["ny"] else (None, False)
        else:
            td = g["td"]
            day = 1 if td == "premier" or (td.startswith("1") and not td[-1].isdigit()) else int(td)
            month = MONTHS[g["tm"]]
            year, given = (_full_year(g["ty"]), True) if g["ty"] else (None, False)
        if not (1 <= day <= 31 and 1 <= month <= 12):
            continue
        out.append(_Token(m.start(), m.end(), day, month, year, given,
                          weekday=WEEKDAYS[g["wd"]] if g["wd"] else None))
    taken = [(t.start, t.end) for t in out]
    for t in _relative_tokens(f, reference):
        if not any(a < t.end and t.start < b for a, b in taken):
            out.append(t)
            taken.append((t.start, t.end))
    # Bare days (« du 3 au 14 mars »), then bare ends (« jusqu'au 14 »), each where no fuller date stands.
    for pattern, bare_end in ((_BARE_DAY_RE, False), (_SHARED_DAY_RE, False), (_BARE_END_RE, True)):
        shared = pattern is _SHARED_DAY_RE
        for m in pattern.finditer(f):
            s, e = m.start("d"), m.end("d")
            if any(a <= s < b for a, b in taken):
                continue
            d = m.group("d")
            day = 1 if not d[-1].isdigit() else int(d)
            if 1 <= day <= 31:
                out.append(_Token(s, e, day, None, None, False, bare=True, bare_end=bare_end, shared=shared))
            taken.append((s, e))
    out.sort(key=lambda t: t.start)
    return out


def _make(t: _Token, reference: date) -> date | None:
    if t.month is None:
        return None
    if t.year is not None:
        try:
            return date(t.year, t.month, t.day)
        except ValueError:
            return None
    return nearest_year(t.day, t.month, reference, t.weekday)


def _after(day: int, month: int, start: date) -> date | None:
    """The first date with this day and month on or after start (the end of a year-less range)."""
    for y in (start.year, start.year + 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if d >= start:
            return d
    return None


def _before(day: int, month: int | None, end: date) -> date | None:
    """The last date with this day (and month) on or before end (the start of a range)."""
    candidates = []
    for back in range(0, 13):
        y, m = end.year, end.month - back
        while m < 1:
            m += 12
            y -= 1
        if month is not None and m != month:
            continue
        try:
            d = date(y, m, day)
        except ValueError:
            continue
        if d <= end:
            candidates.append(d)
            break
    return candidates[0] if candidates else None


def _add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(y, m, day)
        except ValueError:
            continue
    raise ValueError(d)


def _number(s: str) -> int:
    """A count in digits or in French words (« quarante-cinq », « quatre-vingt-dix », « cent vingt »)."""
    if s.isdigit():
        return int(s)
    total, previous = 0, ""
    for w in re.split(r"-et-|\s+et\s+|-|\s+", s):
        n = _NUMBER_WORDS[w]
        if n == 100:
            total = total * 100 if 0 < total < 10 else total + 100  # deux cents, cent vingt
        elif n == 20 and previous == "quatre":
            total += 4 * 20 - 4  # quatre-vingt: the four multiplies the twenty
        else:
            total += n
        previous = w
    return total


def _duration_end(start: date, n: int, unit: str) -> date:
    if unit.startswith("mois"):
        return _add_months(start, n) - timedelta(days=1)
    if unit.startswith("semaine"):
        return start + timedelta(days=7 * n - 1)
    return start + timedelta(days=n - 1)


def _role(f: str, t: _Token) -> tuple[str, float]:
    line_start = f.rfind("\n", 0, t.start) + 1
    # The words before the date, within its sentence: "victime X (n° …) le 06/05" is the accident's.
    ends = [m.end() for m in _SENTENCE_END.finditer(f, max(line_start, t.start - _WINDOW), t.start)]
    sentence_start = max([line_start, t.start - _WINDOW] + ends[-1:])
    left = f[sentence_start : t.start]
    full_left = f[line_start : t.start]
    if not full_left.strip() and line_start > 0:
        # A date that opens a line continues the previous non-blank one ("né(e) le\n\n26/07/1969" in a PDF's text).
        prev_end = line_start - 1
        while prev_end > 0 and not f[f.rfind("\n", 0, prev_end) + 1 : prev_end].strip():
            prev_end = f.rfind("\n", 0, prev_end)
        prev_start = f.rfind("\n", 0, max(prev_end, 0)) + 1
        left = f[max(prev_start, prev_end - _WINDOW) : max(prev_end, 0)] + " "
    if _REFERENCE_RE.search(left):
        return Role.REFERENCE, 0.9
    if _BIRTH_RE.search(left):
        return Role.BIRTH, 0.95
    if re.fullmatch(r"\s*(?:le|en date du|ce)?\s*", full_left) or re.search(r"\w,\s*le\s*$", left):
        # « Marie Durand, le 26 septembre, s'est blessée … »: a date set in its sentence by commas too.
        # "Le 23/03/2025, X a été renversé…": a date opening its sentence is about what the sentence tells
        # (an accident, a death); alone on its line or without such words it stays a letter's date.
        right = f[t.end : t.end + _WINDOW]
        stop = re.search(r"[.!?;]\s|\n", right)
        right = right[: stop.start()] if stop else right
        told = [(m.start(), role) for rx, role in _ROLE_RES if role in _EVENT_ROLES for m in rx.finditer(right)]
        if told:
            return min(told)[1], 0.7
    if _SIGNATURE_RE.search(full_left):
        return Role.SIGNATURE, 0.8
    best, best_end = Role.UNKNOWN, -1
    # A keyword with its own date right after it ("née le 15/08/1961", "survenu le 02/06") is that date's:
    # "l'accident de Mme X (née le 15/08/1961) du 27/06" is the accident's date, not a birth.
    own_dates = [m.start() for m in _DATE_RE.finditer(left)]
    for rx, role in _ROLE_RES:
        for m in rx.finditer(left):
            if any(0 <= d - m.end() <= 12 for d in own_dates):
                continue
            if m.end() > best_end or (m.end() == best_end and role == Role.INITIAL_STOP):
                best, best_end = role, m.end()
    if best == Role.UNKNOWN:
        return best, 0.3
    # A keyword far from the date is weaker evidence than one just before it.
    return best, 0.9 if t.start - (sentence_start + best_end) < 25 else 0.6


def _labelled_pair(f: str, a: _Token, b: _Token) -> bool:
    """A start on a line labelled as one (« Début : », « Date de début de l'arrêt : ») and an end on the next
    line labelled as one (« Fin : », « Au : »): a range though no « au » joins them."""
    if a.bare or b.bare:
        return False
    line_start = f.rfind("\n", 0, a.start) + 1
    return bool(_LABELLED_START_RE.search(f[max(0, line_start - 1) : a.start])
                and _LABELLED_END_RE.match(f[a.end : b.start]))


# A date written to be denied (« court du 3 au 17 inclus (et non jusqu'au 21) », « est le 26, pas le 16 »,
# « au lieu du 12 »): the writer corrects an earlier figure; it dates nothing.
# (« pas » alone only after a comma: « ne travaillera pas du 3 au 10 » is a stop said in the negative)
_DENIED_RE = re.compile(r"(?:\bet non|\bnon pas|\bet pas|\bmais pas|[,;(]\s*pas|\bau lieu)\s*"
                        r"(?:(?:le|la|du|de|d'|au|jusqu'au|jusqu'a|jusqu au|a compter du|a partir du)\s*)?$")


def scan(text: str, reference: date) -> tuple[list[DateFound], list[PeriodFound]]:
    """Every date and period in the text. Year-less dates take the year nearest the reference."""
    f = fold(text)
    toks = [t for t in _tokens(f, reference) if not _DENIED_RE.search(f[max(0, t.start - 30) : t.start])]
    values: dict[int, date | None] = {}
    periods: list[PeriodFound] = []
    in_period: dict[int, str] = {}
    used_as_start: set[int] = set()

    # Ranges between consecutive tokens ("du X au Y", "à compter du X jusqu'au Y").
    for i in range(len(toks) - 1):
        a, b = toks[i], toks[i + 1]
        labelled = _labelled_pair(f, a, b)
        if not (_CONNECTOR_RE.match(f[a.end : b.start]) or labelled) or (b.bare and not (b.bare_end and not a.bare)):
            continue
        if a.bare and not a.shared \
                and not (a.start > 0 and _FROM_RE.search(_NO_WEEKDAY_END.sub("", f[max(0, a.start - 30) : a.start]))):
            continue
        end = _make(b, reference) if not b.bare else None
        if b.bare:  # "du 3 mars jusqu'au 14": the first 14th on or after the start
            start = _make(a, reference)
            end = _next_day_of_month(b.day, start) if start else None
        elif end is None:
            continue
        elif a.year is None and b.year is None and not a.bare:
            start = _make(a, reference)
            end = _after(b.day, b.month, start) if start else None  # type: ignore[arg-type]
        elif a.year is None:
            start = _before(a.day, a.month if not a.bare else None, end)
            if a.bare and start is not None and start.month != end.month and a.day <= end.day:
                start = _before(a.day, end.month, end)
        else:
            start = _make(a, reference)
            if b.year is None and start is not None:
                end = _after(b.day, b.month, start)  # type: ignore[arg-type]
        if start is None or end is None or end < start or (end - start).days > 3 * 366:
            continue
        if a.bare and f[a.end : b.start].strip() == "et" and (end - start).days > 1:
            continue  # « les 3 et 10 avril »: two days apart, not one stop from the 3rd to the 10th
        if _EXCLUDED_RE.match(f[b.end : b.end + 20]) and end > start:
            end -= timedelta(days=1)  # "jusqu'au 15 exclu": the last day off is the 14th
        about, _ = _role(f, a)
        if labelled and about == Role.UNKNOWN:
            about = Role.STOP  # « Début : … / Fin : … » lines are a stop's own fields
        if about == Role.INITIAL_STOP and re.search(r"fin|termin|achev", f[a.end : b.start]) \
                and _EXTENDED_RE.search(f[f.rfind("\n", 0, a.start) + 1 : a.start]):
            continue  # « prolongation de l'arrêt débuté le 4/03, fin prévue le 28/03 »: two stops' ends
        values[a.start], values[b.start] = start, end
        periods.append(
            PeriodFound(start, end, (a.start, b.end), text[a.start : b.end], "range", about, 0.95)
        )
        in_period[a.start], in_period[b.start] = Role.STOP_START, Role.STOP_END
        used_as_start.add(a.start)

    for t in toks:
        if t.start not in values:
            v = values[t.start] = _make(t, reference)
            if v is not None and v > reference and not t.year_given and t.month is not None \
                    and _SINCE_RE.search(f[max(0, t.start - 20) : t.start]):
                # « en arrêt depuis le 15 mars » in a mail of October: the March before, never one to come.
                values[t.start] = _before(t.day, t.month, reference)

    # Durations: "pour 14 jours à compter du 12/03", "à compter du 12/03 pour 14 jours".
    for t in toks:
        v = values.get(t.start)
        if v is None or t.start in used_as_start or t.bare:
            continue
        before = f[max(0, t.start - 80) : t.start]
        m = _DURATION_BEFORE_RE.search(before)
        span_start = t.start - len(before) + m.start() if m else t.start
        if not m:
            m = _DURATION_AFTER_RE.match(f[t.end : t.end + 60])
            span_end = t.end + m.end() if m else t.end
        else:
            span_end = t.end
        if not m:
            continue
        end = _duration_end(v, _number(m.group("n")), m.group("u"))
        about, _ = _role(f, _Token(span_start, span_start, 1, 1, None, False))
        periods.append(PeriodFound(v, end, (span_start, span_end), text[span_start:span_end], "duration",
                                   about if about != Role.UNKNOWN else Role.STOP, 0.9))
        in_period[t.start] = Role.STOP_START
        used_as_start.add(t.start)

    # Open periods: "à compter du X" alone, "jusqu'au Y" alone, "(arrêt) débuté le X".
    for t in toks:
        v = values.get(t.start)
        if v is None or t.start in in_period or t.bare:
            continue
        left = f[max(0, t.start - 30) : t.start]
        if _OPEN_FROM_RE.search(left):
            about, _ = _role(f, t)
            period = PeriodFound(v, None, (t.start, t.end), text[t.start : t.end], "from", about, 0.7)
            periods.append(_closed_by_return(f, text, toks, values, period, reference) or period)
            in_period[t.start] = Role.STOP_START
        elif _UNTIL_RE.search(left) or _END_IS_RE.search(f[max(0, t.start - 140) : t.start]):
            about, _ = _role(f, t)
            if _EXCLUDED_RE.match(f[t.end : t.end + 20]):
                v = v - timedelta(days=1)
            periods.append(PeriodFound(None, v, (t.start, t.end), text[t.start : t.end], "until", about, 0.7))
            in_period[t.start] = Role.STOP_END
        elif re.search(r"\bdu\s*$", left) and _role(f, t)[0] == Role.STOP:
            # « arrêt du 3 mars, reprise le 17 mars »: a start told by « du » alone, closed by the return.
            opened = PeriodFound(v, None, (t.start, t.end), text[t.start : t.end], "from", Role.STOP, 0.7)
            if closed := _closed_by_return(f, text, toks, values, opened, reference):
                periods.append(closed)
                in_period[t.start] = Role.STOP_START

    periods.sort(key=lambda p: p.span)
    periods, initial = _joined(f, text, periods)

    dates: list[DateFound] = []
    for t in toks:
        v = values.get(t.start)
        if v is None:
            continue
        role, conf = _role(f, t)
        if t.relative and t.start not in in_period and role not in _EVENT_ROLES | {Role.REPRISE}:
            continue  # « hier » or « lundi dernier » that dates neither a stop, an event nor a return (a call, a mail)
        if t.start in in_period and role not in NOT_STOP_ROLES | {Role.ACCIDENT, Role.DEATH, Role.INITIAL_STOP}:
            role, conf = in_period[t.start], 0.9
        if t.start in initial:
            role, conf = Role.INITIAL_STOP, 0.85
        dates.append(DateFound(v, t.start, t.end, text[t.start : t.end], role, t.year_given, conf))
    periods.sort(key=lambda p: p.span)
    return dates, periods


_SINCE_RE = re.compile(r"\bdepuis(?: le)?\s*$")
_EXTENDED_RE = re.compile(r"\b(?:prolong|renouvel|reconduit|poursuivi)")


def _joined(f: str, text: str, periods: list[PeriodFound]) -> tuple[list[PeriodFound], set[int]]:
    """Open ends joined within one sentence, and the start of the initial stop a prolongation extends.

    « débuté le 18/08, avec une fin prévue le 19/08 »: one stop from the 18th to the 19th.
    « initialement du 27/01 au 13/02, prolongé jusqu'au 05/03 »: a prolongation starts the day after the
    period it extends (14/02 to 05/03); 27/01 is the initial stop's start (the offsets of such starts
    are returned)."""
    out = list(periods)
    initial: set[int] = set()
    for i, p in enumerate(out):
        if p.how in ("range", "duration") and p.start is not None:
            # « en arrêt depuis le 9/09, bénéficie d'une prolongation du 12 au 18/10 »: the open stop told
            # before a prolongation is the initial one (the claim's first day), not a second stop.
            q = next((q for q in reversed(out[:i]) if q.span[1] <= p.span[0]), None)
            between = f[q.span[1] : p.span[0]] if q is not None else ""
            if q is not None and q.how == "from" and q.about in (Role.STOP, Role.UNKNOWN) and q.start is not None \
                    and q.start < p.start and "\n\n" not in between and len(between) <= 200 \
                    and _EXTENDED_RE.search(between):
                out[out.index(q)] = replace(q, about=Role.INITIAL_STOP)
                initial.add(q.span[0])
            continue
        if p.how != "until" or p.end is None:
            continue
        before = [(j, q) for j, q in enumerate(out[:i]) if q is not None and q.span[1] <= p.span[0] and q.start is not None]
        if not before:
            continue
        j, q = before[-1]
        between = f[q.span[1] : p.span[0]]
        if "\n" in between or _SENTENCE_END.search(between) or len(between) > 160:
            continue
        extended = bool(_EXTENDED_RE.search(between))
        if q.how == "range" and q.end is not None and extended and q.end < p.end:
            out[i] = PeriodFound(q.end + timedelta(days=1), p.end, p.span, text[p.span[0] : p.span[1]], "range",
                                 Role.STOP, 0.85)
            out[j] = replace(q, about=Role.INITIAL_STOP)
            initial.add(q.span[0])
        # « prolongation de l'arrêt débuté le 4/11, fin prévue le 5/12 »: 4/11 is the initial stop's, not this one's.
        told_before = f[f.rfind("\n", 0, q.span[0]) + 1 : q.span[0]]
        if q.about == Role.INITIAL_STOP and _EXTENDED_RE.search(told_before):
            extended = True
        if q.how == "from" and not extended and q.start <= p.end and (p.end - q.start).days <= 3 * 366:
            about = Role.STOP if q.about in (Role.INITIAL_STOP, Role.UNKNOWN) else q.about
            out[j] = None  # type: ignore[call-overload]
            out[i] = PeriodFound(q.start, p.end, (q.span[0], p.span[1]), text[q.span[0] : p.span[1]], "range",
                                 about, 0.85)
    return [p for p in out if p is not None], initial


# « depuis », « à compter d' », « dès » alone open a stop from a date told in words (« depuis hier »,
# « à compter d'aujourd'hui », « dès lundi prochain »).
_OPEN_FROM_RE = re.compile(r"(?:a compter du|a compter de|a compter d'|a partir du|a partir de|a partir d'|des le|\bdes"
                           r"|depuis le|\bdepuis|\bdebut le"
                           r"|(?:a |qui a |ayant )?(?:debutee?|commencee?|debutant|commencant)\s+(?:le|depuis le))\s*$")
# « la date de fin de l'arrêt de Mme X (début le 3/03) est le 17/03 »: the end told by a sentence about it.
_END_IS_RE = re.compile(r"\b(?:date de )?fin\b[^.;\n]{0,100}?\b(?:est|sera|etait)\s+(?:bien\s+|en fait\s+)?(?:fixee\s+)?(?:le|au)\s*$")
_RETURN_RE = re.compile(r"\b(?:reprise|reprend|reprendra|retour)\b")


def _next_day_of_month(day: int, start: date) -> date | None:
    """The first date with this day of the month on or after start (this month or the next)."""
    for k in range(2):
        m = start.month - 1 + k
        try:
            d = date(start.year + m // 12, m % 12 + 1, day)
        except ValueError:
            continue
        if d >= start:
            return d
    return None


def _closed_by_return(f: str, text: str, toks: list[_Token], values: dict[int, date | None], period: PeriodFound,
                      reference: date) -> PeriodFound | None:
    """An open stop closed by the return to work the text gives: "à compter du 3 mars, reprise le 15
    mars" is off from the 3rd to the 14th. The return is told in the same line, before or after."""
    if period.about not in (Role.STOP, Role.UNKNOWN, Role.STOP_START):
        return None
    line_start = f.rfind("\n", 0, period.span[0]) + 1
    line_end = f.find("\n", period.span[1])
    line_end = len(f) if line_end < 0 else line_end
    for t in toks:
        v = values.get(t.start)
        if v is None or t.bare or not line_start <= t.start < line_end or t.start == period.span[0]:
            continue
        if not _RETURN_RE.search(f[max(line_start, t.start - 25) : t.start]):
            continue
        a, b = min(period.span[0], t.start), max(period.span[1], t.end)
        if any(a < u.start and u.end < b and not u.bare and values.get(u.start) is not None for u in toks):
            # « accordé à compter du 7/10, prolongé à compter du 1/04, reprise le 1/07 »: the return closes
            # the stop told just before it, not the initial one before that.
            continue
        if period.start is not None and v > period.start and (v - period.start).days <= 3 * 366:
            return PeriodFound(period.start, v - timedelta(days=1), (period.span[0], period.span[1]),
                               text[a:b], "range", period.about, 0.85)
    return None


def find_dates(text: str, reference: date) -> list[DateFound]:
    return scan(text, reference)[0]


def find_periods(text: str, reference: date) -> list[PeriodFound]:
    return scan(text, reference)[1]


def shift(found: DateFound, offset: int) -> DateFound:
    """The same date with its span moved (when a text was cut out of a larger one)."""
    return replace(found, start=found.start + offset, end=found.end + offset)
