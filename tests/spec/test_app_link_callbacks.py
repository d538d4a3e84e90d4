"""A sign-in callback the app can never open is refused: its host must serve the app-link files and, with
iOS apps, its path must be claimed by an app's components in Apple's first-match order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from launchready.core.spec import parse_spec
from launchready.core.spec.app_link_paths import matches, opens
from launchready.core.spec.app_links import IosApp
from tests.clirun import invoke
from tests.spec.test_app_links import ANDROID, IOS, links
from tests.spec.test_errors import problems_of, spec_with

CASES = [
    ("host serving no app-link file", links(hosts=["apex"], callbacks=["https://www.example.com/auth/callback"]),
     "add www to app_links.hosts"),
    ("default host is only the canonical one", links(callbacks=["https://www.example.com/auth/callback"]),
     "app-link hosts: example.com"),
    ("path excluded first", links(ios=[{**IOS, "paths": ["*"], "exclude": ["/auth/*"]}],
                                  callbacks=["https://example.com/auth/callback"]),
     'app_links.ios[0].exclude has "/auth/*"'),
    ("path matching no pattern", links(ios=[{**IOS, "paths": ["/open/*"]}],
                                       callbacks=["https://example.com/auth/callback"]),
     'add "/auth/callback"'),
    ("? is one character, not zero", links(ios=[{**IOS, "paths": ["/auth/callback?"]}],
                                           callbacks=["https://example.com/auth/callback"]),
     "matches no pattern"),
]


@pytest.mark.parametrize(("data", "words"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_a_callback_the_app_never_opens_is_refused(data: dict[str, Any], words: str) -> None:
    problems = problems_of(data)
    assert any(p.startswith("app_links.callbacks[0]:") and words in p for p in problems), problems


@pytest.mark.parametrize("ios", [
    {**IOS, "paths": ["/open/*", "/auth/callback"], "exclude": ["/open/admin/*"]},
    {**IOS, "paths": ["/auth/*"], "exclude": ["/auth/admin"]},
    {**IOS, "paths": ["/auth/call?ack"]},
])
def test_a_callback_an_app_claims_passes(ios: dict[str, Any]) -> None:
    other = {**IOS, "bundle_id": "com.example.other", "paths": ["/open/*"]}
    spec = parse_spec(links(ios=[other, ios], hosts=["apex", "www"], callbacks=["https://example.com/auth/callback"]))
    assert spec.app_links is not None and len(spec.app_links.callbacks) == 1


def test_android_only_needs_the_host_alone() -> None:
    """Android claims paths in the app's manifest, not in assetlinks.json."""
    spec_ok = parse_spec(spec_with(app_links={"android": [ANDROID], "callbacks": ["https://example.com/x"]}))
    assert spec_ok.app_links is not None
    bad = spec_with(app_links={"android": [ANDROID], "hosts": ["apex"], "callbacks": ["https://www.example.com/x"]})
    assert any("add www to app_links.hosts" in p for p in problems_of(bad))


def test_apple_patterns_match_the_whole_path() -> None:
    assert matches("/auth/*", "/auth/") and matches("*", "/") and matches("/a?c", "/abc")
    assert not matches("/auth/*", "/authx") and not matches("/a?c", "/ac") and not matches("/a.c", "/abc")
    app = IosApp(team_id="ABCDE12345", bundle_id="com.example.app", paths=("/auth/*",), exclude=("/auth/x",))
    assert opens(app, "/auth/y") and not opens(app, "/auth/x") and not opens(app, "/other")


def test_plan_refuses_the_qa_stack_with_exit_2_and_the_lines(tmp_path: Path) -> None:
    text = ("config:\n  launchready:domain:\n    zone: {name: example.com}\n    canonical: www\n"
            "    origin: {ipv4: [192.0.2.10]}\n    hosts: {apex: {}, www: {}, app: {}}\n    app_links:\n"
            "      hosts: [apex, www]\n      ios:\n        - team_id: ABCDE12345\n"
            "          bundle_id: com.example.app\n          paths: [/open/*]\n          exclude: [/auth/*]\n"
            "      callbacks:\n        - https://app.example.com/auth/callback\n"
            "        - https://www.example.com/auth/callback\n")
    (tmp_path / "Pulumi.prod.yaml").write_text(text)
    for command in ("plan", "applinks"):
        run = invoke(command, "--project-dir", str(tmp_path), "--stack", "prod")
        assert run.code == 2, (command, run.stdout, run.stderr)
        assert "app_links.callbacks[0] (line 15): this callback is on app.example.com" in run.stderr
        assert "add app to app_links.hosts" in run.stderr
        assert "app_links.callbacks[1] (line 16): iOS opens this callback" in run.stderr
        assert "Traceback" not in run.stderr
