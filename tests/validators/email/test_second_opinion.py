"""A second opinion on the SPF verdicts: pyspf (a test-only dependency, the reference implementation
of RFC 7208 by its co-author's project) evaluates the same crafted zones through the same loopback
server. Where our checks say a receiver would answer permerror, pyspf must answer permerror, and the
other way round.

pyspf resolves through dnspython's module-level `dns.resolver.query`, so for the length of one
evaluation dnspython's default resolver is set to a loopback-only Resolver and then restored.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import dns.resolver
import pytest

from tests.validators.email.crafted import findings_for, serving, txt
from validators.email.expect import for_domain
from validators.endpoints import Endpoint

spf_library = pytest.importorskip("spf", reason="pyspf is in the dev extra")

D = "example.com"
CLIENT = "203.0.113.99"  # matches no mechanism, so every term is evaluated
PERMERROR_CHECKS = {"email.spf.record", "email.spf.syntax", "email.spf.lookups", "email.spf.void", "email.spf.loop",
                    "email.spf.include"}

ZONES = {
    "sound": [txt(D, "v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all"),
              txt("_spf.example.net", "v=spf1 ip4:198.51.100.0/24 ~all")],
    "over ten through nested includes": [
        txt(D, "v=spf1 include:m1.example.net include:m2.example.net -all"),
        txt("m1.example.net", "v=spf1 " + " ".join(f"a:h{i}.example.net" for i in range(5)) + " -all"),
        txt("m2.example.net", "v=spf1 " + " ".join(f"a:h{i}.example.net" for i in range(5, 9)) + " -all"),
        *(f"h{i}.example.net. 300 A 192.0.2.{i + 1}" for i in range(9))],
    "three void lookups": [txt(D, "v=spf1 a:gone1.example.org a:gone2.example.org a:gone3.example.org -all")],
    "two void lookups": [txt(D, "v=spf1 a:gone1.example.org a:gone2.example.org -all")],
    "include loop": [txt(D, "v=spf1 include:loop.example.net -all"),
                     txt("loop.example.net", f"v=spf1 include:{D} -all")],
    "redirect": [txt(D, "v=spf1 redirect=_spf.example.net"),
                 txt("_spf.example.net", "v=spf1 ip4:198.51.100.0/24 -all")],
    "two records": [txt(D, "v=spf1 -all"), txt(D, "v=spf1 ~all")],
    "syntax": [txt(D, "v=spf1 ip4:192.0.2.300 -all")],
    "include without a record": [txt(D, "v=spf1 include:nothing.example.org -all")],
    "strings joined without a space": [txt(D, "v=spf1 include:_spf.example.net", "include:_spf.example.org -all"),
                                       txt("_spf.example.net", "v=spf1 ip4:198.51.100.0/24 ~all")],
    "dual cidr on a": [txt(D, "v=spf1 a/24//64 -all"), f"{D}. 300 A 192.0.2.1"],
}


@contextlib.contextmanager
def default_resolver(endpoint: Endpoint) -> Iterator[None]:
    saved = dns.resolver.default_resolver
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [endpoint.address]
    resolver.port = endpoint.port
    dns.resolver.default_resolver = resolver
    try:
        yield
    finally:
        dns.resolver.default_resolver = saved


@pytest.mark.filterwarnings("ignore:please use dns.resolver.resolve:DeprecationWarning")
@pytest.mark.parametrize("zone", ZONES)
def test_permerror_verdicts_agree_with_pyspf(zone: str) -> None:
    text = "\n".join(ZONES[zone])
    ours = {f.check for f in findings_for(text, for_domain(D)) if f.severity.value == "error"} & PERMERROR_CHECKS
    with serving(text) as endpoint, default_resolver(endpoint):
        result, explanation = spf_library.check2(i=CLIENT, s=f"postmaster@{D}", h=f"mail.{D}", querytime=5)
    assert bool(ours) == (result == "permerror"), f"ours: {sorted(ours)}; pyspf: {result} ({explanation})"
