"""The preflight checks one by one: secret-looking names, passphrase decryption, AWS for SES."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.core.findings import Severity
from launchready.preflight.environment import Environment, aws_credentials, required_variables
from launchready.preflight.passphrase import stack_decrypter
from launchready.preflight.stackfile import plaintext_secret_paths, secret_named
from tests.email.specs import google, ses, spec_of
from tests.preflight.conftest import PASSPHRASE, PulumiCrypter


@pytest.mark.parametrize(("path", "secret"), [
    ("cloudflare:apiToken", True), ("launchready:domain.monitoring.webhookSecret", True),
    ("app:db_password", True), ("aws:secretKey", True), ("app:PRIVATE_KEY", True), ("app:clientSecret", True),
    ("launchready:domain.email.send[0].dkim_tokens[1]", False), ("aws:accessKeyId", False),
    ("app:tokenFile", False), ("launchready:domain.monitoring.webhook_url", True), ("aws:region", False),
    ("launchready:domain.monitoring.webhook_id", False),
    ("launchready:domain.rate_limits.login.timeout", False), ("app:google_site_verification_token", False),
])
def test_secret_names(path: str, secret: bool) -> None:
    assert secret_named(path) is secret


def test_only_plaintext_secret_values_are_flagged() -> None:
    document = {"config": {"cloudflare:apiToken": {"secure": "v1:abc:def"}, "app:dbPassword": "hunter2",
                           "app:list": [{"apiKey": "x"}], "app:emptyToken": "", "aws:region": "eu-west-1"}}
    assert plaintext_secret_paths(document) == ["app:dbPassword", "app:list[0].apiKey"]


def test_decrypter_needs_the_right_passphrase() -> None:
    crypter = PulumiCrypter(PASSPHRASE)
    assert stack_decrypter(crypter.encryption_salt, "wrong passphrase") is None
    decrypt = stack_decrypter(crypter.encryption_salt, PASSPHRASE)
    assert decrypt is not None and decrypt(crypter.encrypt("s3cr3t")) == "s3cr3t"
    assert decrypt("v1:bm9wZQ==:bm9wZQ==") is None and stack_decrypter("v2:x:y", PASSPHRASE) is None


SES = spec_of({"send": [google(), ses()]})
NO_MAIL = spec_of()


def test_aws_credentials_for_ses_are_a_warning_since_pulumi_up_needs_none(tmp_path: Path) -> None:
    assert aws_credentials(Environment({}, tmp_path), NO_MAIL) is None
    assert aws_credentials(Environment({}, tmp_path), spec_of({"send": [google()]})) is None
    assert aws_credentials(Environment({}, tmp_path), None) is None, "an invalid spec is preflight.spec's"
    missing = aws_credentials(Environment({"AWS_ACCESS_KEY_ID": "a"}, tmp_path), SES)
    assert missing is not None and missing.severity is Severity.WARNING and "AWS_SECRET_ACCESS_KEY" in missing.message
    assert "pulumi up does not need them" in missing.message
    pair = aws_credentials(Environment({"AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"}, tmp_path), SES)
    assert pair is not None and pair.severity is Severity.INFO
    (tmp_path / ".aws").mkdir()
    (tmp_path / ".aws" / "credentials").write_text("[default]\n")
    from_file = aws_credentials(Environment({}, tmp_path), SES)
    assert from_file is not None and from_file.name == "~/.aws/credentials"


def test_required_variables_follow_the_stack() -> None:
    plain = [name for name, _ in required_variables(NO_MAIL, {"config": {}})]
    assert plain == ["CLOUDFLARE_API_TOKEN", "PULUMI_ACCESS_TOKEN"]
    full = [name for name, _ in required_variables(SES, {"encryptionsalt": "v1:x:y"})]
    assert full == ["CLOUDFLARE_API_TOKEN", "PULUMI_ACCESS_TOKEN", "PULUMI_CONFIG_PASSPHRASE", "AWS_ACCESS_KEY_ID"]


def test_a_token_pasted_as_a_secret_named_key_is_named_by_length_and_deleted(tmp_path: Path) -> None:
    from launchready.core.inputs.yamldoc import load_yaml
    from launchready.preflight.stackfile import plaintext_findings
    from tests.canaries import leaks, prefixed_token

    canary = prefixed_token()
    path = tmp_path / "Pulumi.prod.yaml"
    text = f"config:\n  app:{canary}Token: value\n  app:dbPassword: hunter2\n"
    path.write_text(text)
    findings = plaintext_findings(load_yaml(text, path.name), path)
    pasted, named = findings
    assert not leaks(canary, pasted.name, pasted.message, pasted.location or "")
    assert "itself looks like a credential: delete it from the file" in pasted.message
    assert "pulumi config set" not in pasted.message and pasted.location == f"{path}:2"
    assert named.name == "app:dbPassword" and "pulumi config set --secret app:dbPassword" in named.message


def test_a_stack_file_away_from_the_pulumi_project_is_a_warning(tmp_path: Path) -> None:
    from launchready.preflight import project_finding

    stack = tmp_path / "Pulumi.prod.yaml"
    stack.write_text("config: {}\n")
    alone = project_finding(stack)
    assert alone.severity is Severity.WARNING
    assert alone.message.startswith("Pulumi.yaml and __main__.py not beside Pulumi.prod.yaml, so `pulumi up` cannot")
    (tmp_path / "Pulumi.yaml").write_text("name: launchready\nruntime: python\n")
    assert project_finding(stack).message.startswith("__main__.py not beside")
    (tmp_path / "__main__.py").write_text("")
    assert project_finding(stack).severity is Severity.INFO
