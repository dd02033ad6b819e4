"""The registry service: imports files into the configured database, one transaction per file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from intake.settings import get_settings
from intake.store.db import session_scope
from intake.store.imports import ImportSummary, import_file


def formula_regimes() -> dict[int, str]:
    """Which regime each formula number belongs to, from the rules (rules/formules.yaml)."""
    from intake.rules.loader import get_rules

    return {number: str(formula.regime) for number, formula in get_rules().formulas.items()}


def import_registry_file(kind: str, path: Path, *, url: str | None = None, today: date | None = None) -> ImportSummary:
    with session_scope(url or get_settings().database_url) as session:
        return import_file(session, kind, path, formulas=formula_regimes(), today=today)
