"""adopt never offers a DKIM record the spec then refuses: a key record verifiers cannot use (revoked, in
testing mode, sha1 only, `v=` not first, not a tag list, a private key) or a proxied DKIM CNAME is left out
of the snippet with the spec's reason and what to do; a long key split over TXT strings is offered whole.
Round trip: the snippet is applied to the stack file and `plan` accepts it."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from typer.testing import CliRunner

from launchready.cli import app
from tests.adopt.conftest import SPEC, write_project
from tests.adopt.test_adopt_rules import apply_snippet
from tests.adopt.test_overwrites import HEAD, KEY, MAIL

runner = CliRunner()
PUBLIC = KEY.split("p=", 1)[1]
"""A 2048-bit RSA public key (the QA stack's Google Workspace key): 392 characters, over one TXT string."""
PRIVATE = base64.b64encode(ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32))).private_bytes(
    serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())).decode()
"""A private key (PKCS#8 DER) published where the public one belongs."""


def strings(text: str) -> str:
    return " ".join(f'"{text[i:i + 200]}"' for i in range(0, len(text), 200))


GOOD = {
    "split": f"split._domainkey IN TXT ( {strings('v=DKIM1; k=rsa; p=' + PUBLIC)} )\n",
    "wrapped": f'wrapped._domainkey IN TXT "v=DKIM1; p={PUBLIC[:150]}" "{PUBLIC[150:]}"\n',
    "cname": "cname._domainkey IN CNAME cname.dkim.example.org.\n",
}
AWKWARD = {
    "revoked": ('revoked._domainkey IN TXT "v=DKIM1; p="\n', "the key is revoked"),
    "testing": (f"testing._domainkey IN TXT {strings('v=DKIM1; t=y; p=' + PUBLIC)}\n", "testing mode (t=y)"),
    "sha1": (f"sha1._domainkey IN TXT {strings('v=DKIM1; h=sha1; p=' + PUBLIC)}\n", "h=sha1"),
    "order": (f"order._domainkey IN TXT {strings('k=rsa; v=DKIM1; p=' + PUBLIC)}\n", "v= must be"),
    "text": ('text._domainkey IN TXT "hello world"\n', "not a tag=value pair"),
    "private": (f'private._domainkey IN TXT "v=DKIM1; p={PRIVATE}"\n', "PRIVATE half"),
    "proxied": ("proxied._domainkey 1 IN CNAME proxied.dkim.example.org. ; cf_tags=cf-proxied:true\n", "DNS-only"),
}
ZONE = "".join(GOOD.values()) + "".join(line for line, _ in AWKWARD.values())


def adopt(tmp_path: Path, project: Path, *args: str) -> tuple[int, str]:
    zone = tmp_path / "existing.zone"
    zone.write_text(HEAD + ZONE)
    result = runner.invoke(app, ["adopt", "--stack", "staging", "--project-dir", str(project), "--zone-file",
                                 str(zone), *args])
    return result.exit_code, result.stdout


def test_every_snippet_adopt_writes_for_awkward_dkim_records_plans(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", SPEC)
    code, out = adopt(tmp_path, project, "--format", "json")
    doc: dict[str, Any] = json.loads(out)
    assert code == 0, "records the spec does not declare stay as they are"
    snippet = doc["spec_snippet"]
    assert all(f'"{selector}._domainkey"' in snippet for selector in GOOD)
    assert not any(f'"{selector}._domainkey"' in snippet for selector in AWKWARD)
    apply_snippet(project, snippet)
    result = runner.invoke(app, ["plan", "--stack", "staging", "--project-dir", str(project)])
    assert result.exit_code == 0, result.stdout + result.stderr
    code, out = adopt(tmp_path, project, "--format", "json")
    assert code == 0 and json.loads(out)["spec_snippet"] == "", "nothing is left to add"


def test_each_left_out_record_is_named_with_the_reason_and_what_to_do(tmp_path: Path) -> None:
    code, out = adopt(tmp_path, write_project(tmp_path / "project", SPEC))
    left_out = out[out.index("Not in the snippet"):]
    for selector, (_, reason) in AWKWARD.items():
        [line] = [line for line in left_out.splitlines() if f"{selector}._domainkey " in line]
        assert reason in line and "delete it" in line, line
        assert selector == "private" or "fails DKIM" in line, line
    assert code == 0


def test_a_private_key_in_the_zone_is_never_echoed(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", SPEC)
    for fmt in ("text", "json", "markdown"):
        _, out = adopt(tmp_path, project, "--format", fmt)
        assert PRIVATE[:40] not in out and PRIVATE[-40:] not in out, fmt


def test_a_private_key_at_a_planned_selector_fails_adopt_without_echoing_it(tmp_path: Path) -> None:
    """Adopted into the planned key, it is a dangerous change whose label, message and entry show its size only."""
    project = write_project(tmp_path / "project", MAIL)
    zone = tmp_path / "existing.zone"
    zone.write_text(HEAD + f'google._domainkey IN TXT "v=DKIM1; p={PRIVATE}"\n')
    outputs = {fmt: runner.invoke(app, ["adopt", "--stack", "staging", "--project-dir", str(project), "--zone-file",
                                        str(zone), "--format", fmt]) for fmt in ("text", "json", "markdown")}
    for fmt, result in outputs.items():
        assert result.exit_code == 1, fmt
        assert PRIVATE[:40] not in result.stdout and PRIVATE[-40:] not in result.stdout, fmt
    [danger] = json.loads(outputs["json"].stdout)["dangerous"]
    assert danger["rule"] == "record.dkim" and "PRIVATE half" in danger["message"]
    assert "make a new key pair at the sender" in danger["message"]
