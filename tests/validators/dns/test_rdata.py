"""Canonical forms: planned and live data compare by meaning, not by spelling."""

from __future__ import annotations

import pytest

from validators.dns.rdata import cloudflare_added_caa, observed_value


@pytest.mark.parametrize(("rdtype", "text", "canonical"), [
    ("AAAA", "2001:0db8:0000:0000:0000:0000:0000:0050", "2001:db8::50"),
    ("CNAME", "Status.Uptime.Example.ORG.", "status.uptime.example.org"),
    ("MX", "10 MX1.Example.Org.", "10 mx1.example.org"),
    ("TXT", '"v=spf1 include:_spf.google.com" " ~all"', "v=spf1 include:_spf.google.com ~all"),
    ("CAA", '0 ISSUE "letsencrypt.org"', '0 issue "letsencrypt.org"'),
])
def test_observed_values_are_canonical(rdtype, text, canonical):
    assert observed_value(rdtype, text) == canonical


@pytest.mark.parametrize(("value", "added"), [
    ('0 issuewild "pki.goog; cansignhttpexchanges=yes"', True),
    ('0 issue "digicert.com; cansignhttpexchanges=yes"', True),
    ('0 issue "ssl.com"', True),
    ('0 issue "ca.example.org"', False),
    ('0 iodef "mailto:security@example.com"', False),
    ('128 issue "letsencrypt.org"', False),
])
def test_cloudflare_added_caa(value, added):
    assert cloudflare_added_caa(value) is added
