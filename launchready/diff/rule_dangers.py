"""Dangerous changes to ruleset rules and to DNSSEC.

A rule that leaves the spec leaves Cloudflare at the next `pulumi up` (the Ruleset owns its phase's
whole list), and a redirect that moves its target or status sends visitors, bookmarks and search
engines elsewhere; a permanent one (301/308) is cached by browsers (RFC 9110 §15.4.2), so a mistake
outlives its fix. Turning DNSSEC off while the registrar still publishes the DS record makes every
validating resolver answer SERVFAIL for the whole zone (RFC 4035 §5: a signed delegation whose zone
has no DNSKEY is bogus); Cloudflare documents the order: remove the DS at the registrar, then
disable ("Disable DNSSEC", read 2026-11).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from launchready.core.dnsname import in_zone
from launchready.core.plan.model import DomainPlan, PlannedKeptRule, RedirectRule
from launchready.diff.elide import elided
from launchready.diff.model import APPROVAL, Danger, PlanDiff, RuleChange
from launchready.diff.redirect_scope import catch_all_scope, matches_more, target_hosts

DNSSEC_WHY = ("while the registrar still publishes the DS record, every validating resolver (about a third of "
              "users) gets SERVFAIL for the whole domain (RFC 4035 §5). Safe order: remove the DS record at the "
              "registrar, wait for twice the parent zone's DS TTL (`dig +norec DS <zone> @<parent server>`), "
              "then set dnssec_protected: false and apply, then dnssec: false")


def removed_danger(change: RuleChange) -> Danger | None:
    if change.action != "removed" or change.old is None:
        return None
    phase = change.phase
    return Danger(rule="rule.removed", subject=f"{phase} {change.ref}",
                  change=f"removes the {phase} rule {change.ref} ({change.old.expression})",
                  why="the next `pulumi up` deletes it from Cloudflare (the ruleset holds only the rules the spec "
                  "lists); if it came from the dashboard or an adopted zone, keep it under rules.keep")


RETARGET_WHY = ("visitors and search engines are sent elsewhere, and browsers that cached a permanent (301/308) "
                "redirect keep following the old one (RFC 9110 §15.4.2)")


def from_value_target(action_parameters: dict[str, Any] | None) -> tuple[Any, Any]:
    """(target, status) of a redirect rule in the API's shape: the target URL's expression or value."""
    from_value = (action_parameters or {}).get("from_value")
    from_value = from_value if isinstance(from_value, dict) else {}
    target = from_value.get("target_url")
    target = target if isinstance(target, dict) else {}
    return (target.get("expression") or target.get("value"), from_value.get("status_code"))


def redirect_effect(rule: Any) -> tuple[Any, Any] | None:
    """(target, status) of any generated or kept redirect rule, the canonical one too; None for other rules."""
    if isinstance(rule, RedirectRule):
        return (rule.target_expression or rule.target_value or rule.target_url, rule.status)
    if isinstance(rule, PlannedKeptRule) and rule.action == "redirect":
        return from_value_target(rule.action_parameters)
    return None


def redirect_target(rule: Any) -> tuple[Any, Any] | None:
    """(target, status) of a generated or a kept redirect rule; None for other rules."""
    if isinstance(rule, RedirectRule) and rule.kind == "canonical":
        return None  # redirect.canonical-switch says it, with the reason that fits
    return redirect_effect(rule)


def retarget_danger(change: RuleChange) -> Danger | None:
    if change.action != "changed":
        return None
    before, after = redirect_target(change.old), redirect_target(change.new)
    if before is None or after is None or before == after:
        return None
    return Danger(rule="redirect.target-changed", subject=f"redirect {change.ref}",
                  change=f"the redirect {change.ref} changes from {before[0]} ({before[1]}) to {after[0]} "
                  f"({after[1]})", why=RETARGET_WHY)


LEAVES_WHY = ("whoever runs that site receives the visitors, sign-ins included, and browsers cache a permanent "
              "(301/308) redirect with no expiry, so removing the rule later does not bring them back "
              "(RFC 9110 §15.4.2); " + APPROVAL)
WIDENED_WHY = ("visitors of pages the rule never caught are sent away, and browsers keep a permanent (301/308) "
               "redirect cached after the rule is fixed (RFC 9110 §15.4.2); " + APPROVAL)


def live_redirect(rule: object) -> RedirectRule | PlannedKeptRule | None:
    """A legacy or kept redirect that runs (the canonical one is redirect.canonical-switch's)."""
    if redirect_target(rule) is None or not getattr(rule, "enabled", True):
        return None
    assert isinstance(rule, (RedirectRule, PlannedKeptRule))
    return rule


def shown(text: object) -> str:
    """A target or expression in a message: elided, as code unless it holds a backtick itself."""
    text = elided(str(text))
    return text if "`" in text else f"`{text}`"


def sends_to(rule: RedirectRule | PlannedKeptRule) -> str:
    target, status = redirect_target(rule) or ("", "")
    return f"{shown(target)} ({status or 'status not set'})"


def foreign_host(rule: RedirectRule | PlannedKeptRule, hosts: frozenset[str], zone: str) -> str | None:
    """The first host the target names that is not a web host of the stack, said with where it is."""
    for host in target_hosts(rule):
        if host is None:
            return "a host that cannot be read for sure (computed per request, or written ambiguously)"
        if host and host not in hosts:
            return f"{elided(host)}, {'not a web host of this stack' if in_zone(host, zone) else f'outside {zone}'}"
    return None


def leaves_zone_danger(change: RuleChange, hosts: frozenset[str], zone: str) -> Danger | None:
    """An added or switched-on redirect, or one whose target moved, that sends visitors off the stack's hosts."""
    new, old = live_redirect(change.new), live_redirect(change.old)
    host = foreign_host(new, hosts, zone) if new is not None else None
    if new is None or host is None or (old is not None and redirect_target(old) == redirect_target(new)):
        return None
    was = f", instead of {sends_to(old)}" if old is not None else ""
    return Danger(rule="redirect.leaves-zone", subject=f"redirect {change.ref}",
                  change=f"the redirect {change.ref} sends visitors to {host}: {sends_to(new)}{was}", why=LEAVES_WHY)


def widened_danger(change: RuleChange) -> Danger | None:
    """A redirect that runs for every request of a host, or for requests it did not catch before."""
    new, old = live_redirect(change.new), live_redirect(change.old)
    if new is None:
        return None
    scope = catch_all_scope(new.expression)
    if old is not None:
        if not matches_more(old.expression, new.expression):
            return None
        caught = f"now matches {scope}" if scope else \
            f"matches other requests than before ({shown(old.expression)} → {shown(new.expression)})"
    elif change.old is not None:
        caught = f"starts redirecting ({scope or shown(new.expression)})"  # switched on, or became a redirect
    elif scope:
        caught = f"matches {scope}"
    else:
        return None
    return Danger(rule="redirect.widened", subject=f"redirect {change.ref}",
                  change=f"the redirect {change.ref} {caught} and sends it to {sends_to(new)}", why=WIDENED_WHY)


def rule_dangers(diff: PlanDiff, head: DomainPlan | None) -> Iterator[Danger]:
    """Rules removed, redirects retargeted, sent off the stack's web hosts (`head`'s) or widened."""
    hosts = frozenset(host.fqdn for host in head.web_hosts) if head else frozenset()
    for change in (*diff.redirects, *diff.cache_rules, *diff.rate_limits, *diff.kept_rules):
        leaves = leaves_zone_danger(change, hosts, diff.zone)
        retarget = None if leaves else retarget_danger(change)
        for danger in (removed_danger(change), retarget, leaves, widened_danger(change)):
            if danger is not None:
                yield danger


def dnssec_danger(base: DomainPlan, head: DomainPlan | None) -> Iterator[Danger]:
    """dnssec true → false, or the stack (and with it ZoneDnssec) removed while it signs."""
    if not base.dnssec or (head is not None and head.dnssec):
        return
    what = "DNSSEC is turned off" if head is not None else "the stack is removed, and ZoneDnssec with it"
    yield Danger(rule="dnssec.disabled", subject=f"{base.zone} DNSSEC on → off", change=what, why=DNSSEC_WHY)
