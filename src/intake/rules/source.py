"""YAML files read with their line numbers, so that any problem can be shown as FILE:LINE."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from intake.rules.errors import RulesError

# libyaml when present: ten times faster, and its nodes keep their marks just the same.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class SourceFile:
    """One rules file: its path, its raw bytes (for the version hash), its data and its node tree."""

    path: Path
    raw: bytes
    data: Any
    root: Node | None

    def line_of(self, loc: tuple[Any, ...]) -> int:
        """1-based line of the deepest node reachable along `loc` (keys and list indexes)."""
        node = self.root
        if node is None:
            return 1
        line = node.start_mark.line + 1
        for part in loc:
            found = _child(node, part)
            if found is None:
                continue  # pydantic adds parts (union members, [key]) that are not in the file
            node, line = found
        return line

    def error(self, loc: tuple[Any, ...], message: str) -> RulesError:
        return RulesError(self.path, self.line_of(loc), message)


def _child(node: Node, part: Any) -> tuple[Node, int] | None:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == str(part):
                # A block or an empty value is best shown by its key's line.
                if isinstance(value, ScalarNode) and not _is_empty(value):
                    return value, value.start_mark.line + 1
                return value, key.start_mark.line + 1
        return None
    if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        item = node.value[part]
        return item, item.start_mark.line + 1
    return None


def _is_empty(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag.endswith(":null") and node.value in ("", "~", "null")


def read_source(path: Path) -> SourceFile:
    """Parse one YAML file, refusing syntax errors and duplicate keys with their line."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RulesError(path, 1, f"le fichier n'est pas en UTF-8 ({exc.reason})") from None
    try:
        root = yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise RulesError(path, line, f"syntaxe YAML invalide : {exc.problem or exc.context}") from None
    if root is None:
        return SourceFile(path, raw, None, None)
    _refuse_duplicate_keys(path, root)
    try:
        data = yaml.SafeLoader(text).construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise RulesError(path, (mark.line + 1) if mark else 1, f"valeur YAML invalide : {exc.problem}") from None
    return SourceFile(path, raw, data, root)


def _refuse_duplicate_keys(path: Path, node: Node) -> None:
    # PyYAML silently keeps the last of two equal keys; in a rules file that hides an error.
    if isinstance(node, MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                if key.value in seen and key.value != "<<":
                    raise RulesError(path, key.start_mark.line + 1, f"clé « {key.value} » en double")
                seen.add(key.value)
            _refuse_duplicate_keys(path, value)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _refuse_duplicate_keys(path, item)
