"""Checks across rules files (codes that must exist, conditions, message fields) and the RuleSet."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from intake.domain import Category, ClaimStatus, DocumentKind, Nature, StatusEffect
from intake.rules import schema as s
from intake.rules.expressions import ExpressionError, check_template, compile_condition
from intake.rules.loader import CompiledAction, CompiledOutcome, LocatedExample, RuleSet
from intake.rules.source import SourceFile
from intake.rules.wording import compile_kind_patterns, compile_wording

KEEP_STATUS = "inchange"

# Facts a condition of statuts.yaml may name (and a motif may show).
TRANSITION_FACTS = frozenset({
    "statut", "categorie", "nouvelle_categorie", "nature", "confirme", "complet", "manquantes",
    "reprise", "debut", "fin", "motif", "regime", "regimes_nouvelle_categorie", "categories", "meme_sinistre",
})
EFFECTS = frozenset(StatusEffect)  # claims/effects.py applies each

# Per file: the message keys it must define and the fields its messages may use.
MESSAGES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "formules.yaml": (
        frozenset({"couvert", "frais_medicaux", "non_couvert", "hors_regime", "formule_autre_regime",
                   "formule_inconnue", "aucune_formule", "suit_origine", "origine_inconnue"}),
        frozenset({"categorie", "regime", "formules", "formule", "regime_formule", "origine"}),
    ),
    "statuts.yaml": (frozenset({"statut_interdit", "action_inconnue"}), frozenset({"action", "statut"})),
    "periodes.yaml": (
        frozenset({"premiere_periode", "dates_inversees", "doublon", "chevauchement", "anterieure",
                   "prolongation", "prolongation_impossible", "rechute", "rechute_avant_reprise",
                   "rechute_sans_interruption", "nouveau_sinistre", "fin_inconnue", "reprise_meme_sinistre"}),
        frozenset({"debut", "fin", "autre_debut", "autre_fin", "categorie", "lendemain", "reprise"}),
    ),
    "delais.yaml": (
        frozenset({"dans_les_delais", "hors_delai", "prescrit", "limite_pieces", "relance",
                   "relance_forclusion", "dossier_complet", "delai_depasse", "rien_a_relancer",
                   "reprise_due", "reprise_non_due", "couverture_reception"}),
        frozenset({"evenement", "declaration", "limite_declaration", "limite_pieces", "prescription",
                   "jours_declaration", "jours_pieces", "fin", "etape"}),
    ),
    "base.yaml": (
        frozenset({"base_absente", "base_presente", "tbi_obligatoire", "element_negatif", "plafond",
                   "sous_minimum"}),
        frozenset({"annee", "element", "plafond", "min"}),
    ),
}

EXAMPLE_CALLS = frozenset({
    "pieces_manquantes", "couverture", "nouvelle_periode", "transition", "delais", "relance",
    "demande_reprise", "plafonds", "periodes_sinistre", "categorie_au_regime", "contrat_en_vigueur",
    "base_prealable",
})


def _same_codes(src: SourceFile, loc: tuple, found: Mapping, expected: set[str], what: str) -> None:
    for code in found:
        if code not in expected:
            raise src.error((*loc, code), f"{what} inconnu(e) « {code} » (connus : {', '.join(sorted(expected))})")
    for code in sorted(expected - set(found)):
        raise src.error(loc, f"{what} « {code} » absent(e)")


def build(directory: Path, src: Mapping[str, SourceFile], models: Mapping[str, s.Model], version: str) -> RuleSet:
    cats: s.CategoriesFile = models["categories.yaml"]  # type: ignore[assignment]
    docs: s.DocumentsFile = models["documents.yaml"]  # type: ignore[assignment]
    pieces: s.PiecesFile = models["pieces.yaml"]  # type: ignore[assignment]
    forms: s.FormulasFile = models["formules.yaml"]  # type: ignore[assignment]
    contracts: s.ContractsFile = models["contrats.yaml"]  # type: ignore[assignment]
    statuses: s.StatusesFile = models["statuts.yaml"]  # type: ignore[assignment]
    deadlines: s.DeadlinesFile = models["delais.yaml"]  # type: ignore[assignment]
    base: s.BaseFile = models["base.yaml"]  # type: ignore[assignment]

    c_src = src["categories.yaml"]
    # The code names some categories (its defaults); the rules may declare more.
    for code in sorted({c.value for c in Category} - set(cats.categories)):
        raise c_src.error(("categories",), f"catégorie « {code} » absente")
    _same_codes(c_src, ("natures",), cats.natures, {n.value for n in Nature}, "nature")
    for code, cat in cats.categories.items():
        for i, origin in enumerate(cat.follows):
            if origin not in cats.categories or origin == code:
                raise c_src.error(("categories", code, "suit", i), f"catégorie d'origine inconnue « {origin} »")
        for regime, other in cat.in_regime.items():
            if other not in cats.categories or regime not in cats.categories[other].regimes:
                raise c_src.error(("categories", code, "au_regime", regime.value),
                                  f"« {other} » n'est pas une catégorie du régime {regime.value}")
    _same_codes(src["documents.yaml"], ("documents",), docs.documents, {k.value for k in DocumentKind},
                "type de pièce")

    wording = compile_wording(src["categories_mots.yaml"], models["categories_mots.yaml"],  # type: ignore[arg-type]
                              cats.categories, docs.documents)
    kind_patterns = compile_kind_patterns(src["documents_mots.yaml"], models["documents_mots.yaml"],  # type: ignore[arg-type]
                                          docs.documents)
    table = _check_pieces(src["pieces.yaml"], pieces, cats, docs)
    _check_formulas(src["formules.yaml"], forms, cats)
    _check_contracts(src["contrats.yaml"], contracts, cats, docs)
    actions = _check_statuses(src["statuts.yaml"], statuses)
    _check_deadlines(src["delais.yaml"], deadlines, set(statuses.statuses))
    for i, code in enumerate(deadlines.reprise.not_for):
        if code not in cats.categories:
            raise src["delais.yaml"].error(("demande_reprise", "sauf_categories", i), f"catégorie inconnue « {code} »")
    _check_base(src["base.yaml"], base)

    messages: dict[str, Mapping[str, str]] = {}
    for name, (keys, fields) in MESSAGES.items():
        model = models[name]
        found: Mapping[str, str] = model.messages  # type: ignore[attr-defined]
        _same_codes(src[name], ("messages",), found, set(keys), "message")
        for key, text in found.items():
            try:
                check_template(text, fields)
            except ExpressionError as exc:
                raise src[name].error(("messages", key), str(exc)) from None
        messages[name.removesuffix(".yaml")] = dict(found)

    examples: list[LocatedExample] = []
    for name, model in models.items():
        for i, example in enumerate(model.examples):  # type: ignore[attr-defined]
            if example.call not in EXAMPLE_CALLS:
                raise src[name].error(("exemples", i, "appel"),
                                      f"appel inconnu « {example.call} » (connus : {', '.join(sorted(EXAMPLE_CALLS))})")
            examples.append(LocatedExample(src[name].path, src[name].line_of(("exemples", i)), example))

    return RuleSet(
        directory=directory,
        files=[source.path for source in src.values()],
        version=version,
        categories=dict(cats.categories),
        natures=dict(cats.natures),
        documents=dict(docs.documents),
        pieces=table,
        fallback_nature=pieces.fallback_nature,
        formulas=dict(forms.formulas),
        contracts=dict(contracts.contracts),
        statuses=dict(statuses.statuses),
        actions=actions,
        deadlines=deadlines,
        base=base,
        messages=messages,
        examples=tuple(examples),
        wording=wording,
        kind_patterns=kind_patterns,
    )


def _check_requirements(src: SourceFile, loc: tuple, table: Mapping[str, Mapping[str, list[list[str]]]],
                        cats: s.CategoriesFile, docs: s.DocumentsFile) -> None:
    for cat, by_nature in table.items():
        if cat not in cats.categories:
            raise src.error((*loc, cat), f"catégorie inconnue « {cat} »")
        for nature, requirements in by_nature.items():
            if nature not in cats.natures:
                raise src.error((*loc, cat, nature), f"nature inconnue « {nature} »")
            if not _nature_allowed(cats.categories[cat], nature):
                raise src.error((*loc, cat, nature),
                                f"la catégorie « {cat} » n'admet pas la nature « {nature} » (voir categories.yaml)")
            for i, alternatives in enumerate(requirements):
                for kind in alternatives:
                    if kind not in docs.documents:
                        raise src.error((*loc, cat, nature, i), f"type de pièce inconnu « {kind} »")


def _nature_allowed(cat: s.CategoryDef, nature: str) -> bool:
    return nature == Nature.INITIAL or (nature == Nature.PROLONGATION and cat.prolongation) or (
        nature == Nature.RECHUTE and cat.rechute)


def _check_pieces(src: SourceFile, pieces: s.PiecesFile, cats: s.CategoriesFile, docs: s.DocumentsFile):
    _check_requirements(src, ("pieces_obligatoires",), pieces.pieces, cats, docs)
    for code, cat in cats.categories.items():
        if code not in pieces.pieces:
            raise src.error(("pieces_obligatoires",), f"pièces obligatoires de la catégorie « {code} » absentes")
        for nature in cats.natures:
            if _nature_allowed(cat, nature) and nature not in pieces.pieces[code]:
                raise src.error(("pieces_obligatoires", code),
                                f"pièces de la nature « {nature} » absentes pour « {code} » (écrire [] si aucune)")
    if pieces.fallback_nature not in cats.natures:
        raise src.error(("nature_par_defaut",), f"nature inconnue « {pieces.fallback_nature} »")
    return {
        cat: {nature: tuple(tuple(alts) for alts in reqs) for nature, reqs in by_nature.items()}
        for cat, by_nature in pieces.pieces.items()
    }


def _check_formulas(src: SourceFile, forms: s.FormulasFile, cats: s.CategoriesFile) -> None:
    for number, formula in forms.formulas.items():
        lists = {"couvre": formula.covers if isinstance(formula.covers, list) else [],
                 "sauf": formula.except_, "frais_medicaux": formula.medical_costs}
        for field, codes in lists.items():
            for i, code in enumerate(codes):
                if code not in cats.categories:
                    raise src.error(("formules", number, field, i), f"catégorie inconnue « {code} »")
                if formula.regime not in cats.categories[code].regimes:
                    raise src.error(("formules", number, field, i),
                                    f"la catégorie « {code} » n'existe pas au régime {formula.regime}")
        if formula.except_ and formula.covers != "tout":
            raise src.error(("formules", number, "sauf"), "« sauf » ne s'emploie qu'avec « couvre: tout »")


def _check_contracts(src: SourceFile, contracts: s.ContractsFile, cats: s.CategoriesFile,
                     docs: s.DocumentsFile) -> None:
    for number, override in contracts.contracts.items():
        _check_requirements(src, ("contrats", number, "pieces_supplementaires"), override.extra_pieces, cats, docs)


def _check_statuses(src: SourceFile, statuses: s.StatusesFile) -> dict[str, CompiledAction]:
    _same_codes(src, ("statuts",), statuses.statuses, {st.value for st in ClaimStatus}, "statut")
    targets = set(statuses.statuses) | {KEEP_STATUS}
    actions: dict[str, CompiledAction] = {}
    for code, action in statuses.actions.items():
        loc = ("actions", code)
        for i, status in enumerate(action.from_):
            if status not in statuses.statuses:
                raise src.error((*loc, "depuis", i), f"statut inconnu « {status} »")
        for i, effect in enumerate(action.effects):
            if effect not in EFFECTS:
                raise src.error((*loc, "effets", i),
                                f"effet inconnu « {effect} » (connus : {', '.join(sorted(EFFECTS))})")
        refusals = []
        for i, guard in enumerate(action.refusals):
            where = (*loc, "refus", i)
            refusals.append((_condition(src, (*where, "si"), guard.when),
                             _template(src, (*where, "motif"), guard.reason)))
        outcomes = []
        for i, outcome in enumerate(action.outcomes):
            where = (*loc, "resultats", i)
            if outcome.to not in targets:
                raise src.error((*where, "vers"), f"statut inconnu « {outcome.to} »")
            when = _condition(src, (*where, "si"), outcome.when) if outcome.when is not None else None
            outcomes.append(CompiledOutcome(outcome.to, when, _template(src, (*where, "motif"), outcome.reason)))
        if outcomes[-1].when is not None:
            raise src.error((*loc, "resultats", len(outcomes) - 1),
                            "la dernière ligne de « resultats » doit être sans condition (cas restant)")
        actions[code] = CompiledAction(code, action.label, tuple(action.from_), tuple(refusals),
                                       tuple(outcomes), tuple(action.effects))
    return actions


def _condition(src: SourceFile, loc: tuple, text):
    try:
        condition = compile_condition(text, TRANSITION_FACTS)
    except ExpressionError as exc:
        raise src.error(loc, str(exc)) from None
    return replace(condition, file=str(src.path), line=src.line_of(loc))


def _template(src: SourceFile, loc: tuple, text: str) -> str:
    try:
        check_template(text, TRANSITION_FACTS)
    except ExpressionError as exc:
        raise src.error(loc, str(exc)) from None
    return text


def _check_deadlines(src: SourceFile, deadlines: s.DeadlinesFile, statuses: set[str]) -> None:
    for i, status in enumerate(deadlines.reprise.statuses):
        if status not in statuses:
            raise src.error(("demande_reprise", "statuts", i), f"statut inconnu « {status} »")
    seen: set[str] = set()
    previous = -1
    for i, step in enumerate(deadlines.reminders):
        if step.step in seen:
            raise src.error(("relances", i, "etape"), f"étape « {step.step} » en double")
        seen.add(step.step)
        if step.days <= previous:
            raise src.error(("relances", i, "jours"), "les relances doivent être dans l'ordre des jours, sans doublon")
        previous = step.days
        if step.days >= deadlines.documents_days:
            raise src.error(("relances", i, "jours"),
                            f"la relance du jour {step.days} tombe après le délai des pièces ({deadlines.documents_days} jours)")


def _check_base(src: SourceFile, base: s.BaseFile) -> None:
    if "tbi" not in base.elements or not base.elements["tbi"].mandatory:
        raise src.error(("elements",), "l'élément « tbi » doit exister et être obligatoire")
    for code, element in base.elements.items():
        if element.min_percent is not None and element.max_percent is not None and element.min_percent > element.max_percent:
            raise src.error(("elements", code, "pourcentage_max"), "pourcentage_max est inférieur à pourcentage_min")
        if (element.min_percent is not None or element.max_percent is not None) and not element.percent_of_tbi:
            raise src.error(("elements", code), "pourcentage_min/max supposent en_pourcentage_du_tbi: oui")
