"""The `intake parse` JSON object (contract.md) from a read message and what understanding made of it."""

from __future__ import annotations

from datetime import date
from typing import Any

from intake.domain import Intent
from intake.identify.message import ClaimFound, Understanding


def _iso(fact: Any) -> str | None:
    v = getattr(fact, "value", None)
    return v.isoformat() if isinstance(v, date) else None


def attachment_entries(read: Any) -> list[dict[str, Any]]:
    """Contract attachments: every file that carries a name, containers replaced by what they hold."""
    return [
        {"filename": a.filename, "kind": a.kind.kind, "ocr": a.ocr}
        for a in read.attachments
        if a.filename
    ]


def claim_to_contract(c: ClaimFound, *, rules: Any = None) -> dict[str, Any]:
    category = c.category.value if c.category else None
    nature = c.nature.value if c.nature else None
    kinds = [k for _, k in c.documents]
    missing: list[str] = []
    if rules is not None and category is not None:
        from intake.rules import missing_documents

        missing = missing_documents(rules, category=str(category), nature=str(nature) if nature else None, have=kinds)
    return {
        "agent": c.agent.matricule,
        "agent_confidence": round(c.agent.confidence, 3),
        "agent_name": c.agent_name,
        "nir": c.nir.value if c.nir else None,
        "category": str(category) if category else None,
        "nature": str(nature) if nature else None,
        "date_survenance": _iso(c.date_survenance),
        "arret_start": _iso(c.arret_start),
        "arret_end": _iso(c.arret_end),
        "documents": [{"filename": f, "kind": k} for f, k in c.documents],
        "missing_documents": missing,
    }


def analysis_to_contract(read: Any, understanding: Understanding, *, rules: Any = None) -> dict[str, Any]:
    """The contract object; `rules` (intake.rules.get_rules()) gives missing_documents, else they stay empty."""
    return {
        "message_id": read.message_id,
        "from": read.from_addr or None,
        "collectivite": understanding.employer.code,
        "intent": str(understanding.intent.intent),
        "claims": [claim_to_contract(c, rules=rules) for c in understanding.claims]
        if understanding.intent.intent in (Intent.DECLARATION, Intent.DOCUMENTS) else [],
        "attachments": attachment_entries(read),
    }
