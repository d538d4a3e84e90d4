"""The sandbox edge as a server: real sockets on loopback, its certificates, and a clean shutdown."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import threading
import time
from pathlib import Path

import httpx
import pytest
from cryptography import x509

from launchready.core.plan import DomainPlan
from launchready.sandbox.certs import OTHER_NAME, CertVariant, SandboxCA
from launchready.sandbox.edge import Edge


def client_context(ca: SandboxCA) -> ssl.SSLContext:
    return ssl.create_default_context(cadata=ca.cert_pem.decode())


def get(edge: Edge, ca: SandboxCA, url: str) -> httpx.Response:
    """A plain httpx request aimed at the edge's port, with the Host header and SNI of `url`."""
    parsed = httpx.URL(url)
    port = edge.https_port if parsed.scheme == "https" else edge.http_port
    with httpx.Client(verify=client_context(ca)) as client:
        return client.get(parsed.copy_with(host="127.0.0.1", port=port), headers={"Host": parsed.host},
                          extensions={"sni_hostname": parsed.host})


def test_serves_the_plan_on_unprivileged_ports_and_records_sni(staging_plan: DomainPlan, ca: SandboxCA) -> None:
    with Edge(staging_plan, ca) as edge:
        assert edge.http_port > 1023 and edge.https_port > 1023 and edge.http_port != edge.https_port
        assert edge.connect_to() == (f":80:127.0.0.1:{edge.http_port}", f":443:127.0.0.1:{edge.https_port}")
        upgrade = get(edge, ca, "http://example.net/x?y=1")
        canonical = get(edge, ca, "https://example.net/x?y=1")
        page = get(edge, ca, "https://www.example.net/x?y=1")
    assert (upgrade.status_code, upgrade.headers["location"]) == (301, "https://example.net/x?y=1")
    assert (canonical.status_code, canonical.headers["location"]) == (308, "https://www.example.net/x?y=1")
    assert page.status_code == 200 and page.headers["strict-transport-security"] == "max-age=86400"
    assert [(s.scheme, s.sni, s.host) for s in edge.seen] == [
        ("http", None, "example.net"), ("https", "example.net", "example.net"),
        ("https", "www.example.net", "www.example.net")]


def test_stop_joins_every_thread_and_frees_the_ports(staging_plan: DomainPlan, ca: SandboxCA) -> None:
    before = set(threading.enumerate())
    with Edge(staging_plan, ca) as edge:
        ports = (edge.http_port, edge.https_port)
        idle = socket.create_connection(("127.0.0.1", edge.https_port))  # never starts its handshake
        get(edge, ca, "https://www.example.net/")
        started = time.monotonic()
    assert time.monotonic() - started < 2, "an idle connection must not hold up shutdown"
    idle.close()
    assert set(threading.enumerate()) <= before
    for port in ports:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is fine, a listener is not
            probe.bind(("127.0.0.1", port))
            probe.listen()


def test_silent_edge_accepts_and_never_answers(staging_plan: DomainPlan, ca: SandboxCA) -> None:
    with Edge(staging_plan, ca, faults={"silent"}) as edge:
        with socket.create_connection(("127.0.0.1", edge.http_port), timeout=2) as conn:
            conn.sendall(b"GET / HTTP/1.1\r\nHost: example.net\r\n\r\n")
            conn.settimeout(0.3)
            with pytest.raises(TimeoutError):
                conn.recv(1)
        started = time.monotonic()
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("variant", list(CertVariant))
def test_certificate_variants(ca: SandboxCA, variant: CertVariant, tmp_path: Path) -> None:
    hosts = ("example.net", "www.example.net")
    leaf = ca.issue(hosts, variant, days_left=10).leaf()
    names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    dns_names = names.get_values_for_type(x509.DNSName)
    days_left = (leaf.not_valid_after_utc - dt.datetime.now(dt.UTC)).days
    assert dns_names == ([OTHER_NAME] if variant is CertVariant.OTHER_NAME else list(hosts))
    assert (leaf.issuer == leaf.subject) is (variant is CertVariant.SELF_SIGNED)
    assert (days_left < 0) is (variant is CertVariant.EXPIRED)
    assert (0 <= days_left <= 10) is (variant is CertVariant.EXPIRING)
    bundle = ca.write_bundle(tmp_path / "ca.pem")
    assert bundle.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")


def test_legacy_tls_only_refuses_a_modern_client(staging_plan: DomainPlan, ca: SandboxCA) -> None:
    with Edge(staging_plan, ca, faults={"legacy-tls-only"}) as edge:
        raw = socket.create_connection(("127.0.0.1", edge.https_port), timeout=2)
        with raw, pytest.raises(ssl.SSLError) as refused:
            client_context(ca).wrap_socket(raw, server_hostname="example.net")
    assert "PROTOCOL_VERSION" in str(refused.value).upper()
