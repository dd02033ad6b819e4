"""The base de l'assurance: prerequisite to any claim, RI/CP ceilings, insured elements, premium."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from intake.rules.decision import Decision
from intake.rules.expressions import render
from intake.rules.loader import RuleSet

_ROUNDING = {"inferieur": ROUND_FLOOR, "plus_proche": ROUND_HALF_UP, "superieur": ROUND_CEILING}
Amount = Decimal | int | float | str


def _dec(value: Amount | None) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal(0)


def base_prerequisite(rules: RuleSet, *, base_years: Iterable[int], year: int) -> Decision:
    """A claim of a contract may be declared only once its base for the event's year is recorded."""
    msg = rules.messages["base"]
    present = year in set(base_years)
    if present or not rules.base.required_before_claim:
        return Decision(True, year, (render(msg["base_presente" if present else "base_absente"], {"annee": year}),),
                        rules.version)
    return Decision(False, year, (render(msg["base_absente"], {"annee": year}),), rules.version)


def base_ceilings(rules: RuleSet, *, tbi: Amount, **amounts: Amount | None) -> Decision:
    """Ceiling percentage of each element insured as a % of TBI (amount / TBI, rounded, bounded).

    value: {element: ceiling %} for the elements given with a positive amount;
    details: {element: {"min": .., "max": ..}} the range the employer may choose from, and
    not_insurable: elements below their minimum percentage.
    """
    msg = rules.messages["base"]
    elements = rules.base.elements
    for code in amounts:
        if code not in elements or code == "tbi":
            raise ValueError(f"élément de base inconnu : « {code} »")
    base_tbi = _dec(tbi)
    if base_tbi <= 0:
        return Decision(False, None, (render(msg["tbi_obligatoire"], {}),), rules.version)
    ceilings: dict[str, int] = {}
    ranges: dict[str, dict[str, int]] = {}
    not_insurable: list[str] = []
    reasons: list[str] = []
    for code, raw in amounts.items():
        amount = _dec(raw)
        element = elements[code]
        if amount < 0:
            return Decision(False, None, (render(msg["element_negatif"], {"element": element.label}),), rules.version)
        if not element.percent_of_tbi or amount == 0:
            continue
        percent = (amount * 100 / base_tbi).quantize(Decimal(1), rounding=_ROUNDING[rules.base.rounding])
        ceiling = int(percent)
        if element.max_percent is not None:
            ceiling = min(ceiling, element.max_percent)
        low = element.min_percent or 0
        if ceiling < max(low, 1):
            not_insurable.append(code)
            reasons.append(render(msg["sous_minimum"], {"element": element.label, "min": max(low, 1)}))
            continue
        ceilings[code] = ceiling
        ranges[code] = {"min": low, "max": ceiling}
        reasons.append(render(msg["plafond"], {"element": element.label, "plafond": ceiling}))
    return Decision(True, ceilings, tuple(reasons), rules.version,
                    details={"ranges": ranges, "not_insurable": not_insurable})


def insured_elements(rules: RuleSet, *, base: Mapping[str, Amount | None]) -> list[str]:
    """Elements of the base that are insured (mandatory, or a positive amount/percentage), in file order.

    A claim's salary fields are asked only for these.
    """
    return [code for code, element in rules.base.elements.items()
            if element.mandatory or _dec(base.get(code)) > 0]


def insured_base(rules: RuleSet, *, base: Mapping[str, Amount | None]) -> Decimal:
    """Amount the premium is computed on: amounts as given, % elements as % of TBI."""
    tbi = _dec(base.get("tbi"))
    total = Decimal(0)
    for code, element in rules.base.elements.items():
        value = _dec(base.get(code))
        total += tbi * value / 100 if element.percent_of_tbi else value
    return total


def premium_estimate(rules: RuleSet, *, base: Mapping[str, Amount | None], rate_percent: Amount) -> Decimal:
    """Insured base × the contract's rate, in euros and cents."""
    return (insured_base(rules, base=base) * _dec(rate_percent) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
