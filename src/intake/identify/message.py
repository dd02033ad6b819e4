"""From a read message to claims: one per agent and stop, each field with where it was read and how sure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from intake.documents.formgeom import word_lines_text
from intake.domain import DocumentKind, Intent, Occurrence
from intake.domain import Nature as N
from intake.identify.conflicts import HISTORY_CONFIDENCE, REASON_THREAD, join_text_and_form, routed
from intake.identify.match import (
    AGENT_THRESHOLD,
    TIE_MARGIN,
    AgentMatch,
    EmployerMatch,
    Registry,
    employer_of_address,
    identify_employer,
    match_agents,
)
from intake.mail.automatic import BULK, DELIVERY_REPORT
from intake.mail.headers import parse_addresses
from intake.rules import Wording, get_rules
from intake.understand.categories import CategoryGuess, categorise, category_of_boxes, ticked_category
from intake.understand.dates import NOT_STOP_ROLES, DateFound, PeriodFound, Role, scan
from intake.understand.events import third_party
from intake.understand.formreader import F, label_re, read_page
from intake.understand.forms import FormFacts, prose_stop, read_forms
from intake.understand.intent import IntentGuess, cancelled_clauses, in_question, intent_of, question_spans
from intake.understand.keyvalue import plain_fields
from intake.understand.mentions import PersonMention
from intake.understand.merge import merge_misspelt, merge_same_agent
from intake.understand.names import (
    PersonFound,
    find_lowercase_people,
    find_people,
    group_people,
    looks_like_name,
    same_person,
    split_capitals,
    spot_agents,
)
from intake.understand.nature import NatureGuess, nature_of
from intake.understand.nir import NirFound, confirmed_in, corsica_read_as_digit, find_nirs, misread_once_in
from intake.understand.onfile import NEW_STOP_KINDS, stop_on_file
from intake.understand.respective import respective_periods, stretches
from intake.understand.roles import (
    PIECE_SOURCE,
    MentionRole,
    Rank,
    history_groups,
    history_people,
    keep_strongest,
    pieces_outweigh_thread,
    rank_of_source,
    role_in_text,
    subject_is_reused,
    subjects_in,
    tail_line,
)
from intake.understand.tables import rows_as_lines
from intake.understand.text import fold, line_of, name_key

# Words saying the claim is already on file: what comes with them are pieces, not a new stop.
_PIECES_ASKED = re.compile(r"pieces? (?:manquantes?|complementaires?|demandees?)|complement|suite a votre (?:demande|relance|courrier)"
                           r"|comme (?:demande|convenu)|votre relance|completer (?:le|son|votre) dossier|suite a votre (?:mail|message|courriel|appel|e-mail)"
                           r"|deja (?:ete |etait )?(?:declaree?s?|signalee?s?|transmise?s?)|(?:comme )?suite a (?:notre|ma|la|sa) declaration"
                           r"|dossier (?:deja |actuellement )?(?:en cours|ouvert)|pour (?:le|son) dossier (?:de|d')")


def _words() -> Wording:
    # The configured rules' words for each category (categories_mots.yaml), loaded once per process.
    return get_rules().wording


def _occurrence(cat: str | None) -> Occurrence:
    """Which date is the category's event (categories.yaml, `survenance:`)."""
    known = get_rules().categories.get(cat) if cat else None
    return known.occurrence if known is not None else Occurrence.ARRET


@dataclass(frozen=True, slots=True)
class Fact:
    """One value with its provenance: the source (body line, attachment and page) and the words read."""

    value: Any
    source: str
    words: str
    confidence: float
    place: dict[str, Any] | None = None  # on a piece: its file name, page (1-based), word box and page size


def _place(fname: str, form: FormFacts, *attrs: str) -> dict[str, Any] | None:
    """Where on the piece a form's field was read, for the desk to box it (the boxes of `attrs`, joined)."""
    boxes = [form.where[a] for a in attrs if a in form.where]
    if not boxes or not all(form.size):
        return None
    box = [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]
    return {"piece": fname, "page": form.page, "box": [round(v, 1) for v in box],
            "size": [round(form.size[0], 1), round(form.size[1], 1)]}


@dataclass(slots=True)
class ClaimFound:
    agent: AgentMatch
    agent_name: str | None
    nir: Fact | None
    category: Fact | None
    nature: Fact | None
    date_survenance: Fact | None
    arret_start: Fact | None
    arret_end: Fact | None
    documents: list[tuple[str, str]] = field(default_factory=list)  # (filename, kind)
    people: list[PersonFound] = field(default_factory=list)
    third_party: bool = False  # « accident causé par un tiers »: ticked on the form or said
    agent_place: dict[str, Any] | None = None  # the agent's name on a form, when a form named them


@dataclass(slots=True)
class Understanding:
    employer: EmployerMatch
    intent: IntentGuess
    claims: list[ClaimFound]


@dataclass(slots=True)
class _Source:
    name: str  # "objet", "corps", "transfert 1"
    text: str


def _body_sources(read: Any) -> list[_Source]:
    # The sender's closing formula ends what the message says: names after it are the sender's signature.
    # A recap table's rows are read as list lines: each agent keeps the dates of their own row.
    # A typed declaration's « Début ........ : 12/03 » lines are read as « Début : 12/03 » fields.
    body = plain_fields(rows_as_lines(_without_signature(read.new_text)))
    out = [_Source("objet", read.subject or ""), _Source("corps", body)]
    for i, fw in enumerate(getattr(read, "forwarded", []) or [], 1):
        out.append(_Source(f"transfert {i}", plain_fields(rows_as_lines(fw.text))))
    return [s for s in out if s.text.strip()]


# (« Cdlt », « Cdt », « Slts », « Bàv »: the abbreviated formulas close a mail as well; missed, the name signed
# under them was read as a second agent.)
_CLOSING = re.compile(r"^\s*(?:--\s*|(?:bien |tres )?(?:cordialement|cdlt|cdt)\b.*|slts?\b.*|bav\b.*|bien a vous.*|(?:sinceres |meilleures )?salutations.*"
                      r"|bonne (?:journee|fin de journee|soiree).*|restant a votre disposition.*|(?:vous en )?souhaitant bonne reception.*"
                      r"|(?:merci|je vous remercie|en vous remerciant) (?:par |d')avance[ .,!]*)$", re.M)


def _without_signature(body: str) -> str:
    """The body up to its closing formula (when the reader could not set the signature apart)."""
    m = _CLOSING.search(fold(body))
    return body[: m.start()] if m else body


def _where(src: _Source, offset: int) -> str:
    n, _ = line_of(src.text, offset)
    return f"{src.name}, ligne {n}"


def _signature_lines(read: Any) -> list[str]:
    """The signature's first line: the reader's signature, else what follows the body's closing formula."""
    sig = read.signature or ""
    if not sig.strip():
        body = read.new_text or ""
        m = _CLOSING.search(fold(body))
        sig = body[m.end():] if m else ""
    return [ln for ln in sig.splitlines() if ln.strip() and ln.strip() != "--"][:1]


_CLOSING_WORDS = re.compile(r"\b(?:merci|cordialement|salutations|bonne|journee|bonjour|remerciements|amicalement|a bientot)\b")
_BARE_NAME = re.compile(r"[A-ZÀ-Ý][\w’'-]+(?:[ \t]+[A-ZÀ-Ý][\w’'-]+){1,2}")


def _closing_name(text: str) -> list[str]:
    """The line of two or three capitalised words closing a text above its signature block (titles, phone,
    address): how a writer signs « Merci / Marion Teyssier » when no closing formula set the signature apart."""
    lines = [ln.strip(" \t,.") for ln in text.splitlines() if ln.strip()]
    while lines and tail_line(lines[-1]):
        lines.pop()
    if not lines or not _BARE_NAME.fullmatch(lines[-1]) or _CLOSING.match(fold(lines[-1])) or _CLOSING_WORDS.search(fold(lines[-1])):
        return []
    words = lines[-1].split()
    return lines[-1:] if looks_like_name(words[-1], " ".join(words[:-1])) else []


def _sender_keys(read: Any) -> set[str]:
    """Name words of the sender (From display name and signature's first line): never the agent."""
    keys: set[str] = set()
    for ln in [read.from_name or ""] + _signature_lines(read):
        keys |= _name_words(ln)
    return keys


def _name_words(line: str) -> set[str]:
    return {w for w in name_key(line).split() if len(w) >= 3}


@dataclass(frozen=True, slots=True)
class _Writer:
    """Who wrote one forwarded mail, as its header names them, and whether it tells of the writer's own stop."""

    names: set[str]
    own_stop: bool


def _forward_writers(read: Any) -> dict[str, _Writer]:
    """The writer of each forwarded mail, by the name of its source (« transfert 1 »): the secrétaire de mairie
    whose declaration a centre de gestion or a colleague passes on signs it, and never is its agent — unless
    the mail speaks in the first person of a stop (an agent's own mail, passed on by their employer)."""
    out = {}
    for i, fw in enumerate(getattr(read, "forwarded", []) or [], 1):
        display = " ".join(a.name for a in parse_addresses(fw.from_line) if a.name)
        # The forwarded mail's own subject line (« mon arrêt ») is its writer's words too, unless a reply's or
        # forward's prefix says someone else wrote it for an older mail.
        subject = "" if subject_is_reused(fw.subject, None) else fw.subject
        own = bool(_FIRST_PERSON.search(fold(subject + "\n" + _without_signature(fw.text))))
        out[f"transfert {i}"] = _Writer(set() if own else _name_words(display), own)
    return out


def _is_sender(p: PersonFound, sender: set[str]) -> bool:
    last = name_key(p.mention.last_name or "").replace(" ", "")
    first = name_key(p.mention.first_name or "").replace(" ", "")
    return bool(last) and last in {k.replace(" ", "") for k in sender} and (not first or first in sender)


