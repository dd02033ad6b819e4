"""French labels and small formatting filters for the templates (codes stay codes in data)."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from jinja2 import Environment

from intake.claims.repair import REPAIR_LABELS
from intake.domain import NO_REPLY_LABELS, DraftOutcome, ReplyKind
from intake.mail.french import date_numeric
from intake.reminders import GROUPED
from intake.rules import category_label, document_label, get_rules, nature_label, status_label
from intake.store.messages import MessageStatus
from intake.store.outbox import OutboxStatus
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

OUTBOX_STATUS_LABELS = {OutboxStatus.PENDING: "en attente", OutboxStatus.SENT: "envoyé",
                        OutboxStatus.FAILED: "refusé par le relais", OutboxStatus.BOUNCED: "revenu (adresse en erreur)",
                        GROUPED: "regroupé dans le récapitulatif du jour"}
MESSAGE_STATUS_LABELS = {MessageStatus.RECEIVED: "reçu, en attente", MessageStatus.PROCESSING: "en cours d'analyse",
                         MessageStatus.PROCESSED: "traité", MessageStatus.FAILED: "en échec"}
MAIL_KIND_LABELS = {ReplyKind.ACCUSE_RECEPTION: "accusé de réception", ReplyKind.PIECES_RECUES: "pièces reçues",
                    ReplyKind.DOSSIER_COMPLET: "dossier complet", ReplyKind.NON_COUVERT: "non couvert",
                    ReplyKind.HORS_DELAI: "hors délai", ReplyKind.PRESCRIT: "prescrit",
                    ReplyKind.AGENT_NON_IDENTIFIE: "agent non identifié",
                    ReplyKind.EXPEDITEUR_INCONNU: "expéditeur inconnu",
                    ReplyKind.EXPEDITEUR_NON_AUTHENTIFIE: "expéditeur non authentifié",
                    ReplyKind.REPONSE_QUESTION: "réponse à une question",
                    ReplyKind.TRANSMIS_GESTIONNAIRE: "transmis à un gestionnaire",
                    ReplyKind.DOSSIER_INCONNU: "dossier inconnu", ReplyKind.PLUSIEURS_DOSSIERS: "plusieurs dossiers",
                    ReplyKind.REPRISE_ENREGISTREE: "reprise enregistrée", ReplyKind.REQUALIFICATION: "requalification",
                    "digest": "récapitulatif du jour", "relance": "relance", "reprise": "demande de date de reprise",
                    "relance_1": "1re relance", "relance_2": "2e relance", "relance_3": "3e relance",
                    "pieces_hors_delai": "pièces hors délai"}
AUDIT_ACTION_LABELS = {"brouillon": "brouillon créé", "message": "message rattaché", "corriger": "correction",
                       "confirmer": "confirmé", "rejeter": "rejeté", "clore": "clos", "requalifier": "requalifié",
                       "nouvelle_periode": "nouvelle période", "pieces_recues": "pièces reçues",
                       "appliquer_a_verifier": "message à vérifier appliqué",
                       "ecarter_a_verifier": "message à vérifier écarté", "reponse_differee": "réponse différée",
                       "relance": "relance", "reprise": "demande de date de reprise", "creer": "compte créé",
                       "affecter": "collectivités affectées", "retirer": "collectivités retirées",
                       "regler_seuil": "seuil de confirmation groupée modifié",
                       **REPAIR_LABELS}
ROLE_LABELS = {"admin": "administrateur", "gestionnaire": "gestionnaire"}
# The audit snapshot's keys (claims.service.snapshot), as a handler names them.
FIELD_LABELS = {"reference": "référence", "status": "statut", "category": "catégorie", "agent_id": "agent",
                "event_date": "date de survenance", "reprise": "date de reprise", "confirmed": "confirmé",
                "flags": "alertes", "missing_documents": "pièces manquantes", "periods": "périodes",
                "documents": "pièces", "step": "étape", "to": "destinataire"}


def code_label(labels: dict, code) -> str:
    """A code's French label; an unknown code is still shown readably (underscores are not words)."""
    if code is None or code == "":
        return "—"
    return labels.get(code) or str(code).replace("_", " ")


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
    env.filters["outbox_status"] = lambda s: code_label(OUTBOX_STATUS_LABELS, s)
    env.filters["message_status"] = lambda s: code_label(MESSAGE_STATUS_LABELS, s)
    env.filters["mail_kind"] = lambda k: code_label(MAIL_KIND_LABELS, k)
    env.filters["audit_action"] = lambda a: code_label(AUDIT_ACTION_LABELS, a)
    env.filters["role"] = lambda r: code_label(ROLE_LABELS, r)
    env.globals["query"] = query
