"""The app-link files each host must serve, and the rules that keep them reachable and fresh.

Apple's format is the iOS 13+ one: `applinks.details[]`, each with `appIDs` and ordered `components`
whose `"/"` is a path pattern and `exclude: true` leaves it to the browser (Apple, "Supporting associated
domains" and "applinks.details.components", read 2026-11). Google's is a Digital Asset Links statement
list: `relation` and a `target` of namespace `android_app` with `package_name` and
`sha256_cert_fingerprints` (Android developers, "Verify Android App Links", read 2026-11).

Apple's CDN fetches the file without following redirects, so the canonical-host redirect is planned
around both paths on every app-link host; a cache rule keeps them at a short edge TTL, so a changed
fingerprint reaches the verifiers within minutes, not a day.
"""

from __future__ import annotations

import json
from typing import Any

from launchready.core.dnsname import fqdn
from launchready.core.plan.app_links_model import (
    APP_LINKS_TTL,
    AndroidTarget,
    AppLinkDocument,
    AppLinksPlan,
)
from launchready.core.plan.model import CacheRule, RedirectRule
from launchready.core.plan.redirects import quote
from launchready.core.spec.app_link_rules import AASA_PATH, ASSETLINKS_PATH, link_labels
from launchready.core.spec.app_links import AndroidApp, AppLinksSpec, IosApp
from launchready.core.spec.models import DomainSpec


def components(app: IosApp) -> list[dict[str, Any]]:
    """Apple matches components in order, first match wins: exclusions first."""
    excluded = [{"/": path, "exclude": True} for path in app.exclude]
    return excluded + [{"/": path} for path in app.paths]


def apple_document(apps: tuple[IosApp, ...]) -> dict[str, Any]:
    details = [{"appIDs": [app.app_id], "components": components(app)} for app in apps]
    return {"applinks": {"details": details}}


def android_statement(app: AndroidApp) -> list[dict[str, Any]]:
    target = {"namespace": "android_app", "package_name": app.package,
              "sha256_cert_fingerprints": list(app.sha256_cert_fingerprints)}
    return [{"relation": list(app.relations), "target": target}]


def android_document(apps: tuple[AndroidApp, ...]) -> list[dict[str, Any]]:
    return [statement for app in apps for statement in android_statement(app)]


def as_text(document: Any) -> str:
    return json.dumps(document, indent=2) + "\n"


def host_documents(host: str, links: AppLinksSpec) -> list[AppLinkDocument]:
    documents = []
    if links.ios:
        documents.append(AppLinkDocument(host=host, path=AASA_PATH, kind="apple",
                                         body=as_text(apple_document(links.ios))))
    if links.android:
        documents.append(AppLinkDocument(host=host, path=ASSETLINKS_PATH, kind="android",
                                         body=as_text(android_document(links.android))))
    return documents


def app_links_plan(spec: DomainSpec) -> AppLinksPlan | None:
    links = spec.app_links
    if links is None:
        return None
    has_apps = bool(links.ios or links.android)
    hosts = tuple(fqdn(label, spec.zone.name) for label in link_labels(spec, links)) if has_apps else ()
    return AppLinksPlan(
        hosts=hosts,
        documents=tuple(document for host in hosts for document in host_documents(host, links)),
        app_ids=tuple(app.app_id for app in links.ios),
        android=tuple(AndroidTarget(package=app.package, fingerprints=app.sha256_cert_fingerprints)
                      for app in links.android),
        callbacks=links.callbacks,
        pages=links.pages,
    )


def path_set(paths: tuple[str, ...]) -> str:
    return "{" + " ".join(quote(path) for path in paths) + "}"


def spare_well_known(rules: tuple[RedirectRule, ...], plan: AppLinksPlan | None) -> tuple[RedirectRule, ...]:
    """The canonical-host redirect, when it starts on an app-link host, leaves the two files alone."""
    if plan is None or not plan.documents:
        return rules
    return tuple(spared(rule, plan) if rule.kind == "canonical" and rule.host in plan.hosts else rule
                 for rule in rules)


def spared(rule: RedirectRule, plan: AppLinksPlan) -> RedirectRule:
    inner = rule.expression.removeprefix("(").removesuffix(")")
    expression = f"({inner} and not (http.request.uri.path in {path_set(plan.paths)}))"
    return rule.model_copy(update={"expression": expression,
                                   "description": rule.description + "; app-link files served in place"})


def fresh_files_rule(plan: AppLinksPlan | None) -> CacheRule | None:
    if plan is None or not plan.documents:
        return None
    hosts = "{" + " ".join(quote(host) for host in plan.hosts) + "}"
    return CacheRule(
        ref="app_links_fresh",
        description=f"app-link files: edge {APP_LINKS_TTL}s, browser {APP_LINKS_TTL}s",
        expression=f"(http.host in {hosts} and http.request.uri.path in {path_set(plan.paths)})",
        cache=True,
        edge_ttl=APP_LINKS_TTL,
        browser_ttl=APP_LINKS_TTL,
    )


def with_fresh_files(rules: tuple[CacheRule, ...], plan: AppLinksPlan | None) -> tuple[CacheRule, ...]:
    """After the static-asset rule, before the bypass rules (later rules win: an API host stays uncached)."""
    rule = fresh_files_rule(plan)
    return rules if rule is None else (*rules[:1], rule, *rules[1:])
