"""Facts of an arrêt de travail, a certificat AT/MP or a déclaration d'accident in any reasonable layout.

Labels are found by their words (several wordings each), values by their place on the page (formgeom):
right of the label, else under it in its column; values in boxes one character each are joined; a box
is ticked when a mark (typed, read by OCR, or drawn and turned into a '☒' word) sits next to its label.
Labels of the employer's or the doctor's part of the page never give the assuré(e)'s name. Every field
keeps the box it was read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from intake.documents.formgeom import Hit, Line, Value, find_labels, lines_of, ticked, values_of
from intake.documents.model import Page
from intake.documents.ticks import CHOICE_RE, EMPTY, is_mark
from intake.understand import dates as dates_mod
from intake.understand import nir as nir_mod
from intake.understand.text import fold

Box = tuple[float, float, float, float]


class F:
    """Field names of a form read (the keys of read_page's answer)."""

    NIR = "nir"
    LAST = "last_name"
    FIRST = "first_name"
    FULL = "full_name"  # "Nom et prénom", "Assuré(e) :" one value for both
    BIRTH_NAME = "birth_name"
    BIRTH_DATE = "birth_date"
    START = "start"
    END = "end"
    REPRISE = "reprise"
    INITIAL_START = "initial_start"  # a prolongation's "arrêt initial prescrit à compter du"
    ACCIDENT = "accident_date"
    NATURE = "nature"  # a value "Type d'arrêt : Prolongation" (ticked boxes go to choices)


_S = r"\s*"
# Label wordings, on the folded text of a line. Longer wordings first inside each alternation.
_LABELS: dict[str, str] = {
    F.INITIAL_START: r"date\s*(?:de\s*debut\s*)?(?:de\s*l'|d')\s*arret\s*initial"
                     r"|arret\s*init[il]al\s*(?:prescrit\s*)?(?:a\s*compter\s*du|a\s*partir\s*du|du|le)\b"
                     r"|arret\s*initial\s*prescrit|date\s*du\s*(?:premier|1er)\s*arret|debut\s*de\s*l'arret\s*initial"
                     r"|(?:(?:premier|1\s*er)\s*)?jour\s*de\s*l'arret\s*initial"  # « 1er jour de l'arrêt initial »
                     r"|initialement\s*(?:prescrit\s*)?(?:a\s*compter\s*du|a\s*partir\s*du|du|le)\b",
    F.NIR: r"(?:n[°o]\.?\s*(?:d'\s*)?)?immatriculation(?:\s*de\s*l'assuree?)?"
           r"|(?:n[°o]\.?|numero)\s*(?:de\s*)?securite\s*sociale|securite\s*sociale|\bnir\b|n[°o]\s*ss\b"
           r"|numero\s*d'assuree?\s*social|n[°o]\s*insee",
    F.BIRTH_NAME: r"nom\s*de\s*naissance|nom\s*de\s*jeune\s*fille|nom\s*patronymique",
    F.FULL: r"\bnom\s*(?:et|,|/)\s*prenoms?(?:\s*\(s\))?(?:\s*de\s*l'(?:assuree?|agent|interessee?))?"
            # « Assuré(e)} : » a bracket as OCR reads it off a fax
            r"|^(?:l'|la\s*|le\s*)?(?:assure[({]e[)}]{1,2}|assuree?|victime|agent|salariee?|interessee?)\s*:",
    F.LAST: r"nom\s*de\s*famille(?:\s*\(de\s*naissance\))?(?:\s*suivi(?:\s*du)?(?:\s*nom\s*d'usage)?)?|nom\s*d'usage"
            r"|nom\s*marital|nom\s*d'epouse"
            r"|nom\s*(?:de\s*l'|du\s*|de\s*la\s*)(?:assuree?|victime|agent|salariee?|interessee?)"
            # "Nom" alone; "Nom du responsable", "Nom de l'employeur", "Nom de la collectivité" name someone else
            r"|\bnom\b(?!\s*(?:ou\b|et\b|,|/|de\b|du\b|des\b|d'|commercial))",
    F.FIRST: r"preno[mn]s?(?:\s*\(s\))?(?!\s*(?:du|de\s*l'|de\s*la|des)\s*(?!assuree?|agent|victime|salariee?|interessee?))",
    F.BIRTH_DATE: r"date\s*de\s*naissance|\bnee?\s*(?:\(e\)\s*)?le\b",
    F.ACCIDENT: r"date\s*(?:et\s*heure\s*)?de\s*l'accident(?:\s*du\s*travail)?"
                r"(?:\s*ou\s*de\s*la\s*1\s*r?e\s*constatation\s*medicale(?:\s*de\s*la\s*maladie\s*professionnelle)?)?"
                r"|date\s*de\s*(?:la\s*)?1\s*r?e\s*constatation(?:\s*medicale)?|date\s*de\s*survenance"
                r"|accident\s*survenu\s*le",
    F.START: r"date\s*de\s*debut(?:\s*de\s*l'arret(?:\s*de\s*travail)?)?|debut\s*de\s*l'arret(?:\s*de\s*travail)?"
             r"|arret\s*(?:de\s*travail\s*)?(?:prescrit\s*)?(?:a\s*compter\s*du|a\s*partir\s*du)"
             r"|a\s*compter\s*du|a\s*partir\s*du|(?:date\s*du\s*)?premier\s*jour\s*d'arret|date\s*d'arret"
             r"|(?<![\w'])du\s*:"  # "Du : 03/03/2025   Au : 14/03/2025"
             # "ARRÊT DE TRAVAIL DU  0 1  0 5  2 0 2 5" (digit boxes), not a date written out after it
             r"|(?:arret\s*(?:de\s*travail\s*)?|prolongation\s*)du\b(?!\s*\d{1,2}\s*(?:/\d|[a-z]))",
    F.END: r"date\s*de\s*fin(?:\s*de\s*l'arret(?:\s*de\s*travail)?)?(?:\s*\(?\s*incluse?\s*\)?)?(?:\s*(?:prevue\s*)?le\b)?"
           r"|fin\s*de\s*l'arret(?:\s*de\s*travail)?(?:\s*\(?\s*incluse?\s*\)?)?(?:\s*(?:prevue\s*)?le\b)?"
           # « jusqu'au » as a fax or a low-resolution scan reads it (« jusqu'aü », « jusqu'a »)
           r"|jusqu'\s*a[ue]?(?![a-z])(?:\s*[({]?\s*inclus\s*[)}]?)?"
           r"|dernier\s*jour\s*d'arret|(?<![\w'])au\s*(?:[({]\s*inclus\s*[)}]\s*)?:",
    F.REPRISE: r"date\s*de\s*(?:la\s*)?reprise(?:\s*du\s*travail)?|reprise\s*(?:du\s*travail\s*)?(?:prevue\s*)?le",
    # « Nature de l'arrêt  Prolongation »: that label needs no colon (the value must be one nature word)
    F.NATURE: r"type\s*d'arret|type\s*de\s*certificat|\bnature(?:\s*de\s*l'arret|\s*du\s*certificat)?\s*:"
              r"|\bnature\s*(?:de\s*l'arret|du\s*certificat)\b",
}
_LABEL_RES = {k: re.compile(v) for k, v in _LABELS.items()}


def label_re(field: str) -> re.Pattern[str]:
    """How a form labels a field, on a folded line (for a value the registry holds to be confirmed there)."""
    return _LABEL_RES[field]


# Headings of the parts of a form: the assuré(e)'s, and the others' (whose names are not the subject's).
_PERSON_PART = re.compile(r"^(?:l'|la\s|le\s)?(?:assuree?|assure\(e\)|victime|agent|salariee?|fonctionnaire|interessee?"
                          r"|beneficiaire|identite\s*de\s*l'(?:assuree?|agent|interessee?|assure\(e\)))\b")
_OTHER_PART = re.compile(r"^(?:l'|la\s|le\s)?(?:employeur|medecin|prescripteur|etablissement|temoins?\b|signataire"
                         r"|collectivite|autorite|redacteur|declarant|praticien|(?:identification\s*(?:du|de\s*l'))"
                         r"?\s*(?:employeur|prescripteur|medecin))")
_PERSON_FIELDS = frozenset({F.NIR, F.LAST, F.FIRST, F.FULL, F.BIRTH_NAME, F.BIRTH_DATE})

_FORM_TITLE = (
    ("11138", re.compile(r"11138|certificat medical.{0,60}accident du travail|accident du travail.{0,10}maladie professionnelle")),
    ("10170", re.compile(r"10170|avis d'arret|arret de travail|prolongation d'arret|certificat d'arret")),
    ("declaration", re.compile(r"declaration d'accident|declaration d'un accident")),
)


@dataclass(frozen=True, slots=True)
class Read:
    """One field's value with where it was read: the label's words, the value's words and its box."""

    value: object
    label: str
    text: str
    box: Box
    confidence: float


@dataclass(slots=True)
class PageFacts:
    form: str | None
    page: int
    fields: dict[str, Read]
    choices: dict[str, Read]  # ticked boxes (initial, prolongation, …, accident_trajet) -> the mark


def form_of(text: str) -> str | None:
    f = fold(text)
    for form, rx in _FORM_TITLE:
        if rx.search(f):
            return form
    return None


def _sections(lines: list[Line], labelled: dict[int, set[int]]) -> list[str | None]:
    """For each line, the part of the form it lies in: 'person', 'other' or None (before any heading)."""
    out: list[str | None] = []
    current: str | None = None
    for i, ln in enumerate(lines):
        head = ln.folded.strip()
        if len(ln.tokens) <= 6 and not any(is_mark(t.text) for t in ln.tokens[:1]) and 0 not in labelled.get(i, ()):
            if _OTHER_PART.match(head):
                current = "other"
            elif _PERSON_PART.match(head):
                current = "person"
            elif ln.joined.isupper() and not any(c.isdigit() for c in head) and len(head) > 6:
                current = None  # another heading ("ARRÊT DE TRAVAIL"): the employer's part is over
        out.append(current)
    return out


def _label_hits(lines: list[Line]) -> tuple[dict[str, list[Hit]], dict[int, set[int]], dict[int, list[tuple[int, int]]]]:
    hits: dict[str, list[Hit]] = {}
    covered: dict[int, list[tuple[int, int]]] = {}
    chars: dict[int, list[tuple[int, int]]] = {}
    for name, rx in _LABEL_RES.items():  # dict order: the longer, more specific wordings claim words first
        for h in find_labels(lines, rx):
            spans = covered.setdefault(h.line, [])
            letters = (h.start, h.end)  # the label's letters: two labels glued share a word, not letters
            if any(a < letters[1] and letters[0] < b for a, b in chars.get(h.line, [])):
                continue  # these words already belong to another label ("arrêt initial … du" is not a start)
            chars.setdefault(h.line, []).append(letters)
            spans.append((h.first, h.last))
            hits.setdefault(name, []).append(h)
    taken = {line: {j for a, b in spans for j in range(a, b + 1)} for line, spans in covered.items()}
    return hits, taken, covered


# --- values -------------------------------------------------------------------------------------------

_NAME_PARTICLES = {"de", "d'", "du", "des", "le", "la", "van", "von", "da", "dos", "del", "di", "ep", "ep.", "epouse", "nee"}
_LABEL_TAIL = {"suivi", "du", "nom", "d'usage", "usage", "de", "naissance", "famille", "(s)", "s"}
_NAME_TOKEN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’\-.]*$")


