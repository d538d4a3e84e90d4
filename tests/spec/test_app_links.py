"""`app_links`: every field refuses what Apple or Google would refuse, with its key path and the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from launchready.core.errors import SpecError
from launchready.core.spec import parse_spec
from launchready.core.stack import load_stack
from tests.spec.test_errors import problems_of, spec_with

FINGERPRINT = ":".join(["AB"] * 32)
IOS = {"team_id": "ABCDE12345", "bundle_id": "com.example.app"}
ANDROID = {"package": "com.example.app", "sha256_cert_fingerprints": [FINGERPRINT]}


def links(**changes: Any) -> dict[str, Any]:
    return spec_with(app_links={"ios": [IOS], "android": [ANDROID], **changes})


CASES = [
    ("team ID too short", links(ios=[{**IOS, "team_id": "ABCDE1234"}]), "app_links.ios[0].team_id",
     "is not an Apple Team ID"),
    ("team ID lowercase", links(ios=[{**IOS, "team_id": "abcde12345"}]), "app_links.ios[0].team_id",
     "10 characters, capital letters and digits"),
    ("bundle ID with a space", links(ios=[{**IOS, "bundle_id": "com.example app"}]), "app_links.ios[0].bundle_id",
     "is not a bundle ID"),
    ("bundle ID of one segment", links(ios=[{**IOS, "bundle_id": "app"}]), "app_links.ios[0].bundle_id",
     "reverse-DNS"),
    ("path without a slash", links(ios=[{**IOS, "paths": ["open/*"]}]), "app_links.ios[0].paths[0]",
     'must be a path pattern starting with "/"'),
    ("exclude with a fragment", links(ios=[{**IOS, "exclude": ["/a#b"]}]), "app_links.ios[0].exclude[0]",
     "path pattern"),
    ("package segment starting with a digit", links(android=[{**ANDROID, "package": "com.1example.app"}]),
     "app_links.android[0].package", "is not an Android package name"),
    ("package of one segment", links(android=[{**ANDROID, "package": "app"}]), "app_links.android[0].package",
     "two or more dot-separated segments"),
    ("fingerprint of 31 pairs", links(android=[{**ANDROID, "sha256_cert_fingerprints": [FINGERPRINT[3:]]}]),
     "app_links.android[0].sha256_cert_fingerprints[0]", "31 colon-separated parts"),
    ("fingerprint without colons", links(android=[{**ANDROID, "sha256_cert_fingerprints": ["AB" * 32]}]),
     "app_links.android[0].sha256_cert_fingerprints[0]", "32 hex pairs joined by ':'"),
    ("fingerprint not hex", links(android=[{**ANDROID, "sha256_cert_fingerprints": [FINGERPRINT[:-2] + "ZZ"]}]),
     "app_links.android[0].sha256_cert_fingerprints[0]", "is not a SHA-256 certificate fingerprint"),
    ("no fingerprint", links(android=[{**ANDROID, "sha256_cert_fingerprints": []}]),
     "app_links.android[0].sha256_cert_fingerprints", "list at least one"),
    ("relation", links(android=[{**ANDROID, "relations": ["handle all urls"]}]),
     "app_links.android[0].relations[0]", "is not a Digital Asset Links relation"),
    ("relations without handle_all_urls", links(android=[{**ANDROID, "relations": [
        "delegate_permission/common.get_login_creds"]}]), "app_links.android[0].relations",
     "lacks delegate_permission/common.handle_all_urls, so Android would verify none"),
    ("plain-HTTP callback", links(callbacks=["http://app.example.com/auth/callback"]), "app_links.callbacks[0]",
     "use https://"),
    ("callback off the zone", links(callbacks=["https://login.example.org/cb"]), "app_links.callbacks[0]",
     "login.example.org is not a web host of this zone"),
    ("callback on an undeclared host", links(callbacks=["https://app.example.com/cb"]), "app_links.callbacks[0]",
     "app.example.com is not a web host"),
    ("host not in the zone", links(hosts=["shop"]), "app_links.hosts[0]", '"shop" is not a declared host'),
    ("unknown key", links(ios=[{**IOS, "appID": "x"}]), "app_links.ios[0].appID", "is not a known key"),
    ("hosts with no app", spec_with(app_links={"hosts": ["www"]}), "app_links.hosts", "no ios or android app"),
    ("an app twice", links(ios=[IOS, IOS]), "app_links.ios[1]", "ABCDE12345.com.example.app is declared twice"),
    ("redirect of the AASA file", {**links(hosts=["apex", "www"]), "redirects": [
        {"from": "/.well-known/apple-app-site-association", "to": "/aasa.json", "host": "www"}]},
     "redirects[0]", "fetch without following redirects"),
]


@pytest.mark.parametrize(("data", "path", "words"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_each_bad_field_names_its_path_and_the_fix(data: dict[str, Any], path: str, words: str) -> None:
    problems = problems_of(data)
    assert any(p.startswith(path + ":") and words in p for p in problems), problems


def test_a_good_declaration_normalises_and_defaults() -> None:
    spec = parse_spec(links(android=[{**ANDROID, "sha256_cert_fingerprints": [FINGERPRINT.lower()]}],
                            callbacks=["https://example.com/auth/callback"]))
    assert spec.app_links is not None
    assert spec.app_links.android[0].sha256_cert_fingerprints == (FINGERPRINT,)
    assert spec.app_links.android[0].relations == ("delegate_permission/common.handle_all_urls",)
    assert spec.app_links.ios[0].paths == ("*",) and spec.app_links.ios[0].app_id == "ABCDE12345.com.example.app"


def test_a_redirect_elsewhere_on_a_link_host_is_fine() -> None:
    spec = parse_spec({**links(), "redirects": [{"from": "/.well-known/old", "to": "/new"}]})
    assert spec.redirects[0].source == "/.well-known/old"


def test_errors_point_at_the_line_of_the_stack_file(tmp_path: Path) -> None:
    text = ("config:\n  launchready:domain:\n    zone: example.com\n    origin: {ipv4: [192.0.2.10]}\n"
            "    app_links:\n      android:\n        - package: com.example.app\n"
            "          sha256_cert_fingerprints: [\"AB:CD\"]\n")
    (tmp_path / "Pulumi.dev.yaml").write_text(text)
    with pytest.raises(SpecError) as raised:
        load_stack(tmp_path / "Pulumi.dev.yaml")
    message = str(raised.value)
    assert "app_links.android[0].sha256_cert_fingerprints[0] (line 8): is not a SHA-256" in message, message
    assert "1 problem" in message, "one mistake, one problem (no echo about the list's length)"
