"""`launchready preflight` end to end on temporary repositories and stack files."""

from __future__ import annotations

import json
import subprocess
import traceback
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from launchready.cli import app
from tests.preflight.conftest import (
    DOMAIN,
    PASSPHRASE,
    PulumiCrypter,
    canary_aws_key_id,
    canary_cloudflare_token,
    canary_private_key,
    git_repo,
    write_stack,
)

FORMATS = ("text", "json", "markdown", "junit")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["preflight", *args])
    assert "Traceback" not in result.output, result.output
    crash = result.exception if not isinstance(result.exception, SystemExit | None) else None
    assert crash is None, "".join(traceback.format_exception(crash))
    return result.exit_code, result.output


def findings(*args: str) -> list[dict[str, str]]:
    _, out = run(*args, "--format", "json")
    return list(json.loads(out)["findings"])


def failing(*args: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for f in findings(*args):
        if f["severity"] == "error":
            found.setdefault(f["check"], []).append(f["name"])
    return found


def test_canary_credentials_are_found_and_never_printed(tmp_path: Path, clean_env: pytest.MonkeyPatch) -> None:
    token, scannable, key_id, pem = (canary_cloudflare_token(), "cfut_" + canary_cloudflare_token(),
                                     canary_aws_key_id(), canary_private_key())
    repo = git_repo(tmp_path / "repo", {
        "deploy/.env": f"CLOUDFLARE_API_TOKEN={token}\n",
        "notes.md": f"old token: {scannable}\n",
        "scripts/aws.sh": f"export AWS_ACCESS_KEY_ID={key_id}\n",
        "keys/origin.pem": pem,
        "README.md": "nothing to see\n",
    })
    stack = write_stack(repo / "Pulumi.prod.yaml", {"cloudflare:apiToken": token})
    login = "pul-" + canary_cloudflare_token()
    clean_env.setenv("PULUMI_ACCESS_TOKEN", login)
    args = ("--stack-file", str(stack), "--repo", str(repo))
    found = failing(*args)
    line = next(n for n, text in enumerate(stack.read_text().splitlines(), 1) if "apiToken" in text)
    assert sorted(found["preflight.credential_scan"]) == [
        f"Pulumi.prod.yaml:{line}", "deploy/.env:1", "keys/origin.pem:1", "notes.md:1", "scripts/aws.sh:1"]
    assert found["preflight.plaintext_secret"] == ["cloudflare:apiToken"]
    secrets = (token, scannable, key_id, pem.splitlines()[1], login)
    for fmt in FORMATS:
        code, out = run(*args, "--format", fmt, "--output", str(tmp_path / f"report.{fmt}"))
        written = (tmp_path / f"report.{fmt}").read_text()
        assert code == 1
        assert not [s for s in secrets if s in out or s in written], fmt


def test_plaintext_token_fails_and_passes_once_secure(tmp_path: Path, clean_env: pytest.MonkeyPatch,
                                                       crypters: tuple[PulumiCrypter, PulumiCrypter]) -> None:
    token = canary_cloudflare_token()
    repo = git_repo(tmp_path / "repo", {"README.md": "launch\n"})
    stack = repo / "Pulumi.prod.yaml"
    write_stack(stack, {"cloudflare:apiToken": token})
    clean_env.setenv("PULUMI_ACCESS_TOKEN", "x")
    code, out = run("--stack-file", str(stack), "--repo", str(repo))
    assert code == 1 and "cloudflare:apiToken holds a plaintext value" in out and token not in out
    crypter = crypters[0]
    write_stack(stack, {"cloudflare:apiToken": {"secure": crypter.encrypt(token)}}, crypter.encryption_salt)
    clean_env.setenv("PULUMI_CONFIG_PASSPHRASE", PASSPHRASE)
    code, out = run("--stack-file", str(stack), "--repo", str(repo))
    assert code == 0, out
    assert "cloudflare:apiToken is a secure stack value" in out


def plaintext(stack: Path, repo: Path, fmt: str = "json") -> list[dict[str, Any]]:
    _, out = run("--stack-file", str(stack), "--repo", str(repo), "--format", fmt)
    if fmt == "sarif":
        return [r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "preflight.plaintext_secret"]
    return [f for f in json.loads(out)["findings"] if f["check"] == "preflight.plaintext_secret"]


def test_plaintext_secrets_point_at_their_line_and_say_committed_only_when_tracked(
        tmp_path: Path, clean_env: pytest.MonkeyPatch) -> None:
    repo = git_repo(tmp_path / "repo", {"README.md": "launch\n"})
    domain = {**DOMAIN, "monitoring": {"slack_webhook_url": "https://hooks.slack.test/services/T0/B0/" + "x" * 24}}
    stack = write_stack(repo / "Pulumi.prod.yaml", {"cloudflare:apiToken": canary_cloudflare_token(),
                                                    "aws:secretKey": canary_cloudflare_token()}, domain=domain)
    lines = stack.read_text().splitlines()
    line = {key: next(n for n, text in enumerate(lines, 1) if text.strip().startswith(key.split(".")[-1] + ":"))
            for key in ("cloudflare:apiToken", "aws:secretKey", "launchready:domain.monitoring.slack_webhook_url")}
    found = plaintext(stack, repo)
    assert {f["name"]: f["location"] for f in found} == {key: f"{stack}:{n}" for key, n in line.items()}
    assert all("rotate it if it was ever shared" in f["message"] and "committed" not in f["message"] for f in found)
    assert len(plaintext(stack, repo, "sarif")) == 3
    subprocess.run(["git", "-C", str(repo), "add", stack.name], check=True)
    assert all("(then rotate it: it was committed)" in f["message"] for f in plaintext(stack, repo))


def test_missing_variables_are_named(tmp_path: Path, clean_env: pytest.MonkeyPatch,
                                     crypters: tuple[PulumiCrypter, PulumiCrypter]) -> None:
    repo = git_repo(tmp_path / "repo", {"README.md": "launch\n"})
    stack = write_stack(repo / "Pulumi.prod.yaml", {}, crypters[0].encryption_salt)
    code, out = run("--stack-file", str(stack), "--repo", str(repo))
    assert code == 1
    assert failing("--stack-file", str(stack), "--repo", str(repo)) == {
        "preflight.cloudflare_token": ["CLOUDFLARE_API_TOKEN"],
        "preflight.pulumi_backend": ["PULUMI_ACCESS_TOKEN"],
        "preflight.pulumi_passphrase": ["PULUMI_CONFIG_PASSPHRASE"],
    }
    for name in ("CLOUDFLARE_API_TOKEN", "PULUMI_ACCESS_TOKEN", "PULUMI_CONFIG_PASSPHRASE"):
        assert name in out


def test_a_pulumi_login_file_and_a_passphrase_file_count(tmp_path: Path, clean_env: pytest.MonkeyPatch,
                                                          crypters: tuple[PulumiCrypter, PulumiCrypter]) -> None:
    home = tmp_path / "home"
    (home / ".pulumi").mkdir()
    (home / ".pulumi" / "credentials.json").write_text(json.dumps({"current": "https://api.pulumi.com"}))
    (tmp_path / "passphrase.txt").write_text(PASSPHRASE + "\n")
    clean_env.setenv("PULUMI_CONFIG_PASSPHRASE_FILE", str(tmp_path / "passphrase.txt"))
    clean_env.setenv("CLOUDFLARE_API_TOKEN", "set")
    repo = git_repo(tmp_path / "repo", {"README.md": "launch\n"})
    stack = write_stack(repo / "Pulumi.prod.yaml", {}, crypters[0].encryption_salt)
    assert failing("--stack-file", str(stack), "--repo", str(repo)) == {}


def shared_stacks(root: Path, crypters: tuple[PulumiCrypter, PulumiCrypter], same: bool) -> Path:
    token = canary_cloudflare_token()
    prod, staging = crypters
    other = token if same else canary_cloudflare_token()
    write_stack(root / "Pulumi.staging.yaml", {"cloudflare:apiToken": {"secure": staging.encrypt(other)}},
                staging.encryption_salt)
    return write_stack(root / "Pulumi.prod.yaml", {"cloudflare:apiToken": {"secure": prod.encrypt(token)}},
                       prod.encryption_salt)


@pytest.mark.parametrize("same", [True, False])
def test_prod_and_staging_do_not_share_a_token(tmp_path: Path, clean_env: pytest.MonkeyPatch,
                                               crypters: tuple[PulumiCrypter, PulumiCrypter], same: bool) -> None:
    repo = git_repo(tmp_path / "repo", {"README.md": "launch\n"})
    stack = shared_stacks(repo, crypters, same)
    clean_env.setenv("PULUMI_CONFIG_PASSPHRASE", PASSPHRASE)
    shared = [f for f in findings("--stack-file", str(stack), "--repo", str(repo))
              if f["check"] == "preflight.shared_secret"]
    assert [f["severity"] for f in shared] == (["error"] if same else ["info"])
    assert "decrypted values" in shared[0]["message"]
    if same:
        assert shared[0]["message"].startswith("Pulumi.prod.yaml: cloudflare:apiToken holds the same secret as "
                                               "Pulumi.staging.yaml: cloudflare:apiToken")


def test_without_the_passphrase_a_copied_secure_block_is_still_caught(
        tmp_path: Path, clean_env: pytest.MonkeyPatch, crypters: tuple[PulumiCrypter, PulumiCrypter]) -> None:
    repo = git_repo(tmp_path / "repo", {"README.md": "launch\n"})
    copied = {"secure": crypters[0].encrypt("same-everywhere")}
    write_stack(repo / "Pulumi.staging.yaml", {"launchready:webhookSecret": copied}, crypters[0].encryption_salt)
    stack = write_stack(repo / "Pulumi.prod.yaml", {"launchready:webhookSecret": copied},
                        crypters[0].encryption_salt)
    (shared,) = [f for f in findings("--stack-file", str(stack), "--repo", str(repo))
                 if f["check"] == "preflight.shared_secret"]
    assert shared["severity"] == "error" and "ciphertexts" in shared["message"]
    assert copied["secure"] not in json.dumps(shared)


def test_a_pulumi_yml_project_is_read_as_pulumi_reads_it_yml_stacks_and_siblings(
        tmp_path: Path, clean_env: pytest.MonkeyPatch, crypters: tuple[PulumiCrypter, PulumiCrypter]) -> None:
    repo = git_repo(tmp_path / "repo", {"README.md": "launch\n", "Pulumi.yml": "name: launchready\nruntime: python\n"})
    copied = {"secure": crypters[0].encrypt("same-everywhere")}
    write_stack(repo / "Pulumi.staging.yml", {"launchready:webhookSecret": copied}, crypters[0].encryption_salt)
    write_stack(repo / "Pulumi.prod.yml", {"launchready:webhookSecret": copied}, crypters[0].encryption_salt)
    write_stack(repo / "Pulumi.prod.yaml", {}, crypters[1].encryption_salt)  # what Pulumi never reads
    (shared,) = [f for f in findings("--stack", "prod", "--project-dir", str(repo), "--repo", str(repo))
                 if f["check"] == "preflight.shared_secret"]
    assert shared["severity"] == "error" and "Pulumi.staging.yml" in shared["message"]


def test_an_invalid_spec_is_listed_with_the_rest(tmp_path: Path, clean_env: pytest.MonkeyPatch) -> None:
    repo = git_repo(tmp_path / "repo", {"README.md": "launch\n"})
    stack = write_stack(repo / "Pulumi.prod.yaml", {}, domain={"zone": "example.com", "hosts": {"apex": {}}})
    found = failing("--stack-file", str(stack), "--repo", str(repo))
    assert "hosts.www" in found["preflight.spec"]
    assert "preflight.cloudflare_token" in found


def test_monitoring_on_the_free_plan_is_a_warning(tmp_path: Path, clean_env: pytest.MonkeyPatch) -> None:
    repo = git_repo(tmp_path / "repo", {"README.md": "launch\n"})
    domain = {"zone": "example.com", "origin": {"ipv4": ["192.0.2.10"]}, "hosts": {"apex": {}, "www": {}},
              "monitoring": {"alerts": ["ops@example.com"], "engine": "healthchecks"}}
    stack = write_stack(repo / "Pulumi.prod.yaml", {}, domain=domain)
    (warning,) = [f for f in findings("--stack-file", str(stack), "--repo", str(repo))
                  if f["check"] == "preflight.monitoring_plan"]
    assert warning["severity"] == "warning" and "set plan: pro" in warning["message"]
    stack = write_stack(repo / "Pulumi.prod.yaml", {}, domain={**domain, "monitoring": {"alerts": ["ops@example.com"]}})
    (worker,) = [f for f in findings("--stack-file", str(stack), "--repo", str(repo))
                 if f["check"] == "preflight.monitoring_plan"]
    assert worker["severity"] != "warning" and "monitor Worker" in worker["message"]


def test_bad_input_exits_2(tmp_path: Path, clean_env: pytest.MonkeyPatch) -> None:
    assert run("--stack-file", str(tmp_path / "Pulumi.none.yaml"))[0] == 2
    stack = write_stack(tmp_path / "Pulumi.prod.yaml", {})
    (tmp_path / "plain").mkdir()
    code, out = run("--stack-file", str(stack), "--repo", str(tmp_path / "plain"))
    assert code == 2 and "not a git work tree" in out
    assert run()[0] == 2


def test_without_git_the_stack_file_alone_is_scanned_and_the_warning_says_why(
        tmp_path: Path, clean_env: pytest.MonkeyPatch) -> None:
    stack = write_stack(tmp_path / "Pulumi.prod.yaml", {})
    scans = [f for f in findings("--stack-file", str(stack), "--project-dir", str(tmp_path))
             if f["check"] == "preflight.credential_scan"]
    assert [(f["severity"], f["message"]) for f in scans] == [
        ("warning", f"{tmp_path} is not a git work tree, so only the stack file was scanned; run preflight in "
                    "the repository's clone (or pass --repo with it) so its tracked files are scanned too"),
        ("info", "no credential-shaped string in 1 file (detect-secrets)")]
    clean_env.setenv("PATH", str(tmp_path / "no-binaries"))
    code, out = run("--stack-file", str(stack), "--repo", str(tmp_path))
    assert code == 2 and f"--repo {tmp_path}: git is not installed;" in out
