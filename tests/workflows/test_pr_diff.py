"""pr-diff.yml's fetch and diff steps run for real: the pull request's head fetched as data and merged into
the base branch's tip, every stack diffed by launchready, whose Markdown (escaped) is the comment."""

from __future__ import annotations

from pathlib import Path

from tests.diff.conftest import STAGING, Repo
from tests.workflows.pr_gate import PullRequest, comment, diff, fetch, git, open_pull_request, stand_in

BROKEN = {**STAGING, "hosts": {**STAGING["hosts"], "api": {"ipv4": ["192.0.2.300"]}}}
"""A spec error: launchready cannot plan it."""
INJECTED = "Pulumi.@acme-corp[Approve-this-PR](https:attacker.example).yaml"
"""A stack file name chosen to ping a team and show a link in the bot's comment (QA report, finding 6)."""


def pull_request(repo: Repo, *changes: tuple[dict[str, object] | None, str]) -> PullRequest:
    """main holds STAGING; branch pr commits each (spec, stack) change; GitHub gets both."""
    repo.commit(STAGING, "base")
    repo.git("checkout", "-q", "-b", "pr")
    for spec, stack in changes:
        repo.commit(spec, f"change {stack}", stack=stack)
    repo.git("checkout", "-q", "main")
    return open_pull_request(repo)


def test_the_head_is_fetched_as_data_and_merged_into_the_base_tip(repo: Repo) -> None:
    pr = pull_request(repo, ({**STAGING, "records": []}, "staging"))
    repo.commit({**STAGING, "tls": {"hsts": {"max_age": 31536000}}}, "main moves on", stack="prod")
    git(pr.workspace.parent / "origin.git", "fetch", "-q", str(repo.path), "main:main")
    git(pr.workspace, "fetch", "-q", "origin")
    fetched = fetch(pr)
    assert fetched.result.returncode == 0, fetched.result.stderr
    tip = git(pr.workspace, "rev-parse", "origin/main")
    assert fetched.outputs["base"] == tip != pr.base, "the base branch's tip, not the commit the run started on"
    merge = fetched.outputs["merge"]
    assert git(pr.workspace, "rev-list", "--parents", "-n", "1", merge).split() == [merge, tip, pr.head]
    assert git(pr.workspace, "rev-parse", "HEAD") == pr.base, "the checkout stays the default branch's"
    assert not (pr.workspace / "Pulumi.prod.yaml").exists() and git(pr.workspace, "status", "--porcelain") == ""


def test_the_comment_has_every_stack_and_flags_the_dangerous_one(repo: Repo) -> None:
    pr = pull_request(repo, ({**STAGING, "records": []}, "staging"), ({**STAGING, "zone": "example.com"}, "prod"))
    ran = diff(pr)
    assert ran.result.returncode == 0, ran.result.stderr
    text = comment(pr)
    assert text.startswith("<!-- launchready-diff -->\n> computed by the default branch's launchready")
    assert "## prod (`Pulumi.prod.yaml`)" in text and "## staging (`Pulumi.staging.yaml`)" in text
    assert "### launchready diff staging (example.net): base-branch → pull-request\n" in text
    assert "`record.mx`" in text and "Pulumi.prod.yaml does not exist at" in text
    assert ran.outputs == {"dangerous": "true", "broken": "false"}
    assert ran.summary == text


def test_a_stack_the_pull_request_deletes_is_diffed_as_removed(repo: Repo) -> None:
    repo.commit({**STAGING, "zone": "example.com"}, "prod", stack="prod")
    pr = pull_request(repo, (None, "prod"))
    ran = diff(pr)
    assert ran.result.returncode == 0, ran.result.stderr
    assert "Pulumi.prod.yaml does not exist at" in comment(pr) and "`record.mx`" in comment(pr)
    assert ran.outputs == {"dangerous": "true", "broken": "false"}


