"""Collectivité and agent matching, with a calibrated confidence and the candidates when unsure."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from intake.understand import nir as nirs
from intake.understand.mentions import PersonMention
from intake.understand.text import fold, name_key, slips

# A matricule is returned only at or above this confidence; below it the handler chooses.
AGENT_THRESHOLD = 0.8
# Below this confidence a keyless NIR is an OCR guess (boxes misread), not a fact about the person.
UNSURE_NIR = 0.6
# Two candidates closer than this are indistinguishable: ambiguity is an answer, never a guess.
TIE_MARGIN = 0.1
_PARTICLES = frozenset({"de", "d", "du", "des", "le", "la", "l", "van", "von", "di", "da", "del"})
_EMPLOYER_TYPES = {
    "mairie": "mairie", "commune": "mairie", "ville": "mairie", "municipalite": "mairie",
    "ccas": "ccas", "cias": "cias", "ehpad": "ehpad", "syndicat": "syndicat", "sivom": "sivom",
    "sivu": "sivu", "communaute": "communaute", "cdc": "communaute",
    # a syndicat's acronym in its own members' words (syndicat intercommunal scolaire, à vocation scolaire)
    "sisco": "syndicat", "sivos": "syndicat",
}
# Words qualifying the type before the proper name (« Syndicat intercommunal scolaire de la Vallée de X »,
# « EHPAD public Ker Heol – Pontivy »): a writer names the employer by its type and proper name alone.
_TYPE_QUALIFIERS = frozenset({"intercommunal", "intercommunale", "scolaire", "public", "publique", "municipal",
                              "municipale", "communal", "communale", "departemental", "departementale"})


@dataclass(frozen=True, slots=True)
class EmployerRecord:
    code: str
    name: str
    email_domains: tuple[str, ...] = ()
    contact_emails: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AgentRecord:
    collectivite: str
    matricule: str
    nir: str | None  # 13 characters
    last_name: str
    birth_name: str | None
    first_name: str
    birth_date: date | None
    regime: str | None = None
    status: str | None = None

    @property
    def display_name(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}".strip()

    @property
    def sex(self) -> str | None:
        """'M' or 'F' from the NIR's first digit, when the registry has one."""
        if not self.nir:
            return None
        return "M" if self.nir[0] in "137" else "F" if self.nir[0] in "248" else None


@dataclass(frozen=True, slots=True)
class EmployerMatch:
    code: str | None
    confidence: float
    reason: str  # French, shown to handlers
    source: str  # contact | domain | text | none
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AgentCandidate:
    matricule: str
    name: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AgentMatch:
    matricule: str | None
    confidence: float
    name: str | None  # the matched agent's name, else the name as the message gives it
    reason: str
    candidates: tuple[AgentCandidate, ...] = ()


def _compact(s: str) -> str:
    return name_key(s).replace(" ", "")


def _core(s: str) -> str:
    """A last name without its particles ("D'ALMEIDA" -> "almeida", "Le Goff" -> "goff")."""
    parts = name_key(s).split()
    while len(parts) > 1 and parts[0] in _PARTICLES:
        parts = parts[1:]
    return "".join(parts)


def _phrase_key(s: str) -> str:
    words = name_key(s).split()
    return " ".join("de" if w in ("d", "du") else w for w in words)


# A character that continues a word for the employer phrases' boundaries (the folded text is lowercase).
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_ATOM = re.compile(r"[a-z0-9]+")


def _occurs(phrase: str, hay: str) -> bool:
    """`phrase` appears in `hay` with no letter or digit of [a-z0-9] glued to either end."""
    i = hay.find(phrase)
    while i >= 0:
        end = i + len(phrase)
        if (i == 0 or hay[i - 1] not in _WORD_CHARS) and (end == len(hay) or hay[end] not in _WORD_CHARS):
            return True
        i = hay.find(phrase, i + 1)
    return False


