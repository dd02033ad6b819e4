"""The layout's one rule: no import runs back up a layer, and no two packages import each other.

Every import of every module under src/intake/ is read with ast (those inside functions too: a lazy
import is still a dependency), so a new package or a stray import fails here, not in a review.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

# The layers, lowest first: a package may import its own layer's packages and those below, never above.
# `settings`, `domain` and `telemetry` are the ground every layer stands on; `cli` and `service` start the whole.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("settings", "domain", "telemetry"),
    ("store",),
    ("rules",),
    ("documents",),
    ("mail",),
    ("understand",),
    ("identify",),
    ("claims",),
    ("replies",),
    ("reminders",),
    ("pipeline",),
    ("web",),
    ("cli", "service"),
)
LEVEL = {package: level for level, packages in enumerate(LAYERS) for package in packages}
# Language only: what a message says must not depend on how this site is configured.
NO_SETTINGS = ("understand",)


def _module_name(path: Path, root: Path = SRC) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, root: Path = SRC) -> set[str]:
    """The intake modules (or names within them) a file imports, relative imports resolved."""
    module = _module_name(path, root)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from intake import claims` imports a module: count it as intake.claims.
            found |= {f"{target}.{alias.name}" for alias in node.names} | {target}
    return {name for name in found if name == "intake" or name.startswith("intake.")}


def _package(module: str) -> str | None:
    """The top package (or flat module) of src/intake/ a dotted name belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _graph(root: Path = SRC) -> dict[str, set[str]]:
    return {_module_name(path, root): _imports(path, root) for path in sorted((root / "intake").rglob("*.py"))}


GRAPH = _graph()


def test_every_package_has_its_layer():
    unplaced = sorted({p for m in GRAPH if (p := _package(m)) is not None and p not in LEVEL})
    assert not unplaced, f"packages missing from LAYERS in {__file__}: {unplaced}"


def _upward(graph: dict[str, set[str]]) -> list[str]:
    upward = []
    for module, imported in sorted(graph.items()):
        source = _package(module)
        if source not in LEVEL:
            continue
        for name in sorted(imported):
            target = _package(name)
            if target in LEVEL and LEVEL[target] > LEVEL[source]:
                upward.append(f"{module} imports {name} ({source} is below {target})")
    return upward


def test_no_import_runs_up_a_layer():
    upward = _upward(GRAPH)
    assert not upward, "\n".join(upward)


def _cycles(graph: dict[str, set[str]]) -> list[str]:
    packages = {_package(module) for module in graph} - {None}
    edges: dict[str, set[str]] = defaultdict(set)
    for module, imported in graph.items():
        source = _package(module)
        for name in imported:
            target = _package(name)
            if source and target in packages and target != source:
                edges[source].add(target)
    cycles: list[str] = []

    def visit(node: str, path: list[str]) -> None:
        for nxt in sorted(edges[node]):
            if nxt == path[0]:
                cycles.append(" -> ".join(path + [nxt]))
            elif nxt not in path and nxt > path[0]:  # each cycle once, from its smallest package
                visit(nxt, path + [nxt])

    for start in sorted(edges):
        visit(start, [start])
    return cycles


def test_no_cycle_between_packages():
    cycles = _cycles(GRAPH)
    assert not cycles, "\n".join(cycles)


@pytest.mark.parametrize("package", NO_SETTINGS)
def test_language_does_not_read_the_settings(package):
    """Neither directly nor through a module it imports (intake.settings is the only reader of os.environ)."""
    readers = []
    for module in sorted(m for m in GRAPH if _package(m) == package):
        seen, todo = set(), [module]
        while todo:
            current = todo.pop()
            for name in GRAPH.get(current, ()):
                if name not in seen:
                    seen.add(name)
                    todo.append(name)
        if "intake.settings" in seen or any(n.startswith("intake.settings.") for n in seen):
            readers.append(module)
    assert not readers, f"these {package} modules reach intake.settings: {readers}"


def test_the_checks_catch_an_upward_import_and_a_cycle(tmp_path):
    """The checker itself, on a tree of two modules: a lazy import of the web by the store is upward,
    and with the web importing the store it makes a cycle (a check that cannot fail proves nothing)."""
    for name, text in (("store/bad.py", "def f():\n    from intake.web.app import create_app\n"),
                       ("web/app.py", "from intake.store import bad\n")):
        (tmp_path / "intake" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "intake" / name).write_text(text, encoding="utf-8")
    graph = _graph(tmp_path)
    assert "intake.store.bad imports intake.web.app (store is below web)" in _upward(graph)
    assert _cycles(graph) == ["store -> web -> store"]
