"""`preflight --online` against a loopback stand-in of Cloudflare's token endpoints: narrow, wide,
expired, unreadable and unknown tokens, and prod/staging separation both ways."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from launchready.preflight.token_scope import BASE_GROUPS
from tests.preflight.conftest import DOMAIN, canary_cloudflare_token, git_repo, write_stack
from tests.preflight.test_preflight_cli import FORMATS, findings, run
from tests.preflight.token_standin import StandinToken, StandinZone, TokenStandin, account_zones, one_zone

ACCOUNT = "0123456789abcdef0123456789abcdef"
PROD_ZONE, STAGING_ZONE = "a" * 32, "b" * 32
CHECKS = ("preflight.token_active", "preflight.token_scope", "preflight.token_separation")


@pytest.fixture
def standin(httpserver: HTTPServer, clean_env: pytest.MonkeyPatch) -> TokenStandin:
    api = TokenStandin(httpserver)
    api.zones = {"example.com": StandinZone(PROD_ZONE, ACCOUNT), "example.net": StandinZone(STAGING_ZONE, ACCOUNT)}
    clean_env.setenv("CLOUDFLARE_API_BASE_URL", api.base_url)
    clean_env.setenv("PULUMI_ACCESS_TOKEN", "pul-placeholder")
    return api


@pytest.fixture
def stacks(tmp_path: Path) -> Path:
    repo = git_repo(tmp_path / "repo", {"README.md": "launch\n"})
    write_stack(repo / "Pulumi.staging.yaml", {}, domain={**DOMAIN, "zone": "example.net"})
    write_stack(repo / "Pulumi.prod.yaml", {})
    return repo


def with_token(standin: TokenStandin, clean_env: pytest.MonkeyPatch, **fields: object) -> str:
    value = "cfut_" + canary_cloudflare_token()
    standin.tokens[value] = StandinToken(id="ed17574386854bf78a67040be0a770b0", **fields)  # type: ignore[arg-type]
    clean_env.setenv("CLOUDFLARE_API_TOKEN", value)
    return value


def verdicts(repo: Path, stack: str = "prod") -> list[tuple[str, str, str]]:
    return sorted((f["check"], f["severity"], f["message"]) for f in
                  findings("--stack-file", str(repo / f"Pulumi.{stack}.yaml"), "--repo", str(repo), "--online")
                  if f["check"] in CHECKS)


def test_a_narrow_token_passes_and_is_never_printed(standin: TokenStandin, stacks: Path,
                                                    clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    token = with_token(standin, clean_env, policies=[one_zone(PROD_ZONE, *BASE_GROUPS, "DNS Read")])
    assert [(c, s) for c, s, _ in verdicts(stacks)] == [(c, "info") for c in CHECKS]
    args = ("--stack-file", str(stacks / "Pulumi.prod.yaml"), "--repo", str(stacks), "--online")
    for fmt in FORMATS:
        code, out = run(*args, "--format", fmt, "--output", str(tmp_path / f"out.{fmt}"))
        assert code == 0, out
        assert token not in out + (tmp_path / f"out.{fmt}").read_text()


def test_an_account_wide_token_is_too_wide_and_reaches_staging(standin: TokenStandin, stacks: Path,
                                                              clean_env: pytest.MonkeyPatch) -> None:
    with_token(standin, clean_env, policies=[account_zones(ACCOUNT, *BASE_GROUPS, "Workers Scripts Write")])
    found = verdicts(stacks)
    scope = [m for c, s, m in found if c == "preflight.token_scope" and s == "warning"]
    assert any(f"every zone of account {ACCOUNT}" in m for m in scope)
    assert any("permission groups this stack does not use: Workers Scripts Write" in m for m in scope)
    assert all("limited to the zone example.com" in m for m in scope), "each says what to make instead"
    (separation,) = [(s, m) for c, s, m in found if c == "preflight.token_separation"]
    assert separation[0] == "error" and "reaches example.net, the zone of Pulumi.staging.yaml" in separation[1]
    code, _ = run("--stack-file", str(stacks / "Pulumi.prod.yaml"), "--repo", str(stacks), "--online")
    assert code == 1


def test_a_staging_token_that_includes_the_prod_zone_is_refused(standin: TokenStandin, stacks: Path,
                                                                clean_env: pytest.MonkeyPatch) -> None:
    with_token(standin, clean_env, policies=[one_zone(STAGING_ZONE, *BASE_GROUPS), one_zone(PROD_ZONE, "DNS Read")])
    found = verdicts(stacks, "staging")
    assert ("preflight.token_separation", "error") in [(c, s) for c, s, _ in found]
    assert any("reaches example.com, the zone of Pulumi.prod.yaml (its policies include it)" in m for _, _, m in found)
    assert any("also grants 1 other zone besides example.net" in m for _, _, m in found)


def test_an_expired_token_fails(standin: TokenStandin, stacks: Path, clean_env: pytest.MonkeyPatch) -> None:
    with_token(standin, clean_env, policies=[one_zone(PROD_ZONE, *BASE_GROUPS)], status="expired",
               expires_on="2026-10-01T00:00:00Z")
    ((check, severity, message),) = verdicts(stacks)
    assert (check, severity) == ("preflight.token_active", "error")
    assert message.startswith("CLOUDFLARE_API_TOKEN is expired (expires_on 2026-10-01T00:00:00Z)")


def test_a_token_that_cannot_read_its_policies_is_judged_by_what_it_sees(
        standin: TokenStandin, stacks: Path, clean_env: pytest.MonkeyPatch) -> None:
    with_token(standin, clean_env, policies=[one_zone(PROD_ZONE, *BASE_GROUPS)], readable=False)
    found = verdicts(stacks)
    assert [(c, s) for c, s, _ in found] == [("preflight.token_active", "info"), ("preflight.token_scope", "warning"),
                                             ("preflight.token_separation", "info")]
    assert "cannot read its own policies (HTTP 403)" in found[1][2] and "API Tokens Read" in found[1][2]


def test_an_unknown_token_and_an_unreachable_api(standin: TokenStandin, stacks: Path,
                                                 clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("CLOUDFLARE_API_TOKEN", "cfut_" + canary_cloudflare_token())
    ((_, severity, message),) = verdicts(stacks)
    assert severity == "error" and message.startswith("Cloudflare refused CLOUDFLARE_API_TOKEN (HTTP 401, error 1000)")
    clean_env.setenv("CLOUDFLARE_API_BASE_URL", "http://127.0.0.1:9/client/v4")
    ((_, severity, message),) = verdicts(stacks)
    assert severity == "warning" and message.startswith("could not ask the Cloudflare API (ConnectError")


def test_offline_by_default_and_a_non_https_base_url_is_bad_input(standin: TokenStandin, stacks: Path,
                                                                  clean_env: pytest.MonkeyPatch) -> None:
    with_token(standin, clean_env, policies=[])
    code, _ = run("--stack-file", str(stacks / "Pulumi.prod.yaml"), "--repo", str(stacks))
    assert standin.asked == []
    clean_env.setenv("CLOUDFLARE_API_BASE_URL", "http://api.example.com/client/v4")
    code, out = run("--stack-file", str(stacks / "Pulumi.prod.yaml"), "--repo", str(stacks), "--online")
    assert code == 2 and "is not an https URL" in out
