"""The claim's audit log as a handler reads it: French field names, agents by name, lists as lists."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.store.models import Agent
from intake.web import labels

NONE = "(aucun)"


def _agent_names(session: Session, entries: list[dict[str, Any]]) -> dict[int, str]:
    ids = {snap.get("agent_id") for e in entries for snap in (e.get("before") or {}, e.get("after") or {})}
    ids = {i for i in ids if isinstance(i, int)}
    if not ids:
        return {}
    rows = session.execute(select(Agent.id, Agent.last_name, Agent.first_name).where(Agent.id.in_(ids))).tuples()
    return {i: f"{last} {first}".strip() for i, last, first in rows}


def _period(value) -> str:
    if isinstance(value, list | tuple) and len(value) == 3:
        start, end, nature = value
        span = f"du {labels.fr_date(start)} au {labels.fr_date(end)}" if end else f"à partir du {labels.fr_date(start)}"
        return f"{span} ({labels._safe(labels.nature_label, nature)})"
    return str(value)


def shown(key: str, value, agents: dict[int, str]) -> str:
    """One snapshot value in French; None is « (aucun) », never the Python word."""
    if value is None or value == [] or value == "":
        return NONE
    if key == "agent_id":
        return agents.get(value, f"agent n° {value}")
    if key in ("event_date", "reprise"):
        return labels.fr_date(value)
    if key == "status":
        return labels._safe(labels.status_label, value)
    if key == "category":
        return labels._safe(labels.category_label, value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if key == "flags":
        return ", ".join(labels.FLAG_LABELS.get(f, f) for f in value)
    if key in ("missing_documents", "documents"):
        return ", ".join(labels._safe(labels.document_label, d) for d in value)
    if key == "periods":
        return " ; ".join(_period(p) for p in value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} : {v}" for k, v in value.items())
    return str(value)


def readable(session: Session, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each entry with `label` (the action in French) and `changes`: (field, before, after) that differ."""
    agents = _agent_names(session, entries)
    out = []
    for entry in entries:
        before, after = entry.get("before") or {}, entry.get("after") or {}
        changes = []
        if before and after:
            for key, value in after.items():
                if before.get(key) != value:
                    changes.append((labels.code_label(labels.FIELD_LABELS, key), shown(key, before.get(key), agents),
                                    shown(key, value, agents)))
        out.append({**entry, "label": labels.code_label(labels.AUDIT_ACTION_LABELS, entry.get("action")),
                    "changes": changes})
    return out
