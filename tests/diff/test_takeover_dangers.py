"""Changes a pull request can slip in without deleting anything: a redirect that leaves the zone or catches
every request, another MX, an NS delegation, another origin, a DNS-only record at the origin address. Each
fails `--fail-on-dangerous` (text and Markdown say it); its harmless neighbour passes."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.diff.conftest import STAGING, Repo
from tests.diff.gate import dangers, run

PROMO = {"ref": "promo", "expression": '(http.request.uri.path eq "/promo")', "action": "redirect",
         "action_parameters": {"from_value": {"status_code": 301, "target_url": {"value": "https://www.example.net/sale"}}}}
ATTACKER = 'concat("https://login.attacker.example.org", http.request.uri.path)'


def spec(**changes: Any) -> dict[str, Any]:
    edited = copy.deepcopy(STAGING)
    edited.update(changes)
    return edited


def kept(**changes: Any) -> dict[str, Any]:
    rule = copy.deepcopy(PROMO)
    target = changes.pop("target", None)
    if target is not None:
        rule["action_parameters"]["from_value"]["target_url"] = target
    return {"keep": {"http_request_dynamic_redirect": [{**rule, **changes}]}}


def with_records(*records: dict[str, Any]) -> dict[str, Any]:
    return spec(records=[*STAGING["records"], *records])



CASES = [
    ("an added redirect of every request to another domain", spec(),
     spec(rules=kept(expression="true", target={"expression": ATTACKER})),
     ["redirect.leaves-zone", "redirect.widened"],
     'the redirect promo sends visitors to login.attacker.example.org, outside example.net: `concat("https://login'),
    ("a kept redirect widened to a whole host", spec(rules=kept()),
     spec(rules=kept(expression='(http.host eq "www.example.net")')), ["redirect.widened"],
     "the redirect promo now matches every request to www.example.net and sends it to "
     "`https://www.example.net/sale` (301)"),
    ("a kept redirect widened to a / prefix", spec(rules=kept()),
     spec(rules=kept(expression='starts_with(http.request.uri.path, "/")')), ["redirect.widened"],
     "now matches every request"),
    ("a kept redirect catching other paths", spec(rules=kept()),
     spec(rules=kept(expression='(http.request.uri.path in {"/promo" "/login"})')), ["redirect.widened"],
     'matches other requests than before (`(http.request.uri.path eq "/promo")` → `(http.request.uri.path in'),
    ("a disabled redirect switched on", spec(rules=kept(enabled=False)), spec(rules=kept()), ["redirect.widened"],
     'starts redirecting (`(http.request.uri.path eq "/promo")`)'),
    ("a kept redirect retargeted to another domain", spec(rules=kept()),
     spec(rules=kept(target={"value": "https://sale.example.org/"})), ["redirect.leaves-zone"],
     "sends visitors to sale.example.org, outside example.net: `https://sale.example.org/` (301), instead of "
     "`https://www.example.net/sale` (301)"),
    ("a redirect to a name of the zone that is no web host", spec(),
     spec(rules=kept(target={"value": "https://promo.example.net/"})), ["redirect.leaves-zone"],
     "sends visitors to promo.example.net, not a web host of this stack"),
    ("a target whose host is computed", spec(),
     spec(rules=kept(target={"expression": 'concat("https://www.example.net", ".attacker.example.org")'})),
     ["redirect.leaves-zone"], "sends visitors to a host that cannot be read for sure"),
    ("a target a browser reads as another host", spec(),
     spec(rules=kept(target={"value": "https://evil.example.org\\@www.example.net/"})), ["redirect.leaves-zone"],
     "sends visitors to a host that cannot be read for sure"),
    ("a legacy redirect added to another domain", spec(),
     spec(redirects=[*STAGING["redirects"], {"from": "/docs", "to": "https://docs.example.org/"}]),
     ["redirect.leaves-zone"], "sends visitors to docs.example.org, outside example.net"),
    ("an MX that receives first", spec(),
     with_records({"name": "@", "type": "MX", "content": "mx.attacker.example.org", "priority": 0}),
     ["record.mx-added"], "adds @ MX 0 mx.attacker.example.org beside 2 other MX: it now receives first, before "
     "mx1.mail.example.org (priority 10)"),
    ("an NS delegation", spec(), with_records({"name": "corp", "type": "NS", "content": "ns1.attacker.example.org"}),
     ["record.ns-added"], "adds corp NS ns1.attacker.example.org: delegates corp.example.net to ns1.attacker"),
    ("a second origin", spec(), spec(origin={"ipv4": ["192.0.2.50", "203.0.113.66"]}),
     ["record.address-added", "record.address-added"], "adds @ A 203.0.113.66 beside 192.0.2.50"),
    ("another origin beside many", spec(origin={"ipv4": [f"192.0.2.{n}" for n in range(50, 54)]}),
     spec(origin={"ipv4": [f"192.0.2.{n}" for n in range(50, 55)]}), ["record.address-added"] * 2,
     "adds @ A 192.0.2.54 beside 192.0.2.50, 192.0.2.51, 192.0.2.52 and 1 more: "),
    ("a DNS-only record at the origin", spec(),
     with_records({"name": "direct", "type": "A", "content": "192.0.2.50", "proxied": False}),
     ["proxy.origin-published"], "direct A 192.0.2.50 is DNS-only and answers the origin of @, www"),
]


@pytest.mark.parametrize(("base", "head", "rules", "said"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_each_takeover_fails_the_gate(repo: Repo, base: dict[str, Any], head: dict[str, Any], rules: list[str],
                                      said: str) -> None:
    code, found = dangers(repo, base, head)
    assert code == 1 and [d["rule"] for d in found] == rules, found
    assert said in found[0]["message"]
    assert "dns-danger-approved" in found[0]["message"]


def test_text_and_markdown_say_it_with_the_target_and_status(repo: Repo) -> None:
    head = spec(rules=kept(expression="true", target={"expression": ATTACKER}))
    code, text = run(repo, spec(), head, "text")
    assert code == 1 and "DANGER redirect.leaves-zone: the redirect promo sends visitors to login.attacker" in text
    _, markdown = run(repo, spec(), head, "markdown")
    assert "| `redirect.widened` | the redirect promo matches every request and sends it to " in markdown
    assert ('| added | promo | http_request_dynamic_redirect | redirect | `concat("https://login.attacker.example.org`'
            '", http.request.uri.path) | 301 |  | true |') in markdown


def test_a_hostile_target_is_inert_and_capped_in_the_comment(repo: Repo) -> None:
    target = "https://evil.example.org/[approve](https://a.example.org)@acme/" + "x" * 500
    code, markdown = run(repo, spec(), spec(rules=kept(target={"value": target})), "markdown")
    assert code == 1
    inert = "`https://evil.example.org/[approve](https://a…" + "x" * 20
    assert markdown.count(inert) == markdown.count("[approve](") == 2, "a code span, in the danger and the table"
    assert "x" * 21 not in markdown


HARMLESS = [
    ("a new host", spec(hosts={**STAGING["hosts"], "docs": {}})),
    ("a TXT verification", with_records({"name": "@", "type": "TXT", "content": "google-site-verification=abc"})),
    ("mail for a new name", with_records({"name": "eu", "type": "MX", "content": "mx.mail.example.org",
                                          "priority": 10})),
    ("a proxied record at the origin", with_records({"name": "direct", "type": "A", "content": "192.0.2.50",
                                                     "proxied": True})),
    ("a narrow redirect on the zone", spec(rules=kept())),
]


@pytest.mark.parametrize("head", [case[1] for case in HARMLESS], ids=[case[0] for case in HARMLESS])
def test_plain_additions_pass(repo: Repo, head: dict[str, Any]) -> None:
    assert dangers(repo, spec(), head) == (0, [])


def test_narrowing_a_redirect_passes(repo: Repo) -> None:
    narrower = kept(expression='(http.request.uri.path eq "/promo" and http.host eq "www.example.net")')
    assert dangers(repo, spec(rules=kept()), spec(rules=narrower)) == (0, [])


def test_switching_every_mx_flags_the_deletions_once(repo: Repo) -> None:
    mail = [{"name": "@", "type": "MX", "content": f"in{n}.mail.example.com", "priority": 10 * n} for n in (1, 2)]
    head = spec(records=[*mail, *STAGING["records"][2:]])
    code, found = dangers(repo, spec(), head)
    assert code == 1 and [d["rule"] for d in found] == ["record.mx", "record.mx"], found
