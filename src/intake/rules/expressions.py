"""Conditions and message templates of the rules: checked at load, evaluated with simpleeval."""

from __future__ import annotations

import ast
import string
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from simpleeval import EvalWithCompoundTypes

# Only what a condition of statuts.yaml needs: logic, comparisons, literals, names.
_ALLOWED_NODES = (
    ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.Compare,
    ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn, ast.Is, ast.IsNot,
    ast.Name, ast.Load, ast.Constant, ast.List, ast.Tuple,
)


class ExpressionError(ValueError):
    """A condition or template that cannot be used; the message is French."""


@dataclass(frozen=True)
class Condition:
    source: str
    tree: ast.Expression
    file: str = ""
    line: int = 0

    def holds(self, facts: Mapping[str, Any]) -> bool:
        evaluator = EvalWithCompoundTypes(names=dict(facts), functions={})
        try:
            return bool(evaluator.eval(self.source, previously_parsed=self.tree.body))
        except Exception as exc:  # e.g. comparing a missing date: the rule, not the caller, is wrong
            from intake.rules.errors import RulesError

            raise RulesError(self.file, self.line, f"condition « {self.source} » inévaluable ({exc})") from exc


def compile_condition(source: str | bool, names: Collection[str]) -> Condition:
    """Parse a condition and refuse anything but simple logic over the known facts."""
    text = str(source).strip() if not isinstance(source, bool) else str(source)
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"condition illisible « {text} » ({exc.msg})") from None
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise ExpressionError(f"condition « {text} » : construction non permise ({type(node).__name__})")
        if isinstance(node, ast.Name) and node.id not in names and node.id not in ("True", "False", "None"):
            known = ", ".join(sorted(names))
            raise ExpressionError(f"condition « {text} » : fait inconnu « {node.id} » (connus : {known})")
    return Condition(text, tree)


def check_template(template: str, names: Collection[str]) -> None:
    """Refuse placeholders that are not plain known names (no attribute or index access)."""
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(template) if field is not None]
    except ValueError as exc:
        raise ExpressionError(f"motif « {template} » mal formé ({exc})") from None
    for field in fields:
        if not field.isidentifier() or field not in names:
            known = ", ".join("{" + n + "}" for n in sorted(names))
            raise ExpressionError(f"motif « {template} » : champ {{{field}}} inconnu (connus : {known})")


def render(template: str, values: Mapping[str, Any]) -> str:
    # Templates were checked at load, so every field is a plain known name.
    return template.format_map({key: _french(value) for key, value in values.items()})


def _french(value: Any) -> str:
    if value is None:
        return "—"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(_french(item) for item in value)
    return str(value)