def _name(value: Value) -> str | None:
    words = [t.text.strip(":,;") for t in value.tokens]
    words = [w for w in words if w]
    # A label running on ("Nom de famille (de naissance) suivi du  DUPONT"): its own words go, and only
    # those ("du responsable : Mme X" is another person's name, not a value).
    while len(words) > 1 and fold(words[0]).strip("()") in _LABEL_TAIL and words[1][0].isalpha():
        words = words[1:]
    if not words or len(words) > 5 or all(w[0].islower() or fold(w) in _NAME_PARTICLES for w in words):
        return None
    for w in words:
        if not _NAME_TOKEN.match(w) or _LABEL_RES[F.NIR].search(fold(w)):
            return None  # digits, dates, symbols, the NIR's label on the line below: not a name
        if w[0].islower() and fold(w) not in _NAME_PARTICLES:
            return None  # running words ("suivi du nom d'usage", "non renseigné"): not a value
    return " ".join(words)


def _split_full(text: str) -> tuple[str | None, str | None]:
    """'DUPONT Marie' or 'Marie DUPONT' -> (DUPONT, Marie); None for the last name when no word is in capitals."""
    words = [w for w in text.split() if fold(w) not in ("m", "m.", "mme", "mme.", "mlle", "monsieur", "madame")]
    upper = [w for w in words if w.isupper() and len(w) > 1]
    if not upper:
        return None, None
    rest = [w for w in words if w not in upper]
    return " ".join(upper), (" ".join(rest) or None)


