"""`launchready report`: golden Markdown and HTML, and what the handover must always contain."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from launchready.cli import app
from launchready.core.plan import DomainPlan, build_plan
from launchready.core.stack import load_stack
from launchready.render.escape import md_text
from launchready.render.plan import ttl_text

HERE = Path(__file__).parent
STACK = HERE / "Pulumi.handover.yaml"
RESULTS = HERE / "validate_handover.json"
SNAPSHOTS = HERE.parent / "snapshots"
ROOT = HERE.parent.parent


def report(*args: str) -> str:
    result = CliRunner().invoke(app, ["report", "--stack-file", str(STACK), *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def plan() -> DomainPlan:
    loaded = load_stack(STACK)
    return build_plan(loaded.spec, loaded.name)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_matches_golden_file(fmt: str) -> None:
    """Regenerate with UPDATE_SNAPSHOTS=1 after an intended change, and review the diff."""
    text = report("--results", str(RESULTS), "--format", "markdown" if fmt == "md" else "html")
    path = SNAPSHOTS / f"report_handover.{fmt}"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.write_text(text)
    assert path.exists(), f"{path} is missing; run UPDATE_SNAPSHOTS=1 pytest tests/handover"
    assert text == path.read_text(), f"{path} differs from the rendered report (UPDATE_SNAPSHOTS=1)"


def test_every_record_is_listed_with_its_ttl(plan: DomainPlan) -> None:
    rows = [line for line in report().splitlines() if line.startswith("| ")]
    for record in plan.records:
        cells = (f"| {md_text(record.name, table=True)} | {record.type} |", f"| {ttl_text(record.ttl)} |")
        shown = [row.replace("`", "").replace("\\", "") for row in rows if all(c in row for c in cells)]
        assert any(record.content[:40] in row for row in shown), record


def test_rollback_and_first_days_are_spelled_out() -> None:
    text = report()
    for command in ("pulumi stack export --stack handover", "pulumi stack history --stack handover",
                    "git revert <commit>", "pulumi up --stack handover", "launchready validate --stack handover",
                    "pulumi cancel --stack handover", "pulumi refresh --stack handover",
                    "launchready adopt --from-cloudflare"):
        assert command in text
    first_days = text.split("## What to watch in the first 72 hours")[1]
    assert "up to 3600 s" in first_days and "31536000 s" in first_days


def test_hosts_map_says_where_each_host_points_and_whether_it_is_proxied() -> None:
    text = report()
    assert "| `www.example.com` | 192.0.2.10, 2001:db8::10 | proxied | redirects to example.com |" in text
    assert "| api.example.com | api-origin.example.net | proxied | never cached (dynamic) |" in text
    assert "_domainkey" not in text.split("## Domains and hosts")[1].split("## DNS records")[0]


def test_monitoring_names_who_gets_alerts_and_the_variables_are_names_only() -> None:
    text = report()
    assert "emails `ops@example.com`, `oncall@example.com` and a webhook" in text
    variables = text.split("## Environment variables (names only)")[1].split("## Secrets")[0]
    names = re.findall(r"^\| ([A-Z_]+) \|", variables, flags=re.MULTILINE)
    assert names == ["CLOUDFLARE_API_TOKEN", "PULUMI_ACCESS_TOKEN", "PULUMI_CONFIG_PASSPHRASE"]


def test_no_secret_value_reaches_the_report(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", "canary-token-value-0123456789")
    ciphertext = STACK.read_text().split("secure: ")[1].split()[0]
    for fmt in ("markdown", "html"):
        text = report("--format", fmt)
        assert "canary-token-value" not in text and ciphertext not in text


def test_every_validation_outcome_is_shown() -> None:
    text = report("--results", str(RESULTS))
    findings = json.loads(RESULTS.read_text())["findings"]
    section = text.split("## Validation results")[1]
    for finding in findings:
        outcome = {"error": "FAIL", "warning": "WARN", "info": "pass"}[finding["severity"]]
        assert f"| {outcome} | {finding['check']} |" in section
    assert "FAIL: 1 error, 1 warning, 5 checks passed" in section


def results_of(tmp_path: Path, stack: str | None) -> Path:
    document = json.loads(RESULTS.read_text())
    if stack is None:
        del document["summary"]["stack"]
    else:
        document["summary"]["stack"] = stack
    (tmp_path / "v.json").write_text(json.dumps(document))
    return tmp_path / "v.json"


def test_results_for_another_stack_are_refused(tmp_path: Path) -> None:
    """A handover must never show staging's verdict as this stack's ("Last validation: FAIL" at the top)."""
    path = results_of(tmp_path, "staging")
    result = CliRunner().invoke(app, ["report", "--stack-file", str(STACK), "--results", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"error: --results {path} holds stack staging's results; give handover's, or pass "
                             "--stack staging\n")


@pytest.mark.parametrize("recorded", ["sk-live-SECRET0123456789abcdef", "AKIAIOSFODNN7EXAMPLE", "a1B2c3D4e5F6g7H8",
                                      "/etc/x"])
def test_another_stack_named_like_a_token_is_not_quoted(tmp_path: Path, recorded: str) -> None:
    path = results_of(tmp_path, recorded)
    result = CliRunner().invoke(app, ["report", "--stack-file", str(STACK), "--results", str(path)])
    assert result.exit_code == 2 and "holds another stack's results (its name is text of" in result.stderr, \
        result.output
    assert recorded not in result.output


def test_another_stack_with_a_digit_in_its_name_is_quoted(tmp_path: Path) -> None:
    path = results_of(tmp_path, "prod2")
    result = CliRunner().invoke(app, ["report", "--stack-file", str(STACK), "--results", str(path)])
    assert "holds stack prod2's results; give handover's, or pass --stack prod2" in result.stderr


def test_results_that_record_no_stack_say_so_at_the_top(tmp_path: Path) -> None:
    text = report("--results", str(results_of(tmp_path, None)))
    glance = text.split("## At a glance")[1].split("\n## ")[0]
    assert "Caution: these results record no stack, so nothing shows they are stack handover's" in glance
    assert glance.index("Caution") < glance.index("Last validation: FAIL")
    assert "Caution" not in report("--results", str(RESULTS)), "results of this very stack need no caution"


@pytest.mark.parametrize("content", ["not json", '{"ok": true}', '{"findings": [{"check": "x"}]}'])
def test_a_bad_results_file_exits_2(tmp_path: Path, content: str) -> None:
    (tmp_path / "v.json").write_text(content)
    result = CliRunner().invoke(app, ["report", "--stack-file", str(STACK), "--results", str(tmp_path / "v.json")])
    assert result.exit_code == 2 and "--results" in result.output and "Traceback" not in result.output


FINDING = {"check": "http.hsts", "severity": "error", "name": "example.com", "message": "no HSTS"}


@pytest.mark.parametrize(("document", "field"), [
    ({"findings": [], "summary": {"families": 5}}, "summary.families: Input should be a list"),
    ({"findings": [], "summary": {"stack": ["prod"]}}, "summary.stack"),
    ({"findings": [], "notes": 7}, "notes"),
    ({"findings": [], "summary": "dns"}, "summary"),
    ({"findings": [{**FINDING, "severity": "sk-live-SECRET"}]}, "findings[0].severity"),
    ({"findings": [FINDING, {**FINDING, "token": "sk-live-SECRET"}]}, "findings[1].token"),
])
def test_a_malformed_results_field_is_named_and_its_value_never_shown(tmp_path: Path, document: dict[str, object],
                                                                      field: str) -> None:
    (tmp_path / "v.json").write_text(json.dumps(document))
    result = CliRunner().invoke(app, ["report", "--stack-file", str(STACK), "--results", str(tmp_path / "v.json")])
    assert result.exit_code == 2 and not isinstance(result.exception, TypeError), result.output
    assert f"--results {tmp_path / 'v.json'}: {field}" in result.stderr, result.stderr
    assert "SECRET" not in result.output and "input_value" not in result.output


def test_results_of_another_schema_version_are_refused(tmp_path: Path) -> None:
    (tmp_path / "v.json").write_text(json.dumps({"schema_version": 2, "findings": []}))
    result = CliRunner().invoke(app, ["report", "--stack-file", str(STACK), "--results", str(tmp_path / "v.json")])
    assert result.exit_code == 2 and "schema_version 2" in result.stderr, result.output


class Assets(HTMLParser):
    """Collects anything that would make the page fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.fetches: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "srcset") or (name == "href" and value and not value.startswith("#")):
                self.fetches.append(f"{tag} {name}={value}")
        if tag in ("script", "link", "iframe", "img", "object", "embed"):
            self.fetches.append(tag)


