"""Cerfa 10170 (avis d'arrêt de travail) and 11138 (certificat AT/MP) read by position from word boxes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from intake.documents.formgeom import Line, Token, lines_of
from intake.documents.model import DocumentText, Page
from intake.documents.ticks import is_mark
from intake.understand import dates as dates_mod
from intake.understand import formreader
from intake.understand import nir as nir_mod
from intake.understand.formreader import F
from intake.understand.text import fold

__all__ = ["FormFacts", "Line", "Token", "form_of", "lines_of", "prose_stop", "read_form", "read_forms"]
_ARRET_RE = re.compile(r"10170|avis d'arret de travail|avis d'arr[eé]t|arret de travail\s*-\s*avis a l'employeur")
_ATMP_RE = re.compile(r"11138|certificat medical.{0,60}accident du travail|accident du travail.{0,10}maladie professionnelle")
_BOX_LABELS = {  # prefixes: tight fonts glue the label's words together ("etatpathologique")
    "initial": re.compile(r"^i?nitial"),
    "prolongation": re.compile(r"^(?:de)?prolongation"),
    "rechute": re.compile(r"^(?:de)?rechute"),
    "final": re.compile(r"^final"),
    "ald": re.compile(r"^ald\b"),
    "tiers": re.compile(r"^accident\s?cause"),  # "accident causé par un tiers" on the arrêt form
    "grossesse": re.compile(r"^etat\s?patho"),  # "état pathologique résultant de la grossesse"
}


@dataclass(slots=True)
class FormFacts:
    form: str  # "10170", "11138" or "declaration" (déclaration d'accident)
    page: int
    last_name: str | None = None
    first_name: str | None = None
    nir: str | None = None
    nir_has_key: bool = False
    boxes: set[str] = field(default_factory=set)
    start: date | None = None
    end: date | None = None
    accident_date: date | None = None
    birth_name: str | None = None
    birth_date: date | None = None
    initial_start: date | None = None  # a prolongation's "arrêt initial prescrit à compter du"
    confidence: float = 1.0  # the mean OCR confidence of the words used (1.0 for a text layer)
    evidence: dict[str, str] = field(default_factory=dict)  # field -> the words read
    where: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)  # field -> box on the page
    size: tuple[float, float] = (0.0, 0.0)  # the page's width and height, in the boxes' unit


def form_of(page_text: str) -> str | None:
    f = fold(page_text)
    if _ATMP_RE.search(f):
        return "11138"
    if _ARRET_RE.search(f):
        return "10170"
    return None


def _find(lines: list[Line], rx: re.Pattern[str]) -> tuple[int, Line] | None:
    for i, ln in enumerate(lines):
        if rx.search(ln.folded):
            return i, ln
    return None


def _ticked(lines: list[Line]) -> set[str]:
    """Box labels with a tick just left of them (at most one short word, "de", in between)."""
    found: set[str] = set()
    for ln in lines:
        toks = ln.tokens
        for i in range(len(toks)):
            key = fold(" ".join(x.text for x in toks[i : i + 2])).strip(".,:;()")
            for label, rx in _BOX_LABELS.items():
                if not rx.match(key):
                    continue
                for back in (1, 2):
                    j = i - back
                    if j < 0:
                        break
                    if is_mark(toks[j].text):
                        found.add(label)
                        break
                    if fold(toks[j].text) not in ("de", "d'"):
                        break
    return found


_LABEL_WORD = re.compile(r"^(?:nom|de|famille|\(?de|naissance\)?|suivi|du|d'usage|usage|prenom\(?s?\)?|:|.*usage.*|.*naissance.*|.*prenom.*)$")


def _values_after_labels(line: Line, stop_x: float | None = None) -> list[Token]:
    """The tokens right of a line's label words (inline layout: "Nom de famille … DUPONT")."""
    # Label words are lowercase or known ("dunom" glued by a tight font); values start with a capital.
    label_end = max((t.x1 for t in line.tokens
                     if not (t.text.isupper() and len(t.text) > 1)
                     and (_LABEL_WORD.match(fold(t.text)) or t.text == t.text.lower() or "(" in t.text)), default=None)
    if label_end is None:
        return []
    return [t for t in line.tokens if t.x0 > label_end and (stop_x is None or t.x1 <= stop_x + 5)]


