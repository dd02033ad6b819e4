"""A handler repairs what the pipeline got wrong: attach a message to a claim, move a piece, merge two
claims, split one in two, add or remove a period. Predicates (may this be done?) apart from effects; every change audited with
the handler as actor and the claim's pieces recomputed by the rules; refusals raise ActionRefused (French)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from intake.claims import periods, service
from intake.claims.drafting import _attachments
from intake.claims.service import ActionRefused, StoredFile, audit, refresh, snapshot
from intake.domain import Category, ClaimStatus, Nature, RepairAction
from intake.mail.read import read_message
from intake.rules import RuleSet, transition
from intake.store.audit import AuditEntry
from intake.store.blobs import BlobStore
from intake.store.claims import Claim, ClaimMessage, ClaimPeriod, Document
from intake.store.messages import Message
from intake.store.models import Agent, Collectivite
from intake.store.pending import PendingChange

# What the history shows for each code (French, for the desk's labels).
REPAIR_LABELS = {
    RepairAction.RATTACHER_MESSAGE: "message rattaché", RepairAction.DEPLACER_PIECE: "pièce déplacée",
    RepairAction.RECEVOIR_PIECE: "pièce reçue d'un autre sinistre", RepairAction.FUSIONNER: "fusion",
    RepairAction.FUSIONNE_DANS: "fusionné dans un autre sinistre", RepairAction.AJOUTER_PERIODE: "période ajoutée",
    RepairAction.RETIRER_PERIODE: "période retirée", RepairAction.SCINDER: "scission",
    RepairAction.NE_DE_SCISSION: "créé par scission d'un autre sinistre",
}


LIVE = (ClaimStatus.BROUILLON, ClaimStatus.OUVERT)  # claims that may still be duplicates of one another
MESSAGE_ROLE = "documents"


# --- predicates -----------------------------------------------------------------------------------

def refusal_to_change(claim: Claim) -> str | None:
    if claim.status == ClaimStatus.REJETE:
        return f"Le sinistre {claim.reference} est rejeté : il ne se modifie plus."
    return None


def message_collectivite(session: Session, message: Message) -> int | None:
    """The collectivité a message came from: the claims it already speaks of, else what the analysis found."""
    linked = session.scalars(select(Claim.collectivite_id).join(ClaimMessage, ClaimMessage.claim_id == Claim.id)
                             .where(ClaimMessage.message_id == message.id)).all()
    if linked:
        return linked[0]
    code = (message.analysis or {}).get("collectivite")
    return session.scalar(select(Collectivite.id).where(Collectivite.code == code)) if code else None


def refusal_to_attach(session: Session, message: Message, claim: Claim) -> str | None:
    if (why := refusal_to_change(claim)) is not None:
        return why
    if message_collectivite(session, message) != claim.collectivite_id:
        # Health data under another employer's file: never, whoever the handler is.
        return "Ce message ne vient pas de la collectivité du sinistre : il ne peut pas y être rattaché."
    return None


def refusal_to_move(document: Document, source: Claim, target: Claim) -> str | None:
    if source.id == target.id:
        return "La pièce est déjà sur ce sinistre."
    if source.collectivite_id != target.collectivite_id:
        return "Une pièce ne passe pas d'une collectivité à une autre."
    for claim in (source, target):
        if (why := refusal_to_change(claim)) is not None:
            return why
    if any(d.sha256 == document.sha256 for d in target.documents):
        return f"Le sinistre {target.reference} a déjà cette pièce."
    return None


def refusal_to_merge(source: Claim, target: Claim, rules: RuleSet) -> str | None:
    if source.id == target.id:
        return "Un sinistre ne se fusionne pas avec lui-même."
    if source.collectivite_id != target.collectivite_id:
        return "Deux sinistres de collectivités différentes ne se fusionnent pas."
    if source.agent_id is None or source.agent_id != target.agent_id:
        return "Seuls deux sinistres du même agent se fusionnent : corrigez d'abord l'agent."
    for claim in (source, target):
        if (why := refusal_to_change(claim)) is not None:
            return why
    ending = transition(rules, claim_facts=service.facts_of(source), action="rejeter",
                        reason=f"fusionné dans {target.reference}")
    if not ending.allowed:
        return f"{source.reference} ne peut pas être clos par fusion : {' '.join(ending.reasons)}"
    return None


def refusal_to_split(claim: Claim, documents: list[Document], chosen_periods: list[ClaimPeriod],
                     agent: Agent | None) -> str | None:
    if (why := refusal_to_change(claim)) is not None:
        return why
    if not documents and not chosen_periods:
        return "Choisissez les pièces ou les périodes qui forment l'autre sinistre."
    if len(documents) == len(claim.documents) and len(chosen_periods) == len(claim.periods):
        return "Tout partirait dans le nouveau sinistre : corrigez plutôt celui-ci."
    if claim.periods and len(chosen_periods) == len(claim.periods) and claim.category != Category.DECES:
        return "Il faut laisser au moins une période à ce sinistre."
    if agent is not None and agent.collectivite_id != claim.collectivite_id:
        # Health data under another employer's file: never.
        return "Cet agent n'est pas de la collectivité du sinistre."
    return None


def overlaps(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    return a_start <= (b_end or date.max) and b_start <= (a_end or date.max)


def refusal_of_period(claim: Claim, *, start: date, end: date | None, nature: str) -> str | None:
    if (why := refusal_to_change(claim)) is not None:
        return why
    if nature not in {n.value for n in Nature}:
        return f"Nature inconnue : « {nature} »."
    if end is not None and end < start:
        return f"La fin de l'arrêt ({end:%d/%m/%Y}) précède son début ({start:%d/%m/%Y})."
    for p in claim.periods:
        if overlaps(start, end, p.start, p.end):
            return f"Cette période chevauche celle du {p.start:%d/%m/%Y} : corrigez celle-ci plutôt."
    return None


def _claim_span(claim: Claim) -> tuple[date, date | None] | None:
    if claim.periods:
        ends = [p.end for p in claim.periods]
        return min(p.start for p in claim.periods), (None if None in ends else max(ends))
    return (claim.event_date, claim.event_date) if claim.event_date else None


def duplicates_among(claims: Iterable[Claim]) -> dict[int, list[str]]:
    """Claim id → references of the other live claims of the same agent whose periods overlap (one pass,
    on claims loaded with their periods: no query per claim)."""
    by_agent: dict[int, list[Claim]] = {}
    for c in claims:
        if c.agent_id is not None and c.status in LIVE and _claim_span(c) is not None:
            by_agent.setdefault(c.agent_id, []).append(c)
    out: dict[int, list[str]] = {}
    for group in by_agent.values():
        for a in group:
            for b in group:
                if a.id != b.id and overlaps(*_claim_span(a), *_claim_span(b)):
                    out.setdefault(a.id, []).append(b.reference)
    return out


def duplicates_of(session: Session, claims: list[Claim]) -> dict[int, list[str]]:
    """Duplicate warnings for these claims (a page of the queue, or one claim): two queries in all."""
    agents = {c.agent_id for c in claims if c.agent_id is not None and c.status in LIVE}
    if not agents:
        return {}
    peers = list(session.scalars(select(Claim).where(Claim.agent_id.in_(agents), Claim.status.in_(LIVE))
                                 .options(selectinload(Claim.periods))))
    found = duplicates_among(peers)
    return {c.id: found[c.id] for c in claims if c.id in found}


def message_files(blobs: BlobStore, message: Message) -> list[StoredFile]:
    """The message's named files read again from its raw bytes, classified as drafting does."""
    read = read_message(blobs.get(message.sha256))
    return list(_attachments(read, blobs).values())


