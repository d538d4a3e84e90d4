"""pr-diff.yml in a portfolio repository (docs/portfolio.md): every folder holding a Pulumi.yaml at the base or
in the merge is a product whose stacks are gated, not only the root project's (before, a change to
shop/Pulumi.prod.yaml passed the gate unseen)."""

from __future__ import annotations

import pytest

from launchready.portfolio.matrix import product_folders
from tests.diff.conftest import STAGING, Repo, stack_yaml
from tests.workflows.pr_gate import comment, diff, open_pull_request

SHOP = {**STAGING, "zone": "example.com"}
BLOG = {**STAGING, "zone": "example.org"}
NEW = {**STAGING, "zone": "alpha.test"}


def product(repo: Repo, folder: str, stack: str, spec: dict[str, object] | None) -> None:
    """Write (or, with None, delete) a product's stack file, making the product if it is new."""
    home = repo.path / folder
    home.mkdir(parents=True, exist_ok=True)
    if spec is None:
        repo.git("rm", "-q", "-r", folder)
        return
    (home / "Pulumi.yaml").write_text("name: launchready\nruntime: python\n")
    (home / f"Pulumi.{stack}.yaml").write_text(stack_yaml(spec))
    repo.git("add", folder)


def test_every_product_is_gated_including_those_the_pull_request_adds_or_deletes(repo: Repo) -> None:
    product(repo, "shop", "prod", SHOP)
    product(repo, "blog", "staging", BLOG)
    repo.commit(STAGING, "base: the root project and two products")
    repo.git("checkout", "-q", "-b", "pr")
    product(repo, "shop", "prod", {**SHOP, "records": []})
    product(repo, "blog", "staging", None)
    product(repo, "apps/new", "staging", NEW)
    repo.git("commit", "-q", "-m", "drop shop's mail, delete blog, add a product")
    repo.git("checkout", "-q", "main")
    pr = open_pull_request(repo)
    ran = diff(pr)
    assert ran.result.returncode == 0, ran.result.stderr
    text = comment(pr)
    assert "(`shop/Pulumi.prod.yaml`)" in text and "### launchready diff prod (example.com)" in text
    assert "(`blog/Pulumi.staging.yaml`)" in text and "Pulumi.staging.yaml does not exist at pull-request" in text
    assert "(`apps/new/Pulumi.staging.yaml`)" in text and "### launchready diff staging (alpha.test)" in text
    assert "`record.mx`" in text
    assert ran.outputs == {"dangerous": "true", "broken": "false"}


@pytest.mark.parametrize(("files", "found"), [
    (["Pulumi.yaml", "shop/Pulumi.yml", "shop/Pulumi.prod.yaml", "a/b/Pulumi.yaml"], {".", "shop", "a/b"}),
    ([".github/Pulumi.yaml", "node_modules/x/Pulumi.yaml", "app/.venv/Pulumi.yaml", "docs/Pulumi.yaml.md"], set()),
])
def test_product_folders_follow_the_matrix_rule(files: list[str], found: set[str]) -> None:
    assert product_folders(files) == found
