"""`intake rules check DIR`: validate a rules folder and run its examples, in one French line."""

from __future__ import annotations

from pathlib import Path

from intake.rules.errors import RulesError
from intake.rules.examples import run_examples
from intake.rules.loader import load_rules


def check(directory: Path) -> tuple[bool, str]:
    """(ok, message): the first problem as `FILE:LINE: ...`, or a summary with the version."""
    try:
        rules = load_rules(Path(directory))
    except RulesError as exc:
        return False, str(exc)
    failures = run_examples(rules)
    if failures:
        more = f" (et {len(failures) - 1} autre(s) exemple(s) en échec)" if len(failures) > 1 else ""
        return False, failures[0] + more
    return True, (f"Règles valides : {len(rules.files)} fichiers, {len(rules.examples)} exemples vérifiés, "
                  f"version {rules.version}.")
