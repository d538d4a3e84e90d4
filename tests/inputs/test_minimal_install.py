"""The README's minimal install, `pip install -e '.[pulumi]'`, simulated: each command runs in a fresh
interpreter where the libraries of the other extras (boto3/botocore, detect_secrets, cloudflare) cannot
be imported (a meta-path finder refuses them, as a missing package would). Every command either works or
exits 2 naming the extra to install; none prints a traceback. (A real fresh venv per run would take
minutes; the import block reaches the same code paths.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

BLOCKED = {"boto3": "aws", "botocore": "aws", "detect_secrets": "secrets", "cloudflare": "cloudflare"}
WITHOUT_EXTRAS = """
import importlib.abc, sys
BLOCKED = set(sys.argv[1].split(","))
class Missing(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, Missing())
for name in list(sys.modules):
    if name.split(".")[0] in BLOCKED:
        del sys.modules[name]
sys.argv = ["launchready", *sys.argv[2:]]
from launchready.cli import main
main()
"""
OFFLINE = ["--resolver", "127.0.0.1:9", "--timeout", "0.1", "--deadline", "1"]
COMMANDS = {  # (arguments, the extra it needs, or None when it must work without any)
    "--version": (["--version"], None),
    "init": (["init", "--zone", "example.org", "--origin", "203.0.113.10", "--project-dir", "{tmp}"], None),
    "plan": (["plan", "--stack", "staging"], None),
    "preflight": (["preflight", "--stack", "staging"], "secrets"),
    "validate": (["validate", "--stack", "staging", "--only", "dns", *OFFLINE], None),
    "validate --ses-region": (["validate", "--stack", "staging", "--only", "email", "--ses-region", "eu-west-1",
                               *OFFLINE], "aws"),
    "check email": (["check", "email", "example.com", *OFFLINE], None),
    "email ses": (["email", "ses", "--stack-file", "{tmp}/Pulumi.staging.yaml", "--region", "eu-west-1"], "aws"),
    "diff": (["diff", "--stack", "staging", "--base", "HEAD"], None),
    "preview-summary": (["preview-summary", "tests/fixtures/preview/update.json"], None),
    "adopt --zone-file": (["adopt", "--stack", "staging", "--zone-file",
                           "tests/fixtures/adopt/staging-existing.zone"], None),
    "adopt --from-cloudflare": (["adopt", "--stack", "staging", "--from-cloudflare"], "cloudflare"),
    "report": (["report", "--stack", "staging"], None),
    "demo": (["demo", "--stack", "staging"], None),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_works_or_names_its_extra(tmp_path: Path, command: str) -> None:
    shutil.copy(ROOT / "Pulumi.staging.yaml", tmp_path / "Pulumi.staging.yaml")
    shutil.copy(ROOT / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    args, extra = COMMANDS[command]
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CLOUDFLARE_API_TOKEN": "not-a-token",
           "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    result = subprocess.run([sys.executable, "-c", WITHOUT_EXTRAS, ",".join(BLOCKED), *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    if extra is None:
        assert result.returncode in (0, 1), output
    else:
        assert result.returncode == 2, output
        assert f"pip install 'launchready[{extra}]'" in result.stderr, output
