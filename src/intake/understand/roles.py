"""The role of each person a message names, from where the name stands and the words around it.

Only the subjects of the message make claims. The sender signs (a name on the line of a job title, after
« je soussigné »); a doctor prescribes; the reader is greeted (« Bonjour Mme X, »); a replacement stands
beside the agent. Those make no claim. Where a subject is named ranks its evidence (Rank): the new text and
the attached forms first, then a forward, then a reused reply subject, then a bare name closing the text,
then the quoted history; a person of a lower rank counts only when nothing of higher rank names anyone.
Labels and organisations never become people (names.looks_like_name).
"""

from __future__ import annotations

import re
from enum import IntEnum, StrEnum

from intake.mail import patterns as P
from intake.understand.names import PersonFound, with_source
from intake.understand.text import fold


class MentionRole(StrEnum):
    SUBJECT = "sujet"  # the person the new text (or the attached form) is about
    SIGNATORY = "signataire"  # the sender signing, or the From display name
    PRESCRIBER = "prescripteur"  # the doctor
    HISTORY = "historique"  # someone of an older exchange carried in the message (a forward below new text)
    THREAD = "objet repris"  # someone of a reply's or forward's subject line, reused from an older mail
    LABEL = "libellé"  # form words read in the shape of a name
    ADDRESSEE = "destinataire"  # « Bonjour Mme X, », « À l'attention de Mme X »: the reader of the mail
    OTHER = "tiers"  # someone beside the claim: a replacement, a person in copy


class Rank(IntEnum):
    """How much a person's evidence weighs: the lower, the stronger; the strongest present wins."""

    NEW_TEXT = 0  # the new text, a fresh subject line, an attached form
    FORWARDED = 1  # a forwarded message's text
    THREAD = 2  # a reused subject line
    SIGNATURE = 3  # a bare name closing the new text: the sender's, unless nobody else is named
    HISTORY = 4  # the quoted history of a reply


SIGNATURE_SOURCE = "signature"
PIECE_SOURCE = "pièce"  # an attached certificate read as the message's words: « pièce <file name> »


# Words of a job title, a service or an employer: the rest of a signature line beside the signer's name.
_TITLE_WORDS = re.compile(
    r"\b(?:gestionnaire|secretaire|secretariat|rh|drh|dgs|ressources humaines|service|pole|direction|directeur|directrice"
    r"|responsable|adjointe?|assistante?|charge(?:e)?|chef|cheffe|maire|mairie|ccas|cias|ehpad|communaute|commune"
    r"|agent administratif|administrative?|comptabilite|paie|personnel|accueil|president(?:e)?|elu(?:e)?"
    r"|tel|telephone|fax|poste|standard|courriel|mail|carrieres?|delegu\w*|par delegation|p/o|pour (?:le|la) maire)\b"
)
_STOP_WORDS = re.compile(r"\b(?:arret|conge|accident|maladie|absente?|prolongation|rechute|deces|du \d|au \d|depuis)\b")
# « Je soussigné Jérôme LAMBERT, secrétaire… », « Signé : X », « Dr X », « Docteur X »: not the agent. Nor the one
# who passed the declaration on to a relay: « la déclaration transmise par Mme X », « un message reçu de X ».
_SIGNS_BEFORE = re.compile(r"(?:soussigne(?:e|\(e\))?|signe(?:e)?\s*:|signataire\s*:?|redige par|de la part de"
                           r"|(?:message|mail|courriel|e-mail) de"
                           r"|(?:transmise?s?|envoyee?s?|adressee?s?|relayee?s?|fait suivre|redirigee?s?) par|recue?s? de)\s*$")
_PRESCRIBES_BEFORE = re.compile(r"(?:\bdr\.?|docteur|medecin(?: traitant)?|prescripteur)\s*:?\s*$")
# « Bonjour Madame X, », « À l'attention de Mme X », « Mme X (en copie) »: whom the mail is written to.
_ADDRESSED_BEFORE = re.compile(r"(?:\A|\n)[ \t]*(?:bonjour|bonsoir|cher|chere|hello)[ \t,]*\Z"
                               r"|(?:a l'attention de|a l'intention de|attn?\s*:|en copie\s*:?|cc\s*:)\s*$")
