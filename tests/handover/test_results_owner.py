"""`report --stack X --results FILE` shows FILE only when it is X's: every product has a `prod`, so the
zone the results were checked against must be the stack's (QA: shop.test's 96 passed checks were shown as
blog.test's proof). Files from before validate recorded the zone are read with a caution, unless their
findings name only hosts outside the zone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.clirun import CliRun, invoke

HERE = Path(__file__).parent
STACK = HERE / "Pulumi.handover.yaml"
RESULTS = HERE / "validate_handover.json"


def other_product(tmp_path: Path) -> Path:
    """The same stack name in another product folder, on its own zone (example.net)."""
    folder = tmp_path / "blog"
    folder.mkdir()
    (folder / "Pulumi.yaml").write_text("name: launchready\nruntime: python\n")
    (folder / STACK.name).write_text(STACK.read_text().replace("example.com", "example.net"))
    return folder / STACK.name


def results(tmp_path: Path, **summary: Any) -> Path:
    """The fixture's results with summary fields changed (None removes the field)."""
    document = json.loads(RESULTS.read_text())
    document["summary"].update(summary)
    document["summary"] = {key: value for key, value in document["summary"].items() if value is not None}
    path = tmp_path / "v.json"
    path.write_text(json.dumps(document))
    return path


def report(stack_file: Path, path: Path) -> CliRun:
    return invoke("report", "--stack-file", str(stack_file), "--results", str(path))


def test_results_of_another_product_s_stack_of_the_same_name_are_refused(tmp_path: Path) -> None:
    run = report(other_product(tmp_path), RESULTS)
    assert run.code == 2 and run.stdout == "", run.stdout
    blog = tmp_path / "blog" / STACK.name
    assert run.stderr == (f"error: --results {RESULTS} holds the results of zone example.com (stack handover), but "
                          f"this report is for example.net (stack handover, {blog}); pass example.net's results "
                          f"file, or run `launchready validate --stack-file {blog} --format json -o FILE`\n")


@pytest.mark.timeout(30)
def test_validate_s_own_json_is_refused_for_another_product(tmp_path: Path) -> None:
    """The QA case end to end: validate's real output for one product, given to another's report."""
    path = tmp_path / "shop.json"
    invoke("validate", "--stack-file", str(STACK), "--only", "dns", "--resolver", "127.0.0.1:9",
           "--authoritative", "127.0.0.1:9", "--timeout", "0.1", "--deadline", "2", "--format", "json",
           "--output", str(path))
    assert json.loads(path.read_text())["summary"]["zone"] == "example.com"
    run = report(other_product(tmp_path), path)
    assert run.code == 2 and "holds the results of zone example.com" in run.stderr, run.stderr
    assert report(STACK, path).code == 0


@pytest.mark.parametrize("written", ["EXAMPLE.COM", "example.com."])
def test_the_zone_compares_as_a_dns_name(tmp_path: Path, written: str) -> None:
    run = report(STACK, results(tmp_path, zone=written))
    assert run.code == 0 and "Caution" not in run.stdout, run.stderr


@pytest.mark.parametrize("recorded", ["sk-live-SECRET0123456789abcdef", "AKIAIOSFODNN7EXAMPLE", "a b\x1b[31m"])
def test_a_recorded_zone_that_is_no_name_is_refused_unquoted(tmp_path: Path, recorded: str) -> None:
    run = report(STACK, results(tmp_path, zone=recorded))
    assert run.code == 2 and "holds the results of another zone (text of" in run.stderr, run.stderr
    assert recorded not in run.stderr and "\x1b" not in run.stderr


def test_results_written_before_the_zone_was_recorded_are_shown_with_a_caution(tmp_path: Path) -> None:
    run = report(STACK, results(tmp_path, zone=None))
    assert run.code == 0, run.stderr
    glance = run.stdout.split("## At a glance")[1].split("\n## ")[0]
    assert ("Caution: these results record no zone (an older launchready wrote them), so only their findings' "
            "names show they are example.com's") in glance


def test_old_results_whose_findings_are_all_outside_the_zone_are_refused(tmp_path: Path) -> None:
    run = report(other_product(tmp_path), results(tmp_path, zone=None))
    assert run.code == 2 and run.stdout == "", run.stdout
    assert "records no zone (an older launchready wrote it), and none of its findings is about example.net" \
        in run.stderr, run.stderr
    assert "--stack-file" in run.stderr