def test_html_is_one_self_contained_escaped_file() -> None:
    text = report("--format", "html")
    parser = Assets()
    parser.feed(text)
    assert parser.fetches == []
    assert "url(" not in text and "@import" not in text
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
    assert "<code>pulumi stack history --stack handover</code>" in text
    assert 'rua=mailto:dmarc@example.com' in text and "&quot;letsencrypt.org&quot;" in text


def test_the_staging_demo_report_lists_its_records(tmp_path: Path) -> None:
    out = tmp_path / "staging.md"
    result = CliRunner().invoke(app, ["report", "--stack", "staging", "--project-dir", str(ROOT),
                                      "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "## DNS records" in out.read_text() and "## Rollback" in out.read_text()


def test_the_purge_call_says_where_the_zone_id_is_when_the_stack_has_none(tmp_path: Path) -> None:
    document = yaml.safe_load(STACK.read_text())
    del document["config"]["launchready:domain"]["zone"]["id"]
    stack = tmp_path / "Pulumi.handover.yaml"
    stack.write_text(yaml.safe_dump(document))
    result = CliRunner().invoke(app, ["report", "--stack-file", str(stack), "--format", "markdown"])
    assert result.exit_code == 0, result.stderr
    assert "`$ZONE_ID` is the Zone ID on the zone's Overview page, under API):" in result.stdout
    assert "/zones/$ZONE_ID/purge_cache" in result.stdout
    assert "$ZONE_ID" not in report(), "the stack's own zone id is filled in"
