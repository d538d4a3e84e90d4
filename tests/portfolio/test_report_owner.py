"""`report --all-stacks --results FILE`: a section is a stack's proof only when its `zone` and `file` are
that stack's. Every product has a `prod` and a `staging`, so keys alone match another product's results
(QA: blog's handover listed shop.test's findings)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.clirun import CliRun, invoke
from tests.portfolio.conftest import write_project
from tests.portfolio.test_report_results import section


def results(stacks: dict[str, Any]) -> str:
    Path("v.json").write_text(json.dumps({"schema_version": 1, "ok": False, "exit_code": 1, "stacks": stacks}))
    return "v.json"


def report(*args: str) -> CliRun:
    return invoke("report", "--all-stacks", *args, "--results", "v.json")


def products() -> None:
    """Two products with the same stack names on their own zones, as QA's shop and blog."""
    write_project(Path("shop"), {"staging": "shop-staging.test", "prod": "shop.test"})
    write_project(Path("blog"), {"staging": "blog-staging.test", "prod": "blog.test"})


def validated(product: str, stack: str, zone: str, **fields: Any) -> dict[str, Any]:
    """What `validate --all-stacks --project-dir PRODUCT` writes for one stack."""
    finding = {"check": "dns.answer", "severity": "info", "name": f"www.{zone}", "message": "as planned"}
    return {**section(stack), "file": f"{product}/Pulumi.{stack}.yaml", "zone": zone, "exit_code": 0,
            "ok": True, "findings": [finding], "summary": {"stack": stack, "zone": zone, "families": ["dns"]},
            **fields}


def shop_results() -> str:
    return results({"prod": validated("shop", "prod", "shop.test"),
                    "staging": validated("shop", "staging", "shop-staging.test")})


def test_another_product_s_results_are_refused_for_every_stack(project: Path) -> None:
    products()
    shop_results()
    run = report("--project-dir", "blog")
    assert run.code == 2, run.stdout
    assert "www.shop.test" not in run.stdout and "as planned" not in run.stdout
    prod = run.stdout.split("## prod (`blog/Pulumi.prod.yaml`)")[1].split("\n## ")[0]
    assert ("> error: --results v.json (stack prod) holds the results of zone shop.test (stack prod), but this "
            "report is for blog.test (stack prod, blog/Pulumi.prod.yaml); pass blog.test's results file, or run "
            "`launchready validate --stack-file blog/Pulumi.prod.yaml --format json -o FILE`") in prod
    assert "| `staging` | blog-staging.test | BAD INPUT | --results v.json (stack staging) holds the results of " \
           "zone shop-staging.test" in run.stdout


def test_the_product_s_own_results_are_shown(project: Path) -> None:
    products()
    shop_results()
    run = report("--project-dir", "shop")
    assert run.code == 0, run.stdout
    assert "www.shop.test" in run.stdout and "Caution" not in run.stdout


def test_a_section_of_the_same_zone_from_another_stack_file_is_refused(project: Path) -> None:
    """Two folders declaring one zone (a product moved): the zone matches, the checked plan is another's."""
    products()
    results({"prod": validated("old-shop", "prod", "shop.test"),
             "staging": validated("shop", "staging", "shop-staging.test")})
    run = report("--project-dir", "shop")
    assert run.code == 2
    assert ("--results v.json (stack prod) was validated from old-shop/Pulumi.prod.yaml, but this report is for "
            "shop.test (stack prod, shop/Pulumi.prod.yaml)") in run.stdout
    assert "| `staging` | shop-staging.test | PASS |" in run.stdout


def test_a_section_validated_from_another_folder_is_the_same_file(project: Path, tmp_path: Path) -> None:
    """validate ran one folder up (`work/shop/...`) or wrote an absolute path: still shop's stack file."""
    products()
    above = f"{tmp_path.name}/shop/Pulumi.prod.yaml"
    results({"prod": validated("shop", "prod", "shop.test", file=above),
             "staging": validated("shop", "staging", "shop-staging.test",
                                  file=str(tmp_path / "shop" / "Pulumi.staging.yaml"))})
    run = report("--project-dir", "shop")
    assert run.code == 0, run.stdout


def test_an_older_section_without_a_summary_zone_uses_the_section_s_zone(project: Path) -> None:
    products()
    old = validated("shop", "prod", "shop.test", summary={"stack": "prod", "families": ["dns"]})
    results({"prod": old, "staging": validated("shop", "staging", "shop-staging.test")})
    assert report("--project-dir", "shop").code == 0
    results({"prod": old, "staging": validated("shop", "staging", "shop-staging.test")})
    assert report("--project-dir", "blog").code == 2


def test_a_section_without_any_zone_is_shown_with_a_caution_or_refused_by_its_findings(project: Path) -> None:
    products()
    bare = {key: value for key, value in validated("shop", "prod", "shop.test").items() if key not in ("zone", "file")}
    bare["summary"] = {"stack": "prod", "families": ["dns"]}
    results({"prod": bare})
    run = report("--project-dir", "shop")
    assert "Caution: these results record no zone" in run.stdout and run.code == 0, run.stdout
    run = report("--project-dir", "blog")
    assert run.code == 2 and "none of its findings is about blog.test" in run.stdout, run.stdout


def test_a_hostile_zone_or_file_is_never_echoed(project: Path) -> None:
    products()
    results({"prod": validated("shop", "prod", "AKIAIOSFODNN7EXAMPLE"),
             "staging": validated("shop", "staging", "shop-staging.test", file="AKIAIOSFODNN7EXAMPLE/x")})
    run = report("--project-dir", "shop")
    assert run.code == 2 and "AKIAIOSFODNN7EXAMPLE" not in run.stdout + run.stderr, run.stdout
    assert "another zone (text of 20 characters)" in run.stdout and "validated from another file" in run.stdout


def test_a_section_whose_summary_names_another_zone_is_refused(project: Path) -> None:
    """The section's `zone` edited to this stack's while its summary (and findings) stay shop's."""
    products()
    results({"prod": validated("blog", "prod", "blog.test", summary={"stack": "prod", "zone": "shop.test"})})
    run = report("--project-dir", "blog")
    assert run.code == 2 and "holds the results of zone shop.test (stack prod)" in run.stdout, run.stdout


def test_a_section_zone_that_is_not_text_is_bad_input(project: Path) -> None:
    products()
    results({"prod": {**validated("shop", "prod", "shop.test"), "zone": ["shop.test"]}})
    run = report("--project-dir", "shop")
    assert run.code == 2 and "--results v.json (stack prod): zone: Input should be a valid string" in run.stderr
