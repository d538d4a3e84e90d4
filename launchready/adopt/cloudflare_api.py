"""Read a zone's records and rulesets with the official `cloudflare` SDK: read-only calls only
(zones.list by name, dns.records.list, rulesets.list, rulesets.phases.get for the entry points of
the phases launchready fills, KEPT_PHASES: docs/diff-and-adopt.md promises no other, zones.settings.get
for the settings the stack writes and dns.dnssec.get), so a read-only API token is enough, and a token
that cannot read, say, transform rules does not stop the run.

The base URL is passed in (CLOUDFLARE_BASE_URL or --api-base-url), so tests point the SDK at a local
server. Every answer is checked (launchready.cfapi.reads) and every failure is bad input naming the call;
the token never appears in a message: the SDK sends it only in the Authorization header, nothing here
echoes headers, and text from the server is scrubbed of it (launchready.cfapi.text).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from launchready.adopt.cloudflare_records import RecordShapeError, to_record
from launchready.adopt.cloudflare_settings import read_state
from launchready.adopt.model import ExistingRecord, ExistingRule, ExistingRuleset, ExistingZone
from launchready.cfapi.errors import Call, Site
from launchready.cfapi.reads import Reader
from launchready.cfapi.transport import REQUEST_DEADLINE
from launchready.core.errors import InputError
from launchready.core.spec.kept import KEPT_PHASES

if TYPE_CHECKING:
    import cloudflare

DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4"
PHASE_READ = {"http_request_dynamic_redirect": "Dynamic URL Redirects Read",
              "http_request_cache_settings": "Cache Settings Read", "http_ratelimit": "Zone WAF Read"}
"""The read permission of each phase's entry point (the dashboard's token editor, read 2026-11; the
read-only token of docs/diff-and-adopt.md, "Tokens")."""
ZONES = Call("zones.list", "Zone Read on the zone")
RECORDS = Call("dns.records.list", "DNS Read on the zone")
RULESETS = Call("rulesets.list", "read access to the zone's rulesets")


def fetch_zone(zone: str, token: str, base_url: str = DEFAULT_BASE_URL, timeout: float = 20.0,
               deadline: float = REQUEST_DEADLINE) -> ExistingZone:
    """The zone's id, every DNS record, every ruleset (the rules of the KEPT_PHASES entry points), the
    settings launchready manages and the DNSSEC status (launchready.adopt.cloudflare_settings)."""
    import cloudflare

    from launchready.cfapi.limiter import http_client
    from launchready.cfapi.proxies import proxy_shown

    require_base_url(base_url)
    reader = Reader(Site(base_url, token, timeout, deadline, proxy_shown(base_url)))
    # Retries and 429 back-off are the shared limiter's (launchready/cfapi/limiter.py), not the SDK's own.
    client = cloudflare.Cloudflare(api_token=token, base_url=base_url, max_retries=0, timeout=timeout,
                                   http_client=http_client(timeout, deadline=deadline))
    try:
        zone_id = find_zone(reader, client, zone)
        records, notes = read_records(reader, client, zone_id, zone)
        listed = reader.cursor_pages(RULESETS, client.rulesets.with_raw_response.list, zone_id=zone_id)
        rulesets = [with_rules(reader, client, zone_id, ruleset(reader, raw)) for raw in listed]
        state = read_state(reader, client, zone_id)
    finally:
        client.close()
    return ExistingZone(zone=zone, zone_id=zone_id, records=tuple(records), source="cloudflare",
                        rulesets=tuple(rulesets), notes=tuple(notes), state=state)


def require_base_url(base_url: str) -> None:
    """An http(s) URL with a host; never echoed (a URL can carry a secret in its user info or query)."""
    import httpx

    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, TypeError, ValueError):
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.host:
        raise InputError("--api-base-url (or CLOUDFLARE_BASE_URL) is not an http:// or https:// URL with a host; "
                         f"give the API's base URL, e.g. {DEFAULT_BASE_URL}")


def find_zone(reader: Reader, client: cloudflare.Cloudflare, zone: str) -> str:
    """The zone's id: zones.list filtered by name (one page: names are unique)."""
    zones = reader.first_page(ZONES, client.zones.with_raw_response.list, name=zone)
    found = next((z for z in zones if z.get("name") == zone), None)
    if found is None:
        raise InputError(f"the Cloudflare API at {reader.site.shown} shows no zone named {zone} to this token; "
                         "add the zone to the account, or give the token Zone:Read on it")
    if not isinstance(found.get("id"), str) or not found["id"]:
        raise InputError(f"the Cloudflare API at {reader.site.shown} answered {ZONES.name} with the zone {zone} "
                         "but no id: not the API's shape; is --api-base-url right?")
    return str(found["id"])