class Employers:
    """The employer side of a registry: who owns an address, and the phrases a text names an employer by.

    A text is compared only with the phrases whose rarest word it contains (any occurrence of a phrase
    with its boundaries contains each of its [a-z0-9] runs as a whole word of the text): with 2 000
    collectivités, ~22 000 phrases, a message tests a few dozen instead of every one."""

    def __init__(self, employers: Iterable[EmployerRecord]) -> None:
        self.records = list(employers)
        self._by_code: dict[str, EmployerRecord] = {}
        for e in self.records:
            self._by_code.setdefault(e.code, e)
        self._by_contact = {c.lower(): e for e in self.records for c in e.contact_emails}
        self._by_domain = {d.lower(): e for e in self.records for d in e.email_domains}
        phrases = [(phrase, e.code, strength) for e in self.records for phrase, strength in _employer_phrases(e.name)]
        counts: dict[str, int] = defaultdict(int)
        for phrase in {p for p, _, _ in phrases}:
            for atom in set(_ATOM.findall(phrase)):
                counts[atom] += 1
        self._by_atom: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
        self._atomless: list[tuple[str, str, float]] = []
        for phrase, code, strength in phrases:
            atoms = _ATOM.findall(phrase)
            if atoms:
                self._by_atom[min(atoms, key=lambda a: (counts[a], -len(a), a))].append((phrase, code, strength))
            else:
                self._atomless.append((phrase, code, strength))

    def by_code(self, code: str) -> EmployerRecord | None:
        return self._by_code.get(code)

    def by_contact(self, address: str) -> EmployerRecord | None:
        return self._by_contact.get(address)

    def by_domain(self, domain: str) -> EmployerRecord | None:
        return self._by_domain.get(domain)

    def named_in(self, hay: str) -> dict[str, float]:
        """The strongest phrase of each employer found in `hay` (a text put through _phrase_key)."""
        best: dict[str, float] = {}
        candidates = [entry for atom in set(_ATOM.findall(hay)) for entry in self._by_atom.get(atom, ())]
        for phrase, code, strength in candidates + self._atomless:
            if _occurs(phrase, hay):
                best[code] = max(best.get(code, 0.0), strength)
        return best


