"""Keep the code in the shape the team agreed on: no function over 60 lines, no file over 300."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGES = ("launchready", "components", "validators")
MAX_FUNCTION_LINES = 60
MAX_FILE_LINES = 300


def sources() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def test_no_function_over_60_lines() -> None:
    long = []
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length} lines)")
    assert not long, "split these functions: " + ", ".join(long)


def test_no_file_over_300_lines() -> None:
    big = [f"{p.relative_to(ROOT)} ({n})" for p in sources() if (n := len(p.read_text().splitlines())) > MAX_FILE_LINES]
    assert not big, "split these modules: " + ", ".join(big)