# « CHAMBON Inès (née BOURDIN) », « DUPUY épouse MARTIN Anne »: the birth name beside the name in use.
_BORN_ASIDE = re.compile(r"\(?\s*\b(?P<how>n[ée]e?|[ée]pouse|ep\.)\s+(?P<n>[^\W\d_][\w'’-]*)\s*\)?", re.I)


def _birth_name_aside(text: str) -> tuple[str, str | None]:
    """The full name without its « née X » / « épouse X » part, and the birth name that part gives."""
    m = _BORN_ASIDE.search(text)
    if m is None or not m.group("n")[0].isupper():
        return text, None
    rest = " ".join((text[: m.start()] + " " + text[m.end() :]).split())
    if fold(m.group("how")).startswith("ep"):
        # « MARTIN épouse DUPUY »: the name before is the birth name, the one after the name in use.
        last, first = _split_full(rest)
        if not last:
            return text, None
        return " ".join(filter(None, (m.group("n"), first))), last
    return rest, m.group("n")


_DIGITS_ONLY = re.compile(r"^[\d/.\-]+$")


def _date_value(value: Value, reference: date) -> tuple[date, str] | None:
    """A date written in the value: '12/03/2025', '12 mars 2025', or boxes '1 2 0 3 2 0 2 5'."""
    toks = [t.text.strip("|[]_") for t in value.tokens if t.text not in EMPTY]
    lead: list[str] = []
    for t in toks:  # the leading run of digit boxes ("0 1   0 5   2 0 2 5", "01 05 2025")
        if t and _DIGITS_ONLY.match(t):
            lead.append(t)
        else:
            break
    digits = re.sub(r"\D", "", "".join(lead))
    boxes = len(lead) > 1 and all(len(re.sub(r"\D", "", t)) <= 4 for t in lead)
    if lead and len(digits) in (6, 8) and (boxes or re.fullmatch(r"\d{8}", lead[0])):
        day, month = int(digits[:2]), int(digits[2:4])
        year = int(digits[4:]) if len(digits) == 8 else 2000 + int(digits[4:])
        if len(digits) == 6 and year > reference.year + 1:
            year -= 100
        try:
            return date(year, month, day), " ".join(lead)
        except ValueError:
            return None
    text = " ".join(toks)
    # A form prints its dates whole: a year-less reading is a box misread ("1/9" from "1 9 0 1 2 0 2 5").
    found = [d for d in dates_mod.find_dates(text, reference) if d.year_given]
    if found and found[0].start <= 4:  # the value starts with it ("le 12/03"), not a date further in a sentence
        return found[0].value, found[0].text
    return _misread_date(toks[0]) if toks else None


