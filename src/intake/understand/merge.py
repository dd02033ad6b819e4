"""One claim per person: mentions that the registry resolves to one agent are one person's, whatever their
spelling (the body's « Mme DUPONT » by her birth name, the form's « GONNET Océane », a NIR alone on a form)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def merge_same_agent(persons: list[dict[str, Any]], matricule_of: Callable[[dict[str, Any]], str | None]) -> list[dict[str, Any]]:
    """Persons resolving to one matricule merged into the first of them (its mentions keep their sources)."""
    if len(persons) < 2:
        return persons
    out: list[dict[str, Any]] = []
    seen: dict[str, dict[str, Any]] = {}
    for p in persons:
        key = matricule_of(p)
        into = seen.get(key) if key else None
        if into is None:
            if key:
                seen[key] = p
            out.append(p)
            continue
        for field in ("found", "forms", "nirs"):
            into[field] = into[field] + p[field]
        if p.get("extra"):
            into.setdefault("extra", []).extend(p["extra"])
    return out
