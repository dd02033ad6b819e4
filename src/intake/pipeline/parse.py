"""The `intake parse` object (contract.md): reading, then understanding against the registry and rules."""

from __future__ import annotations

from typing import Any

from intake.mail.read import ReadMessage, read_message


def analyse_read(read: ReadMessage, *, registry=None, rules=None) -> dict[str, Any]:
    """The contract object for a read message; the registry and rules default to the configured ones."""
    from intake.identify.message import understand_message
    from intake.pipeline.contract import analysis_to_contract

    if registry is None:
        from intake.identify.registry import current_registry

        registry = current_registry()
    if rules is None:
        from intake.rules import get_rules

        rules = get_rules()
    return analysis_to_contract(read, understand_message(read, registry), rules=rules)


def analyse(raw: bytes, *, registry=None, rules=None) -> dict[str, Any]:
    return analyse_read(read_message(raw), registry=registry, rules=rules)
