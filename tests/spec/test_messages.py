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
