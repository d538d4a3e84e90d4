"""A loopback DNS server for several zones at once, as a public resolver or a shared nameserver sees a
portfolio of domains: each query is answered from the zone that contains its name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dns.message
import dns.name

from launchready.sandbox.dns import DnsServer
from launchready.sandbox.dns_zone import ZoneData


class PortfolioDnsServer(DnsServer):
    """DnsServer over several zones; a name in none of them is answered from the first (REFUSED there)."""

    def __init__(self, zones: Sequence[ZoneData], **options: Any) -> None:
        super().__init__(zones[0], **options)
        self.zones = {zone.origin: zone for zone in zones}

    def zone_of(self, name: dns.name.Name) -> ZoneData:
        while True:
            if name in self.zones:
                return self.zones[name]
            if name == dns.name.root or len(name) == 0:
                return self.zone
            name = name.parent()

    def zone_for(self, query: dns.message.Message) -> ZoneData:
        return self.zone_of(query.question[0].name) if query.question else self.zone