def _unboxed(text: str) -> str | None:
    """A value read in a box: OCR reads the box edges as '|' or brackets and may glue the label to it
    ("NOM|ROCHE"); the value is the last piece that is not a label word."""
    pieces = [p.strip() for p in re.split(r"[|\[\]]", text) if p.strip()]
    pieces = [p for p in pieces if not _LABEL_WORD.match(fold(p))]
    return pieces[-1] if pieces else None


def _name_fields(lines: list[Line]) -> tuple[str | None, str | None, list[Token]]:
    """The assuré(e)/victime's last and first names, in the stacked, inline or "label : value" layouts."""
    last: list[Token] = []
    first: list[Token] = []
    hit = _find(lines, re.compile(r"nom\s*de\s*famille|nom\s*d'usage|^nom\b.*prenom"))
    if hit is not None:
        i, label = hit
        prenom = next((t for t in label.tokens if "prenom" in fold(t.text)), None)
        last = _values_after_labels(label, prenom.x0 if prenom else None)
        if prenom is not None:
            first = [t for t in label.tokens if t.x0 > prenom.x1]
        if not last:
            # OCR glued the value to its label ("Nomd'usage:MAISONNEUVE"): the capitals after the colon.
            glued = next((t for t in label.tokens if (prenom is None or t.x1 <= prenom.x0)
                          and re.fullmatch(r"[^:]+:\s*[A-ZÀ-Þ][A-ZÀ-Þ' -]+", t.text)), None)
            if glued is not None:
                last = [Token(glued.text.rsplit(":", 1)[1].strip(), glued.x0, glued.y0, glued.x1, glued.y1,
                              glued.confidence)]
        # Stacked: values on the next line, unless it is the NIR's own line (its label is no name).
        if not last and prenom is not None and i + 1 < len(lines) and not nir_mod.LABEL_RE.search(lines[i + 1].folded):
            value = lines[i + 1]
            last = [t for t in value.tokens if t.x1 <= prenom.x0]
            first = [t for t in value.tokens if t.x0 >= prenom.x0 - 5]
        if not first:
            p = _find(lines[i + 1 : i + 4], re.compile(r"prenom"))
            if p is not None:
                first = _values_after_labels(p[1])
    if last:
        return _unboxed(Line(last).text), (_unboxed(Line(first).text) if first else None), last + first
    hit = _find(lines, re.compile(r"^(?:assure\(?e?\)?|victime|agent)\s*:?\s"))
    if hit is not None:
        from intake.understand.names import find_people

        text = re.sub(r"^\S+\s*:?", "", hit[1].text, count=1)
        people = find_people(text)
        if people:
            m = people[0].mention
            return m.last_name, m.first_name, hit[1].tokens
    return None, None, []


def read_form(page: Page, *, reference: date) -> FormFacts | None:
    """The facts of one form page (arrêt, certificat AT/MP, déclaration d'accident), or None if it is none.

    The layout-independent reader (formreader) answers first; the cerfa reader by known places fills what
    it left unread, so a layout either knows is read.
    """
    form = form_of(page.text)
    lines = lines_of(page)
    read = formreader.read_page(page, reference, form=form, lines=lines)
    if form is None:
        form = read.form
        # A broader title ("arrêt de travail", "déclaration d'accident") needs the form's own labels too.
        if form is None or not ({F.NIR, F.LAST, F.FULL} & read.fields.keys()) or \
                not ({F.START, F.END, F.ACCIDENT, F.INITIAL_START} & read.fields.keys() or read.choices):
            return None
    got = read.fields
    facts = _read_cerfa(page, form, reference, lines, _missing(form, read))
    for name, attr in ((F.LAST, "last_name"), (F.FIRST, "first_name"), (F.BIRTH_NAME, "birth_name"),
                       (F.BIRTH_DATE, "birth_date"), (F.START, "start"), (F.ACCIDENT, "accident_date"),
                       (F.INITIAL_START, "initial_start"), (F.NIR, "nir")):
        if name in got:
            _take(facts, attr, got[name], name)
    if F.NIR in got:
        facts.nir_has_key = bool(got["nir_has_key"].value)
    end = formreader.stop_end(got)
    if end is not None:
        _take(facts, "end", formreader.Read(end[0], end[1].label, end[1].text, end[1].box, end[1].confidence), F.END)
    if facts.start and facts.end and facts.end < facts.start:
        facts.start = facts.end = None  # two dates read from the wrong places: none rather than a wrong stop
    ticked = {k for k in read.choices}
    if F.NATURE in got and not ticked & _NATURES:
        ticked.add(str(got[F.NATURE].value))
    if ticked & _NATURES:
        facts.boxes = (facts.boxes - _NATURES) | ticked
    else:
        facts.boxes |= ticked
    for k in ticked:
        facts.where.setdefault(f"case {k}", read.choices[k].box if k in read.choices else got[F.NATURE].box)
    if facts.boxes:
        facts.evidence["cases"] = ", ".join(sorted(facts.boxes))
    if facts.last_name:
        facts.evidence["nom"] = " ".join(filter(None, (facts.last_name, facts.first_name)))
    elif facts.first_name:
        # A first name whose last name's label a fax blurred (« Non », « Nam de … ») names nobody: the NIR
        # or the page's words name the person.
        facts.first_name = None
        facts.where.pop("first_name", None)
    used = [r.confidence for r in got.values()]
    if used:
        facts.confidence = round(min(facts.confidence, sum(used) / len(used)), 3)
    return facts


