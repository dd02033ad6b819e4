"""One implementation per idea: the duplicates issue 13 removed, each pinned so that it cannot come back
unseen (class names, codes, the claim reference, French months, claim scoping, queries in routes)."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

from intake.domain import CLAIM_REFERENCE, claim_reference

SRC = Path(__file__).resolve().parents[1] / "src" / "intake"


def _modules() -> dict[str, ast.Module]:
    return {str(path.relative_to(SRC)): ast.parse(path.read_text(encoding="utf-8"))
            for path in sorted(SRC.rglob("*.py"))}


MODULES = _modules()


def _strings(tree: ast.Module) -> list[str]:
    """String constants, docstrings left out (they may describe a format without implementing it)."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_no_two_classes_share_a_name() -> None:
    # Two `Limits`, two `Role`, two `ClaimFacts`: an import of the wrong one reads fine and means another thing.
    names = Counter(node.name for tree in MODULES.values() for node in ast.walk(tree) if isinstance(node, ast.ClassDef))
    assert [name for name, count in names.items() if count > 1] == []


# understand/ is the issue on understanding's (its date roles and form field names), reworked there.
NOT_YET = {"understand/dates.py:Role", "understand/formreader.py:F"}


def test_codes_are_string_enums() -> None:
    """A class of bare string constants is a code set written the old way (MessageStatus was one)."""
    bare = []
    for name, tree in MODULES.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef) or node.bases or node.decorator_list:
                continue
            assigned = [s for s in node.body if isinstance(s, ast.Assign)]
            if assigned and all(isinstance(s.value, ast.Constant) and isinstance(s.value.value, str)
                                and all(isinstance(t, ast.Name) and t.id.isupper() for t in s.targets)
                                for s in assigned):
                bare.append(f"{name}:{node.name}")
    assert sorted(set(bare) - NOT_YET) == []


def test_the_claim_reference_is_written_and_read_in_domain_only() -> None:
    for year, number in ((2025, 1), (2025, 99999), (2026, 100000), (2026, 1234567)):
        written = claim_reference(year, number)
        found = CLAIM_REFERENCE.fullmatch(written)
        assert found and (int(found[1]), int(found[2])) == (year, number)
    # A reference with more leading zeros than we write is not one of ours (it would name another claim).
    assert CLAIM_REFERENCE.search("dossier SIN-2025-0001234") is None
    elsewhere = [name for name, tree in MODULES.items() if name != "domain.py"
                 and any("SIN-" in text for text in _strings(tree))]
    assert elsewhere == []


def test_french_month_names_are_written_in_one_place() -> None:
    # mail/french.py writes dates in words; understand/dates.py reads them. Nothing else spells the months.
    spelled = sorted(name for name, tree in MODULES.items()
                     if any("décembre" in text or "decembre" in text for text in _strings(tree)))
    assert spelled == ["mail/french.py", "understand/dates.py"]


def test_claims_are_scoped_to_a_handler_in_one_place() -> None:
    """store.claims.within is the one `collectivite_id IN visible`; a copy forgets the empty set (sees all)."""
    copies = []
    for name, tree in MODULES.items():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "in_"
                    and isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "collectivite_id"
                    and isinstance(node.func.value.value, ast.Name) and node.func.value.value.id == "Claim"
                    and node.args and "visible" in ast.unparse(node.args[0])):
                copies.append(name)
    assert copies == ["store/claims.py"]


# The readiness and metrics endpoints ask the database itself how it is: that is their job.
PROBES = {"web/health.py"}


def test_routes_call_services_instead_of_querying() -> None:
    """A web module that declares routes imports no SQLAlchemy: its reads and writes are services'
    (claims/lookup.py, claims/service.py, claims/repair.py, claims/pending.py…)."""
    querying = []
    for name, tree in MODULES.items():
        if not name.startswith("web/") or name in PROBES:
            continue
        routes = any(isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "APIRouter"
                     for node in ast.walk(tree))
        imports = {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        imports |= {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                    for alias in node.names}
        if routes and "sqlalchemy" in imports:
            querying.append(name)
    assert querying == []