# --- effects --------------------------------------------------------------------------------------

def attach_message(session: Session, *, claim: Claim, message: Message, files: list[StoredFile], by: str,
                   rules: RuleSet) -> int:
    """The message speaks of this claim; its pieces join it. Returns how many pieces were new."""
    if (why := refusal_to_attach(session, message, claim)) is not None:
        raise ActionRefused(why)
    before = snapshot(claim)
    service.link(session, claim, message.id, MESSAGE_ROLE)
    added = service.attach(session, claim, files, message_id=message.id, rules=rules)
    refresh(session, claim, rules)
    audit(session, claim, actor=by, action=RepairAction.RATTACHER_MESSAGE, before=before,
          reason=f"message #{message.id} rattaché ({added} pièce(s) ajoutée(s))", rules_version=rules.version)
    return added


def move_document(session: Session, *, document: Document, target: Claim, by: str, rules: RuleSet) -> None:
    source = document.claim
    if (why := refusal_to_move(document, source, target)) is not None:
        raise ActionRefused(why)
    before_source, before_target = snapshot(source), snapshot(target)
    source.documents.remove(document)
    document.claim, document.period_id = target, None
    target.documents.append(document)
    if document.message_id is not None:
        service.link(session, target, document.message_id, MESSAGE_ROLE)
    periods.link_documents(session, target, rules, [document], new_period=None)
    for claim, before, action, other in ((source, before_source, RepairAction.DEPLACER_PIECE, target),
                                         (target, before_target, RepairAction.RECEVOIR_PIECE, source)):
        refresh(session, claim, rules)
        way = "vers" if claim is source else "depuis"
        audit(session, claim, actor=by, action=action, before=before,
              reason=f"pièce « {document.filename} » {way} {other.reference}", rules_version=rules.version)