_NATURES = frozenset({"initial", "prolongation", "rechute", "final"})


def _missing(form: str, read: formreader.PageFacts) -> set[str]:
    """The parts the cerfa reader still has to look for (each costs as much as the whole new reading)."""
    got = read.fields.keys()
    need = set()
    if not {F.LAST, F.FIRST} <= got:
        need.add("names")
    if F.NIR not in got:
        need.add("nir")
    if not (set(read.choices) & _NATURES or F.NATURE in got):
        need.add("boxes")
    if not {F.START, F.END} <= got:
        need.add("period")
    if form == "11138" and F.ACCIDENT not in got:
        need.add("accident")
    return need
_EVIDENCE = {"start": "arrêt", "end": "arrêt", "accident_date": "date de l'accident", "nir": "nir",
             "initial_start": "arrêt initial", "birth_date": "date de naissance", "birth_name": "nom de naissance"}


def _take(facts: FormFacts, attr: str, read: formreader.Read, name: str) -> None:
    """The layout-independent reading of a field replaces the one by known places; its box is kept."""
    setattr(facts, attr, read.value)
    facts.where[attr] = read.box
    if attr in _EVIDENCE:
        said = f"{read.label} {read.text}".strip()
        key = _EVIDENCE[attr]
        if attr == "end" and facts.where.get("start") != read.box and key in facts.evidence:
            said = facts.evidence[key] + " ; " + said  # start and end read from two labels: both shown
        facts.evidence[key] = said


