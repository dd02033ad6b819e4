"""Bulk confirmation: the complete drafts whose agent was identified at or above the confidence an admin set,
confirmed each through the rules (so each is audited, with the threshold in its reason), none when unsure."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from intake.claims import service
from intake.claims.repair import duplicates_of
from intake.claims.service import ActionRefused
from intake.domain import ClaimStatus, Flag
from intake.rules import RuleSet
from intake.store.audit import AuditEntry
from intake.store.claims import Claim, within
from intake.store.desk import read_setting, write_setting

THRESHOLD = "seuil_confirmation_groupee"  # desk_settings name; a confidence in [0.5, 1]
MINIMUM = 0.5  # below, an agent chosen by a coin toss could be confirmed in bulk: never
# Alerts that say something of the contract's records, not of this claim: a handler has nothing to decide on it
# (the base of the year is recorded later; formula 9 insures the medical costs). Every other alert stops it.
INFORMATIVE = frozenset({Flag.BASE_ABSENTE, Flag.FRAIS_MEDICAUX})
BATCH = 200  # claims a request confirms at most (each takes its lock and the rules): the rest at the next click


@dataclass
class BulkResult:
    confirmed: list[str] = field(default_factory=list)
    skipped: int = 0  # complete-looking drafts the rules refused (their reason is on each claim page)
    more: bool = False  # more drafts were waiting beyond this batch


def threshold(session: Session) -> float | None:
    value = read_setting(session, THRESHOLD)
    return float(value) if isinstance(value, int | float) else None


def set_threshold(session: Session, value: float | None, *, by: str) -> None:
    """An admin's choice (the desk checks the role); None switches bulk confirmation off. Audited."""
    if value is not None and not MINIMUM <= value <= 1:
        raise ActionRefused(f"Le seuil doit être entre {MINIMUM * 100:.0f} % et 100 %.")
    before = write_setting(session, THRESHOLD, value, by=by)
    session.add(AuditEntry(actor=by, entity="desk_setting", entity_id=0, action="regler_seuil",
                           before={"seuil": before}, after={"seuil": value},
                           reason="seuil de confirmation groupée"))


def candidates(visible: frozenset[int] | None, minimum: float) -> Select:
    """The drafts that may be confirmed together, oldest first, among the collectivités in `visible`."""
    return (within(select(Claim), visible).where(Claim.status == ClaimStatus.BROUILLON, Claim.agent_id.is_not(None),
                         Claim.agent_confidence >= minimum)
            .options(selectinload(Claim.periods), selectinload(Claim.documents))
            .order_by(Claim.created_at, Claim.id))


def complete(claim: Claim) -> bool:
    """Nothing left for a handler to judge: agent, category and a period known, no piece missing, no alert but
    informative ones."""
    return bool(claim.agent_id and claim.category and claim.periods and not claim.missing_documents
                and not set(claim.flags or ()) - INFORMATIVE)


def confirm_complete(session: Session, *, visible: frozenset[int] | None, by: str, rules: RuleSet) -> BulkResult:
    minimum = threshold(session)
    if minimum is None:
        raise ActionRefused("La confirmation groupée est désactivée : aucun seuil n'a été fixé par un administrateur.")
    result = BulkResult()
    for claim in list(session.scalars(candidates(visible, minimum).limit(BATCH * 5))):
        if not complete(claim):
            continue
        if len(result.confirmed) >= BATCH:
            result.more = True
            break
        if duplicates_of(session, [claim]):
            result.skipped += 1  # a probable duplicate is a handler's call (merge first)
            continue
        service.lock_claim(session, claim_id=claim.id)
        session.refresh(claim)
        if claim.status != ClaimStatus.BROUILLON or not complete(claim) or (claim.agent_confidence or 0) < minimum:
            continue  # changed by someone else meanwhile
        try:  # act refuses before it changes anything: nothing to undo
            service.act(session, claim, action="confirmer", by=by, rules=rules,
                        note=f"confirmation groupée (agent identifié à {claim.agent_confidence:.0%}, seuil "
                             f"{minimum:.0%})".replace("%", " %"))
        except ActionRefused:
            result.skipped += 1
            continue
        result.confirmed.append(claim.reference)
    return result
