"""`launchready applinks` over several stacks: a section per stack headed by its key and zone, --write into
a folder per stack with the one-stack run's bytes, a bad stack on its own (exit 2), writes all or none."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from launchready.core.errors import InputError
from launchready.core.files import write_all
from launchready.portfolio.targets import StackTarget, require_distinct_folders
from tests.clirun import invoke
from tests.diff.conftest import STAGING, stack_yaml

APPS = {"hosts": ["www", "apex"], "ios": [{"team_id": "ABCDE12345", "bundle_id": "com.example.app"}],
        "android": [{"package": "com.example.app", "sha256_cert_fingerprints": [":".join(["AB"] * 32)]}]}
FILES = ("apple-app-site-association", "assetlinks.json")


def linked(zone: str) -> dict[str, Any]:
    spec = copy.deepcopy(STAGING)
    spec.update(zone=zone, app_links=APPS)
    return spec


def write_project(path: Path, stacks: dict[str, dict[str, Any]]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / "Pulumi.yaml").write_text("name: launchready\nruntime: python\n")
    for name, spec in stacks.items():
        (path / f"Pulumi.{name}.yaml").write_text(stack_yaml(spec))
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two stacks with apps on their own zones, under a relative path (stable output)."""
    monkeypatch.chdir(tmp_path)
    write_project(tmp_path / "apps", {"alpha": linked("alpha.test"), "beta": linked("beta.test")})
    return Path("apps")


def applinks(*args: str) -> tuple[int, str]:
    run = invoke("applinks", *args)
    return run.code, run.stdout


def section(stdout: str, heading: str) -> str:
    """The text of one stack's section: from its heading to the next one (or the closing verdict)."""
    rest = stdout.split(f"\n== {heading} ==\n")[1]
    return rest.split("\n\n== ")[0].split("\n\nPASS ")[0].split("\n\nFAIL ")[0]


def test_two_stacks_print_a_section_each_with_the_one_stack_documents(project: Path) -> None:
    code, stdout = applinks("--project-dir", str(project), "--stack", "alpha", "--stack", "beta")
    assert code == 0, stdout
    for name in ("alpha", "beta"):
        one = applinks("--project-dir", str(project), "--stack", name)[1]
        assert section(stdout, f"{name}: {name}.test (apps/Pulumi.{name}.yaml)") == one.rstrip("\n")
    assert stdout.endswith("PASS launchready applinks: 2 stacks (2 pass), exit code 0\n")


def test_all_stacks_takes_every_stack_file(project: Path) -> None:
    (project / "Pulumi.gamma.yaml").write_text(stack_yaml(linked("gamma.test")))
    code, stdout = applinks("--project-dir", str(project), "--all-stacks")
    assert code == 0
    assert [line.split(":")[0] for line in stdout.splitlines() if line.startswith("== ")] == \
        ["== alpha", "== beta", "== gamma"]
    assert stdout.count("# https://www.gamma.test/.well-known/assetlinks.json (application/json, ") == 1


def test_project_dir_repeated_keys_each_stack_by_its_project(project: Path) -> None:
    write_project(Path("shop"), {"alpha": linked("shop.test")})
    code, stdout = applinks("--project-dir", str(project), "--project-dir", "shop", "--stack", "alpha")
    assert code == 0
    assert "\n== apps/alpha: alpha.test (apps/Pulumi.alpha.yaml) ==\n" in stdout
    assert "\n== shop/alpha: shop.test (shop/Pulumi.alpha.yaml) ==\n" in stdout


