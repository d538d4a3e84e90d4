"""`launchready preview-summary` on preview documents written from Pulumi's PreviewDigest format
(tests/fixtures/preview, named as the ProductDomain component names its children)."""

from __future__ import annotations

import json
import os
import pty
import random
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from launchready.cli import app
from launchready.core.errors import InputError
from launchready.preview import summarize
from launchready.preview.render import render_preview
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "preview"
runner = CliRunner()


def summary_of(name: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["preview-summary", str(FIXTURES / f"{name}.json"), *args])
    return result.exit_code, result.stdout, result.stderr


def test_create_lists_every_new_resource_of_ours_and_skips_the_provider() -> None:
    code, out, _ = summary_of("create", "--format", "json")
    doc = json.loads(out)
    assert code == 0
    assert doc["counts"] == {"create": 7, "import": 0, "update": 0, "replace": 0, "delete": 0}
    names = [step["name"] for step in doc["steps"]]
    assert names == ["domain-apex-a", "domain-apex-caa-issue-letsencrypt-org", "domain-apex-txt-3b8bcf6e",
                     "domain-www-a", "domain-redirects", "domain-setting-ssl", "domain"]
    apex = doc["steps"][0]
    assert apex["what"] == "example.net A"
    assert apex["changes"] == [{"field": "content", "old": None, "new": "192.0.2.50"},
                               {"field": "ttl", "old": None, "new": "1"},
                               {"field": "proxied", "old": None, "new": "true"}]


UPDATE_MARKDOWN = """\
<!-- launchready-preview -->
### pulumi preview: 5 to update (1 unchanged; Cloudflare and launchready resources only)

| op | resource | type | what | changes |
|---|---|---|---|---|
| update | domain-apex-a | DnsRecord | example.net A | content: 192.0.2.50 → 192.0.2.60 |
| update | domain-status-cname | DnsRecord | status.example.net CNAME | ttl: 300 → 600 |
| update | domain-verify-txt-5e2a7c11 | DnsRecord | verify.example.net TXT | content: [secret] → [secret] |
| update | domain-setting-security-header | ZoneSetting | security_header | \
value.strict_transport_security.max_age: 86400 → 3600 |
| update | domain-setting-ssl | ZoneSetting | ssl | value: strict → full |
"""


def test_update_shows_old_to_new_and_hides_secrets() -> None:
    code, out, _ = summary_of("update", "--format", "markdown")
    assert code == 0
    assert out == UPDATE_MARKDOWN
    raw = (FIXTURES / "update.json").read_text()
    assert "v1:AAAAAAAA+c2VjcmV0Y2lwaGVydGV4dA==" in raw, "the fixture carries a ciphertext"
    for fmt in ("text", "json", "markdown"):
        assert "c2VjcmV0Y2lwaGVydGV4dA" not in summary_of("update", "--format", fmt)[1]


def test_text_table() -> None:
    code, out, _ = summary_of("delete")
    assert code == 0
    assert out.splitlines() == [
        "op      resource                                type       what                           changes",
        "delete  domain-apex-mx-10-mx1-mail-example-org  DnsRecord  example.net MX                 "
        "content=mx1.mail.example.org; priority=10; ttl=3600",
        "delete  domain-apex-mx-20-mx2-mail-example-org  DnsRecord  example.net MX                 "
        "content=mx2.mail.example.org; priority=20; ttl=3600",
        "delete  domain-redirects                        Ruleset    http_request_dynamic_redirect  "
        'rule canonical_host=(http.host eq "example.net" and ssl)',
        'DANGER rule.removed: domain-redirects removes rule canonical_host ((http.host eq "example.net" and ssl))',
        "pulumi preview: 3 to delete (0 unchanged; Cloudflare and launchready resources only)",
    ]


def test_a_replacement_folds_its_three_steps_into_one_row() -> None:
    summary = summarize((FIXTURES / "replace.json").read_text())
    assert [(s.op, s.name) for s in summary.steps] == [
        ("replace", "domain-apex-a"), ("create", "domain-app-cname"), ("replace", "domain-www-a")]
    www = summary.steps[2]
    assert [(c.field, c.old, c.new) for c in www.changes] == [
        ("zoneId", "023e105f4ecef8ad9ca31a8372d0c353", "7c5dae5552338874e5053f2534d2767a")]


@pytest.mark.parametrize("name", ["create", "update", "delete", "replace"])
def test_step_order_in_the_document_does_not_matter(name: str) -> None:
    document = json.loads((FIXTURES / f"{name}.json").read_text())
    expected = render_preview(summarize(json.dumps(document)), "markdown")
    random.Random(7).shuffle(document["steps"])
    assert render_preview(summarize(json.dumps(document)), "markdown") == expected


def test_stdin_is_the_default_input() -> None:
    result = runner.invoke(app, ["preview-summary"], input=(FIXTURES / "delete.json").read_text())
    assert result.exit_code == 0 and "3 to delete" in result.stdout


def test_a_failed_run_reports_its_diagnostics_and_exits_2() -> None:
    code, out, err = summary_of("failed")
    assert code == 2 and out == ""
    assert "the preview failed" in err
    assert "domain-www-a: failed to make http request" in err and "81053" in err
    assert "<{%reset%}>" not in err
    assert "using pulumi-cloudflare" not in err, "warnings are not errors"


@pytest.mark.parametrize(("text", "message"), [
    ("{\"steps\": [", "not JSON (line 1, column 12"),
    ("[]", "not a `pulumi preview --json` document"),
    ("{\"config\": {}}", "not a `pulumi preview --json` document"),
    ("{\"steps\": [{\"op\": \"create\", \"urn\": \"domain-www-a\"}]}", "is not a Pulumi URN"),
])
def test_malformed_input_is_bad_input(text: str, message: str) -> None:
    result = runner.invoke(app, ["preview-summary", "-"], input=text)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    with pytest.raises(InputError):
        summarize(text)


def test_a_missing_file_is_bad_input(tmp_path) -> None:
    result = runner.invoke(app, ["preview-summary", str(tmp_path / "nope.json")])
    assert result.exit_code == 2 and "no such preview file" in result.stderr


def test_no_changes() -> None:
    document = {"steps": [{"op": "same", "urn": "urn:pulumi:staging::launchready::launchready:domain:"
                           "ProductDomain$cloudflare:index/dnsRecord:DnsRecord::domain-www-a"}]}
    assert render_preview(summarize(json.dumps(document)), "text") == (
        "pulumi preview: no changes (1 unchanged; Cloudflare and launchready resources only)\n")


def test_a_terminal_on_stdin_is_bad_input_instead_of_a_wait() -> None:
    parent, child = pty.openpty()
    try:
        done = subprocess.run([str(Path(sys.executable).parent / "launchready"), "preview-summary"], stdin=child,
                              capture_output=True, text=True, timeout=30, check=False)
    finally:
        os.close(parent)
        os.close(child)
    assert done.returncode == 2
    assert done.stderr.startswith("error: no input: pipe it in (pulumi preview --json | launchready preview-summary -)")
