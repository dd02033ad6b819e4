"""Runs the `exemples:` of the rules files: facts in French, the call, the expected answer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from intake.rules.base import base_ceilings, base_prerequisite
from intake.rules.claim_periods import assess_claim
from intake.rules.coverage import category_for_regime, contract_in_force, coverage
from intake.rules.deadlines import deadlines, reminders_due, reprise_request_due
from intake.rules.decision import Decision
from intake.rules.facts import ClaimFacts, Period
from intake.rules.lifecycle import transition
from intake.rules.loader import LocatedExample, RuleSet
from intake.rules.periods import check_new_period
from intake.rules.pieces import missing_documents
from intake.rules.schema import _fr_bool


def _periods(raw: Any) -> list[Period]:
    out = []
    for item in raw or []:
        if isinstance(item, Mapping):
            out.append(Period(item["debut"], item.get("fin"), item.get("nature"), item.get("recue"),
                              frozenset(item.get("pieces", []))))
        else:
            out.append(Period(*item))
    return out


def _pieces(rules: RuleSet, f: dict[str, Any]) -> Any:
    return missing_documents(rules, category=f.pop("categorie"), nature=f.pop("nature", None),
                             have=f.pop("fournies", []), contract_number=f.pop("contrat", None))


def _coverage(rules: RuleSet, f: dict[str, Any]) -> Any:
    return coverage(rules, regime=f.pop("regime"), formulas=f.pop("formules"), category=f.pop("categorie"),
                    origin_category=f.pop("origine", None))


def _period(rules: RuleSet, f: dict[str, Any]) -> Any:
    return check_new_period(rules, category=f.pop("categorie"), periods=_periods(f.pop("periodes", [])),
                            start=f.pop("debut"), end=f.pop("fin", None), nature=f.pop("nature", None),
                            reprise=f.pop("reprise", None))


def _transition(rules: RuleSet, f: dict[str, Any]) -> Any:
    claim = ClaimFacts(
        status=f.pop("statut"), category=f.pop("categorie"), periods=tuple(_periods(f.pop("periodes", []))),
        documents=frozenset(f.pop("pieces", [])), confirmed=bool(_fr_bool(f.pop("confirme", False))),
        contract_number=f.pop("contrat", None), regime=f.pop("regime", None),
    )
    return transition(rules, claim_facts=claim, action=f.pop("action"), reprise=f.pop("reprise", None),
                      reason=f.pop("motif", None), category=f.pop("nouvelle_categorie", None),
                      nature=f.pop("nature", None))


def _deadlines(rules: RuleSet, f: dict[str, Any]) -> Any:
    return deadlines(rules, event_date=f.pop("evenement"), declared_on=f.pop("declaration"),
                     contract_number=f.pop("contrat", None), declaration_days=f.pop("delai_declaration", None),
                     documents_days=f.pop("delai_pieces", None))


def _reminder(rules: RuleSet, f: dict[str, Any]) -> Any:
    decision = reminders_due(rules, declared_on=f.pop("declaration"), today=f.pop("aujourdhui"),
                             missing=f.pop("manquantes", []), sent_steps=f.pop("envoyees", []),
                             contract_number=f.pop("contrat", None), documents_days=f.pop("delai_pieces", None))
    value = decision.value.step if decision.value is not None else None
    return Decision(decision.allowed, value, decision.reasons, decision.rules_version, decision.flags)


def _reprise(rules: RuleSet, f: dict[str, Any]) -> Any:
    return reprise_request_due(rules, status=f.pop("statut"), last_end=f.pop("fin", None),
                               reprise=f.pop("reprise", None), today=f.pop("aujourdhui"),
                               last_request=f.pop("derniere_demande", None), category=f.pop("categorie", None))


def _claim_periods(rules: RuleSet, f: dict[str, Any]) -> Any:
    decision = assess_claim(rules, category=f.pop("categorie"), periods=_periods(f.pop("periodes")),
                            contract_number=f.pop("contrat", None), declaration_days=f.pop("delai_declaration", None),
                            documents_days=f.pop("delai_pieces", None), effect=f.pop("effet_hors_delai", None))
    # In French, one mapping per period: what an example may check (only the keys it names are compared).
    value = [{"nature": a.nature, "hors_delai": a.late, "prescrit": a.prescribed,
              "limite_declaration": a.declaration_due, "limite_pieces": a.pieces_due,
              "debut_couverture": a.cover_start, "manquantes": list(a.missing)}
             for a in decision.value]
    return Decision(decision.allowed, value, decision.reasons, decision.rules_version, decision.flags)


def _category_in_regime(rules: RuleSet, f: dict[str, Any]) -> Any:
    return category_for_regime(rules, f.pop("categorie"), f.pop("regime"))


def _contract(_rules: RuleSet, f: dict[str, Any]) -> Any:
    contracts = [(c["numero"], c["debut"], c.get("fin")) for c in f.pop("contrats")]
    return contract_in_force(contracts, f.pop("premier_jour"))


def _base_first(rules: RuleSet, f: dict[str, Any]) -> Any:
    return base_prerequisite(rules, base_years=f.pop("bases_saisies"), year=f.pop("annee"))


def _ceilings(rules: RuleSet, f: dict[str, Any]) -> Any:
    tbi = f.pop("tbi")
    amounts = {key: f.pop(key) for key in list(f)}
    return base_ceilings(rules, tbi=tbi, **amounts)


CALLS: dict[str, Callable[[RuleSet, dict[str, Any]], Any]] = {
    "pieces_manquantes": _pieces,
    "couverture": _coverage,
    "nouvelle_periode": _period,
    "transition": _transition,
    "delais": _deadlines,
    "relance": _reminder,
    "demande_reprise": _reprise,
    "plafonds": _ceilings,
    "periodes_sinistre": _claim_periods,
    "categorie_au_regime": _category_in_regime,
    "contrat_en_vigueur": _contract,
    "base_prealable": _base_first,
}


def run_example(rules: RuleSet, located: LocatedExample) -> str | None:
    """None when the example holds, else `FILE:LINE: what differs` (French)."""
    example = located.example
    where = f"{located.file}:{located.line}: exemple « {example.title} »"
    facts = dict(example.facts)
    try:
        result = CALLS[example.call](rules, facts)
    except (KeyError, TypeError, ValueError) as exc:
        return f"{where} : faits incomplets ou invalides ({exc})"
    if facts:
        return f"{where} : faits inconnus pour « {example.call} » : {', '.join(sorted(facts))}"
    problem = _compare(example.expected, result)
    return f"{where} : {problem}" if problem else None


def run_examples(rules: RuleSet) -> list[str]:
    return [failure for located in rules.examples if (failure := run_example(rules, located))]


def _compare(expected: Any, result: Any) -> str | None:
    if not isinstance(result, Decision):
        return None if expected == result else f"attendu {_show(expected)}, obtenu {_show(result)}"
    if not isinstance(expected, Mapping):
        return "« attendu » doit donner autorise, valeur et/ou drapeaux"
    unknown = set(expected) - {"autorise", "valeur", "drapeaux"}
    if unknown:
        return f"clés inconnues dans « attendu » : {', '.join(sorted(unknown))}"
    why = " ; ".join(result.reasons)
    if "autorise" in expected and bool(_fr_bool(expected["autorise"])) != result.allowed:
        return f"attendu autorise={_show(_fr_bool(expected['autorise']))}, obtenu {_show(result.allowed)} ({why})"
    if "valeur" in expected and not _matches(expected["valeur"], result.value):
        return f"attendu valeur={_show(expected['valeur'])}, obtenu {_show(result.value)} ({why})"
    if "drapeaux" in expected and set(expected["drapeaux"] or []) != set(result.flags):
        return f"attendu drapeaux={_show(expected['drapeaux'])}, obtenu {_show(list(result.flags))} ({why})"
    return None


def _matches(expected: Any, actual: Any) -> bool:
    """Equal, except that a mapping expected inside a value checks only the keys it names."""
    if isinstance(expected, Mapping) and isinstance(actual, Mapping):
        return all(key in actual and _matches(value, actual[key]) for key, value in expected.items())
    if isinstance(expected, list) and isinstance(actual, list | tuple):
        return len(expected) == len(actual) and all(_matches(e, a) for e, a in zip(expected, actual))
    if isinstance(actual, bool):
        return _fr_bool(expected) == actual  # « oui » / « non », as a centre de gestion writes them
    return expected == actual


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, date):
        return value.isoformat()
    return repr(value)