def merge(session: Session, *, source: Claim, target: Claim, by: str, rules: RuleSet) -> None:
    """Periods, pieces, messages and history of `source` go to `target`; `source` ends rejected."""
    if (why := refusal_to_merge(source, target, rules)) is not None:
        raise ActionRefused(why)
    before_source, before_target = snapshot(source), snapshot(target)
    for period in list(source.periods):
        source.periods.remove(period)
        target.periods.append(period)
    known = {d.sha256 for d in target.documents}
    for document in list(source.documents):
        source.documents.remove(document)
        if document.sha256 in known:
            session.delete(document)  # the same file is on the target already: one document per content
            continue
        known.add(document.sha256)
        target.documents.append(document)
    for link in list(source.links):
        service.link(session, target, link.message_id, link.role)
    session.flush()
    if target.event_date is None or (source.event_date and source.event_date < target.event_date):
        target.event_date = source.event_date or target.event_date
    # What waits on the source (proposals from unregistered senders, TPTs coming from it) follows it.
    session.execute(update(PendingChange).where(PendingChange.claim_id == source.id).values(claim_id=target.id))
    session.execute(update(Claim).where(Claim.origin_claim_id == source.id).values(origin_claim_id=target.id))
    # The target's history tells the source's too: copies, the source keeping its own (append-only log).
    for entry in session.scalars(select(AuditEntry).where(AuditEntry.entity == "claim",
                                                          AuditEntry.entity_id == source.id).order_by(AuditEntry.id)):
        session.add(AuditEntry(at=entry.at, actor=entry.actor, entity="claim", entity_id=target.id,
                               action=entry.action, before=entry.before, after=entry.after,
                               reason=f"[{source.reference}] {entry.reason or ''}".strip(),
                               rules_version=entry.rules_version))
    refresh(session, target, rules)
    audit(session, target, actor=by, action=RepairAction.FUSIONNER, before=before_target,
          reason=f"{source.reference} fusionné dans ce sinistre", rules_version=rules.version)
    service.act(session, source, action="rejeter", by=by, rules=rules, reason=f"fusionné dans {target.reference}")
    audit(session, source, actor=by, action=RepairAction.FUSIONNE_DANS, before=before_source,
          reason=f"fusionné dans {target.reference}", rules_version=rules.version)


