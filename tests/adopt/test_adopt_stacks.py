"""`launchready adopt --from-cloudflare` over several stacks in one run, against the Cloudflare API
stand-in on loopback: each stack's section says what its one-stack run says, --output is a folder of
import files, a stack whose zone is missing or whose rules would be lost is its own verdict, and every
request of the run goes through one limiter."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from launchready.cfapi import limiter
from launchready.cli import app
from tests.adopt.conftest import SPEC, ZONE_FILE, write_project
from tests.adopt.test_adopt_rules import REDIRECT
from tests.adopt.test_from_cloudflare import CANARY, RECORDS, ZONE_ID, check_import_file
from tests.cloudflare_standin import CloudflareStandIn, serve

ORG_ZONE_ID = "9a7806ca2a8e4c1c9e0e6a2a4d2f4b11"
runner = CliRunner()


def seed(standin: CloudflareStandIn, zone_id: str, name: str) -> None:
    """The zone test_from_cloudflare reads, under `name`: its records (same ids on example.net)."""
    zone = standin.add_zone(zone_id, name)
    for raw in RECORDS:
        fields = {k: v for k, v in raw.items() if k not in ("zone_id", "zone_name", "proxiable")}
        fields["name"] = str(fields["name"]).replace("example.net", name)
        if zone_id != ZONE_ID:
            fields.pop("id")
        standin.add_record(zone, **fields)
    standin.add_entrypoint(zone, "http_request_dynamic_redirect", [])
    standin.add_managed(zone, "ddos_l7", "Cloudflare Managed Ruleset")


@pytest.fixture
def api() -> Iterator[tuple[CloudflareStandIn, str]]:
    standin = CloudflareStandIn(CANARY)
    seed(standin, ZONE_ID, "example.net")
    seed(standin, ORG_ZONE_ID, "example.org")
    with serve(standin) as url:
        yield standin, url


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """staging on example.net, prod on example.org."""
    directory = write_project(tmp_path / "project", SPEC)
    prod = {"config": {"launchready:domain": {**SPEC, "zone": "example.org"}}}
    (directory / "Pulumi.prod.yaml").write_text(yaml.safe_dump(prod))
    return directory


def adopt(project: Path, url: str, *args: str) -> tuple[int, str, str]:
    env = {"CLOUDFLARE_API_TOKEN": CANARY, "CLOUDFLARE_BASE_URL": url}
    result = runner.invoke(app, ["adopt", "--project-dir", str(project), *args], env=env)
    assert CANARY not in result.stdout and CANARY not in result.stderr
    return result.exit_code, result.stdout, result.stderr


BOTH = ("--stack", "staging", "--stack", "prod", "--from-cloudflare")


def test_each_section_is_its_one_stack_run(project: Path, api: Any) -> None:
    _, url = api
    code, out, err = adopt(project, url, *BOTH, "--format", "json")
    document = json.loads(out)
    assert code == 0, err
    assert list(document["stacks"]) == ["staging", "prod"]
    for stack, zone in (("staging", "example.net"), ("prod", "example.org")):
        alone_code, alone, _ = adopt(project, url, "--stack", stack, "--from-cloudflare", "--format", "json")
        section = document["stacks"][stack]
        assert (section["zone"], section["exit_code"], alone_code) == (zone, 0, 0)
        assert section["document"] == json.loads(alone)
    assert document["summary"]["stacks"] == 2 and document["summary"]["passed"] == 2


def test_all_stacks_prints_the_portfolio_table(project: Path, api: Any) -> None:
    _, url = api
    code, out, _ = adopt(project, url, "--all-stacks", "--from-cloudflare")
    assert code == 0
    header, first, second = out.splitlines()[:3]
    assert header.split()[:3] == ["stack", "zone", "result"]
    assert {first.split()[0], second.split()[0]} == {"prod", "staging"}
    assert "5 to import, 1 undeclared, 0 conflicts, 0 rules lost" in first
    assert "== staging: example.net (" in out and "Adopting example.org (from cloudflare)" in out
    assert out.rstrip().endswith("PASS launchready adopt: 2 stacks (2 pass), exit code 0")
    alone = adopt(project, url, "--stack", "prod", "--from-cloudflare")[1]
    assert alone.rstrip() in out, "the section is the one-stack report, word for word"


def test_output_folder_gets_one_import_file_per_stack(project: Path, api: Any, tmp_path: Path) -> None:
    _, url = api
    folder = tmp_path / "imports"
    code, _, err = adopt(project, url, *BOTH, "--output", str(folder))
    assert code == 0, err
    assert sorted(p.name for p in folder.iterdir()) == ["prod.json", "staging.json"]
    for stack in ("staging", "prod"):
        alone = tmp_path / f"alone-{stack}.json"
        adopt(project, url, "--stack", stack, "--from-cloudflare", "--output", str(alone))
        check_import_file(json.loads((folder / f"{stack}.json").read_text()))
        assert (folder / f"{stack}.json").read_text() == alone.read_text()
        assert f"wrote {folder / f'{stack}.json'}" in err
        assert CANARY not in (folder / f"{stack}.json").read_text()


def test_a_refused_token_is_never_printed(project: Path, api: Any) -> None:
    standin, url = api
    standin.token = "the-token-the-account-expects"
    code, out, err = adopt(project, url, *BOTH, "--format", "markdown")
    assert code == 2 and "Traceback" not in err
    assert out.count("HTTP 403: 10000: Authentication error") == 4, "a table row and a section per stack"


def test_output_that_is_a_file_is_refused(project: Path, api: Any, tmp_path: Path) -> None:
    standin, url = api
    existing = tmp_path / "import.json"
    existing.write_text("{}")
    code, out, err = adopt(project, url, *BOTH, "--output", str(existing))
    assert code == 2 and out == "" and "names a FOLDER" in err
    assert existing.read_text() == "{}" and standin.requests == [], "refused before any API call"


def test_output_below_a_file_is_refused_before_any_api_call(project: Path, api: Any, tmp_path: Path) -> None:
    standin, url = api
    (tmp_path / "afile").write_text("kept")
    code, out, err = adopt(project, url, *BOTH, "--output", str(tmp_path / "afile" / "imports"))
    assert code == 2 and out == "" and f"{tmp_path / 'afile'} is a file, not a folder" in err, err
    assert standin.requests == [], "refused before any API call"


def test_output_dash_is_refused_with_several_stacks(project: Path, api: Any) -> None:
    standin, url = api
    code, out, err = adopt(project, url, *BOTH, "--output", "-")
    assert code == 2 and out == "" and "--output - is stdout, but with several stacks" in err
    assert standin.requests == [], "refused before any API call"


def test_a_missing_zone_or_a_broken_stack_is_its_own_bad_input(project: Path, api: Any) -> None:
    standin, url = api
    del standin.zones[ORG_ZONE_ID]
    (project / "Pulumi.broken.yaml").write_text("config: [\n")
    code, out, _ = adopt(project, url, "--all-stacks", "--from-cloudflare", "--format", "json")
    stacks = json.loads(out)["stacks"]
    assert code == 2 and stacks["broken"]["exit_code"] == 2 and stacks["broken"]["zone"] is None
    assert stacks["prod"]["exit_code"] == 2 and "shows no zone named example.org" in stacks["prod"]["error"]
    assert stacks["staging"]["exit_code"] == 0 and stacks["staging"]["document"]["adopt"]


def test_a_rule_loss_in_one_stack_fails_the_run_unless_accepted(project: Path, api: Any) -> None:
    standin, url = api
    entry = next(r for r in standin.zones[ORG_ZONE_ID].rulesets.values() if r["kind"] == "zone")
    entry["rules"] = [{"id": "5f0c7a1e", "ref": "5f0c7a1e", "version": "1", "enabled": True, **REDIRECT}]
    code, out, _ = adopt(project, url, *BOTH, "--format", "markdown")
    assert code == 1
    assert "| `prod` | example.org | FAIL |" in out and "| `staging` | example.net | PASS |" in out
    assert out.index("| `prod` |") < out.index("| `staging` |"), "worst first"
    code, out, err = adopt(project, url, *BOTH, "--accept-rule-loss", "--format", "json")
    assert code == 0 and json.loads(out)["stacks"]["prod"]["document"]["lost_rules"] == ["5f0c7a1e"]
    assert "note: prod: --accept-rule-loss: the first `pulumi up` deletes 1 existing rules" in err


def test_a_zone_file_with_several_stacks_is_refused(project: Path) -> None:
    result = runner.invoke(app, ["adopt", "--project-dir", str(project), "--stack", "staging", "--stack", "prod",
                                 "--zone-file", str(ZONE_FILE)])
    assert result.exit_code == 2 and result.stdout == ""
    assert "holds one zone" in result.stderr and "--from-cloudflare" in result.stderr


def test_every_request_of_the_run_goes_through_one_limiter(project: Path, api: Any,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    standin, url = api
    shared, used = limiter.ApiLimiter(), []
    monkeypatch.setattr(limiter, "SHARED", shared)
    original = limiter.LimitedTransport.__init__

    def recording(self: limiter.LimitedTransport, chosen: limiter.ApiLimiter, *args: Any, **kwargs: Any) -> None:
        used.append(chosen)
        original(self, chosen, *args, **kwargs)

    monkeypatch.setattr(limiter.LimitedTransport, "__init__", recording)
    code, _, _ = adopt(project, url, *BOTH)
    assert code == 0
    assert len(used) == 2 and all(chosen is shared for chosen in used), "one client per stack, one limiter"
    zones = {path.split("/")[4] for _, path in standin.requests if path.count("/") > 3}
    assert zones == {ZONE_ID, ORG_ZONE_ID} and len(shared.sent) == len(standin.requests) > 8
