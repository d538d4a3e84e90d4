"""Each stack-reading command over several stacks: one document with a section per stack, the worst exit
code, a stack that fails on its own (exit 2) without stopping the others, duplicate zones refused."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from launchready.core.plan import build_plan
from launchready.core.stack import load_stack
from launchready.sandbox.dns import zone_from_plan
from launchready.sandbox.dns_portfolio import PortfolioDnsServer
from tests.clirun import invoke
from tests.diff.conftest import Repo, stack_yaml
from tests.portfolio.conftest import ZONES, spec_for


def test_plan_all_stacks_is_one_json_document_keyed_by_stack(project: Path) -> None:
    run = invoke("plan", "--project-dir", str(project), "--all-stacks", "--format", "json")
    assert run.code == 0, run.stderr
    document = json.loads(run.stdout)
    assert list(document["stacks"]) == ["alpha", "beta", "gamma"]
    assert document["stacks"]["beta"]["document"]["zone"] == "beta.test"
    assert document["summary"]["stacks"] == 3 and document["exit_code"] == 0


def test_a_stack_that_fails_to_parse_gets_exit_2_and_the_others_still_run(project: Path) -> None:
    (project / "Pulumi.beta.yaml").write_text("config:\n  launchready:domain:\n    zone: [not, a, zone]\n")
    run = invoke("plan", "--project-dir", str(project), "--all-stacks", "--format", "json")
    document = json.loads(run.stdout)
    assert run.code == 2
    assert document["stacks"]["beta"]["exit_code"] == 2 and "Pulumi.beta.yaml" in document["stacks"]["beta"]["error"]
    assert document["stacks"]["alpha"]["document"]["zone"] == "alpha.test"
    assert document["stacks"]["gamma"]["exit_code"] == 0


def test_duplicate_zones_across_stacks_name_both_files(project: Path) -> None:
    (project / "Pulumi.gamma.yaml").write_text(stack_yaml(spec_for("alpha.test")))
    run = invoke("plan", "--project-dir", str(project), "--stack", "alpha", "--stack", "gamma",
                 "--stack", "beta", "--format", "markdown")
    assert run.code == 2
    assert "zone alpha.test is also declared by portfolio/Pulumi.gamma.yaml" in run.stdout
    assert "zone alpha.test is also declared by portfolio/Pulumi.alpha.yaml" in run.stdout
    assert "| `beta` | beta.test | PASS |" in run.stdout


def test_markdown_portfolio_table_lists_the_worst_stack_first(project: Path) -> None:
    (project / "Pulumi.gamma.yaml").write_text("config: [broken\n")
    run = invoke("plan", "--project-dir", str(project), "--all-stacks", "--format", "markdown")
    table = run.stdout.split("\n\n## ")[0]  # the portfolio table comes before the per-stack sections
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert [row.split("|")[1].strip() for row in rows] == ["`gamma`", "`alpha`", "`beta`"]
    assert run.stdout.index("## gamma") < run.stdout.index("## alpha")


def test_single_stack_output_is_unchanged(project: Path) -> None:
    one = invoke("plan", "--project-dir", str(project), "--stack", "alpha", "--format", "json")
    path = invoke("plan", "--stack-file", str(project / "Pulumi.alpha.yaml"), "--format", "json")
    assert one.code == 0 and one.stdout == path.stdout and "stacks" not in json.loads(one.stdout)


def test_validate_several_stacks_in_one_process_against_one_server(project: Path) -> None:
    zones = [zone_from_plan(build_plan(load_stack(project / f"Pulumi.{n}.yaml").spec, n)) for n in ZONES]
    with PortfolioDnsServer(zones) as resolver, PortfolioDnsServer(zones, address="127.0.0.2") as nameserver:
        run = invoke("validate", "--project-dir", str(project), "--all-stacks", "--only", "dns", "--timeout", "1",
                     "--resolver", resolver.endpoint, "--authoritative", nameserver.endpoint, "--format", "json")
    document = json.loads(run.stdout)
    assert run.code == 0, run.stdout
    assert {key: s["ok"] for key, s in document["stacks"].items()} == {"alpha": True, "beta": True, "gamma": True}
    per_stack = [s["summary"]["dns_queries"] for s in document["stacks"].values()]
    assert all(count > 0 for count in per_stack) and document["summary"]["dns_queries"] == sum(per_stack)


def test_validate_junit_has_one_suite_per_stack_and_the_worst_exit_code(project: Path) -> None:
    zones = [zone_from_plan(build_plan(load_stack(project / f"Pulumi.{n}.yaml").spec, n)) for n in ("alpha", "beta")]
    with PortfolioDnsServer(zones) as resolver:
        run = invoke("validate", "--project-dir", str(project), "--all-stacks", "--only", "dns", "--timeout", "0.5",
                     "--resolver", resolver.endpoint, "--authoritative", resolver.endpoint, "--format", "junit")
    assert run.code == 1  # gamma.test is served by nobody: the one failing stack decides
    assert run.stdout.count("<testsuite ") == 3
    assert '<testsuite name="gamma"' in run.stdout and 'failures="0"' in run.stdout


def test_preflight_to_a_file_says_the_portfolio_verdict_on_stderr(project: Path) -> None:
    run = invoke("preflight", "--project-dir", str(project), "--all-stacks", "--format", "junit", "--output", "p.xml")
    assert Path("p.xml").read_text().count("<testsuite ") == 3
    assert run.stderr.strip().endswith(f"exit code {run.code}") and "launchready preflight: 3 stacks" in run.stderr


def test_preflight_all_stacks_reports_each_stack(project: Path) -> None:
    run = invoke("preflight", "--project-dir", str(project), "--all-stacks", "--format", "json")
    document = json.loads(run.stdout)
    assert list(document["stacks"]) == ["alpha", "beta", "gamma"]
    assert run.code == max(s["exit_code"] for s in document["stacks"].values())
    assert all(s["file"] == f"portfolio/Pulumi.{key}.yaml" and s["summary"]["checks"]
               for key, s in document["stacks"].items())


def test_report_several_stacks_is_one_markdown_document(project: Path) -> None:
    run = invoke("report", "--project-dir", str(project), "--stack", "alpha", "--stack", "beta")
    assert run.code == 0, run.stderr
    assert "| `alpha` | alpha.test | PASS |" in run.stdout and "## beta (`portfolio/Pulumi.beta.yaml`)" in run.stdout


def test_report_html_writes_one_file_per_stack(project: Path, tmp_path: Path) -> None:
    run = invoke("report", "--project-dir", str(project), "--all-stacks", "--format", "html", "--output", "out")
    assert run.code == 0, run.stderr
    assert sorted(p.name for p in Path("out").iterdir()) == ["alpha.html", "beta.html", "gamma.html", "index.md"]
    assert Path("out/beta.html").read_text().startswith("<!doctype html>")


def test_diff_several_stacks_between_revisions(portfolio_repo: Repo) -> None:
    spec = spec_for("beta.test")
    spec["records"] = [r for r in spec["records"] if r["type"] != "MX"]
    (portfolio_repo.path / "Pulumi.beta.yaml").write_text(stack_yaml(spec))
    run = invoke("diff", "--project-dir", str(portfolio_repo.path), "--all-stacks", "--base", "main",
                 "--format", "json", "--fail-on-dangerous")
    document = json.loads(run.stdout)
    assert run.code == 1
    assert document["stacks"]["beta"]["exit_code"] == 1 and document["stacks"]["alpha"]["exit_code"] == 0
    assert document["stacks"]["beta"]["document"]["dangerous"]


def test_diff_without_a_stack_is_bad_input(portfolio_repo: Repo) -> None:
    run = invoke("diff", "--project-dir", str(portfolio_repo.path), "--base", "main")
    assert run.code == 2 and "--stack NAME" in run.stderr


def test_live_drift_of_several_stacks_is_one_report(project: Path) -> None:
    plans = {n: build_plan(load_stack(project / f"Pulumi.{n}.yaml").spec, n) for n in ZONES}
    served = [zone_from_plan(plans["alpha"]), zone_from_plan(plans["beta"])]  # gamma.test is served by nobody
    with PortfolioDnsServer(served) as resolver, PortfolioDnsServer(served, address="127.0.0.2") as nameserver:
        run = invoke("diff", "--project-dir", str(project), "--all-stacks", "--live", "--timeout", "0.5",
                     "--resolver", resolver.endpoint, "--authoritative", nameserver.endpoint, "--format", "json")
    document = json.loads(run.stdout)
    assert run.code == 1
    assert {key: s["exit_code"] for key, s in document["stacks"].items()} == {"alpha": 0, "beta": 0, "gamma": 1}
    assert document["stacks"]["alpha"]["summary"]["families"] == ["dns", "drift"]


def test_report_takes_each_stack_s_results_from_a_portfolio_validate(project: Path) -> None:
    zones = [zone_from_plan(build_plan(load_stack(project / f"Pulumi.{n}.yaml").spec, n)) for n in ("alpha", "beta")]
    with PortfolioDnsServer(zones) as resolver:
        invoke("validate", "--project-dir", str(project), "--stack", "alpha", "--stack", "beta", "--only", "dns",
               "--timeout", "0.5", "--resolver", resolver.endpoint, "--authoritative", resolver.endpoint,
               "--format", "json", "--output", "validate.json")
    run = invoke("report", "--project-dir", str(project), "--stack", "alpha", "--stack", "beta",
                 "--results", "validate.json")
    assert run.code == 0, run.stderr
    alpha, beta = run.stdout.split("## beta (")[0], run.stdout.split("## beta (")[1]
    assert "PASS: 0 errors" in alpha and "www.alpha.test" in alpha and "www.beta.test A @" not in alpha
    assert "www.beta.test" in beta and "Caution" not in run.stdout


def test_report_refuses_one_stack_results_for_several_stacks(project: Path) -> None:
    Path("one.json").write_text('{"ok": true, "findings": [], "summary": {}}')
    run = invoke("report", "--project-dir", str(project), "--all-stacks", "--results", "one.json")
    assert run.code == 2 and "no \"stacks\" object" in run.stderr


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_validate_on_a_terminal_counts_the_stacks_done_then_clears_the_line(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import launchready.portfolio.checks as checks
    from launchready.render.progress import StacksLine

    terminal = Terminal()
    monkeypatch.setattr(checks, "StacksLine", lambda total: StacksLine(total, terminal))
    zones = [zone_from_plan(build_plan(load_stack(project / f"Pulumi.{n}.yaml").spec, n)) for n in ("alpha", "beta")]
    with PortfolioDnsServer(zones) as resolver:
        run = invoke("validate", "--project-dir", str(project), "--all-stacks", "--only", "dns", "--timeout", "0.5",
                     "--resolver", resolver.endpoint, "--authoritative", resolver.endpoint, "--format", "json",
                     "--jobs", "1")  # one event loop: the order the stacks end in is fixed (workers: test_shards.py)
    assert run.code == 1
    lines = terminal.getvalue().split("\r\033[K")
    assert lines[1:] == ["validated 1 of 3 stacks", "validated 2 of 3 stacks",
                         "validated 3 of 3 stacks, 1 failing", ""]  # gamma, served by nobody, ends last


def test_off_a_terminal_the_stacks_line_writes_nothing() -> None:
    from launchready.render.progress import StacksLine

    log = io.StringIO()
    line = StacksLine(2, log)
    line(failed=True)
    line(failed=False)
    line.clear()
    assert log.getvalue() == ""
