"""Rules for legacy redirects: each starts on a declared, proxied host and lands in one hop, with no
loop, no chain through another redirect or through the canonical-host redirect, and one rule per path.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from launchready.core.dnsname import fqdn
from launchready.core.errors import Problem
from launchready.core.spec.models import DomainSpec
from launchready.core.spec.redirect_models import RedirectSpec


def redirects_are_sound(spec: DomainSpec) -> Iterator[Problem]:
    """Every legacy redirect starts on a declared, proxied host and lands in one hop."""
    zone = spec.zone.name
    sources: dict[tuple[str, str], tuple[int, RedirectSpec]] = {}
    other = "www" if spec.canonical == "apex" else "apex"
    for i, redirect in enumerate(spec.redirects):
        label = redirect.host or spec.canonical
        yield from redirect_host_problems(spec, label, other, f"redirects[{i}].host")
        key = (fqdn(label, zone), redirect.source)
        if key in sources:
            yield Problem(f"redirects[{i}]", f"https://{key[0]}{key[1]} is already redirected by "
                          f"redirects[{sources[key][0]}], which wins; remove one")
            continue
        sources[key] = (i, redirect)
    yield from redirect_chains(sources, canonical=fqdn(spec.canonical, zone), other=fqdn(other, zone))
    yield from canonical_redirect_runs(spec)


def canonical_redirect_runs(spec: DomainSpec) -> Iterator[Problem]:
    """The non-canonical host redirects through a Cloudflare rule, which runs only on proxied traffic."""
    other = "www" if spec.canonical == "apex" else "apex"
    host = spec.hosts.get(other)
    if host is not None and not host.proxied:
        target = fqdn(spec.canonical, spec.zone.name)
        yield Problem(f"hosts.{other}", f"is DNS-only, so Cloudflare never redirects it to https://{target} "
                      "(redirect rules run on proxied hosts only); remove proxied: false, or change canonical")


def redirect_host_problems(spec: DomainSpec, label: str, other: str, path: str) -> Iterator[Problem]:
    host = spec.hosts.get(label)
    if host is None:
        yield Problem(path, f'"{label}" is not a declared host; add it under hosts first')
    elif not host.proxied:
        yield Problem(path, f'"{label}" is DNS-only; Cloudflare applies redirect rules only '
                      "to proxied hosts, so set proxied: true on it")
    elif label == other:
        yield Problem(path, f'"{label}" already redirects to the canonical host with the path '
                      f"kept; declare the redirect on {spec.canonical} instead")


def redirect_chains(sources: dict[tuple[str, str], tuple[int, RedirectSpec]], canonical: str,
                    other: str) -> Iterator[Problem]:
    """Loops and extra hops: through another legacy redirect, or through the canonical-host redirect when
    the target is on the non-canonical host (https://www.example.com/x → https://example.com/x)."""
    for (host, source), (i, redirect) in sources.items():
        to = redirect.to
        target = (host, to.split("?")[0]) if to.startswith("/") else target_key(to)
        if target[0] == other:
            yield from canonical_hop(i, (host, source), to, (canonical, target[1]))
        elif target == (host, source):
            yield Problem(f"redirects[{i}]", f"{source} redirects to itself, a loop; change redirects[{i}].to")
        elif target in sources:
            j, nxt = sources[target]
            end = nxt.to
            kind = "a loop" if end == source and target[0] == host else "a chain"
            if kind == "a loop" and j < i:
                continue  # the loop was reported at its first member
            yield Problem(f"redirects[{i}]", f"{source} → {to} → {end} is {kind}; point "
                          f"redirects[{i}].to straight at the final URL" + (" or drop one" if kind == "a loop" else ""))


def canonical_hop(i: int, source: tuple[str, str], to: str, lands: tuple[str, str]) -> Iterator[Problem]:
    final = f"https://{lands[0]}{lands[1]}"
    if lands == source:
        yield Problem(f"redirects[{i}]", f"{source[1]} → {to} → back to {final} by the canonical redirect is a "
                      "loop; remove this redirect")
    else:
        yield Problem(f"redirects[{i}]", f"{to} is on the non-canonical host, so the canonical redirect adds a "
                      f"second hop to {final}; point redirects[{i}].to at {final}")


def target_key(url: str) -> tuple[str, str]:
    rest = url.removeprefix("https://")
    host, _, path = rest.partition("/")
    return (host.lower(), "/" + path.split("?")[0])


def checks_meet_no_redirect(spec: DomainSpec) -> Iterator[Problem]:
    """Health checks do not follow redirects (launchready.core.plan.ops_model), so a check on the host that
    redirects to the canonical one, or on a moved path, sees 301 for ever and alerts for ever."""
    if spec.monitoring is None or any(code.startswith("3") for code in spec.monitoring.expected_codes):
        return
    zone = spec.zone.name
    canonical, other = fqdn(spec.canonical, zone), fqdn("www" if spec.canonical == "apex" else "apex", zone)
    moved = {(fqdn(r.host or spec.canonical, zone), r.source): i for i, r in enumerate(spec.redirects)}
    for i, target in enumerate(spec.monitoring.checks):
        parts = urlsplit(target)
        host, path = (canonical, target) if target.startswith("/") else ((parts.hostname or ""), parts.path or "/")
        if host == other:
            yield Problem(f"monitoring.checks[{i}]", f"{target} redirects to https://{canonical}{path}, so the check "
                          f"would see a 301 and alert for ever; check https://{canonical}{path}")
        elif (host, path) in moved:
            yield Problem(f"monitoring.checks[{i}]", f"{target} is moved by redirects[{moved[(host, path)]}], so "
                          "the check would see a redirect and alert for ever; check where it lands")

