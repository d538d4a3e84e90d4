"""The architecture's import rules, checked on the source: one plan, consumed by components and by
validators that never import each other; planning stays pure (no Pulumi, no network)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

FORBIDDEN = {
    "validators": ("pulumi", "pulumi_cloudflare", "components"),
    "components": ("validators", "httpx", "dns"),
    "launchready/core/spec": ("pulumi", "pulumi_cloudflare", "components", "validators", "httpx", "dns", "boto3"),
    "launchready/core/plan": ("pulumi", "pulumi_cloudflare", "components", "validators", "httpx", "dns", "boto3"),
}


def imported_modules(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_keeps_its_import_rules(package: str) -> None:
    broken = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for module in imported_modules(path)
        if module.split(".")[0] in FORBIDDEN[package]
    ]
    assert not broken, broken
