"""One claim per person: mentions that the registry resolves to one agent are one person's, whatever their
spelling (the body's « Mme DUPONT » by her birth name, the form's « GONNET Océane », a NIR alone on a form)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from intake.understand.text import fold, slips


def merge_same_agent(persons: list[dict[str, Any]], matricule_of: Callable[[dict[str, Any]], str | None]) -> list[dict[str, Any]]:
    """Persons resolving to one matricule merged into the first of them (its mentions keep their sources)."""
    if len(persons) < 2:
        return persons
    out: list[dict[str, Any]] = []
    seen: dict[str, dict[str, Any]] = {}
    for p in persons:
        key = matricule_of(p)
        into = seen.get(key) if key else None
        if into is None:
            if key:
                seen[key] = p
            out.append(p)
            continue
        for field in ("found", "forms", "nirs"):
            into[field] = into[field] + p[field]
        if p.get("extra"):
            into.setdefault("extra", []).extend(p["extra"])
    return out



def _last_names(p: dict[str, Any]) -> set[str]:
    said = [x for q in p["found"] for x in (q.mention.last_name, q.mention.birth_name)]
    said += [m.last_name for _, _, m in p["forms"]]
    return {fold(x).replace(" ", "").replace("-", "") for x in said if x}


def _first_names(p: dict[str, Any]) -> set[str]:
    said = [q.mention.first_name for q in p["found"]] + [m.first_name for _, _, m in p["forms"]]
    return {fold(x) for x in said if x}


def _spelt_alike(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """The same surname or one letter off (typed, dropped, doubled or two swapped) when it has five letters
    or more, and no first name that differs: « ROUQUETET Gilles » beside « ROUQUETTE Gilles », « NUGYEN »
    beside « NGUYEN », a form's « DUCLOS GHISLAINE » beside the words' « Mme Ghislaine Duclos »."""
    fa, fb = _first_names(a), _first_names(b)
    if fa and fb and not fa & fb:
        return False
    return any(x == y or min(len(x), len(y)) >= 5 and slips(x, y) == 1
               for x in _last_names(a) for y in _last_names(b))


def merge_misspelt(persons: list[dict[str, Any]], matricule_of: Callable[[dict[str, Any]], str | None]) -> list[dict[str, Any]]:
    """A person the registry cannot resolve (a mistyped name, a form whose NIR was misread) whose name is
    one letter off a resolved person's of the same message is that person: one claim, not a second one
    without an agent. Only their pieces and NIRs join (the resolved mentions name the claim), and only if
    the claim still resolves to the same agent with them: no agent is ever taken from, or lost to, the
    unresolved reading."""
    if len(persons) < 2:
        return persons
    keyed = [(p, matricule_of(p)) for p in persons]
    out: list[dict[str, Any]] = []
    for p, key in keyed:
        alike = [(q, k) for q, k in keyed if k and q is not p and _spelt_alike(p, q)] if key is None else []
        if len(alike) == 1:
            into, into_key = alike[0]
            # A person only the forms name takes the words' misspelt mentions too: where the text speaks of
            # them says which of its dates are theirs when it names several people.
            joined = dict(into, forms=into["forms"] + p["forms"], nirs=into["nirs"] + p["nirs"],
                          extra=into.get("extra", []) + p.get("extra", []),
                          found=into["found"] or p["found"])
            if matricule_of(joined) == into_key:
                into.update(forms=joined["forms"], nirs=joined["nirs"], found=joined["found"])
                if joined["extra"]:
                    into["extra"] = joined["extra"]
                continue
        out.append(p)
    return out
