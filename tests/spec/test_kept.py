"""`rules.keep` and `adopted`: kept rules are checked against the Cloudflare SDK's rule types and their
phase, refs are unique, and every adopted record or rule is still in the stack."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from launchready.core.errors import SpecError
from launchready.core.stack import accept

REDIRECT: dict[str, Any] = {"ref": "promo", "expression": '(http.request.uri.path eq "/promo")', "action": "redirect",
                            "action_parameters": {"from_value": {"status_code": 302,
                                                                 "target_url": {"value": "https://example.org/sale"}}}}
BASE: dict[str, Any] = {"zone": "example.org", "origin": {"ipv4": ["192.0.2.10"]},
                        "records": [{"name": "@", "type": "MX", "content": "mx1.mail.example.net", "priority": 10}],
                        "rules": {"keep": {"http_request_dynamic_redirect": [REDIRECT]}},
                        "adopted": {"records": ["@ MX 10 mx1.mail.example.net", "@ A 192.0.2.10"],
                                    "rules": ["promo"]}}


def problems(**changes: Any) -> list[str]:
    spec = copy.deepcopy(BASE)
    spec.update(changes)
    try:
        accept(spec)
    except SpecError as error:
        return [str(problem) for problem in error.problems]
    return []


def rule(**changes: Any) -> dict[str, Any]:
    return {"keep": {"http_request_dynamic_redirect": [{**copy.deepcopy(REDIRECT), **changes}]}}


def test_a_valid_spec_plans_its_kept_rules_first_and_knows_what_was_adopted() -> None:
    plan = accept(BASE).plan
    assert [r.ref for r in plan.kept_rules] == ["promo"]
    assert set(plan.adopted_records) == {"apex-mx-10-mx1-mail-example-net", "apex-a-192-0-2-10"}
    assert plan.adopted_rules == ("promo",)


@pytest.mark.parametrize(("changes", "expected"), [
    ({"rules": rule(action_parameters={"from_value": {"status_code": 304, "target_url": {"value": "/x"}}})},
     "rules.keep.http_request_dynamic_redirect[0]: action_parameters.from_value.status_code"),
    ({"rules": rule(action_parameters={"from_valeu": {}})}, "keys the Cloudflare API does not know: "
                                                            "action_parameters.from_valeu"),
    ({"rules": rule(action="set_cache_settings")}, '"set_cache_settings" is not an action of phase '
                                                  "http_request_dynamic_redirect; it allows redirect"),
    ({"rules": rule(ref="canonical_host")}, '"canonical_host" is the ref of a rule launchready generates'),
    ({"rules": {"keep": {"http_request_dynamic_redirect": [REDIRECT, REDIRECT]}}}, '"promo" is used twice'),
    ({"adopted": {"records": ["@ MX 20 mx2.mail.example.net"]}},
     'adopted.records[0]: "@ MX 20 mx2.mail.example.net" is not a record of this stack; an adopted record is '
     "deleted on purpose only: first remove it from adopted.records"),
    ({"adopted": {"rules": ["gone"]}}, 'adopted.rules[0]: no rule has ref "gone"'),
    ({"rules": {"keep": {"http_ratelimit": [{"ref": "rl", "expression": "true", "action": "block",
                                             "ratelimit": {"characteristics": ["ip.src", "cf.colo.id"], "period": 10,
                                                           "requests_per_period": 5}}]}},
      "rate_limits": {"login": {"paths": ["/login"], "requests": 5}}, "adopted": {}},
     "1 kept and 1 declared rate limiting rules exceed the free plan's 1"),
])
def test_each_mistake_is_reported_with_its_key_path(changes: dict[str, Any], expected: str) -> None:
    found = problems(**changes)
    assert any(expected in problem for problem in found), found


def test_removing_a_kept_rule_and_its_adopted_ref_together_is_allowed() -> None:
    assert problems(rules={}, adopted={"records": [], "rules": []}) == []
