"""Several people named in one sentence, then as many periods: the k-th period is the k-th person's.

« Mme X et M. Y sont en arrêt, respectivement du 03/03 au 07/03 et du 05/03 au 19/03 »: each claim keeps
its own dates instead of both taking the first period.
"""

from __future__ import annotations

import re
from typing import Any

# A sentence ends at a full stop that closes no civilité (« M. », « Mme. ») or at a line break.
_SENTENCE_END = re.compile(r"(?<!\bM)(?<!Mme)(?<!Mlle)(?<!\bDr)[.!?](?=\s|$)|\n")


_CLAUSE = re.compile(r"\s(?:et|ainsi que|puis|tandis que)\s|[;,]\s|\)\s")


def clause_cut(text: str, lo: int, hi: int) -> int:
    """Where the clause naming the next person begins between two people named on one line: the last
    « et », « ainsi que », comma or semicolon between them (else the next person's name itself)."""
    cuts = [m.start() for m in _CLAUSE.finditer(text, lo, hi)]
    return cuts[-1] if cuts else hi


def respective_periods(persons: list[dict[str, Any]], periods: list[tuple[Any, Any]]) -> dict[int, tuple[Any, Any]]:
    """id(person) → (source, period) for the people named together before a row of as many periods."""
    firsts: dict[str, list[tuple[int, int]]] = {}  # source name → (offset of first mention, person index)
    for i, p in enumerate(persons):
        by_source: dict[str, int] = {}
        for q in p["found"]:
            by_source[q.mention.source] = min(by_source.get(q.mention.source, q.start), q.start)
        for name, at in by_source.items():
            firsts.setdefault(name, []).append((at, i))
    out: dict[int, tuple[Any, Any]] = {}
    for name, named in firsts.items():
        mine = sorted(((s, q) for s, q in periods if s.name == name), key=lambda sq: sq[1].span[0])
        if len(named) < 2 or not mine:
            continue
        text = mine[0][0].text
        begin = 0
        for end in [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
            group = sorted((a, i) for a, i in named if begin <= a < end)
            here = [(s, q) for s, q in mine if begin <= q.span[0] < end]
            begin = end
            if len(group) < 2 or len(here) != len(group) or here[0][1].span[0] < group[-1][0]:
                continue  # not several people then as many periods
            for (_, i), sq in zip(group, here, strict=True):
                out[id(persons[i])] = sq
    return out


def stretches(mine: list[tuple[int, int]], others: list[int], text: str) -> list[tuple[int, int]]:
    """The stretches of `text` that speak of one person: from each of their mentions (start, end) to the next
    mention of someone else. A table (« Agent / Du / Au », one cell a line) followed by the same list in
    sentences names each person twice: each naming opens a stretch of theirs, and the periods of both
    stretches are theirs, not the ones of the person named first.

    A stretch begins with its mention's line, or with the clause naming them when someone else is named
    before on that line (« Mme X … et M. Y du … »); it ends where the next other person's line begins, or
    with the clause naming them when they are named on this line."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(mine):
        earlier = [x for x in others if x < start]
        later = [x for x in others if x > start]
        line_start = text.rfind("\n", 0, start) + 1
        begin = line_start
        if earlier and max(earlier) >= line_start:
            begin = clause_cut(text, max(earlier), start)
        stop = len(text)
        if later:
            next_line = text.rfind("\n", 0, later[0]) + 1
            stop = next_line if next_line > start else clause_cut(text, end, later[0])
        begin = min(begin, start)
        if out and begin <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], stop))
        else:
            out.append((begin, stop))
    return out
