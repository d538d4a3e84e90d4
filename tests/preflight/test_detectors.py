"""launchready's own detectors: Cloudflare tokens in Bearer headers, the legacy Global API Key, and AWS secret
access keys written unquoted. Every value is made at run time; none is printed."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from launchready.preflight.detection import Detector
from tests.conftest import ROOT
from tests.preflight.conftest import (
    canary_aws_key_id,
    canary_aws_secret,
    canary_cloudflare_token,
    canary_global_key,
    git_repo,
    write_stack,
)
from tests.preflight.test_preflight_cli import FORMATS, findings, run

TOKEN, GLOBAL, AWS_SECRET = "Cloudflare API Token", "Cloudflare Global API Key", "AWS Secret Access Key"
OWN_KINDS = (TOKEN, GLOBAL, AWS_SECRET)
FOUND: list[tuple[str, Callable[[], str], str]] = [
    ('curl https://api.cloudflare.com/client/v4/zones -H "Authorization: Bearer {}"', canary_cloudflare_token, TOKEN),
    ('  --header "Authorization: Bearer {}" \\', canary_cloudflare_token, TOKEN),
    ('headers = {{"Authorization": "Bearer {}", "Content-Type": "application/json"}}', canary_cloudflare_token, TOKEN),
    ('cloudflare_auth = "Bearer {}"', canary_cloudflare_token, TOKEN),
    ('AUTH="Bearer {}"  # the Cloudflare deploy token', canary_cloudflare_token, TOKEN),
    ("CLOUDFLARE_API_KEY={}", canary_global_key, GLOBAL),
    ('export CF_API_KEY="{}"', canary_global_key, GLOBAL),
    ("dns_cloudflare_api_key = {}", canary_global_key, GLOBAL),
    ('curl -H "X-Auth-Email: ops@example.com" -H "X-Auth-Key: {}" https://api.cloudflare.com/client/v4/zones',
     canary_global_key, GLOBAL),
    ('  --header "X-Auth-Key: {}" \\', canary_global_key, GLOBAL),
    ('{{"X-Auth-Key": "{}"}}', canary_global_key, GLOBAL),
    ("old key: cfk_{}", lambda: canary_cloudflare_token() + "0a1b2c3d", GLOBAL),
    ("aws_secret_access_key = {}", canary_aws_secret, AWS_SECRET),
    ("AWS_SECRET_ACCESS_KEY={}", canary_aws_secret, AWS_SECRET),
    ("export PROD_AWS_SECRET_ACCESS_KEY={}", canary_aws_secret, AWS_SECRET),
    ('aws_secret_access_key = "{}"', canary_aws_secret, AWS_SECRET),
    ('        "SecretAccessKey": "{}",', canary_aws_secret, AWS_SECRET),
    ("  aws:secretKey: {}", canary_aws_secret, AWS_SECRET),
]
MISSED: list[tuple[str, Callable[[], str]]] = [
    ('-H "Authorization: Bearer $CLOUDFLARE_API_TOKEN"', lambda: ""),
    ('-H "Authorization: Bearer {}"', lambda: canary_global_key() + "abc"),  # 40 hex: SHA-1-shaped, not Cloudflare's
    ("commit {} fixed the zone", lambda: canary_global_key() + "abc"),
    ("CLOUDFLARE_API_KEY={}", lambda: canary_global_key()[:36]),
    ("CLOUDFLARE_API_KEY={}", lambda: canary_global_key() + "0"),
    ("cloudflare_key_sha256 = {}", lambda: canary_global_key() * 2),
    ("X-Auth-Key: {}", lambda: canary_global_key().upper()),
    ('-H "Authorization: Bearer {}"', lambda: "x" * 40),
    ("CLOUDFLARE_API_TOKEN={}", lambda: "YOUR_CLOUDFLARE_API_TOKEN_GOES_HERE_1234"),
    ("CLOUDFLARE_API_TOKEN={}", lambda: "replace-me-with-the-zone-token-from-cf-1"),
    ("X-Auth-Key: {}", lambda: "0" * 37),
    ("aws_secret_access_key = {}", lambda: "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY"),
    ("aws_secret_access_key = ${{AWS_SECRET}}", lambda: ""),
    ("aws_secret_access_key = {}", lambda: "x" * 40),
    ("the secret access key is rotated monthly by {}", canary_aws_secret),
]


@pytest.mark.parametrize(("line", "value", "kind"), FOUND)
def test_each_form_is_found_once_with_its_kind(line: str, value: Callable[[], str], kind: str) -> None:
    with Detector() as detector:
        assert [found.kind for found in detector.line(line.format(value()))] == [kind]


@pytest.mark.parametrize(("line", "value"), MISSED)
def test_shapes_that_are_no_credential_are_passed_over(line: str, value: Callable[[], str]) -> None:
    with Detector() as detector:
        assert not [found for found in detector.line(line.format(value())) if found.kind in OWN_KINDS]


def test_the_qa_repository_is_caught_and_never_echoed(tmp_path: Path, clean_env: pytest.MonkeyPatch) -> None:
    token, key, key_id = canary_cloudflare_token(), canary_global_key(), canary_aws_key_id()
    secret = canary_aws_secret()
    repo = git_repo(tmp_path / "repo", {
        "a.sh": f'curl https://api.cloudflare.com/client/v4/zones -H "Authorization: Bearer {token}"\n',
        "b.sh": f'export CLOUDFLARE_API_KEY={key}\ncurl -H "X-Auth-Key: {key}" "$API/zones"\n',
        "aws/credentials": f"[default]\naws_access_key_id = {key_id}\naws_secret_access_key = {secret}\n",
    })
    stack = write_stack(repo / "Pulumi.prod.yaml", {})
    args = ("--stack-file", str(stack), "--repo", str(repo))
    scans = {f["name"]: f["type"] for f in findings(*args) if f["check"] == "preflight.credential_scan"}
    assert scans == {"a.sh:1": TOKEN, "b.sh:1": GLOBAL, "b.sh:2": GLOBAL, "aws/credentials:2": "AWS Access Key",
                     "aws/credentials:3": AWS_SECRET}
    for fmt in FORMATS:
        out = run(*args, "--format", fmt)[1]
        assert not [value for value in (token, key, key_id, secret, token[:12], secret[-12:]) if value in out], fmt
    assert "every permission of its user on every account" in run(*args)[1]


def test_no_own_kind_is_found_in_this_repository() -> None:
    """Docs, tests and fixtures hold Bearer headers, hashes and ids: none is taken for a credential."""
    names = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True).stdout
    paths = [ROOT / name for name in names.decode().split("\0") if name]
    hits = []
    with Detector() as detector:
        for path in paths:
            if path.is_file() and not path.is_symlink() and path.stat().st_size < 2_000_000:
                lines = path.read_bytes().decode("utf-8", "replace").splitlines()
                hits += [f"{path.relative_to(ROOT)}:{n}" for n, hit in detector.lines(lines) if hit.kind in OWN_KINDS]
    assert hits == []
