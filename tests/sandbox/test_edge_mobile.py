"""The edge's mobile answers as pure functions: the files served in place, the redirect around them, the
faults, and compression."""

from __future__ import annotations

import gzip
import json

import pytest

from launchready.core.plan import DomainPlan
from launchready.sandbox.edge import compressed
from launchready.sandbox.edge_rules import EdgeRules, Fault

ASSETLINKS = "/.well-known/assetlinks.json"


def test_files_are_served_in_place_on_the_redirected_host(staging_plan: DomainPlan) -> None:
    rules = EdgeRules(staging_plan)
    reply = rules.reply("https", "example.net", ASSETLINKS)
    planned = next(d for d in staging_plan.app_links.documents if d.url == f"https://example.net{ASSETLINKS}")
    assert (reply.status, reply.location, reply.content_type) == (200, None, "application/json")
    assert reply.body == planned.body
    other = rules.reply("https", "example.net", "/.well-known/security.txt")
    assert other.status == 308 and other.location == "https://www.example.net/.well-known/security.txt"


def test_the_redirect_fault_sends_the_files_through_the_canonical_redirect(staging_plan: DomainPlan) -> None:
    reply = EdgeRules(staging_plan, frozenset({Fault.APPLINKS_REDIRECT})).reply("https", "example.net", ASSETLINKS)
    assert reply.status == 308 and reply.location == f"https://www.example.net{ASSETLINKS}"


def test_the_missing_app_fault_names_another_package(staging_plan: DomainPlan) -> None:
    reply = EdgeRules(staging_plan, frozenset({Fault.APPLINKS_MISSING_APP})).reply("https", "www.example.net",
                                                                                   ASSETLINKS)
    assert [s["target"]["package_name"] for s in json.loads(reply.body)] == ["org.example.other"]


def test_callback_offhost_and_mixed_content_faults(staging_plan: DomainPlan) -> None:
    offhost = EdgeRules(staging_plan, frozenset({Fault.CALLBACK_OFFHOST})).reply("https", "www.example.net",
                                                                                 "/auth/callback")
    assert offhost.status == 302 and offhost.location == "https://login.example.org/continue"
    page = EdgeRules(staging_plan, frozenset({Fault.MIXED_CONTENT})).reply("https", "www.example.net", "/")
    assert page.content_type.startswith("text/html") and 'src="http://cdn.example.org/app.js"' in page.body


@pytest.mark.parametrize(("body", "kind", "offered", "enabled", "coding"), [
    (b"x" * 2048, "text/html; charset=utf-8", "br, gzip", True, "gzip"),
    (b"x" * 2048, "text/html", "br, zstd", True, None),
    (b"x" * 100, "text/html", "gzip", True, None),
    (b"x" * 2048, "image/png", "gzip", True, None),
    (b"x" * 2048, "application/json", "gzip;q=1.0", False, None),
])
def test_compression_as_the_edge_does_it(body: bytes, kind: str, offered: str, enabled: bool,
                                         coding: str | None) -> None:
    sent, used = compressed(body, kind, offered, enabled)
    assert used == coding
    assert (gzip.decompress(sent) if coding else sent) == body
