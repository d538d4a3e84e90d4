"""What the first `pulumi up` does to the zone's settings and DNSSEC, and which of it is dangerous.

components/settings.py writes every setting of the plan (one ZoneSetting each, whatever the zone held),
so each setting whose value differs is changed by the first up. Dangerous, and failing adopt until the
spec keeps the zone's value or `adopted.overwrites` declares `tls.<key> <current value>`:
- the SSL mode changing: weaker is `launchready diff`'s tls.ssl-weakened; stronger (flexible → full or
  strict) is tls.ssl-changed: Cloudflare then connects to the origin over HTTPS and, with strict,
  checks its certificate, so an HTTP-only origin answers 521 and an invalid certificate 525/526
  (Cloudflare docs, "SSL/TLS encryption modes" and "5xx errors", read 2026-12);
- HSTS switched off or its max-age lowered (diff's tls.hsts-removed, tls.hsts-shortened), its
  includeSubDomains or preload dropped (tls.hsts-subdomains-dropped, tls.hsts-preload-dropped: RFC 6797
  §6.1.2; hstspreload.org requires both for the preload list);
- the minimum TLS version lowered (tls.min-version-lowered: RFC 8996 deprecates TLS 1.0 and 1.1);
- Always Use HTTPS switched off (tls.https-redirect-off).
DNSSEC: components/dnssec.py creates a ZoneDnssec only with `dnssec: true`, so a spec without it never
turns signing off; the report says what the first up does to the zone's status.
"""

from __future__ import annotations

from launchready.adopt.model import ExistingZone, Overwrite, SettingMatch, ZoneState
from launchready.adopt.overwrites import declares
from launchready.core.plan.model import DomainPlan
from launchready.diff.dangerous import SSL_STRENGTH, hsts_dangers, ssl_danger
from launchready.diff.model import Danger, SettingChange

Value = str | int | bool
TLS_ORDER = ("1.0", "1.1", "1.2", "1.3")
KEEP = "keep it: set {key}: {value} in the spec"
ORIGIN_HTTPS = ("Cloudflare connects to the origin over HTTPS from the first up on instead of HTTP: an origin "
                "that serves only HTTP answers 521 on every proxied host{strict}, and with HSTS on browsers cannot "
                "fall back to HTTP. Serve HTTPS on the origin first (a Cloudflare Origin CA certificate passes "
                "strict), then declare the change")
STRICT_CHECK = ", and under strict one without a valid certificate for the name answers 526"
ORIGIN_CERT = ("Cloudflare starts checking the origin's certificate: a self-signed or expired one, or one for another "
               "name, answers 526 on every proxied host. Install a valid certificate on the origin first (a "
               "Cloudflare Origin CA certificate passes strict), then declare the change")
ADOPT_DANGERS = {
    "hsts.include_subdomains": ("tls.hsts-subdomains-dropped", "subdomains lose the HTTPS-only rule for "
                                "browsers that have not cached it (RFC 6797 §6.1.2), and hstspreload.org "
                                "removes a domain whose header drops includeSubDomains"),
    "hsts.preload": ("tls.hsts-preload-dropped", "without the preload directive hstspreload.org may remove the "
                     "domain from browsers' built-in HTTPS-only list, so first visits can be downgraded to HTTP"),
    "always_use_https": ("tls.https-redirect-off", "Cloudflare stops redirecting http:// to https://: visitors "
                         "who type the bare name or follow an old http:// link stay on plain HTTP, cookies and "
                         "forms travel unencrypted"),
}


def planned_settings(plan: DomainPlan) -> dict[str, Value]:
    """The plan's settings, flat as `launchready diff` names them (`ssl`, `hsts.max_age`, ...)."""
    zone = plan.zone_settings
    flat: dict[str, Value] = {key: getattr(zone, key) for key in ("ssl", "min_tls_version", "tls_1_3",
                                                                   "always_use_https", "automatic_https_rewrites")}
    return flat | {f"hsts.{key}": value for key, value in zone.hsts.model_dump().items()}


def spec_key(setting: str) -> str:
    """The spec key of a setting (`tls.ssl`, `tls.hsts.max_age`)."""
    return f"tls.{setting}"


