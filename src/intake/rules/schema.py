"""The typed shape of the rules files (pydantic); YAML keys are French, attributes English."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from intake.domain import Occurrence, Regime, WordingCondition

_TRUE = {"oui", "vrai", "true", "yes", "o"}
_FALSE = {"non", "faux", "false", "no", "n"}


def _fr_bool(value: Any) -> Any:
    # A centre de gestion writes "oui"/"non"; YAML 1.1 would only know yes/no/true/false.
    if isinstance(value, str):
        low = value.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
    return value


def _alternatives(value: Any) -> Any:
    # "a|b" and [a, b] both mean "either kind satisfies the requirement".
    if isinstance(value, str):
        return [part.strip() for part in value.split("|")]
    return value


FrBool = Annotated[bool, BeforeValidator(_fr_bool)]
Requirement = Annotated[list[str], BeforeValidator(_alternatives), Field(min_length=1)]
PositiveDays = Annotated[int, Field(ge=0, le=3650)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Example(Model):
    title: str = Field(alias="titre")
    call: str = Field(alias="appel")
    facts: dict[str, Any] = Field(default_factory=dict, alias="faits")
    expected: Any = Field(alias="attendu")


class CategoryDef(Model):
    label: str = Field(alias="libelle", min_length=1)
    regimes: list[Regime] = Field(min_length=1)
    prolongation: FrBool = True
    rechute: FrBool = False
    follows: list[str] = Field(default_factory=list, alias="suit")
    # The same leave under another regime's name (a CLM of an IRCANTEC agent is a congé de grave maladie).
    in_regime: dict[Regime, str] = Field(default_factory=dict, alias="au_regime")
    # A new period after a return to work continues the same claim (cumulated rights of CLM/CLD/CGM).
    continues_after_reprise: FrBool = Field(False, alias="meme_sinistre_apres_reprise")
    # Which date is the claim's event: an accident's, a disease's first finding, a death's, or the stop's.
    occurrence: Occurrence = Field(Occurrence.ARRET, alias="survenance")


class LabelDef(Model):
    label: str = Field(alias="libelle", min_length=1)
    description: str = ""


class CategoriesFile(Model):
    categories: dict[str, CategoryDef]
    natures: dict[str, LabelDef]
    examples: list[Example] = Field(default_factory=list, alias="exemples")


class DocumentsFile(Model):
    documents: dict[str, LabelDef]
    examples: list[Example] = Field(default_factory=list, alias="exemples")


class PiecesFile(Model):
    # category -> nature -> list of requirements, each a list of alternative kinds
    pieces: dict[str, dict[str, list[Requirement]]] = Field(alias="pieces_obligatoires")
    fallback_nature: str = Field("initial", alias="nature_par_defaut")
    examples: list[Example] = Field(default_factory=list, alias="exemples")


class FormulaDef(Model):
    regime: Regime
    label: str = Field("", alias="libelle")
    covers: Literal["tout"] | list[str] = Field(alias="couvre")
    except_: list[str] = Field(default_factory=list, alias="sauf")
    medical_costs: list[str] = Field(default_factory=list, alias="frais_medicaux")


class FormulasFile(Model):
    formulas: dict[int, FormulaDef] = Field(alias="formules")
    messages: dict[str, str] = Field(default_factory=dict)
    examples: list[Example] = Field(default_factory=list, alias="exemples")


# What a period declared after its deadline gets: cover from the day we received it (practice), or from
# its first day all the same (a contract that only flags lateness).
LateEffect = Literal["couverture_a_reception", "couverture_des_le_debut"]


class ContractOverride(Model):
    declaration_days: PositiveDays | None = Field(None, alias="delai_declaration")
    documents_days: PositiveDays | None = Field(None, alias="delai_pieces")
    franchise_mo_days: PositiveDays | None = Field(None, alias="franchise_mo")
    late_effect: LateEffect | None = Field(None, alias="effet_hors_delai")
    extra_pieces: dict[str, dict[str, list[Requirement]]] = Field(
        default_factory=dict, alias="pieces_supplementaires"
    )


class ContractsFile(Model):
    contracts: dict[str, ContractOverride] = Field(default_factory=dict, alias="contrats")
    examples: list[Example] = Field(default_factory=list, alias="exemples")


class Guard(Model):
    when: str = Field(alias="si")
    reason: str = Field(alias="motif")


class Outcome(Model):
    to: str = Field(alias="vers")
    when: str | None = Field(None, alias="si")
    reason: str = Field(alias="motif", min_length=1)


class ActionDef(Model):
    label: str = Field(alias="libelle")
    from_: list[str] = Field(alias="depuis", min_length=1)
    refusals: list[Guard] = Field(default_factory=list, alias="refus")
    outcomes: list[Outcome] = Field(alias="resultats", min_length=1)
    effects: list[str] = Field(default_factory=list, alias="effets")


class StatusesFile(Model):
    statuses: dict[str, LabelDef] = Field(alias="statuts")
    actions: dict[str, ActionDef]
    messages: dict[str, str] = Field(default_factory=dict)
    examples: list[Example] = Field(default_factory=list, alias="exemples")


class PeriodsFile(Model):
    messages: dict[str, str]
    examples: list[Example] = Field(default_factory=list, alias="exemples")


class ReminderStep(Model):
    step: str = Field(alias="etape", min_length=1)
    days: PositiveDays = Field(alias="jours")
    states_forfeiture: FrBool = Field(False, alias="annonce_forclusion")


class RepriseRequest(Model):
    after_days: PositiveDays = Field(1, alias="apres_jours")
    repeat_days: PositiveDays = Field(30, alias="repeter_tous_les")
    statuses: list[str] = Field(default_factory=lambda: ["brouillon", "ouvert"], alias="statuts")
    # Leaves of a fixed length (paternité, adoption) and a death: no return to work to ask about.
    not_for: list[str] = Field(default_factory=list, alias="sauf_categories")


class DeadlinesFile(Model):
    declaration_days: PositiveDays = Field(alias="delai_declaration")
    documents_days: PositiveDays = Field(alias="delai_pieces")
    prescription_years: Annotated[int, Field(ge=1, le=30)] = Field(alias="prescription_annees")
    late_effect: LateEffect = Field("couverture_a_reception", alias="effet_hors_delai")
    reminders: list[ReminderStep] = Field(alias="relances")
    reprise: RepriseRequest = Field(alias="demande_reprise")
    messages: dict[str, str]
    examples: list[Example] = Field(default_factory=list, alias="exemples")


class BaseElement(Model):
    label: str = Field(alias="libelle")
    mandatory: FrBool = Field(False, alias="obligatoire")
    percent_of_tbi: FrBool = Field(False, alias="en_pourcentage_du_tbi")
    min_percent: Annotated[int, Field(ge=0, le=100)] | None = Field(None, alias="pourcentage_min")
    max_percent: Annotated[int, Field(ge=0, le=100)] | None = Field(None, alias="pourcentage_max")


class BaseFile(Model):
    elements: dict[str, BaseElement] = Field(alias="elements")
    rounding: Literal["inferieur", "plus_proche", "superieur"] = Field("plus_proche", alias="arrondi")
    required_before_claim: FrBool = Field(True, alias="obligatoire_avant_declaration")
    messages: dict[str, str]
    examples: list[Example] = Field(default_factory=list, alias="exemples")


def _as_pattern(value: Any) -> Any:
    # A bare string is a pattern retained unconditionally.
    return {"motif": value} if isinstance(value, str) else value


class WordPattern(Model):
    pattern: str = Field(alias="motif", min_length=1)
    when: WordingCondition | None = Field(None, alias="si")


class PieceHint(Model):
    category: str = Field(alias="categorie")
    confidence: Annotated[float, Field(gt=0, le=1)] = Field(alias="confiance")


class WordingFile(Model):
    # category -> its patterns, categories in precedence order (the file's)
    words: dict[str, list[Annotated[WordPattern, BeforeValidator(_as_pattern)]]] = Field(alias="mots")
    pieces: dict[str, PieceHint] = Field(default_factory=dict)
    boxes: dict[str, str] = Field(default_factory=dict, alias="cases")
    requalification: dict[str, str] = Field(default_factory=dict)
    examples: list[Example] = Field(default_factory=list, alias="exemples")


Weighted = tuple[Annotated[float, Field(gt=0)], Annotated[str, Field(min_length=1)]]


class KindZones(Model):
    title: list[Weighted] = Field(default_factory=list, alias="titre")
    body: list[Weighted] = Field(default_factory=list, alias="texte")
    fuzzy: list[Weighted] = Field(default_factory=list, alias="approche")
    name: list[Weighted] = Field(default_factory=list, alias="nom")


class KindPatternsFile(Model):
    min_score: Annotated[float, Field(gt=0)] = Field(alias="seuil")
    kinds: dict[str, KindZones] = Field(alias="pieces")
    cover: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list, alias="lettre_d_envoi")
    examples: list[Example] = Field(default_factory=list, alias="exemples")


# The files of a rules folder and the model each one must satisfy, in load order.
FILES: dict[str, type[Model]] = {
    "categories.yaml": CategoriesFile,
    "categories_mots.yaml": WordingFile,
    "documents.yaml": DocumentsFile,
    "documents_mots.yaml": KindPatternsFile,
    "pieces.yaml": PiecesFile,
    "formules.yaml": FormulasFile,
    "contrats.yaml": ContractsFile,
    "statuts.yaml": StatusesFile,
    "periodes.yaml": PeriodsFile,
    "delais.yaml": DeadlinesFile,
    "base.yaml": BaseFile,
}
