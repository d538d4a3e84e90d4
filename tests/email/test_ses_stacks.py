"""`launchready email ses` over several stacks (--stack repeated, --all-stacks, --project-dir repeated)
against moto's SES server on loopback: one client, a block per stack, one line for the run, and a stack
that is broken, unwritable, refused by SES or shares a zone is its own block (exit 2) while the others
are still set up."""

from __future__ import annotations

import errno
import tempfile
from pathlib import Path
from typing import Any

import boto3
import pytest
from typer.testing import CliRunner

from launchready.aws import ses as ses_api
from launchready.cli import app
from launchready.core.stack import load_stack
from tests.email.aws import FAKE_ENV

RUNNER = CliRunner()
NEXT = "next: `launchready plan` shows the DKIM CNAMEs and MAIL FROM records; `pulumi up` creates them"


def project(folder: Path, **zones: str) -> Path:
    """A project folder with a stack file per NAME=zone, each one that plans once SES is set up."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Pulumi.yaml").write_text("name: launchready\nruntime: python\n")
    for name, zone in zones.items():
        (folder / f"Pulumi.{name}.yaml").write_text(
            f"# {name} stack\nconfig:\n  launchready:domain:\n    zone: {zone}  # the zone\n"
            "    origin: {ipv4: [192.0.2.1]}\n    hosts: {apex: {}, www: {}}\n    email:\n      send: [ses]\n")
    return folder


def run(endpoint: str, *args: str) -> tuple[int, str, str]:
    result = RUNNER.invoke(app, ["email", "ses", "--region", "eu-west-1", "--endpoint-url", endpoint, *args])
    return result.exit_code, result.stdout, result.stderr


def identities(endpoint: str) -> list[str]:
    client = boto3.client("ses", region_name="eu-west-1", endpoint_url=endpoint)
    return sorted(client.list_identities()["Identities"])


def tokens(path: Path) -> tuple[str, ...]:
    [sender] = load_stack(path).spec.email.send  # type: ignore[union-attr]
    return tuple(sender.dkim_tokens)  # type: ignore[union-attr]


def held_tokens(endpoint: str, zone: str) -> tuple[str, ...]:
    client = boto3.client("ses", region_name="eu-west-1", endpoint_url=endpoint)
    return tuple(client.get_identity_dkim_attributes(Identities=[zone])["DkimAttributes"][zone]["DkimTokens"])


def test_two_stacks_are_set_up_through_one_client(tmp_path: Path, ses_endpoint: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = project(tmp_path / "shop", prod="example.net", staging="staging.example.net")
    made = []
    real_client = ses_api.client

    def counted(*args: Any, **kwargs: Any) -> Any:
        made.append(args)
        return real_client(*args, **kwargs)

    monkeypatch.setattr(ses_api, "client", counted)
    code, out, err = run(ses_endpoint, "--stack", "prod", "--stack", "staging", "--project-dir", str(folder))
    assert code == 0, out + err
    assert len(made) == 1  # one client, the same --region and --endpoint-url for every stack
    assert identities(ses_endpoint) == ["example.net", "staging.example.net"]
    for name, zone in (("prod", "example.net"), ("staging", "staging.example.net")):
        path = folder / f"Pulumi.{name}.yaml"
        assert tokens(path) == held_tokens(ses_endpoint, zone)
        assert path.read_text().startswith(f"# {name} stack\n") and "# the zone" in path.read_text()
        assert (f"== {name}: {zone} ({path.as_posix()}) ==\n"
                f"SES identity {zone} in eu-west-1: created, Easy DKIM on, MAIL FROM mail.{zone}\n"
                f"wrote region, mail_from and 3 DKIM tokens to {path}\n{NEXT}\n\n") in out
    assert out.index("== prod") < out.index("== staging")
    assert out.endswith("PASS launchready email ses: 2 stacks (2 pass), exit code 0; 2 stack(s) set up in SES, "
                        "0 failed\n")


def test_all_stacks_of_several_projects(tmp_path: Path, ses_endpoint: str) -> None:
    shop = project(tmp_path / "shop", prod="example.net")
    blog = project(tmp_path / "blog", prod="example.org", dev="dev.example.org")
    code, out, err = run(ses_endpoint, "--all-stacks", "--project-dir", str(shop), "--project-dir", str(blog))
    assert code == 0, out + err
    assert identities(ses_endpoint) == ["dev.example.org", "example.net", "example.org"]
    assert all(len(tokens(path)) == 3 for path in [*shop.glob("Pulumi.*.yaml"), *blog.glob("Pulumi.*.yaml")]
               if path.name != "Pulumi.yaml")
    assert f"== {shop.as_posix()}/prod: example.net" in out and f"== {blog.as_posix()}/prod: example.org" in out
    assert "== dev: dev.example.org" in out and "3 stack(s) set up in SES, 0 failed" in out


def test_a_broken_or_unwritable_stack_is_its_own_block_and_the_others_are_written(
        tmp_path: Path, ses_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    shop = project(tmp_path / "shop", prod="example.net", staging="staging.example.net")
    (shop / "Pulumi.broken.yaml").write_text("config:\n  launchready:domain:\n    zone: [1]\n")
    locked = project(tmp_path / "locked", prod="example.org")
    locked_before = (locked / "Pulumi.prod.yaml").read_text()
    real_mkstemp = tempfile.mkstemp

    def refused_in_locked(*args: Any, **kwargs: Any) -> Any:
        if Path(kwargs.get("dir") or ".").resolve() == locked.resolve():
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refused_in_locked)
    code, out, err = run(ses_endpoint, "--all-stacks", "--project-dir", str(shop), "--project-dir", str(locked))
    assert code == 2, out + err
    assert f"== broken ({(shop / 'Pulumi.broken.yaml').as_posix()}) ==\nerror: " in out
    assert "zone: should be the zone's name" in out
    assert f"cannot write {locked / 'Pulumi.prod.yaml'}: Permission denied" in out
    assert identities(ses_endpoint) == ["example.net", "staging.example.net"]  # refused before any SES call
    assert len(tokens(shop / "Pulumi.prod.yaml")) == 3 and len(tokens(shop / "Pulumi.staging.yaml")) == 3
    assert (locked / "Pulumi.prod.yaml").read_text() == locked_before
    assert out.endswith("FAIL launchready email ses: 4 stacks (2 pass, 2 bad input), exit code 2; "
                        "2 stack(s) set up in SES, 2 failed\n")


def test_an_ses_refusal_for_one_stack_leaves_its_file_and_the_others_go_on(
        tmp_path: Path, ses_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    shop = project(tmp_path / "shop", a="example.net", b="example.org")
    before = (shop / "Pulumi.a.yaml").read_text()
    real_ensure = ses_api.ensure_identity

    def refusing(client: Any, domain: str) -> ses_api.SesIdentity:
        if domain == "example.net":
            raise ses_api.SesError("Amazon SES (eu-west-1) refused verify_domain_dkim: AccessDenied")
        return real_ensure(client, domain)

    monkeypatch.setattr(ses_api, "ensure_identity", refusing)
    code, out, err = run(ses_endpoint, "--all-stacks", "--project-dir", str(shop))
    assert code == 2, out + err
    assert "== a: example.net" in out and "error: Amazon SES (eu-west-1) refused verify_domain_dkim" in out
    assert (shop / "Pulumi.a.yaml").read_text() == before and len(tokens(shop / "Pulumi.b.yaml")) == 3


def test_two_stacks_with_one_zone_are_both_refused_before_any_ses_call(tmp_path: Path, ses_endpoint: str) -> None:
    shop = project(tmp_path / "shop", prod="example.net", copy="Example.NET.")
    before = {path: path.read_text() for path in shop.iterdir()}
    code, out, err = run(ses_endpoint, "--all-stacks", "--project-dir", str(shop))
    assert code == 2, out + err
    prod, copy = shop / "Pulumi.prod.yaml", shop / "Pulumi.copy.yaml"
    assert f"error: {prod}: zone example.net is also declared by {copy}" in out
    assert f"error: {copy}: zone example.net is also declared by {prod}" in out
    assert identities(ses_endpoint) == []
    assert {path: path.read_text() for path in shop.iterdir()} == before
    assert "0 stack(s) set up in SES, 2 failed" in out


def test_one_stack_named_once_prints_as_it_always_did(tmp_path: Path, ses_endpoint: str) -> None:
    shop = project(tmp_path / "shop", prod="example.net", staging="staging.example.net")
    path = shop / "Pulumi.prod.yaml"
    code, out, err = run(ses_endpoint, "--stack", "prod", "--project-dir", str(shop))
    assert (code, err) == (0, "")
    assert out == ("SES identity example.net in eu-west-1: created, Easy DKIM on, MAIL FROM mail.example.net\n"
                   f"wrote region, mail_from and 3 DKIM tokens to {path}\n{NEXT}\n")
    assert identities(ses_endpoint) == ["example.net"]


def test_no_aws_secret_is_printed_when_every_call_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in FAKE_ENV.items():
        monkeypatch.setenv(name, value)
    shop = project(tmp_path / "shop", a="example.net", b="example.org")
    code, out, err = run("http://127.0.0.1:9", "--all-stacks", "--project-dir", str(shop))
    assert code == 2 and out.count("EndpointConnectionError") == 2
    for secret in FAKE_ENV.values():
        assert secret not in out + err


def test_help_says_several_stacks_share_one_client() -> None:
    result = RUNNER.invoke(app, ["email", "ses", "--help"], env={"COLUMNS": "200", "TERM": "dumb"})
    assert result.exit_code == 0
    assert "--all-stacks" in result.stdout and "one client serves them all" in result.stdout
