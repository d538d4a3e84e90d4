"""A fake credential planted where a user might paste one never reaches stdout, stderr or a file written,
in any case and in any format: a record name, a host key, an unknown key, a monitoring check. The stack
starts as a user's does: `launchready init` in a git repository, then keys added under launchready:domain."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.canaries import leaking_files, leaks, prefixed_token, token
from tests.clirun import CliRun, invoke
from tests.conftest import ROOT

GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.com", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}
STACK = ("--stack", "prod")
SPEC_OUTPUTS = (
    ("plan", *STACK), ("plan", *STACK, "-f", "json", "-o", "plan.json"),
    ("preflight", *STACK, "--no-history"), ("preflight", *STACK, "-f", "json"),
    ("preflight", *STACK, "-f", "sarif", "-o", "preflight.sarif"),
    ("report", *STACK), ("applinks", *STACK),
    ("diff", *STACK, "--base", "HEAD"), ("diff", *STACK, "--base", "HEAD", "-f", "markdown", "-o", "comment.md"),
    ("diff", *STACK, "--base", "HEAD", "-f", "json"),
)
"""Every command that reads the stack file offline, in each format named by the QA pass."""


@dataclass(frozen=True)
class Project:
    path: Path

    @property
    def stack(self) -> Path:
        return self.path / "Pulumi.prod.yaml"

    def add(self, line: str) -> None:
        """A key under launchready:domain (init's file ends inside that mapping)."""
        self.stack.write_text(self.stack.read_text() + f"    {line}\n")

    def commit(self) -> None:
        for args in (("add", "."), ("commit", "-qm", "stack")):
            subprocess.run(["git", *args], cwd=self.path, env={**os.environ, **GIT_ENV}, check=True, timeout=30)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLOUDFLARE_API_TOKEN", raising=False)
    shutil.copy(ROOT / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True, timeout=30)
    assert invoke("init", "--zone", "example.com", "--origin", "203.0.113.10").code == 0
    found = Project(tmp_path)
    found.commit()
    return found


def outputs(project: Project, commands: tuple[tuple[str, ...], ...]) -> dict[tuple[str, ...], CliRun]:
    return {command: invoke(*command) for command in commands}


def assert_never_shown(project: Project, canary: str, runs: dict[tuple[str, ...], CliRun]) -> None:
    shown = {" ".join(command): leaks(canary, run.stdout, run.stderr) for command, run in runs.items()}
    assert {command: texts for command, texts in shown.items() if texts} == {}
    assert leaking_files(project.path, canary, {project.stack}) == []


def refused(run: CliRun, words: str) -> bool:
    return run.code == 2 and words in run.stderr


@pytest.mark.parametrize("canary", [token(39) + "-", token(40)], ids=["an invalid label", "a valid label"])
def test_a_token_pasted_as_a_record_name_is_refused_and_never_shown(project: Project, canary: str) -> None:
    project.add(f'records: [{{type: TXT, name: "{canary}", content: hi}}]')
    runs = outputs(project, SPEC_OUTPUTS)
    assert_never_shown(project, canary, runs)
    assert refused(runs[("plan", *STACK)], "records[0].name (line 23): text of 40 characters looks like a credential")


@pytest.mark.parametrize("canary", [token(20) + "_" + token(19), token(40)], ids=["with _", "letters and digits"])
def test_a_token_pasted_as_a_host_key_is_refused_and_never_shown(project: Project, canary: str) -> None:
    hosts = project.stack.read_text().replace("      www: {}\n", f"      www: {{}}\n      {canary}.x: {{}}\n")
    project.stack.write_text(hosts)
    runs = outputs(project, SPEC_OUTPUTS)
    assert_never_shown(project, canary, runs)
    assert refused(runs[("plan", *STACK)], "hosts.<a key of 42 characters that could be a credential> (line 14)")


def test_a_token_pasted_as_an_unknown_key_is_reported_by_line_and_never_shown(project: Project) -> None:
    canary = prefixed_token()
    text = project.stack.read_text().replace("  launchready:domain:\n", f"  launchready:domain:\n    {canary}: 1\n")
    project.stack.write_text(text)
    runs = outputs(project, (*SPEC_OUTPUTS, ("validate", *STACK, "--timeout", "0.05")))
    assert_never_shown(project, canary, runs)
    assert refused(runs[("plan", *STACK)], "<a key of 49 characters that could be a credential> (line 5): is not a "
                   "known key. Known keys here:")


@pytest.mark.parametrize("where", ["base", "head"])
def test_a_token_in_a_check_url_is_refused_and_never_shown(project: Project, where: str) -> None:
    canary = prefixed_token()
    project.add(f'monitoring: {{alerts: [ops@example.com], checks: ["/", "/health?key={canary}"]}}')
    if where == "base":
        project.commit()
    runs = outputs(project, SPEC_OUTPUTS)
    assert_never_shown(project, canary, runs)
    assert refused(runs[("plan", *STACK)], "monitoring.checks[1] (line 23): /health?key=… holds a credential in its "
                   "query; a check is kept in plain text")


def test_a_short_credential_under_a_credential_named_query_parameter_is_refused(project: Project) -> None:
    """`?key=<short value>` is not credential-shaped, but its name says it is one: exit 2, naming the check
    and the parameter, never the value (it would reach Pulumi state and the monitor's configuration)."""
    canary = f"hk{secrets.token_hex(4)}"
    project.add(f'monitoring: {{alerts: [ops@example.com], checks: ["/", "/health?key={canary}"]}}')
    runs = outputs(project, (("plan", *STACK), ("plan", *STACK, "-f", "json"), ("preflight", *STACK, "-f", "json"),
                             ("diff", *STACK, "--base", "HEAD", "-f", "markdown")))
    assert_never_shown(project, canary, runs)
    assert refused(runs[("plan", *STACK)], "monitoring.checks[1] (line 23): /health?key=… sends a credential in its "
                   "query parameter key;")


def test_a_token_a_check_looks_for_is_refused_and_never_shown(project: Project) -> None:
    canary = prefixed_token()
    project.add(f'monitoring: {{alerts: [ops@example.com], body_contains: {{"/": "{canary}"}}}}')
    runs = outputs(project, SPEC_OUTPUTS)
    assert_never_shown(project, canary, runs)
    assert refused(runs[("plan", *STACK)], 'monitoring.body_contains["/"] (line 23): text of 49 characters looks '
                   "like a credential")


def test_a_check_url_is_shown_with_its_query_values_masked(project: Project) -> None:
    """A query value that is not credential-shaped is planned, but plans, reports and diffs show `?v=…`."""
    canary, earlier = f"v{secrets.token_hex(8)}", f"v{secrets.token_hex(8)}"  # lowercase: not credential-shaped
    project.add(f'monitoring: {{alerts: [ops@example.com], checks: ["/", "/health?v={earlier}&full"]}}')
    project.commit()
    project.stack.write_text(project.stack.read_text().replace(earlier, canary))
    runs = outputs(project, SPEC_OUTPUTS)
    assert_never_shown(project, canary, runs)
    assert_never_shown(project, earlier, runs)
    assert "https://example.com/health?v=…&full" in runs[("plan", *STACK)].stdout
    assert "(a query value changed)" in runs[("diff", *STACK, "--base", "HEAD")].stdout
