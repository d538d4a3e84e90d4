"""`preflight --online` for Amazon SES, against moto's IAM and STS: an SES-only user passes, an admin
user and a user with other services are warned with the policy to make instead."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from launchready.preflight.aws_scope import NEEDED
from tests.email.specs import domain, ses
from tests.preflight.conftest import git_repo, write_stack
from tests.preflight.test_preflight_cli import findings, run

SES_ONLY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": list(NEEDED),
                                                    "Resource": "arn:aws:ses:eu-west-1:123456789012:identity/*"}]}
ADMIN = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
WITH_S3 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ses:SendEmail", "s3:GetObject"],
                                                   "Resource": "*"}]}


@pytest.fixture
def iam(clean_env: pytest.MonkeyPatch) -> Iterator[object]:
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_CONFIG_FILE": "/nonexistent/config", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/c",
                        "PULUMI_ACCESS_TOKEN": "pul-placeholder", "CLOUDFLARE_API_TOKEN": "cf-placeholder",
                        "CLOUDFLARE_API_BASE_URL": "http://127.0.0.1:9/client/v4"}.items():
        clean_env.setenv(name, value)
    with mock_aws():
        yield boto3.client("iam", region_name="us-east-1")


def user_with(iam: object, clean_env: pytest.MonkeyPatch, name: str, document: dict[str, object],
              attached: bool = True) -> str:
    iam.create_user(UserName=name)  # type: ignore[attr-defined]
    if attached:
        arn = iam.create_policy(PolicyName=f"{name}-policy",  # type: ignore[attr-defined]
                                PolicyDocument=json.dumps(document))["Policy"]["Arn"]
        iam.attach_user_policy(UserName=name, PolicyArn=arn)  # type: ignore[attr-defined]
    else:
        iam.put_user_policy(UserName=name, PolicyName="inline",  # type: ignore[attr-defined]
                            PolicyDocument=json.dumps(document))
    key = iam.create_access_key(UserName=name)["AccessKey"]  # type: ignore[attr-defined]
    clean_env.setenv("AWS_ACCESS_KEY_ID", key["AccessKeyId"])
    clean_env.setenv("AWS_SECRET_ACCESS_KEY", key["SecretAccessKey"])
    return str(key["SecretAccessKey"])


def scope(tmp_path: Path) -> tuple[list[dict[str, str]], Path]:
    repo = git_repo(tmp_path / "repo", {"README.md": "launch\n"})
    stack = write_stack(repo / "Pulumi.prod.yaml", {}, domain=domain({"send": [ses()]}))
    found = findings("--stack-file", str(stack), "--repo", str(repo), "--online")
    return [f for f in found if f["check"] == "preflight.aws_scope"], stack


@pytest.mark.parametrize("attached", [True, False])
def test_an_ses_only_user_passes(iam: object, clean_env: pytest.MonkeyPatch, tmp_path: Path, attached: bool) -> None:
    user_with(iam, clean_env, "mailer", SES_ONLY, attached)
    ((verdict), _) = scope(tmp_path)
    assert [(f["severity"], f["name"]) for f in verdict] == [("info", "user/mailer")]


def test_an_admin_user_is_warned_with_the_policy_to_make(iam: object, clean_env: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    secret = user_with(iam, clean_env, "founder", ADMIN)
    (verdict,), stack = scope(tmp_path)
    assert verdict["severity"] == "warning"
    assert verdict["message"].startswith("user/founder has administrator rights (*)")
    advice = json.loads(verdict["message"].split("this policy: ", 1)[1])
    assert advice["Statement"][0]["Action"] == list(NEEDED)
    assert advice["Statement"][0]["Resource"] == "arn:aws:ses:eu-west-1:123456789012:identity/example.com"
    code, out = run("--stack-file", str(stack), "--repo", str(stack.parent), "--online", "--format", "json")
    assert secret not in out


def test_other_services_are_named(iam: object, clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    iam.create_group(GroupName="ops")  # type: ignore[attr-defined]
    user_with(iam, clean_env, "app", WITH_S3, attached=False)
    iam.add_user_to_group(GroupName="ops", UserName="app")  # type: ignore[attr-defined]
    (verdict,), _ = scope(tmp_path)
    assert verdict["severity"] == "warning" and "actions beyond sending mail (s3:GetObject)" in verdict["message"]


def test_without_the_online_flag_aws_is_not_asked(iam: object, clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    user_with(iam, clean_env, "founder", ADMIN)
    repo = git_repo(tmp_path / "repo", {"README.md": "launch\n"})
    stack = write_stack(repo / "Pulumi.prod.yaml", {}, domain=domain({"send": [ses()]}))
    assert not [f for f in findings("--stack-file", str(stack), "--repo", str(repo))
                if f["check"] == "preflight.aws_scope"]