def _first_name_of_another(q: PersonFound, spotted: list[PersonFound], text: str) -> bool:
    """ "l'arrêt de Noël Clément": NOËL is a registered surname, but here the first name written beside
    CLÉMENT — a registry name standing right before or after another with that first name."""
    key = name_key(q.text)
    for r in spotted:
        if r is q or not r.mention.first_name or name_key(r.mention.first_name) != key:
            continue
        gap = text[q.end:r.start] if q.end <= r.start else text[r.end:q.start]
        if len(gap) <= 2 and not gap.strip(" \t"):
            return True
    return False


def _surname_of_another_on_piece(q: PersonFound, pool: list, text: str) -> bool:
    """A piece read as the message's words names its person in full: a registered surname standing there alone
    (no first name beside it, no civilité), while the first name of no agent of that surname is written anywhere
    on the piece, is someone else's name — the birth name of an agent not yet registered (« Nom de naissance
    GRIMAL … Prénom Manon »), not the registered GRIMAL Karim."""
    if q.mention.first_name or q.mention.civility:
        return False
    key, words = name_key(q.text), " " + name_key(text) + " "
    firsts = {name_key(a.first_name) for a in pool if a.first_name
              and key in (name_key(a.last_name or ""), name_key(getattr(a, "birth_name", None) or ""))}
    return bool(firsts) and not any(f" {f} " in words for f in firsts if f)


# The writer speaking of their own stop: « je suis en arrêt », « mon arrêt », « ci-joint mon avis ».
# « am », « cmo » are how agents abbreviate their own arrêt maladie; « mon médecin m'a arrêtée » tells it too;
# « rechute … pour moi », « prolongation de l'arrêt … de moi-même » name the stop as the writer's; « je reprends à
# temps partiel thérapeutique », « mon mi-temps thérapeutique » tell a reprise of their own.
_FIRST_PERSON = re.compile(r"\b(?:mon|ma|mes) (?:(?:avis|certificat|feuille|photo) (?:d'|de )?)?(?:arrets?|am|prolongation|conge"
                           r"|accident|rechute|certificat|avis|temps partiel|mi-temps|tpt|reprise)\b"
                           r"|\bje (?:reprends|reprendrai|suis en reprise)\b[^.\n]{0,40}\b(?:temps partiel|mi-temps|tpt|travail|poste)\b"
                           r"|\bje suis (?:actuellement |toujours )?(?:en )?(?:arret|conge"
                           r"|malade|hospitalisee?|absente?|am|cmo|clm|cld|cgm)\b|\bj'ai (?:ete )?(?:victime d'un|eu un) accident\b"
                           r"|\bm'a (?:arretee?|mise? en arret|prescrit (?:un|une) (?:arret|prolongation))\b"
                           r"|\bje (?:suis|serai) arretee?\b|\bj'ai ete arretee?\b"
                           r"|\b(?:arret|rechute|accident|prolongation)\b[^.\n]{0,60}\b(?:pour moi|de moi-meme)\b")
WRITER_SOURCE = "expéditeur"
_NO_WRITER = _Writer(set(), False)


def _tells_own_stop(read: Any) -> bool:
    """The writer speaks of their own stop, in the new words or the subject line they wrote."""
    return bool(_FIRST_PERSON.search(fold("\n".join([read.subject or "", _without_signature(read.new_text)]))))


def _writer_not_the_thread(persons: list[dict[str, Any]], read: Any, writer: list[PersonFound]) -> list[dict[str, Any]]:
    """A writer telling their own stop (« je suis en arrêt », « … pour moi ») under a reused subject line is
    not the thread's person when they sign with another name: a new hire, not yet in the registry, answering
    the mail of a colleague's older stop. The subject's or the history's person would be a wrong agent; the
    claim is the writer's, named as they sign (or nameless), for the handler to file.

    The writer must give a name (display name or signature): an agent writing from an address that names
    nobody, under their own older subject, is still the thread's person."""
    if writer or not persons or not _tells_own_stop(read) or not subject_is_reused(read.subject, read):
        return persons
    if any(p["forms"] or p["nirs"] or any(
            rank_of_source(q.mention.source, reused_subject=True) not in (Rank.THREAD, Rank.HISTORY) for q in p["found"])
            for p in persons):
        return persons  # the new words, a form or a NIR name someone: they decide
    bare = _closing_name(read.from_name or "") + _closing_name(read.new_text or "")
    lines = [read.from_name or ""] + _signature_lines(read) + bare
    signs = group_people(q for q in find_people("\n".join(lines), source=WRITER_SOURCE) if q.mention.first_name)
    if not (signs or bare):
        return persons  # no name to tell the writer by: maybe the thread's person, from an address naming nobody
    words = set().union(*map(_name_words, lines))
    if any(_is_sender(q, words) for p in persons for q in p["found"]):
        return persons  # the thread's person signs: they write about their own stop
    return [{"found": signs[0] if len(signs) == 1 else [], "forms": [], "nirs": []}]


def _writer_as_subject(read: Any, employer: EmployerMatch, pool: list) -> list[PersonFound]:
    """The agent who writes about their own stop from a personal address (not one the registry gives the
    collectivité) is the subject: the registered agent their display name or signature names, when the words
    are in the first person. Anywhere else a name signing the mail never makes a claim."""
    if employer.source in ("contact", "domain") or not pool or not _tells_own_stop(read):
        return []
    named = "\n".join([read.from_name or ""] + _signature_lines(read))
    people = [q for q in spot_agents(named, pool, source=WRITER_SOURCE) if q.mention.first_name]
    groups = group_people(people)
    return groups[0] if len(groups) == 1 else []


def _unregistered_writer(read: Any, employer: EmployerMatch) -> list[PersonFound]:
    """The writer telling their own stop from a personal address, whom the registry does not hold (a new hire):
    the one person their display name and signature name by its shape (« Prénom NOM », « NOM Prénom », or two
    or three capitalised words as people sign). Asked only when nothing else in the mail names anybody: the
    claim is theirs, with no agent, for the handler to file."""
    if not employer.code or employer.source in ("contact", "domain") or not _tells_own_stop(read):
        return []
    lines = [ln.strip(" \t,.") for ln in [read.from_name or ""] + _signature_lines(read) + _closing_name(read.new_text or "")]
    people: list[PersonFound] = []
    for ln in filter(None, lines):
        shaped = [q for q in find_people(ln, source=WRITER_SOURCE) if q.mention.first_name]
        if shaped:
            people += shaped
        elif _BARE_NAME.fullmatch(ln) and looks_like_name((w := ln.split())[-1], " ".join(w[:-1])):
            m = PersonMention(last_name=w[-1], first_name=" ".join(w[:-1]), order_known=False, source=WRITER_SOURCE,
                              confidence=0.6)
            people.append(PersonFound(m, 0, len(ln), ln, "writer"))
    groups = group_people(people)
    return groups[0] if len(groups) == 1 else []


def _vouched(employer: EmployerMatch, read: Any) -> EmployerMatch:
    """A sender known by its address, whose domain our own MTA says did not send the mail, is nobody we know:
    neither its address nor the collectivité its text names (the forger writes that too) identify it."""
    if employer.source not in ("contact", "domain"):
        return employer
    from intake.identify.authentication import sender_authentication

    auth = sender_authentication(read)
    return EmployerMatch(None, 0.0, auth.reason, "unauthenticated") if auth.failed else employer


def _employer_of_nir_holder(registry: Registry, content: str) -> EmployerMatch | None:
    """An unknown sender naming no employer (a personal address forwarding the secretary's mail): a NIR written
    with its valid key, held by one registered agent whose surname the words also write, is that agent's
    employer. Both facts, not either: a NIR alone may be mistyped into another's, a name is shared."""
    keyed = {n.value for n in find_nirs(content) if n.key is not None}
    if not keyed:
        return None
    words = " " + name_key(content) + " "
    holders = [a for a in registry.agents_for_nirs(keyed)
               if any(f" {name_key(x)} " in words for x in (a.last_name, a.birth_name) if x)]
    employers = {a.collectivite for a in holders}
    if len(employers) != 1:
        return None
    e = registry.directory.by_code(employers.pop())
    if e is None:
        return None
    return EmployerMatch(e.code, 0.85, f"expéditeur inconnu ; le NIR et le nom écrits sont ceux d'un agent de {e.name}",
                         "text", (e.code,))