@dataclass
class Registry:
    """A whole registry in memory (files read by tools and tests; identify.registry.load_registry). The
    processes use identify.registry.StoredRegistry, which answers the same questions per collectivité."""

    employers: list[EmployerRecord]
    agents: list[AgentRecord]
    _employers: Employers = field(init=False, repr=False)
    _agents_by_coll: dict[str, list[AgentRecord]] = field(init=False, repr=False)
    _by_nir: dict[str, list[AgentRecord]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._employers = Employers(self.employers)
        self._agents_by_coll = defaultdict(list)
        self._by_nir = defaultdict(list)
        for a in self.agents:
            self._agents_by_coll[a.collectivite].append(a)
            if a.nir:
                self._by_nir[a.nir].append(a)

    @property
    def directory(self) -> Employers:
        return self._employers

    def agents_of(self, collectivite: str | None) -> list[AgentRecord]:
        if collectivite is None:
            return list(self.agents)
        return self._agents_by_coll.get(collectivite, [])

    def agents_by_nir(self, nir13: str) -> list[AgentRecord]:
        return self._by_nir.get(nir13, [])

    def agents_for_nirs(self, nirs13: set[str]) -> list[AgentRecord]:
        """In registry order, every agent who may be the holder of one of these NIRs: its holders, and the
        agents the registry knows no NIR of."""
        return [a for a in self.agents if not a.nir or a.nir in nirs13]

    @classmethod
    def from_csv_dir(cls, path: str | Path) -> Registry:
        """Read collectivites.csv and agents.csv in the contract's import formats (for tests and tools)."""
        path = Path(path)
        employers = [
            EmployerRecord(
                code=r["code"].strip(),
                name=r["name"].strip(),
                email_domains=tuple((r.get("email_domains") or "").lower().split()),
                # The correspondant sinistres is a registered address of the collectivité like its contacts.
                contact_emails=tuple((f'{r.get("contact_emails") or ""} {r.get("correspondant_email") or ""}')
                                     .lower().split()),
            )
            for r in _rows(path, "collectivites")
        ]
        agents = [
            AgentRecord(
                collectivite=r["collectivite_code"].strip(),
                matricule=r["matricule"].strip(),
                nir=nirs.normalise(r.get("nir")),
                last_name=r["last_name"].strip(),
                birth_name=(r.get("birth_name") or "").strip() or None,
                first_name=(r.get("first_name") or "").strip(),
                birth_date=date.fromisoformat(r["birth_date"].strip()) if (r.get("birth_date") or "").strip() else None,
                regime=(r.get("regime") or "").strip() or None,
                status=(r.get("status") or "").strip() or None,
            )
            for r in _rows(path, "agents")
        ]
        return cls(employers, agents)


def _rows(folder: Path, kind: str) -> list[dict[str, str]]:
    from intake.store.csvfile import COLUMNS, OPTIONAL_COLUMNS, read_rows

    return [row.values for row in read_rows(folder / f"{kind}.csv", COLUMNS[kind], OPTIONAL_COLUMNS.get(kind, ()))]


def _employer_phrases(name: str) -> list[tuple[str, float]]:
    """Ways a message names an employer: its full name, its type + commune, and the commune alone."""
    full = _phrase_key(name)
    out = [(full, 0.95)]
    words = full.split()
    kind = _EMPLOYER_TYPES.get(words[0]) if words else None
    if kind is None:
        return out
    # The commune: what follows the type (and "de"), or the part after a dash ("EHPAD X – Barjac").
    segments = [s for s in re.split(r"\s[-\u2013\u2014]\s", fold(name)) if s.strip()]
    commune_words = words[1:]
    if len(segments) > 1:
        commune_words = _phrase_key(segments[-1]).split()
    while commune_words and commune_words[0] == "de":
        commune_words = commune_words[1:]
    if not commune_words:
        return out
    commune = " ".join(commune_words)
    synonyms = [w for w, k in _EMPLOYER_TYPES.items() if k == kind]
    for syn in synonyms:
        out.append((f"{syn} de {commune}", 0.9))
        out.append((f"{syn} {commune}", 0.9))
    out.append((commune, 0.6))
    # The proper name between the type's qualifiers and a dash or a bracket (« EHPAD public Ker Heol – Pontivy »
    # is « l'EHPAD Ker Heol », « Mairie de Saint-Pierre (La Réunion) » is « la mairie de Saint-Pierre »).
    head = _phrase_key(re.split(r"\s[-\u2013\u2014]\s|\(", fold(name))[0]).split()[1:]
    while head and (head[0] in _TYPE_QUALIFIERS or head[0] == "de"):
        head = head[1:]
    proper = " ".join(head)
    if proper and proper != commune:
        for syn in synonyms:
            out.append((f"{syn} de {proper}", 0.9))
            out.append((f"{syn} {proper}", 0.9))
    return out


def employer_of_address(registry: Registry, address: str | None) -> EmployerMatch | None:
    """The collectivité an address belongs to in the registry: an exact contact address, else its domain
    or a parent domain; None when the address is nobody's."""
    addr = (address or "").strip().lower()
    directory = registry.directory
    e = directory.by_contact(addr)
    if e is not None:
        return EmployerMatch(e.code, 1.0, f"adresse de contact connue de {e.name}", "contact", (e.code,))
    domain = addr.rpartition("@")[2]
    while domain:
        e = directory.by_domain(domain)
        if e is not None:
            return EmployerMatch(e.code, 1.0, f"domaine {domain} de {e.name}", "domain", (e.code,))
        domain = domain.partition(".")[2] if domain.count(".") > 1 else ""
    return None


def identify_employer(registry: Registry, from_addr: str | None, text: str = "") -> EmployerMatch:
    """The sender's employer: exact contact address, then domain, then a name the text gives unambiguously."""
    by_address = employer_of_address(registry, from_addr)
    if by_address is not None:
        return by_address
    if not text:
        return EmployerMatch(None, 0.0, "expéditeur inconnu", "none")
    best = registry.directory.named_in(" " + _phrase_key(text) + " ")
    if not best:
        return EmployerMatch(None, 0.0, "expéditeur inconnu et aucune collectivité nommée", "none")
    top = max(best.values())
    winners = sorted(c for c, s in best.items() if s == top)
    if len(winners) == 1 and top >= 0.9:
        e = registry.directory.by_code(winners[0])
        return EmployerMatch(e.code, 0.85, f"expéditeur inconnu ; le message nomme {e.name}", "text", tuple(winners))
    return EmployerMatch(None, 0.0, "expéditeur inconnu ; collectivité nommée de façon ambiguë", "none",
                         tuple(sorted(best)))


# --- agents -------------------------------------------------------------------------------------------


def _last_score(said: str, agent: AgentRecord) -> tuple[float, str]:
    """How well a written last name fits the agent's last or birth name."""
    best, why = 0.0, ""
    for reg, label in ((agent.last_name, "nom"), (agent.birth_name, "nom de naissance")):
        if not reg:
            continue
        if _compact(said) == _compact(reg):
            s, w = 1.0, f"{label} identique"
        elif _core(said) == _core(reg) and len(_core(reg)) >= 3:
            s, w = 0.95, f"{label} identique sans particule"
        elif min(len(_compact(reg)), len(_compact(said))) >= 5 and slips(_compact(said), _compact(reg)) <= 1:
            s, w = 0.85, f"{label} à une faute de frappe près"
        else:
            continue
        if s > best:
            best, why = s, w
    if best == 0.0 and agent.birth_name:
        # « NICOLAS-DUFOUR », « DUFOUR NICOLAS »: the name in use and the birth name written together.
        parts = {_compact(x) for x in re.split(r"[\s-]+", said) if x.strip()}
        if len(parts) == 2 and parts == {_compact(agent.last_name), _compact(agent.birth_name)}:
            best, why = 0.95, "nom d'usage et nom de naissance accolés"
    return best, why


def _first_score(said: str | None, agent: AgentRecord) -> tuple[float | None, str]:
    if not said:
        return None, "prénom absent"
    a, b = _compact(said), _compact(agent.first_name)
    if not b:
        return None, "prénom absent du registre"
    if a == b:
        return 1.0, "prénom identique"
    said_parts, reg_parts = name_key(said).split(), name_key(agent.first_name).split()
    if said_parts and (said_parts == reg_parts[: len(said_parts)] or reg_parts == said_parts[: len(reg_parts)]):
        return 0.85, "prénom composé partiel"
    if min(len(a), len(b)) >= 4 and slips(a, b) <= 1:
        return 0.85, "prénom à une faute de frappe près"
    return 0.0, "prénom différent"


def _name_score(m: PersonMention, agent: AgentRecord) -> tuple[float, list[str]]:
    """Score of a name against an agent, trying the swapped order when the order is not known."""
    options = [(m.last_name, m.first_name)]
    if not m.order_known or m.first_name:
        options.append((m.first_name, m.last_name))
    best, best_reasons = 0.0, []
    for last, first in options:
        if not last:
            continue
        ls, lw = _last_score(last, agent)
        if ls == 0.0:
            if m.birth_name:
                ls, lw = _last_score(m.birth_name, agent)
            if ls == 0.0:
                continue
        fs, fw = _first_score(first, agent)
        if fs == 0.0:
            continue
        if fs is None:
            score = 0.8 if ls == 1.0 else 0.75 if ls >= 0.95 else 0.5
        else:
            score = {1.0: 0.95, 0.95: 0.93, 0.85: 0.85}[ls] * (1.0 if fs == 1.0 else 0.9)
            if ls < 1.0 and fs < 1.0:
                score = 0.6  # two approximations: a different person as likely as a typo
        if m.birth_name and agent.birth_name and _compact(m.birth_name) == _compact(agent.birth_name):
            score = min(1.0, score + 0.03)
        if score > best:
            best, best_reasons = score, [lw, fw]
    return best, best_reasons


def _near_name(m: PersonMention, agent: AgentRecord) -> bool:
    """Beside the agent's own NIR, a name that is theirs written carelessly: their first name and a last name
    two slips away (« NÈGE » for NÈGRE), or last and first name run together as OCR reads a form's box."""
    written = [x for x in (m.last_name, m.first_name) if x]
    if not written:
        return False
    names = [x for x in (agent.last_name, agent.birth_name) if x]
    first = _compact(agent.first_name)
    if len(written) == 1:
        glued = _compact(written[0])
        return bool(first) and any(glued in (_compact(n) + first, first + _compact(n)) for n in names)
    for last, given in ((m.last_name, m.first_name), (m.first_name, m.last_name)):
        if _compact(given) == first and any(len(_compact(n)) >= 4 and slips(_compact(last), _compact(n)) <= 2
                                            for n in names):
            return True
    return False


def _slip_rivals(top: AgentRecord, named: list[PersonMention], pool: Iterable[AgentRecord]) -> list[AgentRecord]:
    """Agents a misspelt last name could as well be meant for: when no mention writes the chosen agent's
    last name exactly, any other agent with the written first name whose last name is within two letters of
    the written one (one slip from the chosen agent may be two from another: only none such makes it safe)."""
    pairs = [(m.last_name, m.first_name) for m in named if m.last_name and m.first_name]
    pairs += [(m.first_name, m.last_name) for m in named if m.last_name and m.first_name and not m.order_known]
    exact = {_compact(x) for x in (top.last_name, top.birth_name) if x} | {_core(x) for x in (top.last_name, top.birth_name) if x}
    if not pairs or any(_compact(last) in exact or _core(last) in exact for last, _ in pairs):
        return []
    return [a for a in pool if a.matricule != top.matricule
            and any(name_key(a.first_name) == name_key(first)
                    and any(slips(_compact(last), _compact(n)) <= 2 for n in (a.last_name, a.birth_name) if n)
                    for last, first in pairs)]


def _by_birth_name(scored: list[AgentCandidate], records: dict[str, AgentRecord],
                   named: list[PersonMention]) -> list[AgentCandidate]:
    """« Mme X née Y » tells homonyms apart: when some candidates are registered as born Y, the others are
    other people (an agent the registry gives no birth name is not known to be born Y: never chosen by it)."""
    said = {_compact(m.birth_name) for m in named if m.birth_name}
    if not said:
        return scored
    born = [c for c in scored if _compact(records[c.matricule].birth_name or "") in said]
    if not born or len(born) == len(scored):
        return scored
    return [replace(c, reasons=(*c.reasons, "nom de naissance identique")) for c in born]


def _nir_consistent(nir13: str, agent: AgentRecord) -> bool:
    """The NIR's birth year and month (digits 2-5) agree with the agent's birth date."""
    if agent.birth_date is None or not nir13[1:5].isdigit():
        return True
    yy, mm = int(nir13[1:3]), int(nir13[3:5])
    return yy == agent.birth_date.year % 100 and (mm == agent.birth_date.month or not 1 <= mm <= 12)


def match_agents(registry: Registry, collectivite: str | None, mentions: Iterable[PersonMention]) -> AgentMatch:
    """The one registered agent these mentions (of one person) name, or None with the candidates."""
    mentions = list(mentions)
    said_name = next((_said(m) for m in mentions if m.last_name or m.first_name), None)
    nirs_said = {m.nir for m in mentions if m.nir}
    # A NIR read without its key from a damaged piece, and nobody's in the registry, is a misreading more
    # likely than an unregistered person: it does not set aside the agent the names designate.
    guessed = {m.nir for m in mentions if m.nir and not m.nir_has_key and m.confidence < UNSURE_NIR}
    nirs_said -= {n for n in guessed if not registry.agents_by_nir(n)}
    # Across collectivités, a NIR said narrows the people to look at: below, an agent registered under
    # another NIR is never a candidate (and the whole registry is not read for one message).
    pool = registry.agents_for_nirs(nirs_said) if collectivite is None and nirs_said else registry.agents_of(collectivite)
    births = {m.birth_date for m in mentions if m.birth_date}
    civilities = {m.civility for m in mentions if m.civility}

    # 1. By NIR: the identifier itself, unless the name written beside it says someone else.
    held = {a.matricule: a for n in nirs_said for a in registry.agents_by_nir(n)
            if collectivite is None or a.collectivite == collectivite}
    if len(held) > 1:
        # Two NIRs said for one person, each an agent's (homonyms the words merged, a piece of another): which
        # one this is, the NIRs cannot say; choosing by the set's order linked one's health data to the other.
        cands = tuple(AgentCandidate(a.matricule, a.display_name, 0.5, ("NIR identique", "un autre NIR désigne un autre agent"))
                      for _, a in sorted(held.items()))
        return AgentMatch(None, 0.3, said_name, "les NIR cités désignent des agents différents", cands)
    for n in nirs_said:
        hits = [a for a in registry.agents_by_nir(n) if collectivite is None or a.collectivite == collectivite]
        if len(hits) == 1:
            a = hits[0]
            scores = [_name_score(m, a)[0] for m in mentions if m.last_name or m.first_name]
            if scores and max(scores) == 0.0 and not any(_near_name(m, a) for m in mentions):
                cand = AgentCandidate(a.matricule, a.display_name, 0.5, ("NIR identique", "nom différent"))
                return AgentMatch(None, 0.3, said_name, "le NIR désigne un agent dont le nom diffère", (cand,))
            keyed = any(m.nir == n and m.nir_has_key for m in mentions)
            conf = 1.0 if keyed or (scores and max(scores) >= 0.8) else 0.97
            return AgentMatch(a.matricule, conf, a.display_name, "NIR identique",
                              (AgentCandidate(a.matricule, a.display_name, conf, ("NIR identique",)),))

    # 1b. By the employer's matricule written beside the name, when that agent's name is the one written (a
    # number mistyped or of another file is no evidence: the names decide then).
    if collectivite is not None:
        for mat in {m.matricule for m in mentions if m.matricule}:
            hits = [a for a in pool if a.matricule.upper() == mat]
            if len(hits) == 1 and any(m.matricule == mat and (_name_score(m, hits[0])[0] >= 0.8 or _near_name(m, hits[0]))
                                      for m in mentions):
                a = hits[0]
                return AgentMatch(a.matricule, 0.97, a.display_name, "matricule identique ; nom concordant",
                                  (AgentCandidate(a.matricule, a.display_name, 0.97, ("matricule identique",)),))

    # 2. By name, with birth date, civilité and the NIR's birth month as distinguishing facts.
    # A surname-only mention is no evidence when another mention of the person gives a first name:
    # "FAURE Gaëtan … M. FAURE" is not any FAURE.
    named = [m for m in mentions if m.last_name or m.first_name]
    if any(m.first_name for m in named):
        named = [m for m in named if m.first_name]
    scored: list[AgentCandidate] = []
    records: dict[str, AgentRecord] = {}
    for a in pool:
        best, reasons = 0.0, []
        for m in named:
            s, r = _name_score(m, a)
            if s > best:
                best, reasons = s, r
        if best < 0.5:
            continue
        if births:
            if a.birth_date in births:
                best, reasons = min(1.0, best + 0.1), reasons + ["date de naissance identique"]
            elif a.birth_date is not None:
                continue  # a different birth date is a different person
        if civilities and a.sex and a.sex not in civilities:
            best, reasons = best * 0.5, reasons + ["civilité discordante"]
        if nirs_said and a.nir and any(nirs.corsica_read_as_digit(n, a.nir) for n in nirs_said):
            # Their NIR with Corsica's letter read as a digit (« 2A » as « 24 » on a scan): theirs, misread.
            reasons = reasons + ["NIR du registre, lettre corse lue comme chiffre"]
        elif nirs_said:
            if a.nir and a.nir not in nirs_said:
                continue  # the registry knows this agent under another NIR
            if not all(_nir_consistent(n, a) for n in nirs_said) or best < 0.95 - 1e-9:
                continue  # a NIR unknown to the registry: only an exact, unique name is safe enough
            best, reasons = min(best, 0.9), reasons + ["NIR absent du registre"]
        scored.append(AgentCandidate(a.matricule, a.display_name, round(best, 3), tuple(reasons)))
        records[a.matricule] = a
    scored = _by_birth_name(scored, records, named)
    scored.sort(key=lambda c: -c.score)
    if not scored:
        return AgentMatch(None, 0.0, said_name, "aucun agent de la collectivité ne correspond")
    top = scored[0]
    rivals = [c for c in scored[1:] if c.score > top.score - TIE_MARGIN + 1e-9]
    if rivals:
        n = 1 + len(rivals)
        return AgentMatch(None, round(top.score / n, 3), said_name,
                          f"{n} agents correspondent sans fait pour les distinguer", tuple(scored[:5]))
    if top.score < AGENT_THRESHOLD - 1e-9:
        return AgentMatch(None, top.score, said_name, "correspondance trop incertaine", tuple(scored[:5]))
    chosen = records[top.matricule]
    if not nirs_said and chosen.birth_date not in births and (others := _slip_rivals(chosen, named, pool)):
        # A typo is resolved only when no other agent with that first name is near it: here one is.
        near = tuple(AgentCandidate(a.matricule, a.display_name, round(top.score - 0.1, 3), ("nom proche",))
                     for a in others)
        return AgentMatch(None, round(top.score / (1 + len(others)), 3), said_name,
                          "nom mal orthographé, proche de plusieurs agents", (top, *near)[:5])
    return AgentMatch(top.matricule, top.score, top.name, "; ".join(top.reasons), tuple(scored[:5]))


def _said(m: PersonMention) -> str:
    last = (m.last_name or "").upper()
    return " ".join(x for x in (last, m.first_name or "") if x)
