"""pr-diff.yml cannot be weakened by the pull request it judges: the trusted trigger and checkout, no step
running the pull request's code, the least permissions per job, the approval label tied to a commit and
never the author's, the secret scan with the default branch's baseline, and a comment only from this run."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

from tests.diff.conftest import STAGING, Repo
from tests.workflows.pr_gate import (
    LAUNCHREADY,
    PullRequest,
    Ran,
    comment,
    diff,
    document,
    fake_gh,
    fetch,
    open_pull_request,
    run,
    step,
)
from tests.workflows.test_workflows import triggers

LABEL = "dns-danger-approved"
AWS_KEY = "AKIA" + "IOSFODNN7EXAMPLQ"
"""A credential-shaped string, assembled so that no scanner flags this file."""


def all_steps() -> list[tuple[str, dict[str, Any]]]:
    return [(name, s) for name, job in document()["jobs"].items() for s in job["steps"]]


def test_the_trigger_is_the_default_branch_s_and_reruns_on_every_change_of_the_approval() -> None:
    on = triggers(document())
    assert list(on) == ["pull_request_target"], "a pull_request workflow runs the pull request's copy of this file"
    assert set(on["pull_request_target"]["types"]) == {"opened", "synchronize", "reopened", "edited", "labeled",
                                                       "unlabeled"}
    assert document()["env"]["OVERRIDE_LABEL"] == LABEL


def test_only_the_default_branch_is_checked_out_and_installed() -> None:
    checkouts = [s for _, s in all_steps() if s.get("uses", "").startswith("actions/checkout@")]
    assert [s["with"] for s in checkouts] == [{"ref": "${{ github.sha }}", "fetch-depth": 0,
                                               "persist-credentials": False}]
    installs = [s for _, s in all_steps() if "pip install" in s.get("run", "")]
    assert [s["env"]["BASE_SHA"] for s in installs] == ["${{ github.sha }}"]
    assert 'git archive "$BASE_SHA"' in installs[0]["run"]
    python = next(s for _, s in all_steps() if s.get("uses", "").startswith("actions/setup-python@"))
    assert "cache" not in python["with"], "a cache shared with the default branch could be poisoned"


def test_no_step_runs_the_pull_request_s_code() -> None:
    """The head is named only through env (never expanded into a script) and reached only by git and by the
    default branch's launchready; no action comes from the workspace."""
    for job, s in all_steps():
        script = s.get("run", "")
        assert "${{" not in script, f"{job}: {s.get('name')}: expressions go through env"
        assert not s.get("uses", "x").startswith("./"), "no local action"
        for line in re.findall(r"\$CHECKOUT[^\n]*", script):
            assert line.startswith(('$CHECKOUT" "$MERGE_SHA"', '$CHECKOUT" && "$LAUNCHREADY" preflight',
                                    '$CHECKOUT.json')), line
    heads = [(job, s.get("name", s.get("id"))) for job, s in all_steps()
             if "head.sha" in json.dumps(s.get("env", {})) or "head.sha" in json.dumps(s.get("with", {}))]
    assert heads == [("diff", "Fetch the pull request's commit as data"),
                     ("diff", "Diff every stack against the base branch"),
                     ("diff", "Keep the comment for the comment job"),
                     ("verdict", "Set the commit status"), ("comment", "Create or update the comment")]
    for _, s in all_steps():
        assert not re.search(r"git (checkout|switch|reset|worktree add)[^\n]*HEAD_SHA", s.get("run", ""))
    assert step("diff", "diff")["env"]["LAUNCHREADY"] == "${{ runner.temp }}/launchready-base/venv/bin/launchready"
    assert step("diff", "preflight")["env"]["LAUNCHREADY"] == step("diff", "diff")["env"]["LAUNCHREADY"]


def test_the_jobs_that_write_check_out_nothing_and_trust_only_this_run() -> None:
    jobs = document()["jobs"]
    assert [s.get("uses", "").split("@")[0] for s in jobs["withdraw"]["steps"] + jobs["verdict"]["steps"]] == ["", ""]
    download = jobs["comment"]["steps"][0]
    assert download["uses"].startswith("actions/download-artifact@") and "run-id" not in download["with"]
    assert jobs["comment"]["needs"] == "diff"
    post = step("comment", "Create or update the comment")["run"]
    assert '!= "$HEAD_SHA" ]; then\n  echo "::error::the artifact is not this run' in post
    assert 'select(.user.login == "github-actions[bot]"' in post, "never edits a comment someone else wrote"


