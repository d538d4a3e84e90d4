"""A web host or proxied record that answers another address (or CNAME target), and a proxied record
turned DNS-only: each moves or exposes a site as the apex does, so each fails `--fail-on-dangerous` with
the old and new values and how it gets through; its harmless neighbour passes."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.diff.conftest import STAGING, Repo
from tests.diff.gate import dangers, run

SHOP = {"name": "shop", "type": "A", "content": "203.0.113.9", "proxied": True}
DOCS = {"name": "docs", "type": "CNAME", "content": "docs.saas.example.org"}


def spec(**changes: Any) -> dict[str, Any]:
    edited = copy.deepcopy(STAGING)
    edited.update(changes)
    return edited


def hosts(**changes: Any) -> dict[str, Any]:
    return spec(hosts={**STAGING["hosts"], **changes})


def with_records(*records: dict[str, Any]) -> dict[str, Any]:
    return spec(records=[*STAGING["records"], *records])



CASES = [
    ("www's address changed", spec(), hosts(www={"ipv4": ["203.0.113.66"]}), ["record.host"],
     "www A moves from 192.0.2.50 to 203.0.113.66"),
    ("the api's own address changed", spec(), hosts(api={"ipv4": ["203.0.113.7"]}), ["record.host"],
     "api A moves from 198.51.100.7 to 203.0.113.7"),
    ("every address of a host replaced", hosts(app={"ipv4": ["192.0.2.60", "192.0.2.61"], "ipv6": ["2001:db8::60"]}),
     hosts(app={"ipv4": ["203.0.113.60", "203.0.113.61"], "ipv6": ["2001:db8::66"]}), ["record.host"],
     "app A/AAAA moves from 192.0.2.60, 192.0.2.61, 2001:db8::60 to 2001:db8::66, 203.0.113.60, 203.0.113.61"),
    ("a web host's CNAME retargeted", hosts(app={"cname": "app.paas.example.org"}),
     hosts(app={"cname": "app.attacker.example.org"}), ["record.host"],
     "app CNAME moves from app.paas.example.org to app.attacker.example.org"),
    ("a DNS-only web host retargeted", spec(), hosts(status={"cname": "status.attacker.example.org",
                                                             "proxied": False, "ttl": 300}),
     ["record.host"], "status CNAME moves from status.uptime.example.org to status.attacker.example.org"),
    ("a proxied record's address changed", with_records(SHOP), with_records({**SHOP, "content": "203.0.113.10"}),
     ["record.host"], "shop A moves from 203.0.113.9 to 203.0.113.10"),
    ("the origin moved: the apex and www", spec(), spec(origin={"ipv4": ["203.0.113.50"]}),
     ["record.apex", "record.host"], "changes @ A 192.0.2.50 to @ A 203.0.113.50"),
    ("a proxied record turned DNS-only", with_records(SHOP), with_records({**SHOP, "proxied": False}),
     ["proxy.origin-exposed"], "shop A 203.0.113.9 is no longer proxied: its DNS answers now show that origin"),
]


@pytest.mark.parametrize(("base", "head", "rules", "said"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_each_move_fails_the_gate(repo: Repo, base: dict[str, Any], head: dict[str, Any], rules: list[str],
                                  said: str) -> None:
    code, found = dangers(repo, base, head)
    assert code == 1 and [d["rule"] for d in found] == rules, found
    assert said in found[0]["message"]
    assert "dns-danger-approved" in found[-1]["message"]


def test_the_message_says_how_to_undo_it_in_text_and_markdown(repo: Repo) -> None:
    head = hosts(www={"ipv4": ["203.0.113.66"]})
    code, text = run(repo, spec(), head, "text")
    assert code == 1 and "DANGER record.host: www A moves from 192.0.2.50 to 203.0.113.66: every visitor" in text
    assert "put the old value back in the stack file" in text
    _, markdown = run(repo, spec(), head, "markdown")
    assert "| `record.host` | www A moves from 192.0.2.50 to 203.0.113.66 | every visitor of that name" in markdown


HARMLESS = [
    ("a DNS-only record retargeted", with_records(DOCS), with_records({**DOCS, "content": "docs2.saas.example.org"})),
    ("a DNS-only host's TTL", spec(), hosts(status={"cname": "status.uptime.example.org", "proxied": False,
                                                    "ttl": 600})),
    ("a record proxied", with_records({**SHOP, "proxied": False}), with_records(SHOP)),
    ("a DNS-only address off the web", with_records({"name": "vpn", "type": "A", "content": "192.0.2.80"}),
     with_records({"name": "vpn", "type": "A", "content": "192.0.2.81"})),
]


@pytest.mark.parametrize(("base", "head"), [case[1:] for case in HARMLESS], ids=[case[0] for case in HARMLESS])
def test_harmless_neighbours_pass(repo: Repo, base: dict[str, Any], head: dict[str, Any]) -> None:
    assert dangers(repo, base, head) == (0, [])


def test_one_address_of_two_replaced_is_flagged_once_as_an_addition(repo: Repo) -> None:
    code, found = dangers(repo, hosts(app={"ipv4": ["192.0.2.60", "192.0.2.61"]}),
                          hosts(app={"ipv4": ["192.0.2.60", "203.0.113.61"]}))
    assert code == 1 and [d["rule"] for d in found] == ["record.address-added"], found
