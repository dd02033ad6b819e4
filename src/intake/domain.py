"""Codes and value objects of the domain (see docs/domain.md): one place for every code string."""

from __future__ import annotations

from enum import StrEnum


class Regime(StrEnum):
    CNRACL = "CNRACL"
    IRCANTEC = "IRCANTEC"


class AgentStatus(StrEnum):
    TITULAIRE = "titulaire"
    STAGIAIRE = "stagiaire"
    CONTRACTUEL = "contractuel"


class Category(StrEnum):
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
