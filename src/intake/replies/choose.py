"""Choosing the replies to a message: which kind, to whom, about which claim, with what to say (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from intake.domain import DraftOutcome, Intent, NoReply, ReplyKind
from intake.mail.automatic import unread_mailbox
from intake.mail.compose import ReplyPlan
from intake.rules import RuleSet, base_ceilings, category_label, document_label, nature_label
from intake.understand.categories import categorise
from intake.understand.text import fold

ALL_KINDS = tuple(ReplyKind)


@dataclass(frozen=True)
class ClaimSummary:
    """What the drafting stage knows of one claim the message touched."""

    reference: str | None
    agent_identified: bool
    agent_name: str | None = None  # registry name when identified, else the name as the mail wrote it
    category: str | None = None
    nature: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    missing: tuple[str, ...] = ()  # kind codes
    pieces_due: date | None = None
    received: tuple[str, ...] = ()  # kind codes this message brought
    declaration_due: date | None = None
    hors_delai: bool = False
    non_couvert: bool = False
    prescrit: bool = False
    complete: bool = False
    newly_complete: bool = False  # this message brought the last mandatory piece
    new_stop: bool = True  # this message opened the claim or added a period (else it only brought pieces)
    cover_start: date | None = None  # a late period is covered from the day we received it
    medical_costs_only: bool = False  # formula 9: frais médicaux, not the salaries
    no_contract: bool = False  # no contract in force on the first day
    event_date: date | None = None
    # (kind, due, already past) still awaited for the claim's other periods
    other_missing: tuple[tuple[str, date | None, bool], ...] = ()
    reprise: date | None = None
    previous_category: str | None = None  # before this message requalified the claim
    franchise_days: int = 0  # days of each maladie ordinaire stop the contract does not reimburse


@dataclass(frozen=True)
class ReplyFacts:
    intent: str
    automatic: bool
    sender: str  # the address to answer (Reply-To if any, else From)
    sender_known: bool  # the collectivité was found from the sender
    sender_unverified: bool = False  # our MTA's authentication checks failed for the From address
    collectivite_name: str | None = None
    claims: tuple[ClaimSummary, ...] = ()
    question: str = ""  # the new text of the message, for questions
    unreadable: tuple[str, ...] = ()  # attached files nothing could be read of: asked for again
    nothing_attached: bool = False  # the text announces an attachment (« ci-joint », « voir PJ ») and none came
    unmatched: tuple[dict[str, Any], ...] = ()  # pieces for claims we do not have: {agent, received kinds}
    # The collectivité's contracts in force: (regime, declaration days, pieces days), for the délais answer.
    contract_delays: tuple[tuple[str, int, int], ...] = ()
    recorded: str | None = None  # "reprise" or "requalification": what the message changed on a claim on file


_ADDRESS = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+|[^@\s<>]+@localhost")


def silence_reason(facts: ReplyFacts, *, mailbox: str | None = None) -> NoReply | None:
    """Why nothing may be sent in answer to this message (a code, labelled in domain.NO_REPLY_LABELS), or
    None when a reply may go."""
    sender = facts.sender.strip().lower()
    if facts.automatic or facts.intent == Intent.AUTO_REPLY:
        return NoReply.AUTOMATIC
    if not sender or not _ADDRESS.fullmatch(sender):
        return NoReply.INVALID_SENDER
    local, _, domain = sender.rpartition("@")
    if unread_mailbox(sender):  # a copier's noreply-scan@ with a scan attached: nobody reads an answer
        return NoReply.NO_REPLY_ADDRESS
    if mailbox:
        m_local, _, m_domain = mailbox.strip().lower().rpartition("@")
        if domain == m_domain and local.partition("+")[0] == m_local.partition("+")[0]:
            return NoReply.OWN_MAILBOX
    if facts.intent not in (Intent.DECLARATION, Intent.DOCUMENTS, Intent.QUESTION) and not facts.recorded and not (
            facts.sender_known and facts.nothing_attached):  # « voir PJ » with nothing attached is told so
        return NoReply.NOT_OUR_BUSINESS  # thanks, chit-chat, spam: handlers see it, an answer only adds noise
    return None


def choose_replies(facts: ReplyFacts, rules: RuleSet, *, mailbox: str | None = None) -> list[ReplyPlan]:
    """The replies this message calls for, in order; none for automatic mail or no-reply senders."""
    if silence_reason(facts, mailbox=mailbox) is not None:
        return []
    to = facts.sender.strip()
    if not facts.sender_known:
        # Nothing of the message is repeated: we do not know who is reading. A registered address whose
        # authentication failed is told so (often a collectivité's own mail set-up, not a forger).
        kind = ReplyKind.EXPEDITEUR_NON_AUTHENTIFIE if facts.sender_unverified else ReplyKind.EXPEDITEUR_INCONNU
        return [ReplyPlan(kind, to, None, {})]
    base = {"collectivite": with_article(facts.collectivite_name), "unreadable": list(facts.unreadable),
            "nothing_attached": facts.nothing_attached}
    if facts.recorded:
        kind = ReplyKind.REPRISE_ENREGISTREE if facts.recorded == DraftOutcome.REPRISE else ReplyKind.REQUALIFICATION
        return [ReplyPlan(kind, to, claim.reference, {**base, "claim": claim_context(claim, rules)})
                for claim in facts.claims if claim.reference]
    if facts.intent in (Intent.DECLARATION, Intent.DOCUMENTS):
        plans = [
            ReplyPlan(_claim_kind(facts.intent, claim), to, claim.reference,
                      {**base, "claim": claim_context(claim, rules)})
            for claim in facts.claims if claim.reference
        ]
        if len(plans) > 1:
            # One mail, one reply: several replies to one mail (one asking for a piece, another saying the
            # file is complete) contradict each other in the sender's inbox.
            claims = [{**plan.context["claim"], "outcome": CLAIM_OUTCOMES[plan.kind]} for plan in plans]
            return [ReplyPlan(ReplyKind.PLUSIEURS_DOSSIERS, to, None, {**base, "claims": claims})]
        if not plans and facts.unmatched:
            unmatched = [{"agent": item.get("agent"), "received": [_label(rules, k) for k in item.get("received", ())]}
                         for item in facts.unmatched]
            return [ReplyPlan(ReplyKind.DOSSIER_INCONNU, to, None, {**base, "unmatched": unmatched})]
        return plans or [ReplyPlan(ReplyKind.TRANSMIS_GESTIONNAIRE, to, None, base)]
    answers = answer_question(facts.question, rules, contract_delays=facts.contract_delays)
    if answers:
        return [ReplyPlan(ReplyKind.REPONSE_QUESTION, to, None, {**base, "answers": answers})]
    return [ReplyPlan(ReplyKind.TRANSMIS_GESTIONNAIRE, to, None, base)]


# What each single-claim reply says, in a line of the reply covering several claims.
CLAIM_OUTCOMES: dict[str, str] = {
    ReplyKind.ACCUSE_RECEPTION: "déclaration enregistrée",
    ReplyKind.PIECES_RECUES: "pièces reçues",
    ReplyKind.DOSSIER_COMPLET: "pièces reçues, le dossier est complet",
    ReplyKind.AGENT_NON_IDENTIFIE: "agent à identifier : merci de nous indiquer ses nom, prénom et numéro de sécurité "
                                   "sociale ou date de naissance",
    ReplyKind.NON_COUVERT: "absence non couverte par le contrat ; un gestionnaire vérifie le dossier",
    ReplyKind.HORS_DELAI: "déclaration reçue après le délai du contrat ; un gestionnaire vérifie le dossier",
    ReplyKind.PRESCRIT: "arrêt de plus de deux ans (prescription) ; un gestionnaire vérifie le dossier",
}


def _claim_kind(intent: str, claim: ClaimSummary) -> str:
    if claim.prescrit:
        return ReplyKind.PRESCRIT
    if not claim.agent_identified:
        return ReplyKind.AGENT_NON_IDENTIFIE
    if claim.non_couvert or claim.medical_costs_only:
        return ReplyKind.NON_COUVERT
    if intent == Intent.DOCUMENTS or (not claim.new_stop and claim.received):
        # Pieces for a claim on file are acknowledged as pieces, named, not as a new declaration.
        return ReplyKind.DOSSIER_COMPLET if claim.newly_complete else ReplyKind.PIECES_RECUES
    if claim.hors_delai:
        return ReplyKind.HORS_DELAI
    return ReplyKind.ACCUSE_RECEPTION


# What the period is called: a TPT is worked part-time and a maternity is a leave, neither an « arrêt ».
PERIOD_WORDS = {"temps_partiel_therapeutique": "temps partiel thérapeutique", "maternite": "congé",
                "paternite": "congé", "adoption": "congé"}


def claim_context(claim: ClaimSummary, rules: RuleSet) -> dict[str, Any]:
    """What the templates may say of a claim, in French labels."""
    return {
        "category_code": claim.category,
        "death": claim.category == "deces",
        "period_word": PERIOD_WORDS.get(claim.category or "", "arrêt"),
        "event_date": claim.event_date,
        "cover_start": claim.cover_start if claim.hors_delai and claim.cover_start != claim.period_start else None,
        "medical_costs_only": claim.medical_costs_only,
        "no_contract": claim.no_contract,
        "reprise": claim.reprise,
        "franchise_days": claim.franchise_days,
        "previous_category": (category_label(rules, claim.previous_category)
                              if claim.previous_category in rules.categories else None),
        "other_missing": [{"label": _label(rules, kind), "due": due, "past": past}
                          for kind, due, past in claim.other_missing],
        "reference": claim.reference,
        "agent_identified": claim.agent_identified,
        # An unidentified agent is only named as the sender wrote it, never as a registry candidate.
        "agent": claim.agent_name,
        "category": category_label(rules, claim.category) if claim.category in rules.categories else None,
        "nature": _nature(rules, claim),
        "start": claim.period_start,
        "end": claim.period_end,
        "missing": [_label(rules, kind) for kind in sorted(set(claim.missing))],
        "received": [_label(rules, kind) for kind in dict.fromkeys(claim.received)],
        "pieces_due": claim.pieces_due,
        "declaration_due": claim.declaration_due,
        "late": claim.hors_delai,
        "not_covered": claim.non_couvert,
        "complete": claim.complete or claim.newly_complete,
    }


def _nature(rules: RuleSet, claim: ClaimSummary) -> str | None:
    if claim.nature not in rules.natures:
        return None
    if claim.nature == "initial" and claim.category in PERIOD_WORDS:
        return "période initiale"  # « arrêt initial » of a TPT or a maternity leave would be wrong
    return nature_label(rules, claim.nature)


# The article a collectivité's name takes after « pour » (« pour la Mairie d'Écully »), by its first word.
_ARTICLES = {
    "la": ("mairie", "commune", "communaute", "metropole", "regie", "caisse", "maison", "residence", "ville",
           "region", "direction", "societe", "federation"),
    "le": ("ccas", "cias", "syndicat", "centre", "sivom", "sivu", "sdis", "departement", "conseil", "groupement",
           "pole", "foyer", "smictom", "sictom", "service", "cdg", "petr", "pays"),
    "l'": ("ehpad", "etablissement", "office", "agglomeration", "association", "institut", "hopital", "epci"),
}


def with_article(name: str | None) -> str | None:
    """« Mairie d'Écully » → « la Mairie d'Écully »; a name we cannot tell is left as it is."""
    if not name:
        return name
    words = fold(name).split()
    first = re.split(r"[^a-z]", words[0])[0] if words else ""
    if first in ("la", "le", "les", "l") or fold(name).startswith("l'"):
        return name
    for article, heads in _ARTICLES.items():
        if first in heads:
            return f"{article}{'' if article.endswith(chr(39)) else ' '}{name}"
    return name


def _label(rules: RuleSet, kind: str) -> str:
    return document_label(rules, kind) if kind in rules.documents else kind


# ---- frequent questions, answered from the rules --------------------------------------------------

# Topics by the words of the question (folded: lower case, no accents), in the order answered.
QUESTION_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("delais", re.compile(r"\bdelais?\b|combien de (?:temps|jours)|date limite|jusqu'a quand|\bforclo|\bprescri"
                          r"|\brelances?\b|dans quel(?:s)? (?:temps|delai)")),
    ("pieces", re.compile(r"\bpieces?\b|\bjustificatifs?\b|\bdocuments?\b|quels? papiers|(?:quoi|que) (?:faut-il )?"
                          r"(?:envoyer|fournir|transmettre|joindre)|\bdossier complet\b")),
    ("plafonds", re.compile(r"\bplafonds?\b|regime indemnitaire|\bri\b|charges patronales|\bcp\b|base de l'assurance"
                            r"|\bassiette\b|pourcentage")),
)

_NUMBER = re.compile(r"(\d{1,3}(?:[ .\u202f\u00a0]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)\s*(k\s*€|k\b|€|euros?|eur\b)?")
# Words naming each element of the base; an amount belongs to the element named just before it, with no
# other element named in between (« le plafond de RI pour un TBI de 312 000 € » gives the TBI, not the RI).
_ELEMENT_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("tbi", re.compile(r"\btbi\b|traitement (?:brut )?indiciaire|traitement de base")),
    ("regime_indemnitaire", re.compile(r"regime indemnitaire|\bri\b|\bprimes\b")),
    ("charges_patronales", re.compile(r"charges patronales|\bcp\b")),
)
_GAP = 30  # at most this many characters, none a digit, between an element's name and its amount


def question_topics(text: str) -> list[str]:
    folded = fold(text)
    return [topic for topic, pattern in QUESTION_TOPICS if pattern.search(folded)]


def answer_question(text: str, rules: RuleSet, *,
                    contract_delays: tuple[tuple[str, int, int], ...] = ()) -> list[dict[str, Any]]:
    """One answer per topic the question is about, each {topic: ..., data}; empty: for a handler."""
    answers = []
    for topic in question_topics(text):
        if topic == "delais":
            answers.append({"topic": topic, **_delays(rules, contract_delays)})
        elif topic == "pieces":
            answers.append({"topic": topic, **_pieces(text, rules)})
        elif topic == "plafonds":
            answers.append({"topic": topic, **_ceilings(text, rules)})
    return answers


def _delays(rules: RuleSet, contracts: tuple[tuple[str, int, int], ...] = ()) -> dict[str, Any]:
    """The delays of the collectivité's contract when it has one (120 days when its contract says 120);
    one line per regime when its contracts differ; the rules' defaults for a collectivité without one."""
    d = rules.deadlines
    distinct = sorted({(decl, docs) for _regime, decl, docs in contracts})
    declaration, documents = distinct[0] if len(distinct) == 1 else (d.declaration_days, d.documents_days)
    per_regime = [{"regime": regime, "declaration_days": decl, "documents_days": docs}
                  for regime, decl, docs in sorted(set(contracts))] if len(distinct) > 1 else []
    return {"declaration_days": declaration, "documents_days": documents, "from_contract": bool(distinct),
            "per_regime": per_regime,
            "prescription_years": d.prescription_years, "reminder_days": [step.days for step in d.reminders]}


