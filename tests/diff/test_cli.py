"""`launchready diff` on temporary git repositories: exact Markdown and JSON, exit codes, bad input."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from launchready.cli import app
from tests.diff.conftest import STAGING, Repo

runner = CliRunner()


def run_diff(repo: Repo, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["diff", "--stack", "staging", "--project-dir", str(repo.path), *args])
    return result.exit_code, result.stdout, result.stderr


def without_mx() -> dict[str, Any]:
    spec = copy.deepcopy(STAGING)
    spec["records"] = [r for r in spec["records"] if r["type"] != "MX"]
    return spec


MX_DELETED_COMMENT = """\
<!-- launchready-diff -->
### launchready diff staging (example.net): main → drop-mail

> [!WARNING]
> **2 dangerous changes**: review before merging.

| rule | change | why it matters |
|---|---|---|
| `record.mx` | deletes @ MX 10 mx1.mail.example.org<br>deletes @ MX 20 mx2.mail.example.org | this record says where \
mail for the domain is delivered; a missing or wrong MX bounces or misroutes mail (RFC 5321 §5.1) |

#### DNS records (2 removed)

| change | name | type | content | TTL | proxy |
|---|---|---|---|---|---|
| removed | @ | MX | 10 mx1.mail.example.org | 3600s | DNS only |
| removed | @ | MX | 20 mx2.mail.example.org | 3600s | DNS only |

Unchanged: 9 records, 2 redirects, 3 cache rules, 14 settings.