def test_the_commits_are_named_by_sha_when_a_tag_takes_the_names(repo: Repo) -> None:
    """A tag `pull-request` in the repository would win over the runner's branch of that name (gitrevisions(7))."""
    repo.git("tag", "pull-request")
    pr = pull_request(repo, ({**STAGING, "records": []}, "staging"))
    fetched = fetch(pr)
    assert fetched.outputs["names"] == f"{fetched.outputs['base']} {fetched.outputs['merge']}"
    ran = diff(pr)
    short = fetched.outputs["base"][:12], fetched.outputs["merge"][:12]
    assert f"(example.net): {short[0]} → {short[1]}\n" in comment(pr) and ran.outputs["dangerous"] == "true"


def test_a_spec_error_is_in_the_comment_and_breaks_the_check(repo: Repo) -> None:
    pr = pull_request(repo, (BROKEN, "staging"))
    ran = diff(pr)
    assert ran.result.returncode == 0, "the step records it; a later step fails the job after the comment is kept"
    assert "hosts.api.ipv4[0]" in comment(pr) and "hosts.api.ipv4[0]" in ran.result.stdout
    assert "> error: `pull-request:Pulumi.staging.yaml`: 1 problem in `launchready:domain`" in comment(pr)
    assert ran.outputs == {"dangerous": "false", "broken": "true"}


def test_a_stack_file_name_never_reaches_the_comment(repo: Repo) -> None:
    """The heading of a stack that cannot be diffed was the shell's `### launchready diff $stack`."""
    (repo.path / INJECTED).write_text("config: {launchready:domain: [not a mapping}\n")
    repo.git("add", INJECTED)
    pr = pull_request(repo, (BROKEN, "staging"))
    ran = diff(pr)
    text = comment(pr)
    assert "acme-corp" not in text and "attacker" not in text and "Approve" not in text
    assert "## staging (`Pulumi.staging.yaml`)" in text and ran.outputs["broken"] == "true"


def test_a_launchready_error_is_fenced_longer_than_any_backtick_run_in_it(repo: Repo, tmp_path: Path) -> None:
    pr = pull_request(repo, (BROKEN, "staging"))
    said = "error: Pulumi.x.yaml: bad\n```\n@acme-corp [approve](https://attacker.example)\n````\nend"
    tool = stand_in(tmp_path / "bin", "launchready", f"printf '%s\\n' '{said}' >&2\nexit 2")
    ran = diff(pr, launchready=str(tool))
    text = comment(pr)
    assert f"### launchready diff: not computed\n\n`````text\n{said}\n\n`````\n" in text
    assert ran.outputs == {"dangerous": "false", "broken": "true"}


def test_a_pull_request_that_conflicts_with_its_base_is_not_computed(repo: Repo) -> None:
    pr = pull_request(repo, ({**STAGING, "zone": "example.com"}, "staging"))
    repo.commit({**STAGING, "zone": "example.org"}, "main changes the same line")
    git(pr.workspace.parent / "origin.git", "fetch", "-q", str(repo.path), "main:main")
    git(pr.workspace, "fetch", "-q", "origin")
    ran = diff(pr)
    assert ran.result.returncode == 0, ran.result.stderr
    assert comment(pr).startswith("<!-- launchready-diff -->\n### launchready diff: not computed\n\nThis pull "
                                  "request conflicts with its base branch")
    assert ran.outputs == {"dangerous": "false", "broken": "true"}


def test_a_pull_request_that_edits_the_gate_is_still_judged_and_named(repo: Repo) -> None:
    """QA report finding 1: a pull request rewrites pr-diff.yml to print a pass and drops the MX records."""
    workflow = repo.path / ".github" / "workflows" / "pr-diff.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text("on: pull_request_target\njobs: {}\n")
    repo.git("add", ".github")
    repo.commit(STAGING, "base")
    repo.git("checkout", "-q", "-b", "pr")
    workflow.write_text("on: pull_request\njobs: {gate: {runs-on: ubuntu-24.04, steps: [{run: echo pass}]}}\n")
    repo.commit({**STAGING, "records": []}, "drop the mail records and the gate")
    repo.git("checkout", "-q", "main")
    pr = open_pull_request(repo)
    ran = diff(pr)
    assert ran.outputs == {"dangerous": "true", "broken": "false"}
    assert "> note: this pull request changes `.github`: review those changes yourself" in comment(pr)
