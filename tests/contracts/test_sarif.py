"""`--format sarif`: the errors and warnings about a line of a file, as SARIF 2.1.0 results code scanning
can place (ruleId, level, message, artifact URI and start line); passed checks and findings without a
file location are left out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from launchready.cli import app
from launchready.core.stack import load_stack
from launchready.sandbox.dns import DnsServer, zone_from_plan
from tests.portfolio.conftest import write_project

RUNNER = CliRunner()


def test_preflight_spec_problems_point_at_their_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "Pulumi.bad.yaml"
    path.write_text("config:\n  launchready:domain:\n    zone: example.com\n    origin: {ipv4: [192.0.2.10]}\n"
                    "    hosts:\n      www: {ttl: 300}\n")
    result = RUNNER.invoke(app, ["preflight", "--stack-file", str(path), "--format", "sarif"])
    assert result.exit_code == 1, result.stderr
    sarif = json.loads(result.stdout)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert run["tool"]["driver"]["name"] == "launchready"
    [located] = [r for r in run["results"] if r["ruleId"] == "preflight.spec"]
    assert located["level"] == "error" and "proxied records always use TTL 1" in located["message"]["text"]
    where = located["locations"][0]["physicalLocation"]
    assert where["artifactLocation"]["uri"] == str(path) and where["region"]["startLine"] == 6
    assert {rule["id"] for rule in run["tool"]["driver"]["rules"]} == {r["ruleId"] for r in run["results"]}
    assert all(r["locations"] for r in run["results"])  # findings without a file (tokens, backends) left out


def test_validate_findings_without_a_file_make_an_empty_run() -> None:
    result = RUNNER.invoke(app, ["check", "email", "example.com", "--resolver", "127.0.0.1:9", "--timeout", "0.1",
                                 "--deadline", "1", "--format", "sarif"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["runs"][0]["results"] == []


def test_validate_findings_point_at_the_line_of_their_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_project(Path("p"), {"alpha": "alpha.test"})
    path = Path("p/Pulumi.alpha.yaml")
    plan = load_stack(path).plan
    served = plan.model_copy(update={"records": tuple(r for r in plan.records if r.name != "api.alpha.test")})
    with DnsServer(zone_from_plan(served)) as server:
        result = RUNNER.invoke(app, ["validate", "--stack-file", str(path), "--only", "dns", "--timeout", "1",
                                     "--resolver", server.endpoint, "--authoritative", server.endpoint,
                                     "--format", "sarif"])
    assert result.exit_code == 1, result.stdout
    lines = path.read_text().splitlines()
    results = json.loads(result.stdout)["runs"][0]["results"]
    api = [r for r in results if "api.alpha.test" in r["message"]["text"]]
    assert api and {line_of_result(r) for r in api} == {lines.index("      api:") + 1}
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "p/Pulumi.alpha.yaml"
               for r in results)


def line_of_result(result: dict[str, Any]) -> int:
    line: int = result["locations"][0]["physicalLocation"]["region"]["startLine"]
    return line
