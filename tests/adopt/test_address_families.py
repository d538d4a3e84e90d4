"""An old address of the other family (an AAAA where the plan has only A records at a name, or the reverse)
keeps answering after the first up, since `pulumi up` never deletes what it does not manage: IPv6 (or IPv4)
visitors reach the old server. Adopt flags it (record.address-family-split, exit 1) until the spec declares
it, lists it in adopted.overwrites, or it is deleted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.adopt.conftest import SPEC
from tests.adopt.test_overwrites import adopt_json, adopt_zone

RULE = "record.address-family-split"
V6_ONLY: dict[str, Any] = {**SPEC, "hosts": {**SPEC["hosts"], "admin": {"ipv6": ["2001:db8::8"]}}}
"""admin is planned with an AAAA only."""


@pytest.mark.parametrize(("spec", "line", "entry", "who"), [
    (SPEC, "www IN AAAA 2001:db8::9\n", "www AAAA 2001:db8::9", "IPv6 visitors"),
    (SPEC, "@ IN AAAA 2001:db8::1\n", "@ AAAA 2001:db8::1", "IPv6 visitors"),
    (V6_ONLY, "admin IN A 203.0.113.21\n", "admin A 203.0.113.21", "IPv4 visitors"),
])
def test_an_old_address_of_the_other_family_fails_adopt_naming_it_and_the_fixes(
        tmp_path: Path, spec: dict[str, Any], line: str, entry: str, who: str) -> None:
    code, doc = adopt_json(tmp_path, spec, line)
    assert [(d["rule"], d["entry"], d["declared"]) for d in doc["dangerous"]] == [(RULE, entry, False)]
    [superseded] = doc["superseded"]
    assert superseded["overwrite"]["rule"] == RULE and doc["undeclared"] == []
    message = doc["dangerous"][0]["message"]
    assert who in message and "delete it in the dashboard" in message and "adopted.overwrites" in message
    assert code == 1, "part of the visitors would reach the old server"


def test_the_text_report_says_how_to_keep_it_declare_it_or_delete_it(tmp_path: Path) -> None:
    code, out = adopt_zone(tmp_path, SPEC, "www IN AAAA 2001:db8::9\n")
    assert code == 1
    section = out[out.index("DANGEROUS CHANGES THE FIRST `pulumi up` WOULD MAKE (1)"):]
    assert f"{RULE}: keeps www AAAA 2001:db8::9 answering beside the planned www A 192.0.2.50" in section
    assert "hosts.www.ipv6" in section, "the fix names the key that declares it"
    assert '          - "www AAAA 2001:db8::9"' in section


def test_declared_in_overwrites_or_in_the_spec_passes(tmp_path: Path) -> None:
    declared = {**SPEC, "adopted": {"overwrites": [*SPEC["adopted"]["overwrites"], "www AAAA 2001:db8::9"]}}
    code, doc = adopt_json(tmp_path / "declared", declared, "www IN AAAA 2001:db8::9\n")
    assert [(d["rule"], d["declared"]) for d in doc["dangerous"]] == [(RULE, True)] and code == 0
    kept = {**SPEC, "hosts": {**SPEC["hosts"], "www": {"ipv4": ["192.0.2.50"], "ipv6": ["2001:db8::9"]}}}
    code, doc = adopt_json(tmp_path / "kept", kept, "www IN AAAA 2001:db8::9 ; cf_tags=cf-proxied:true\n")
    assert doc["superseded"] == [] and doc["dangerous"] == [] and code == 0


@pytest.mark.parametrize("line", [
    "blog IN AAAA 2001:db8::5\n",  # a name the plan has no address at: undeclared, offered to the spec
    "app IN AAAA 2001:db8::6\n",  # the plan puts a CNAME there: a conflict (81053), not this
])
def test_other_names_are_not_this_danger(tmp_path: Path, line: str) -> None:
    _, doc = adopt_json(tmp_path, SPEC, line)
    assert RULE not in [d["rule"] for d in doc["dangerous"]]
