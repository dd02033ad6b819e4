"""The expected side's own copy of domain.md's mandatory-pieces table (kept apart from src so the eval stays independent)."""

from __future__ import annotations

# category → nature → requirements; a requirement is a tuple of alternatives, reported by its first kind.
_SICK = {"initial": [("arret_travail",), ("avis_conseil_medical",), ("arrete",)],
         "prolongation": [("arret_travail",), ("avis_conseil_medical",)]}
_ACCIDENT = {"initial": [("declaration_accident",), ("certificat_at_mp",), ("enquete_administrative",)],
             "prolongation": [("certificat_at_mp", "arret_travail")], "rechute": [("certificat_at_mp",)]}
MANDATORY: dict[str, dict[str, list[tuple[str, ...]]]] = {
    "maladie_ordinaire": {"initial": [("arret_travail",)], "prolongation": [("arret_travail",)]},
    "longue_maladie": _SICK,
    "longue_duree": _SICK,
    "grave_maladie": _SICK,
    "accident_service": _ACCIDENT,
    "accident_trajet": _ACCIDENT,
    "maladie_professionnelle": {"initial": [("declaration_maladie_professionnelle",), ("certificat_at_mp",)],
                                "prolongation": [("certificat_at_mp", "arret_travail")],
                                "rechute": [("certificat_at_mp",)]},
    "maternite": {"initial": [("certificat_grossesse",)], "prolongation": [("arret_travail",)]},
    "paternite": {"initial": [("acte_naissance",), ("demande_agent",)]},
    "adoption": {"initial": [("justificatif_adoption",), ("demande_agent",)]},
    "temps_partiel_therapeutique": {"initial": [("certificat_medical",), ("demande_agent",)],
                                    "prolongation": [("certificat_medical",)]},
    "deces": {"initial": [("acte_deces",), ("bulletin_salaire",)]},
}
RECHUTE_ALLOWED = {"accident_service", "accident_trajet", "maladie_professionnelle"}


def natures_of(category: str) -> list[str]:
    return list(MANDATORY[category])


def requirements(category: str, nature: str | None) -> list[tuple[str, ...]]:
    """For intent documents (nature None) the pieces are those of an initial declaration (contract.md)."""
    return MANDATORY[category][nature or "initial"]


def missing(category: str | None, nature: str | None, attached: set[str]) -> list[str]:
    if category is None:
        return []
    return sorted(req[0] for req in requirements(category, nature) if not attached & set(req))