# Digits a blurred glyph (a fax, a low-resolution scan) turns into one another ("14/66/2025" for 14/06).
_DIGIT_LOOKALIKES = {"0": "689", "6": "058", "8": "036", "9": "0", "3": "8", "5": "6", "1": "7", "7": "1"}
_NUMERIC_DATE = re.compile(r"(\d\d)[/.\-](\d\d)[/.\-](\d{4})")


def _misread_date(text: str) -> tuple[date, str] | None:
    """A day or month that cannot be (« 14/66/2025 »), read again with one look-alike digit changed: the date
    if exactly one such change makes it one."""
    m = _NUMERIC_DATE.fullmatch(text)
    if m is None:
        return None
    day, month, year = m.group(1), m.group(2), int(m.group(3))
    if 1 <= int(day) <= 31 and 1 <= int(month) <= 12:
        return None  # a possible date (impossible only by the calendar): not a misread of one digit
    found = set()
    dm = day + month
    for i, c in enumerate(dm):
        for alt in _DIGIT_LOOKALIKES.get(c, ""):
            d = dm[:i] + alt + dm[i + 1 :]
            try:
                found.add(date(year, int(d[2:]), int(d[:2])))
            except ValueError:
                continue
    return (found.pop(), text) if len(found) == 1 else None


def _nir_value(value: Value) -> tuple[str, bool, str] | None:
    written = " ".join(t.text for t in value.tokens if t.text not in EMPTY)
    found = nir_mod.find_nirs("NIR : " + written)
    run = re.match(r"[\s0-9ABOoIlS.\-]*", written[max(0, found[0].start - 6):]).group() if found else ""
    if found and found[0].key is None and len(re.sub(r"[^0-9AB]", "", run.upper())) > 13:
        found = []  # the form has boxes for the key: a reading without it is a misread
    if found:
        return found[0].value, found[0].key is not None, found[0].text
    repaired = nir_mod.repair_with_key(written)
    if repaired:
        return repaired[0], True, written + " (un caractère parasite écarté, clé vérifiée)"
    return None


