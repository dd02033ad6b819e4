"""Fixtures of the rule-engine tests: the project's rules loaded once, and editable copies."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from rules_helpers import RULES_DIR

from intake.rules import RuleSet, load_rules


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return load_rules(RULES_DIR)


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A writable copy of the project's rules folder."""
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    return target


@pytest.fixture
def edit(rules_copy: Path) -> Callable[[str, str, str], Path]:
    """Replace `old` by `new` in one file of the copy (the text must be there exactly once)."""

    def _edit(name: str, old: str, new: str) -> Path:
        path = rules_copy / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} not found once in {name}"
        path.write_text(text.replace(old, new), encoding="utf-8")
        return path

    return _edit