# « remplacée par Mme Y », « l'intérim est assuré par M. Y »: someone else than the agent off work.
_BESIDE_BEFORE = re.compile(r"(?:remplacee? par|remplacante?|remplacera|interim (?:est )?(?:assure )?par|en lien avec)\s*:?\s*$")
_CIVILITY_END = re.compile(r"\b(?:m|mr|mme|mlle|madame|monsieur|mademoiselle)\.?[ \t]*\Z")
_SEPARATORS = " \t,;|/–—-•·:()"
_FIRST_NAMES_ONLY = re.compile(r"(?:[A-ZÀ-Ý][\w’'-]*\.?(?:[ \t]+[A-ZÀ-Ý][\w’'-]*\.?)?)?")


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return a, len(text) if b < 0 else b


def _title_only(s: str) -> bool:
    """Whether `s` holds nothing but a job title, a service, an employer or a phone number."""
    f = fold(s).strip(_SEPARATORS)
    if not f:
        return False
    rest = _TITLE_WORDS.sub(" ", f)
    rest = re.sub(r"[\d .+()]{6,}|\S+@\S+|\b(?:de|du|des|la|le|l'|d'|et|a|en|charge)\b", " ", rest)
    # What is left after the title words: a place name or an employer's name, few words, no sentence.
    return bool(_TITLE_WORDS.search(f)) and len(rest.split()) <= 4 and not _STOP_WORDS.search(f)


_CONTACT = re.compile(r"(?:\+33|\b0)[1-9](?:[ .-]?\d\d){4}|@|www\.|https?://|\b\d{5}\b"
                      r"|\b(?:rue|avenue|place|chemin|route|bd|boulevard|impasse|allee|bp|cedex|hotel de ville|cours|quai|square"
                      r"|faubourg|lieu-dit|hameau|lotissement|residence|rond-point|montee|traverse)\b")


def tail_line(s: str) -> bool:
    """A line of a signature block: a job title, a service, an address, a phone, a mail address."""
    f = fold(s).strip(_SEPARATORS)
    return bool(f) and not _STOP_WORDS.search(f) and not re.search(r"\d{1,2}/\d{1,2}", f) and \
        (_title_only(s) or bool(_CONTACT.search(f)))


def _signs(p: PersonFound, text: str) -> bool:
    """A name on a signature line: no civilité, nothing before it but a first name or an initial, beside it
    (same line, the line below or the line above) a job title, and after it only the signature block: a
    name followed by its job title and then the stop (« DUPONT Paul / Adjoint technique / arrêt du … ») is
    the agent's."""
    if p.mention.civility or p.shape.startswith("civ_"):
        return False
    a, b = _line_bounds(text, p.start, p.end)
    before, after = text[a:p.start], text[p.end:b]
    if before.rstrip().endswith(":") or not _FIRST_NAMES_ONLY.fullmatch(before.strip(_SEPARATORS)):
        return False  # a label (« Agent : ») or a sentence before the name: not a signature
    titled = _title_only(after)
    if not titled and fold(after).strip(_SEPARATORS):
        return False
    below = [ln for ln in text[b:].splitlines() if ln.strip()]
    if not all(tail_line(ln) for ln in below):
        return False  # the text goes on after the name: it is about them
    above = [ln for ln in text[:a].splitlines() if ln.strip()]
    # « Chloé Ducreux, Gestionnaire RH », « J. Moreau / Service du personnel », « La DGS, / Sophie BLANC ».
    return titled or (bool(below) and _title_only(below[0])) or (bool(above) and _title_only(above[-1]))


def _greeting_line(p: PersonFound, text: str) -> bool:
    """« Madame LEROY, » alone on the first line of the text: the salutation to the reader."""
    a, b = _line_bounds(text, p.start, p.end)
    return not text[:a].strip() and bool(re.fullmatch(r"[ \t]*,?[ \t]*", text[p.end:b])) and \
        text[p.end:b].strip() == "," and not text[a:p.start].strip()


