"""The server under test is hostile: its redirects, headers and DNS datagrams are attacker-chosen.

Everything runs on loopback. --connect-to maps only the stack's own hosts to the hostile server, so any
connection to another address would have to come from the follower itself, and the servers record that
it never did."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable

import anyio
import dns.message
import dns.rrset
import httpcore
import pytest

from tests.clirun import CliRun, invoke
from tests.conftest import ROOT
from tests.validators.email.crafted import serving
from tests.validators.hostile import HostileDns, HostileHttp, redirect
from validators.dnsquery import ask
from validators.endpoints import Endpoint, parse_connect_to
from validators.web.fetch import Chain, follow
from validators.web.policy import Scope
from validators.web.routing import RoutedBackend, probe_client, probe_tls_context

SCOPE = Scope("example.com", frozenset({"www.example.com"}))


def chase(server: HostileHttp, start: str = "http://www.example.com/p") -> Chain:
    rules = (parse_connect_to(f"www.example.com:80:127.0.0.1:{server.port}"),)

    async def run() -> Chain:
        async with probe_client(rules, probe_tls_context(), timeout=2) as client:
            return await follow(client, start, lambda: 2.0, rules, scope=SCOPE)
    return asyncio.run(run())


@pytest.mark.parametrize(("location", "outside"), [
    ("https://127.0.0.1:99999/x", False),
    ("https://www.example.com:0/x", False),
    ("javascript:alert(1)", False),
    ("https://www.example.com/" + "a" * 9000, False),
    ("http://169.254.169.254/latest/meta-data/", True),
    ("http://[fd00:ec2::254]/latest/meta-data/", True),
    ("https://evil.example.org/", True),
])
def test_a_bad_or_foreign_location_stops_the_chain_without_a_request(location: str, outside: bool) -> None:
    with HostileHttp(redirect(location)) as server:
        chain = chase(server)
    assert chain.stopped is not None and chain.stopped.outside_scope is outside, chain.stopped
    assert len(chain.hops) == 1 and server.hosts() == ["www.example.com"]


def test_a_redirect_to_another_loopback_port_is_never_dialled() -> None:
    with HostileHttp(redirect("http://www.example.com/")) as bystander, \
            HostileHttp(redirect(f"http://127.0.0.1:{bystander.port}/admin")) as server:
        chain = chase(server)
    assert chain.stopped is not None and "127.0.0.1" in chain.stopped.reason
    assert bystander.requests == []


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "169.254.169.254", "::1", "::ffff:127.0.0.1",
                                  "0.0.0.0", "10.0.0.1", "100.100.100.200", "224.0.0.1"])
def test_the_backend_refuses_addresses_that_are_not_public(host: str) -> None:
    with HostileHttp(redirect("/")) as bystander:
        async def dial() -> None:
            await RoutedBackend(()).connect_tcp(host, bystander.port, timeout=2)
        with pytest.raises(httpcore.ConnectError, match="not connecting"):
            asyncio.run(dial())
    assert bystander.requests == []


def test_the_address_check_applies_to_what_a_name_resolves_to(monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS rebinding: a zone name that resolves to the metadata address is refused after resolution."""
    async def rebinding(host: str, port: int, **_: object) -> list[tuple[object, ...]]:
        return [(2, 1, 6, "", ("169.254.169.254", port))]
    monkeypatch.setattr(anyio, "getaddrinfo", rebinding)

    async def dial() -> None:
        await RoutedBackend(()).connect_tcp("rebind.example.com", 80, timeout=2)
    with pytest.raises(httpcore.ConnectError, match="169.254.169.254 is link-local"):
        asyncio.run(dial())


@pytest.mark.parametrize("extra", [b"X-Filler: " + b"a" * 200_000 + b"\r\n",
                                   b"Bad Header Line " + b"A" * 3000 + b"\r\n"])
def test_huge_or_broken_headers_are_a_short_error_not_a_crash(extra: bytes) -> None:
    with HostileHttp(redirect("https://www.example.com/", extra=extra)) as server:
        chain = chase(server)
    assert chain.final.error is not None and chain.final.status is None
    assert len(chain.final.error) < 300, "a protocol error quoting the server's bytes is capped"


PAYLOAD = ("https://www.example.net/x?[click](https://evil.example/steal) ![i](https://evil.example/i.png) "
           "<img src=x onerror=alert(1)> <https://evil.example/> @octocat www.evil.example `code`|cell")


def live_markdown(text: str) -> list[str]:
    """What GitHub would render live outside code spans: links, images, HTML, autolinks, mentions."""
    outside = re.sub(r"(`+)(.+?)\1", "", text.replace("\\`", ""))
    return re.findall(r"\]\(|<img|<https?:|https?://|(?<![\w`])@octocat|(?<![\w`/])www\.evil", outside)


STAGING_HOSTS = ["example.net", "www.example.net", "api.example.net", "app.example.net", "admin.example.net",
                 "status.example.net"]


