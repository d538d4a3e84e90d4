"""`launchready email ses` writes the stack file back as it found it (a symlink stays a link, CRLF and a
UTF-8 BOM stay), refuses wrong-shaped email sections with a message, and checks that it can write before
it calls SES (a moto server on loopback counts the calls)."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import boto3
import pytest

from launchready.core.stack import load_stack
from tests.email.test_ses_command import run_ses, stack_copy


def identities(endpoint: str) -> list[str]:
    client = boto3.client("ses", region_name="eu-west-1", endpoint_url=endpoint)
    return list(client.list_identities()["Identities"])


def test_a_symlinked_stack_file_stays_a_link_to_the_edited_file(tmp_path: Path, ses_endpoint: str) -> None:
    real = stack_copy(tmp_path)
    link = tmp_path / "Pulumi.linked.yaml"
    link.symlink_to(real.name)
    code, _, err = run_ses(link, ses_endpoint)
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == real.name
    assert "region: eu-west-1" in real.read_text()


def test_crlf_line_endings_and_a_bom_are_kept(tmp_path: Path, ses_endpoint: str) -> None:
    path = stack_copy(tmp_path)
    path.write_bytes(codecs.BOM_UTF8 + path.read_text().replace("\n", "\r\n").encode())
    code, _, err = run_ses(path, ses_endpoint)
    assert code == 0, err
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert load_stack(path).spec.email is not None
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("email", ["email: [1, 2]", "email:\n      send: 7", "email: {send: [[ses]]}",
                                   "email: {send: [{provider: ses, mail_from: [1, 2]}]}",
                                   "email: {send: [{provider: ses, behavior_on_mx_failure: 7}]}"])
def test_a_wrong_shaped_email_section_is_bad_input_before_any_call(tmp_path: Path, ses_endpoint: str,
                                                                    email: str) -> None:
    path = tmp_path / "Pulumi.shape.yaml"
    path.write_text(f"config:\n  launchready:domain:\n    zone: example.com\n    {email}\n")
    code, out, err = run_ses(path, ses_endpoint)
    assert code == 2 and "Traceback" not in out + err, err
    assert "email" in err
    assert identities(ses_endpoint) == []


def test_a_folder_it_cannot_write_fails_before_ses_is_called(tmp_path: Path, ses_endpoint: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder refuses new files (as a read-only folder does for a user; root ignores chmod, so the
    refusal is made where the atomic writer creates its temporary file)."""
    import errno
    import tempfile

    def refused(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    path = stack_copy(tmp_path)
    before = path.read_text()
    monkeypatch.setattr(tempfile, "mkstemp", refused)
    code, _, err = run_ses(path, ses_endpoint)
    assert code == 2 and f"cannot write {path}: Permission denied" in err, err
    assert identities(ses_endpoint) == [] and path.read_text() == before


@pytest.mark.parametrize("send", ["ses", "{provider: ses}"])
def test_the_send_shorthands_the_spec_accepts_are_edited(tmp_path: Path, ses_endpoint: str, send: str) -> None:
    """`send: ses` is the spec's shorthand for `send: [ses]`; its own error message says to run email ses."""
    (tmp_path / "Pulumi.yaml").write_text("name: launchready\n")
    path = tmp_path / "Pulumi.short.yaml"
    path.write_text("config:\n  launchready:domain:\n    zone: example.com\n    origin: {ipv4: [192.0.2.10]}\n"
                    f"    email:\n      send: {send}\n")
    code, out, err = run_ses(path, ses_endpoint)
    assert code == 0, err
    [sender] = load_stack(path).spec.email.send  # type: ignore[union-attr]
    assert sender.provider == "ses" and len(sender.dkim_tokens) == 3  # type: ignore[union-attr]
