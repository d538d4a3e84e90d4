"""The handover's secrets inventory: names, where each lives, who reads it, and the last rotation the
repository knows (the commit that stored a secure value), never a value."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from launchready.cli import app
from tests.preflight.conftest import PulumiCrypter, canary_cloudflare_token, write_stack
from tests.preflight.history_repo import commit, git

WORKFLOW = """on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: pulumi up --yes
        env:
          CLOUDFLARE_API_TOKEN: ${{ secrets.CLOUDFLARE_API_TOKEN }}
          SLACK_WEBHOOK: ${{secrets.SLACK_WEBHOOK}}
          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}
"""


def rows(text: str) -> dict[str, list[str]]:
    section = text.split("## Secrets: where they live and who can read them")[1].split("\n## ")[0]
    found = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if line.startswith("| ") and cells[0] != "secret":
            found[cells[0].strip("`")] = cells[1:]  # names with a colon are code spans (never links)
    return found


def test_each_secret_with_where_who_and_when(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    crypter = PulumiCrypter("pass")
    token = canary_cloudflare_token()
    ciphertext = crypter.encrypt(token)
    root = tmp_path / "repo"
    commit(root, "ci", {".github/workflows/deploy.yml": WORKFLOW})
    write_stack(root / "Pulumi.prod.yaml", {"cloudflare:apiToken": {"secure": ciphertext}}, crypter.encryption_salt)
    commit(root, "token", {"Pulumi.prod.yaml": (root / "Pulumi.prod.yaml").read_text()})
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", token)
    result = CliRunner().invoke(app, ["report", "--stack-file", str(root / "Pulumi.prod.yaml")])
    assert result.exit_code == 0, result.output
    found = rows(result.output)
    assert list(found) == ["CLOUDFLARE_API_TOKEN", "PULUMI_ACCESS_TOKEN", "PULUMI_CONFIG_PASSPHRASE",
                           "cloudflare:apiToken", "SLACK_WEBHOOK"]
    assert found["CLOUDFLARE_API_TOKEN"][0].startswith("CI secret (GitHub Actions: deploy.yml)")
    assert found["PULUMI_ACCESS_TOKEN"][0] == "environment variable where pulumi and launchready run"
    assert found["cloudflare:apiToken"] == [
        "Pulumi secret in Pulumi.prod.yaml (encrypted with the stack passphrase)",
        "anyone with the stack file and PULUMI_CONFIG_PASSPHRASE, and every pulumi run",
        "set 2026-10-01 (the commit that stored this value)"]
    assert token not in result.output and ciphertext not in result.output
    git(root, "rm", "-q", "--cached", "Pulumi.prod.yaml")
    git(root, "commit", "-q", "-m", "untrack")
    write_stack(root / "Pulumi.prod.yaml", {"cloudflare:apiToken": {"secure": crypter.encrypt("new")}},
                crypter.encryption_salt)
    again = CliRunner().invoke(app, ["report", "--stack-file", str(root / "Pulumi.prod.yaml")])
    assert rows(again.output)["cloudflare:apiToken"][2] == "not committed yet"


PLAINTEXT_TOKEN = "plaintext-canary-0123456789abcdefghij"
SLACK_SECRET = "T0PLAIN/B0PLAIN/plaintextSlackCanary"


def plaintext_stack(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    domain = {"zone": "example.com", "origin": {"ipv4": ["192.0.2.10"]}, "hosts": {"apex": {}, "www": {}},
              "monitoring": {"slack_webhook_url": f"https://hooks.slack.com/services/{SLACK_SECRET}"}}
    return write_stack(root / "Pulumi.prod.yaml", {"cloudflare:apiToken": PLAINTEXT_TOKEN,
                                                   "launchready:smtpPassword": "hunter2-plaintext"}, domain=domain)


PLAINTEXT_KEYS = ["cloudflare:apiToken", "launchready:smtpPassword", "launchready:domain.monitoring.slack_webhook_url"]


def test_plaintext_secrets_are_listed_by_name_as_readable_by_everyone(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    stack = plaintext_stack(root)
    commit(root, "oops", {"Pulumi.prod.yaml": stack.read_text()})
    result = CliRunner().invoke(app, ["report", "--stack-file", str(stack)])
    assert result.exit_code == 0, result.output
    found = rows(result.output)
    for key in PLAINTEXT_KEYS:
        lives, readers, rotated = found[key]
        assert lives == "plaintext in git (Pulumi.prod.yaml): readable by everyone with the repository; rotate"
        assert readers == "everyone with the repository, any clone of it, and its history"
        assert rotated.startswith("rotate it now (git keeps the old value), then store the new one with "
                                  "`pulumi config set --secret ")
    assert "--path 'launchready:domain.monitoring.slack_webhook_url'" in found[PLAINTEXT_KEYS[2]][2]
    for value in (PLAINTEXT_TOKEN, SLACK_SECRET, "hunter2"):
        assert value not in result.output


def test_an_uncommitted_plaintext_secret_is_moved_before_it_is_committed(tmp_path: Path) -> None:
    stack = plaintext_stack(tmp_path)
    found = rows(CliRunner().invoke(app, ["report", "--stack-file", str(stack)]).output)
    assert found["cloudflare:apiToken"][0] == "plaintext in Pulumi.prod.yaml, not committed yet"
    assert found["cloudflare:apiToken"][2].startswith("store it with `pulumi config set --secret cloudflare:apiToken")


def test_the_portfolio_handover_lists_secrets_too(tmp_path: Path) -> None:
    plaintext_stack(tmp_path)
    result = CliRunner().invoke(app, ["report", "--all-stacks", "--project-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert set(PLAINTEXT_KEYS) <= set(rows(result.output))
    assert PLAINTEXT_TOKEN not in result.output and SLACK_SECRET not in result.output
