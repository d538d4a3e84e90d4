"""The benchmark scripts still import: they sit outside the package, so a refactor that moves a module
breaks them without any other test noticing (bench/dnssec_cost.py did, after the core moved)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

PROBE = """
import importlib, sys
sys.path[:0] = [{bench!r}, {root!r}]
for name in {names!r}:
    importlib.import_module(name)
"""


def test_every_benchmark_script_imports() -> None:
    names = sorted(path.stem for path in (ROOT / "bench").glob("*.py"))
    assert "portfolio" in names
    probe = PROBE.format(bench=str(ROOT / "bench"), root=str(ROOT), names=names)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