def test_the_verdict_is_a_commit_status_on_the_pull_request_s_head(repo: Repo, tmp_path: Path) -> None:
    """The check branch protection requires: a pull_request_target run's own checks sit on the default branch."""
    job = document()["jobs"]["verdict"]
    ran_after = "!cancelled() && (needs.diff.result == 'success' || needs.diff.result == 'failure')"
    assert job["needs"] == "diff" and ran_after in job["if"] and ran_after in document()["jobs"]["comment"]["if"]
    assert job["steps"][0]["env"]["HEAD_SHA"] == "${{ github.event.pull_request.head.sha }}"
    assert document()["env"]["GATE_CONTEXT"] == "launchready/dns-gate"
    pr, gh = dangerous_pull_request(repo), fake_gh(tmp_path / "gh", "{}")
    for result, state in (("success", "success"), ("failure", "failure"), ("skipped", "failure")):
        ran = run(pr, "verdict", "Set the commit status", {"GH_TOKEN": "x", "REPO": "acme/shop", "HEAD_SHA": pr.head,
                                                           "RESULT": result, "RUN_URL": "https://github.test/run/1",
                                                           "GATE_CONTEXT": "launchready/dns-gate"}, path=str(gh))
        assert ran.result.returncode == 0, ran.result.stderr
        call = (gh / "gh.log").read_text().splitlines()[-1]
        assert call.startswith(f"api -X POST repos/acme/shop/statuses/{pr.head} -f state={state} -f "
                               "context=launchready/dns-gate -f description=")
        assert len(call.split("description=")[1].split(" -f target_url=")[0]) <= 140, "GitHub's limit"


def test_the_label_is_withdrawn_on_new_commits_a_new_base_or_from_the_author() -> None:
    condition = " ".join(document()["jobs"]["withdraw"]["if"].split())
    assert f"contains(github.event.pull_request.labels.*.name, '{LABEL}')" in condition
    assert "github.event.action == 'synchronize' || github.event.action == 'reopened'" in condition
    assert "github.event.action == 'edited' && github.event.changes.base != null" in condition
    assert (f"github.event.label.name == '{LABEL}' && github.event.sender.login == "
            "github.event.pull_request.user.login") in condition
    remove = step("withdraw", "Remove the approval label")["run"]
    assert 'gh api -X DELETE "repos/$REPO/issues/$PR/labels/$OVERRIDE_LABEL"' in remove


def events(*labels: tuple[str, str]) -> str:
    """The pull request's events as GitHub lists them: (event, actor) of the label, oldest first."""
    return json.dumps([{"event": "commented", "actor": {"login": "bob"}}] +
                      [{"event": kind, "label": {"name": LABEL}, "actor": {"login": who}} for kind, who in labels])


APPROVAL = "Fail on dangerous changes unless a reviewer approved this commit"


def decide(pr: PullRequest, gh: Path, action: str, labeled: bool, base_changed: bool = False) -> Ran:
    """The approval step for a dangerous diff, the event's action and labels given, the PR's author alice."""
    env = {"GH_TOKEN": "not-a-token", "REPO": "acme/shop", "PR": "7", "ACTION": action, "AUTHOR": "alice",
           "LABELED": str(labeled).lower(), "BASE_CHANGED": str(base_changed).lower()}
    return run(pr, "diff", APPROVAL, env, path=str(gh))


def dangerous_pull_request(repo: Repo) -> PullRequest:
    repo.commit(STAGING, "base")
    repo.git("checkout", "-q", "-b", "pr")
    repo.commit({**STAGING, "records": []}, "drop mail")
    repo.git("checkout", "-q", "main")
    return open_pull_request(repo)


def test_a_reviewer_s_label_approves_the_commit_it_was_given_on(repo: Repo, tmp_path: Path) -> None:
    gh = fake_gh(tmp_path / "gh", events(("labeled", "alice"), ("labeled", "carol")))
    ran = decide(dangerous_pull_request(repo), gh, "labeled", True)
    assert ran.result.returncode == 0, ran.result.stdout
    assert "approved for this commit" in ran.result.stdout
    assert "api --paginate repos/acme/shop/issues/7/events --jq" in (gh / "gh.log").read_text()


