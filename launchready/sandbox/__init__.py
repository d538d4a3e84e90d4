"""Local stand-ins for the outside world, on loopback only: used by the tests and by `launchready demo`.

- `launchready.sandbox.dns`: an authoritative DNS server (UDP + TCP) that answers a zone built from a
  DomainPlan the way Cloudflare would, with per-server faults (stale, servfail, refused, silent,
  truncate, nxdomain, lame, origin-leak) and injected latency.
- `launchready.sandbox.dns_zone`: the zone data itself (`zone_from_plan`).
"""
