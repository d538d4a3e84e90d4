"""`launchready --help` must not import the heavy libraries; commands import them when they run."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pulumi", "pulumi_cloudflare", "boto3", "cloudflare", "dns", "httpx", "pydantic", "rich", "yaml")

PROBE = """
import json, sys
sys.argv = ["launchready", "--help"]
from launchready import cli
try:
    cli.main()
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r})))
"""


def test_help_imports_no_heavy_library() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE.format(heavy=set(HEAVY))], capture_output=True,
                            text=True, check=True, timeout=60)
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == [], f"--help imported {loaded}; move those imports into the command functions"
