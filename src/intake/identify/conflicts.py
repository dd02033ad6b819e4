"""Evidence that disagrees about who the claim is for: the handler decides, we do not guess.

A mail whose text names one person and whose attached arrêt names another (a misread photo, the wrong file
attached, a form of a colleague) is one stop with two candidate people, not two claims: the claim goes to a
handler with no agent and both candidates, its confidence lowered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from intake.identify.match import AgentMatch, Registry, match_agents
from intake.understand.mentions import PersonMention

CONFLICT_CONFIDENCE = 0.3
# A person named only in the quoted history of a reply whose new text names nobody: a candidate, never a
# filing, since a name of the new text we failed to read would make the history's person someone else.
HISTORY_CONFIDENCE = 0.6
REASON = "le message et le formulaire joint nomment deux personnes différentes"
REASON_THREAD = "l'objet repris et l'historique cité nomment deux personnes différentes"


def join_text_and_form(persons: list[dict[str, Any]], known: Callable[[list[PersonMention]], bool]) -> list[dict[str, Any]]:
    """One person named by the words and one other named only by attached forms: one claim. It is in conflict
    when the form's reading names someone the registry knows (`known`); a reading that names nobody known
    (a garbled photo) yields to the words."""
    said = [p for p in persons if p["found"]]
    form_only = [p for p in persons if not p["found"] and p["forms"]]
    if len(persons) != 2 or len(said) != 1 or len(form_only) != 1 or said[0]["forms"]:
        return persons
    a, b = said[0], form_only[0]
    a["forms"] = a["forms"] + b["forms"]
    a["nirs"] = a["nirs"] + b["nirs"]
    read = [m for _, _, m in b["forms"]]
    if known(read):
        a["conflict"] = (read, REASON)
    return [a]


def routed(registry: Registry, collectivite: str | None, said: list[PersonMention], form: list[PersonMention],
           said_name: str | None, reason: str = REASON) -> AgentMatch:
    """No agent, the candidates of both readings, the best first."""
    seen: dict[str, Any] = {}
    for mentions in (said, form):
        for c in match_agents(registry, collectivite, mentions).candidates:
            if c.matricule not in seen or seen[c.matricule].score < c.score:
                seen[c.matricule] = c
    candidates = tuple(sorted(seen.values(), key=lambda c: -c.score)[:5])
    return AgentMatch(None, CONFLICT_CONFIDENCE, said_name, reason, candidates)
