"""`launchready diff` reads the stack file Pulumi reads (Pulumi.yaml's `stackConfigDir`, Pulumi.yml) at each
revision, and flags any change to the project file that changes what `pulumi up` runs or reads."""

from __future__ import annotations

import copy
import json

from tests.clirun import invoke
from tests.diff.conftest import STAGING, Repo, stack_yaml
from tests.preflight.conftest import canary_cloudflare_token

PROJECT = "name: launchready\nruntime: python\n"


def without_mail() -> dict[str, object]:
    spec = copy.deepcopy(STAGING)
    spec["records"] = [r for r in STAGING["records"] if r["type"] != "MX"]  # type: ignore[index, attr-defined]
    return spec


def pull_request(repo: Repo, files: dict[str, str | None], message: str = "pr") -> None:
    """Branch `pr` from main with `files` written (None: deleted)."""
    repo.commit(STAGING, "staging with mail")
    repo.git("checkout", "-q", "-b", "pr")
    for name, text in files.items():
        path = repo.path / name
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", message)


def gate(repo: Repo, *args: str) -> tuple[int, str, str]:
    run = invoke("diff", "--stack", "staging", "--project-dir", str(repo.path), "--base", "main", "--head", "pr",
                 "--fail-on-dangerous", *args)
    return run.code, run.stdout, run.stderr


def test_stack_config_moved_by_stack_config_dir_is_what_is_compared(repo: Repo) -> None:
    pull_request(repo, {"Pulumi.yaml": PROJECT + "stackConfigDir: ./cfg/\n",
                        "cfg/Pulumi.staging.yaml": stack_yaml(without_mail())})
    code, out, _ = gate(repo)
    assert code == 1
    assert "DANGER record.mx: deletes @ MX 10 mx1.mail.example.org" in out
    assert "DANGER project.stack-config-dir: Pulumi.yaml changes `stackConfigDir` from unset to 'cfg': Pulumi reads " \
        "each stack's config file, Pulumi.STACK plus the project file's extension, from the `stackConfigDir`" in out


def test_project_file_renamed_to_yml_reads_the_yml_stack_file(repo: Repo) -> None:
    pull_request(repo, {"Pulumi.yaml": None, "Pulumi.yml": PROJECT,
                        "Pulumi.staging.yml": stack_yaml(without_mail())})
    code, out, _ = gate(repo, "--format", "markdown")
    assert code == 1
    assert "| `project.file` | the project file changes from Pulumi.yaml to Pulumi.yml |" in out
    assert "deletes @ MX 10 mx1.mail.example.org" in out
    assert out.rstrip().endswith("3 dangerous changes.")


def test_main_pointing_at_another_program_is_dangerous_with_no_stack_change(repo: Repo) -> None:
    pull_request(repo, {"Pulumi.yaml": PROJECT + "main: app/\n", "app/__main__.py": "import pulumi\n"})
    code, out, _ = gate(repo)
    assert code == 1
    assert "DANGER project.main: Pulumi.yaml changes `main` from unset to 'app/': `pulumi up` runs the program " \
        "at `main`" in out
    assert out.rstrip().endswith("1 dangerous change.")
    code, out, _ = gate(repo, "--format", "json")
    assert [d["rule"] for d in json.loads(out)["dangerous"]] == ["project.main"]


def test_runtime_name_and_config_defaults_are_dangerous_and_a_default_value_is_never_shown(repo: Repo) -> None:
    token = canary_cloudflare_token()
    edited = ("name: launchready\nruntime:\n  name: python\n  options:\n    virtualenv: other\n"
              f"config:\n  cloudflare:apiToken:\n    default: {token}\n")
    pull_request(repo, {"Pulumi.yaml": edited})
    code, out, _ = gate(repo, "--format", "markdown")
    assert code == 1
    assert "`project.runtime`" in out
    assert "changes the project config defaults of `cloudflare:apiToken`" in out
    assert token not in out


def test_a_description_change_is_not_dangerous(repo: Repo) -> None:
    pull_request(repo, {"Pulumi.yaml": PROJECT + "description: the product domain\n"})
    code, out, _ = gate(repo)
    assert code == 0
    assert "DANGER" not in out


def test_a_project_file_that_cannot_be_read_at_either_end_is_bad_input(repo: Repo) -> None:
    pull_request(repo, {"Pulumi.yaml": "- name: launchready\n"})
    code, out, err = gate(repo)
    assert code == 2 and out == ""
    assert err.startswith("error: pr:Pulumi.yaml is not a mapping of project settings")
    reverse = invoke("diff", "--stack", "staging", "--project-dir", str(repo.path), "--base", "pr", "--head", "main")
    assert reverse.code == 2 and reverse.stderr.startswith("error: pr:Pulumi.yaml is not a mapping")


def test_two_project_files_or_a_stack_config_dir_outside_the_project_are_bad_input(repo: Repo) -> None:
    pull_request(repo, {"Pulumi.yml": PROJECT})
    code, _, err = gate(repo)
    assert code == 2
    assert "holds Pulumi.yaml and Pulumi.yml: Pulumi reads one project file only" in err
    repo.git("checkout", "-q", "main")
    repo.git("branch", "-q", "-D", "pr")
    repo.git("checkout", "-q", "-b", "pr")
    (repo.path / "Pulumi.yaml").write_text(PROJECT + "stackConfigDir: ../elsewhere\n")
    repo.git("commit", "-q", "-am", "outside")
    code, _, err = gate(repo)
    assert code == 2
    assert "stackConfigDir '../elsewhere' is not a folder inside the project" in err


def test_plan_and_all_stacks_read_the_stack_file_where_pulumi_does(repo: Repo) -> None:
    decoy = copy.deepcopy(STAGING)
    decoy["zone"] = "decoy.example.org"
    repo.commit(decoy, "decoy beside Pulumi.yaml")
    (repo.path / "Pulumi.yaml").write_text("name: acme\nruntime: python\nstackConfigDir: cfg\n")
    (repo.path / "cfg").mkdir()
    (repo.path / "cfg" / "Pulumi.staging.yaml").write_text(stack_yaml(STAGING).replace("launchready:", "acme:"))
    plan = invoke("plan", "--stack", "staging", "--project-dir", str(repo.path), "--format", "json")
    assert plan.code == 0
    assert json.loads(plan.stdout)["zone"] == "example.net"
    listed = invoke("diff", "--all-stacks", "--project-dir", str(repo.path), "--base", "main", "--format", "json")
    assert listed.code == 0
    assert "project.stack-config-dir" in listed.stdout
