"""Codes and value objects of the domain (see docs/domain.md): one place for every code string."""

from __future__ import annotations

import re
from enum import StrEnum

# A claim's reference, as subjects and replies write it: SIN-<year received>-<number, per year, on 5 digits at
# least>. The pattern reads back exactly what claim_reference writes: no leading zero beyond five digits
# (« SIN-2025-0001234 » is not SIN-2025-01234: a wrong claim is the worst error).
CLAIM_REFERENCE = re.compile(r"\bSIN-(\d{4})-(\d{5}|[1-9]\d{5,})\b", re.IGNORECASE)


def reference_prefix(year: int) -> str:
    return f"SIN-{year:04d}-"


def claim_reference(year: int, number: int) -> str:
    return f"{reference_prefix(year)}{number:05d}"


class UserRole(StrEnum):
    """What a handler account may do on the desk."""

    GESTIONNAIRE = "gestionnaire"
    ADMIN = "admin"


class Regime(StrEnum):
    CNRACL = "CNRACL"
    IRCANTEC = "IRCANTEC"


class AgentStatus(StrEnum):
    TITULAIRE = "titulaire"
    STAGIAIRE = "stagiaire"
    CONTRACTUEL = "contractuel"


class Category(StrEnum):
    """The categories the code names (defaults, fallbacks); rules/categories.yaml may declare more."""

    MALADIE_ORDINAIRE = "maladie_ordinaire"
    LONGUE_MALADIE = "longue_maladie"
    LONGUE_DUREE = "longue_duree"
    GRAVE_MALADIE = "grave_maladie"
    ACCIDENT_SERVICE = "accident_service"
    ACCIDENT_TRAJET = "accident_trajet"
    MALADIE_PROFESSIONNELLE = "maladie_professionnelle"
    MATERNITE = "maternite"
    PATERNITE = "paternite"
    ADOPTION = "adoption"
    TEMPS_PARTIEL_THERAPEUTIQUE = "temps_partiel_therapeutique"
    DECES = "deces"


class Occurrence(StrEnum):
    """Which date is a claim's event (rules/categories.yaml, `survenance:`)."""

    ARRET = "arret"  # the stop's first day
    ACCIDENT = "accident"
    PREMIERE_CONSTATATION = "premiere_constatation"  # an occupational disease's first medical finding
    DECES = "deces"  # a death: no stop at all


class WordingCondition(StrEnum):
    """When a category's pattern counts (rules/categories_mots.yaml, `si:`)."""

    CIRCONSTANCES_ACCIDENT = "circonstances_accident"  # the text also describes an accident
    GROSSESSE_ATTESTEE = "grossesse_attestee"  # a pregnancy certificate attached or the form's box ticked
    AGENT_HOMME = "agent_homme"  # the text names its agent « M. », « Monsieur », and no woman
    AGENT_FEMME = "agent_femme"  # the text names its agent « Mme », « Madame », and no man


class Nature(StrEnum):
    INITIAL = "initial"
    PROLONGATION = "prolongation"
    RECHUTE = "rechute"


class DocumentKind(StrEnum):
    ARRET_TRAVAIL = "arret_travail"
    CERTIFICAT_AT_MP = "certificat_at_mp"
    CERTIFICAT_FINAL = "certificat_final"
    CERTIFICAT_MEDICAL = "certificat_medical"
    CERTIFICAT_GROSSESSE = "certificat_grossesse"
    DECLARATION_ACCIDENT = "declaration_accident"
    DECLARATION_MALADIE_PROFESSIONNELLE = "declaration_maladie_professionnelle"
    ENQUETE_ADMINISTRATIVE = "enquete_administrative"
    TEMOIGNAGE = "temoignage"
    CONSTAT_AMIABLE = "constat_amiable"
    PLAN_TRAJET = "plan_trajet"
    ARRETE = "arrete"
    AVIS_CONSEIL_MEDICAL = "avis_conseil_medical"
    ACTE_NAISSANCE = "acte_naissance"
    JUSTIFICATIF_ADOPTION = "justificatif_adoption"
    ACTE_DECES = "acte_deces"
    DEMANDE_AGENT = "demande_agent"
    BULLETIN_SALAIRE = "bulletin_salaire"
    FACTURE = "facture"
    AUTRE = "autre"


class ClaimStatus(StrEnum):
    BROUILLON = "brouillon"
    OUVERT = "ouvert"
    CLOS = "clos"
    REJETE = "rejete"


class Intent(StrEnum):
    DECLARATION = "declaration"
    DOCUMENTS = "documents"
    QUESTION = "question"
    AUTO_REPLY = "auto_reply"
    OTHER = "other"


class DraftOutcome(StrEnum):
    """What drafting did with a message (stored on it as `outcome`)."""

    CLAIMS = "claims"  # claims created or updated
    AUTOMATIQUE = "automatique"
    EXPEDITEUR_INCONNU = "expediteur_inconnu"
    EXPEDITEUR_NON_AUTHENTIFIE = "expediteur_non_authentifie"  # a forged From: nothing filed
    SANS_DOSSIER = "sans_dossier"  # a declaration or documents, but no claim could be drafted
    DEJA_TRAITE = "deja_traite"  # a replay of a message already drafted
    QUESTION = "question"
    AUTRE = "autre"
    A_VERIFIER = "a_verifier"  # every change the message proposed waits for a handler (claims/pending.py)
    REPRISE = "reprise"  # a return to work recorded on the claim the mail answers
    REQUALIFICATION = "requalification"  # the claim the mail answers requalified (retroactive)