def understand_message(read: Any, registry: Registry, *, message_date: date | None = None) -> Understanding:
    ref = message_date or (read.date.date() if getattr(read, "date", None) else date.today())
    sources = _body_sources(read)
    content = "\n".join(s.text for s in sources)
    # (the forwarded messages' words by name: an empty subject leaves no "objet" source)
    employer = identify_employer(
        registry, read.from_addr,
        "\n".join([read.new_text, read.signature or ""] + [s.text for s in sources if s.name not in ("objet", "corps")])
    )
    if employer.code is None and employer.source == "none" and not employer.candidates:
        # A relay nobody registered (a centre de gestion) passing on a mail whose client kept its sender's
        # address: that address names the collectivité, when all forwarded mails come from one.
        relayed = {got.code for fw in getattr(read, "forwarded", None) or ()
                   for addr in fw.from_addresses if (got := employer_of_address(registry, addr))}
        if len(relayed) == 1:
            e = registry.directory.by_code(relayed.pop())
            employer = EmployerMatch(e.code, 0.85, f"expéditeur inconnu ; le message transféré vient de {e.name}", "text",
                                     (e.code,))
    if employer.code is None and employer.source == "none" and not employer.candidates:
        # A forward from a personal address saying only « pour info »: the pieces name their employer (the
        # arrêt's « Employeur : EHPAD … », the arrêté's letterhead), unambiguously or not at all.
        pieces = "\n".join(a.document.text[:_PIECE_HEAD] for a in read.attachments
                            if a.filename and a.kind.kind in _EMPLOYER_KINDS)
        if pieces.strip():
            got = identify_employer(registry, None, pieces)
            if got.code:
                employer = replace(got, reason=got.reason.replace("le message nomme", "la pièce jointe nomme"))
    if employer.code is None and employer.source == "none" and not employer.candidates:
        employer = _employer_of_nir_holder(registry, content) or employer
    employer = _vouched(employer, read)
    if read.automatic.kind == DELIVERY_REPORT and employer.source == "text":
        # A mail server's report names the address it could not deliver to (« <drh@mairie-x.fr>: User unknown »):
        # that is the recipient of our mail, not the employer who writes; a server of no member sent it.
        employer = EmployerMatch(None, 0.0, "avis de non-remise d'un serveur de messagerie", "none")
    # What the mail brings: its pieces (a logo, a contact card or an invitation's event brings nothing).
    kinds = [a.kind.kind for a in read.attachments if a.filename and is_piece(a)]
    if read.automatic.intent == Intent.AUTO_REPLY:  # a mailing (bulk) is read: its words make it "other"
        return Understanding(employer, intent_of(content, automatic=True), [])

    pool = registry.agents_of(employer.code) if employer.code else []
    sender = _sender_keys(read)
    writer = _writer_as_subject(read, employer, pool)
    if writer:
        sender = set()  # the agent writes about their own stop: their name is the subject's, not a signature's

    forward_writers = _forward_writers(read)
    # People and NIRs in the words, each with its source.
    found: list[tuple[_Source, PersonFound]] = []
    if writer:
        found += [(_Source(WRITER_SOURCE, writer[0].text), q) for q in writer]
    nirs: list[tuple[_Source, NirFound]] = []
    dates: list[tuple[_Source, DateFound]] = []
    periods: list[tuple[_Source, PeriodFound]] = []

    def read_source(src: _Source, *, people_only: bool = False) -> None:
        # people_only: a form's words, labels around values (« LAMBERT Prénom »): only the registry's names.
        shaped = [] if people_only else [split_capitals(p, pool) for p in find_people(src.text, source=src.name)]
        # A registry name inside a name already read ("MARTIN" in "Mme MARTIN-DUPUIS née X") is that name.
        spotted = [q for q in spot_agents(src.text, pool, source=src.name)
                   if not any(p.start <= q.start and q.end <= p.end for p in shaped)]
        spotted = [q for q in spotted if not _first_name_of_another(q, spotted, src.text)]
        if src.name.startswith(PIECE_SOURCE):
            spotted = [q for q in spotted if not _surname_of_another_on_piece(q, pool, src.text)]
        fw = forward_writers.get(src.name, _NO_WRITER)
        people = subjects_in(src.name, src.text, [p for p in shaped + spotted if not _is_sender(p, sender | fw.names)],
                             writer_is_subject=fw.own_stop)
        found.extend((src, p) for p in people)
        if people_only:
            return
        nirs.extend((src, n) for n in find_nirs(src.text))
        ds, ps = scan(src.text, ref)
        dates.extend((src, d) for d in ds)
        periods.extend((src, p) for p in ps)

    for src in sources:
        read_source(src)

    # Forms attached (arrêt de travail, certificat AT/MP): their assuré is a person of the message.
    forms: list[tuple[str, FormFacts]] = []
    prose: list[tuple[str, FormFacts]] = []  # certificates telling the stop in sentences: dates, no person
    for a in read.attachments:
        if a.kind.kind in _FORM_KINDS or "cerfa" in a.document.text[:400].lower():
            got = [(a.filename, f) for f in read_forms(a.document, reference=ref)]
            forms += got
            # A title over sentences (« AVIS D'ARRÊT DE TRAVAIL … prescris un arrêt du … au … ») reads as a
            # form with nothing in it: its sentences tell the stop.
            if not any(f.last_name or f.nir or f.start or f.end for _, f in got) and a.kind.kind in _FORM_KINDS:
                prose += [(a.filename, f) for f in prose_stop(a.document, reference=ref)]
            elif not any(f.start or f.end for _, f in got) and a.kind.kind in _FORM_KINDS:
                # The person read under a label of the sentences (« immatriculé(e) sous le n° … » on a faxed
                # certificate), no stop from labels: the same page's sentences date it.
                _stop_from_sentences([f for _, f in got], prose_stop(a.document, reference=ref))
    reused = subject_is_reused(read.subject, read)
    if not any(rank_of_source(p.mention.source, reused_subject=reused) < Rank.THREAD for _, p in found
               if p.mention.source != WRITER_SOURCE) \
            and not any(f.last_name or f.nir for _, f in forms):
        # Nobody named by the new words nor by a form's labels (at most a reused subject line): a certificate
        # in the doctor's prose (« certifie avoir examiné Mme X … un arrêt du … au … »), sent alone by an
        # office copier or under « voici la prolongation de Noémie », is the declaration itself: its words
        # are read as the message's, and outweigh the older subject line.
        # (a page under a form's title that tells its stop in sentences is prose, not a form)
        pieces = _prose_pieces(read, {fname for fname, _ in forms} - {fname for fname, _ in prose})
        for src in pieces:
            sources.append(src)
            read_source(src)
        # A form whose stop was read but whose name OCR could not pair with its label (a fax's blurred small
        # type): its words still name the assuré(e) by a registry's name, and only that (its labels and
        # unticked options are no sentences: its dates and boxes are the form's reading).
        for src in _prose_pieces(read, {fname for fname, f in forms if f.last_name or f.nir or not (f.start or f.end)}):
            if src.name not in {s.name for s in pieces}:
                read_source(src, people_only=True)
        content = "\n".join(s.text for s in sources)

    if not found and not writer and not any(f.last_name or f.nir for _, f in forms) and (hire := _unregistered_writer(read, employer)):
        # Nobody named, and the writer tells their own stop: the writer, though the registry has them not.
        found = [(_Source(WRITER_SOURCE, hire[0].text), q) for q in hire]
    if not found and not forms and (periods or categorise(content, words=_words()).category):
        found = _spacy_people(sources, sender, forward_writers)  # the slow path, only when the patterns found nobody
        if not found:
            found = _lowercase_people(sources, sender, forward_writers)
    groups = group_people([p for _, p in found])
    persons: list[dict[str, Any]] = [{"found": g, "forms": [], "nirs": []} for g in groups]
    if persons and (prose or any(not f.last_name for _, f in forms)):
        forms, prose = _named_by_prose(persons, forms, prose, read, sources)
    for fname, f in forms:
        if f.last_name and not looks_like_name(f.last_name):
            f = replace(f, last_name=None, first_name=None)  # a label read in the name's box is no name
        if not (f.last_name or f.nir):
            continue
        m = PersonMention(last_name=f.last_name, first_name=f.first_name, nir=f.nir, nir_has_key=f.nir_has_key,
                          birth_name=f.birth_name, birth_date=f.birth_date,
                          source=f"{fname}, page {f.page}", confidence=f.confidence)
        target = next((p for p in persons if any(same_person(m, x.mention) for x in p["found"])), None)
        if target is None:
            # Two forms of one person (the déclaration and the certificat): one claim with both sources.
            target = next((p for p in persons if any((m.nir and o.nir == m.nir) or (not (m.nir and o.nir) and same_person(m, o))
                                                     for _, _, o in p["forms"])), None)
        if target is None and f.nir:
            target = next((p for p in persons if any(n.value == f.nir for _, n in p["nirs"])), None)
        if target is None and f.nir:
            # The registry's holder of this NIR, when the message names them.
            for a in registry.agents_by_nir(f.nir):
                held = PersonMention(last_name=a.last_name, first_name=a.first_name, birth_name=a.birth_name)
                target = next((p for p in persons if any(same_person(held, x.mention) for x in p["found"])), None)
                if target is not None:
                    break
        named = [p for p in persons if p["found"]]
        if target is None and not f.last_name and len(named) == 1:
            target = named[0]  # a form whose name could not be read, in a message about one person
        if target is None:
            persons.append({"found": [], "forms": [(fname, f, m)], "nirs": []})
        else:
            target["forms"].append((fname, f, m))
    _form_names_in_words(persons, sources, [q for _, q in found])
    # A reused subject line or a forwarded older exchange never outweighs the new text and the forms.
    new_text_dated = any(s.name == "corps" for s, _ in periods)
    forward_is_content = bool(getattr(read, "forwarded", None)) and not new_text_dated and not any(
        p.mention.source == "corps" for _, p in found)
    persons = keep_strongest(persons, reused_subject=subject_is_reused(read.subject, read),
                             new_text_dated=new_text_dated or any(f.start for _, f in forms),
                             forward_is_content=forward_is_content)
    if not persons and (read.quoted or "").strip() and (kinds or periods):
        # A reply naming nobody but bringing a stop or pieces is about the one person of the exchange it
        # answers, if there is one (a reply without either, a thank-you, makes no claim from the history).
        thread = history_people(read.quoted, pool, lambda p: _is_sender(p, sender))
        # Only proposed: if the new text names its person in words we could not read, the history's is
        # another's (the handler confirms the candidate).
        persons = [{"found": thread, "forms": [], "nirs": [], "only_history": True}] if thread else []
    persons = pieces_outweigh_thread(persons, read.attachments, pool, reused_subject=subject_is_reused(read.subject, read))
    persons = _first_name_in_thread(persons, read, pool, sender)
    persons = _writer_not_the_thread(persons, read, writer)
    if len(persons) == 1 and all(q.mention.source == "objet" for q in persons[0]["found"]) and not persons[0]["forms"] \
            and subject_is_reused(read.subject, read) and (read.quoted or "").strip():
        # A reused subject alone names the person: the history it comes from must not name someone else.
        older = history_people(read.quoted, pool, lambda p: _is_sender(p, sender))
        if older and not any(same_person(o.mention, q.mention) for o in older for q in persons[0]["found"]):
            persons[0]["conflict"] = ([o.mention for o in older], REASON_THREAD)
    # A NIR written in the words belongs to the person named just before it (or the only one).
    for src, n in nirs:
        line = src.text[src.text.rfind("\n", 0, n.start) + 1 : n.start]
        best = _named_on_line(line, persons)
        if best is None and employer.code and _holder_on_line(registry, employer.code, n.value, line):
            # « m, ouedraogo (1 75 02 …) »: a person the patterns did not read, whom the registry holds by this NIR
            # and whose name stands before it; not the one named lines above.
            persons.append({"found": [], "forms": [], "nirs": [(src, n)]})
            continue
        if best is None and persons and _CIVILITY_BEFORE.search(fold(line)):
            continue  # « Mme G. JOUVE (NIR …) »: a person we could not read, not the one named lines above
        for p in persons if best is None else []:
            for q in p["found"]:
                if q.mention.source == src.name and q.start <= n.start and (best is None or q.start > best[1]):
                    best = (p, q.start)
        if best is None and len([p for p in persons if p["found"]]) == 1:
            best = (next(p for p in persons if p["found"]), 0)
        if best is None and not persons:
            persons.append({"found": [], "forms": [], "nirs": []})
            best = (persons[0], 0)
        if best is not None:
            best[0]["nirs"].append((src, n))
    persons = _forms_to_nir_holders(persons)
    if employer.code:
        persons = [q for p in persons for q in _homonyms_apart(p, registry, employer.code, sources, ref)]

    # "son arrêt débuté le …" recalls a stop (the pieces may be for it): it does not declare one by itself.
    # A stop named inside a question put to us (« où en est le dossier de Mme X (arrêt depuis le …) ? ») is
    # asked about, not declared.
    asked = {s.name: question_spans(s.text) for s in sources}
    body_stop = any(p.about not in NOT_STOP_ROLES and p.about not in (Role.ACCIDENT, Role.DEATH, Role.INITIAL_STOP)
                    or p.how == "range" for s, p in periods if not in_question(asked[s.name], p.span[0]))
    # A form's own dates make a new stop unless the words say these are pieces asked for.
    folded = fold(content)
    pieces_asked = bool(_PIECES_ASKED.search(folded))
    if kinds and NEW_STOP_KINDS & set(kinds) and nature_of(content, relapsing=_words().relapsing).nature in (N.PROLONGATION, N.RECHUTE):
        # « suite à notre déclaration de son arrêt …, celui-ci est prolongé », the new arrêt attached: a new
        # period of the claim on file is declared, not pieces for it.
        pieces_asked = False
    if stop_on_file(folded, with_pieces=bool(kinds), asked=pieces_asked) and not NEW_STOP_KINDS & set(kinds) and not any(p.end for _, p in periods):
        # Pieces "pour le calcul des indemnités de son arrêt débuté le …": that date is of a stop on file.
        body_stop, pieces_asked = False, True
    has_stop = body_stop or (any(f.start for _, f in forms) and not pieces_asked)
    pregnancy = any("grossesse" in f.boxes for _, f in forms)
    cat_guess = categorise(content, words=_words(), kinds=kinds, pregnancy_box=pregnancy, sex=_sex_of(persons))
    if not cat_guess.evidence or not cat_guess.evidence[0].startswith("mots"):
        # No category word in the message: the box ticked on an attached declaration says it.
        ticked = next((t for a in read.attachments
                       if a.document.pages and (t := ticked_category(a.document.text, words=_words()))), None)
        if ticked is None:
            ticked = next((t for fname, f in forms if (t := category_of_boxes(f.boxes, fname))), None)
        if ticked is not None:
            cat_guess = ticked
    if getattr(read, "invitation", False) and not has_stop and not NEW_STOP_KINDS & set(kinds):
        # A meeting request (« visite de reprise », « point sur l'arrêt de M. X ») declares nothing, brings no piece.
        return Understanding(employer, IntentGuess(Intent.OTHER, 0.8, ("invitation d'agenda, sans arrêt",)), [])
    withdrawn = _withdrawn(sources, periods, kinds)
    if withdrawn is not None:
        return Understanding(employer, withdrawn, [])
    intent = intent_of(
        content, has_stop=has_stop, has_person=bool(persons), attachment_kinds=tuple(kinds),
        has_claim_words=cat_guess.category is not None, pieces_asked=pieces_asked and not body_stop,
        bulk=read.automatic.automatic and read.automatic.kind == BULK,
        accident=_occurrence(cat_guess.category) == Occurrence.ACCIDENT,
    )
    if intent.intent not in (Intent.DECLARATION, Intent.DOCUMENTS):
        return Understanding(employer, intent, [])

    if employer.code:
        persons = merge_same_agent(persons, lambda p: match_agents(registry, employer.code, _mentions_of(p)).matricule)
        persons = merge_misspelt(persons, lambda p: match_agents(registry, employer.code, _mentions_of(p)).matricule)
    persons = join_text_and_form(
        persons, lambda ms: not employer.code or bool(match_agents(registry, employer.code, ms).candidates))
    _attachment_facts(read, persons, ref, {fname for fname, _ in forms})
    _share_pieces(read, persons)
    if len(persons) <= 1:
        forms = forms + prose  # a certificate's sentences date the stop of the one person the mail is about
    claims = []
    respective = respective_periods(persons, periods)
    for p in persons:
        seg = _segment(p, persons, sources)
        if seg is None and not p["found"] and len(persons) > 1:
            seg = _nir_segment(p, persons)
        if seg is None:
            own_dates, own_periods = dates, periods
            if len(persons) > 1 and not p["found"]:
                # Named only by a form: the words' dates standing in the others' parts are theirs, not this
                # person's (the form's own dates are used when the words have none left).
                others = _others_stretches(p, persons, sources)
                outside = lambda x, s_, o=others: not any(a <= x < b for a, b in o.get(s_.name, []))  # noqa: E731
                own_dates = [(s_, d) for s_, d in dates if outside(d.start, s_)]
                own_periods = [(s_, q) for s_, q in periods if outside(q.span[0], s_)]
            claims.append(_claim(p, registry, employer, cat_guess, content, read, own_dates, own_periods, forms,
                                 intent.intent, len(persons)))
            continue
        src, spans = seg
        text = "\n".join(src.text[a:b] for a, b in spans)
        guess = categorise(text, words=_words(), kinds=kinds, sex=_sex_of([p]))
        if guess.confidence <= 0.6:
            # No category word in this person's part: what the message says outside the others' parts.
            rest = categorise(_outside_others(p, persons, sources), words=_words(), kinds=kinds,
                              pregnancy_box=pregnancy)
            guess = rest if rest.category else cat_guess
        if not any(s_.name == src.name and a <= q.span[0] < b for s_, q in periods for a, b in spans):
            # "Mme X et M. Y sont en arrêt du … au …": one sentence's stop for all it names.
            # (the end of the line the part ends on: a part ending where the next person's line begins stays
            # off that line and its stop)
            spans = [(a, len(src.text) if (e := src.text.find("\n", max(a, b - 1))) < 0 else e) for a, b in spans]
        in_seg = lambda x, s_, sp=spans, name=src.name: s_.name == name and any(a <= x < b for a, b in sp)  # noqa: E731
        if id(p) in respective:  # « X et Y … respectivement du … au … et du … au … »: the k-th period
            own_src, own = respective[id(p)]
            in_seg = lambda x, s_, o=own, name=own_src.name: s_.name == name and o.span[0] <= x < o.span[1]  # noqa: E731
        claims.append(_claim(p, registry, employer, guess, text, read,
                             [(s_, d) for s_, d in dates if in_seg(d.start, s_)],
                             [(s_, q) for s_, q in periods if in_seg(q.span[0], s_)], forms, intent.intent, len(persons)))
    _pieces_by_their_dates(claims, read, ref)
    return Understanding(employer, intent, claims)


