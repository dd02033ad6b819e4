"""What every evaluation returns: an answer, its French reasons and the rules version behind it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Decision:
    allowed: bool
    value: Any = None
    reasons: tuple[str, ...] = ()
    rules_version: str = ""
    flags: tuple[str, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.allowed

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form, for the history of a claim and the API."""
        return {
            "allowed": self.allowed,
            "value": _plain(self.value),
            "reasons": list(self.reasons),
            "rules_version": self.rules_version,
            "flags": list(self.flags),
            "details": _plain(self.details),
        }


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(item) for item in value]
        return sorted(items) if isinstance(value, set | frozenset) else items
    return value