def _pieces(text: str, rules: RuleSet) -> dict[str, Any]:
    guess = categorise(text, words=rules.wording)
    categories = [guess.category] if guess.category in rules.pieces else list(rules.pieces)
    table = []
    for category in categories:
        natures = [
            {"nature": nature_label(rules, nature),
             "pieces": [" ou ".join(_label(rules, kind) for kind in alternatives) for alternatives in required]}
            for nature, required in rules.pieces[category].items() if required
        ]
        table.append({"category": category_label(rules, category), "natures": natures})
    return {"one_category": len(categories) == 1, "categories": table}


def _ceilings(text: str, rules: RuleSet) -> dict[str, Any]:
    elements = [
        {"label": el.label, "min": el.min_percent or 1, "max": el.max_percent}
        for el in rules.base.elements.values() if el.percent_of_tbi
    ]
    amounts = _amounts(text)
    computed = None
    if amounts.get("tbi") and len(amounts) > 1:
        decision = base_ceilings(rules, tbi=amounts.pop("tbi"), **amounts)
        if decision.allowed:
            computed = {"reasons": list(decision.reasons)}
    return {"elements": elements, "computed": computed, "example": _example(rules)}


def _amounts(text: str) -> dict[str, Decimal]:
    folded = fold(text)
    named = sorted((m.start(), m.end(), code) for code, rx in _ELEMENT_WORDS for m in rx.finditer(folded))
    found: dict[str, Decimal] = {}
    for i, (_start, end, code) in enumerate(named):
        if code in found:
            continue
        stop = named[i + 1][0] if i + 1 < len(named) else len(folded)
        match = _NUMBER.search(folded, end, stop)
        if not match or match.start() - end > _GAP or re.search(r"\d", folded[end:match.start()]):
            continue
        raw = re.sub(r"[ .\u202f\u00a0](?=\d{3}\b)", "", match[1]).replace(",", ".")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            continue
        if match[2] and match[2].startswith("k"):
            value *= 1000
        if value > 0:
            found[code] = value
    return found


def _example(rules: RuleSet) -> dict[str, Any] | None:
    """domain.md's worked example, computed by the rules so the figures follow them."""
    amounts = {"tbi": 90000, "regime_indemnitaire": 7200, "charges_patronales": 30000}
    decision = base_ceilings(rules, **amounts)
    return {"amounts": amounts, "reasons": list(decision.reasons)} if decision.allowed else None