def test_write_puts_each_stack_in_its_own_folder_with_the_one_stack_bytes(project: Path, tmp_path: Path) -> None:
    write_project(Path("shop"), {"alpha": linked("shop.test")})
    out = tmp_path / "site"
    code, stdout = applinks("--project-dir", str(project), "--project-dir", "shop", "--all-stacks", "-w", str(out))
    assert code == 0, stdout
    assert sorted(p.relative_to(out).parts[0] for p in out.iterdir()) == ["apps_alpha", "beta", "shop_alpha"]
    for key, stack, folder in (("apps_alpha", "alpha", project), ("beta", "beta", project), ("shop_alpha", "alpha",
                                                                                                  Path("shop"))):
        one = tmp_path / f"one-{key}"
        assert applinks("--project-dir", str(folder), "--stack", stack, "-w", str(one))[0] == 0
        written = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
        assert len(written) == 4 and all(p.name in FILES for p in written)
        assert all((out / key / p).read_bytes() == (one / p).read_bytes() for p in written)
        assert all(f"wrote {out / key / p}\n" in stdout for p in written)


def test_a_bad_stack_is_its_own_section_and_the_others_still_write(project: Path, tmp_path: Path) -> None:
    (project / "Pulumi.bare.yaml").write_text(stack_yaml({**STAGING, "zone": "bare.test"}))
    (project / "Pulumi.broken.yaml").write_text("config: [broken\n")
    out = tmp_path / "site"
    code, stdout = applinks("--project-dir", str(project), "--all-stacks", "--write", str(out))
    assert code == 2
    assert "stack bare declares no app_links apps" in section(stdout, "bare: bare.test (apps/Pulumi.bare.yaml)")
    assert "apps/Pulumi.broken.yaml" in section(stdout, "broken (apps/Pulumi.broken.yaml)")
    assert sorted(p.name for p in out.iterdir()) == ["alpha", "beta"]
    assert len([p for p in out.rglob("*") if p.is_file()]) == 8
    assert stdout.endswith("FAIL launchready applinks: 4 stacks (2 pass, 2 bad input), exit code 2\n")


def test_a_stack_that_cannot_write_every_file_writes_none(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    (out / "beta" / "www.beta.test" / ".well-known" / "assetlinks.json").mkdir(parents=True)  # a folder in the way
    code, stdout = applinks("--project-dir", str(project), "--all-stacks", "--write", str(out))
    assert code == 2
    assert "cannot write" in section(stdout, "beta: beta.test (apps/Pulumi.beta.yaml)")
    assert [p for p in (out / "beta").rglob("*") if p.is_file()] == []
    assert len([p for p in (out / "alpha").rglob("*") if p.is_file()]) == 4


def test_duplicate_zones_are_refused_naming_both_files(project: Path) -> None:
    (project / "Pulumi.gamma.yaml").write_text(stack_yaml(linked("alpha.test")))
    code, stdout = applinks("--project-dir", str(project), "--all-stacks")
    assert code == 2
    assert "zone alpha.test is also declared by apps/Pulumi.gamma.yaml" in stdout
    assert "zone alpha.test is also declared by apps/Pulumi.alpha.yaml" in stdout
    assert "== beta: beta.test (apps/Pulumi.beta.yaml) ==\n# https://" in stdout


def test_write_all_puts_back_what_it_replaced_when_a_later_file_fails(tmp_path: Path) -> None:
    kept, new, blocked = tmp_path / "kept.json", tmp_path / "new" / "file.json", tmp_path / "blocked"
    kept.write_bytes(b"old")
    blocked.mkdir()
    with pytest.raises(OSError) as failed:
        write_all({kept: b"fresh", new: b"fresh", blocked: b"fresh"})
    assert failed.value.filename == str(blocked)
    assert kept.read_bytes() == b"old" and not new.exists()


def test_stack_folders_stay_inside_and_never_collide() -> None:
    def target(key: str) -> StackTarget:
        return StackTarget(key, key.rsplit("/")[-1], Path(f"{key}.yaml"), Path("."))

    assert [target(k).folder for k in ("/srv/shop/prod", "../blog/prod", "..", "prod")] == \
        ["_srv_shop_prod", ".._blog_prod", "__", "prod"]
    with pytest.raises(InputError, match="would both write to the name a_b_prod in --write"):
        require_distinct_folders((target("a_b/prod"), target("a/b_prod")))
