"""Machine outputs are a contract: each command's real JSON output validates against the JSON Schema
published in docs/schemas/ (generated from the models: `python -m launchready.contracts`), and the
published schemas are the ones the models generate today."""

from __future__ import annotations

import json

import jsonschema
import pytest
from typer.testing import CliRunner

from launchready.cli import app
from launchready.contracts import DOCUMENTS, json_schema
from launchready.core.contract import SCHEMA_VERSION
from tests.conftest import ROOT

RUNNER = CliRunner()
STAGING = str(ROOT / "Pulumi.staging.yaml")
OFFLINE = ["--resolver", "127.0.0.1:9", "--timeout", "0.1"]
EVERY_STACK = ["--all-stacks", "--project-dir", str(ROOT)]
"""The repository's own stacks (staging and prod), as one portfolio."""
COMMANDS = {
    "plan": ("plan", ["plan", "--stack-file", STAGING, "--format", "json"]),
    "preflight": ("report", ["preflight", "--stack-file", STAGING, "--format", "json"]),
    "validate": ("report", ["validate", "--stack-file", STAGING, "--only", "dns", *OFFLINE,
                            "--authoritative", "127.0.0.1:9", "--deadline", "1", "--format", "json"]),
    "check email": ("report", ["check", "email", "example.com", *OFFLINE, "--deadline", "1", "--format", "json"]),
    "diff": ("diff", ["diff", "--stack-file", STAGING, "--base", "HEAD", "--format", "json"]),
    "preview-summary": ("preview", ["preview-summary", str(ROOT / "tests/fixtures/preview/update.json"),
                                    "--format", "json"]),
    "demo": ("report", ["demo", "--stack", "staging", "--format", "json"]),
    "adopt": ("adopt", ["adopt", "--stack-file", STAGING, "--zone-file",
                        str(ROOT / "tests/fixtures/adopt/staging-existing.zone"), "--format", "json"]),
    "plan, several stacks": ("portfolio", ["plan", *EVERY_STACK, "--format", "json"]),
    "diff, several stacks": ("portfolio", ["diff", *EVERY_STACK, "--base", "HEAD", "--format", "json"]),
    "preflight, several stacks": ("portfolio", ["preflight", *EVERY_STACK, "--format", "json"]),
    "validate, several stacks": ("portfolio", ["validate", *EVERY_STACK, "--only", "dns", *OFFLINE,
                                               "--authoritative", "127.0.0.1:9", "--deadline", "1",
                                               "--format", "json"]),
}


def published(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((ROOT / "docs" / "schemas" / f"{name}.schema.json").read_text())
    return loaded


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_published_schema_is_the_one_the_models_generate(name: str) -> None:
    assert published(name) == json_schema(name), "run `python -m launchready.contracts` and commit docs/schemas"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_s_json_output_validates_against_its_schema(command: str) -> None:
    name, args = COMMANDS[command]
    result = RUNNER.invoke(app, args)
    assert result.exit_code in (0, 1), result.stderr
    document = json.loads(result.stdout)
    assert document["schema_version"] == SCHEMA_VERSION
    jsonschema.Draft202012Validator(published(name)).validate(document)


def test_a_schema_rejects_a_document_it_does_not_describe() -> None:
    """The schemas are closed: an unknown key or a wrong type fails validation (so the checks above can fail)."""
    validator = jsonschema.Draft202012Validator(published("report"))
    good = {"schema_version": 1, "ok": True, "findings": [], "notes": [], "summary": {
        "errors": 0, "warnings": 0, "passed": 0, "checks": [], "families": [], "stack": None, "elapsed_seconds": None}}
    assert validator.is_valid(good)
    assert not validator.is_valid({**good, "extra": 1})
    assert not validator.is_valid({**good, "schema_version": 2})
    assert not validator.is_valid({**good, "findings": [{"check": "x"}]})


def test_the_portfolio_golden_file_with_a_bad_stack_validates_and_an_unknown_section_key_does_not() -> None:
    document = json.loads((ROOT / "tests/portfolio/golden/portfolio.json").read_text())
    validator = jsonschema.Draft202012Validator(published("portfolio"))
    assert {s["exit_code"] for s in document["stacks"].values()} == {0, 1, 2}  # a report, a failure, bad input
    validator.validate(document)
    document["stacks"]["gamma"]["surprise"] = True
    assert not validator.is_valid(document)