def _forms_to_nir_holders(persons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A form standing alone as a person (its name unread, or the same as theirs) whose NIR the words write beside
    one person's name (« - Prénom Nom (NIR …) : … ») is that person's form: the words' NIRs are given out after
    the forms, so the form could not be joined to them by its NIR before (a new hire has no registry NIR to
    join them by)."""
    out = list(persons)
    for p in persons:
        if p["found"] or p["nirs"] or not p["forms"]:
            continue
        nirs = {f.nir for _, f, _ in p["forms"] if f.nir}
        holders = [q for q in out if q is not p and any(n.value in nirs for _, n in q["nirs"])]
        if len(holders) != 1 or not all(not m.last_name or any(same_person(m, x.mention) for x in holders[0]["found"])
                                         for _, _, m in p["forms"]):
            continue
        holders[0]["forms"] += p["forms"]
        out.remove(p)
    return out


def _withdrawn(sources: list[_Source], periods: list[tuple[_Source, PeriodFound]], kinds: list[str]) -> IntentGuess | None:
    """A mail withdrawing an earlier one (« merci de ne pas tenir compte de notre envoi », « l'arrêt de M. X est
    annulé »): nothing to declare, whoever and whatever stop it names (the older mail below it, quoted or
    carried as a forward, is what is withdrawn). Not when the new words date a stop outside the withdrawing
    clauses (« suite à l'annulation de notre envoi, voici l'arrêt du … au … ») or a new arrêt is attached."""
    body = next((s for s in sources if s.name == "corps"), None)
    if body is None or NEW_STOP_KINDS & set(kinds):
        return None
    cancelled = cancelled_clauses(_without_signature(body.text))
    if not cancelled:
        return None
    if any(s is body and not any(a <= p.span[0] < b for a, b in cancelled) for s, p in periods):
        return None
    a, b = cancelled[0]
    return IntentGuess(Intent.OTHER, 0.8, (f"annulation d'un envoi précédent « {body.text[a:b].strip()} »",))


def _pieces_by_their_dates(claims: list[ClaimFound], read: Any, ref: date) -> None:
    """A piece every claim of a mail about several people holds names none of them readably (a photo the OCR
    got little of, « Fait à Cluses, le 27 juillet 2025 » and a doctor's name): it goes to the one claim whose
    stop begins (or whose event falls) on a day the piece writes, as a certificate is written the day its stop
    begins. Days of several claims, or of none, leave it with everyone (the handler sorts it)."""
    if len(claims) < 2:
        return
    for a in read.attachments:
        if not a.filename or not a.document.pages or \
                not all(any(f == a.filename for f, _ in c.documents) for c in claims):
            continue
        said = {d.value for d in scan(a.document.text, ref)[0]}
        own = [c for c in claims if any(x is not None and x.value in said for x in (c.arret_start, c.date_survenance))]
        if len(own) != 1:
            continue
        for c in claims:
            if c is not own[0]:
                c.documents = [d for d in c.documents if d[0] != a.filename]


# Pieces that name the agent's employer in their own words, and how far in (the heading, the employer's box).
_EMPLOYER_KINDS = frozenset({"arret_travail", "certificat_at_mp", "certificat_final", "declaration_accident", "arrete"})
_PIECE_HEAD = 1500


# Attachments read as forms: the arrêt, the AT/MP certificates, and the employer's déclaration d'accident
# (the only source of the victim's name and the accident's date in a copier's mail without a body).
_FORM_KINDS = frozenset({"arret_travail", "certificat_at_mp", "certificat_final", "declaration_accident"})


_CAPITALISED = re.compile(r"(?<![\w’'-])[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?(?![\w’'-])")
REASON_FIRST_NAME = "le prénom écrit ne désigne pas une seule personne de l'échange"


def _first_name_in_thread(persons: list[dict[str, Any]], read: Any, pool: list, sender: set[str]) -> list[dict[str, Any]]:
    """A reply naming its agent by the first name only (« voici la prolongation de Sylvie »), everyone else
    named only by the reused subject line or the quoted history: the one person of that exchange with this
    first name is the subject; none or several, and nobody is named (the handler sees the candidates)."""
    reused = subject_is_reused(read.subject, read)
    if not reused or any(p["forms"] or p["nirs"] or any(
            rank_of_source(q.mention.source, reused_subject=True) < Rank.THREAD for q in p["found"]) for p in persons):
        return persons
    body = _without_signature(read.new_text or "")
    known = {name_key(a.first_name) for a in pool if a.first_name}
    said = set()
    for m in _CAPITALISED.finditer(body):
        a, b = body.rfind("\n", 0, m.start()) + 1, body.find("\n", m.end())
        alone = not (body[a:m.start()] + body[m.end():len(body) if b < 0 else b]).strip(" \t,.")
        key = name_key(m.group())
        if key in known and key not in sender and not alone and key not in _NOT_A_FIRST_NAME:
            said.add(key)  # a first name written alone on its line is a signature
    if len(said) != 1:
        return persons
    first = said.pop()
    mentioned = [q for p in persons for q in p["found"]]
    mentioned += [q for g in history_groups(read.quoted or "", pool, lambda p: _is_sender(p, sender)) for q in g]
    groups = group_people(mentioned)
    firsts = [{name_key(q.mention.first_name) for q in g if q.mention.first_name} for g in groups]
    matching = [g for g, f in zip(groups, firsts, strict=True) if first in f]
    if len(matching) == 1:
        return [{"found": matching[0], "forms": [], "nirs": []}]
    if persons and groups and (matching or all(f and first not in f for f in firsts)):
        # Several of the exchange's people bear it, or none does: the older mail's agent is not this one's.
        persons[0]["conflict"] = ([q.mention for q in mentioned], REASON_FIRST_NAME)
    return persons


# Capitalised words that open a sentence and are also someone's first name somewhere.
_NOT_A_FIRST_NAME = frozenset({"ange", "france", "claire", "marine", "rose", "aurore", "florence", "bonjour", "merci"})


def _stop_from_sentences(forms: list[FormFacts], told: list[FormFacts]) -> None:
    """Each form without a stop takes the one its page's sentences tell (prose_stop), with what they say of the
    initial stop, when that page tells exactly one."""
    for f in forms:
        same = [t for t in told if t.page == f.page and (t.start or t.initial_start)]
        if len(same) != 1 or f.start or f.end:
            continue
        t = same[0]
        f.start, f.end = t.start, t.end
        f.initial_start = f.initial_start or t.initial_start
        f.evidence.update(t.evidence)


def _prose_pieces(read: Any, forms: set[str]) -> list[_Source]:
    """The text of the attached arrêts and certificates not read as forms (a form's words are labels and
    its options, « état pathologique lié à la grossesse » unticked), each a source named after its file."""
    return [_Source(f"{PIECE_SOURCE} {a.filename}", _unwrapped(_without_checklist(a.document.text)))
            for a in read.attachments if a.filename and a.filename not in forms and a.kind.kind in _FORM_KINDS
            and a.document.text.strip()]


# The form's checklist of natures (« ☐ Arrêt initial ☒ Prolongation d'arrêt », one line or one a line): which box
# is ticked is not in its words (a scan may lose the mark), and « arrêt initial » there says nothing.
_CHECKLIST = re.compile(r"(?m)^[^\n]*\binitial\b[^\n]*\bprolongation\b[^\n]*$|^[^\n]*\bprolongation\b[^\n]*\binitial\b[^\n]*$"
                        r"|^[^\w\n]*\w?[^\w\n]*(?:arret initial|initial|(?:de )?prolongation(?: d'arret)?|(?:de )?rechute)[^\w\n]*$")


def _without_checklist(text: str) -> str:
    """The text with its checklist lines blanked (the same length)."""
    out = list(text)
    for m in _CHECKLIST.finditer(fold(text)):
        out[m.start():m.end()] = " " * (m.end() - m.start())
    return "".join(out)


_WRAPPED = re.compile(r"(?<=[^\n.:;!?]{48}[^\n.:;!?\s])\n(?=[ \t]*[\w(«])")


def _unwrapped(text: str) -> str:
    """A paragraph's lines joined (the same length: a line break becomes a space): the page wraps a sentence
    anywhere, « Mme Noémie / CHASTANG née X » is one name. A long line not ending a sentence goes on below."""
    return _WRAPPED.sub(" ", text)


def _spacy_people(sources: list[_Source], sender: set[str], writers: dict[str, _Writer]) -> list[tuple[_Source, PersonFound]]:
    from intake.understand.nlp import person_names

    out = []
    for src in sources:
        if src.name == "objet" or src.name.startswith(PIECE_SOURCE):
            continue
        for text, start, end in person_names(src.text):
            words = text.split()
            if len(words) < 2:
                continue
            upper = [w for w in words if w.isupper()]
            last = " ".join(upper) if upper else words[-1]
            first = " ".join(w for w in words if w not in upper) if upper else " ".join(words[:-1])
            if not looks_like_name(last, first):
                continue  # an organisation or a heading the model took for a person
            m = PersonMention(last_name=last, first_name=first, order_known=bool(upper), source=src.name, confidence=0.6)
            p = PersonFound(m, start, end, text, "spacy")
            fw = writers.get(src.name, _NO_WRITER)
            if not _is_sender(p, sender | fw.names) and subjects_in(src.name, src.text, [p], writer_is_subject=fw.own_stop) == [p]:
                out.append((src, p))
    return out


def _lowercase_people(sources: list[_Source], sender: set[str], writers: dict[str, _Writer]) -> list[tuple[_Source, PersonFound]]:
    """People the words name without capitals (« madame jouve est en congé »), in a mail where neither the
    shapes nor the model found anybody: the stop is someone's, named as written (the registry may not hold
    them: a new hire)."""
    out = []
    for src in sources:
        if src.name.startswith(PIECE_SOURCE):
            continue
        fw = writers.get(src.name, _NO_WRITER)
        people = [p for p in find_lowercase_people(src.text, source=src.name) if not _is_sender(p, sender | fw.names)]
        out += [(src, p) for p in subjects_in(src.name, src.text, people, writer_is_subject=fw.own_stop)]
    return out


# A civility and a capital before a NIR on its line: the NIR's holder is named there, read or not.
_CIVILITY_BEFORE = re.compile(r"\b(?:m|mr|mme|mlle|monsieur|madame|mademoiselle)\b\.?\s+[a-z]")


def _holder_on_line(registry: Registry, code: str, nir: str, line: str) -> bool:
    """Whether the collectivité's agent the registry gives this NIR is named (by last or birth name) on the
    NIR's line before it."""
    words = " " + name_key(line) + " "
    return any(f" {key} " in words for a in registry.agents_by_nir(nir) if a.collectivite == code
               for x in (a.last_name, getattr(a, "birth_name", None)) if x and len(key := name_key(x)) >= 3)


def _named_on_line(line: str, persons: list[dict[str, Any]]) -> tuple[dict[str, Any], int] | None:
    """The person whose name stands on the NIR's own line before it (the last one named there): « Mme G. JOUVE
    (NIR …) » is JOUVE's even when the words named another person on the line above. Names of the forms
    count (a person only the attached form names)."""
    words = " " + name_key(line) + " "
    best = None
    for p in persons:
        names = {x for q in p["found"] for x in (q.mention.last_name, q.mention.birth_name) if x}
        names |= {m.last_name for _, _, m in p["forms"] if m.last_name}
        for name in names:
            key = name_key(name)
            at = words.rfind(f" {key} ") if len(key.replace(" ", "")) >= 2 else -1
            if at >= 0 and (best is None or at > best[1]):
                best = (p, at)
    return best


def _attachment_facts(read: Any, persons: list[dict[str, Any]], ref: date, formed: set[str]) -> None:
    """A piece that names the person and states one NIR or one birth date lends it to them (the fact that
    tells homonyms apart); a piece naming several people, or stating several, lends nothing."""
    for a in read.attachments:
        if a.filename in formed or not a.document.pages:  # a form read by its labels gave its own facts
            continue
        text = a.document.text
        words = " " + name_key(text) + " "  # a name cut by a line break ("DE\nOLIVEIRA") is still the name
        named = [p for p in persons if p["found"] and any(
            q.mention.last_name and f" {name_key(q.mention.last_name)} " in words for q in p["found"])]
        if len(named) != 1:
            continue
        nirs_here = {n.value: (n.key is not None, n.confidence) for n in find_nirs(text)
                     if n.key is not None or n.confidence >= 0.85}
        births = {d.value for d in scan(text, ref)[0] if d.role == Role.BIRTH}
        for page in a.document.pages:
            # The same facts by their labels, in any layout: a NIR in boxes (re-read on a scan, so only in
            # the words), a birth date under its label in a grid, which the text alone does not tie to it.
            got = read_page(page, ref).fields
            if F.NIR in got:
                nirs_here.setdefault(str(got[F.NIR].value), (bool(got["nir_has_key"].value), 0.9))
            if F.BIRTH_DATE in got:
                births.add(got[F.BIRTH_DATE].value)  # type: ignore[arg-type]
        extra = named[0].setdefault("extra", [])
        where = f"{a.filename}"
        if len(nirs_here) == 1:
            value, (has_key, confidence) = next(iter(nirs_here.items()))
            extra.append(PersonMention(nir=value, nir_has_key=has_key, source=where, confidence=confidence))
        if len(births) == 1:
            extra.append(PersonMention(birth_date=next(iter(births)), source=where, confidence=0.8))


# The sender's contact card and a calendar invitation's event: what mail clients attach beside any message
# (Outlook's « joindre ma carte de visite », an invitation's .ics), never a piece of a claim.
_CARD_TYPES = frozenset({"text/vcard", "text/x-vcard", "text/directory", "text/calendar", "application/ics"})
_CARD_NAMES = (".vcf", ".vcard", ".ics", ".ifb")


def is_piece(a: Any) -> bool:
    """Whether an attachment is a piece of the claim. A picture shown inside the HTML body that reads as no
    kind of document is the sender's logo or signature banner (its size varies, a 40 kB banner is read):
    it stays among the message's attachments but belongs to no claim. An inline photo of an arrêt has a kind.
    A contact card or a calendar event is no piece either (kind « autre », listed with the message)."""
    if a.kind.kind == DocumentKind.AUTRE and (a.content_type.split(";")[0].strip().lower() in _CARD_TYPES
                                             or a.filename.lower().endswith(_CARD_NAMES)):
        return False
    return not (getattr(a, "inline", False) and a.content_type.startswith("image/") and a.kind.kind == DocumentKind.AUTRE)


def _share_pieces(read: Any, persons: list[dict[str, Any]]) -> None:
    """With several people, each piece goes to the one it is about: the form whose assuré they are, the
    file named after them, the piece naming only them (name or NIR). A piece about nobody in particular
    goes to everyone (the handler sorts it)."""
    if len(persons) < 2:
        return
    def keys(p: dict[str, Any]) -> tuple[set[str], set[str]]:
        names = {name_key(x) for q in p["found"] for x in (q.mention.last_name, q.mention.birth_name) if x}
        names |= {name_key(m.last_name) for _, _, m in p["forms"] if m.last_name}
        nirs = {n.value for _, n in p["nirs"]} | {m.nir for _, _, m in p["forms"] if m.nir}
        return {n for n in names if len(n.replace(" ", "")) >= 3}, nirs
    ks = [keys(p) for p in persons]
    for p in persons:
        p["pieces"] = set()
    for a in read.attachments:
        if not a.filename:
            continue
        owners = [i for i, p in enumerate(persons) if any(fname == a.filename for fname, _, _ in p["forms"])]
        if len(owners) != 1:
            fname = " " + name_key(a.filename) + " "
            owners = [i for i, (names, _) in enumerate(ks) if any(f" {n} " in fname for n in names)]
        if len(owners) != 1 and a.document.pages:
            text = " " + name_key(a.document.text) + " "
            digits = re.sub(r"\D", "", a.document.text)
            owners = [i for i, (names, nirs) in enumerate(ks)
                      if any(f" {n} " in text for n in names) or any(n.isdigit() and n in digits for n in nirs)]
        for i in (owners if len(owners) == 1 else range(len(persons))):
            persons[i]["pieces"].add(a.filename)


def _homonyms_apart(person: dict[str, Any], registry: Registry, code: str, sources: list[_Source],
                    ref: date) -> list[dict[str, Any]]:
    """One name written on two lines of a list, each line's stop with its own NIR (in the words, or on a form
    of that name), is two homonyms of the collectivité when the registry gives the two NIRs to two of its agents
    of that name: each line is its own person. A matricule written on a line stands for its agent's NIR there,
    and a form's birth date for the NIR of the one namesake born that day. A line goes with the NIR written on it, else with the form
    whose days it writes (the birth date « (15/04/1991) », the stop's first day); a line left over takes the
    NIR no line took. Anything less certain (a NIR unknown to the registry, a line matching both or neither)
    stays one person: the handler sees the clash."""
    # Two facts that could each name one homonym (a NIR, a form's birth date, a matricule) or nothing to do: the
    # registry's namesakes are not looked for in every message.
    facts = {n.value for _, n in person["nirs"]} | {m.nir for _, _, m in person["forms"] if m.nir}
    if len(facts) + sum(1 for _, _, m in person["forms"] if m.birth_date and not m.nir) \
            + sum(1 for q in person["found"] if q.mention.matricule) < 2:
        return [person]
    last = name_key(next((q.mention.last_name for q in person["found"] if q.mention.last_name), "") or "")
    namesakes = [a for a in registry.agents_of(code) if a.nir and name_key(a.last_name) == last] if last else []
    if len(namesakes) < 2:
        return [person]

    def held_by(m: PersonMention) -> str | None:
        # The NIR a form writes, else the NIR of the one namesake born the day it writes (« Date de naissance
        # 14 11 1987 » on a form without a NIR tells the homonyms apart as well).
        if m.nir or not m.birth_date:
            return m.nir
        born = [a for a in namesakes if a.birth_date == m.birth_date]
        return born[0].nir if len(born) == 1 else None

    words = {n.value: (src.name, n.start) for src, n in person["nirs"]}  # where each NIR is written
    # « ROUX Anne, mat. 1042, … »: the matricule written on a line names the namesake that line is about.
    for q in person["found"]:
        mat = [a for a in namesakes if q.mention.matricule and a.matricule.upper() == q.mention.matricule.upper()]
        if len(mat) == 1:
            words.setdefault(mat[0].nir, (q.mention.source, q.start))
    form_nir = {id(m): held_by(m) for _, _, m in person["forms"]}
    held = {n for n in form_nir.values() if n} | set(words)
    if len(held) != 2 or not all(form_nir.values()):
        return [person]
    agents = {nir: [a for a in registry.agents_by_nir(nir) if a.collectivite == code and name_key(a.last_name) == last]
              for nir in held}
    if not last or any(len(a) != 1 for a in agents.values()) or agents[min(held)][0].matricule == agents[max(held)][0].matricule:
        return [person]
    by_src = {s.name: s.text for s in sources}
    days = {nir: {d for _, f, m in person["forms"] if form_nir[id(m)] == nir for d in (f.birth_date, f.start, f.initial_start) if d}
            for nir in held}

    def line(src: str, at: int) -> tuple[str, int]:
        return src, by_src.get(src, "").count("\n", 0, at)

    nir_lines = {line(src, at): nir for nir, (src, at) in words.items()}
    mine: dict[str, list[PersonFound]] = {nir: [] for nir in held}
    loose, shared = [], []
    for q in person["found"]:
        if q.mention.source == "objet":
            shared.append(q)  # the subject line names them both
            continue
        nir = nir_lines.get(line(q.mention.source, q.start))
        if nir is None:
            text = by_src.get(q.mention.source, "")
            a, b = text.rfind("\n", 0, q.start) + 1, text.find("\n", q.end)
            said = {d.value for d in scan(text[a : len(text) if b < 0 else b], ref)[0]}
            dated = [x for x in held if days[x] & said]
            nir = dated[0] if len(dated) == 1 else None
        (mine[nir] if nir else loose).append(q)
    free = [nir for nir in held if not mine[nir]]
    if loose and len(free) == 1:
        mine[free[0]] += loose
    elif loose or free:
        return [person]  # which line is whose is not written: one person, the clash for the handler
    return [{**person, "found": mine[nir] + shared, "nirs": [x for x in person["nirs"] if x[1].value == nir],
             "forms": [x for x in person["forms"] if form_nir[id(x[2])] == nir]}
            for nir in sorted(held, key=lambda n: min(person["found"].index(q) for q in mine[n]))]  # the mail's order


def _named_by_prose(persons: list[dict[str, Any]], forms: list[tuple[str, FormFacts]], prose: list[tuple[str, FormFacts]],
                    read: Any, sources: list[_Source]) -> tuple[list[tuple[str, FormFacts]], list[tuple[str, FormFacts]]]:
    """In a mail naming other people, a doctor's certificate in sentences (« certifie avoir examiné Mme X,
    n° de sécurité sociale … »), whose boxes gave no name, is about the one person its sentences name when
    the words name them too, in a shape the patterns could not read alone (« l'arrêt de Ghislaine Jouve »,
    no civilité, nobody registered): it is read as a form of theirs, with its stop and its NIR, and so makes
    their claim. A name the words do not hold (the doctor's, a patient of a wrong scan) makes no one; a
    surname of a person already named is left to them (a first name misread would split one agent in two)."""
    words = " " + name_key("\n".join(s.text for s in sources if not s.name.startswith(PIECE_SOURCE))) + " "
    texts = {a.filename: a.document.text for a in read.attachments if a.filename}
    taken = {name_key(x) for p in persons for q in p["found"] for x in (q.mention.last_name, q.mention.birth_name) if x}
    taken |= {name_key(f.last_name) for _, f in forms if f.last_name}

    def named(fname: str, f: FormFacts) -> FormFacts | None:
        text = _unwrapped(texts.get(fname, "")[:_PIECE_HEAD * 4])
        groups = group_people(q for q in find_people(text, source=f"{PIECE_SOURCE} {fname}")
                              if q.mention.first_name and role_in_text(q, text) == MentionRole.SUBJECT
                              and looks_like_name(q.mention.last_name, q.mention.first_name)
                              and len(key := name_key(q.mention.last_name or "")) >= 3 and f" {key} " in words)
        if len(groups) != 1:
            return None
        m = groups[0][0].mention
        key = name_key(m.last_name or "")
        if key in taken and not any(_same_full_name(m, q.mention) for p in persons for q in p["found"]):
            return None
        # (the certificate of a person the words name by the same first and last name is theirs: it joins them,
        # with its NIR, which tells homonyms of the collectivité apart, see _homonyms_apart)
        taken.add(key)
        if f.nir:
            return replace(f, last_name=m.last_name, first_name=m.first_name)
        nirs = {(n.value, n.key is not None) for n in find_nirs(text)}
        nir, has_key = next(iter(nirs)) if len(nirs) == 1 else (None, False)
        return replace(f, last_name=m.last_name, first_name=m.first_name, nir=nir, nir_has_key=has_key)

    forms = [(fname, (g if not f.last_name and (g := named(fname, f)) else f)) for fname, f in forms]
    kept = []
    for fname, f in prose:
        g = named(fname, f)
        if g is None:
            kept.append((fname, f))
        else:
            forms.append((fname, g))
    return forms, kept


def _same_full_name(m: PersonMention, o: PersonMention) -> bool:
    """The same last name and the same first name, whichever order the words wrote them in."""
    if not (m.first_name and o.first_name and m.last_name and o.last_name):
        return False
    mine = {name_key(m.last_name), name_key(m.first_name)}
    return mine == {name_key(o.last_name), name_key(o.first_name)}


def _form_names_in_words(persons: list[dict[str, Any]], sources: list[_Source], found: list[PersonFound]) -> None:
    """A person only a form names may be written in the words in a shape the patterns do not read as a name
    (« gregory colonna », lower case, beside the first name): that is their mention, and where it stands
    says which of the words' dates are theirs when the mail speaks of several people."""
    for p in persons:
        names = [PersonMention(last_name=m.last_name, first_name=m.first_name or "") for _, _, m in p["forms"] if m.last_name]
        if p["found"] or not names:
            continue
        for src in sources:
            if src.name == "objet" or src.name.startswith(PIECE_SOURCE):
                continue
            taken = [(q.start, q.end) for q in found if q.mention.source == src.name]
            spotted = [q for q in spot_agents(src.text, names, source=src.name)
                       if not any(a < q.end and q.start < b for a, b in taken)]
            p["found"] += subjects_in(src.name, src.text, spotted)


def _segment(person: dict[str, Any], persons: list[dict[str, Any]], sources: list[_Source]) -> tuple[_Source, list[tuple[int, int]]] | None:
    """The stretches of the body that speak of this person (respective.stretches), in the source that names
    them first."""
    if len(persons) < 2 or not person["found"]:
        return None
    body = [q for q in person["found"] if q.mention.source != "objet"]
    if not body:
        return None
    first = min(body, key=lambda q: q.start)
    src = next((s for s in sources if s.name == first.mention.source), None)
    if src is None:
        return None
    others = sorted(q.start for o in persons if o is not person for q in o["found"] if q.mention.source == src.name)
    mine = [(q.start, q.end) for q in body if q.mention.source == src.name]
    return src, stretches(mine, others, src.text)


def _nir_segment(person: dict[str, Any], persons: list[dict[str, Any]]) -> tuple[_Source, list[tuple[int, int]]] | None:
    """A person the words name only by a NIR we tied to them (« Mme G. X (NIR …) », the name unread): their
    part is that NIR's stretch, as a named person's would be from their name."""
    for src, n in person["nirs"]:
        if src.name == "objet":
            continue
        others = sorted(q.start for x in persons if x is not person for q in x["found"] if q.mention.source == src.name)
        return src, stretches([(n.start, n.end)], others, src.text)
    return None


def _others_stretches(person: dict[str, Any], persons: list[dict[str, Any]], sources: list[_Source]) -> dict[str, list[tuple[int, int]]]:
    """Source name → the stretches that speak of the other people."""
    cut: dict[str, list[tuple[int, int]]] = {}
    for o in persons:
        if o is person:
            continue
        seg = _segment(o, persons, sources)
        if seg is not None:
            cut.setdefault(seg[0].name, []).extend(seg[1])
    return cut


def _outside_others(person: dict[str, Any], persons: list[dict[str, Any]], sources: list[_Source]) -> str:
    """The message's words without the stretches that speak of the other people."""
    cut = _others_stretches(person, persons, sources)
    out = []
    for src in sources:
        t = src.text
        for a, b in cut.get(src.name, []):
            t = t[:a] + " " * (b - a) + t[b:]
        out.append(t)
    return "\n".join(out)


def understand(read: Any, registry: Registry, *, message_date: date | None = None) -> list[ClaimFound]:
    return understand_message(read, registry, message_date=message_date).claims


def _sex_of(persons: list[dict[str, Any]]) -> str | None:
    """'M' or 'F' when every person the message is about is told to be one by their civility or their NIR's
    first digit (1 a man, 2 a woman), all the same; None otherwise."""
    told = set()
    for p in persons:
        mentions = _mentions_of(p)
        own = {m.civility for m in mentions if m.civility}
        own |= {"M" if m.nir[0] == "1" else "F" for m in mentions if m.nir and m.nir[0] in "12"}
        if len(own) != 1:
            return None
        told |= own
    return told.pop() if len(told) == 1 else None


def _mentions_of(person: dict[str, Any]) -> list[PersonMention]:
    """Everything that names this person: body words, forms, pieces, NIRs."""
    mentions = [q.mention for q in person["found"]] + [m for _, _, m in person["forms"]]
    mentions += person.get("extra", [])
    for src, n in person["nirs"]:
        mentions.append(PersonMention(nir=n.value, nir_has_key=n.key is not None, source=_where(src, n.start),
                                      confidence=n.confidence))
    return mentions


def _claim(person: dict[str, Any], registry: Registry, employer: EmployerMatch, cat_guess: CategoryGuess,
           content: str, read: Any, dates: list, periods: list, forms: list, intent: str, n_persons: int) -> ClaimFound:
    mentions = _mentions_of(person)
    if employer.code:
        agent = match_agents(registry, employer.code, mentions)
    else:
        # Agents are looked for within the collectivité: an unknown sender's message names nobody's file,
        # even by NIR (the handler sees the candidates).
        hint = match_agents(registry, None, [m for m in mentions if m.nir]) if any(m.nir for m in mentions) else None
        agent = AgentMatch(None, 0.0, None, "collectivité inconnue", hint.candidates if hint else ())
    if person.get("only_history") and agent.matricule:
        agent = AgentMatch(None, min(agent.confidence, HISTORY_CONFIDENCE), agent.name,
                           "agent nommé seulement dans l'historique cité", agent.candidates)
    if person.get("conflict") and employer.code:
        other, why = person["conflict"]
        agent = routed(registry, employer.code, [m for m in mentions if m not in other], other, agent.name, why)

    nir_fact = None
    for src, n in person["nirs"]:
        nir_fact = Fact(n.value, _where(src, n.start), n.text, n.confidence)
        break
    if nir_fact is None:
        for fname, f, _ in person["forms"]:
            if f.nir:
                nir_fact = Fact(f.nir, f"{fname}, page {f.page}", f.evidence.get("nir", ""), f.confidence,
                                _place(fname, f, "nir"))
                break
    if nir_fact is None:
        # A piece naming the person with one NIR (a payslip, a certificate) gives it, as the words would.
        for m in person.get("extra", []):
            if m.nir:
                nir_fact = Fact(m.nir, m.source, m.nir, m.confidence)
                break

    if nir_fact is not None and agent.matricule and employer.code:
        rec = next((a for a in registry.agents_of(employer.code) if a.matricule == agent.matricule), None)
        if rec is not None and rec.nir and corsica_read_as_digit(str(nir_fact.value), rec.nir):
            # The agent known by the words, their NIR read with its Corsican département as digits: theirs.
            nir_fact = Fact(rec.nir, nir_fact.source, nir_fact.words + " (2A/2B lu comme chiffres, NIR du registre)",
                            nir_fact.confidence, nir_fact.place)
    if nir_fact is None and agent.matricule and employer.code:
        # The agent is known by the words: two digits OCR made letters of may stay unread (it is their NIR).
        nir_fact = _registry_nir_on_pieces(registry, employer.code, agent.matricule, read, unread=2, reread=True)
    elif nir_fact is None and agent.matricule is None and employer.code and len(agent.candidates) >= 2 \
            and not person.get("only_history") and not person.get("conflict"):
        # Homonyms the words cannot tell apart: the piece's NIR, too damaged to be read alone, is one of theirs.
        seen = [(c, f) for c in agent.candidates if (f := _registry_nir_on_pieces(registry, employer.code, c.matricule, read))]
        if len(seen) == 1:
            (c, nir_fact), = seen
            agent = AgentMatch(c.matricule, 0.85, c.name, f"homonymes départagés par le NIR de la pièce ({nir_fact.source})",
                               agent.candidates)
        elif not seen:
            agent = _homonym_born_on_pieces(registry, employer.code, agent, read, person.get("pieces"))

    said = next((q.mention for q in person["found"] if q.shape != "registry"), None) or \
        next((q.mention for q in person["found"]), None) or next((m for _, _, m in person["forms"]), None)
    agent_name = None
    if said is not None and said.last_name:
        agent_name = " ".join(x for x in ((said.last_name or "").upper(), said.first_name or "") if x)
    elif agent.matricule:
        agent_name = agent.name

    named = [(fname, f) for fname, f, _ in person["forms"]]
    my_forms = named or (list(forms) if n_persons <= 1 else [])
    boxes = set().union(*(f.boxes for _, f in my_forms)) if my_forms else set()
    category = Fact(cat_guess.category, "message", "; ".join(cat_guess.evidence), cat_guess.confidence) \
        if cat_guess.category else None
    cat = cat_guess.category
    # Boxes read by OCR (a scan, a photo) against a prolongation or a rechute the mail's own words name (not
    # a piece's option labels read as words): the words decide (nature_of).
    on_image = bool(boxes) and all(f.confidence < 1.0 for _, f in my_forms if f.boxes) and nature_of(
        "\n".join(s.text for s in _body_sources(read)), relapsing=_words().relapsing).nature in (N.RECHUTE, N.PROLONGATION)
    nat: NatureGuess = nature_of(content, relapsing=_words().relapsing, boxes=boxes, category=cat,
                                 boxes_read_on_image=on_image)
    if nat.nature == N.INITIAL and N.RECHUTE not in " ".join(nat.evidence) \
            and (extended := _extends_earlier_stop(dates, periods, my_forms)):
        nat = NatureGuess(N.PROLONGATION, 0.8, (extended,) + nat.evidence)

    start = end = None
    stop_periods = [(s, p) for s, p in periods if p.about not in (Role.BIRTH, Role.SIGNATURE, Role.REFERENCE)]
    if nat.nature == N.PROLONGATION:  # "l'arrêt initial débuté le 3 mars" is not the prolongation's start
        # « initialement du … au …, prolongé jusqu'au … »: the initial period is not the prolongation's either.
        stop_periods = [(s, p) for s, p in stop_periods if p.about != Role.INITIAL_STOP] or \
            [(s, p) for s, p in stop_periods if p.how != "from"]
    if n_persons > 1 and person["found"]:
        first_at = min(q.start for q in person["found"])
        stop_periods = [(s, p) for s, p in stop_periods if p.span[0] >= first_at] or stop_periods
    # Complete periods ("du … au …", durations) before open ones ("à compter du …" alone); the new words'
    # before a forwarded or pasted older mail's (« erreur dans mon précédent mail : du 3 au 17 », the wrong
    # « du 3 au 21 » below it), then in the order written.
    stop_periods.sort(key=lambda sp: (sp[1].how not in ("range", "duration"), sp[0].name not in ("objet", "corps"),
                                      sp[1].span[0]))
    for s, p in stop_periods:
        if p.start or p.end:
            start = Fact(p.start, _where(s, p.span[0]), p.text, p.confidence) if p.start else None
            end = Fact(p.end, _where(s, p.span[0]), p.text, p.confidence) if p.end else None
            break
    for fname, f in my_forms:
        src = f"formulaire {f.form}, page {f.page}"
        if start is None and f.start:
            start = Fact(f.start, src, f.evidence.get("arrêt", ""), f.confidence, _place(fname, f, "start"))
        if end is None and f.end:
            end = Fact(f.end, src, f.evidence.get("arrêt", ""), f.confidence, _place(fname, f, "end"))

    surv = _survenance(cat, nat.nature, dates, my_forms, start)
    if _occurrence(cat) == Occurrence.DECES:
        start = end = None  # a death has no stop
    docs = [(a.filename, a.kind.kind) for a in read.attachments if a.filename and is_piece(a)
            if person.get("pieces") is None or a.filename in person["pieces"]]
    if nat.nature == N.RECHUTE and nat.evidence[0].startswith("case") and (
            _EVENT_DECLARATIONS & {k for _, k in docs} or (surv and start and start.value <= surv.value)):
        # A rechute comes after a return to work: not with the event's own déclaration, nor from its first day.
        # The box read on a scan or a photo is then another's (OCR ties a mark to the wrong label).
        nat = NatureGuess(N.INITIAL, 0.6, nat.evidence + ("déclaration de l'événement jointe ou arrêt dès son premier "
                                                          "jour : pas une rechute",))
    nature = Fact(nat.nature, "message", "; ".join(nat.evidence), nat.confidence)
    if intent == Intent.DOCUMENTS:
        nature, start, end = None, None, None
    tiers = "tiers" in boxes or third_party(content)
    # The name on the form is what a handler checks the agent against (only when a form named this person).
    agent_place = next((p for fname, f in named if f.last_name and (p := _place(fname, f, "last_name", "first_name"))),
                       None)
    return ClaimFound(agent, agent_name, nir_fact, category, nature, surv, start, end, docs, person["found"], tiers,
                      agent_place)


# The pieces declaring an accident or an occupational disease itself: sent with its first stop, not a rechute's.
_EVENT_DECLARATIONS = frozenset({DocumentKind.DECLARATION_ACCIDENT, DocumentKind.DECLARATION_MALADIE_PROFESSIONNELLE})


def _extends_earlier_stop(dates: list, periods: list, forms: list[tuple[str, FormFacts]]) -> str | None:
    """Why this stop is a prolongation whatever box or default said initial: the initial stop it follows is
    dated before it (« initialement arrêtée du 2 au 20, prolongée jusqu'au 30 », a form's « date de l'arrêt
    initial » before its own start). A stop that follows its initial one is not that initial stop; a ticked
    box on a scan is often misread, the dates are not."""
    initial = [(s, d) for s, d in dates if d.role == Role.INITIAL_STOP]
    for s, d in initial:
        later = [p for src, p in periods if src.name == s.name and p.about not in NOT_STOP_ROLES | {Role.INITIAL_STOP}
                 and p.start is not None and p.start > d.value]  # told before or after: « … (arrêt initial du 26/04) »
        if later:
            return f"arrêt initial « {d.text} » ({_where(s, d.start)}), antérieur à cet arrêt"
    for fname, f in forms:
        if f.initial_start and f.start and f.initial_start < f.start:
            return f"date de l'arrêt initial {f.initial_start:%d/%m/%Y} avant le début de cet arrêt ({fname})"
    return None


def _homonym_born_on_pieces(registry: Registry, code: str, agent: AgentMatch, read: Any,
                            pieces: set[str] | None) -> AgentMatch:
    """Homonyms whose names fit equally well: the birth date boxed on a piece, too damaged to be read alone
    (« Date de naissance |0|6|1|0|3|… »), is one of theirs and no other's. Only the tied best candidates,
    only when their name fits, only a date the registry holds confirmed under the birth-date label."""
    top = agent.candidates[0].score
    tied = [c for c in agent.candidates if c.score > top - TIE_MARGIN + 1e-9]
    if top < AGENT_THRESHOLD - 1e-9 or len(tied) < 2:
        return agent
    records = {a.matricule: a for a in registry.agents_of(code)}
    born = {c.matricule: records[c.matricule].birth_date for c in tied if c.matricule in records}
    if len(born) != len(tied) or None in born.values() or len(set(born.values())) != len(born):
        return agent
    label = label_re(F.BIRTH_DATE)
    mine = [a for a in read.attachments if a.document.pages and (pieces is None or a.filename in pieces)]
    seen = [(c, a.filename) for c in tied for a in mine
            if confirmed_in(a.document.text, born[c.matricule].strftime("%d%m%Y"), label=label)]
    if len({c.matricule for c, _ in seen}) != 1:
        return agent
    c, fname = seen[0]
    return AgentMatch(c.matricule, 0.85, c.name, f"homonymes départagés par la date de naissance de la pièce ({fname})",
                      agent.candidates)


def _registry_nir_on_pieces(registry: Registry, code: str, matricule: str, read: Any, *, unread: int = 0,
                            reread: bool = False) -> Fact | None:
    """The agent's NIR as the registry holds it, when a piece shows it under its label but too damaged to be
    read alone (boxes on a scan or a photo: edges read as 1 or |, O for 0). The registry confirms the
    reading, the key could not: the NIR is given only if its 13 characters are there, in order (`unread` of
    them as letters OCR made of digits)."""
    rec = next((a for a in registry.agents_of(code) if a.matricule == matricule), None)
    if rec is None or not rec.nir:
        return None
    for a in read.attachments:
        if not a.document.pages:
            continue
        # The text of the first reading, then (`reread`) the lines of the OCR'd pages' words, where boxed
        # digits were re-read without their boxes: for the agent the words name, never to choose one.
        reread_lines = [word_lines_text(p) for p in a.document.pages if p.ocr] if reread else []
        for text in (a.document.text, *reread_lines):
            # Read with its key anywhere on the piece (its label misread: « [ss 2850130249629 34 »), or spotted.
            keyed = next((n for n in find_nirs(text) if n.key is not None and n.value == rec.nir), None)
            if keyed is not None:
                return Fact(rec.nir, a.filename or "pièce jointe", keyed.text, keyed.confidence)
            if words := confirmed_in(text, rec.nir, unread=unread):
                return Fact(rec.nir, a.filename or "pièce jointe", words + " (lu avec le NIR du registre)", 0.85)
            if reread and (words := misread_once_in(text, rec.nir)):
                return Fact(rec.nir, a.filename or "pièce jointe", words + " (un caractère mal lu, NIR du registre)", 0.85)
    return None


def _survenance(cat: str | None, nature: str, dates: list, forms: list[tuple[str, FormFacts]],
                start: Fact | None) -> Fact | None:
    def first(roles: tuple[str, ...]) -> Fact | None:
        for s, d in dates:
            if d.role in roles:
                return Fact(d.value, _where(s, d.start), d.text, d.confidence)
        return None

    occurrence = _occurrence(cat)
    if occurrence in (Occurrence.ACCIDENT, Occurrence.PREMIERE_CONSTATATION):
        roles = (Role.FIRST_FINDING, Role.ACCIDENT) if occurrence == Occurrence.PREMIERE_CONSTATATION \
            else (Role.ACCIDENT,)
        got = first(roles)
        if got is None:
            for fname, f in forms:
                if f.accident_date:
                    return Fact(f.accident_date, f"formulaire {f.form}, page {f.page}",
                                f.evidence.get("date de l'accident", ""), f.confidence, _place(fname, f, "accident_date"))
        if got is None and nature == N.INITIAL:
            return start
        return got
    if occurrence == Occurrence.DECES:
        return first((Role.DEATH,)) or first((Role.UNKNOWN, Role.STOP))
    if nature == N.PROLONGATION:
        got = first((Role.INITIAL_STOP,))
        for fname, f in forms if got is None else ():
            if f.initial_start:  # the form's "arrêt initial prescrit à compter du"
                got = Fact(f.initial_start, f"formulaire {f.form}, page {f.page}", f.evidence.get("arrêt initial", ""),
                           f.confidence, _place(fname, f, "initial_start"))
                break
        if got is None and start is not None:
            # "accordé à compter du 24/05, prolongé du 04/08 au …": the earlier stop date is the initial one.
            earlier = [(s, d) for s, d in dates if d.role in (Role.STOP, Role.STOP_START)
                       and d.value < start.value]
            if earlier:
                s, d = min(earlier, key=lambda sd: sd[1].value)
                got = Fact(d.value, _where(s, d.start), d.text, min(d.confidence, 0.7))
        return got
    return start