def _ticks(lines: list[Line], ocr: bool) -> dict[str, Read]:
    """Choices whose box carries a mark (formgeom.ticked), with where the mark was read."""
    return {label: Read(True, text, t.text, (t.x0, t.y0, t.x1, t.y1), t.confidence)
            for label, (t, text) in ticked(lines, CHOICE_RE, ocr=ocr).items()}


def read_page(page: Page, reference: date, *, form: str | None = None, lines: list[Line] | None = None) -> PageFacts:
    """Every field and ticked box found on one page, whatever its layout (no form title needed)."""
    lines = lines if lines is not None else lines_of(page)
    hits, taken, spans = _label_hits(lines)
    parts = _sections(lines, taken)
    _column_headings(lines, taken)
    upward = _values_over_labels(lines, hits, taken)
    fields: dict[str, Read] = {}

    def put(name: str, value: object, hit: Hit, v: Value, text: str | None = None) -> None:
        if name not in fields:
            fields[name] = Read(value, hit.text, text if text is not None else v.text, v.box, v.confidence)

    for name, found in hits.items():
        for hit in found:
            if name in _PERSON_FIELDS and parts[hit.line] == "other":
                continue  # the employer's or the doctor's name, not the assuré(e)'s
            glued = max((b for a, b in spans.get(hit.line, []) if a <= hit.last and hit.first <= b), default=hit.last)
            for v in values_of(lines, hit, taken, after=glued, upward=upward):
                if name == F.NIR:
                    got = _nir_value(v)
                    if got:
                        fields.setdefault(F.NIR, Read(got[0], hit.text, got[2], v.box, v.confidence))
                        fields.setdefault("nir_has_key", Read(got[1], hit.text, got[2], v.box, v.confidence))
                        break
                elif name in (F.LAST, F.FIRST, F.BIRTH_NAME):
                    got_name = _name(v)
                    # "Nom … – Prénom" (the two labels side by side over one value) reads as one name too.
                    one_label = F.FIRST not in hits or any(h.line == hit.line and 0 < h.first - hit.last <= 2
                                                           and lines[h.line].tokens[hit.last + 1].text in "–-/,"
                                                           for h in hits[F.FIRST])
                    if got_name and name == F.LAST and one_label:
                        # "Nom : CHAZAL François" with no first-name label: the name in capitals is the last
                        last, first = _split_full(got_name)
                        if last and first:
                            put(F.LAST, last, hit, v)
                            put(F.FIRST, first, hit, v)
                            break
                    if got_name:
                        put(name, got_name, hit, v)
                        break
                elif name == F.FULL:
                    full, born = _birth_name_aside(" ".join(t.text for t in v.tokens))
                    last, first = _split_full(full)
                    if last:
                        put(F.LAST, last, hit, v)
                        if first:
                            put(F.FIRST, first, hit, v)
                        if born and F.BIRTH_NAME not in fields:
                            put(F.BIRTH_NAME, born, hit, v)
                        break
                elif name == F.NATURE:
                    words = {m.lastgroup for m in CHOICE_RE.finditer(fold(v.text))}
                    words &= {"initial", "prolongation", "rechute", "final"}
                    if len(words) == 1:
                        put(name, words.pop(), hit, v)
                        break
                else:
                    got_date = _date_value(v, reference)
                    if got_date:
                        put(name, got_date[0], hit, v, got_date[1])
                        break
            if name in fields:
                break
    _split_name(fields)
    _inline_period(lines, fields, reference)
    return PageFacts(form if form is not None else form_of(page.text), page.number, fields, _ticks(lines, page.ocr))


def _values_over_labels(lines: list[Line], hits: dict[str, list[Hit]], taken: dict[int, set[int]]) -> bool:
    """Whether the page prints its values over their labels (« DUPONT » on a rule, « Nom de l'assuré(e) »
    in small type under it) rather than under them.

    Labels with nothing right of them vote: a row of values starting where the label starts, just above it,
    or just below it. Inside a grid of alternating rows both hold; the ends tell: the first row of labels has
    its values above in that layout, and the last row nothing under it (or a row of ticks, or the signature).
    """
    up = down = 0
    for name, found in hits.items():
        if name == F.NATURE:
            continue
        for hit in found:
            ln = lines[hit.line]
            if any(j > hit.last and j not in taken.get(hit.line, ()) for j in range(len(ln.tokens))):
                continue  # « Label : value » on its line: no vote
            h = ln.height
            for k, is_up in ((hit.line - 1, True), (hit.line + 1, False)):
                if not 0 <= k < len(lines) or taken.get(k):
                    continue
                other = lines[k]
                gap = ln.top - other.bottom if is_up else other.top - ln.bottom
                if gap > 3.2 * max(h, other.height) or any(is_mark(t.text) for t in other.tokens):
                    continue
                if any(abs(t.x0 - hit.x0) <= 1.5 * h for t in other.tokens):
                    up, down = up + is_up, down + (not is_up)
    return up >= 2 and up > down