def test_the_author_s_own_label_does_not_approve(repo: Repo, tmp_path: Path) -> None:
    gh = fake_gh(tmp_path / "gh", events(("labeled", "carol"), ("unlabeled", "carol"), ("labeled", "alice")))
    ran = decide(dangerous_pull_request(repo), gh, "labeled", True)
    assert ran.result.returncode == 1
    assert "the pull request's author added the dns-danger-approved label" in ran.result.stdout


def test_new_commits_or_a_new_base_withdraw_the_approval(repo: Repo, tmp_path: Path) -> None:
    pr, gh = dangerous_pull_request(repo), fake_gh(tmp_path / "gh", events(("labeled", "carol")))
    for ran in (decide(pr, gh, "synchronize", True), decide(pr, gh, "reopened", True),
                decide(pr, gh, "edited", True, base_changed=True)):
        assert ran.result.returncode == 1 and "approved an earlier commit or base branch" in ran.result.stdout
    assert decide(pr, gh, "edited", True).result.returncode == 0, "a new title keeps the approval"


def test_no_label_or_no_answer_fails(repo: Repo, tmp_path: Path) -> None:
    pr, gh = dangerous_pull_request(repo), fake_gh(tmp_path / "gh", events())
    ran = decide(pr, gh, "opened", False)
    assert ran.result.returncode == 1 and "adds the dns-danger-approved label" in ran.result.stdout
    unknown = decide(pr, gh, "unlabeled", True)
    assert unknown.result.returncode == 1 and "cannot tell who added" in unknown.result.stdout


def preflight(pr: PullRequest) -> Ran:
    fetched = fetch(pr)
    return run(pr, "diff", "preflight", {"BASE_SHA": fetched.outputs["base"], "MERGE_SHA": fetched.outputs["merge"],
                                         "LAUNCHREADY": LAUNCHREADY, "CHECKOUT": str(pr.tmp / "pull-request"),
                                         "BASELINE": str(pr.workspace / ".launchready-secrets-baseline.json")})


def test_the_secret_scan_fails_a_pull_request_that_adds_a_credential(repo: Repo) -> None:
    repo.commit(STAGING, "base")
    repo.git("checkout", "-q", "-b", "pr")
    (repo.path / "deploy.py").write_text(f'KEY = "{AWS_KEY}"\n')
    repo.commit(STAGING, "add a key")
    (repo.path / "deploy.py").write_text("KEY = os.environ['KEY']\n")
    repo.commit(STAGING, "take it out again: it stays in the history")
    handled = repo.path / ".launchready-secrets-baseline.json"
    done = run_launchready(repo, "preflight", "--stack", "staging", "--update-baseline", "--since", "main")
    assert handled.exists(), done
    repo.commit(STAGING, "and mark it handled in the pull request's own baseline")
    repo.git("checkout", "-q", "main")
    pr = open_pull_request(repo)
    (pr.workspace / "comment.md").write_text("<!-- launchready-diff -->\n")
    ran = preflight(pr)
    assert ran.result.returncode == 0, ran.result.stderr
    assert ran.outputs == {"failed": "true"}
    said = ran.result.stdout
    assert re.search(r"^  preflight.history_scan [0-9a-f]{12}:deploy.py:1: a credential-shaped string \(AWS Access "
                     r"Key\) was added in commit", said, re.MULTILINE), said
    assert AWS_KEY not in said
    assert re.search(r"### launchready preflight: 1 problem in this pull request\n\nEach is explained, with the "
                     r"rotation step, in the job log \(step \"Scan the pull request's\ncommits for secrets\"\):\n\n"
                     r"```text\npreflight.history_scan\t[0-9a-f]{12}:deploy.py:1\n```\n\n$", comment(pr))
    assert AWS_KEY not in comment(pr)


def test_the_secret_scan_passes_a_clean_pull_request_without_deploy_credentials(repo: Repo) -> None:
    pr = dangerous_pull_request(repo)
    (pr.workspace / "comment.md").write_text("<!-- launchready-diff -->\n")
    ran = preflight(pr)
    assert ran.result.returncode == 0, ran.result.stderr
    assert ran.outputs == {"failed": "false"}, ran.result.stdout
    assert comment(pr) == "<!-- launchready-diff -->\n"
    assert diff(pr).outputs["dangerous"] == "true", "the diff step still runs beside it"


def run_launchready(repo: Repo, *args: str) -> str:
    done = subprocess.run([LAUNCHREADY, *args], cwd=repo.path, capture_output=True, text=True, timeout=120,
                          check=False)
    return done.stdout + done.stderr
