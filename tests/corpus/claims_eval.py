"""Running intake.pipeline.parse.analyse over labelled cases (with the corpus registry when analyse takes one) and scoring it."""

from __future__ import annotations

import inspect
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from corpus.claims import Case
from corpus.claims_score import Score


def analyser(registry_dir: Path) -> tuple[Callable[[bytes], dict[str, Any]], str, float]:
    """intake.pipeline.parse.analyse with the corpus registry when its signature takes one; and the agent threshold in use."""
    from intake.identify import match
    from intake.pipeline import parse

    threshold = float(getattr(match, "AGENT_THRESHOLD", 0.8))
    params = inspect.signature(parse.analyse).parameters
    if "registry" in params:
        registry = match.Registry.from_csv_dir(registry_dir)
        return (lambda raw: parse.analyse(raw, registry=registry)), "analyse(raw, registry=…)", threshold
    return parse.analyse, "analyse(raw) — no registry parameter yet", threshold


def evaluate(cases: list[Case], analyse: Callable[[bytes], dict[str, Any]], save: Path | None = None) -> tuple[Score, float]:
    score = Score()
    spent = 0.0
    for case in cases:
        t0 = time.perf_counter()
        try:
            actual = analyse(case.raw)
        except Exception as exc:  # a crash is a wrong message, not the end of the measurement
            actual = {"error": f"{type(exc).__name__}: {exc}", "claims": [], "attachments": [], "intent": None}
        spent += time.perf_counter() - t0
        score.add(case.name, case.expected, actual, case.tags)
        if save:
            save.mkdir(parents=True, exist_ok=True)
            (save / f"{case.name}.eml").write_bytes(case.raw)
            for suffix, obj in (("expected", case.expected), ("actual", actual), ("tags", list(case.tags))):
                (save / f"{case.name}.{suffix}.json").write_text(json.dumps(obj, ensure_ascii=False, indent=2), encoding="utf-8")
    return score, spent


def understanding_wired() -> bool:
    """Whether intake.pipeline.parse.analyse takes a registry yet (the understanding stage is plugged in)."""
    from intake.pipeline import parse

    return "registry" in inspect.signature(parse.analyse).parameters
