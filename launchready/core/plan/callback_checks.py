"""Sign-in callbacks that launchready's own redirect rules would move.

An OAuth redirect URI must be answered where it is registered: a redirect carries the `?code=` (or the
token) in its query to another URL, which the app never opens (RFC 6749 §3.1.2; OAuth 2.0 Security
BCP, RFC 9700 §4.1). `validate` would later report the hop as mobile.callback.offhost or see the wrong
page, so a planned redirect that matches a callback is refused here, before anything is deployed.

These need the planned redirect rules (the canonical-host rule exists only when `www` is a host, and
spares the app-link files), so they run on the plan, not on the spec.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from launchready.core.errors import Problem
from launchready.core.plan.model import DomainPlan, RedirectRule
from launchready.core.plan.redirects import redirect_host
from launchready.core.redact import quoted
from launchready.core.spec.models import DomainSpec


def callback_plan_problems(plan: DomainPlan, spec: DomainSpec) -> Iterator[Problem]:
    links = plan.app_links
    if links is None:
        return
    for i, url in enumerate(links.callbacks):
        host, path = callback_host_path(url)
        rule = next((rule for rule in plan.redirects if moves(rule, host, path, plan)), None)
        if rule is not None:
            yield Problem(f"app_links.callbacks[{i}]", moved_message(url, rule, plan, spec))


def callback_host_path(url: str) -> tuple[str, str]:
    """The host and `http.request.uri.path` a request for the URL carries (no path is `/`)."""
    parts = urlsplit(url)
    return (parts.hostname or "").rstrip("."), parts.path or "/"


def moves(rule: RedirectRule, host: str, path: str, plan: DomainPlan) -> bool:
    """Whether the rule matches an HTTPS request for host and path (every planned rule requires `ssl`)."""
    if rule.host != host:
        return False
    if rule.kind == "legacy":
        return rule.source_path == path
    spared = plan.app_links.paths if plan.app_links and host in plan.app_links.hosts else ()
    return path not in spared


def moved_message(url: str, rule: RedirectRule, plan: DomainPlan, spec: DomainSpec) -> str:
    """Names the rule and the fix; the URL itself is left to the key path (a message quotes no URL a
    credential could hide in: launchready.core.redact)."""
    if rule.kind == "canonical":
        fixed = url.replace(f"//{rule.host}", f"//{plan.canonical_host}", 1)
        return (f"this callback is on {rule.host}, which the canonical-host redirect sends to "
                f"{plan.canonical_host} with its ?code= query, so the app never receives the sign-in answer; "
                f"put the callback on the canonical host ({quoted(fixed)}) and register that URL with the "
                "sign-in provider")
    path, target = quoted(rule.source_path or "/"), quoted(rule.target_url)
    return (f"{declared_redirect(rule, spec)} moves this callback ({path} on {rule.host}) to {target}, so the app "
            "never receives the sign-in answer at the URL the sign-in provider calls; drop that redirect, or "
            "register its target as the callback instead")


def declared_redirect(rule: RedirectRule, spec: DomainSpec) -> str:
    """`redirects[i]`, the spec entry the legacy rule was planned from."""
    for i, redirect in enumerate(spec.redirects):
        if redirect.source == rule.source_path and redirect_host(spec, redirect) == rule.host:
            return f"redirects[{i}]"
    return f"the redirect rule {rule.ref}"
