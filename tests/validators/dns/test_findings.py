"""Every DNS finding id, produced by a real server on loopback misbehaving in one way."""

from __future__ import annotations

import asyncio
import socket

import dns.zone

from launchready.core.plan import build_plan
from launchready.sandbox.dns import ZoneData, zone_from_plan
from tests.validators.dns.conftest import checks, endpoint, errors, run_check
from validators.context import CheckContext
from validators.dns import observe, verdicts
from validators.endpoints import Endpoint


def test_correct_servers_pass_and_list_what_was_verified(staging_stack, staging_plan, start_server):
    resolver, authoritative = start_server(), start_server(address="127.0.0.2")
    findings = run_check(staging_stack, staging_plan, [resolver], [authoritative])
    assert errors(findings) == []
    verified = checks(findings, "info")
    assert {"dns.answer", "dns.proxied", "dns.apex_cname", "dns.soa_serial"} <= verified
    www = [f for f in findings if f.name == "www.example.net" and f.type == "A"]
    assert {f.resolver for f in www} == {str(endpoint(resolver)), str(endpoint(authoritative))}


def test_stale_resolver_is_dns_stale_with_the_ttl(staging_stack, staging_plan, start_server):
    stale, authoritative = start_server("stale"), start_server()
    findings = run_check(staging_stack, staging_plan, [stale], [authoritative])
    found = [f for f in findings if f.check == "dns.stale"]
    assert {f.name for f in found} >= {"example.net", "www.example.net", "api.example.net"}
    assert all(f.resolver == str(endpoint(stale)) for f in found)
    assert "203.0.113.10" in found[0].message and "300 s" in found[0].message
    assert "dns.proxied" not in checks(findings)  # the zone itself is right: not a proxy problem
    negative = [f for f in findings if f.check == "dns.nodata" and f.name == "www.example.net"]
    assert negative and "cached a negative answer" in negative[0].message  # the old zone had no AAAA
    assert "pulumi up" not in negative[0].message


def test_wrong_answer_everywhere_is_dns_answer_naming_expected_and_observed(staging_stack, staging_plan,
                                                                           start_server):
    drifted = staging_stack.spec.model_copy(update={"hosts": {
        **staging_stack.spec.hosts,
        "status": staging_stack.spec.hosts["status"].model_copy(update={"cname": "old-status.example.org"})}})
    server = start_server(zone=zone_from_plan(build_plan(drifted, "staging")))
    findings = run_check(staging_stack, staging_plan, [server], [server])
    wrong = [f for f in findings if f.check == "dns.answer" and f.severity.value == "error"]
    assert {(f.name, f.type) for f in wrong} == {("status.example.net", "CNAME")}
    assert wrong[0].expected == ["status.uptime.example.org"]
    assert wrong[0].observed == ["old-status.example.org"]
    assert "status.uptime.example.org" in wrong[0].message and "old-status.example.org" in wrong[0].message
    assert 'lacks the planned "status.uptime.example.org" and also answers "old-status.example.org"' in wrong[0].message


def test_a_wrong_txt_value_is_named_alone_and_quoted(staging_stack, staging_plan, start_server, staging_zone):
    """The other TXT values at the name are fine, so the message names only the one that differs."""
    spf = next(r for r in staging_plan.records if r.name == "example.net" and r.content.startswith("v=spf1"))
    edited = [r.model_copy(update={"content": "v=spf1 -all", "txt_strings": ()}) if r is spf else r
              for r in staging_plan.records]
    server = start_server(zone=zone_from_plan(staging_plan.model_copy(update={"records": tuple(edited)})))
    findings = run_check(staging_stack, staging_plan, [server], [server])
    [message] = {f.message.split(": ", 1)[1] for f in findings if f.check == "dns.answer" and f.type == "TXT"
                 and f.severity.value == "error"}
    assert message.startswith(f'lacks the planned "{spf.content}" and also answers "v=spf1 -all", which the plan')
    assert "verification" not in message


def test_unproxied_answer_on_every_server_is_dns_proxied(staging_stack, staging_plan, start_server, staging_zone):
    assert staging_zone.previous is not None
    server = start_server(zone=staging_zone.previous)  # web hosts DNS-only at an old server, everywhere
    findings = run_check(staging_stack, staging_plan, [server], [server])
    proxied = [f for f in findings if f.check == "dns.proxied" and f.severity.value == "error"]
    assert {f.name for f in proxied} >= {"www.example.net", "api.example.net"}
    assert "203.0.113.10" in proxied[0].message and "dns.stale" not in checks(findings)


