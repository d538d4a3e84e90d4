"""Rules that relate `app_links` to the rest of the spec: its hosts and callbacks are the zone's own, no
app is declared twice, and no declared redirect moves the files Apple and Google fetch.

Apple's CDN fetches `/.well-known/apple-app-site-association` without following redirects, and
Android's verifier treats a redirect on `/.well-known/assetlinks.json` as a failure (Apple,
"Supporting associated domains"; Android developers, "Verify Android App Links"; both read 2026-11).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from launchready.core.dnsname import fqdn
from launchready.core.errors import Problem
from launchready.core.redact import quoted
from launchready.core.spec.app_link_paths import deciding_component, opens
from launchready.core.spec.app_links import AppLinksSpec, IosApp
from launchready.core.spec.models import DomainSpec

AASA_PATH = "/.well-known/apple-app-site-association"
ASSETLINKS_PATH = "/.well-known/assetlinks.json"
WELL_KNOWN_PATHS = (AASA_PATH, ASSETLINKS_PATH)


def link_labels(spec: DomainSpec, links: AppLinksSpec) -> tuple[str, ...]:
    """The host labels that serve the files: as declared, or the canonical host."""
    return tuple(dict.fromkeys(links.hosts)) or (spec.canonical,)


def app_link_hosts_are_declared(spec: DomainSpec) -> Iterator[Problem]:
    links = spec.app_links
    if links is None:
        return
    known = ", ".join(sorted(spec.hosts))
    for i, label in enumerate(links.hosts):
        if label not in spec.hosts:
            yield Problem(f"app_links.hosts[{i}]", f'"{label}" is not a declared host; use one of {known}')
    if links.hosts and not (links.ios or links.android):
        yield Problem("app_links.hosts", "names hosts for the app-link files but no ios or android app is "
                      "declared, so there is nothing to serve; add the apps, or remove hosts")


def callbacks_are_on_the_zone(spec: DomainSpec) -> Iterator[Problem]:
    links = spec.app_links
    if links is None:
        return
    names = {fqdn(label, spec.zone.name) for label in spec.hosts}
    for i, url in enumerate(links.callbacks):
        host = (urlsplit(url).hostname or "").rstrip(".")
        if host not in names:
            yield Problem(f"app_links.callbacks[{i}]", f"{host} is not a web host of this zone; declare it under "
                          "hosts or use one of: " + ", ".join(sorted(names)))


def apps_are_declared_once(spec: DomainSpec) -> Iterator[Problem]:
    links = spec.app_links
    if links is None:
        return
    ids = [app.app_id for app in links.ios]
    for i, app_id in enumerate(ids):
        if app_id in ids[:i]:
            yield Problem(f"app_links.ios[{i}]", f"{app_id} is declared twice; merge its paths into one entry")
    packages = [app.package for app in links.android]
    for i, package in enumerate(packages):
        if package in packages[:i]:
            yield Problem(f"app_links.android[{i}]", f"{package} is declared twice; list every fingerprint "
                          "in one entry")


def redirects_leave_well_known(spec: DomainSpec) -> Iterator[Problem]:
    """A declared redirect of a `.well-known` app-link file would break the links; the canonical-host
    redirect is planned around them (launchready.core.plan.app_links)."""
    links = spec.app_links
    if links is None or not (links.ios or links.android):
        return
    hosts = {fqdn(label, spec.zone.name) for label in link_labels(spec, links)}
    for i, redirect in enumerate(spec.redirects):
        host = fqdn(redirect.host or spec.canonical, spec.zone.name)
        if host in hosts and redirect.source in WELL_KNOWN_PATHS:
            yield Problem(f"redirects[{i}]", f"redirects https://{host}{redirect.source}, which Apple and Google "
                          "fetch without following redirects; app links on this host would stop working. Remove "
                          "the redirect (the file is planned under app_links), or drop the host from app_links.hosts")


def callbacks_open_the_app(spec: DomainSpec) -> Iterator[Problem]:
    """A callback returns to the app only on a host that serves the app-link files and, for iOS, at a path
    an app's components claim (launchready.core.spec.app_link_paths); elsewhere the phone opens the browser
    and the sign-in never comes back. Android claims paths in the app's manifest, so only its host counts."""
    links = spec.app_links
    if links is None or not (links.ios or links.android):
        return
    zone_hosts = {fqdn(label, spec.zone.name) for label in spec.hosts}
    served = {fqdn(label, spec.zone.name): label for label in link_labels(spec, links)}
    for i, url in enumerate(links.callbacks):
        parts = urlsplit(url)
        host, path = (parts.hostname or "").rstrip("."), parts.path or "/"
        if host not in zone_hosts:
            continue  # callbacks_are_on_the_zone names it
        if host not in served:
            yield Problem(f"app_links.callbacks[{i}]", off_link_hosts(host, spec, served))
        elif links.ios and not any(opens(app, path) for app in links.ios):
            yield Problem(f"app_links.callbacks[{i}]", unclaimed_path(host, path, links.ios))


def off_link_hosts(host: str, spec: DomainSpec, served: dict[str, str]) -> str:
    label = next(label for label in spec.hosts if fqdn(label, spec.zone.name) == host)
    return (f"this callback is on {host}, which serves no apple-app-site-association or assetlinks.json "
            f"(app-link hosts: {', '.join(sorted(served))}), so phones open it in the browser and the sign-in "
            f"never returns to the app; add {label} to app_links.hosts (and applinks:{host} to the app's "
            "entitlements), or move the callback to an app-link host")


def unclaimed_path(host: str, path: str, apps: tuple[IosApp, ...]) -> str:
    shown = quoted(path)
    excluded = [(i, d[0]) for i, app in enumerate(apps) if (d := deciding_component(app, path)) and d[1]]
    if excluded:
        i, pattern = excluded[0]
        why = f"app_links.ios[{i}].exclude has {quoted(pattern)}, which Apple matches first and leaves to the browser"
        fix = f"remove that exclude or narrow it so it no longer matches {shown}"
    else:
        why = "it matches no pattern under any iOS app's paths"
        folder = quoted(path.rsplit("/", 1)[0] + "/*")
        fix = f"add {shown} (or a pattern that matches it, such as {folder}) to the app's paths"
    return (f"iOS opens this callback ({shown} on {host}) in the browser, not the app: {why}, so the sign-in "
            f"never returns to the app; {fix}")


APP_LINK_RULES = (app_link_hosts_are_declared, apps_are_declared_once, callbacks_are_on_the_zone,
                  callbacks_open_the_app, redirects_leave_well_known)
