"""An adopted address or alias whose proxy state the first `pulumi up` flips (docs/diff-and-adopt.md,
"Dangerous changes to what the zone holds").

Proxied → DNS-only is `diff`'s proxy.origin-exposed: the name answers the origin's own address to
everyone from then on (Cloudflare docs, "Proxy status", read 2026-11), and every rule that runs on
Cloudflare's edge stops applying to it, since Rules features require the record to be proxied
(Cloudflare docs, "Rules overview", read 2026-12): an origin rule that sends the API to port 8080, a
transform, a redirect, a cache rule, a WAF rule or rate limit.

DNS-only → proxied (proxy.starts; a host in `hosts` is proxied unless it says otherwise; only where the
zone says it is DNS-only today: the API, or a Cloudflare export's `cf-proxied:false` tag) puts
Cloudflare's proxy in front: the name answers Cloudflare's addresses, and only HTTP and HTTPS on the
ports Cloudflare proxies reach the origin (Cloudflare docs, "Network ports", read 2026-12), so SSH,
mail, a database or any other service or port at that name stops answering.
"""

from __future__ import annotations

import re

from launchready.adopt.model import ExistingRecord, ExistingRuleset, Overwrite
from launchready.adopt.overwrites import existing_label, overwrite
from launchready.core.dnsname import relative
from launchready.core.plan.model import DomainPlan, PlannedRecord
from launchready.core.spec.kept import KEPT_PHASES

PROXIABLE = frozenset({"A", "AAAA", "CNAME"})
HTTP_PORTS = "80, 8080, 8880, 2052, 2082, 2086, 2095"
HTTPS_PORTS = "443, 2053, 2083, 2087, 2096, 8443"
"""The ports Cloudflare proxies (Cloudflare docs, "Network ports", read 2026-12)."""
LISTED = 5
"""At most this many rules named in one message."""

EXPOSED_WHY = ("its DNS answers will show the origin ({target}) to everyone, so attacks reach the origin directly, "
               "around Cloudflare's WAF, cache and DDoS protection; and rules run only on proxied traffic, so these "
               "stop applying to {name}: {rules}. To keep it proxied, set proxied: true in {source}")
STARTS_WHY = ("from the first up on, {name} answers Cloudflare's addresses instead of {target}, and Cloudflare passes "
              "on only HTTP (ports " + HTTP_PORTS + ") and HTTPS (ports " + HTTPS_PORTS + ") to it: SSH, mail, a "
              "database or any other service, and any other port, at {name} stops answering. If {name} serves "
              "anything but web traffic on those ports, set proxied: false in {source}")


def edge_rulesets(rulesets: tuple[ExistingRuleset, ...]) -> list[ExistingRuleset]:
    """The zone's own entry points of HTTP phases: their rules run on Cloudflare's edge, on proxied traffic."""
    return [r for r in rulesets if r.kind == "zone" and r.phase.startswith("http_")]


def may_match(expression: str, name: str) -> bool:
    """Whether a rule can apply to `name`: it names the host (not as part of a longer name), or does not filter
    on the host at all."""
    alone = rf"(?<![\w.-]){re.escape(name)}(?![\w.-])"
    return "http.host" not in expression or re.search(alone, expression) is not None


def rules_named(plan: DomainPlan, rulesets: tuple[ExistingRuleset, ...], name: str) -> list[str]:
    """The zone's entry points and rules (`rules.keep` ones too) that stop applying to `name` without the proxy."""
    found: list[str] = []
    seen: set[str] = set()
    for ruleset in edge_rulesets(rulesets):
        refs = [rule.ref for rule in ruleset.rules if may_match(rule.expression, name)]
        seen.update(refs)
        if refs:
            found.append(f"the {ruleset.phase} rule{'s' if len(refs) > 1 else ''} {', '.join(refs)}")
        elif ruleset.phase not in KEPT_PHASES:  # adopt reads the rules of these phases only
            found.append(f"any {ruleset.phase} rule (entry point {ruleset.id}) that matches it")
    found += [f"the rules.keep rule {rule.ref} ({rule.phase})" for rule in plan.kept_rules
              if may_match(rule.expression, name) and rule.ref not in seen]
    return found


def shown_rules(found: list[str]) -> str:
    if not found:
        return "none the zone holds today, but any origin, transform, redirect, cache or WAF rule added later"
    more = f" and {len(found) - LISTED} more" if len(found) > LISTED else ""
    return ", ".join(found[:LISTED]) + more


def origin_exposed(plan: DomainPlan, rulesets: tuple[ExistingRuleset, ...], existing: ExistingRecord,
                   planned: PlannedRecord) -> Overwrite:
    label = existing_label(existing, plan.zone)
    why = EXPOSED_WHY.format(target=planned.content, name=existing.name, source=planned.source,
                             rules=shown_rules(rules_named(plan, rulesets, existing.name)))
    return overwrite(plan, "proxy.origin-exposed", f"{label} is proxied today and no longer will be: "
                     f"{relative(existing.name, plan.zone)} answers {planned.content} itself", why, label)


def proxy_starts(plan: DomainPlan, existing: ExistingRecord, planned: PlannedRecord) -> Overwrite:
    label = existing_label(existing, plan.zone)
    why = STARTS_WHY.format(name=existing.name, target=existing.content, source=planned.source)
    return overwrite(plan, "proxy.starts", f"{label} is DNS-only today and will be proxied", why, label)


def proxy_flip(plan: DomainPlan, rulesets: tuple[ExistingRuleset, ...], existing: ExistingRecord,
               planned: PlannedRecord, updates: tuple[str, ...]) -> Overwrite | None:
    """The danger of the first up turning an adopted A, AAAA or CNAME's proxy off or on; None otherwise."""
    if "proxied" not in updates or planned.type not in PROXIABLE:
        return None
    if existing.proxied:
        return origin_exposed(plan, rulesets, existing, planned)
    if not existing.proxy_known:  # another provider's zone file: moving to Cloudflare's proxy is the point
        return None
    return proxy_starts(plan, existing, planned)


def with_flip(content: Overwrite | None, flip: Overwrite | None) -> Overwrite | None:
    """One danger per adopted record (one `adopted.overwrites` entry declares both): a content change and a
    proxy flip of the same record are told together, under the content change's id."""
    if content is None or flip is None:
        return content or flip
    return content.model_copy(update={"change": f"{content.change}, and {flip.change} ({flip.rule})",
                                      "why": f"{content.why}; and {flip.why}"})