def validate_against(server: HostileHttp, fmt: str) -> CliRun:
    """validate --only http with only the staging hosts mapped to `server`: nothing else is reachable."""
    args = [f"--connect-to={host}:{port}:127.0.0.1:{server.port}" for host in STAGING_HOSTS for port in (80, 443)]
    return invoke("validate", "--project-dir", str(ROOT), "--stack", "staging", "--only", "http",
                  "--format", fmt, "--timeout", "2", *args)


@pytest.mark.parametrize(("location", "severity"), [
    ("https://127.0.0.1:99999/x", "error"), ("http://169.254.169.254/latest/meta-data/", "warning")])
def test_validate_reports_the_hop_instead_of_crashing_or_following(location: str, severity: str) -> None:
    with HostileHttp(redirect(location)) as server:
        run = validate_against(server, "json")
    assert run.code == 1
    targets = run.findings("http.redirect_target")
    assert targets and {f["severity"] for f in targets} == {severity}
    assert all(location.split("/")[2] in f["message"] for f in targets)
    assert set(server.hosts()) <= set(STAGING_HOSTS)


def test_server_text_in_a_markdown_report_is_inert() -> None:
    with HostileHttp(redirect(PAYLOAD)) as server:
        run = validate_against(server, "markdown")
    assert run.code == 1, run.stdout
    assert "evil.example" in run.stdout, "the payload is reported, as text"
    assert live_markdown(run.stdout) == []
    assert all(row.count(" | ") - row.count("\\|") <= 4 for row in run.stdout.splitlines() if row.startswith("| ")), \
        "a `|` from the server never adds a table column"


def test_the_markdown_check_can_fail() -> None:
    assert live_markdown("see [x](https://e.example) @octocat") != []


async def ask_hostile(before: Callable[[dns.message.Message], list[bytes]]) -> str:
    with HostileDns("192.0.2.1", before) as server:
        answer = await ask(Endpoint("127.0.0.1", server.port), "www.example.com", "A", timeout=2)
    return f"{answer.status} {answer.rdata}"


def spoofs(query: dns.message.Message) -> list[bytes]:
    """Garbage, an empty datagram, our question under another id, another question under our id."""
    wrong_id = dns.message.make_response(query)
    wrong_id.id = (query.id + 1) % 65536
    wrong_question = dns.message.make_response(dns.message.make_query("evil.example.org", "A"))
    wrong_question.id = query.id
    return [b"\x00garbage", b"", wrong_id.to_wire(), wrong_question.to_wire()]


def test_garbage_and_wrong_id_datagrams_are_ignored_until_the_real_answer() -> None:
    assert asyncio.run(ask_hostile(spoofs)) == "ok ('192.0.2.1',)"


def test_terminal_escapes_in_dns_text_never_reach_the_terminal() -> None:
    """A TXT record holding ESC (zone-file escape \\027) and a C1 CSI byte: the SPF error quotes the term."""
    zone = "\n".join(['example.org. 300 TXT "v=spf1 include:\\027[2J\\027]0;pwned\\007.example.org \\155 -all"',
                      'example.org. 300 MX 0 .', 'example.org. 300 TXT "v=spf1 ip4:192.0.2.1 -all"'])
    with serving("\n".join(zone.splitlines()[:2])) as endpoint:
        outputs = [invoke("check", "email", "example.org", "--resolver", str(endpoint), "-f", fmt).stdout
                   for fmt in ("text", "markdown")]
    assert all("pwned" in out for out in outputs), "the text is reported"
    assert not any(re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", out) for out in outputs)


def test_a_perfect_reply_from_another_port_is_ignored() -> None:
    """Right id, right question, wrong source port: an off-path spoofer's answer (RFC 5452 §9.1)."""
    def impostor(query: dns.message.Message) -> list[bytes]:
        forged = dns.message.make_response(query)
        forged.answer.append(dns.rrset.from_text(query.question[0].name, 300, "IN", "A", "203.0.113.66"))
        return [forged.to_wire()]

    async def run() -> str:
        with HostileDns("192.0.2.1", lambda query: [], impostor) as server:
            answer = await ask(Endpoint("127.0.0.1", server.port), "www.example.com", "A", timeout=2)
        return f"{answer.status} {answer.rdata}"
    assert asyncio.run(run()) == "ok ('192.0.2.1',)"


def test_a_refusing_first_address_falls_through_to_the_next_checked_one() -> None:
    with HostileHttp(redirect("/")) as server:
        async def dial() -> None:
            stream = await RoutedBackend(()).dial_first(["127.0.0.2", "127.0.0.1"], server.port, 2, None, None)
            await stream.aclose()
        asyncio.run(dial())


def test_junit_stays_well_formed_with_control_characters_in_observed_data() -> None:
    import xml.etree.ElementTree as ET

    from launchready.core.findings import Report, failed
    from launchready.render.report import render_junit
    finding = failed("email.spf.syntax", "example.org", "bad", observed="v=spf1 \x1b[2J\x00", expected=("a\x9b",))
    ET.fromstring(render_junit(Report.of([finding])).split("\n", 1)[1])
    assert finding.expected == ("a\ufffd",)
