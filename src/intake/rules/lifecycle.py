"""Status changes of a claim: the actions of statuts.yaml, their guards and outcomes."""

from __future__ import annotations

from datetime import date
from typing import Any

from intake.rules.crosscheck import KEEP_STATUS
from intake.rules.decision import Decision
from intake.rules.expressions import render
from intake.rules.facts import ClaimFacts
from intake.rules.loader import RuleSet
from intake.rules.pieces import category_label, claim_missing_documents, document_labels, nature_label


def transition(
    rules: RuleSet,
    *,
    claim_facts: ClaimFacts,
    action: str,
    reprise: date | None = None,
    reason: str | None = None,
    category: str | None = None,
    nature: str | None = None,
) -> Decision:
    """Whether `action` may be applied and the status it leads to (value).

    Actions (statuts.yaml): confirmer, pieces_recues, clore (reprise=), nouvelle_periode
    (nature=), rejeter (reason=), requalifier (category=). details: action, from, effects,
    missing_documents (for the category the claim will have), category, previous_category.
    """
    claim = claim_facts
    msg = rules.messages["statuts"]
    compiled = rules.actions.get(action)
    if compiled is None:
        return Decision(False, None, (render(msg["action_inconnue"], {"action": action}),), rules.version)
    if claim.status not in compiled.from_:
        text = render(msg["statut_interdit"], {"action": compiled.label, "statut": _status(rules, claim.status)})
        return Decision(False, None, (text,), rules.version, details={"action": action, "from": claim.status})

    facts, shown, target_category, missing = _facts(rules, claim, action, reprise, reason, category, nature)
    details: dict[str, Any] = {"action": action, "from": claim.status, "effects": list(compiled.effects),
                               "missing_documents": missing, "category": target_category,
                               "previous_category": claim.category}
    for condition, why in compiled.refusals:
        if condition.holds(facts):
            return Decision(False, None, (render(why, shown),), rules.version, details=details)
    for outcome in compiled.outcomes:
        if outcome.when is None or outcome.when.holds(facts):
            status = claim.status if outcome.to == KEEP_STATUS else outcome.to
            return Decision(True, status, (render(outcome.reason, shown),), rules.version, details=details)
    raise AssertionError("the loader guarantees a final unconditional outcome")


def _facts(rules: RuleSet, claim: ClaimFacts, action: str, reprise, reason, category, nature):
    new_category = category if action == "requalifier" else None
    target = new_category if new_category in rules.categories else claim.category
    natures = [p.nature for p in claim.periods]
    if action == "nouvelle_periode" and nature is not None:
        natures.append(nature)
    if claim.pieces_per_period and claim.periods:
        # Each period needs its own pieces (a prolongation's own arrêt); a new period brings none yet.
        wanted = [(p.nature, p.pieces) for p in claim.periods]
        if action == "nouvelle_periode" and nature is not None:
            wanted.append((nature, frozenset()))
        missing = sorted({kind for n, pieces in wanted
                          for kind in claim_missing_documents(rules, category=target, natures=[n], have=pieces,
                                                              contract_number=claim.contract_number)})
    else:
        missing = claim_missing_documents(rules, category=target, natures=natures, have=claim.documents,
                                          contract_number=claim.contract_number)
    reprise = reprise if reprise is not None else claim.reprise
    new_regimes = [r.value for r in rules.categories[new_category].regimes] if new_category in rules.categories else []
    facts = {
        "statut": claim.status,
        "categorie": claim.category,
        "nouvelle_categorie": new_category,
        "nature": nature,
        "confirme": claim.confirmed or action == "confirmer",
        "complet": not missing,
        "manquantes": missing,
        "reprise": reprise,
        "debut": claim.first_day,
        "fin": claim.last_day,
        "motif": (reason or "").strip(),
        "regime": str(claim.regime) if claim.regime else None,
        "regimes_nouvelle_categorie": new_regimes,
        "categories": list(rules.categories),
        "meme_sinistre": bool(claim.category in rules.categories
                              and rules.categories[claim.category].continues_after_reprise),
    }
    shown = dict(facts)
    shown.update(
        statut=_status(rules, claim.status),
        categorie=category_label(rules, claim.category),
        nouvelle_categorie=category_label(rules, new_category) if new_category in rules.categories else new_category,
        nature=nature_label(rules, nature) if nature in rules.natures else nature,
        manquantes=document_labels(rules, missing),
    )
    return facts, shown, target, missing


def _status(rules: RuleSet, status: str) -> str:
    return rules.statuses[status].label if status in rules.statuses else status