def _read_cerfa(page: Page, form: str, reference: date, lines: list[Line], need: set[str]) -> FormFacts:
    """The cerfa layouts read by their known places: only the parts (names, nir, boxes, period, accident)
    the layout-independent reader left unread."""
    facts = FormFacts(form=form, page=page.number, size=(page.width, page.height))
    used: list[Token] = []

    if "names" in need:
        facts.last_name, facts.first_name, name_toks = _name_fields(lines)
        used += name_toks
        _place(facts, "last_name", name_toks)
    if facts.last_name:
        facts.evidence["nom"] = " ".join(filter(None, (facts.last_name, facts.first_name)))

    hit = _find(lines, nir_mod.LABEL_RE) if "nir" in need else None
    if hit:
        _, ln = hit
        label_end = max((t.x1 for t in ln.tokens if nir_mod.LABEL_RE.search(fold(t.text)) or re.search(r"social|:", fold(t.text))),
                        default=ln.tokens[0].x0)
        digits = [t for t in ln.tokens if t.x0 >= label_end]
        written = " ".join(t.text for t in digits)
        found = nir_mod.find_nirs("NIR : " + written)
        repaired = None if found else nir_mod.repair_with_key(written)
        if found and found[0].key is None:
            found = []  # the form has boxes for the key: a reading without it is a misread
        if found:
            facts.nir, facts.nir_has_key = found[0].value, found[0].key is not None
            facts.evidence["nir"] = found[0].text
            used += digits
            _place(facts, "nir", digits)
        elif repaired:
            facts.nir, facts.nir_has_key = repaired[0], True
            facts.evidence["nir"] = written + " (un caractère parasite écarté, clé vérifiée)"
            used += digits
            _place(facts, "nir", digits)

    facts.boxes = _ticked(lines) if "boxes" in need else set()
    nature_line = _find(lines, re.compile(r"^nature\b")) if "boxes" in need else None
    if nature_line is not None and not facts.boxes & {"initial", "prolongation", "rechute"}:
        words = fold(nature_line[1].text)
        named = {n for n in ("rechute", "prolongation", "initial") if n in words}
        if len(named) == 1:  # "Nature : arrêt initial"; a line offering them all is a checklist, not a value
            facts.boxes |= named
    if facts.boxes:
        facts.evidence["cases"] = ", ".join(sorted(facts.boxes))

    hit = _find(lines, re.compile(r"arret\s*de\s*travail\s*du|arrets?\s*de\s*travail\b.*\bau")) if "period" in need else None
    if hit:
        _, ln = hit
        _, periods = dates_mod.scan(ln.text, reference)
        if periods:
            facts.start, facts.end = periods[0].start, periods[0].end
            facts.evidence["arrêt"] = ln.text
            used += ln.tokens
            _place(facts, "start", ln.tokens)
            _place(facts, "end", ln.tokens)

    if form == "11138" and "accident" in need:
        hit = _find(lines, re.compile(r"date\s*de\s*l'accident|1re\s*constatation"))
        if hit:
            i, ln = hit
            for cand in [ln] + lines[i + 1 : i + 3]:
                ds = [d for d in dates_mod.find_dates(cand.text, reference) if d.role != dates_mod.Role.SIGNATURE]
                if ds:
                    facts.accident_date = ds[0].value
                    facts.evidence["date de l'accident"] = ds[0].text
                    used += cand.tokens
                    _place(facts, "accident_date", cand.tokens)
                    break

    if used:
        facts.confidence = round(sum(t.confidence for t in used) / len(used), 3)
    return facts


def _place(facts: FormFacts, attr: str, tokens: list[Token]) -> None:
    """Where a value read by known places sits on the page: the box around the words it came from."""
    if tokens:
        facts.where[attr] = (min(t.x0 for t in tokens), min(t.y0 for t in tokens),
                             max(t.x1 for t in tokens), max(t.y1 for t in tokens))


def read_forms(doc: DocumentText, *, reference: date) -> list[FormFacts]:
    """The forms of a document, one per page, a form's second page joined to its first.

    A form printed on two pages (« 1/2 » the assuré and the employer, « 2/2 » the prescription), as a fax
    sends it, has its person on one page and its stop on the other: the page without a person lends its
    stop to the page with one, before or (failing that) after it, which keeps its own readings.
    """
    got: list[FormFacts | None] = []
    for p in doc.pages:
        f = read_form(p, reference=reference)
        if f is None and got and got[-1] is not None:
            f = _continuation(p, got[-1].form, reference)
        got.append(f)
    forms = [f for f in got if f is not None]
    out = [f for f in forms if _has_person(f) or not any(map(_has_person, forms))]
    for f in forms:
        if _has_person(f) or f in out:
            continue
        before = [g for g in out if g.page < f.page and _lacks_stop(g, f)]
        after = [g for g in out if g.page > f.page and _lacks_stop(g, f)]
        if before or after:
            _lend_stop(f, before[-1] if before else after[0])
        else:
            out.append(f)  # nothing to complete: a page of its own, as before
    return sorted(out, key=lambda f: f.page)


_STOP_ATTRS = ("start", "end", "initial_start", "accident_date")


def _has_person(f: FormFacts) -> bool:
    return bool(f.last_name or f.nir)


def _lacks_stop(person: FormFacts, page: FormFacts) -> bool:
    """The page with the person misses a part of the stop that the other page gives."""
    return any(getattr(page, a) and not getattr(person, a) for a in _STOP_ATTRS) or \
        bool(page.boxes & _NATURES and not person.boxes & _NATURES)