def split(session: Session, *, claim: Claim, document_ids: set[int], period_ids: set[int], agent: Agent | None,
          by: str, rules: RuleSet) -> Claim:
    """One claim holding two agents' (or two stops') pieces becomes two: the chosen pieces and periods go to a
    new draft of the same collectivité and category, for `agent` (None: to identify). The messages that brought
    them speak of both claims. Both are audited, each naming the other."""
    documents = [d for d in claim.documents if d.id in document_ids]
    chosen = [p for p in claim.periods if p.id in period_ids]
    if len(documents) != len(document_ids) or len(chosen) != len(period_ids):
        raise ActionRefused("Pièce ou période inconnue pour ce sinistre.")
    if (why := refusal_to_split(claim, documents, chosen, agent)) is not None:
        raise ActionRefused(why)
    before = snapshot(claim)
    messages = {d.message_id for d in documents if d.message_id} | {p.message_id for p in chosen if p.message_id}
    links = {link.message_id: link for link in claim.links}
    first = next((links[m] for m in sorted(messages) if m in links), None) or min(claim.links, key=lambda x: x.id)
    event = min((p.start for p in chosen), default=None)
    new = service.create(session, collectivite_id=claim.collectivite_id, agent=agent, declared_on=claim.declared_on,
                         category=claim.category, event_date=event if event is not None else claim.event_date,
                         facts={"agent_confidence": 1.0 if agent is not None else None,  # the handler's choice
                                "agent_name": f"{agent.last_name} {agent.first_name}" if agent is not None else None},
                         message_id=first.message_id, received_on=claim.declared_on)
    for message_id in messages - {first.message_id}:
        if message_id in links:
            service.link(session, new, message_id, links[message_id].role)
    kept = {p.id for p in claim.periods} - period_ids
    with session.no_autoflush:  # a flush between remove and append would delete the period as an orphan
        for period in chosen:
            claim.periods.remove(period)
            new.periods.append(period)
        for document in documents:
            claim.documents.remove(document)
            document.claim = new
            if document.period_id is not None and document.period_id in kept:
                document.period_id = None  # its period stayed behind: the rules give it one on the new claim
            new.documents.append(document)
    session.flush()
    starts_left = {p.start for p in claim.periods}
    if claim.event_date in {p.start for p in chosen} and claim.event_date not in starts_left and starts_left:
        claim.event_date = min(starts_left)  # the stop that opened it left with the split
    periods.link_documents(session, new, rules, list(new.documents), new_period=None)
    refresh(session, claim, rules)
    refresh(session, new, rules)
    moved = ", ".join([f"« {d.filename} »" for d in documents] +
                      [f"période du {p.start:%d/%m/%Y}" for p in chosen])
    audit(session, claim, actor=by, action=RepairAction.SCINDER, before=before,
          reason=f"{moved} vers {new.reference}", rules_version=rules.version)
    audit(session, new, actor=by, action=RepairAction.NE_DE_SCISSION, before=None,
          reason=f"{moved} venus de {claim.reference}", rules_version=rules.version)
    return new


def add_period(session: Session, *, claim: Claim, start: date, end: date | None, nature: str, by: str,
               rules: RuleSet, received_on: date | None = None) -> ClaimPeriod:
    """A period the pipeline missed; its deadlines count from `received_on` (by default the claim's declaration)."""
    if (why := refusal_of_period(claim, start=start, end=end, nature=nature)) is not None:
        raise ActionRefused(why)
    before = snapshot(claim)
    period = service.add_period(session, claim, start=start, end=end, nature=nature, message_id=None, rules=rules,
                                received_on=received_on)
    session.flush()
    # Pieces of no period, or sent for this stop, may justify it: give each piece its period again.
    pending = [d for d in claim.documents if d.period_id is None]
    periods.link_documents(session, claim, rules, pending, new_period=period)
    refresh(session, claim, rules)
    audit(session, claim, actor=by, action=RepairAction.AJOUTER_PERIODE, before=before,
          reason=f"période du {start:%d/%m/%Y}" + (f" au {end:%d/%m/%Y}" if end else "") + f" ({nature})",
          rules_version=rules.version)
    return period


def remove_period(session: Session, *, claim: Claim, period_id: int, by: str, rules: RuleSet) -> None:
    if (why := refusal_to_change(claim)) is not None:
        raise ActionRefused(why)
    period = next((p for p in claim.periods if p.id == period_id), None)
    if period is None:
        raise ActionRefused("Période inconnue pour ce sinistre.")
    if len(claim.periods) == 1 and claim.category and claim.category != Category.DECES:
        raise ActionRefused("C'est la seule période du sinistre : corrigez-la ou rejetez le sinistre.")
    before = snapshot(claim)
    for document in claim.documents:
        if document.period_id == period.id:
            document.period_id = None  # counts for the first period again (periods._pieces_of)
    claim.periods.remove(period)
    session.delete(period)
    refresh(session, claim, rules)
    audit(session, claim, actor=by, action=RepairAction.RETIRER_PERIODE, before=before,
          reason=f"période du {period.start:%d/%m/%Y} retirée", rules_version=rules.version)
