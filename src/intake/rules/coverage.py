"""Whether a contract (regime + formulas) insures a category: fully, medical costs only, or not."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from intake.domain import Flag
from intake.rules.decision import Decision
from intake.rules.expressions import render
from intake.rules.loader import RuleSet
from intake.rules.pieces import category_label

FULL = "complet"
MEDICAL_COSTS = "frais_medicaux"


def parse_formulas(formulas: Iterable[int | str] | str | int | None) -> list[int | str]:
    """'6 8 11', [6, 8, 11] or 6 alike; non-numbers are kept so that they can be reported."""
    if formulas is None:
        return []
    if isinstance(formulas, int):
        return [formulas]
    if isinstance(formulas, str):
        formulas = formulas.replace(",", " ").split()
    out: list[int | str] = []
    for item in formulas:
        text = str(item).strip()
        out.append(int(text) if text.isdigit() else text)
    return out


def covered_categories(rules: RuleSet, *, regime: str, formulas) -> tuple[set[str], set[str], list[str]]:
    """(fully covered, medical costs only, reasons about ignored formulas) for these formulas."""
    full: set[str] = set()
    medical: set[str] = set()
    notes: list[str] = []
    msg = rules.messages["formules"]
    of_regime = {code for code, cat in rules.categories.items() if regime in cat.regimes}
    for number in parse_formulas(formulas):
        formula = rules.formulas.get(number) if isinstance(number, int) else None
        if formula is None:
            notes.append(render(msg["formule_inconnue"], {"formule": number}))
            continue
        if formula.regime != regime:
            notes.append(render(msg["formule_autre_regime"],
                                {"formule": number, "regime_formule": formula.regime.value, "regime": regime}))
            continue
        covers = of_regime if formula.covers == "tout" else set(formula.covers)
        full |= covers - set(formula.except_)
        medical |= set(formula.medical_costs)
    return full, medical - full, notes


def coverage(
    rules: RuleSet,
    *,
    regime: str,
    formulas: Iterable[int | str] | str | int | None,
    category: str,
    origin_category: str | None = None,
) -> Decision:
    """value: 'complet', 'frais_medicaux' or None (flag non_couvert); reasons say why."""
    msg = rules.messages["formules"]
    regime = str(regime)
    numbers = parse_formulas(formulas)
    fields = {"categorie": category_label(rules, category), "regime": regime,
              "formules": " ".join(str(n) for n in numbers) or "—"}
    reasons: list[str] = []
    if not numbers:
        return _decision(rules, None, [render(msg["aucune_formule"], fields)])
    if regime not in rules.categories[category].regimes:
        return _decision(rules, None, [render(msg["hors_regime"], fields)])
    full, medical, notes = covered_categories(rules, regime=regime, formulas=numbers)
    reasons.extend(notes)
    origins = [category]
    follows = rules.categories[category].follows
    if follows:
        # A TPT is insured with the illness or accident it comes from.
        if origin_category in follows:
            origins = [origin_category]
            reasons.append(render(msg["suit_origine"], {"origine": category_label(rules, origin_category)}))
        else:
            origins = [category, *follows]
            reasons.append(render(msg["origine_inconnue"], {}))
    if any(origin in full for origin in origins):
        return _decision(rules, FULL, [render(msg["couvert"], fields), *reasons])
    if any(origin in medical for origin in origins):
        return _decision(rules, MEDICAL_COSTS, [render(msg["frais_medicaux"], fields), *reasons])
    return _decision(rules, None, [render(msg["non_couvert"], fields), *reasons])


def contract_in_force(contracts: Iterable[tuple[str, date, date | None]], on: date) -> str | None:
    """The number of the one contract (number, start, end) in force on `on`; None when none is, or when
    several are (a handler chooses). Never « the only contract » whatever its dates: out of its dates, a
    contract insures nothing that begins then (what began under it stays covered: capitalisation)."""
    in_force = [number for number, start, end in contracts if start <= on and (end is None or on <= end)]
    return in_force[0] if len(in_force) == 1 else None


def category_for_regime(rules: RuleSet, category: str, regime: str | None) -> str:
    """The category under the agent's regime: a CLM of an IRCANTEC agent is a congé de grave maladie."""
    if regime is None or category not in rules.categories:
        return category
    cat = rules.categories[category]
    if regime in cat.regimes:
        return category
    return cat.in_regime.get(regime, category)


def _decision(rules: RuleSet, value: str | None, reasons: list[str]) -> Decision:
    return Decision(
        allowed=value is not None,
        value=value,
        reasons=tuple(reasons),
        rules_version=rules.version,
        flags=() if value is not None else (Flag.NON_COUVERT.value,),
    )
