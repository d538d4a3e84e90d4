"""Read a zone's records and rulesets with the official `cloudflare` SDK: read-only calls only
(zones.list by name, dns.records.list, rulesets.list, rulesets.phases.get for the entry points of
the phases launchready fills), so a read-only API token is enough.

The base URL is passed in (CLOUDFLARE_BASE_URL or --api-base-url), so tests point the SDK at a
local server. API errors become bad input with Cloudflare's codes; the token never appears in a
message (the SDK sends it only in the Authorization header, and nothing here echoes headers).
"""

from __future__ import annotations

import json
from typing import Any

from launchready.adopt.model import ExistingRecord, ExistingRule, ExistingRuleset, ExistingZone
from launchready.cfapi.transport import REQUEST_DEADLINE
from launchready.core.errors import InputError

DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4"


def txt_text(content: str) -> str:
    """TXT content from the API: quoted RFC 1035 character-strings (`"a" "b"`) joined, or as it is."""
    text = content.strip()
    if not text.startswith('"'):
        return text
    parts, current, quoted, escaped = [], "", False, False
    for char in text:
        if escaped:
            current, escaped = current + char, False
        elif char == "\\":
            escaped = True
        elif char == '"':
            if quoted:
                parts.append(current)
                current = ""
            quoted = not quoted
        elif quoted:
            current += char
    return "".join(parts)


def record_content(raw: dict[str, Any]) -> str:
    rtype, data = raw.get("type"), raw.get("data") or {}
    if rtype == "CAA" and data:
        return f'{int(data.get("flags", 0))} {data.get("tag")} "{data.get("value")}"'
    if rtype == "SRV" and data:
        return f'{data.get("weight")} {data.get("port")} {str(data.get("target", "")).rstrip(".").lower()}'
    content = str(raw.get("content") or "")
    return txt_text(content) if rtype == "TXT" else content


def to_record(raw: dict[str, Any]) -> ExistingRecord:
    rtype = str(raw["type"])
    priority = raw.get("priority")
    if rtype == "SRV":
        priority = (raw.get("data") or {}).get("priority", priority)
    content = record_content(raw)
    if rtype in ("CNAME", "MX", "NS"):
        content = content.rstrip(".").lower()
    return ExistingRecord(name=str(raw["name"]).rstrip(".").lower(), type=rtype, content=content,
                          ttl=int(raw.get("ttl") or 1), proxied=bool(raw.get("proxied")),
                          priority=int(priority) if priority is not None and rtype in ("MX", "SRV") else None,
                          id=str(raw["id"]))


def api_error(exc: Exception, base_url: str) -> InputError:
    """A message with Cloudflare's error codes and messages, never the request headers."""
    import cloudflare

    if isinstance(exc, cloudflare.APIStatusError):
        body = exc.body if isinstance(exc.body, dict) else {}
        errors = body.get("errors") or []
        detail = "; ".join(f"{e.get('code')}: {e.get('message')}" for e in errors if isinstance(e, dict))
        hint = " (check that CLOUDFLARE_API_TOKEN is valid and can read the zone's DNS and rulesets)" \
            if exc.status_code in (401, 403) else ""
        if exc.status_code == 429:
            from launchready.cfapi.limiter import retry_when

            hint = (f" (rate limited after backing off: Cloudflare allows 1,200 API requests per 5 minutes per "
                    f"user; retry {retry_when(exc.response)})")
        return InputError(f"Cloudflare API error HTTP {exc.status_code}: {detail or exc.message}{hint}")
    if isinstance(exc, cloudflare.APIConnectionError):
        return InputError(f"cannot reach the Cloudflare API at {base_url} ({type(exc).__name__}); check the "
                          "network or --api-base-url")
    return InputError(f"unexpected answer from the Cloudflare API at {base_url}: {type(exc).__name__}")


def dumped(item: Any) -> dict[str, Any]:
    data = item.model_dump(mode="json", exclude_none=True) if hasattr(item, "model_dump") else item
    return json.loads(json.dumps(data)) if isinstance(data, dict) else {}


def fetch_zone(zone: str, token: str, base_url: str = DEFAULT_BASE_URL, timeout: float = 20.0,
               deadline: float = REQUEST_DEADLINE) -> ExistingZone:
    """The zone's id, every DNS record and every ruleset, as the token can read them."""
    import cloudflare

    from launchready.cfapi.limiter import http_client

    # Retries and 429 back-off are the shared limiter's (launchready/cfapi/limiter.py), not the SDK's own.
    client = cloudflare.Cloudflare(api_token=token, base_url=base_url, max_retries=0, timeout=timeout,
                                   http_client=http_client(timeout, deadline=deadline))
    try:
        zones = [dumped(z) for z in client.zones.list(name=zone).result]
        found = next((z for z in zones if z.get("name") == zone), None)
        if found is None:
            raise InputError(f"the Cloudflare API at {base_url} shows no zone named {zone} to this token; "
                             "add the zone to the account, or give the token Zone:Read on it")
        zone_id = str(found["id"])
        records = [to_record(dumped(r)) for r in client.dns.records.list(zone_id=zone_id, per_page=500)]
        rulesets = [with_rules(client, zone_id, dumped(r)) for r in client.rulesets.list(zone_id=zone_id)]
    except cloudflare.CloudflareError as exc:
        raise api_error(exc, base_url) from None
    finally:
        client.close()
    records.sort(key=lambda r: (r.name, r.type, r.content))
    return ExistingZone(zone=zone, zone_id=zone_id, records=tuple(records), source="cloudflare",
                        rulesets=tuple(rulesets))


RULE_KEYS = ("ref", "description", "expression", "action", "action_parameters", "ratelimit", "enabled")
"""The writable fields of a ruleset rule (rulesets update `rules[]`); id, version, last_updated and
categories are read-only, so a kept rule leaves them out."""


def rule_body(raw: dict[str, Any]) -> dict[str, Any]:
    return {key: raw[key] for key in RULE_KEYS if raw.get(key) is not None}


def with_rules(client: Any, zone_id: str, raw: dict[str, Any]) -> ExistingRuleset:
    """A zone entry point with its rules: the list call returns rulesets without rules, so each one is
    read again (GET /zones/{id}/rulesets/phases/{phase}/entrypoint). Managed rulesets are left as listed."""
    ruleset = ExistingRuleset(id=str(raw["id"]), name=str(raw.get("name", "")), kind=str(raw.get("kind", "")),
                              phase=str(raw.get("phase", "")))
    if ruleset.kind != "zone":
        return ruleset
    entry = dumped(client.rulesets.phases.get(ruleset.phase, zone_id=zone_id))
    rules = [r for r in entry.get("rules") or [] if isinstance(r, dict)]
    return ruleset.model_copy(update={"rules": tuple(
        ExistingRule(phase=ruleset.phase, id=str(r.get("id", "")), rule=rule_body(r)) for r in rules)})
