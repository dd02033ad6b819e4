"""Cerfa 10170 (avis d'arrêt de travail) and 11138 (certificat AT/MP) read by position from word boxes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from intake.documents.model import DocumentText, Page, Word
from intake.understand import dates as dates_mod
from intake.understand import nir as nir_mod
from intake.understand.text import fold

_TICK = re.compile(r"^[\[(|]?(?:x|×|☒|✓|✔|■|☑)[\])|]?$", re.IGNORECASE)
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


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float


@dataclass(slots=True)
class Line:
    tokens: list[Token]

    @property
    def text(self) -> str:
        return re.sub(r" ?([-,’']) ?", r"\1", " ".join(t.text for t in self.tokens))

    @property
    def y(self) -> float:
        return sum((t.y0 + t.y1) / 2 for t in self.tokens) / len(self.tokens)


@dataclass(slots=True)
class FormFacts:
    form: str  # "10170" or "11138"
    page: int
    last_name: str | None = None
    first_name: str | None = None
    nir: str | None = None
    nir_has_key: bool = False
    boxes: set[str] = field(default_factory=set)
    start: date | None = None
    end: date | None = None
    accident_date: date | None = None
    confidence: float = 1.0  # the mean OCR confidence of the words used (1.0 for a text layer)
    evidence: dict[str, str] = field(default_factory=dict)  # field -> the words read


def lines_of(page: Page) -> list[Line]:
    """Words grouped into lines by their vertical middle, fragments of one word glued back."""
    # OCR reads box edges as "|": they are not words, and glued to a word they hide it.
    cleaned = [Word(w.text.strip("|[]_"), w.x0, w.y0, w.x1, w.y1, w.confidence) for w in page.words]
    words = sorted((w for w in cleaned if w.text), key=lambda w: ((w.y0 + w.y1) / 2, w.x0))
    rows: list[list[Word]] = []
    for w in words:
        mid = (w.y0 + w.y1) / 2
        if rows:
            last = rows[-1]
            top, bottom = min(x.y0 for x in last), max(x.y1 for x in last)
            slack = 0.15 * (bottom - top)
            if top - slack <= mid <= bottom + slack:  # punctuation sits low, capitals high: same line
                last.append(w)
                continue
        rows.append([w])
    out: list[Line] = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        toks: list[Token] = []
        # Glyph boxes vary (x-height vs capitals): the row's tallest box stands for the font size.
        h = max(1.0, max(w.y1 - w.y0 for w in row))
        for w in row:
            if toks and w.x0 - toks[-1].x1 < 0.32 * h and not _TICK.match(w.text) and not _TICK.match(toks[-1].text):
                t = toks[-1]
                toks[-1] = Token(t.text + w.text, t.x0, min(t.y0, w.y0), w.x1, max(t.y1, w.y1),
                                 min(t.confidence, w.confidence))
            else:
                toks.append(Token(w.text, w.x0, w.y0, w.x1, w.y1, w.confidence))
        out.append(Line(toks))
    return out


def form_of(page_text: str) -> str | None:
    f = fold(page_text)
    if _ATMP_RE.search(f):
        return "11138"
    if _ARRET_RE.search(f):
        return "10170"
    return None


def _find(lines: list[Line], rx: re.Pattern[str]) -> tuple[int, Line] | None:
    for i, ln in enumerate(lines):
        if rx.search(fold(ln.text)):
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
                    if _TICK.match(toks[j].text.strip()):
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
        if not last and prenom is not None and i + 1 < len(lines):  # stacked: values on the next line
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
    """The facts of one cerfa page, or None if the page is not one of the two forms."""
    form = form_of(page.text)
    if form is None:
        return None
    lines = lines_of(page)
    facts = FormFacts(form=form, page=page.number)
    used: list[Token] = []

    facts.last_name, facts.first_name, name_toks = _name_fields(lines)
    used += name_toks
    if facts.last_name:
        facts.evidence["nom"] = " ".join(filter(None, (facts.last_name, facts.first_name)))

    hit = _find(lines, re.compile(r"immatriculation|securite\s*sociale|\bnir\b"))
    if hit:
        _, ln = hit
        label_end = max(t.x1 for t in ln.tokens if re.search(r"immatric|sociale|nir|:", fold(t.text)))
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
        elif repaired:
            facts.nir, facts.nir_has_key = repaired[0], True
            facts.evidence["nir"] = written + " (un caractère parasite écarté, clé vérifiée)"
            used += digits

    facts.boxes = _ticked(lines)
    nature_line = _find(lines, re.compile(r"^nature\b"))
    if nature_line is not None and not facts.boxes & {"initial", "prolongation", "rechute"}:
        words = fold(nature_line[1].text)
        facts.boxes |= {n for n in ("rechute", "prolongation", "initial") if n in words}
    if facts.boxes:
        facts.evidence["cases"] = ", ".join(sorted(facts.boxes))

    hit = _find(lines, re.compile(r"arret\s*de\s*travail\s*du|arrets?\s*de\s*travail\b.*\bau"))
    if hit:
        _, ln = hit
        _, periods = dates_mod.scan(ln.text, reference)
        if periods:
            facts.start, facts.end = periods[0].start, periods[0].end
            facts.evidence["arrêt"] = ln.text
            used += ln.tokens

    if form == "11138":
        hit = _find(lines, re.compile(r"date\s*de\s*l'accident|1re\s*constatation"))
        if hit:
            i, ln = hit
            for cand in [ln] + lines[i + 1 : i + 3]:
                ds = [d for d in dates_mod.find_dates(cand.text, reference) if d.role != dates_mod.Role.SIGNATURE]
                if ds:
                    facts.accident_date = ds[0].value
                    facts.evidence["date de l'accident"] = ds[0].text
                    used += cand.tokens
                    break

    if used:
        facts.confidence = round(sum(t.confidence for t in used) / len(used), 3)
    return facts


def read_forms(doc: DocumentText, *, reference: date) -> list[FormFacts]:
    return [f for p in doc.pages if (f := read_form(p, reference=reference)) is not None]
