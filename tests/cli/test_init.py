"""`launchready init`: a stack file for your own domain that plans at once, never over an existing one."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from launchready.cli import app
from launchready.core.stack import load_stack

RUNNER = CliRunner()


def init(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    result = RUNNER.invoke(app, ["init", "--project-dir", str(tmp_path), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("origin", "canonical"), [(["203.0.113.10", "2001:db8::10"], "apex"),
                                                   (["app.example.net"], "www"), (["app.example.net"], "apex")])
def test_the_written_stack_plans_and_the_next_steps_are_printed(tmp_path: Path, origin: list[str],
                                                                canonical: str) -> None:
    flags = [arg for value in origin for arg in ("--origin", value)]
    code, out, err = init(tmp_path, "--zone", "Example.ORG", "--canonical", canonical, *flags)
    assert code == 0, err
    spec = load_stack(tmp_path / "Pulumi.prod.yaml").spec
    assert spec.zone.name == "example.org" and spec.canonical == canonical
    assert "launchready plan --stack prod" in out and "pulumi up --stack prod" in out
    code, out, _ = init(tmp_path, "--zone", "example.org", *flags)
    assert code == 2  # never over an existing stack file


def test_force_replaces_and_a_project_name_is_used(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: shop\nruntime: python\n")
    (tmp_path / "Pulumi.dev.yaml").write_text("old\n")
    code, _, err = init(tmp_path, "--zone", "example.org", "--origin", "203.0.113.10", "--stack", "dev", "--force")
    assert code == 0, err
    assert "shop:domain:" in (tmp_path / "Pulumi.dev.yaml").read_text()
    assert load_stack(tmp_path / "Pulumi.dev.yaml").spec.origin.ipv4[0].compressed == "203.0.113.10"


def test_the_stack_file_is_written_where_pulumi_reads_it(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yml").write_text("name: shop\nruntime: python\nstackConfigDir: stacks\n")
    (tmp_path / "stacks").mkdir()
    code, _, err = init(tmp_path, "--zone", "example.org", "--origin", "203.0.113.10", "--stack", "dev")
    assert code == 0, err
    assert not (tmp_path / "Pulumi.dev.yaml").exists()
    assert load_stack(tmp_path / "stacks" / "Pulumi.dev.yml").spec.zone.name == "example.org"  # key shop:domain


@pytest.mark.parametrize("args", [["--zone", "example.org"], ["--zone", "not a name", "--origin", "203.0.113.1"],
                                  ["--zone", "example.org", "--origin", "203.0.113.1", "--origin", "a.example.net"],
                                  ["--zone", "example.org", "--origin", "203.0.113.1", "--canonical", "both"],
                                  ["--zone", "example.org", "--origin", "203.0.113.1", "--stack", "a/b"],
                                  ["--zone", "example.org", "--origin", "203.0.113.1", "--stack", "."],
                                  ["--zone", "example.org", "--origin", "203.0.113.1", "--stack", ".."],
                                  ["--zone", "example.org", "--origin", "203.0.113.1", "--stack", "a" * 101]])
def test_bad_arguments_write_nothing(tmp_path: Path, args: list[str]) -> None:
    code, out, err = init(tmp_path, *args)
    assert code == 2 and err.startswith("error: ") and "Traceback" not in out + err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("args", "message"), [
    (["--origin", "192.0.2.10", "--origin", "192.0.2.10"],
     "--origin 192.0.2.10 is given twice; give each address once"),
    (["--origin", "example.com"], "--origin example.com is in the zone example.com being set up"),
    (["--origin", "192.0.2.10:8080"], "holds a port (:8080); DNS has no ports: write just 192.0.2.10"),
    (["--origin", "127.0.0.1"], "127.0.0.1 is a loopback address, not reachable from the internet"),
    (["--origin", "10.0.0.1"], "10.0.0.1 is a private address"),
    (["--origin", "0.0.0.0"], "0.0.0.0 is an unspecified address"),
    (["--origin", "::ffff:192.0.2.1"], "list 192.0.2.1 as an IPv4 address instead"),
    (["--origin", "app"], '--origin "app" is one label, not a full host name'),
])
def test_origin_options_are_judged_as_options_before_anything_is_written(tmp_path: Path, args: list[str],
                                                                          message: str) -> None:
    code, out, err = init(tmp_path, "--zone", "example.com", *args)
    assert code == 2 and message in err, err
    assert "line" not in err and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("zone", "message"), [("https://example.com/", "is a URL; write just the name (example.com)"),
                                               ("1.2.3.4", "is an IP address, not a domain name"),
                                               ("example.123", "digits only")])
def test_a_zone_given_as_a_url_or_an_address_is_refused(tmp_path: Path, zone: str, message: str) -> None:
    code, _, err = init(tmp_path, "--zone", zone, "--origin", "192.0.2.10")
    assert code == 2 and message in err, err
    assert list(tmp_path.iterdir()) == []


def test_check_email_refuses_an_address_for_a_domain() -> None:
    result = RUNNER.invoke(app, ["check", "email", "1.2.3.4"])
    assert result.exit_code == 2 and "is an IP address, not a domain name" in result.stderr


@pytest.mark.parametrize("args", [
    ["--zone", "example.org", "--origin", "https://admin:hunter2secret@origin.example.net/"],
    ["--zone", "https://u:hunter2secret@example.org", "--origin", "203.0.113.1"],
    ["--zone", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYhunter2secret", "--origin", "203.0.113.1"],
    ["--zone", "example.org", "--origin", "wJalrXUtnFEMIK7MDENGbPxRfiCYhunter2secret.example.net:"],
])
def test_an_option_holding_a_credential_is_refused_without_echoing_it(tmp_path: Path, args: list[str]) -> None:
    code, out, err = init(tmp_path, *args)
    assert code == 2 and "hunter2" not in (out + err).lower() and "wjalrxutnfemi" not in (out + err).lower(), err


def steps(out: str) -> list[str]:
    """The commands of the next steps, in order."""
    lines = out.split("next:\n")[1].splitlines()
    return [line.strip().split("   ")[0] for line in lines if not line.strip().startswith("then,")]


ORDER = ["launchready plan --stack prod", "pulumi login", "export CLOUDFLARE_API_TOKEN=...",
         "launchready preflight --stack prod", "pulumi stack init prod",
         "launchready adopt --stack prod --from-cloudflare", "pulumi up --stack prod",
         "launchready validate --stack prod --wait 900"]


def test_a_folder_without_the_pulumi_project_is_told_what_is_missing(tmp_path: Path) -> None:
    code, out, err = init(tmp_path, "--zone", "example.com", "--origin", "203.0.113.10")
    assert code == 0, err
    assert (tmp_path / "Pulumi.prod.yaml").exists()  # plan, preflight and validate read it anywhere
    assert f"missing: {tmp_path} has neither Pulumi.yaml nor __main__.py, so `pulumi up` cannot run here" in out
    assert "run `launchready init` in the clone, or move Pulumi.prod.yaml into it" in out
    assert "  then, in your clone of launchready with the stack file in it:" in out
    assert steps(out) == ORDER  # the login and the token come before the preflight that checks them
    (tmp_path / "Pulumi.yaml").write_text("name: launchready\nruntime: python\n")
    _, out, _ = init(tmp_path, "--zone", "example.com", "--origin", "203.0.113.10", "--force")
    assert f"missing: {tmp_path} has no __main__.py" in out


@pytest.mark.parametrize("main", [None, "app"])
def test_in_the_project_the_next_steps_need_nothing_more(tmp_path: Path, main: str | None) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: launchready\nruntime: python\n" + (f"main: {main}/\n" if main else ""))
    program = tmp_path / (main or ".") / "__main__.py"
    program.parent.mkdir(exist_ok=True)
    program.write_text("")
    code, out, err = init(tmp_path, "--zone", "example.com", "--origin", "203.0.113.10")
    assert code == 0, err
    assert "missing:" not in out and "then, in your clone" not in out
    assert steps(out) == ORDER
