"""Structural errors read as plain advice: words instead of regular expressions and Python types, one
message per mistake, and never a secret."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from launchready.core.errors import SpecError
from launchready.core.spec.messages import PATTERN_MEANINGS
from launchready.core.spec.models import DomainSpec
from launchready.core.stack import accept

BASE: dict[str, Any] = {"zone": "example.com", "origin": {"ipv4": ["192.0.2.10"]}, "hosts": {"apex": {}, "www": {}}}


def problems_of(**extra: Any) -> list[str]:
    with pytest.raises(SpecError) as caught:
        accept({**BASE, **extra}, source="Pulumi.test.yaml")
    return [str(problem) for problem in caught.value.problems]


def patterns(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        if isinstance(schema.get("pattern"), str):
            yield schema["pattern"]
        for value in schema.values():
            yield from patterns(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from patterns(value)


def test_every_pattern_of_the_spec_has_words() -> None:
    missing = set(patterns(DomainSpec.model_json_schema())) - set(PATTERN_MEANINGS)
    assert not missing, f"add these to PATTERN_MEANINGS: {missing}"


def test_a_pattern_mismatch_says_what_is_expected_not_the_regex() -> None:
    (problem,) = problems_of(zone={"name": "example.com", "id": "ABC"})
    assert problem == ("zone.id: should be a 32-character lowercase hex id, as the Cloudflare dashboard shows it "
                       "(got 'ABC')")


def test_a_number_where_text_belongs_is_one_problem_asking_for_quotes() -> None:
    (problem,) = problems_of(records=[{"type": "TXT", "content": 12345}])
    assert problem == "records[0].content: should be text, or a list (got 12345); put it in quotes"


def test_a_mistake_inside_a_list_branch_is_reported_there_only() -> None:
    found = problems_of(email={"receive": [{"hots": "mx.example.net"}]})
    assert found == ["email.receive[0].host: is required",
                     'email.receive[0].hots: is not a known key; did you mean "host"? Known keys here: host, priority']


def test_an_unknown_provider_names_the_close_one_and_the_choices() -> None:
    (problem,) = problems_of(email={"send": ["google-workspace"]})
    assert problem.startswith('email.send[0]: provider "google-workspace" is not known; '
                              'did you mean "google_workspace"?')
    assert "Use one of: ses, google_workspace" in problem


def test_yaml_shapes_are_named_as_yaml_names_them() -> None:
    assert problems_of(redirects={"from": "/a", "to": "/b"}) == [
        "redirects: Input should be a list (got {'from': '/a', 'to': '/b'})"]
    assert problems_of(zone=["example.com"]) == ["zone: Input should be a mapping (key: value) (got ['example.com'])"]


def test_a_secure_value_inside_a_shown_value_is_never_echoed() -> None:
    text = "\n".join(problems_of(zone={"name": "example.com", "id": ["x", {"secure": "v1:c2VjcmV0LWNhbmFyeQ=="}]}))
    assert "c2VjcmV0" not in text and "[secret]" in text


def test_a_typo_in_a_sender_names_that_providers_keys() -> None:
    found = problems_of(email={"send": [{"provider": "google_workspace", "dkim_tokens": []}]})
    assert found == ['email.send[0].dkim_tokens: is not a known key; did you mean "dkim_key"? '
                     "Known keys here: dkim_key, provider, selector"]


SECRET_PATH = "x/Zx9Qm2LkP7vT4hWc8sRb3NyJd6UeAa1G"  # shaped like a token


@pytest.mark.parametrize(("paths", "expected"), [
    (["open/*"], 'app_links.ios[0].paths[0]: must be a path pattern starting with "/", such as /open/* '),
    ([SECRET_PATH], 'app_links.ios[0].paths[0]: must be a path pattern starting with "/", such as /path/* '),
    (["/a?b#c"], 'app_links.ios[0].paths[0]: holds "#", which starts a URL fragment'),
])
def test_an_app_link_path_hint_names_the_problem_and_never_splices_a_masked_value(paths: list[str],
                                                                                  expected: str) -> None:
    ios = [{"team_id": "ABCDE12345", "bundle_id": "com.example.app", "paths": paths}]
    (problem,) = problems_of(app_links={"ios": ios})
    assert problem.startswith(expected), problem
    assert "text of" not in problem.split("(got")[0] and SECRET_PATH not in problem


@pytest.mark.parametrize(("email", "expected"), [
    ({"dmarc": {"rua": "dmarc@example.com"}}, "email.dmarc.rua[0]: is an address without the mailto: scheme DMARC "
     "reports need; write mailto:dmarc@example.com"),
    ({"spf_all": "-ALL"}, "email.spf_all: Input should be '~all' or '-all'; write it in lowercase: -all (got '-ALL')"),
])
def test_email_hints_show_harmless_values_and_say_the_fix(email: dict[str, Any], expected: str) -> None:
    assert problems_of(email=email) == [expected]


def test_an_alert_address_is_shown() -> None:
    assert problems_of(monitoring={"alerts": "ops@example.com"}) == [
        "monitoring.alerts: Input should be a list (got 'ops@example.com')"]


def test_an_aws_key_id_as_ses_region_is_never_echoed() -> None:
    key_id = "AKIA" + "QWERTYUIOP" + "ASDFGH"  # all capitals: once matched as a plain word
    (problem,) = problems_of(email={"send": [{"provider": "ses", "region": key_id, "dkim_tokens": ["a" * 32] * 3}]})
    assert problem == "email.send[0].region: should be an AWS region such as us-east-1 (got text of 20 characters)"