def role_in_text(p: PersonFound, text: str) -> MentionRole:
    """The role of one mention from its own line and the words before it."""
    # The words before the name, without a civilité the name's shape left out (« remplacée par Mme X »).
    before = _CIVILITY_END.sub("", fold(text[max(0, p.start - 40) : p.start]))
    if _PRESCRIBES_BEFORE.search(before):
        return MentionRole.PRESCRIBER
    # The reader greeted is never given a matricule or a birth date (« bonjour Grégory NGUYEN (matricule …) prend
    # son congé »: a greeting word, then the agent).
    identified = p.mention.matricule or p.mention.birth_date
    if (_ADDRESSED_BEFORE.search(before) or _greeting_line(p, text)) and not identified:
        return MentionRole.ADDRESSEE
    # Nor the first name a registry look-up left out of the surname it spotted (« remplacée par Mme Inès BLANC »;
    # not for a greeting: « Bonjour, Inès blanc est en arrêt » speaks of her).
    first = fold(p.mention.first_name or "")
    if first and before.rstrip().endswith(" " + first):
        before = _CIVILITY_END.sub("", fold(text[max(0, p.start - 40 - len(first) - 1) : p.start]).rstrip()[: -len(first)])
    if _BESIDE_BEFORE.search(before):
        return MentionRole.OTHER
    if _SIGNS_BEFORE.search(before) or _signs(p, text):
        return MentionRole.SIGNATORY
    return MentionRole.SUBJECT


def subject_is_reused(subject: str, read: object) -> bool:
    """A reply's or forward's subject line was written for an older mail: it may name its agent, not this one's."""
    return bool(P.REPLY_SUBJECT.match(subject or "") or P.FORWARD_SUBJECT.match(subject or "")
                or getattr(read, "in_reply_to", None))


def rank_of_source(source: str, *, reused_subject: bool) -> Rank:
    if source == "objet":
        return Rank.THREAD if reused_subject else Rank.NEW_TEXT
    if source.startswith("transfert"):
        return Rank.FORWARDED
    if source == SIGNATURE_SOURCE:
        return Rank.SIGNATURE
    if source == HISTORY_SOURCE:
        return Rank.HISTORY
    return Rank.NEW_TEXT


def _closes_the_text(p: PersonFound, text: str) -> bool:
    """A bare name (no civilité) alone on the last line of the text, after something else was said: the way
    a sender signs, and also the way an agent signs a mail about their own stop."""
    if p.mention.civility or p.shape.startswith("civ_"):
        return False
    a, b = _line_bounds(text, p.start, p.end)
    if not _FIRST_NAMES_ONLY.fullmatch(text[a:p.start].strip(_SEPARATORS)) or fold(text[p.end:b]).strip(_SEPARATORS):
        return False
    below = [ln for ln in text[b:].splitlines() if ln.strip()]
    return bool(text[:a].strip()) and all(_title_only(ln) for ln in below)


def subjects_in(source: str, text: str, people: list[PersonFound], *, writer_is_subject: bool = False) -> list[PersonFound]:
    """The mentions of one source that may make a claim: the others sign, prescribe or label. A bare name
    closing the new text is read as from the source "signature": it names the claim's person only when
    nothing else does (see keep_strongest).

    A forwarded message is read like the new text: the secrétaire de mairie whose mail a centre de gestion
    or a colleague passes on signs it, greets its reader, names a replacement. `writer_is_subject`: the
    forwarded mail speaks of its writer's own stop (an agent's mail passed on by their employer), so its
    signer is the agent."""
    if source != "corps" and not source.startswith("transfert"):
        return [p for p in people if role_in_text(p, text) != MentionRole.PRESCRIBER]
    out = []
    for p in people:
        role = role_in_text(p, text)
        if role == MentionRole.SIGNATORY and writer_is_subject:
            out.append(p)
        elif role == MentionRole.SUBJECT:
            out.append(with_source(p, SIGNATURE_SOURCE) if _closes_the_text(p, text) and not writer_is_subject else p)
    return out


