"""`launchready plan`: exit codes, the JSON contract, and clean errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from launchready.cli import app
from tests.conftest import ROOT

runner = CliRunner()


def plan(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["plan", "--project-dir", str(ROOT), *args])
    return result.exit_code, result.stdout, result.stderr

ORIGIN = "origin: {ipv4: [192.0.2.10]}"


def stack_file(tmp_path: Path, *lines: str) -> Path:
    """A stack file whose launchready:domain holds `lines` (YAML, relative indentation kept)."""
    path = tmp_path / "Pulumi.x.yaml"
    path.write_text("config:\n  launchready:domain:\n" + "".join(f"    {line}\n" for line in lines))
    return path



def test_json_is_the_documented_contract() -> None:
    code, out, _ = plan("--stack", "prod", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert {"zone", "records", "redirects", "cache_rules", "zone_settings"} <= set(doc)
    assert doc["zone"] == "example.com"
    for record in doc["records"]:
        assert set(record) == {"name", "type", "content", "priority", "ttl", "proxied"}
        assert not record["name"].endswith(".")
        assert isinstance(record["ttl"], int) and isinstance(record["proxied"], bool)
        assert record["priority"] is None or isinstance(record["priority"], int)
    txt = [r for r in doc["records"] if r["type"] == "TXT"]
    assert txt and all(not r["content"].startswith('"') for r in txt), "TXT content is the unquoted text"
    assert doc["zone_settings"]["ssl"] == "strict"


@pytest.mark.parametrize("stack", ["prod", "staging"])
def test_both_example_stacks_declare_the_five_web_hosts(stack: str) -> None:
    code, out, _ = plan("--stack", stack, "-f", "json")
    names = {r["name"] for r in json.loads(out)["records"]}
    zone = json.loads(out)["zone"]
    assert code == 0
    assert {zone, f"www.{zone}", f"api.{zone}", f"app.{zone}", f"admin.{zone}"} <= names


def test_text_is_a_handover_table_with_ttls() -> None:
    code, out, _ = plan("--stack", "staging")
    assert code == 0
    assert "Plan for stack staging: zone example.net, canonical https://www.example.net" in out
    assert "DNS records" in out and "Redirects" in out and "Cache rules" in out and "Zone settings" in out
    assert "auto" in out and "300s" in out and "3600s" in out


def test_markdown_has_one_table_per_section() -> None:
    code, out, _ = plan("--stack", "prod", "-f", "markdown")
    assert code == 0
    assert out.count("| name | type | content | TTL | proxy | from |") == 1
    assert "### Redirects" in out


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    code, out, _ = plan("--stack", "prod", "-f", "json", "-o", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text())["zone"] == "example.com"


def test_bad_spec_exits_2_with_every_problem(tmp_path: Path) -> None:
    bad = stack_file(tmp_path, "zone: example.com", "hosts: {apex: {}, www: {ttl: 5}}",
                     "origin: {ipv4: [192.0.2.10]}", "records: [{type: TXT, content: x, proxied: true}]")
    code, out, err = plan("--stack-file", str(bad))
    assert code == 2
    assert f"{bad}: 2 problems in launchready:domain" in err
    assert "records[0].proxied" in err and "hosts.www" in err
    assert "Traceback" not in err + out


def test_structural_problems_come_first_and_say_so(tmp_path: Path) -> None:
    bad = stack_file(tmp_path, "zone: example.com", "hosts: {apex: {}, www: {ttl: 5}}",
                     "origin: {ipv4: [192.0.2.999, 192.0.2.1000]}")
    code, _, err = plan("--stack-file", str(bad))
    assert code == 2
    assert "2 problems" in err and "origin.ipv4[0]" in err and "origin.ipv4[1]" in err
    assert "run once these are fixed" in err


@pytest.mark.parametrize(("args", "fragment"), [
    (["--stack", "nope"], "no such stack file; the stacks beside it are prod, staging (--stack NAME)"),
    ([], "name a stack with --stack"),
])
def test_missing_stack_exits_2(args: list[str], fragment: str) -> None:
    code, _, err = plan(*args)
    assert code == 2
    assert fragment in err


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "Pulumi.x.yaml"
    bad.write_text("config:\n  launchready:domain:\n    zone: [example.com\n")
    code, _, err = plan("--stack-file", str(bad))
    assert code == 2
    assert "line 4" in err or "line 3" in err


def test_missing_domain_key(tmp_path: Path) -> None:
    bad = tmp_path / "Pulumi.x.yaml"
    bad.write_text("config:\n  other:key: 1\n")
    code, _, err = plan("--stack-file", str(bad))
    assert code == 2
    assert "no config key launchready:domain" in err


def test_unknown_format_is_a_usage_error() -> None:
    code, _, err = plan("--stack", "prod", "--format", "yaml")
    assert code == 2
    assert "yaml" in err


def test_console_script_runs_as_a_user_would() -> None:
    script = Path(sys.executable).parent / "launchready"
    result = subprocess.run([str(script), "plan", "--stack", "prod", "-f", "json"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["zone"] == "example.com"


def test_problems_point_at_lines_of_the_stack_file(tmp_path: Path) -> None:
    bad = stack_file(tmp_path, "zone: example.com", ORIGIN, "hosts:", "  apex: {}", "  www: {ttl: 300}")
    code, _, err = plan("--stack-file", str(bad))
    assert code == 2
    assert "hosts.www (line 7): proxied records always use TTL 1" in err


def test_brackets_in_content_are_shown_not_read_as_markup(tmp_path: Path) -> None:
    stack = stack_file(tmp_path, "zone: example.com", ORIGIN, "hosts: {apex: {}, www: {}}",
                       "records: [{type: TXT, content: '[bold]token[/bold]'}]")
    code, out, _ = plan("--stack-file", str(stack))
    assert code == 0
    assert "[bold]token[/bold]" in out


def test_text_elides_long_content_but_json_keeps_it_whole() -> None:
    _, text, _ = plan("--stack", "prod")
    _, doc, _ = plan("--stack", "prod", "-f", "json")
    (dkim,) = [r for r in json.loads(doc)["records"] if r["name"] == "google._domainkey.example.com"]
    assert len(dkim["content"]) > 300 and dkim["content"] not in text
    assert f"… ({len(dkim['content'])} bytes)" in text
    assert "google-site-verification=rXOxyZounnZasA8Z7oaD3c14JdjS9aKSWvsR1EbUSIQ" in text


def test_cache_ttls_are_seconds_never_dns_auto(tmp_path: Path) -> None:
    stack = stack_file(tmp_path, "zone: example.com", ORIGIN, "hosts: {apex: {}, www: {}}",
                       "cache: {edge_ttl: 1, browser_ttl: 0}")
    code, out, _ = plan("--stack-file", str(stack))
    (static,) = [line for line in out.splitlines() if line.startswith("cache_static_assets")]
    assert code == 0
    assert static.split()[2:4] == ["1s", "0s"]


def test_a_key_given_twice_names_both_lines(tmp_path: Path) -> None:
    stack = stack_file(tmp_path, "zone: example.com", ORIGIN, "hosts:", "  www: {}", "  api: {}",
                       "  www: {proxied: false}")
    code, out, err = plan("--stack-file", str(stack))
    assert code == 2 and out == ""
    assert f'{stack}: line 8: the key "www" is already given on line 6 of the same mapping' in err


def test_a_self_referencing_alias_does_not_hang(tmp_path: Path) -> None:
    stack = tmp_path / "Pulumi.x.yaml"
    stack.write_text("config:\n  launchready:domain: &spec\n    zone: example.com\n    loop: *spec\n")
    code, _, err = plan("--stack-file", str(stack))
    assert code == 2 and "loop" in err


def test_markdown_rows_stay_whole_when_content_has_pipes_and_line_breaks(tmp_path: Path) -> None:
    stack = stack_file(tmp_path, "zone: example.com", ORIGIN,
                       'records: [{name: x, type: TXT, content: "one\\ntwo | three"}]')
    code, out, _ = plan("--stack-file", str(stack), "-f", "markdown")
    assert code == 0
    assert "| x | TXT | one<br>two \\| three | 3600s | DNS only | records[0] |" in out.splitlines()