_HEADING_WORD = re.compile(r"^(?:employeur|medecin|prescripteur|etablissement|signataire|collectivite)\s*:?$")


def _column_headings(lines: list[Line], taken: dict[int, set[int]]) -> None:
    """« N° d'immatriculation      Employeur »: a heading of another part on a row of labels heads its own
    column; it bounds the label's value and is nobody's first name."""
    for i, ln in enumerate(lines):
        if taken.get(i):
            taken[i] |= {j for j, t in enumerate(ln.tokens) if j not in taken[i] and _HEADING_WORD.match(fold(t.text))}


def _split_name(fields: dict[str, Read]) -> None:
    """« Nom de famille … - Prénom » over one value « ALBERTINI Noémie »: the capitals are the last name."""
    if F.LAST in fields and F.FIRST not in fields:
        r = fields[F.LAST]
        last, first = _split_full(str(r.value))
        if last and first:
            fields[F.LAST] = Read(last, r.label, r.text, r.box, r.confidence)
            fields[F.FIRST] = Read(first, r.label, r.text, r.box, r.confidence)


_PERIOD_LINE = re.compile(r"arret\s*de\s*travail\s*du|arrets?\s*de\s*travail\b.*\bau\b|\bperiode\s*du\b|\bdu\b.*\bau\b")


def _inline_period(lines: list[Line], fields: dict[str, Read], reference: date) -> None:
    """'Arrêt de travail du 03/03/2025 au 21/03/2025 inclus': one line, both ends, read as prose."""
    if F.START in fields and F.END in fields:
        return
    for ln in lines:
        f = ln.folded
        if not _PERIOD_LINE.search(f) or "initial" in f or "naissance" in f:
            continue
        text = _compact_boxes(ln.text)
        _, periods = dates_mod.scan(text, reference)
        for p in periods:
            if p.how == "range" and p.start and p.end:
                # The dates' words, not the label before them: what the desk boxes on the page (web/viewer.py).
                dated = [t for t in ln.tokens if any(c.isdigit() for c in t.text)] or ln.tokens
                box = (dated[0].x0, ln.top, dated[-1].x1, ln.bottom)
                conf = min(t.confidence for t in ln.tokens)
                fields.setdefault(F.START, Read(p.start, "", p.text, box, conf))
                fields.setdefault(F.END, Read(p.end, "", p.text, box, conf))
                # « … un arrêt de travail de prolongation du 31 août au 9 septembre »: the sentence names the
                # stop's nature (a line with « initial » is skipped above: it may be the earlier stop's).
                said = {m.lastgroup for m in CHOICE_RE.finditer(fold(text[: p.span[0]]))} & {"prolongation", "rechute"}
                if len(said) == 1 and F.NATURE not in fields:
                    fields[F.NATURE] = Read(said.pop(), "", ln.text, box, conf)
                return


def _compact_boxes(text: str) -> str:
    """'0 1 0 5 2 0 2 5' (a date in boxes inside a line) -> '01/05/2025', so prose date patterns read it."""
    def glue(m: re.Match[str]) -> str:
        d = re.sub(r"\D", "", m.group())
        return f"{d[:2]}/{d[2:4]}/{d[4:]}"
    return re.sub(r"(?<!\d)(?:\d\s+){7}\d(?!\d)|(?<!\d)\d\d\s+\d\d\s+\d{4}(?!\d)", glue, text)


def stop_end(fields: dict[str, Read]) -> tuple[date, Read] | None:
    """The last day off: the end read, else the day before the return to work ("reprise le 15": ends the 14th)."""
    if F.END in fields:
        return fields[F.END].value, fields[F.END]  # type: ignore[return-value]
    if F.REPRISE in fields:
        r = fields[F.REPRISE]
        return r.value - timedelta(days=1), r  # type: ignore[operator]
    return None
