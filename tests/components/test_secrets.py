"""A webhook URL carries its credential in its path (Slack, Discord): it reaches Pulumi as a secret
Output, accepts a `secure:` Pulumi config value, and a canary URL never appears in a plan, a report, a
PR comment or the program's logs."""

from __future__ import annotations

import copy
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from launchready.cli import app
from launchready.core.naming import NOTIFICATION_WEBHOOK_TYPE
from tests.components.conftest import Run
from tests.diff.conftest import GIT_ENV

TOKEN = "canary7f3a91c2e5d04b68"
CANARY = f"https://hooks.example.com/services/T0000/B0000/{TOKEN}"
SECRET_SIG = ("4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270")
"""Pulumi's marker of a secret value on the wire (sdk/python/lib/pulumi/runtime/rpc.py)."""
SPEC: dict[str, Any] = {
    "zone": "example.org", "origin": {"ipv4": ["192.0.2.10"]}, "plan": "pro",
    "monitoring": {"alerts": ["ops@example.org"], "webhook_url": CANARY, "account_id": "0" * 31 + "1"},
}
runner = CliRunner()


def is_secret(value: Any) -> bool:
    return isinstance(value, dict) and tuple(value.items())[0] == SECRET_SIG


def test_the_webhook_url_reaches_pulumi_as_a_secret(program: Callable[..., Run],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (webhook,) = program("prod", SPEC).of_type(NOTIFICATION_WEBHOOK_TYPE)
    assert is_secret(webhook["inputs"]["url"]) and webhook["inputs"]["url"]["value"] == CANARY
    assert not any(is_secret(value) for key, value in webhook["inputs"].items() if key != "url")
    captured = capsys.readouterr()
    assert TOKEN not in captured.out + captured.err, "the program logs no webhook URL"


def project(tmp_path: Path, spec: dict[str, Any]) -> Path:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "Pulumi.yaml").write_text("name: launchready\nruntime: python\n")
    (tmp_path / "Pulumi.prod.yaml").write_text(yaml.safe_dump({"config": {"launchready:domain": spec}}))
    return tmp_path


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.stdout + result.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_plans_show_the_webhook_host_only(tmp_path: Path, fmt: str) -> None:
    out = cli("plan", "--stack", "prod", "--project-dir", str(project(tmp_path, SPEC)), "--format", fmt)
    assert TOKEN not in out
    assert "hooks.example.com" in out or fmt != "json"


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_handover_report_never_shows_it(tmp_path: Path, fmt: str) -> None:
    stack = project(tmp_path, SPEC) / "Pulumi.prod.yaml"
    out = cli("report", "--stack-file", str(stack), "--format", fmt)
    assert TOKEN not in out and "webhook" in out


def test_the_pr_comment_never_shows_it(tmp_path: Path) -> None:
    without = copy.deepcopy(SPEC)
    del without["monitoring"]["webhook_url"]
    repo = project(tmp_path, without)
    git = ["git", "-C", str(repo)]
    env = {**GIT_ENV, "PATH": "/usr/bin:/bin"}
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True, env=env)
    subprocess.run([*git, "add", "."], check=True, env=env)
    subprocess.run([*git, "commit", "-qm", "base"], check=True, env=env)
    project(tmp_path, SPEC)
    comment = cli("diff", "--stack", "prod", "--project-dir", str(repo), "--base", "main", "--format", "markdown")
    assert TOKEN not in comment and "hooks.example.com (URL not shown)" in comment


def test_a_secure_config_value_is_accepted_and_shown_as_encrypted(tmp_path: Path) -> None:
    spec = copy.deepcopy(SPEC)
    spec["monitoring"]["webhook_url"] = {"secure": "v1:Zm9vYmFyYmF6:cXV4cXV1eA=="}
    out = cli("plan", "--stack", "prod", "--project-dir", str(project(tmp_path, spec)), "--format", "json")
    monitoring = json.loads(out)["monitoring"]
    assert monitoring["webhook_secure"] is True and monitoring["webhook_url"] is None
    assert "v1:Zm9vYmFyYmF6" not in out, "not even the ciphertext is echoed"


def test_preflight_refuses_a_plaintext_webhook_url_in_the_stack_file() -> None:
    from launchready.core.inputs.yamldoc import YamlDocument
    from launchready.preflight.stackfile import plaintext_findings

    plain = {"config": {"launchready:domain": SPEC}}
    (finding,) = plaintext_findings(YamlDocument(plain, None), Path("Pulumi.prod.yaml"))
    assert finding.severity.value == "error" and TOKEN not in finding.message
    assert "pulumi config set --secret --path 'launchready:domain.monitoring.webhook_url'" in finding.message
    secure = copy.deepcopy(plain)
    secure["config"]["launchready:domain"]["monitoring"]["webhook_url"] = {"secure": "v1:abc:def"}
    (finding,) = plaintext_findings(YamlDocument(secure, None), Path("Pulumi.prod.yaml"))
    assert finding.severity.value == "info", "a pass"