def test_origin_leak(staging_stack, staging_plan, start_server):
    leaky = start_server("origin-leak")  # the zone itself answers the origin: resolver and authoritative
    findings = run_check(staging_stack, staging_plan, [leaky], [leaky])
    leaks = {(f.name, f.type): f for f in findings if f.check == "dns.origin_leak" and "@ resolver" in f.message}
    assert "192.0.2.50" in leaks[("www.example.net", "A")].message
    assert "2001:db8::50" in leaks[("example.net", "AAAA")].message
    assert "staging-app.paas.example.org" in leaks[("app.example.net", "A")].message  # the CNAME target
    assert all(f.resolver == str(endpoint(leaky)) for f in leaks.values())


def test_apex_cname(staging_stack, staging_plan, start_server):
    # A parent zone that answers example.net with a CNAME, as a misconfigured server would.
    parent = dns.zone.from_text(
        "@ 3600 IN SOA ns.net. h.net. 1 2 3 4 5\n@ 3600 IN NS ns.net.\n"
        "example.net. 300 IN CNAME edge.example.org.\nwww.example.net. 300 IN CNAME edge.example.org.\n",
        origin="net.", relativize=True)
    server = start_server(zone=ZoneData(parent))
    findings = run_check(staging_stack, staging_plan, [server], [])
    apex = [f for f in findings if f.check == "dns.apex_cname" and f.severity.value == "error"]
    assert {f.type for f in apex} == {"CNAME", "A", "AAAA"}
    assert all("edge.example.org" in f.message for f in apex)


def test_soa_serial_disagreement_names_the_lagging_server(staging_stack, staging_plan, start_server):
    current, lagging = start_server(), start_server("stale")
    findings = run_check(staging_stack, staging_plan, [], [current, lagging])
    serial = {f.resolver: f for f in findings if f.check == "dns.soa_serial"}
    assert serial[str(endpoint(current))].severity.value == "info"
    behind = serial[str(endpoint(lagging))]
    assert behind.severity.value == "error" and (behind.expected, behind.observed) == (2026110101, 2026110100)
    assert str(endpoint(current)) in behind.message


def test_silent_server_is_one_timeout_finding(staging_stack, staging_plan, start_server):
    silent, good = start_server("silent"), start_server()
    findings = run_check(staging_stack, staging_plan, [silent, good], [good], timeout=0.3)
    timeouts = [f for f in findings if f.check == "dns.timeout"]
    assert len(timeouts) == 1 and timeouts[0].resolver == str(endpoint(silent))
    assert "did not answer all" in timeouts[0].message and silent.queries > 0


def test_servfail_and_refused_resolvers(staging_stack, staging_plan, start_server):
    servfail, refused = start_server("servfail"), start_server("refused")
    findings = run_check(staging_stack, staging_plan, [servfail, refused], [])
    by_check = {f.check: f for f in errors(findings)}
    assert by_check["dns.servfail"].resolver == str(endpoint(servfail))
    assert by_check["dns.refused"].resolver == str(endpoint(refused))
    assert "--resolver" in by_check["dns.refused"].message


def test_nxdomain_and_nodata(staging_stack, staging_plan, start_server, staging_zone):
    nxdomain = start_server("nxdomain")
    assert staging_zone.previous is not None
    previous = start_server(zone=staging_zone.previous)  # has no AAAA for www: NODATA
    findings = run_check(staging_stack, staging_plan, [nxdomain, previous], [previous])
    nx = [f for f in findings if f.check == "dns.nxdomain"]
    assert nx and all(f.resolver == str(endpoint(nxdomain)) for f in nx)
    nodata = {(f.name, f.type) for f in findings if f.check == "dns.nodata"}
    assert ("www.example.net", "AAAA") in nodata


def test_lame_authoritative_without_aa_and_refusing(staging_stack, staging_plan, start_server):
    no_aa, refusing = start_server("lame"), start_server("refused")
    findings = run_check(staging_stack, staging_plan, [], [no_aa, refusing])
    lame = {f.resolver: f.message for f in findings if f.check == "dns.lame"}
    assert "without the AA flag" in lame[str(endpoint(no_aa))]
    assert "refused" in lame[str(endpoint(refusing))]
    assert "dns.refused" not in checks(findings)  # an authoritative REFUSED is reported once, as lame


