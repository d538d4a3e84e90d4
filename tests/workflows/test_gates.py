"""The gates a pull request cannot weaken, run with stand-in tools: the PR diff installs and runs the
default branch's launchready (and says so when the pull request changes it), and the refreshed
preview after `pulumi up` (and in the daily drift check) fails on any proposed change."""

from __future__ import annotations

import copy
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.diff.conftest import GIT_ENV, STAGING, Repo
from tests.workflows.pr_gate import LAUNCHREADY, comment, diff, open_pull_request, stand_in, step

FIXTURES = ROOT / "tests" / "fixtures" / "preview"


def test_the_pr_diff_runs_the_default_branch_launchready_and_says_so(repo: Repo, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    (repo.path / "launchready" / "diff").mkdir(parents=True)
    rules = repo.path / "launchready" / "diff" / "dangerous.py"
    rules.write_text("# the base branch's danger rules\n")
    repo.commit(STAGING, "base")
    repo.git("checkout", "-q", "-b", "pr")
    rules.write_text("# the pull request's danger rules: nothing is dangerous any more\n")
    repo.commit({**copy.deepcopy(STAGING), "records": []}, "drop the mail records and the rule that flags it")
    repo.git("checkout", "-q", "main")
    pr = open_pull_request(repo)
    log = tmp_path / "calls.log"
    trusted = stand_in(tmp_path / "base-venv" / "bin", "launchready", f'echo base >> {log}\nexec {LAUNCHREADY} "$@"')
    stand_in(tmp_path / "pr-bin", "launchready", f"echo pr >> {log}\nexit 99")
    monkeypatch.setenv("PATH", f"{tmp_path / 'pr-bin'}:{os.environ['PATH']}")  # the PR's own, never called
    ran = diff(pr, launchready=str(trusted))
    assert ran.result.returncode == 0, ran.result.stderr
    text = comment(pr)
    assert text.startswith(f"<!-- launchready-diff -->\n> computed by the default branch's launchready "
                           f"({pr.base[:12]})")
    assert "> note: this pull request changes `launchready`: review those changes yourself" in text
    assert "`record.mx`" in text and ran.outputs == {"dangerous": "true", "broken": "false"}
    assert log.read_text() == "base\n", "only the default branch's launchready ran"


def test_a_pr_that_leaves_the_code_alone_gets_no_note(repo: Repo) -> None:
    repo.commit(STAGING, "base")
    repo.git("checkout", "-q", "-b", "pr")
    repo.commit({**STAGING, "tls": {"hsts": {"max_age": 31536000}}}, "longer HSTS")
    repo.git("checkout", "-q", "main")
    pr = open_pull_request(repo)
    ran = diff(pr)
    assert ran.result.returncode == 0, ran.result.stderr
    assert "> note:" not in comment(pr)


def install_script() -> str:
    return step("diff", "Install the default branch's launchready")["run"]


def test_the_install_step_installs_the_default_branch_tree_not_the_pull_request(repo: Repo, tmp_path: Path) -> None:
    marker = repo.path / "launchready.txt"
    marker.write_text("base\n")
    base = repo.commit(STAGING, "base")
    marker.write_text("pull request\n")
    repo.commit(STAGING, "the pull request")
    log = tmp_path / "python.log"
    fake = ('echo "$@" >> ' + str(log) + '\nif [ "$1" = -m ] && [ "$2" = venv ]; then mkdir -p "$3/bin"; '
            'cp "$0" "$3/bin/python"; fi')
    stand_in(tmp_path / "bin", "python", fake)
    base_dir = tmp_path / "runner-temp" / "launchready-base"
    env = {**os.environ, **GIT_ENV, "BASE_SHA": base, "BASE_DIR": str(base_dir),
           "PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-e", "-c", install_script()], cwd=repo.path, env=env, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert (base_dir / "src" / "launchready.txt").read_text() == "base\n"
    assert log.read_text().splitlines() == [f"-m venv {base_dir}/venv",
                                            f"-m pip install --quiet {base_dir}/src/.[secrets]"]


NO_CHANGES = '{"steps": [{"op": "same", "urn": "urn:pulumi:staging::launchready::launchready:domain:' \
             'ProductDomain::domain"}], "diagnostics": []}'


def expect_no_changes(tmp_path: Path, document: str, status: int) -> tuple[subprocess.CompletedProcess[str], str,
                                                                            str]:
    """.ci/expect-no-changes with a stand-in `pulumi` that prints `document`, exits `status` and logs its args."""
    work = tmp_path / "work"
    work.mkdir()
    (work / ".venv").symlink_to(ROOT / ".venv")
    (tmp_path / "preview.json").write_text(document)
    log = tmp_path / "pulumi.log"
    stand_in(tmp_path / "bin", "pulumi", f'echo "$@" > {log}\ncat {tmp_path / "preview.json"}\nexit {status}')
    summary = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}"}
    done = subprocess.run([str(ROOT / ".ci" / "expect-no-changes"), "staging", "after up"], cwd=work, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    return done, summary.read_text(), log.read_text()


def test_the_refreshed_preview_passes_when_it_proposes_nothing(tmp_path: Path) -> None:
    done, summary, args = expect_no_changes(tmp_path, NO_CHANGES, 0)
    assert done.returncode == 0, done.stderr
    assert args.split() == ["preview", "--stack", "staging", "--refresh", "--expect-no-changes", "--non-interactive",
                            "--json"]
    assert summary.startswith("#### Stack `staging`: after up\n### pulumi preview: no changes (1 unchanged")


def test_the_refreshed_preview_fails_on_any_proposed_change(tmp_path: Path) -> None:
    done, summary, _ = expect_no_changes(tmp_path, (FIXTURES / "update.json").read_text(), 255)
    assert done.returncode == 1
    assert "::error::staging: the refreshed preview proposes changes" in done.stdout
    assert "| update | domain-setting-ssl | ZoneSetting | ssl | value: strict → full |" in summary