def shown(value: Value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def setting_matches(plan: DomainPlan, state: ZoneState | None) -> tuple[SettingMatch, ...]:
    """Each setting the first up changes, current → planned, with its danger when it has one."""
    if state is None:
        return ()
    planned = planned_settings(plan)
    changes = tuple(SettingChange(setting=key, old=state.settings[key], new=value)
                    for key, value in planned.items() if key in state.settings and state.settings[key] != value)
    dangers = setting_dangers(changes, state)
    return tuple(SettingMatch(setting=c.setting, current=c.old, planned=c.new,
                              overwrite=setting_overwrite(plan, c, dangers.get(c.setting))) for c in changes)


def setting_overwrite(plan: DomainPlan, change: SettingChange, danger: Danger | None) -> Overwrite | None:
    if danger is None:
        return None
    entry = f"{spec_key(change.setting)} {shown(change.old)}"
    keep = KEEP.format(key=spec_key(change.setting), value=spec_value(change.setting, change.old))
    why = f"{danger.why}. To {keep}; to make the change on purpose, declare it in adopted.overwrites"
    return Overwrite(rule=danger.rule, change=danger.change, why=why, entry=entry, declared=declares(plan, entry))


def spec_value(setting: str, value: Value) -> str:
    """The zone's value as the spec writes it: `on`/`off` settings are true/false there, versions quoted."""
    if value in ("on", "off") and setting != "tls_1_3":
        return "true" if value == "on" else "false"
    return f'"{value}"' if setting == "min_tls_version" else shown(value)


def setting_dangers(changes: tuple[SettingChange, ...], state: ZoneState) -> dict[str, Danger]:
    """setting → its danger: diff's TLS rules where they fit, adopt's own for the rest."""
    found: dict[str, Danger] = {}
    if ssl := next((c for c in changes if c.setting == "ssl"), None):
        known = ssl.old in SSL_STRENGTH and ssl.new in SSL_STRENGTH  # diff's rule indexes its own modes only
        found["ssl"] = (next(iter(ssl_danger(changes)), None) if known else None) or ssl_changed(ssl)
    if state.settings.get("hsts.enabled") is True:  # a switched-off header's leftover fields protect nothing
        for danger in hsts_dangers(changes):
            found["hsts.enabled" if danger.rule == "tls.hsts-removed" else "hsts.max_age"] = danger
        found |= dropped(changes) if "hsts.enabled" not in found else {}
    found |= {c.setting: d for c in changes if (d := lowered_tls(c) or redirect_off(c))}
    return found


def ssl_changed(change: SettingChange) -> Danger:
    """An SSL mode change diff does not flag: a stronger mode, or one it does not know."""
    if change.old in ("off", "flexible") and change.new in ("full", "strict"):
        why = ORIGIN_HTTPS.format(strict=STRICT_CHECK if change.new == "strict" else "")
    elif (change.old, change.new) == ("full", "strict"):
        why = ORIGIN_CERT
    else:
        why = "how Cloudflare reaches the origin changes for every proxied host; check the origin serves that mode"
    return Danger(rule="tls.ssl-changed", subject=f"ssl {change.old} → {change.new}",
                  change=f'SSL mode changes from "{change.old}" to "{change.new}"', why=why)


def dropped(changes: tuple[SettingChange, ...]) -> dict[str, Danger]:
    found = {}
    for change in changes:
        if change.setting in ("hsts.include_subdomains", "hsts.preload") and change.old is True:
            rule, why = ADOPT_DANGERS[change.setting]
            found[change.setting] = Danger(rule=rule, subject=change.setting, why=why,
                                           change=f"HSTS {change.setting.removeprefix('hsts.')} is dropped")
    return found


def lowered_tls(change: SettingChange) -> Danger | None:
    if change.setting != "min_tls_version" or change.old not in TLS_ORDER or change.new not in TLS_ORDER:
        return None
    if TLS_ORDER.index(change.new) >= TLS_ORDER.index(change.old):
        return None
    return Danger(rule="tls.min-version-lowered", subject=f"min TLS {change.old} → {change.new}",
                  change=f"the minimum TLS version drops from {change.old} to {change.new}",
                  why=f"clients may connect with TLS {change.new} again (RFC 8996 deprecates TLS 1.0 and 1.1), and "
                  f"a security review or scan that required {change.old} fails")


def redirect_off(change: SettingChange) -> Danger | None:
    if change.setting != "always_use_https" or (change.old, change.new) != ("on", "off"):
        return None
    rule, why = ADOPT_DANGERS["always_use_https"]
    return Danger(rule=rule, subject="always_use_https on → off", change="Always Use HTTPS is switched off", why=why)


NOT_CHECKED = ("zone settings (SSL mode, HSTS, minimum TLS version, Always Use HTTPS) and DNSSEC were not checked: "
               "a zone file holds neither, and the first `pulumi up` sets every setting to the spec's `tls.*`. "
               "Run `launchready adopt --from-cloudflare` (a read-only token with Zone Settings Read) to see what "
               "it changes, or compare SSL/TLS → Overview and Edge Certificates and DNS → Settings in the "
               "dashboard with the spec's tls.* and dnssec")


def zone_notes(plan: DomainPlan, existing: ExistingZone) -> tuple[str, ...]:
    """The zone-file note, or what the first up does to the zone's DNSSEC."""
    if existing.state is None:
        return (NOT_CHECKED,) if existing.source == "zone file" else ()
    return (dnssec_note(plan, existing.state.dnssec),)


def dnssec_note(plan: DomainPlan, status: str) -> str:
    said = f"DNSSEC is {status} in the zone"
    if not plan.dnssec:
        if status == "disabled":
            return f"{said}, and the spec leaves it off (`dnssec: false`)"
        return (f"{said} and the spec has `dnssec: false`: the first up leaves it as it is (the stack makes no "
                "ZoneDnssec, so nothing turns signing off). To manage it, set `dnssec: true`; to turn it off, "
                "follow docs/diff-and-adopt.md#dnssec (remove the DS at the registrar first)")
    if status == "active":
        return f"{said} and the spec has `dnssec: true`: the first up keeps it on, same keys, same DS record"
    return (f"{said}; the spec has `dnssec: true`, so the first up turns signing on and exports `ds_record`. If the "
            "registrar still publishes a DS record from a previous DNS provider, validating resolvers answer "
            "SERVFAIL for the whole domain until it is replaced with Cloudflare's: check with `launchready "
            "validate --only dnssec` (docs/validate-dns.md) and give the registrar the new DS")
