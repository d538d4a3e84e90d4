"""The house as drawn is the house as built: every import, including those inside functions, points
down the layers, and the import graph has no cycle.

    launchready.cli                  the CLI wiring: the only importer of launchready.commands
    launchready.commands.*           one command each; shared options from launchready.options
    features                         demo, diff, adopt, preflight, handover, preview, render, sandbox, aws
    validators.*   components.*      the checks and the Pulumi components: both consume the plan
    launchready.core.*               spec, plan, findings, naming, errors, mail-auth text: imports no feature

A lazy import (inside a function, for start-up speed) follows the same rules: it may only point down.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGES = ("launchready", "validators", "components")
CORE = "launchready.core"
WIRING = ("launchready.cli",)
ENTRY_POINTS = ("launchready.commands",)


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, root: Path) -> Iterator[tuple[str, ...]]:
    """What `path` imports, at any depth of the file (functions, TYPE_CHECKING blocks included): for each
    statement and name, the module and, for `from M import N`, the candidate submodule M.N."""
    package = module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((alias.name,) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
            module = ".".join(filter(None, (base, node.module)))
            yield from ((module, f"{module}.{alias.name}") for alias in node.names)


def imported(candidates: tuple[str, ...], modules: set[str] | dict[str, Path]) -> str:
    """`from M import N` imports the submodule M.N when there is one, else the name N of module M."""
    return candidates[-1] if candidates[-1] in modules else candidates[0]


def graph(root: Path) -> dict[str, set[str]]:
    """Module -> the project modules it imports (names that are attributes, not modules, drop out)."""
    files = [p for package in PACKAGES for p in sorted((root / package).rglob("*.py"))]
    modules = {module_name(p, root): p for p in files}
    edges = {name: {imported(c, modules) for c in imports_of(path, root)} for name, path in modules.items()}
    return {name: {m for m in targets if m in modules and m != name} for name, targets in edges.items()}


def layer(module: str) -> str:
    if module.startswith(CORE + ".") or module == CORE:
        return "core"
    if module.startswith("validators"):
        return "validators"
    if module.startswith("components"):
        return "components"
    if module in WIRING:
        return "wiring"
    if module.startswith(ENTRY_POINTS):
        return "command"
    return "feature"


FORBIDDEN_LIBRARIES = {
    "core": ("pulumi", "pulumi_cloudflare", "typer", "httpx", "httpcore", "boto3", "botocore", "cloudflare"),
    "validators": ("pulumi", "pulumi_cloudflare", "typer", "boto3", "botocore", "cloudflare"),
    "components": ("httpx", "dns", "typer", "boto3"),
}
ALLOWED_LAYERS = {
    "core": {"core"},
    "validators": {"core", "validators"},
    "components": {"core", "components"},
    "feature": {"core", "validators", "feature"},
    "command": {"core", "validators", "feature"},
    "wiring": {"core", "feature", "command"},
}


def upward_edges(edges: dict[str, set[str]]) -> list[str]:
    return [f"{source} ({layer(source)}) imports {target} ({layer(target)})"
            for source, targets in sorted(edges.items()) for target in sorted(targets)
            if layer(target) not in ALLOWED_LAYERS[layer(source)]]


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def forbidden_libraries(root: Path) -> list[str]:
    broken = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            name = module_name(path, root)
            banned = FORBIDDEN_LIBRARIES.get(layer(name), ())
            broken += [f"{name} imports {c[0]}" for c in imports_of(path, root) if c[0].split(".")[0] in banned]
    return broken


def test_every_import_points_down_the_layers() -> None:
    assert upward_edges(graph(ROOT)) == []


def test_the_import_graph_has_no_cycle() -> None:
    assert cycles(graph(ROOT)) == []


def test_layers_keep_away_from_the_libraries_of_other_layers() -> None:
    assert forbidden_libraries(ROOT) == []


@pytest.mark.parametrize(("planted", "lazy"), [
    ("launchready/core/planted.py", "from launchready.demo import run"),
    ("validators/planted.py", "from launchready.commands import plan"),
    ("launchready/demo/planted.py", "import launchready.commands.plan"),
    ("launchready/commands/planted.py", "from launchready.cli import app"),
])
def test_a_function_local_upward_import_is_caught(tmp_path: Path, planted: str, lazy: str) -> None:
    """The test reads imports inside functions: plant one in a copy of the tree and it must fail."""
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            copy = tmp_path / path.relative_to(ROOT)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert upward_edges(graph(tmp_path)) == []
    (tmp_path / planted).write_text(f"def later() -> None:\n    {lazy}\n", encoding="utf-8")
    assert upward_edges(graph(tmp_path)) != []


def test_a_planted_cycle_is_caught() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
