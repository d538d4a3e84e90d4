"""How a user's value appears in a message (launchready.core.redact): harmless shapes whole, anything a
credential could be by type and length, and hints never spliced with a masked value."""

from __future__ import annotations

import secrets
import string

import pytest

from launchready.core.redact import (
    credential_in_url,
    credential_shaped,
    is_plain,
    masked_in,
    masked_values,
    shown,
    shown_key,
    shown_mapping,
    shown_url,
)
from tests.canaries import prefixed_token, token


def aws_key_id(alphabet: str = string.ascii_uppercase) -> str:
    """Made at run time: no credential-shaped literal is committed."""
    return "AKIA" + "".join(secrets.choice(alphabet) for _ in range(16))


@pytest.mark.parametrize("value", [
    aws_key_id(), aws_key_id(string.ascii_uppercase + string.digits), "ASIA" + "Q" * 16,
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz", "/wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl",  # a JWT is dotted like a host name
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "hunter2", "/a?b#c",
], ids=["aws letters", "aws", "aws temporary", "aws secret", "aws secret as a path", "jwt", "caps", "password",
        "query"])
def test_credential_shapes_are_never_plain(value: str) -> None:
    assert not is_plain(value)
    assert shown(value) == f"text of {len(value)} characters"


@pytest.mark.parametrize("value", [
    "ops@example.com", "dmarc@example.com", "mailto:dmarc@example.com", "-ALL", "~all", "+all", "open/*",
    "/open/*", "/pricing-old", "UseDefaultValue", "google_workspace", "mail.example.com", "192.0.2.1",
    "2001:db8::1", "abcdefghijklmnopqrstuvwxyz234567.dkim.amazonses.com",
])
def test_harmless_shapes_are_shown_whole(value: str) -> None:
    assert shown(value) == repr(value)


def test_an_address_whose_host_or_local_part_is_credential_shaped_is_not_plain() -> None:
    assert not is_plain("ops@bad host.example.com")
    assert not is_plain("wJalrXUtnFEMIK7MDENGbPxRfiCY@example.com")


def test_a_masked_value_is_never_spliced_into_a_word_of_the_hint() -> None:
    value = "x/Zx9Qm2LkP7vT4hWc8sRb3NyJd6UeAa1G"
    masked = masked_in(f'"{value}" must start with "/", such as /{value}', value)
    assert value not in masked and "/text of" not in masked


def test_a_word_holding_a_masked_token_is_masked_whole() -> None:
    secret = "Zx9Qm2LkP7vT4hWc8sRb3NyJd6UeAa1G"
    masked = masked_in(f"{secret} is wrong; write /{secret}/x", secret)
    assert secret not in masked
    assert masked == "text of 32 characters is wrong; write text of 35 characters"


def short_runs() -> str:
    """A 40-character Cloudflare token whose "_" and "-" leave no run of 16 letters and digits."""
    return f"{token(10)}_{token(10)}-{token(10)}_{token(7)}"


@pytest.mark.parametrize("value", [short_runs(), "cfut_" + short_runs() + "abcd", prefixed_token(), token(40)],
                         ids=["40 with _ and -", "cfut_ with _ and -", "cfut_", "40 letters and digits"])
def test_cloudflare_tokens_are_credential_shaped(value: str) -> None:
    assert credential_shaped(value) and not is_plain(value)
    assert shown(value) == f"text of {len(value)} characters"


@pytest.mark.parametrize("value", [short_runs().lower(), token(40).lower(), "my-product-launch-2026-landing-page-v2"])
def test_lowercase_is_never_credential_shaped(value: str) -> None:
    """So a name written with capitals by accident has a one-step fix."""
    assert not credential_shaped(value)


def test_a_secret_is_masked_in_any_case() -> None:
    secret = token(39) + "-"
    masked = masked_values(f'has the invalid label "{secret.lower()}"', {secret})
    assert secret.lower() not in masked.lower() and "text of 40 characters" in masked


def test_a_key_that_could_be_a_credential_is_never_shown() -> None:
    secret = prefixed_token()
    assert shown_key(secret) == "<a key of 49 characters that could be a credential>"
    assert shown_key("api") == "api" and shown_key("@") == "@"
    assert secret not in shown_mapping({secret: 1}) and "text of 49 characters" in shown_mapping({secret: 1})


@pytest.mark.parametrize(("url", "seen"), [
    ("https://example.com/health?key=hunter2&full#top", "https://example.com/health?key=…&full#…"),
    ("/health?key=hunter2", "/health?key=…"),
    ("https://ops:hunter2@Example.com:8443/x", "https://example.com:8443/x"),
    ("https://example.com/", "https://example.com/"),
])
def test_a_url_is_shown_by_scheme_host_and_path_with_query_values_masked(url: str, seen: str) -> None:
    assert shown_url(url) == seen


def test_a_credential_in_a_url_path_or_query_name_is_never_shown() -> None:
    secret = prefixed_token()
    assert shown_url(f"https://example.com/hooks/{secret}/x?{secret}") == "https://example.com/hooks/[secret]/x?[secret]"


@pytest.mark.parametrize(("url", "part"), [
    (f"/health?key={prefixed_token()}", "query"), (f"https://example.com/{token(40)}", "path"),
    ("https://ops:hunter2@example.com/", "user and password"), (f"/x#{token(40)}", "fragment"),
    (f"/health?key=%{ord('c'):02X}fut_{token(44)}", "query"), ("/health?full=1", None), ("/", None),
])
def test_the_part_of_a_url_that_holds_a_credential_is_named(url: str, part: str | None) -> None:
    assert credential_in_url(url) == part