def _lend_stop(page: FormFacts, person: FormFacts) -> None:
    """The stop read on one page of a form completes the page naming its person (its boxes stay on their
    own page: `where` keeps only the person's page's boxes)."""
    for a in _STOP_ATTRS:
        if getattr(page, a) and not getattr(person, a):
            setattr(person, a, getattr(page, a))
    if page.start and page.end and person.start and person.end and person.end < person.start:
        person.start, person.end = page.start, page.end
    if page.boxes & _NATURES and not person.boxes & _NATURES:
        person.boxes |= page.boxes
    elif not person.boxes:
        person.boxes = set(page.boxes)
    for key, said in page.evidence.items():
        if key != "nom":
            person.evidence.setdefault(key, f"{said} (page {page.page})")
    if person.boxes:
        person.evidence["cases"] = ", ".join(sorted(person.boxes))
    person.confidence = min(person.confidence, page.confidence)


def _continuation(page: Page, form: str, reference: date) -> FormFacts | None:
    """A page after a form's page with neither title nor name: its stop, if it tells one by its labels."""
    read = formreader.read_page(page, reference, form=form)
    got = read.fields
    if not ({F.START, F.END, F.ACCIDENT, F.INITIAL_START, F.REPRISE} & got.keys()):
        return None
    facts = FormFacts(form=form, page=page.number, size=(page.width, page.height))
    for name, attr in ((F.START, "start"), (F.ACCIDENT, "accident_date"), (F.INITIAL_START, "initial_start")):
        if name in got:
            _take(facts, attr, got[name], name)
    end = formreader.stop_end(got)
    if end is not None:
        _take(facts, "end", formreader.Read(end[0], end[1].label, end[1].text, end[1].box, end[1].confidence), F.END)
    facts.boxes = {k for k in read.choices if k in _NATURES}
    if F.NATURE in got and not facts.boxes:
        facts.boxes = {str(got[F.NATURE].value)}
    used = [r.confidence for r in got.values()]
    facts.confidence = round(sum(used) / len(used), 3)
    return facts


_PROLONGED = re.compile(r"prolong|rechute")


def prose_stop(doc: DocumentText, *, reference: date) -> list[FormFacts]:
    """The stop a doctor's certificate tells in sentences, without labels (« nécessite une prolongation de
    l'arrêt initialement prescrit à compter du 14/05, du 29/05 jusqu'au 17/06 inclus »): its period, the
    initial stop's start and the ticked nature, never a name (the words tell whose it is, not the page)."""
    out = []
    for page in doc.pages:
        if form_of(page.text) is None and formreader.form_of(page.text) != "10170":
            continue
        # A paragraph's lines are one sentence wrapped (« initialement\nprescrit à compter du »).
        found, periods = dates_mod.scan(re.sub(r"(?<!\n)\n(?!\n)", " ", page.text), reference)
        stop = [p for p in periods if p.about not in dates_mod.NOT_STOP_ROLES | {dates_mod.Role.INITIAL_STOP}
                and p.start and p.end]
        initial = [d for d in found if d.role == dates_mod.Role.INITIAL_STOP]
        first = [p for p in periods if p.about == dates_mod.Role.INITIAL_STOP and p.start and p.end]
        if not stop and len({(p.start, p.end) for p in first}) == 1 and not _PROLONGED.search(fold(page.text)):
            # « prescris un arrêt de travail initial du 16 juin au 30 juillet »: the first stop, this one (in a
            # prolongation the initial stop's dates are the earlier stop's).
            stop, initial = first, []
        if len({(p.start, p.end) for p in stop}) != 1 and not initial:
            continue  # several periods or none: not one stop this page tells
        facts = FormFacts(form=form_of(page.text) or "10170", page=page.number)
        if len({(p.start, p.end) for p in stop}) == 1:
            facts.start, facts.end = stop[0].start, stop[0].end
            facts.evidence["arrêt"] = stop[0].text
        if initial:
            facts.initial_start = initial[0].value
            facts.evidence["arrêt initial"] = initial[0].text
        if not page.ocr:  # a scan's box glyphs are read too loosely (« © ») to tell the nature alone
            facts.boxes = {k for k in formreader.read_page(page, reference).choices if k in _NATURES}
        out.append(facts)
    return out
