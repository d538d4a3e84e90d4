"""A sign-in callback that launchready's own redirect rules would move is refused before deploy (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from launchready.core.stack import accept
from tests.clirun import invoke
from tests.spec.test_errors import BASE, problems_of

IOS = {"team_id": "ABCDE12345", "bundle_id": "com.example.app"}


def with_callbacks(*urls: str, **changes: Any) -> dict[str, Any]:
    return {**BASE, "app_links": {"ios": [IOS], "callbacks": list(urls)}, **changes}


def test_a_callback_on_the_redirected_www_host_is_refused_with_the_canonical_url() -> None:
    problems = problems_of(with_callbacks("https://www.example.com/auth/callback", canonical="apex"))
    assert any(p.startswith("app_links.callbacks[0]: this callback is on www.example.com, which the canonical-host "
                            "redirect sends to example.com") and '"https://example.com/auth/callback"' in p
               for p in problems), problems


def test_a_callback_on_the_apex_is_refused_when_www_is_canonical() -> None:
    problems = problems_of(with_callbacks("https://example.com/cb", canonical="www"))
    assert any('put the callback on the canonical host ("https://www.example.com/cb")' in p for p in problems), problems


def test_a_callback_a_declared_redirect_moves_is_refused_naming_the_redirect() -> None:
    data = with_callbacks("https://example.com/ok", "https://example.com/cb",
                          redirects=[{"from": "/cb", "to": "/cb2"}])
    problems = problems_of(data)
    assert [p for p in problems if p.startswith("app_links.callbacks")] == [
        'app_links.callbacks[1]: redirects[0] moves this callback ("/cb" on example.com) to '
        '"https://example.com/cb2", so the app never receives the sign-in answer at the URL the sign-in provider '
        "calls; drop that redirect, "
        "or register its target as the callback instead"]


@pytest.mark.parametrize("changes", [
    {},
    {"redirects": [{"from": "/cb", "to": "/cb2", "host": "api"}]},
    {"redirects": [{"from": "/cb/old", "to": "/cb"}]},
    {"hosts": {"apex": {}}},
], ids=["canonical-host", "redirect-on-another-host", "redirect-to-the-callback", "no-www-no-canonical-rule"])
def test_a_callback_no_rule_moves_is_accepted(changes: dict[str, Any]) -> None:
    plan = accept(with_callbacks("https://example.com/cb", **changes)).plan
    assert plan.app_links is not None and plan.app_links.callbacks == ("https://example.com/cb",)


def test_validate_exits_2_on_a_redirected_callback(tmp_path: Path) -> None:
    data = with_callbacks("https://www.example.com/auth/callback")
    (tmp_path / "Pulumi.bad.yaml").write_text(json.dumps({"config": {"launchready:domain": data}}))
    run = invoke("validate", "--project-dir", str(tmp_path), "--stack", "bad")
    assert run.code == 2 and "app_links.callbacks[0]" in run.stderr and "canonical host" in run.stderr, run.stderr