def _rank(p: dict, reused_subject: bool, forward_is_content: bool = False) -> Rank:
    ranks = [rank_of_source(q.mention.source, reused_subject=reused_subject) for q in p["found"]]
    if forward_is_content:
        ranks = [Rank.NEW_TEXT if r == Rank.FORWARDED else r for r in ranks]
    if p["forms"] or p["nirs"]:
        ranks.append(Rank.NEW_TEXT)
    return min(ranks, default=Rank.NEW_TEXT)


def keep_strongest(persons: list[dict], *, reused_subject: bool, new_text_dated: bool = True,
                   forward_is_content: bool = False) -> list[dict]:
    """The persons named by the strongest evidence present: a name only of a reused subject line or of a
    forwarded older exchange counts only when the new text and the attached forms name nobody. A forward is
    content too: its people yield only to a new text (or form) that dates a stop itself; « voir ci-dessous
    la demande de Mme X » may name the intermediary, not the agent.

    `forward_is_content`: the new text names nobody and dates nothing (« ci-dessous un mail de la mairie qui
    vous était destiné »): the forwarded message is what we are asked to read. Its people then weigh as the
    new text's, beside the forms that came with it (the forwarder passes the pieces on)."""
    if len(persons) < 2:
        return persons
    best = min(_rank(p, reused_subject, forward_is_content) for p in persons)
    if best == Rank.NEW_TEXT and not new_text_dated:
        best = Rank.FORWARDED
    return [p for p in persons if _rank(p, reused_subject, forward_is_content) <= best]


_PIECE_CHARS = 6000  # a piece names its person on its first page


def pieces_outweigh_thread(persons: list[dict], attachments: list, pool: list, *, reused_subject: bool) -> list[dict]:
    """Persons only of a reused subject line or of quoted history yield to the one registered agent the attached
    pieces name (by last and first name), when that is someone else: the thread is older than the pieces."""
    from intake.understand.names import group_people, same_person, spot_agents

    if not persons or any(_rank(p, reused_subject) < Rank.THREAD for p in persons):
        return persons
    named = [q for a in attachments if a.document.pages and a.filename
             for q in spot_agents(a.document.text[:_PIECE_CHARS], pool, source=a.filename) if q.mention.first_name]
    groups = group_people(named)
    if len(groups) != 1 or any(same_person(groups[0][0].mention, q.mention) for p in persons for q in p["found"]):
        return persons
    return [{"found": groups[0], "forms": [], "nirs": []}]


HISTORY_SOURCE = "historique"
# Lines of a quoted header block or attribution: they name who wrote the older mail, not whom it was about.
_HISTORY_HEADER = re.compile(r"^\s*(?:de|from|a|à|to|cc|envoye|envoyé|sent|date)\s*:|a ecrit\s*:?\s*$|wrote\s*:?\s*$", re.I)


def history_people(quoted: str, pool: list, is_sender) -> list[PersonFound]:
    """The one person an older exchange quoted below a reply is about, when the reply names nobody itself:
    the thread's agent. Several people in the history name none (the handler chooses)."""
    groups = history_groups(quoted, pool, is_sender)
    return groups[0] if len(groups) == 1 else []


def history_groups(quoted: str, pool: list, is_sender) -> list[list[PersonFound]]:
    """Every person an older exchange quoted below a reply is about, each as the group of their mentions."""
    from intake.understand.names import find_people, group_people, split_capitals, spot_agents

    lines = [re.sub(r"^(?:\s?>)+\s?", "", ln) for ln in quoted.splitlines()]
    text = "\n".join("" if _HISTORY_HEADER.search(fold(ln)) else ln for ln in lines)
    shaped = [split_capitals(p, pool) for p in find_people(text, source=HISTORY_SOURCE)]
    spotted = [q for q in spot_agents(text, pool, source=HISTORY_SOURCE)
               if not any(p.start <= q.start and q.end <= p.end for p in shaped)]
    people = [p for p in shaped + spotted if not is_sender(p) and role_in_text(p, text) == MentionRole.SUBJECT]
    return group_people(people)
