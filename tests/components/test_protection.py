"""What existed before launchready is protected (Pulumi `protect`), and so is DNSSEC: a spec edit or
`pulumi destroy` cannot delete them until the spec says so (docs/components.md, "Protection")."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from launchready.core.naming import DNS_RECORD_TYPE, RULESET_TYPE, ZONE_DNSSEC_TYPE
from tests.components.conftest import Run
from tests.components.test_urns import VARIED

ADOPTED = VARIED["adopted-zone"]


def protected(run: Run, token: str) -> dict[str, bool]:
    return {resource["name"]: resource["protect"] for resource in run.of_type(token)}


def test_adopted_records_and_the_ruleset_of_an_adopted_rule_are_protected(program: Callable[..., Run]) -> None:
    records = protected(program("test", ADOPTED), DNS_RECORD_TYPE)
    assert records.pop("domain-apex-mx-10-mx1-mail-example-net") is True
    assert records and not any(records.values()), "records launchready made itself stay unprotected"
    rulesets = protected(program("test", ADOPTED), RULESET_TYPE)
    assert rulesets == {"domain-redirects": False, "domain-cache": True}


def test_a_record_leaves_protection_when_it_leaves_adopted(program: Callable[..., Run]) -> None:
    spec: dict[str, Any] = copy.deepcopy(ADOPTED)
    spec["adopted"] = {"records": [], "rules": []}
    assert not any(protected(program("test", spec), DNS_RECORD_TYPE).values())
    assert not any(protected(program("test", spec), RULESET_TYPE).values())


def test_kept_rules_come_first_in_their_phase(program: Callable[..., Run]) -> None:
    (cache,) = [r for r in program("test", ADOPTED).of_type(RULESET_TYPE) if r["name"] == "domain-cache"]
    refs = [rule["ref"] for rule in cache["inputs"]["rules"]]
    assert refs[0] == "f00dcafe" and len(refs) > 1
    first = cache["inputs"]["rules"][0]
    assert (first["action"], first["expression"]) == ("set_cache_settings", '(http.request.uri.path eq "/x")')


def test_dnssec_is_protected_unless_the_spec_says_otherwise(program: Callable[..., Run]) -> None:
    spec = {**VARIED["created-zone"]}
    assert protected(program("test", spec), ZONE_DNSSEC_TYPE) == {"domain-dnssec": True}
    spec["dnssec_protected"] = False
    assert protected(program("test", spec), ZONE_DNSSEC_TYPE) == {"domain-dnssec": False}
