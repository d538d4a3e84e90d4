"""A token pasted into a stack file where a name, a key or a monitoring check goes: refused where it would be
published or kept in plain text, reported at its line, and never quoted, in any case, by a message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from launchready.core.dnsname import check_name, check_zone, host_label, name_error, owner_name, target_problem
from launchready.core.errors import Problem, SpecError
from launchready.core.spec.lines import shown_path
from launchready.core.spec.loading import missing_key_fix, redacted
from launchready.core.spec.operations import MonitoringSpec
from launchready.core.stack import load_stack
from tests.canaries import prefixed_token, token

HEAD = "config:\n  launchready:domain:\n    zone: example.com\n    origin: {ipv4: [192.0.2.1]}\n"


def problems(tmp_path: Path, body: str) -> list[str]:
    (tmp_path / "Pulumi.yaml").write_text("name: launchready\nruntime: python\n")
    stack = tmp_path / "Pulumi.t.yaml"
    stack.write_text(HEAD + body)
    with pytest.raises(SpecError) as caught:
        load_stack(stack)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize("check", [name_error, target_problem])
def test_a_rule_never_quotes_a_lowercased_label_of_a_token(check: Any) -> None:
    secret = token(39) + "-"  # an invalid label: the rule that breaks would quote it, lowercased
    message = check(f"{secret}.example.com")
    assert message and "is not a DNS name" in message and secret.lower() not in message.lower()


def test_check_name_never_quotes_a_lowercased_label_of_a_token() -> None:
    secret = token(39) + "-"
    with pytest.raises(ValueError, match="text of 52 characters is not a DNS name") as caught:
        check_name(f"{secret}.example.com")
    assert secret.lower() not in str(caught.value).lower()


@pytest.mark.parametrize("refuse", [owner_name, check_zone, lambda name: host_label(name, "example.com")],
                         ids=["record name", "zone", "host key"])
def test_a_name_the_user_chooses_is_refused_when_it_looks_like_a_credential(refuse: Any) -> None:
    secret = token(40)
    with pytest.raises(ValueError, match="looks like a credential, not a name") as caught:
        refuse(f"{secret}.com")
    assert secret.lower() not in str(caught.value).lower() and "write it in lowercase" in str(caught.value)
    assert refuse(f"{secret}.com".lower())  # the same letters in lowercase are a name


def test_a_record_target_that_looks_like_a_credential_is_public_data_and_accepted() -> None:
    assert target_problem(f"{token(40)}.cloudfront.net") is None


def test_a_key_path_hides_a_key_that_could_be_a_credential_and_keeps_the_rest() -> None:
    secret = token(20) + "_" + token(19)
    assert shown_path(f'hosts["{secret}.x"].ttl') == "hosts.<a key of 42 characters that could be a credential>.ttl"
    assert shown_path('hosts["@"]') == 'hosts["@"]' and shown_path("records[0].name") == "records[0].name"


def test_a_redacted_problem_keeps_the_path_as_written_to_find_its_line() -> None:
    secret = prefixed_token()
    found = redacted([Problem(secret, "is not a known key")], {secret: 1})[0]
    assert found.path == "<a key of 49 characters that could be a credential>" and found.at == secret
    assert secret not in repr(found) and secret not in str(found)


def test_a_missing_spec_key_never_names_a_config_key_that_could_be_a_credential() -> None:
    secret = prefixed_token()
    assert secret not in missing_key_fix({f"{secret}:domain": 1}, "launchready:domain")


def test_two_tokens_as_host_keys_are_both_reported_by_line(tmp_path: Path) -> None:
    first, second = token(40), token(40)
    found = problems(tmp_path, f"    hosts:\n      {first}: {{}}\n      {second}: {{}}\n")
    assert [p.split(":")[0] for p in found] == [
        "hosts.<a key of 40 characters that could be a credential> (line 6)",
        "hosts.<a key of 40 characters that could be a credential> (line 7)"]
    assert not [p for p in found if first.lower() in p.lower() or second.lower() in p.lower()]


def monitoring(**values: Any) -> MonitoringSpec:
    return MonitoringSpec.model_validate({"alerts": ["ops@example.com"], **values})


@pytest.mark.parametrize("check", [f"/health?key={prefixed_token()}", f"https://example.com/{token(40)}/health",
                                   "https://ops:hunter2@example.com/health"], ids=["query", "path", "user"])
def test_a_check_holding_a_credential_is_refused_with_the_fix(check: str) -> None:
    with pytest.raises(ValidationError, match="holds a credential in its") as caught:
        monitoring(checks=[check])
    assert "move the credential to a secret, rotate it" in str(caught.value)
    assert "hunter2" not in str(caught.value).split("input_value")[0]


def test_a_check_with_a_plain_query_is_accepted() -> None:
    assert monitoring(checks=["/health?full=1"]).checks == ("/health?full=1",)


@pytest.mark.parametrize(("check", "name"), [
    ("/health?key=hunter2", "key"), ("/health?full=1&token=abc", "token"), ("/health?api_key=", "api_key"),
    ("https://example.com/health?password=hunter2", "password"), ("/health?sig=abc", "sig"),
    ("/health?accessToken=abc", "accessToken"), ("/health?X-Amz-Signature=abc", "X-Amz-Signature"),
    ("/health?client%5Fsecret=abc", "client%5Fsecret"), ("/health?token%1b[2J=abc", "token%1b[2J"),
])
def test_a_check_with_a_credential_named_query_parameter_is_refused_by_name(check: str, name: str) -> None:
    """A short value (`hunter2`) is not credential-shaped; the parameter's name says what it is, and is shown as
    written (decoded, `%1b` would reach the terminal as ESC)."""
    with pytest.raises(ValidationError) as caught:
        monitoring(checks=["/", check])
    said = str(caught.value).split("input_value")[0]
    assert f"sends a credential in its query parameter {name};" in said and "checks.1" in said
    assert "a header from a Worker secret" in said and "hunter2" not in said and "=abc" not in said
    assert "\x1b" not in said


@pytest.mark.parametrize("check", ["/health?keyboard=us", "/health?monkey=1", "/health?key_id=7",
                                   "/health?full=1&deep", "/status?token_file=x"])
def test_a_query_parameter_whose_name_only_contains_a_credential_word_is_accepted(check: str) -> None:
    assert monitoring(checks=[check]).checks == (check,)


def test_text_a_check_looks_for_is_refused_when_it_looks_like_a_credential() -> None:
    with pytest.raises(ValidationError, match="text of 49 characters looks like a credential"):
        monitoring(checks=["/"], body_contains={"/": prefixed_token()})
    assert monitoring(checks=["/"], body_contains={"/": "all good"}).body_contains == {"/": "all good"}
