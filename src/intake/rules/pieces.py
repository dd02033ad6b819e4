"""Mandatory pieces of a claim and the ones still missing; French labels of codes."""

from __future__ import annotations

from collections.abc import Iterable

from intake.rules.loader import RuleSet


def effective_nature(rules: RuleSet, category: str, nature: str | None) -> str:
    """The nature whose pieces apply: none given, or one the category does not admit, is initial."""
    table = rules.pieces[_known_category(rules, category)]
    if nature is None or nature not in table:
        return rules.fallback_nature
    return nature


def mandatory_pieces(
    rules: RuleSet, *, category: str, nature: str | None = None, contract_number: str | None = None
) -> list[tuple[str, ...]]:
    """Each requirement as its alternatives, first kind first; contract extras appended."""
    nature = effective_nature(rules, category, nature)
    required = list(rules.pieces[category].get(nature, ()))
    override = rules.contracts.get(contract_number) if contract_number else None
    if override is not None:
        for alternatives in override.extra_pieces.get(category, {}).get(nature, []):
            if tuple(alternatives) not in required:
                required.append(tuple(alternatives))
    return required


def missing_documents(
    rules: RuleSet,
    *,
    category: str | None,
    nature: str | None,
    have: Iterable[str],
    contract_number: str | None = None,
) -> list[str]:
    """Sorted kind codes still missing; an unmet `a|b` is reported as `a`. No category: nothing."""
    if category is None:
        return []
    on_file = set(have)
    missing = {
        alternatives[0]
        for alternatives in mandatory_pieces(rules, category=category, nature=nature, contract_number=contract_number)
        if not on_file.intersection(alternatives)
    }
    return sorted(missing)


def claim_missing_documents(
    rules: RuleSet,
    *,
    category: str,
    natures: Iterable[str | None],
    have: Iterable[str],
    contract_number: str | None = None,
) -> list[str]:
    """Missing pieces of a whole claim: the requirements of every nature its periods have."""
    on_file = set(have)
    natures = list(natures) or [None]
    missing: set[str] = set()
    for nature in natures:
        missing.update(missing_documents(rules, category=category, nature=nature, have=on_file,
                                         contract_number=contract_number))
    return sorted(missing)


def _known_category(rules: RuleSet, category: str) -> str:
    if category not in rules.categories:
        raise ValueError(f"catégorie inconnue : « {category} »")
    return category


def document_label(rules: RuleSet, kind: str) -> str:
    try:
        return rules.documents[kind].label
    except KeyError:
        raise ValueError(f"type de pièce inconnu : « {kind} »") from None


def document_labels(rules: RuleSet, kinds: Iterable[str]) -> list[str]:
    return [document_label(rules, kind) for kind in kinds]


def category_label(rules: RuleSet, category: str) -> str:
    return rules.categories[_known_category(rules, category)].label


def nature_label(rules: RuleSet, nature: str) -> str:
    try:
        return rules.natures[nature].label
    except KeyError:
        raise ValueError(f"nature inconnue : « {nature} »") from None


def status_label(rules: RuleSet, status: str) -> str:
    try:
        return rules.statuses[status].label
    except KeyError:
        raise ValueError(f"statut inconnu : « {status} »") from None
