"""What a mail says happened to a claim already on file: a return to work, a requalification, a third party."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from intake.understand.dates import Role, scan
from intake.understand.text import fold

# « a repris le travail le 22/03/2025 », « date de reprise : … », « reprise effective le … ».
_BACK_AT_WORK = re.compile(
    r"\b(?:a|ont|avoir) repris\b|\breprise (?:du travail|de ses fonctions|de son poste|de service|effective)"
    r"|\bdate de (?:la )?reprise\b|\breprend (?:le travail|ses fonctions|son poste|son service)")
# A return part-time is a TPT (a new period), not the end of the claim; a planned one has not happened yet.
_NOT_BACK_YET = re.compile(r"temps partiel|mi-?\s?temps|\btpt\b|\bmtt\b|\bprevue?s?\b|\benvisagee?\b|\bprevisionnelle\b")

# « requalification … en CLM », « requalifier l'arrêt en congé de longue maladie ».
_REQUALIFY = re.compile(r"\brequalifi(?:cation|er|e|ee)\b")
_THIRD_PARTY = re.compile(r"\b(?:cause|provoque) par un tiers\b|\brecours contre (?:le |un |les )?tiers\b"
                          r"|\btiers responsable\b")


def reprise_date(text: str, reference: date) -> date | None:
    """The day the agent went back to work, when the text says so with a date (and not part-time)."""
    folded = fold(text)
    if not _BACK_AT_WORK.search(folded) or _NOT_BACK_YET.search(folded):
        return None
    found = [d for d in scan(text, reference)[0] if d.role == Role.REPRISE]
    return found[0].value if found else None


def requalified_to(text: str, targets: Iterable[tuple[str, re.Pattern[str]]]) -> str | None:
    """The category a requalification asks for: what follows « requalification … en ».

    `targets`: (category, its words), as the rules' categories_mots.yaml lists them under `requalification`."""
    folded = fold(text)
    m = _REQUALIFY.search(folded)
    if m is None:
        return None
    after = folded[m.end():]
    into = re.search(r"\ben\s", after)
    tail = after[into.end():] if into else after
    best = None
    for category, rx in targets:
        hit = rx.search(tail)
        if hit is not None and (best is None or hit.start() < best[0]):
            best = (hit.start(), category)
    return str(best[1]) if best else None


def third_party(text: str) -> bool:
    return bool(_THIRD_PARTY.search(fold(text)))
