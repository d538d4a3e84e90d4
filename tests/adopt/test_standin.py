"""The Cloudflare API stand-in answers the official SDK as Cloudflare does: the envelope, both kinds of
pagination, writes that later reads see, and Cloudflare's error codes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import cloudflare
import pytest

from tests.cloudflare_standin import CloudflareStandIn, serve

TOKEN = "standin-token-5b0c"
ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353"


@pytest.fixture
def client() -> Iterator[tuple[cloudflare.Cloudflare, CloudflareStandIn]]:
    standin = CloudflareStandIn(TOKEN)
    zone = standin.add_zone(ZONE_ID, "example.net")
    for i in range(3):
        standin.add_record(zone, name=f"h{i}.example.net", type="A", content=f"192.0.2.{i}")
    for phase in ("http_request_dynamic_redirect", "http_request_cache_settings", "http_ratelimit"):
        standin.add_entrypoint(zone, phase, [])
    with serve(standin) as url:
        sdk = cloudflare.Cloudflare(api_token=TOKEN, base_url=url, max_retries=0)
        yield sdk, standin
        sdk.close()


def test_records_page_by_page_and_writes_are_read_back(client: Any) -> None:
    sdk, standin = client
    assert len(list(sdk.dns.records.list(zone_id=ZONE_ID, per_page=2))) == 3
    created = sdk.dns.records.create(zone_id=ZONE_ID, name="mail.example.net", type="MX",
                                     content="mx1.example.org", priority=10, ttl=300)
    assert created is not None and created.id in standin.zones[ZONE_ID].records
    sdk.dns.records.delete(created.id, zone_id=ZONE_ID)
    assert len(list(sdk.dns.records.list(zone_id=ZONE_ID))) == 3
    assert [p for m, p in standin.requests if m == "GET" and p.endswith("/dns_records")].count(
        f"/client/v4/zones/{ZONE_ID}/dns_records") >= 3, "two full pages and an empty one"


def test_rulesets_follow_the_cursor_and_an_entry_point_update_is_kept(client: Any) -> None:
    sdk, _ = client
    assert len(list(sdk.rulesets.list(zone_id=ZONE_ID))) == 3
    rule = {"ref": "promo", "expression": "true", "action": "redirect",
            "action_parameters": {"from_value": {"target_url": {"value": "https://example.net/"}}}}
    sdk.rulesets.phases.update("http_request_dynamic_redirect", zone_id=ZONE_ID, rules=[rule])
    entry = sdk.rulesets.phases.get("http_request_dynamic_redirect", zone_id=ZONE_ID)
    assert [(r.ref, r.expression) for r in entry.rules] == [("promo", "true")]


def test_dnssec_and_settings_are_stateful(client: Any) -> None:
    sdk, _ = client
    assert sdk.dns.dnssec.get(zone_id=ZONE_ID).status == "disabled"
    sdk.dns.dnssec.edit(zone_id=ZONE_ID, status="active")
    assert sdk.dns.dnssec.get(zone_id=ZONE_ID).status == "active"
    sdk.zones.settings.edit("ssl", zone_id=ZONE_ID, value="strict")
    assert sdk.zones.settings.get("ssl", zone_id=ZONE_ID).value == "strict"


def test_errors_carry_cloudflare_codes(client: Any) -> None:
    sdk, _ = client
    with pytest.raises(cloudflare.NotFoundError) as missing:
        sdk.rulesets.phases.get("http_request_transform", zone_id=ZONE_ID)
    assert missing.value.body["errors"][0]["code"] == 10003
    stranger = cloudflare.Cloudflare(api_token="wrong", base_url=str(sdk.base_url), max_retries=0)
    with pytest.raises(cloudflare.PermissionDeniedError):
        stranger.zones.list(name="example.net")
    stranger.close()
