"""The scan finds a private key without its PEM lines (base64 DER alone), and never a public key."""

from __future__ import annotations

import base64
import datetime
import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import NameOID

from launchready.preflight.detection import Detector
from tests.email.keys import private_pem, private_rsa
from tests.preflight.conftest import git_repo, write_stack

Encoding, PrivateFormat, PublicFormat = serialization.Encoding, serialization.PrivateFormat, serialization.PublicFormat
UNARMOURED = "Private Key (base64 DER)"


def b64(der: bytes) -> str:
    return base64.b64encode(der).decode()


def private(key: Callable[[], object], form: PrivateFormat) -> str:
    made = key()
    assert isinstance(made, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey)
    return b64(made.private_bytes(Encoding.DER, form, serialization.NoEncryption()))


PRIVATE = {
    "rsa pkcs8": lambda: private(private_rsa, PrivateFormat.PKCS8),
    "rsa pkcs1": lambda: private(private_rsa, PrivateFormat.TraditionalOpenSSL),
    "ec pkcs8": lambda: private(lambda: ec.generate_private_key(ec.SECP256R1()), PrivateFormat.PKCS8),
    "ed25519 pkcs8": lambda: private(ed25519.Ed25519PrivateKey.generate, PrivateFormat.PKCS8),
}


def kinds(text: str) -> list[str]:
    with Detector() as detector:
        return [found.kind for _, found in detector.lines(text.splitlines())]


@pytest.mark.parametrize("form", sorted(PRIVATE))
@pytest.mark.parametrize("line", ["{key}", 'content: "v=DKIM1; k=rsa; p={key}"', "DKIM_PRIVATE_KEY={key}"])
def test_a_private_key_without_armour_is_found(form: str, line: str) -> None:
    assert kinds(line.format(key=PRIVATE[form]())) == [UNARMOURED]


def test_a_wrapped_private_key_body_is_found_once_on_its_first_line() -> None:
    body = "\n".join(textwrap.wrap(PRIVATE["rsa pkcs8"](), 64))
    with Detector() as detector:
        assert [(line, found.kind) for line, found in detector.lines(body.splitlines())] == [(1, UNARMOURED)]


def test_an_armoured_key_is_one_finding_not_two() -> None:
    assert kinds(private_pem()) == ["Private Key"]


def public_values() -> dict[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "example.com")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    csr = x509.CertificateSigningRequestBuilder().subject_name(name).sign(key, hashes.SHA256())
    rsa_public = private_rsa().public_key()
    return {
        "rsa spki": b64(rsa_public.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)),
        "rsa pkcs1": b64(rsa_public.public_bytes(Encoding.DER, PublicFormat.PKCS1)),
        "ec spki": b64(key.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)),
        "ed25519 spki": b64(ed25519.Ed25519PrivateKey.generate().public_key().public_bytes(
            Encoding.DER, PublicFormat.SubjectPublicKeyInfo)),
        "certificate": b64(cert.public_bytes(Encoding.DER)),
        "csr": b64(csr.public_bytes(Encoding.DER)),
        "not der": "M" + "A" * 80,
    }


def test_public_keys_certificates_and_other_base64_are_not_found() -> None:
    for name, value in public_values().items():
        assert kinds(f'content: "v=DKIM1; k=rsa; p={value}"\n{value}') == [], name


def test_preflight_reports_an_unarmoured_key_in_a_tracked_file(tmp_path: Path, clean_env: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from launchready.cli import app

    key = PRIVATE["rsa pkcs8"]()
    public = public_values()["rsa spki"]
    repo = git_repo(tmp_path / "repo", {"mail/dkim.txt": f"p={key}\n", "mail/public.txt": f"p={public}\n"})
    stack = write_stack(repo / "Pulumi.prod.yaml", {})
    result = CliRunner().invoke(app, ["preflight", "--stack-file", str(stack), "--repo", str(repo), "--format", "json"])
    hits = [f for f in json.loads(result.stdout)["findings"] if f["check"] == "preflight.credential_scan"
            and f["severity"] == "error"]
    assert [(f["location"], f["type"]) for f in hits] == [("mail/dkim.txt:1", UNARMOURED)]
    assert key[:24] not in result.output and key[-24:] not in result.output
