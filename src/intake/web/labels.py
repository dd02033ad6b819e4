"""French labels and small formatting filters for the templates (codes stay codes in data)."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from jinja2 import Environment

from intake.domain import NO_REPLY_LABELS, DraftOutcome
from intake.mail.french import date_numeric
from intake.rules import category_label, document_label, get_rules, nature_label, status_label
from intake.web.filenames import shown_name, visible

FLAG_LABELS = {"hors_delai": "hors délai", "non_couvert": "non couvert", "agent_inconnu": "agent à identifier",
               "prescrit": "prescrit", "frais_medicaux": "frais médicaux seuls",
               "sans_contrat": "aucun contrat en vigueur", "base_absente": "base de l'assurance non saisie"}
OUTCOME_LABELS = {DraftOutcome.EXPEDITEUR_INCONNU: "expéditeur inconnu", DraftOutcome.AUTOMATIQUE: "message automatique",
                  DraftOutcome.EXPEDITEUR_NON_AUTHENTIFIE: "expéditeur non authentifié (adresse d'une collectivité, "
                                                           "non confirmée par notre serveur de messagerie)",
                  DraftOutcome.SANS_DOSSIER: "sans dossier", DraftOutcome.QUESTION: "question",
                  DraftOutcome.A_VERIFIER: "à vérifier (expéditeur non enregistré pour le sinistre)",
                  DraftOutcome.REPRISE: "date de reprise enregistrée",
                  DraftOutcome.REQUALIFICATION: "requalification du sinistre"}


def _safe(function, code):
    if not code:
        return "—"
    try:
        return function(get_rules(), code)
    except (ValueError, KeyError):
        return code


def fr_date(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return date_numeric(value)


def percent(value) -> str:
    return "—" if value is None else f"{round(value * 100)} %"


def query(params: dict, **changes) -> str:
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return urlencode(merged)


def install(env: Environment) -> None:
    env.filters["category"] = lambda c: _safe(category_label, c)
    env.filters["document"] = lambda k: _safe(document_label, k)
    env.filters["nature"] = lambda n: _safe(nature_label, n)
    env.filters["status"] = lambda s: _safe(status_label, s)
    env.filters["flag"] = lambda f: FLAG_LABELS.get(f, f)
    env.filters["outcome"] = lambda o: OUTCOME_LABELS.get(o, o or "—")
    env.filters["no_reply"] = lambda code: NO_REPLY_LABELS.get(code, code or "—")
    env.filters["fr_date"] = fr_date
    env.filters["filename"] = shown_name
    env.filters["visible"] = visible
    env.filters["percent"] = percent
    env.globals["query"] = query
