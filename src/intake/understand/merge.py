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


def _surname_words(p: dict[str, Any]) -> set[str]:
    said = [x for q in p["found"] for x in (q.mention.last_name, q.mention.birth_name)]
    said += [m.last_name for _, _, m in p["forms"]]
    return {w for x in said if x for w in fold(x).replace("-", " ").split()}


def _spelt_alike(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """The same surname or one letter off (typed, dropped, doubled or two swapped) when it has five letters
    or more, and no first name that differs: « ROUQUETET Gilles » beside « ROUQUETTE Gilles », « NUGYEN »
    beside « NGUYEN », a form's « DUCLOS GHISLAINE » beside the words' « Mme Ghislaine Duclos ».

    A person only a form names (`a`) is read from a scan: OCR may misread one of the two names, or take
    a stray word of the box beside it. With the surname written exactly as the other's, the first name
    may differ (« FERREIRA Zonza », the employer's town read from the line below, beside « Mme FERREIRA
    Josiane »); with the same first name, the surname may carry a stray word (« AB CHAMBON »)."""
    fa, fb = _first_names(a), _first_names(b)
    la, lb = _last_names(a), _last_names(b)
    if fa and fb and not fa & fb:
        return not a["found"] and bool(la & lb)
    if not a["found"] and fa and fa & fb and any(len(w) >= 4 for w in _surname_words(a) & _surname_words(b)):
        return True
    return any(x == y or min(len(x), len(y)) >= 5 and slips(x, y) == 1 for x in la for y in lb)


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