class ReplyKind(StrEnum):
    """Template names in mail_templates/ (<kind>.txt and <kind>.html)."""

    ACCUSE_RECEPTION = "accuse_reception"
    PIECES_RECUES = "pieces_recues"
    DOSSIER_COMPLET = "dossier_complet"
    NON_COUVERT = "non_couvert"
    HORS_DELAI = "hors_delai"
    PRESCRIT = "prescrit"
    AGENT_NON_IDENTIFIE = "agent_non_identifie"
    EXPEDITEUR_INCONNU = "expediteur_inconnu"
    EXPEDITEUR_NON_AUTHENTIFIE = "expediteur_non_authentifie"
    REPONSE_QUESTION = "reponse_question"
    TRANSMIS_GESTIONNAIRE = "transmis_gestionnaire"
    DOSSIER_INCONNU = "dossier_inconnu"  # pieces for a claim we do not have: said back, with what we understood
    PLUSIEURS_DOSSIERS = "plusieurs_dossiers"  # one mail about several claims: one reply covering them all
    REPRISE_ENREGISTREE = "reprise_enregistree"  # a return to work said by mail, recorded
    REQUALIFICATION = "requalification"  # a requalification asked by mail, applied


class RepairAction(StrEnum):
    """The audit log's codes of a handler's repairs (claims/repair.py)."""

    RATTACHER_MESSAGE = "rattacher_message"
    DEPLACER_PIECE = "deplacer_piece"
    RECEVOIR_PIECE = "recevoir_piece"
    FUSIONNER = "fusionner"
    FUSIONNE_DANS = "fusionne_dans"
    AJOUTER_PERIODE = "ajouter_periode"
    RETIRER_PERIODE = "retirer_periode"
    SCINDER = "scinder"
    NE_DE_SCISSION = "ne_de_scission"


class MessageStatus(StrEnum):
    """Where a received message stands in processing (messages.status)."""

    RECEIVED = "received"
    PROCESSING = "processing"
    PROCESSED = "processed"
    FAILED = "failed"


class OutboxStatus(StrEnum):
    """Where a mail of ours stands (outbox.status)."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # refused for good by the relay (5xx); kept for handlers
    BOUNCED = "bounced"  # taken by the relay, then a delivery report came back: the address is wrong


class PendingStatus(StrEnum):
    """A change proposed by an unregistered sender (pending_changes.status, claims/pending.py)."""

    A_VERIFIER = "a_verifier"
    APPLIQUE = "applique"
    ECARTE = "ecarte"


class StatusEffect(StrEnum):
    """What a handler's action does besides changing the status (rules/statuts.yaml, `effets:`)."""

    ENREGISTRER_CONFIRMATION = "enregistrer_confirmation"
    ENREGISTRER_REPRISE = "enregistrer_reprise"
    ENREGISTRER_MOTIF = "enregistrer_motif"
    RETIRER_CONFIRMATION = "retirer_confirmation"
    RECALCULER_PIECES = "recalculer_pieces"
    CONSERVER_HISTORIQUE = "conserver_historique"


class Flag(StrEnum):
    HORS_DELAI = "hors_delai"
    NON_COUVERT = "non_couvert"
    AGENT_INCONNU = "agent_inconnu"
    COLLECTIVITE_INCONNUE = "collectivite_inconnue"
    PRESCRIT = "prescrit"  # more than 2 years after the event (prescription biennale)
    PIECES_HORS_DELAI = "pieces_hors_delai"  # mandatory pieces still missing after their deadline
    FRAIS_MEDICAUX = "frais_medicaux"  # the contract insures the medical costs only (formula 9), not the salaries
    SANS_CONTRAT = "sans_contrat"  # no contract of the agent's regime in force on the claim's first day
    BASE_ABSENTE = "base_absente"  # the contract's base de l'assurance for the claim's year is not recorded


class NoReply(StrEnum):
    """Why a received message got no automatic reply, kept on the message (messages.no_reply)."""

    AUTOMATIC = "automatique"
    INVALID_SENDER = "expediteur_invalide"
    NO_REPLY_ADDRESS = "adresse_sans_reponse"
    OWN_MAILBOX = "notre_boite"
    ALREADY_ANSWERED = "deja_repondu"
    NOT_OUR_BUSINESS = "hors_sujet"
    UNKNOWN_ALREADY_TOLD = "inconnu_deja_averti"
    UNKNOWN_CEILING = "plafond_inconnus"
    LOOP = "boucle"
    UNWRITABLE = "adresse_inutilisable"


# What a handler reads on the message page (French).
NO_REPLY_LABELS: dict[str, str] = {
    NoReply.AUTOMATIC: "message automatique : aucune réponse",
    NoReply.INVALID_SENDER: "expéditeur absent ou invalide : aucune réponse",
    NoReply.NO_REPLY_ADDRESS: "adresse qui ne lit pas les réponses (no-reply, serveur) : aucune réponse",
    NoReply.OWN_MAILBOX: "message venant de notre propre boîte : aucune réponse",
    NoReply.ALREADY_ANSWERED: "message déjà traité : ses réponses sont déjà en file",
    NoReply.NOT_OUR_BUSINESS: "message sans rapport avec un sinistre (remerciement, lettre d'information, publicité) : "
                              "aucune réponse automatique",
    NoReply.UNKNOWN_ALREADY_TOLD: "expéditeur inconnu déjà averti aujourd'hui : aucune nouvelle réponse",
    NoReply.UNKNOWN_CEILING: "plafond horaire des réponses aux expéditeurs inconnus atteint : aucune réponse",
    NoReply.LOOP: "réponse à nos propres réponses automatiques (boucle) : aucune réponse",
    NoReply.UNWRITABLE: "adresse de réponse inutilisable : aucune réponse",
}
