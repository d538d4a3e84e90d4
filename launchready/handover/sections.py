"""Handover sections about the site itself: hosts, records, redirects, cache, TLS and mail."""

from __future__ import annotations

from collections import defaultdict

from launchready.core.plan import DomainPlan, PlannedRecord
from launchready.handover.document import Bullets, Code, Paragraph, Section, Steps, table
from launchready.render.plan import cache_rows, redirect_rows, ttl_text

ADDRESS_TYPES = ("A", "AAAA", "CNAME")


def host_role(plan: DomainPlan, name: str) -> str:
    host = next((h for h in plan.web_hosts if h.fqdn == name), None)
    if host is None:
        return "extra record"
    if host.canonical:
        return "canonical: serves the site"
    if any(rule.kind == "canonical" and rule.host == name for rule in plan.redirects):
        return f"redirects to {plan.canonical_host}"
    return "never cached (dynamic)" if host.cache_bypass else "web host"


def host_rows(plan: DomainPlan) -> list[tuple[str, ...]]:
    targets: dict[str, list[PlannedRecord]] = defaultdict(list)
    for record in plan.records:
        # Service names (_dmarc, selector._domainkey) are not hosts anyone browses to.
        if record.type in ADDRESS_TYPES and not record.name.startswith("_") and "._" not in record.name:
            targets[record.name].append(record)
    return [(name, ", ".join(r.content for r in records), "proxied" if records[0].proxied else "DNS only",
             host_role(plan, name)) for name, records in targets.items()]


def hosts_section(plan: DomainPlan) -> Section:
    return Section("hosts", "Domains and hosts", (
        Paragraph(f"The canonical address is {plan.canonical_url}. A proxied host answers DNS with "
                  "Cloudflare's addresses and Cloudflare connects to the target shown here; a DNS-only host "
                  "answers with the target itself."),
        table(("host", "points to", "proxy", "role"), host_rows(plan)),
    ))


def record_rows(plan: DomainPlan) -> list[tuple[str, ...]]:
    return [(r.name, r.type, (f"{r.priority} " if r.priority is not None else "") + r.content, ttl_text(r.ttl),
             "proxied" if r.proxied else "DNS only", r.source) for r in plan.records]


def records_section(plan: DomainPlan) -> Section:
    return Section("records", "DNS records", (
        Paragraph("Every record Pulumi manages in the zone, with its TTL. `auto` is Cloudflare's automatic TTL "
                  "(300 s for DNS-only answers; proxied records always use it). A change reaches everyone only "
                  "after the old answer's TTL has run out in resolvers' caches."),
        table(("name", "type", "content", "TTL", "proxy", "from spec key"), record_rows(plan)),
    ))


def redirects_section(plan: DomainPlan) -> Section:
    return Section("redirects", "Redirect rules", (
        Paragraph("`http://` always goes to `https://` on the same host first (Always Use HTTPS); these rules "
                  "apply after that, one hop each. The first matching rule wins."),
        table(("from", "to", "status", "query string"), redirect_rows(plan)),
    ))


def purge_code(plan: DomainPlan) -> str:
    zone = plan.zone_id or "$ZONE_ID"
    return (f"curl -X POST https://api.cloudflare.com/client/v4/zones/{zone}/purge_cache \\\n"
            '  -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" -H "Content-Type: application/json" \\\n'
            f"  --data '{{\"files\": [\"{plan.canonical_url}/app.css\"]}}'")


def api_purge_step(plan: DomainPlan) -> str:
    """Where to find the zone id when the stack does not hold it (the zone's Overview page, API box,
    Cloudflare dashboard, read 2026-11)."""
    where = "" if plan.zone_id else "; `$ZONE_ID` is the Zone ID on the zone's Overview page, under API"
    return f"Or by API (the token needs Zone › Cache Purge › Purge{where}):"


def cache_section(plan: DomainPlan) -> Section:
    return Section("cache", "Cache rules and how to purge", (
        Paragraph("Later rules win, so the never-cache rules come last: an API or login response is never "
                  "stored even if it looks like a static file."),
        table(("rule", "action", "edge TTL", "browser TTL", "what"), cache_rows(plan)),
        Paragraph("To make a changed file visible before its edge TTL runs out, purge it. Browsers keep their "
                  "copy until the browser TTL runs out; a new file name (app.3f2a.css) avoids waiting."),
        Steps((f"Dashboard: {plan.zone} › Caching › Configuration › Purge Cache › Custom Purge, then paste "
               "the URLs.",
               api_purge_step(plan))),
        Code(purge_code(plan)),
        Paragraph("Purge Everything empties the whole edge cache at once: every request then goes to the "
                  "origin until the cache refills, so prefer purging URLs."),
    ))


def tls_rows(plan: DomainPlan) -> list[tuple[str, ...]]:
    s = plan.zone_settings
    return [
        ("SSL mode", s.ssl, "Full (strict): Cloudflare checks the origin's certificate" if s.ssl == "strict"
         else "the origin's certificate is not fully checked"),
        ("Minimum TLS", s.min_tls_version, "older clients are refused"),
        ("TLS 1.3", s.tls_1_3, "faster handshakes on phones"),
        ("Always Use HTTPS", s.always_use_https, "http:// redirects to https:// on the same host"),
        ("Automatic HTTPS Rewrites", s.automatic_https_rewrites, "fixes http:// links in pages (mixed content)"),
        ("HSTS", s.hsts.header() or "off", "browsers refuse plain HTTP for max-age seconds"),
        ("DNSSEC", "on" if plan.dnssec else "off", "give the DS record to the registrar" if plan.dnssec else
         "answers are not signed"),
    ]


def tls_section(plan: DomainPlan) -> Section:
    hsts = plan.zone_settings.hsts
    caution = (f"HSTS cannot be taken back quickly: a browser that saw max-age={hsts.max_age} keeps refusing "
               "plain HTTP for that long, so keep HTTPS working on every host." if hsts.enabled else
               "HSTS is off: browsers may try plain HTTP first.")
    return Section("tls", "TLS and HSTS", (table(("setting", "value", "what it means"), tls_rows(plan)),
                                         Paragraph(caution)))


def mail_kind(record: PlannedRecord, zone: str) -> str | None:
    if record.type == "MX":
        if record.content in (".", ""):
            return "no mail accepted (null MX)"
        return "bounces for SES (MAIL FROM MX)" if "amazonses" in record.content else "receives mail (MX)"
    if record.type == "TXT" and record.content.startswith("v=spf1"):
        return "senders allowed (SPF)"
    if record.name == f"_dmarc.{zone}":
        return "policy for failing mail (DMARC)"
    return "signing key (DKIM)" if "._domainkey." in record.name else None


def mail_section(plan: DomainPlan) -> Section:
    rows = [(kind, r.name, (f"{r.priority} " if r.priority is not None else "") + r.content, ttl_text(r.ttl))
            for r in plan.records if (kind := mail_kind(r, plan.zone))]
    if not rows:
        return Section("mail", "Mail", (Paragraph(f"This stack declares no mail records: mail to @{plan.zone} is "
                                                   "not delivered. Declare an `email` section to add them."),))
    return Section("mail", "Mail", (
        Paragraph("What receiving servers check before they accept mail from this domain."),
        table(("what", "name", "value", "TTL"), rows),
        Bullets(("DMARC reports (if `rua` is set) arrive daily; read them before tightening the policy.",)),
    ))


def site_sections(plan: DomainPlan) -> tuple[Section, ...]:
    return (hosts_section(plan), records_section(plan), redirects_section(plan), cache_section(plan),
            tls_section(plan), mail_section(plan))
