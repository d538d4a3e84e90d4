"""Adding a value whose name folds onto an existing one's (`eu.api` beside `eu-api`, `/health/` beside
`/health`, `/blog/` beside `/blog`, `login_a` beside `login-a`) never renames the resource or rule that was
there: Pulumi would create the renamed resource before deleting the old one, Cloudflare refuses the identical
record (81058), and an adopted (protected) record in the delete set blocks the up
(https://www.pulumi.com/docs/iac/concepts/options/aliases/). Only the member written in slug form keeps the
plain name, and only it carries the plain legacy alias (two resources with one alias are refused)."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable
from typing import Any

from launchready.core.naming import DNS_RECORD_TYPE, HEALTHCHECK_TYPE
from tests.components.conftest import Run

EU_API = {"name": "eu-api", "type": "CNAME", "content": "eu.origin.example.net"}
EU_DOT_API = {"name": "eu.api", "type": "CNAME", "content": "eu2.origin.example.net"}
BASE: dict[str, Any] = {"zone": "example.org", "origin": {"ipv4": ["192.0.2.10"]}, "hosts": {"apex": {}, "www": {}}}


def with_(**changes: Any) -> dict[str, Any]:
    return {**copy.deepcopy(BASE), **changes}


def names_by(run: Run, token: str, field: Callable[[dict[str, Any]], Any]) -> dict[Any, str]:
    return {field(resource["inputs"]): resource["name"] for resource in run.of_type(token)}


def refs(run: Run, ruleset: str) -> list[str]:
    return [rule["ref"] for rule in run.named(ruleset)["inputs"]["rules"]]


def test_adding_a_fold_alike_record_keeps_the_existing_record_and_its_protection(
        program: Callable[..., Run]) -> None:
    adopted = {"records": ["eu-api CNAME eu.origin.example.net"]}
    before = program("prod", with_(records=[EU_API], adopted=adopted))
    for records in ([EU_API, EU_DOT_API], [EU_DOT_API, EU_API]):
        after = program("prod", with_(records=records, adopted=adopted))
        by_name = names_by(after, DNS_RECORD_TYPE, lambda inputs: inputs["name"])
        assert by_name["eu-api.example.org"] == "domain-eu-api-cname"
        assert by_name["eu.api.example.org"].startswith("domain-eu-api-cname-")
        assert after.named("domain-eu-api-cname")["protect"] is True
        assert {r["name"] for r in before.resources} <= {r["name"] for r in after.resources}


def test_adding_a_trailing_slash_check_keeps_the_existing_health_check(program: Callable[..., Run]) -> None:
    monitoring = {"alerts": ["ops@example.org"], "account_id": "0" * 31 + "1"}
    before = program("prod", with_(plan="pro", monitoring={**monitoring, "checks": ["/", "/health"]}))
    after = program("prod", with_(plan="pro", monitoring={**monitoring, "checks": ["/health/", "/", "/health"]}))
    paths = names_by(after, HEALTHCHECK_TYPE, lambda inputs: inputs["httpConfig"]["path"])
    assert paths["/health"] == "domain-healthcheck-example-org-health"
    assert paths["/"] == "domain-healthcheck-example-org"
    assert {r["name"] for r in before.resources} <= {r["name"] for r in after.resources}


def test_adding_a_trailing_slash_redirect_keeps_the_existing_rule_ref(program: Callable[..., Run]) -> None:
    blog = {"from": "/blog", "to": "/news"}
    before = refs(program("prod", with_(redirects=[blog])), "domain-redirects")
    after = refs(program("prod", with_(redirects=[{"from": "/blog/", "to": "/news/"}, blog])), "domain-redirects")
    assert before == ["legacy_example_org_blog", "canonical_host"]
    assert after[1:] == before and after[0].startswith("legacy_example_org_blog_")


def test_adding_a_fold_alike_rate_limit_keeps_the_existing_rule_ref(program: Callable[..., Run]) -> None:
    rule = {"paths": ["/login"], "requests": 5}
    before = refs(program("prod", with_(plan="pro", rate_limits={"login-a": rule})), "domain-ratelimit")
    after = refs(program("prod", with_(plan="pro", rate_limits={"login_a": rule, "login-a": rule})),
                 "domain-ratelimit")
    assert before == ["ratelimit_login_a"] == after[1:] and after[0].startswith("ratelimit_login_a_")


def claimed_aliases(run: Run) -> Counter[str]:
    return Counter(alias["name"] for aliases in run.aliases.values() for alias in aliases if alias["name"])


def test_fold_alike_hosts_do_not_share_their_legacy_alias(program: Callable[..., Run]) -> None:
    hosts = {"eu.api": {"ipv4": ["192.0.2.22"]}, "eu-api": {"ipv4": ["192.0.2.21"]}}
    run = program("prod", with_(hosts=hosts))
    assert max(claimed_aliases(run).values()) == 1, "Pulumi refuses two resources with one alias"
    assert {"name": "domain-eu-api-a", "urn": "", "type": ""} in run.aliases["domain-eu-api-a-192-0-2-21"]
    assert not [a for a in run.aliases["domain-eu-api-a-192-0-2-22"] if a["name"]]


def test_no_alias_is_claimed_twice_when_no_label_is_plain(program: Callable[..., Run]) -> None:
    hosts = {"eu.api": {"ipv4": ["192.0.2.22"]}, "eu--api": {"ipv4": ["192.0.2.21"]}}
    assert "domain-eu-api-a" not in claimed_aliases(program("prod", with_(hosts=hosts)))


def test_the_plain_member_of_a_deployed_fold_keeps_its_former_suffixed_name_as_an_alias(
        program: Callable[..., Run]) -> None:
    """Until this change every member of a fold was suffixed: `eu-api` was `domain-eu-api-cname-13822945`
    and `/health` `domain-healthcheck-example-org-health-d2324030` (names the earlier code gave them)."""
    monitoring = {"alerts": ["ops@example.org"], "account_id": "0" * 31 + "1", "checks": ["/health", "/health/"]}
    run = program("prod", with_(records=[EU_API, EU_DOT_API], plan="pro", monitoring=monitoring))
    aliases = claimed_aliases(run)
    assert aliases["domain-eu-api-cname-13822945"] == 1 == aliases["domain-healthcheck-example-org-health-d2324030"]
    assert max(aliases.values()) == 1