def test_truncated_udp_is_retried_over_tcp(staging_stack, staging_plan, start_server):
    truncating = start_server("truncate")
    ctx = CheckContext(plan=staging_plan, spec=staging_stack.spec, resolvers=(endpoint(truncating),),
                       authoritative=(endpoint(truncating),), timeout=0.5)
    run = asyncio.run(observe(ctx))
    assert all(obs.answer.truncated_retry for obs in run.observations)
    assert errors(verdicts(run)) == []


def test_unusable_reply_is_dns_error(staging_stack, staging_plan, start_server):
    formerr = start_server("formerr")
    findings = run_check(staging_stack, staging_plan, [formerr], [])
    assert checks(findings) == {"dns.error"}
    assert "FORMERR" in errors(findings)[0].message and str(endpoint(formerr)) in errors(findings)[0].message


def test_closed_port_costs_one_timeout(staging_stack, staging_plan):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        closed = Endpoint("127.0.0.1", probe.getsockname()[1])
    findings = run_check(staging_stack, staging_plan, [closed], [], timeout=0.2)
    assert checks(findings) == {"dns.timeout"}


def test_ns_discovery_finds_the_nameservers_and_asks_them_directly(staging_stack, staging_plan, start_server):
    authoritative = start_server(address="127.0.0.2")
    resolver = start_server(zone=zone_from_plan(staging_plan, nameservers={"ns1.example.net": ("127.0.0.2",)}))
    findings = run_check(staging_stack, staging_plan, [resolver], [], nameserver_port=authoritative.port)
    found = [f for f in findings if f.check == "dns.ns_discovery"]
    assert found[0].severity.value == "info" and "ns1.example.net (127.0.0.2)" in found[0].message
    assert any(f.resolver == str(endpoint(authoritative)) and f.check == "dns.soa_serial" for f in findings)
    assert errors(findings) == []


def test_ns_discovery_failure_is_a_warning_and_resolver_checks_still_run(staging_stack, staging_plan,
                                                                         start_server):
    refusing = start_server("refused")
    findings = run_check(staging_stack, staging_plan, [refusing], [])
    found = [f for f in findings if f.check == "dns.ns_discovery"]
    assert len(found) == 1 and found[0].severity.value == "warning"
    assert "--authoritative" in found[0].message
    assert "dns.refused" in checks(findings)


def caa_variant(stack, issuers):
    spec = stack.spec.model_copy(update={"caa": stack.spec.caa.model_copy(update={"issuers": issuers})})
    return zone_from_plan(build_plan(spec, "staging"))


def test_missing_planned_caa_is_an_error(staging_stack, staging_plan, start_server):
    server = start_server(zone=caa_variant(staging_stack, ("letsencrypt.org",)))
    findings = run_check(staging_stack, staging_plan, [server], [server])
    caa = [f for f in errors(findings) if f.type == "CAA"]
    assert len(caa) == 2 and {f.check for f in caa} == {"dns.answer"} and '0 issue "pki.goog"' in caa[0].message


def test_unplanned_caa_that_cloudflare_does_not_add_is_a_warning(staging_stack, staging_plan, start_server):
    issuers = (*staging_stack.spec.caa.issuers, "ca.example.org")
    server = start_server(zone=caa_variant(staging_stack, issuers))
    findings = run_check(staging_stack, staging_plan, [server], [server])
    caa = [f for f in findings if f.type == "CAA"]
    assert {f.severity.value for f in caa} == {"warning"} and "ca.example.org" in caa[0].message
    assert errors(findings) == []


def test_an_extra_value_beside_every_planned_one_is_declared_or_deleted_not_applied() -> None:
    from validators.dns.judge import difference

    extra_only = difference(("v=spf1 -all",), ("v=spf1 -all", "google-site-verification=abc123"))
    assert '"google-site-verification=abc123", which the plan does not declare' in extra_only
    assert "pulumi up` leaves records it does not manage" in extra_only and "apply the plan" not in extra_only
    assert difference(("a",), ()) == 'lacks the planned "a"; apply the plan with `pulumi up`'
    changed = difference(("a",), ("b",))
    assert "apply the plan with `pulumi up`" in changed and "does not manage" in changed
