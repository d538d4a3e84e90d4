"""Read the zone settings launchready manages and the zone's DNSSEC status: read-only calls through the
same checked reader as the records (launchready.cfapi.reads: the one limiter, deadline and JSON reader).

Cloudflare API docs, read 2026-12: `GET /zones/{zone_id}/settings/{setting_id}` answers
`{id, value, editable, modified_on}` (cloudflare-python `zones.settings.get`); `security_header`'s value is
`{strict_transport_security: {enabled, max_age, include_subdomains, preload, nosniff}}`.
`GET /zones/{zone_id}/dnssec` answers `{status, ds, ...}` with status `active`, `pending`, `disabled`,
`pending-disabled` or `error` (cloudflare-python `dns.dnssec.get`). Every value is checked for its type
and form before it is kept, and a message never repeats it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from launchready.adopt.model import ZoneState
from launchready.cfapi.errors import Call
from launchready.core.errors import InputError

if TYPE_CHECKING:
    import cloudflare

    from launchready.cfapi.reads import Reader

SETTING_IDS = ("ssl", "min_tls_version", "tls_1_3", "always_use_https", "automatic_https_rewrites",
               "security_header")
"""The settings components/settings.py writes (ZoneSettings.as_cloudflare)."""
HSTS_TYPES: dict[str, type] = {"enabled": bool, "max_age": int, "include_subdomains": bool, "preload": bool,
                               "nosniff": bool}
DNSSEC_STATUSES = frozenset({"active", "pending", "disabled", "pending-disabled", "error"})
DNSSEC = Call("dns.dnssec.get", "DNS Read on the zone")
WORD = re.compile(r"[a-z0-9._-]{1,24}")
"""A setting value as the API spells them (`strict`, `1.2`, `on`, `zrt`)."""
MAX_AGE_LIMIT = 10**9


def read_state(reader: Reader, client: cloudflare.Cloudflare, zone_id: str) -> ZoneState:
    """The settings of SETTING_IDS, flat (`ssl`, `hsts.max_age`, ...), and the DNSSEC status."""
    settings: dict[str, str | int | bool] = {}
    for setting_id in SETTING_IDS:
        call = Call(f"zones.settings.get {setting_id}", "Zone Settings Read on the zone")
        raw = reader.one(call, client.zones.settings.with_raw_response.get, setting_id, zone_id=zone_id)
        settings |= flat(reader, call, setting_id, raw.get("value"))
    status = reader.one(DNSSEC, client.dns.dnssec.with_raw_response.get, zone_id=zone_id).get("status")
    if status not in DNSSEC_STATUSES:
        raise shape_error(reader, DNSSEC, "a DNSSEC status that is none of "
                          f"{', '.join(sorted(DNSSEC_STATUSES))}")
    return ZoneState(settings=settings, dnssec=str(status))


def flat(reader: Reader, call: Call, setting_id: str, value: Any) -> dict[str, str | int | bool]:
    """One setting's value as `launchready diff` names it; HSTS as `hsts.<field>` (a field left out is
    not compared)."""
    if setting_id != "security_header":
        if not isinstance(value, str) or not WORD.fullmatch(value):
            raise shape_error(reader, call, "a value that is not a short word")
        return {setting_id: value}
    hsts = value.get("strict_transport_security") if isinstance(value, dict) else None
    if not isinstance(hsts, dict):
        raise shape_error(reader, call, "a value without `strict_transport_security`")
    return {f"hsts.{key}": hsts_field(reader, call, key, hsts[key]) for key in HSTS_TYPES if key in hsts}


def hsts_field(reader: Reader, call: Call, key: str, value: Any) -> int | bool:
    wanted = HSTS_TYPES[key]
    fits = isinstance(value, bool) if wanted is bool else \
        isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_AGE_LIMIT
    if not fits:
        expected = "true or false" if wanted is bool else "a number of seconds"
        raise shape_error(reader, call, f"an HSTS `{key}` that is not {expected}")
    return value  # type: ignore[no-any-return]


def shape_error(reader: Reader, call: Call, problem: str) -> InputError:
    return InputError(f"the Cloudflare API at {reader.site.shown} answered {call.name} with {problem}: not the "
                      "API's shape; is --api-base-url right?")
