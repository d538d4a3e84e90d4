"""A credential under a wrongly typed key is never echoed: a canary token placed in every kind of
wrong place reaches no command's output on any error path (structural, cross-key, YAML reading, the
email ses edit), only its type and length."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.email.keys import private_p, private_pem
from tests.inputs.hostile import HEAD, committed, run, stack_commands
from tests.spec.test_redact import aws_key_id

CANARY = "cfat_Zx9Qm2LkP7vT4hWc8sRb3NyJd6UeAa1Gq0"  # shaped like a Cloudflare API token, not one
# Only wrong places: where the token is a valid value (a CNAME target may hold `_`), the plan shows it,
# as it shows every value the stack declares.
PLACES = {
    "zone id": f"config:\n  launchready:domain:\n    zone: {{name: example.com, id: {CANARY}}}\n",
    "zone name": f"config:\n  launchready:domain:\n    zone: {CANARY}\n",
    "host ttl": HEAD + f"    hosts: {{www: {{ttl: {CANARY}, proxied: false}}}}\n",
    "host ipv4": HEAD + f"    hosts: {{api: {{ipv4: [{CANARY}]}}}}\n",
    "record content mapping": HEAD + f"    records: [{{type: TXT, content: {{token: {CANARY}}}}}]\n",
    "record A content": HEAD + f"    records: [{{name: a, type: A, content: {CANARY}}}]\n",
    "record priority": HEAD + f"    records: [{{name: a, type: MX, content: mx.example.net, priority: {CANARY}}}]\n",
    "ssl mode": HEAD + f"    tls: {{ssl: {CANARY}}}\n",
    "hsts max age": HEAD + f"    tls: {{hsts: {{max_age: {CANARY}}}}}\n",
    "caa iodef": HEAD + f"    caa: {{iodef: {CANARY}}}\n",
    "redirect from": HEAD + f"    redirects: [{{from: {CANARY}, to: /x}}]\n",
    "redirect to": HEAD + f"    redirects: [{{from: /x, to: {CANARY}}}]\n",
    "ses region": HEAD + f"    email: {{send: [{{provider: ses, region: {CANARY}}}]}}\n",
    "dmarc rua": HEAD + f"    email: {{dmarc: {{rua: {CANARY}}}}}\n",
    "dkim key": HEAD + f"    email: {{send: [{{provider: google_workspace, dkim_key: {{k: {CANARY}}}}}]}}\n",
    "monitoring alert": HEAD + f"    monitoring: {{alerts: [{CANARY}]}}\n",
    "plan": HEAD + f"    plan: {CANARY}\n",
    "canonical": HEAD + f"    canonical: {CANARY}\n",
    "rate limit": HEAD + f"    rate_limits: {{x: {{paths: {CANARY}}}}}\n",
    "cache ttl": HEAD + f"    cache: {{edge_ttl: {CANARY}}}\n",
    "whole section": HEAD + f"    origin: {CANARY}\n",
    "a list item": HEAD + f"    cache: {{static_extensions: [{CANARY}]}}\n",
    "email section": HEAD + f"    email: {CANARY}\n",
    "email send": HEAD + f"    email: {{send: {CANARY}}}\n",
    "ambiguous number": HEAD.replace("origin:", f"x_{CANARY[:4]}: 0{'7' * 30}\n    origin:"),
}


@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize("command", sorted(stack_commands(Path("x"), Path("y"))))
def test_a_canary_in_a_wrong_place_is_never_echoed(tmp_path: Path, place: str, command: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = committed(tmp_path / "project", "Pulumi.canary.yaml", PLACES[place].encode())
    monkeypatch.chdir(path.parent)  # preflight scans the tracked files of the repository it runs in
    result = run(stack_commands(path, tmp_path)[command])
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.exit_code in (1, 2), output  # every place is wrong somehow
    assert CANARY not in output and CANARY[5:25] not in output, output


def test_a_canary_in_other_input_files_is_never_echoed(tmp_path: Path) -> None:
    """The JSON and zone-file readers' error paths: a results file, a preview document, a zone file."""
    stack = str(committed(tmp_path / "project", "Pulumi.ok.yaml", HEAD.encode()))
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"findings": [{"check": "x", "severity": CANARY, "name": "n", "message": "m"}]}))
    preview = tmp_path / "preview.json"
    preview.write_text(json.dumps({"steps": CANARY, "diagnostics": []}))
    zone = tmp_path / "export.zone"
    zone.write_text(f"$ORIGIN example.com.\nwww 300 IN A {CANARY}\n")
    for args in (["report", "--stack-file", stack, "--results", str(results)],
                 ["preview-summary", str(preview)],
                 ["adopt", "--stack-file", stack, "--zone-file", str(zone)]):
        result = run(args)
        output = result.stdout + result.stderr
        assert result.exit_code == 2 and "Traceback" not in output, output
        assert CANARY not in output and CANARY[5:25] not in output, output


def dkim_key_block(secret: str) -> str:
    """A multi-line value as a YAML block scalar: a PEM pasted as it came."""
    lines = "".join(f"            {line}\n" for line in secret.splitlines())
    return HEAD + "    email:\n      send:\n        - provider: google_workspace\n          dkim_key: |\n" + lines


KEY_PLACES: dict[str, tuple[Callable[[], str], Callable[[str], str]]] = {
    "private key in a dkim record": (lambda: private_p("pkcs8"), lambda key: HEAD + "    records: [{name: "
                                     f'google._domainkey, type: TXT, content: "v=DKIM1; k=rsa; p={key}"}}]\n'),
    "private key as dkim_key": (lambda: private_p("ec"), lambda key: HEAD + "    email: {send: [{provider: "
                                f'google_workspace, dkim_key: "{key}"}}]}}\n'),
    "pem as dkim_key": (private_pem, dkim_key_block),
    "aws key id as ses region": (aws_key_id, lambda key: HEAD + f"    email: {{send: [{{provider: ses, region: {key}, "
                                 "dkim_tokens: [abcdefghijklmnopqrstuvwxyz234567]}]}\n"),
}


@pytest.mark.parametrize("place", sorted(KEY_PLACES))
@pytest.mark.parametrize("args", [["plan"], ["preflight"], ["preflight", "--format", "json"]], ids=" ".join)
def test_a_private_key_or_an_aws_key_id_never_reaches_plan_or_preflight(tmp_path: Path, place: str, args: list[str],
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    make, stack = KEY_PLACES[place]
    secret = make()
    path = committed(tmp_path / "project", "Pulumi.canary.yaml", stack(secret).encode())
    monkeypatch.chdir(path.parent)  # preflight scans the tracked files of the repository it runs in
    result = run([*args, "--stack-file", str(path)])
    output = result.stdout + result.stderr
    assert result.exit_code in (1, 2) and "Traceback" not in output, output
    pieces = [line for line in secret.splitlines() if "-----" not in line]
    assert not [part for p in pieces for part in (p[:24], p[-24:], p[len(p) // 2:][:24]) if part in output], output
    assert "PRIVATE KEY-----" not in output and secret[:12] not in output, output
