"""Single-redirect rules: the canonical-host redirect and the legacy URL redirects.

Order of hops (hstspreload.org and internet.nl both require it): `http://H` goes to `https://H` on the
same host first, by Always Use HTTPS; only then does `https://www` go to `https://apex` (or the
reverse). Every rule therefore matches HTTPS requests only (`ssl`), so a plain-HTTP request never
skips the HTTPS hop. Cloudflare's own www→root example also matches only `https://www.*`
(developers.cloudflare.com/rules/url-forwarding/examples/redirect-www-to-root, read 2026-11).
"""

from __future__ import annotations

from collections.abc import Iterator

from launchready.core.dnsname import fqdn
from launchready.core.plan.folding import distinct_keys
from launchready.core.plan.model import RedirectRule
from launchready.core.plan.records import slug, written_label
from launchready.core.spec.models import DomainSpec
from launchready.core.spec.redirect_models import RedirectSpec


def quote(text: str) -> str:
    """A string literal in Cloudflare's Rules language (backslash and double quote escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def canonical_hosts(spec: DomainSpec) -> tuple[str, str]:
    """(canonical FQDN, the other one) for the spec's `canonical` choice."""
    apex, www = spec.zone.name, fqdn("www", spec.zone.name)
    return (apex, www) if spec.canonical == "apex" else (www, apex)


def canonical_rule(spec: DomainSpec) -> RedirectRule:
    canonical, other = canonical_hosts(spec)
    return RedirectRule(
        ref="canonical_host",
        description=f"{other} -> {canonical}, path and query kept",
        kind="canonical",
        host=other,
        source_path=None,
        target_url=f"https://{canonical}",
        status=spec.canonical_status,
        keep_query=True,
        expression=f"(http.host eq {quote(other)} and ssl)",
        target_expression=f"concat({quote('https://' + canonical)}, http.request.uri.path)",
    )


def redirect_host(spec: DomainSpec, redirect: RedirectSpec) -> str:
    return fqdn(redirect.host, spec.zone.name) if redirect.host else canonical_hosts(spec)[0]


def target_url(host: str, to: str) -> str:
    return to if to.startswith("https://") else f"https://{host}{to}"


def legacy_rule(spec: DomainSpec, redirect: RedirectSpec) -> RedirectRule:
    host = redirect_host(spec, redirect)
    target = target_url(host, redirect.to)
    return RedirectRule(
        ref=f"legacy_{slug(host + redirect.source).replace('-', '_')}",
        description=f"{redirect.source} moved to {redirect.to}",
        kind="legacy",
        host=host,
        source_path=redirect.source,
        target_url=target,
        status=redirect.status,
        keep_query=redirect.keep_query,
        expression=f"(http.host eq {quote(host)} and http.request.uri.path eq {quote(redirect.source)} and ssl)",
        target_value=target,
    )


def redirect_rules(spec: DomainSpec) -> tuple[RedirectRule, ...]:
    """Legacy redirects first (they are specific), then the canonical-host rule. A redirect action
    ends the phase, so the first matching rule wins (Cloudflare Ruleset Engine, read 2026-11)."""

    def rules() -> Iterator[RedirectRule]:
        yield from (legacy_rule(spec, r) for r in spec.redirects)
        if "www" in spec.hosts:
            yield canonical_rule(spec)

    return distinct_keys(tuple(rules()), "ref", rule_identity, lambda rule: redirect_written(rule, spec.zone.name),
                         sep="_")


def rule_identity(rule: RedirectRule) -> str:
    return f"{rule.host}{rule.source_path or ''}"


def redirect_written(rule: RedirectRule, zone: str) -> tuple[str, str]:
    """Host label and path as written: of `/blog` and `/blog/`, `/blog` keeps the plain ref."""
    return written_label(rule.host, zone), (rule.source_path or "").removeprefix("/")
