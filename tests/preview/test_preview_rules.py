"""preview-summary reads ruleset rules from the step's old and new state: rule by rule, by ref, with
the expression, and flags a removed rule, a retargeted redirect and DNSSEC turned off."""

from __future__ import annotations

import json
from typing import Any

from launchready.preview import summarize
from launchready.preview.render import render_preview

PREFIX = "urn:pulumi:staging::launchready::launchready:domain:ProductDomain$"


def redirect(ref: str, path: str, target: str, status: int = 301) -> dict[str, Any]:
    return {"ref": ref, "action": "redirect", "enabled": True,
            "expression": f'(http.request.uri.path eq "{path}")',
            "actionParameters": {"fromValue": {"statusCode": status, "targetUrl": {"value": target}}}}


def step(op: str, rtype: str, name: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> dict[str, Any]:
    urn = f"{PREFIX}{rtype}::{name}"
    found: dict[str, Any] = {"op": op, "urn": urn}
    if old is not None:
        found["oldState"] = {"urn": urn, "type": rtype, "inputs": old}
    if new is not None:
        found["newState"] = {"urn": urn, "type": rtype, "inputs": new}
    return found


RULESET = "cloudflare:index/ruleset:Ruleset"
OLD_RULES = [redirect("promo", "/promo", "https://www.example.net/sale", 302),
             redirect("legacy_docs", "/docs-old", "https://www.example.net/docs"),
             redirect("kept_same", "/same", "https://www.example.net/same")]
NEW_RULES = [redirect("promo", "/promo", "https://www.example.net/winter-sale", 302),
             redirect("kept_same", "/same", "https://www.example.net/same"),
             redirect("added", "/new", "https://www.example.net/new")]
DOCUMENT = {"steps": [
    step("update", RULESET, "domain-redirects", {"phase": "http_request_dynamic_redirect", "rules": OLD_RULES},
         {"phase": "http_request_dynamic_redirect", "rules": NEW_RULES}),
    step("delete", "cloudflare:index/zoneDnssec:ZoneDnssec", "domain-dnssec", {"status": "active"}, None),
]}


def test_rules_are_listed_by_ref_with_their_expression() -> None:
    summary = summarize(json.dumps(DOCUMENT))
    ruleset = next(s for s in summary.steps if s.name == "domain-redirects")
    assert [(c.field, c.old, c.new) for c in ruleset.changes] == [
        ("rule added", None, '(http.request.uri.path eq "/new")'),
        ("rule legacy_docs", '(http.request.uri.path eq "/docs-old")', None),
        ("rule promo (actionParameters)", '(http.request.uri.path eq "/promo")', '(http.request.uri.path eq "/promo")'),
    ]


def test_removed_rule_retargeted_redirect_and_dnssec_off_are_dangerous() -> None:
    summary = summarize(json.dumps(DOCUMENT))
    assert [danger.split(":")[0] for danger in summary.dangers] == [
        "rule.removed", "redirect.target-changed", "dnssec.disabled"]
    markdown = render_preview(summary, "markdown")
    assert "> [!WARNING]\n> - rule.removed: domain-redirects removes rule legacy_docs" in markdown
    assert "> - dnssec.disabled: domain-dnssec turns DNSSEC off" in markdown
    assert json.loads(render_preview(summary, "json"))["dangerous"] == list(summary.dangers)


def test_an_unchanged_rule_and_a_description_edit_are_not_dangerous() -> None:
    described = [{**rule, "description": "edited"} for rule in OLD_RULES]
    document = {"steps": [step("update", RULESET, "domain-redirects", {"rules": OLD_RULES}, {"rules": described})]}
    summary = summarize(json.dumps(document))
    assert summary.dangers == ()
    assert [c.field for c in summary.steps[0].changes] == [
        "rule kept_same (description)", "rule legacy_docs (description)", "rule promo (description)"]