2 dangerous changes.
"""


def test_a_pr_deleting_the_mx_records_gets_a_flagged_comment_and_fails(repo: Repo) -> None:
    repo.commit(STAGING, "staging with mail")
    repo.git("checkout", "-q", "-b", "drop-mail")
    repo.commit(without_mx(), "drop mail")
    code, out, _ = run_diff(repo, "--base", "main", "--head", "drop-mail", "--format", "markdown",
                            "--fail-on-dangerous")
    assert out == MX_DELETED_COMMENT
    assert code == 1


def test_without_fail_on_dangerous_a_dangerous_diff_exits_0(repo: Repo) -> None:
    repo.commit(STAGING, "staging with mail")
    repo.write(without_mx())
    code, out, _ = run_diff(repo, "--base", "main")
    assert code == 0
    assert "DANGER record.mx: deletes @ MX 10 mx1.mail.example.org" in out
    assert out.rstrip().endswith("2 dangerous changes.")


def test_a_safe_change_passes_fail_on_dangerous(repo: Repo) -> None:
    repo.commit(STAGING, "base")
    head = copy.deepcopy(STAGING)
    head["records"].append({"name": "@", "type": "TXT", "content": "google-site-verification=abc"})
    repo.write(head)
    code, out, _ = run_diff(repo, "--base", "main", "--format", "markdown", "--fail-on-dangerous")
    assert code == 0
    assert "| added | @ | TXT | google-site-verification=abc | 3600s | DNS only |" in out
    assert "[!WARNING]" not in out
    assert out.endswith("Unchanged: 11 records, 2 redirects, 3 cache rules, 14 settings.\n\nNo dangerous changes.\n")


def test_no_change_says_so(repo: Repo) -> None:
    repo.commit(STAGING, "base")
    code, out, _ = run_diff(repo, "--base", "main", "--format", "markdown")
    assert code == 0
    assert "####" not in out
    assert out.endswith("No changes to DNS records, redirects, cache or rate limit rules, zone settings or "
                        "monitoring.\n")


def record(name: str, rtype: str, content: str, ttl: int, proxied: bool = False,
           priority: int | None = None) -> dict[str, Any]:
    return {"name": name, "type": rtype, "content": content, "priority": priority, "ttl": ttl, "proxied": proxied}


def edited_staging() -> dict[str, Any]:
    head = copy.deepcopy(STAGING)
    head["hosts"]["api"] = {"ipv4": ["198.51.100.9"]}
    head["hosts"]["status"]["ttl"] = 600
    head["records"] = [STAGING["records"][0], STAGING["records"][2],
                       {"name": "verify", "type": "TXT", "content": "token=abc"}]
    head["tls"] = {"ssl": "full", "hsts": {"max_age": 86400}}
    head["redirects"] = []
    return head


def test_json_document_is_exact(repo: Repo) -> None:
    base_commit = repo.commit(STAGING, "base")
    head_commit = repo.commit(edited_staging(), "edit")
    code, out, _ = run_diff(repo, "--base", "HEAD~1", "--head", "HEAD", "--format", "json")
    assert code == 0
    redirect = {
        "ref": "legacy_www_example_net_old_signup", "description": "/old-signup moved to /signup",
        "kind": "legacy", "host": "www.example.net", "source_path": "/old-signup",
        "target_url": "https://www.example.net/signup", "status": 308, "keep_query": True,
        "expression": '(http.host eq "www.example.net" and http.request.uri.path eq "/old-signup" and ssl)',
        "target_expression": None, "target_value": "https://www.example.net/signup",
    }
    assert json.loads(out) == {
        "schema_version": 1,
        "stack": "staging",
        "zone": "example.net",
        "base": {"ref": "HEAD~1", "commit": base_commit, "exists": True},
        "head": {"ref": "HEAD", "commit": head_commit, "exists": True},
        "changed": True,
        "dangerous": [
            {"rule": "record.mx", "subject": "@ MX 20 mx2.mail.example.org",
             "message": "deletes @ MX 20 mx2.mail.example.org: this record says where mail for the domain is "
                        "delivered; a missing or wrong MX bounces or misroutes mail (RFC 5321 §5.1)"},
            {"rule": "tls.ssl-weakened", "subject": "ssl strict → full",
             "message": 'SSL mode drops from "strict" to "full": Cloudflare will stop verifying the origin '
                        "certificate, so anyone on the path to the origin can impersonate it; keep \"strict\" "
                        "and fix the origin certificate instead"},
            {"rule": "record.host", "subject": "api A",
             "message": "api A moves from 198.51.100.7 to 198.51.100.9: every visitor of that name reaches the new "
                        "target at once, and whoever runs it serves them the site, sign-ins and session cookies "
                        "included; if it is not meant, put the old value back in the stack file; if it is meant, a "
                        "reviewer approves it (the PR workflow's `dns-danger-approved` label)"},
            {"rule": "rule.removed", "subject": "http_request_dynamic_redirect legacy_www_example_net_old_signup",
             "message": "removes the http_request_dynamic_redirect rule legacy_www_example_net_old_signup "
                        f"({redirect['expression']}): the next `pulumi up` deletes it from Cloudflare (the ruleset "
                        "holds only the rules the spec lists); if it came from the dashboard or an adopted zone, "
                        "keep it under rules.keep"},
        ],
        "records": [
            {"action": "changed", "name": "api.example.net", "type": "A", "fields": ["content"],
             "old": record("api.example.net", "A", "198.51.100.7", 1, True),
             "new": record("api.example.net", "A", "198.51.100.9", 1, True)},
            {"action": "removed", "name": "example.net", "type": "MX", "fields": [],
             "old": record("example.net", "MX", "mx2.mail.example.org", 3600, priority=20), "new": None},
            {"action": "changed", "name": "status.example.net", "type": "CNAME", "fields": ["ttl"],
             "old": record("status.example.net", "CNAME", "status.uptime.example.org", 300),
             "new": record("status.example.net", "CNAME", "status.uptime.example.org", 600)},
            {"action": "added", "name": "verify.example.net", "type": "TXT", "fields": [], "old": None,
             "new": record("verify.example.net", "TXT", "token=abc", 3600)},
        ],
        "redirects": [{"action": "removed", "ref": "legacy_www_example_net_old_signup",
                       "phase": "http_request_dynamic_redirect", "fields": [], "old": redirect, "new": None}],
        "cache_rules": [],
        "rate_limits": [],
        "kept_rules": [],
        "settings": [{"setting": "ssl", "old": "strict", "new": "full"}],
        "monitoring": [],
        "unchanged": {"records": 8, "redirects": 1, "cache_rules": 3, "rate_limits": 0, "kept_rules": 0,
                      "settings": 13, "monitoring": 0},
        "notes": [],
    }


EDITED_TEXT_TABLE = """\
DNS records (1 added, 1 removed, 2 changed)
change   name    type   content                      TTL          proxy
changed  api     A      198.51.100.7 → 198.51.100.9  auto         proxied
removed  @       MX     20 mx2.mail.example.org      3600s        DNS only
changed  status  CNAME  status.uptime.example.org    300s → 600s  DNS only
added    verify  TXT    token=abc                    3600s        DNS only
"""


def test_text_and_markdown_carry_the_same_rows(repo: Repo) -> None:
    repo.commit(STAGING, "base")
    repo.write(edited_staging())
    _, text, _ = run_diff(repo, "--base", "main")
    _, markdown, _ = run_diff(repo, "--base", "main", "--format", "markdown")
    assert EDITED_TEXT_TABLE in text
    assert "| changed | status | CNAME | status.uptime.example.org | 300s → 600s | DNS only |" in markdown
    assert "| removed | legacy_www_example_net_old_signup | `https://www.example.net/old-signup` | " \
           "`https://www.example.net/signup` | 308 |" in markdown, "URLs are shown as code, never as live links"
    assert "#### Zone settings (1 changed)\n\n| setting | old | new |\n|---|---|---|\n| ssl | strict | full |" \
           in markdown


def test_stack_file_missing_at_base_is_an_empty_plan(repo: Repo) -> None:
    repo.write(STAGING)
    code, out, _ = run_diff(repo, "--base", "main", "--format", "json", "--fail-on-dangerous")
    doc = json.loads(out)
    assert code == 0, "adding a whole stack deletes nothing"
    assert doc["base"]["exists"] is False
    assert doc["notes"] == ["Pulumi.staging.yaml does not exist at main; compared against an empty plan"]
    assert {r["action"] for r in doc["records"]} == {"added"} and len(doc["records"]) == 11
    assert doc["dangerous"] == []
    assert {"setting": "ssl", "old": None, "new": "strict"} in doc["settings"]


def test_stack_file_deleted_at_head_deletes_everything(repo: Repo) -> None:
    repo.commit(STAGING, "base")
    repo.commit(None, "remove the stack")
    code, out, _ = run_diff(repo, "--base", "HEAD~1", "--head", "HEAD", "--format", "json", "--fail-on-dangerous")
    doc = json.loads(out)
    assert code == 1
    assert doc["head"]["exists"] is False
    assert {d["rule"] for d in doc["dangerous"]} >= {"record.mx", "record.spf", "record.apex", "threshold.mass-change"}


def test_a_revision_that_does_not_exist_is_bad_input(repo: Repo) -> None:
    repo.commit(STAGING, "base")
    repo.git("remote", "add", "origin", "https://git.example.com/product.git")
    code, out, err = run_diff(repo, "--base", "no-such-branch")
    assert code == 2
    assert out == ""
    assert 'revision "no-such-branch" does not exist' in err and "git fetch origin no-such-branch" in err
    assert "Traceback" not in err


def test_the_fetch_hint_quotes_the_revision_for_the_shell(repo: Repo) -> None:
    repo.commit(STAGING, "base")
    repo.git("remote", "add", "origin", "https://git.example.com/product.git")
    code, _, err = run_diff(repo, "--base", "HEAD;id")
    assert code == 2
    assert "(git fetch origin 'HEAD;id')" in err, err


def test_the_fetch_hint_names_the_remote_and_branch_of_a_remote_tracking_name(repo: Repo) -> None:
    repo.commit(STAGING, "base")
    code, _, err = run_diff(repo, "--base", "origin/main")
    assert code == 2 and "this clone has no remote to fetch it from" in err and "git fetch" not in err, err
    repo.git("remote", "add", "upstream", "https://git.example.com/product.git")
    code, _, err = run_diff(repo, "--base", "upstream/main")
    assert code == 2 and "(git fetch upstream main)" in err, err
    code, _, err = run_diff(repo, "--base", "release")
    assert code == 2 and "(git fetch upstream release)" in err, err


def test_a_relative_revision_is_never_suggested_to_fetch(repo: Repo, tmp_path: Path) -> None:
    """actions/checkout clones one commit by default: `--base HEAD~3` there needs a deeper clone, and
    `git fetch origin HEAD~3` is no command that works."""
    for number in range(4):
        repo.commit(STAGING, f"commit {number}")
    shallow = Repo(tmp_path / "shallow")
    Repo(tmp_path).git("clone", "-q", "--depth", "1", f"file://{repo.path}", str(shallow.path))
    code, _, err = run_diff(shallow, "--base", "HEAD~3")
    assert code == 2 and "git fetch origin" not in err, err
    assert "this clone is shallow: deepen it (git fetch --deepen=N, or git fetch --unshallow)" in err
    assert "fetch-depth: 0" in err
    code, _, err = run_diff(repo, "--base", "HEAD~1000")
    assert code == 2 and "git fetch origin" not in err, err
    assert "this clone has its whole history, so no commit is there" in err


def test_outside_a_git_repository_is_bad_input(tmp_path) -> None:
    result = runner.invoke(app, ["diff", "--stack", "staging", "--base", "main", "--project-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.stderr


def test_a_spec_error_at_a_revision_names_the_revision(repo: Repo) -> None:
    broken = copy.deepcopy(STAGING)
    broken["hosts"]["api"] = {"ipv4": ["not-an-address"]}
    repo.commit(broken, "broken")
    repo.write(STAGING)
    code, _, err = run_diff(repo, "--base", "main")
    assert code == 2
    assert err.startswith("error: main:Pulumi.staging.yaml")
    assert "hosts.api.ipv4" in err


def test_base_is_required(repo: Repo) -> None:
    code, _, err = run_diff(repo)
    assert code == 2 and "--base" in err


def test_output_file(repo: Repo, tmp_path) -> None:
    repo.commit(STAGING, "base")
    repo.write(without_mx())
    target = tmp_path / "comment.md"
    code, out, _ = run_diff(repo, "--base", "main", "--format", "markdown", "--output", str(target))
    assert code == 0 and out == ""
    assert target.read_text().startswith("<!-- launchready-diff -->\n")


def test_a_stack_missing_at_both_revisions_is_a_typo_not_an_empty_diff(repo: Repo) -> None:
    repo.commit(STAGING, "base")
    result = runner.invoke(app, ["diff", "--stack", "stagin", "--project-dir", str(repo.path), "--base", "main",
                                 "--fail-on-dangerous"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == ("error: Pulumi.stagin.yaml exists neither at main nor in the working tree; the stacks "
                             "here are staging\n")


def test_a_changed_dkim_key_is_elided_around_the_difference(repo: Repo) -> None:
    key = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + "x" * 120 + "A" + "y" * 220 + "QIDAQAB"  # RSA-2048 DER
    with_dkim = copy.deepcopy(STAGING)
    with_dkim["records"].append({"name": "s1._domainkey", "type": "TXT", "content": f"v=DKIM1; k=rsa; p={key}"})
    repo.commit(with_dkim, "base")
    rotated = copy.deepcopy(with_dkim)
    rotated["records"][-1]["content"] = f"v=DKIM1; k=rsa; p={key.replace('xAy', 'xBy')}"
    repo.write(rotated)
    _, markdown, _ = run_diff(repo, "--base", "main", "--format", "markdown")
    x, y = "x" * 12, "y" * 27  # the 40 characters around the rotated one
    old, new = (f"p=MIIBIj…{x}A{y}… (410 bytes)", f"p=MIIBIj…{x}B{y}… (410 bytes)")
    assert f"| changed | s1.\\_domainkey | TXT | v=DKIM1; k=rsa; {old} → v=DKIM1; k=rsa; {new} |" \
        in markdown
    assert f"| `record.dkim` | changes s1.\\_domainkey TXT v=DKIM1; k=rsa; {old} to s1.\\_domainkey TXT " \
           f"v=DKIM1; k=rsa; {new} |" in markdown
    assert max(len(line) for line in markdown.splitlines()) < 400
    _, document, _ = run_diff(repo, "--base", "main", "--format", "json")
    assert json.loads(document)["records"][0]["new"]["content"].endswith(key.replace("xAy", "xBy")[-300:])


WEBHOOK_SECRET = "T0000/B0000/" + "Zq" * 12
"""Made at run time: a Slack-style webhook path, which is a credential."""


def test_monitoring_changes_are_shown_and_a_webhook_url_never_is(repo: Repo) -> None:
    monitored = {**STAGING, "plan": "pro", "monitoring": {"alerts": ["ops@example.com"], "checks": ["/", "/health"]}}
    repo.commit(monitored, "base")
    repo.write({**monitored, "monitoring": {"alerts": ["ops@example.com", "oncall@example.com"], "checks": ["/"],
                                            "webhook_url": f"https://hooks.example.org/services/{WEBHOOK_SECRET}"}})
    code, markdown, _ = run_diff(repo, "--base", "main", "--format", "markdown")
    assert code == 0
    assert "#### Monitoring (3 changed)\n\n| setting | old | new |\n|---|---|---|\n" \
           "| checked_urls | `https://www.example.net/`, `https://www.example.net/health` | " \
           "`https://www.example.net/` |\n" \
           "| alerts | `ops@example.com` | `ops@example.com`, `oncall@example.com` |\n" \
           "| webhook | - | hooks.example.org (URL not shown) |\n" in markdown
    assert markdown.endswith("3 monitoring settings.\n\nNo dangerous changes.\n")  # engine is one
    outputs = [run_diff(repo, "--base", "main", "--format", fmt)[1] for fmt in ("text", "json")]
    assert all(WEBHOOK_SECRET.split("/")[-1] not in out for out in [markdown, *outputs])


def test_markdown_cells_keep_angle_brackets_and_pipes_visible(repo: Repo) -> None:
    repo.commit(STAGING, "base")
    head = copy.deepcopy(STAGING)
    head["records"].append({"name": "note", "type": "TXT", "content": "see <https://example.com/a|b>"})
    repo.write(head)
    _, markdown, _ = run_diff(repo, "--base", "main", "--format", "markdown")
    assert "| added | note | TXT | see `<https://example.com/a\\|b>` | 3600s | DNS only |" in markdown
