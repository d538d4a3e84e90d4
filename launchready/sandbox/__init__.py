"""Local stand-ins for the outside world, on loopback only: used by the tests and by `launchready demo`.

- `launchready.sandbox.dns`: an authoritative DNS server (UDP + TCP) that answers a zone built from a
  DomainPlan the way Cloudflare would, with per-server faults (stale, servfail, refused, silent,
  truncate, nxdomain, lame, origin-leak, formerr) and injected latency.
- `launchready.sandbox.dns_zone`: the zone data itself (`zone_from_plan`); `dns_answer` answers one query.
- `launchready.sandbox.edge`: an HTTP + HTTPS edge that redirects and sends HSTS the way the plan's
  Cloudflare zone would (`Edge(plan, ca, faults=...)`); `edge_rules` holds its answers and faults.
- `launchready.sandbox.certs`: a throwaway CA (trustme) and broken certificates (expired, expiring,
  another name, self-signed).
"""
