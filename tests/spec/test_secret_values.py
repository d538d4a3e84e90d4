"""A token pasted into a stack file where a name or a key goes: refused where it would be published,
reported at its line, and never quoted, in any case, by a message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from launchready.core.dnsname import check_name, check_zone, host_label, name_error, owner_name, target_problem
from launchready.core.errors import SpecError
from launchready.core.stack import load_stack
from tests.canaries import token

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
