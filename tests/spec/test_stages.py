"""The three stages of reading a stack: the models refuse a malformed spec before the planner sees it,
and the rules of the spec and of the plan report together."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import launchready.core.plan as plan_package
from launchready.core.errors import SpecError
from launchready.core.plan import build_plan
from launchready.core.stack import accept
from tests.clirun import invoke
from tests.spec.test_random_specs import specs

BASE: dict[str, Any] = {"zone": "example.com", "origin": {"ipv4": ["192.0.2.10"]}}
SES = {"provider": "ses", "region": "eu-west-1", "dkim_tokens": ["a" * 32, "b" * 32, "c" * 32]}


def test_an_unspellable_mail_from_is_bad_input_with_its_key_path(tmp_path: Path, monkeypatch: Any) -> None:
    """It used to reach the planner, whose IDNA encoding raised: a traceback and exit 1."""
    stack = tmp_path / "Pulumi.t.yaml"
    stack.write_text('config:\n  launchready:domain:\n    zone: example.com\n    origin: {ipv4: [192.0.2.10]}\n'
                     '    email:\n      send:\n        - provider: ses\n          region: eu-west-1\n'
                     '          dkim_tokens: [' + ", ".join(["a" * 32] * 3) + ']\n          mail_from: "ü..x"\n',
                     encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = invoke("plan", "--stack-file", stack.name)
    assert run.code == 2
    assert "email.send[0].mail_from (line 10)" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("where", [
    {"email": {"send": [{**SES, "mail_from": "ü..x"}]}},
    {"records": [{"name": "help", "type": "CNAME", "content": "ü..x"}]},
    {"records": [{"name": "_sip._tcp", "type": "SRV", "priority": 1, "content": "5 5060 ü..x"}]},
    {"records": [{"name": "ü..x", "type": "TXT", "content": "hello"}]},
    {"redirects": [{"from": "/a", "to": "/b", "host": "ü..x"}]},
])
def test_unspellable_names_stop_at_the_models(where: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    planned: list[object] = []
    monkeypatch.setattr("launchready.core.plan.build_plan", lambda *a, **k: planned.append(a))
    with pytest.raises(SpecError) as caught:
        accept({**BASE, **where})
    assert caught.value.structural and not planned


def test_rules_of_the_spec_and_of_the_plan_report_together() -> None:
    with pytest.raises(SpecError) as caught:
        accept({**BASE, "hosts": {"www": {"ttl": 300}, "api": {"cname": "paas.example.org"}},
                "records": [{"name": "api", "type": "TXT", "content": "x"}]})
    paths = [problem.path for problem in caught.value.problems]
    assert paths == ["hosts.www", "hosts.api"]  # a spec rule (TTL on proxied) and a plan rule (CNAME beside TXT)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs)
def test_specs_the_models_refuse_never_reach_the_planner(data: dict[str, Any]) -> None:
    reached: list[bool] = []

    def spy(*args: Any, **kwargs: Any) -> Any:
        reached.append(True)
        return build_plan(*args, **kwargs)

    # launchready.core.stack imports the planner when it is called, so the spy sees every call
    plan_package.build_plan, saved = spy, plan_package.build_plan  # type: ignore[assignment]
    try:
        accept(data)
    except SpecError as error:
        assert not (error.structural and reached), "a structurally invalid spec reached the planner"
    finally:
        plan_package.build_plan = saved  # type: ignore[assignment]
