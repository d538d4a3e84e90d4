"""What the loopback edge answers: Cloudflare's behaviour for a plan, and the faults a launch can meet.

A pure function of (plan, faults, scheme, host, request target), so it is tested without sockets.
The correct behaviour mirrors the zone the Pulumi program applies:
- Always Use HTTPS: `http://H/p?q` → 301 `https://H/p?q` on the same host, for proxied hosts only
  (Cloudflare "Always Use HTTPS", read 2026-11; it answers 301).
- Single redirects, matching HTTPS only: legacy paths first, then the canonical-host rule
  (launchready.core.plan.redirects).
- The HSTS header on every HTTPS response of a proxied host, redirects included (Cloudflare HSTS
  setting: "for all HTTPS requests", read 2026-11), never over plain HTTP.
DNS-only hosts stand for someone else's server: it redirects to HTTPS and sends no HSTS.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qsl, urlencode

from launchready.core.plan import DomainPlan, RedirectRule
from launchready.sandbox.certs import CertVariant
from launchready.sandbox.edge_mobile import MobileFault, MobileRules


class Fault(StrEnum):
    """Ways the edge can be wrong; each one should make `launchready validate` exit 1."""

    WWW_FIRST = "www-first"                  # http://<other host> jumps straight to https://<canonical>
    NO_HTTPS_REDIRECT = "no-https-redirect"  # plain HTTP answers 200
    LOOP = "loop"                            # the canonical host redirects back to the other one
    FOUR_HOPS = "four-hops"                  # two extra hops on the canonical host
    INSECURE_HOP = "insecure-hop"            # the canonical redirect points at http://
    PATH_DROPPED = "path-dropped"            # the canonical redirect goes to / without path or query
    LEGACY_WRONG_STATUS = "legacy-wrong-status"  # legacy redirects answer 302
    SERVER_ERROR = "server-error"            # / answers 502, as Cloudflare does when the origin is down
    NO_HSTS = "no-hsts"
    NO_HSTS_ON_REDIRECT = "no-hsts-on-redirect"
    SHORT_MAX_AGE = "short-max-age"
    HSTS_OVER_HTTP = "hsts-over-http"
    EXPIRED_CERT = "expired-cert"
    EXPIRING_CERT = "expiring-cert"          # 10 days left
    OTHER_NAME_CERT = "other-name-cert"
    SELF_SIGNED_CERT = "self-signed-cert"
    LEGACY_TLS_ONLY = "legacy-tls-only"      # TLS 1.0 and 1.1 only
    LEGACY_TLS_TOO = "legacy-tls-too"        # TLS 1.0 to 1.3
    SILENT = "silent"                        # accepts connections, never answers
    APPLINKS_REDIRECT = MobileFault.APPLINKS_REDIRECT.value  # the mobile faults: launchready.sandbox.edge_mobile
    APPLINKS_WRONG_TYPE = MobileFault.APPLINKS_WRONG_TYPE.value
    APPLINKS_MISSING_APP = MobileFault.APPLINKS_MISSING_APP.value
    MIXED_CONTENT = MobileFault.MIXED_CONTENT.value
    NO_COMPRESSION = MobileFault.NO_COMPRESSION.value
    CALLBACK_OFFHOST = MobileFault.CALLBACK_OFFHOST.value


CERT_FAULTS = {
    Fault.EXPIRED_CERT: CertVariant.EXPIRED,
    Fault.EXPIRING_CERT: CertVariant.EXPIRING,
    Fault.OTHER_NAME_CERT: CertVariant.OTHER_NAME,
    Fault.SELF_SIGNED_CERT: CertVariant.SELF_SIGNED,
}

SHORT_MAX_AGE = 300
HOP_PARAM = "lr-hop"


def cert_variant(faults: frozenset[Fault]) -> CertVariant:
    return next((variant for fault, variant in CERT_FAULTS.items() if fault in faults), CertVariant.GOOD)


@dataclass(frozen=True)
class Reply:
    status: int
    location: str | None = None
    hsts: str | None = None
    body: str = ""
    content_type: str = "text/plain; charset=utf-8"


class EdgeRules:
    """The edge's answers for one plan and one set of faults."""

    def __init__(self, plan: DomainPlan, faults: frozenset[Fault] = frozenset()) -> None:
        self.plan, self.faults = plan, faults
        self.proxied = {host.fqdn for host in plan.web_hosts if host.proxied}
        self.canonical_rule = next((r for r in plan.redirects if r.kind == "canonical"), None)
        self.legacy = tuple(r for r in plan.redirects if r.kind == "legacy")
        self.mobile = MobileRules(plan, frozenset(faults))

    def reply(self, scheme: str, host: str, target: str) -> Reply:
        host = host.split(":")[0].lower().rstrip(".")
        return self.http(host, target) if scheme == "http" else self.https(host, target)

    def http(self, host: str, target: str) -> Reply:
        hsts = self.hsts_header() if Fault.HSTS_OVER_HTTP in self.faults else None
        if Fault.NO_HTTPS_REDIRECT in self.faults or self.plan.zone_settings.always_use_https != "on":
            return Reply(200, hsts=hsts, body=f"plain HTTP page of {host}\n")
        to_host = host
        if Fault.WWW_FIRST in self.faults and self.canonical_rule and host == self.canonical_rule.host:
            to_host = self.plan.canonical_host
        return Reply(301, f"https://{to_host}{target}", hsts=hsts)

    def https(self, host: str, target: str) -> Reply:
        reply = self.app_link_file(host, target) or self.redirect(host, target) or self.page(host, target)
        if host not in self.proxied or Fault.NO_HSTS in self.faults:
            return reply
        if reply.location and Fault.NO_HSTS_ON_REDIRECT in self.faults:
            return reply
        return Reply(reply.status, reply.location, self.hsts_header(), reply.body, reply.content_type)

    def app_link_file(self, host: str, target: str) -> Reply | None:
        """Served before the redirect rules: the canonical-host rule is planned around these paths."""
        answer = self.mobile.document(host, target.partition("?")[0])
        return Reply(answer[0], answer[1], body=answer[3], content_type=answer[2]) if answer else None

    def redirect(self, host: str, target: str) -> Reply | None:
        path, _, query = target.partition("?")
        for rule in self.legacy:
            if host == rule.host and path == rule.source_path:
                return self.legacy_reply(rule, query)
        canonical = self.canonical_rule
        if canonical and host == canonical.host:
            return Reply(canonical.status, self.canonical_location(target))
        if canonical and host == self.plan.canonical_host:
            return self.canonical_host_faults(target, other=canonical.host)
        return None

    def legacy_reply(self, rule: RedirectRule, query: str) -> Reply:
        status = 302 if Fault.LEGACY_WRONG_STATUS in self.faults else rule.status
        keep = rule.keep_query and query
        return Reply(status, rule.target_url + (f"?{query}" if keep else ""))

    def canonical_location(self, target: str) -> str:
        if Fault.PATH_DROPPED in self.faults:
            return f"https://{self.plan.canonical_host}/"
        scheme = "http" if Fault.INSECURE_HOP in self.faults else "https"
        return f"{scheme}://{self.plan.canonical_host}{target}"

    def canonical_host_faults(self, target: str, other: str) -> Reply | None:
        if Fault.LOOP in self.faults:
            return Reply(301, f"https://{other}{target}")
        if Fault.FOUR_HOPS in self.faults:
            return extra_hop(self.plan.canonical_host, target)
        return None

    def page(self, host: str, target: str) -> Reply:
        if Fault.SERVER_ERROR in self.faults and target.partition("?")[0] == "/":
            return Reply(502, body="502 Bad Gateway: the origin did not answer\n")
        answer = self.mobile.page(host, target.partition("?")[0])
        if answer:
            return Reply(answer[0], answer[1], body=answer[3], content_type=answer[2])
        return Reply(200, body=f"launchready sandbox edge: {host}{target}\n")

    def hsts_header(self) -> str | None:
        setting = self.plan.zone_settings.hsts
        if Fault.SHORT_MAX_AGE in self.faults:
            setting = setting.model_copy(update={"enabled": True, "max_age": SHORT_MAX_AGE})
        return setting.header()


def extra_hop(host: str, target: str) -> Reply | None:
    """Two more 307s on the canonical host (?lr-hop=1, then 2) before the page: a chain too long."""
    path, _, query = target.partition("?")
    params = parse_qsl(query, keep_blank_values=True)
    hop = int(dict(params).get(HOP_PARAM, "0"))
    if hop >= 2:
        return None
    kept = [(k, v) for k, v in params if k != HOP_PARAM] + [(HOP_PARAM, str(hop + 1))]
    return Reply(307, f"https://{host}{path}?{urlencode(kept)}")
