"""`launchready email ses` against a real SES emulator (moto's server on loopback), writing into a copy
of the staging stack file."""

from __future__ import annotations

import shutil
import socket
import time
from pathlib import Path

import boto3
import pytest
from pytest import MonkeyPatch
from typer.testing import CliRunner

from launchready.aws import ses as ses_api
from launchready.cli import app
from launchready.core.stack import load_stack
from tests.conftest import ROOT
from tests.email.aws import FAKE_ENV

RUNNER = CliRunner()
STAGING_TOKENS = ["example0token0aaaaaaaaaaaaaaaaaa", "example0token0bbbbbbbbbbbbbbbbbb",
                  "example0token0cccccccccccccccccc"]


def stack_copy(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    return Path(shutil.copy(ROOT / "Pulumi.staging.yaml", tmp_path / "Pulumi.staging.yaml"))


def run_ses(path: Path, endpoint: str, region: str = "eu-west-1") -> tuple[int, str, str]:
    result = RUNNER.invoke(app, ["email", "ses", "--stack-file", str(path), "--region", region,
                                 "--endpoint-url", endpoint])
    return result.exit_code, result.stdout, result.stderr


def ses_client(endpoint: str, region: str = "eu-west-1"):  # type: ignore[no-untyped-def]
    return boto3.client("ses", region_name=region, endpoint_url=endpoint)


def test_creates_the_identity_and_writes_tokens_keeping_everything_else(tmp_path: Path, ses_endpoint: str) -> None:
    path = stack_copy(tmp_path)
    before = path.read_text()
    code, out, err = run_ses(path, ses_endpoint)
    assert code == 0, err
    assert "SES identity example.net in eu-west-1: created" in out
    held = ses_client(ses_endpoint).get_identity_dkim_attributes(Identities=["example.net"])
    tokens = held["DkimAttributes"]["example.net"]["DkimTokens"]
    assert len(tokens) == 3
    after = path.read_text()
    expected = before
    for old, new in zip(STAGING_TOKENS, tokens, strict=True):
        expected = expected.replace(old, new)
    assert after == expected  # comments, quoting, order and every other key unchanged
    spec = load_stack(path).spec
    assert spec.email is not None and list(spec.email.send[0].dkim_tokens) == tokens  # type: ignore[union-attr]


def test_sets_the_custom_mail_from_domain(tmp_path: Path, ses_endpoint: str) -> None:
    path = stack_copy(tmp_path)
    assert run_ses(path, ses_endpoint)[0] == 0
    attributes = ses_client(ses_endpoint).get_identity_mail_from_domain_attributes(Identities=["example.net"])
    assert attributes["MailFromDomainAttributes"]["example.net"]["MailFromDomain"] == "mail.example.net"


def test_second_run_finds_the_identity_and_changes_nothing(tmp_path: Path, ses_endpoint: str) -> None:
    path = stack_copy(tmp_path)
    assert run_ses(path, ses_endpoint)[0] == 0
    first = path.read_text()
    code, out, _ = run_ses(path, ses_endpoint)
    assert code == 0 and "found" in out
    assert path.read_text() == first


def test_bare_shorthand_becomes_a_mapping_and_a_missing_entry_is_added(tmp_path: Path, ses_endpoint: str) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: launchready\nruntime: python\n")
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text("# dev stack\nconfig:\n  launchready:domain:\n    zone: example.org  # the zone\n"
                    "    origin: {ipv4: [192.0.2.1]}\n    hosts: {apex: {}, www: {}}\n    email:\n      send: [ses]\n")
    code, _, err = run_ses(path, ses_endpoint, "us-east-1")
    assert code == 0, err
    text = path.read_text()
    assert text.startswith("# dev stack\n") and "# the zone" in text
    ses = load_stack(path).spec.email.send[0]  # type: ignore[union-attr]
    assert (ses.region, ses.mail_from, len(ses.dkim_tokens)) == ("us-east-1", "mail", 3)  # type: ignore[union-attr]
    path.write_text("config:\n  launchready:domain:\n    zone: example.org\n"
                    "    hosts: {apex: {ipv4: [192.0.2.1]}, www: {}}\n")
    code, _, err = run_ses(path, ses_endpoint, "us-east-1")
    assert code == 2 and "still needs work" in err and "hosts.www" in err  # written, but the rest is wrong
    assert "dkim_tokens:" in path.read_text() and "provider: ses" in path.read_text()


def test_aws_errors_are_a_message_and_exit_2_without_secrets(tmp_path: Path, ses_endpoint: str) -> None:
    path = stack_copy(tmp_path)
    before = path.read_text()
    code, out, err = run_ses(path, "http://127.0.0.1:9", "eu-west-1")
    assert code == 2
    assert err.startswith("error: Amazon SES (eu-west-1): EndpointConnectionError")
    assert "testing-not-a-secret" not in out + err and "testing-not-a-key" not in out + err
    assert path.read_text() == before


def test_bad_region_and_missing_stack(tmp_path: Path, ses_endpoint: str) -> None:
    code, _, err = run_ses(tmp_path / "Pulumi.none.yaml", ses_endpoint)
    assert code == 2 and "no such stack file" in err


def test_an_endpoint_that_never_answers_fails_within_the_timeout(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    for name, value in FAKE_ENV.items():
        monkeypatch.setenv(name, value)
    path = stack_copy(tmp_path)
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts the connection, never answers
        endpoint = f"http://127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        result = RUNNER.invoke(app, ["email", "ses", "--stack-file", str(path), "--region", "eu-west-1",
                                     "--endpoint-url", endpoint, "--timeout", "1"])
        elapsed = time.monotonic() - started
    assert result.exit_code == 2
    assert result.stderr.startswith("error: Amazon SES (eu-west-1): ReadTimeoutError")
    assert elapsed < 10, "one attempt of one second, not botocore's 60 s five times"


@pytest.mark.parametrize(("region", "named"), [
    ("eu west", "text of 7 characters"), ("eu-west1", "text of 8 characters"), ("EU-WEST-1", "text of 9 characters"),
    ("AKIA" + "Q" * 16, "text of 20 characters"),  # an access key id in the wrong place
])
def test_a_malformed_region_is_bad_input_before_any_call(tmp_path: Path, region: str, named: str) -> None:
    path = stack_copy(tmp_path)
    before = path.read_text()
    result = RUNNER.invoke(app, ["email", "ses", "--stack-file", str(path), "--region", region,
                                 "--endpoint-url", "http://127.0.0.1:9"])
    assert result.exit_code == 2
    assert result.stderr == f"error: --region {named} is not an AWS region name; write it like eu-west-1 or " \
                            "us-east-1\n"
    assert path.read_text() == before


def test_the_ses_client_turns_a_region_botocore_refuses_into_an_ses_error() -> None:
    with pytest.raises(ses_api.SesError, match="no client for region 'eu west'"):
        ses_api.client("eu west", "http://127.0.0.1:9", timeout=1)
