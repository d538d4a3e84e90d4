"""What adopt does with an existing record or rule the plan would change: a TXT is matched only to a
planned TXT of its kind (SPF, DMARC, DKIM; other text only to the same text), a change to an SPF, DMARC
or DKIM record or to what a rule does is dangerous (exit 1) unless `adopted.overwrites` declares it,
and two SPF records at one name are a conflict."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from launchready.cli import app
from tests.adopt.conftest import SPEC, write_project
from tests.conftest import ROOT

runner = CliRunner()
KEY = next(sender["dkim_key"] for sender in yaml.safe_load((ROOT / "Pulumi.staging.yaml").read_text())["config"][
    "launchready:domain"]["email"]["send"] if "dkim_key" in sender)
MAIL: dict[str, Any] = {**SPEC, "records": [], "email": {
    "send": [{"provider": "google_workspace", "dkim_key": KEY}], "receive": "google_workspace",
    "dmarc": {"policy": "none"}}}
"""The QA stack: apex SPF, DKIM at google._domainkey, DMARC p=none, and no other apex TXT."""
HEAD = "$ORIGIN example.net.\n$TTL 300\n@ IN SOA ada.ns.cloudflare.com. dns.cloudflare.com. 1 2 3 4 5\n"


def adopt_zone(tmp_path: Path, spec: dict[str, Any], zone_text: str, *args: str) -> tuple[int, str]:
    project = write_project(tmp_path / "project", spec)
    zone = tmp_path / "existing.zone"
    zone.write_text(HEAD + zone_text)
    result = runner.invoke(app, ["adopt", "--stack", "staging", "--project-dir", str(project),
                                 "--zone-file", str(zone), *args])
    return result.exit_code, result.stdout


def adopt_json(tmp_path: Path, spec: dict[str, Any], zone_text: str) -> tuple[int, dict[str, Any]]:
    code, out = adopt_zone(tmp_path, spec, zone_text, "--format", "json")
    return code, json.loads(out)


def test_an_unrelated_apex_txt_is_never_adopted_into_the_planned_spf(tmp_path: Path) -> None:
    code, doc = adopt_json(tmp_path, MAIL, '@ IN TXT "google-site-verification=abc123"\n')
    assert [a["existing"]["type"] for a in doc["adopt"]] == [], "the verification record is not the SPF record"
    assert [r["content"] for r in doc["undeclared"]] == ["google-site-verification=abc123"]
    assert '"google-site-verification=abc123"' in doc["spec_snippet"], "kept, and offered to the spec"
    assert code == 0 and doc["dangerous"] == []


def test_other_text_is_matched_only_to_the_same_text(tmp_path: Path) -> None:
    spec = {**SPEC, "records": [{"name": "note", "type": "TXT", "content": "hello"}]}
    code, doc = adopt_json(tmp_path, spec, 'note IN TXT "something else"\n')
    assert doc["adopt"] == [] and [r["content"] for r in doc["undeclared"]] == ["something else"]
    assert code == 0



@pytest.mark.parametrize(("line", "rule", "entry"), [
    ('_dmarc IN TXT "v=DMARC1; p=reject"\n', "record.dmarc", "_dmarc TXT v=DMARC1; p=reject"),
    ('@ IN TXT "v=spf1 include:_spf.example.org -all"\n', "record.spf", "@ TXT v=spf1 include:_spf.example.org -all"),
    ('google._domainkey IN TXT "v=DKIM1; k=rsa; p=AAAA"\n', "record.dkim",
     "google._domainkey TXT v=DKIM1; k=rsa; p=AAAA"),
])
def test_a_mail_record_the_first_up_would_change_fails_adopt(tmp_path: Path, line: str, rule: str,
                                                             entry: str) -> None:
    code, doc = adopt_json(tmp_path, MAIL, line)
    [adopted] = doc["adopt"]
    assert adopted["updates"] == ["content", "ttl"] and adopted["overwrite"]["rule"] == rule
    assert [(d["rule"], d["entry"], d["declared"]) for d in doc["dangerous"]] == [(rule, entry, False)]
    assert code == 1, "the first up would weaken or break mail authentication"


def test_the_text_report_says_how_to_keep_or_declare_the_change(tmp_path: Path) -> None:
    code, out = adopt_zone(tmp_path, MAIL, '_dmarc IN TXT "v=DMARC1; p=reject"\n')
    assert code == 1
    section = out[out.index("DANGEROUS CHANGES THE FIRST `pulumi up` WOULD MAKE (1)"):]
    assert "record.dmarc: changes _dmarc TXT v=DMARC1; p=reject to _dmarc TXT v=DMARC1; p=none" in section
    assert 'adopted:\n        overwrites:\n          - "_dmarc TXT v=DMARC1; p=reject"' in section
    assert "overwrites" not in out[out.index("To keep everything"):], "the snippet never declares a change"


def test_a_change_the_spec_declares_in_adopted_overwrites_passes(tmp_path: Path) -> None:
    spec = {**MAIL, "adopted": {"overwrites": ["_dmarc  TXT v=DMARC1; p=reject"]}}
    code, doc = adopt_json(tmp_path, spec, '_dmarc IN TXT "v=DMARC1; p=reject"\n')
    assert [(d["rule"], d["declared"]) for d in doc["dangerous"]] == [("record.dmarc", True)]
    assert code == 0
    code, out = adopt_zone(tmp_path, spec, '_dmarc IN TXT "v=DMARC1; p=reject"\n')
    assert "Dangerous changes adopted.overwrites declares (1)" in out and code == 0


def test_a_declaration_names_the_content_it_replaces(tmp_path: Path) -> None:
    """Declared for p=quarantine, the zone holds p=reject: not the change that was reviewed."""
    spec = {**MAIL, "adopted": {"overwrites": ["_dmarc TXT v=DMARC1; p=quarantine"]}}
    code, doc = adopt_json(tmp_path, spec, '_dmarc IN TXT "v=DMARC1; p=reject"\n')
    assert code == 1 and doc["dangerous"][0]["declared"] is False


def test_an_existing_spf_beside_other_apex_text_is_adopted_into_the_planned_spf(tmp_path: Path) -> None:
    """Not superseded (two SPF records after the first up, RFC 7208 §3.2): updated in place, and dangerous."""
    spec = {**MAIL, "records": [{"name": "@", "type": "TXT", "content": "staging-verification=4f1c2d"}]}
    code, doc = adopt_json(tmp_path, spec, '@ IN TXT "staging-verification=4f1c2d"\n'
                                           '@ IN TXT "v=spf1 include:_spf.mail.example.org -all"\n')
    assert {a["resource"] for a in doc["adopt"]} == {"domain-apex-txt-spf", "domain-apex-txt-3b8bcf6e"}
    assert doc["superseded"] == [] and doc["conflicts"] == []
    assert [d["rule"] for d in doc["dangerous"]] == ["record.spf"] and code == 1


def test_two_spf_records_at_the_apex_are_a_conflict_that_says_what_to_do(tmp_path: Path) -> None:
    code, out = adopt_zone(tmp_path, MAIL, '@ IN TXT "v=spf1 include:_spf.google.com ~all"\n'
                                           '@ IN TXT "v=spf1 include:_spf.old.example.org -all"\n')
    assert code == 1
    conflicts = out[out.index("Conflicts no import can fix (1)"):].split("\n\n")[0]
    assert "@ TXT v=spf1 include:_spf.old.example.org -all: the zone holds 2 SPF records at example.net" in conflicts
    assert "RFC 7208" in conflicts and "delete" in conflicts and "email.send" in conflicts
    assert "@ TXT v=spf1 include:_spf.google.com ~all" not in conflicts, "the one the plan declares is adopted"


def test_dashboard_rules_the_plan_would_change_fail_adopt_end_to_end(tmp_path: Path) -> None:
    """The QA zone: a dashboard redirect on the planned /old-signup expression to a partner (302), and a
    managed_challenge rate limit on the planned block rule's expression."""
    from tests.cloudflare_standin import CloudflareStandIn, serve

    standin = CloudflareStandIn("canary-token-5b0c1d2e3f")
    zone = standin.add_zone("023e105f4ecef8ad9ca31a8372d0c353", "example.net")
    standin.add_entrypoint(zone, "http_request_dynamic_redirect", [{
        "expression": '(http.host eq "www.example.net" and http.request.uri.path eq "/old-signup" and ssl)',
        "action": "redirect", "action_parameters": {"from_value": {
            "target_url": {"value": "https://partner.example.org/join"}, "status_code": 302}}}])
    standin.add_entrypoint(zone, "http_ratelimit", [{
        "expression": '(http.request.uri.path in {"/login" "/reset-password"})', "action": "managed_challenge",
        "ratelimit": {"characteristics": ["ip.src", "cf.colo.id"], "period": 10, "requests_per_period": 10}}])
    spec = {**SPEC, "rate_limits": {"abuse": {"paths": ["/login", "/reset-password"], "requests": 10}}}
    project = write_project(tmp_path / "project", spec)
    with serve(standin) as url:
        result = runner.invoke(app, ["adopt", "--stack", "staging", "--project-dir", str(project),
                                     "--from-cloudflare"], env={"CLOUDFLARE_API_TOKEN": "canary-token-5b0c1d2e3f",
                                                                "CLOUDFLARE_BASE_URL": url})
    out = result.stdout
    assert result.exit_code == 1, "neither change is declared"
    assert "first up changes its target https://partner.example.org/join → https://www.example.net/signup, " \
           "status 302 → 308" in out
    assert "the planned rule ratelimit_abuse takes its place; the first up changes its action " \
           "managed_challenge → block" in out
    dangers = out[out.index("DANGEROUS CHANGES THE FIRST `pulumi up` WOULD MAKE (2)"):]
    assert "  redirect.target-changed: " in dangers and "  rule.action-changed: " in dangers
    assert "canary-token" not in out + result.stderr
