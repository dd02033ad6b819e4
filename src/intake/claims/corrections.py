"""A handler corrects what the assistant drafted: agent, category, dates, natures, document kinds; audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.claims.service import ActionRefused, audit, refresh, snapshot
from intake.domain import ClaimStatus, DocumentKind, Nature
from intake.rules import RuleSet
from intake.store.claims import Claim
from intake.store.models import Agent


@dataclass
class Correction:
    """Only the fields set are changed; periods and documents by their id."""

    agent: str | None = None  # matricule in the claim's collectivité
    category: str | None = None
    event_date: date | None = None
    periods: dict[int, tuple[date, date | None, str]] = field(default_factory=dict)
    document_kinds: dict[int, str] = field(default_factory=dict)


def correct(session: Session, claim: Claim, correction: Correction, *, by: str, rules: RuleSet) -> list[str]:
    """Apply the correction; returns what changed (French, for the page), raises ActionRefused."""
    if claim.status == ClaimStatus.REJETE:
        raise ActionRefused("Un sinistre rejeté ne se corrige plus.")
    before = snapshot(claim)
    changed: list[str] = []
    if correction.agent is not None and correction.agent != (claim.agent.matricule if claim.agent else None):
        agent = session.scalar(select(Agent).where(Agent.collectivite_id == claim.collectivite_id,
                                                   Agent.matricule == correction.agent))
        if agent is None:
            raise ActionRefused(f"Aucun agent de matricule « {correction.agent} » dans cette collectivité.")
        claim.agent = agent
        claim.agent_confidence = 1.0
        # The matcher's note (« aucun agent … ne correspond ») no longer says why this agent: the handler does.
        claim.provenance = {**(claim.provenance or {}),
                            "agent": {"reason": f"agent choisi par {by}", "confidence": 1.0}}
        changed.append(f"agent : {agent.last_name} {agent.first_name} ({agent.matricule})")
    if correction.category is not None and correction.category != claim.category:
        if correction.category not in rules.categories:
            raise ActionRefused(f"Catégorie inconnue : « {correction.category} ».")
        if claim.status != ClaimStatus.BROUILLON:
            raise ActionRefused("Le sinistre n'est plus un brouillon : requalifiez-le.")
        claim.category = correction.category
        changed.append(f"catégorie : {correction.category}")
    if correction.event_date is not None and correction.event_date != claim.event_date:
        claim.event_date = correction.event_date
        changed.append(f"date de survenance : {correction.event_date:%d/%m/%Y}")
    by_id = {p.id: p for p in claim.periods}
    for period_id, (start, end, nature) in correction.periods.items():
        period = by_id.get(period_id)
        if period is None:
            raise ActionRefused("Période inconnue pour ce sinistre.")
        if nature not in {n.value for n in Nature}:
            raise ActionRefused(f"Nature inconnue : « {nature} ».")
        if end is not None and end < start:
            raise ActionRefused(f"La fin de l'arrêt ({end:%d/%m/%Y}) précède son début ({start:%d/%m/%Y}).")
        if (period.start, period.end, period.nature) != (start, end, nature):
            period.start, period.end, period.nature = start, end, nature
            changed.append(f"période du {start:%d/%m/%Y}")
    documents = {d.id: d for d in claim.documents}
    for document_id, kind in correction.document_kinds.items():
        document = documents.get(document_id)
        if document is None:
            raise ActionRefused("Pièce inconnue pour ce sinistre.")
        if kind not in {k.value for k in DocumentKind}:
            raise ActionRefused(f"Type de pièce inconnu : « {kind} ».")
        if document.kind != kind:
            document.kind = kind
            changed.append(f"pièce {document.filename} : {kind}")
    if changed:
        refresh(session, claim, rules)
        audit(session, claim, actor=by, action="corriger", before=before, reason="; ".join(changed),
              rules_version=rules.version)
    return changed
