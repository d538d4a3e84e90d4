"""Rule-level diffs and the dangers they carry: a rule removed, a redirect retargeted, DNSSEC turned off.
Each is dangerous, so `--fail-on-dangerous` exits 1; its harmless neighbour is not."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from typer.testing import CliRunner

from launchready.cli import app
from tests.diff.conftest import STAGING, Repo

runner = CliRunner()
KEPT = {"ref": "a1b2c3", "description": "spring sale", "expression": '(http.request.uri.path eq "/promo")',
        "action": "redirect", "action_parameters": {"from_value": {
            "status_code": 302, "target_url": {"value": "https://www.example.net/sale"}}}}


def spec(**changes: Any) -> dict[str, Any]:
    edited = copy.deepcopy(STAGING)
    edited.update(changes)
    return edited


def kept(rule: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"keep": {"http_request_dynamic_redirect": [rule or KEPT]}}


def diff(repo: Repo, base: dict[str, Any], head: dict[str, Any], *args: str) -> tuple[int, dict[str, Any], str]:
    repo.commit(base, "base")
    repo.commit(head, "head")
    result = runner.invoke(app, ["diff", "--stack", "staging", "--project-dir", str(repo.path), "--base", "HEAD~1",
                                 "--head", "HEAD", "--format", "json", "--fail-on-dangerous", *args])
    markdown = runner.invoke(app, ["diff", "--stack", "staging", "--project-dir", str(repo.path), "--base", "HEAD~1",
                                   "--head", "HEAD", "--format", "markdown"]).stdout
    return result.exit_code, json.loads(result.stdout), markdown


def retargeted() -> dict[str, Any]:
    rule = copy.deepcopy(KEPT)
    rule["action_parameters"]["from_value"]["target_url"]["value"] = "https://www.example.net/winter-sale"
    return rule


CASES = [
    ("a generated redirect removed", spec(), spec(redirects=[]), "rule.removed",
     "removes the http_request_dynamic_redirect rule legacy_www_example_net_old_signup"),
    ("a kept rule removed", spec(rules=kept()), spec(), "rule.removed",
     "removes the http_request_dynamic_redirect rule a1b2c3 ((http.request.uri.path eq \"/promo\"))"),
    ("a redirect's target moves", spec(), spec(redirects=[{"from": "/old-signup", "to": "/register", "status": 308}]),
     "redirect.target-changed", "https://www.example.net/signup (308) to https://www.example.net/register (308)"),
    ("a redirect's status changes", spec(), spec(redirects=[{"from": "/old-signup", "to": "/signup", "status": 302}]),
     "redirect.target-changed", "(308) to https://www.example.net/signup (302)"),
    ("a kept redirect's target moves", spec(rules=kept()), spec(rules=kept(retargeted())),
     "redirect.target-changed", "https://www.example.net/sale (302) to https://www.example.net/winter-sale (302)"),
    ("DNSSEC turned off", spec(dnssec=True), spec(dnssec=False), "dnssec.disabled",
     "remove the DS record at the registrar, wait for twice the parent zone's DS TTL"),
]


@pytest.mark.parametrize(("base", "head", "rule", "said"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_each_rule_danger_fails_the_gate(repo: Repo, base: dict[str, Any], head: dict[str, Any], rule: str,
                                         said: str) -> None:
    code, document, markdown = diff(repo, base, head)
    flagged = [d for d in document["dangerous"] if d["rule"] == rule]
    assert code == 1 and len(flagged) == 1, document["dangerous"]
    assert said in flagged[0]["message"]
    assert f"`{rule}`" in markdown


def test_harmless_rule_changes_pass(repo: Repo) -> None:
    described = copy.deepcopy(KEPT)
    described["description"] = "spring sale (ends in May)"
    code, document, markdown = diff(repo, spec(rules=kept()), spec(rules=kept(described), dnssec=True))
    assert code == 0 and document["dangerous"] == []
    (change,) = document["kept_rules"]
    assert change["action"] == "changed" and change["fields"] == ["description"]
    assert change["phase"] == "http_request_dynamic_redirect"
    assert "| changed | a1b2c3 | http_request_dynamic_redirect | redirect | `https://www.example.net/sale` | 302 " \
        "|  | (http.request.uri.path eq \"/promo\") |" in markdown


def test_the_markdown_lists_a_removed_rule_with_its_expression(repo: Repo) -> None:
    _, _, markdown = diff(repo, spec(), spec(redirects=[]))
    row = next(line for line in markdown.splitlines() if line.startswith("| removed | legacy_www"))
    assert 'http.request.uri.path eq "/old-signup"' in row


def test_lifting_the_protection_of_an_adopted_record_is_shown(repo: Repo) -> None:
    adopted = {"records": ["@ MX 10 mx1.mail.example.org"], "rules": ["a1b2c3"]}
    code, document, markdown = diff(repo, spec(rules=kept(), adopted=adopted),
                                    spec(rules=kept(), adopted={**adopted, "records": []}))
    assert code == 0, "the explicit step before a removal is not itself dangerous"
    assert {"setting": "adopted.records", "old": "apex-mx-10-mx1-mail-example-org", "new": "-"} in document["settings"]
    assert "| adopted.records | apex-mx-10-mx1-mail-example-org | - |" in markdown


def test_declaring_an_overwrite_for_adopt_is_shown_for_review(repo: Repo) -> None:
    """`adopted.overwrites` lets the first up change an SPF, DKIM or DMARC record or a rule the zone held:
    the pull request that adds it shows it."""
    code, document, markdown = diff(repo, spec(), spec(adopted={"overwrites": ["_dmarc TXT v=DMARC1; p=reject"]}))
    assert {"setting": "adopted.overwrites", "old": None, "new": "_dmarc TXT v=DMARC1; p=reject"} \
        in document["settings"]
    assert "| adopted.overwrites | - | \\_dmarc TXT v=DMARC1; p=reject |" in markdown and code == 0