def read_records(reader: Reader, client: cloudflare.Cloudflare, zone_id: str,
                 zone: str) -> tuple[list[ExistingRecord], list[str]]:
    """Every record, sorted, and a note for each TXT kept as written."""
    raws = reader.numbered_pages(RECORDS, client.dns.records.with_raw_response.list, zone_id=zone_id)
    records, notes = [], []
    for raw in raws:
        label = record_label(reader, raw, zone)
        try:
            record, kept = to_record(raw, label)
        except RecordShapeError as exc:
            raise InputError(f"the Cloudflare API at {reader.site.shown} answered {RECORDS.name} with a record "
                             f"not in the API's shape: {exc}; is --api-base-url right?") from None
        records.append(record)
        notes += [f"{label}: Cloudflare's TXT content is not RFC 1035 text ({kept}), so it is kept exactly as "
                  "written; check the record in the dashboard"] if kept else []
    records.sort(key=lambda r: (r.name, r.type, r.content))
    return records, notes


def record_label(reader: Reader, raw: dict[str, Any], zone: str) -> str:
    """`record www.example.net A` for a message: the server's text, scrubbed and short."""
    name, rtype = raw.get("name"), raw.get("type")
    shown_name = reader.site.text(name, 80) if isinstance(name, str) and name else "(no name)"
    return f"record {shown_name} {reader.site.text(rtype, 12) if isinstance(rtype, str) else '(no type)'}"


def ruleset(reader: Reader, raw: dict[str, Any]) -> ExistingRuleset:
    fields = {key: raw.get(key) for key in ("id", "name", "kind", "phase")}
    if not isinstance(fields["id"], str) or not all(isinstance(v, str | None) for v in fields.values()):
        raise InputError(f"the Cloudflare API at {reader.site.shown} answered {RULESETS.name} with a ruleset "
                         "without an id or with fields that are not text: not the API's shape; is --api-base-url "
                         "right?")
    return ExistingRuleset(**{key: value or "" for key, value in fields.items()})


RULE_KEYS = ("ref", "description", "expression", "action", "action_parameters", "ratelimit", "enabled")
"""The writable fields of a ruleset rule (rulesets update `rules[]`); id, version, last_updated and
categories are read-only, so a kept rule leaves them out."""


def rule_body(raw: dict[str, Any]) -> dict[str, Any]:
    return {key: raw[key] for key in RULE_KEYS if raw.get(key) is not None}


def with_rules(reader: Reader, client: cloudflare.Cloudflare, zone_id: str, found: ExistingRuleset) -> ExistingRuleset:
    """A zone entry point of a phase launchready fills, with its rules: the list call returns rulesets
    without rules, so each is read again (GET /zones/{id}/rulesets/phases/{phase}/entrypoint). Managed
    rulesets and the entry points of other phases are left as listed: their rules are never read."""
    if found.kind != "zone" or found.phase not in KEPT_PHASES:
        return found
    call = Call(f"rulesets.phases.get {found.phase}", f"{PHASE_READ[found.phase]} on the zone")
    entry = reader.one(call, client.rulesets.phases.with_raw_response.get, found.phase, zone_id=zone_id)
    rules = entry.get("rules") or []
    if not isinstance(rules, list) or not all(isinstance(r, dict) for r in rules):
        raise InputError(f"the Cloudflare API at {reader.site.shown} answered {call.name} with `rules` that are "
                         "not a list of objects: not the API's shape; is --api-base-url right?")
    return found.model_copy(update={"rules": tuple(
        ExistingRule(phase=found.phase, id=str(r.get("id", "")), rule=rule_body(r)) for r in rules)})
