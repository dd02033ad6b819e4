"""The plain facts the engine reasons on (no database rows): periods and a claim's state."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Period:
    """One stop, `start`..`end` inclusive; `end` None when not known yet."""

    start: date
    end: date | None = None
    nature: str | None = None
    declared_on: date | None = None  # the day our server received it
    pieces: frozenset[str] = frozenset()  # kinds of the pieces that justify this period

    @property
    def last_day(self) -> date:
        return self.end if self.end is not None else self.start


@dataclass(frozen=True)
class ClaimFacts:
    status: str
    category: str
    periods: tuple[Period, ...] = ()
    documents: frozenset[str] = field(default_factory=frozenset)
    confirmed: bool = False
    reprise: date | None = None
    contract_number: str | None = None
    regime: str | None = None
    # True when each period carries the pieces linked to it: its own pieces justify it, not the claim's.
    pieces_per_period: bool = False

    @property
    def first_day(self) -> date | None:
        return min((p.start for p in self.periods), default=None)

    @property
    def last_day(self) -> date | None:
        ends = [p.end for p in self.periods if p.end is not None]
        return max(ends, default=None)


def as_period(value: Any) -> Period:
    """Accept a Period, any object with start/end, a (start, end[, nature]) pair or a mapping."""
    if isinstance(value, Period):
        return value
    if isinstance(value, dict):
        return Period(value["start"], value.get("end"), value.get("nature"))
    if isinstance(value, list | tuple):
        return Period(*value)
    return Period(value.start, getattr(value, "end", None), getattr(value, "nature", None))


def as_periods(values: Iterable[Any]) -> tuple[Period, ...]:
    return tuple(sorted((as_period(v) for v in values), key=lambda p: (p.start, p.last_day)))
