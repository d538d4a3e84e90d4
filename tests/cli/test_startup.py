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


SUBCOMMAND_PROBE = """
import json, sys
sys.argv = ["launchready", {args}]
from launchready import cli
try:
    cli.main()
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.startswith("launchready.commands."))))
"""


def commands_loaded(*args: str) -> list[str]:
    probe = SUBCOMMAND_PROBE.format(args=", ".join(map(repr, args)))
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60)
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_a_subcommand_loads_only_its_own_module() -> None:
    assert commands_loaded("validate", "--help") == ["launchready.commands.validate"]
    assert commands_loaded("preview-summary", "--help") == ["launchready.commands.preview_summary"]


def test_help_and_a_mistyped_command_load_every_module() -> None:
    from launchready.cli import COMMAND_MODULES

    every = sorted(f"launchready.commands.{name}" for name in COMMAND_MODULES)
    assert commands_loaded("--help") == every
    assert commands_loaded("validat") == every


def test_each_module_registers_the_command_named_like_it() -> None:
    """invoked_modules finds a command's module by its name; a module registering another name would
    leave that command unreachable."""
    import typer.main

    from launchready.cli import COMMAND_MODULES, build_app

    for module in COMMAND_MODULES:
        group = typer.main.get_group(build_app((module,)))
        assert list(group.commands) == [module.replace("_", "-")], module


MODULE_PROBE = """
import json, sys
import launchready.render.report, validators.dns, validators.dnssec, validators.dnsquery, validators.runner
print(json.dumps(sorted(m for m in ("dns.asyncquery", "dns.query", "xml.etree.ElementTree", "html")
                        if m in sys.modules)))
"""


def test_a_validation_imports_what_only_some_runs_need_when_they_need_it() -> None:
    """dnspython's query module is for TCP (a truncated answer, or the dnssec family's transport check),
    ElementTree for JUnit and html for HTML reports: 10 ms of `validate --only dns` start-up together."""
    result = subprocess.run([sys.executable, "-c", MODULE_PROBE], capture_output=True, text=True, check=True,
                            timeout=60)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
