"""Where a new stop fits in a claim: prolongation, rechute, a new claim, or refused (overlap)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from intake.domain import Nature
from intake.rules.decision import Decision
from intake.rules.expressions import render
from intake.rules.facts import Period, as_periods
from intake.rules.loader import RuleSet
from intake.rules.pieces import category_label

ONE_DAY = timedelta(days=1)


def overlaps(a: Period, b: Period) -> bool:
    """Inclusive ranges; an unknown end counts as the start day only."""
    return a.start <= b.last_day and b.start <= a.last_day


def check_new_period(
    rules: RuleSet,
    *,
    category: str,
    periods: Iterable[Any],
    start: date,
    end: date | None,
    nature: str | None = None,
    reprise: date | None = None,
) -> Decision:
    """Decide the nature of a stop given the claim's periods (same agent, same category).

    value is 'initial' (details new_claim=True when the claim already has periods: open another
    claim), 'prolongation' or 'rechute'; refused for reversed dates, a duplicate
    (details duplicate=True), an overlap or a period older than the latest one.
    """
    msg = rules.messages["periodes"]
    cat = rules.categories[category]
    new = Period(start, end, nature)
    existing = as_periods(periods)
    fields: dict[str, Any] = {"debut": start, "fin": end, "categorie": category_label(rules, category),
                              "reprise": reprise}

    def refuse(key: str, other: Period | None = None, **details: Any) -> Decision:
        if other is not None:
            fields.update(autre_debut=other.start, autre_fin=other.end)
        return Decision(False, None, (render(msg[key], fields),), rules.version, details=details)

    def accept(value: str, *keys: str, **details: Any) -> Decision:
        reasons = tuple(render(msg[key], fields) for key in keys)
        return Decision(True, value, reasons, rules.version, details={"new_claim": False, **details})

    if end is not None and end < start:
        return refuse("dates_inversees")
    if not existing:
        return accept(Nature.INITIAL.value, "premiere_periode")
    for other in existing:
        if other.start == start and other.end == end:
            return refuse("doublon", other, duplicate=True)
    for other in existing:
        if overlaps(other, new):
            return refuse("chevauchement", other, overlap=True)
    latest = max(existing, key=lambda p: p.last_day)
    if start < latest.start:
        return refuse("anterieure", latest)
    fields.update(autre_debut=latest.start, autre_fin=latest.end)

    if latest.end is None:
        if cat.prolongation:
            return accept(Nature.PROLONGATION.value, "fin_inconnue")
        return accept(Nature.INITIAL.value, "prolongation_impossible", new_claim=True)

    next_day = latest.end + ONE_DAY
    fields["lendemain"] = next_day
    if start == next_day:
        if not cat.prolongation:
            return accept(Nature.INITIAL.value, "prolongation_impossible", new_claim=True)
        if nature == Nature.RECHUTE:
            return accept(Nature.PROLONGATION.value, "rechute_sans_interruption")
        return accept(Nature.PROLONGATION.value, "prolongation")
    # A gap: the agent was back at work in between.
    if cat.continues_after_reprise:
        # A CLM/CLD period after a return to work goes on cumulating the same rights: same claim.
        if reprise is not None and start < reprise:
            return refuse("rechute_avant_reprise")
        return accept(Nature.INITIAL.value, "reprise_meme_sinistre")
    if cat.rechute:
        if reprise is not None and start < reprise:
            return refuse("rechute_avant_reprise")
        return accept(Nature.RECHUTE.value, "rechute")
    return accept(Nature.INITIAL.value, "nouveau_sinistre", new_claim=True)
