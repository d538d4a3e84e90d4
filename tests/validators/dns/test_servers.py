"""Default resolver set: IPv4 always, IPv6 only with a global IPv6 route (probed without sending)."""

from __future__ import annotations

from validators.dns.servers import default_resolvers, has_ipv6
from validators.endpoints import PUBLIC_RESOLVERS_V4, PUBLIC_RESOLVERS_V6


def test_default_resolvers_add_ipv6_only_when_routable():
    assert default_resolvers(False) == PUBLIC_RESOLVERS_V4
    assert default_resolvers(True) == PUBLIC_RESOLVERS_V4 + PUBLIC_RESOLVERS_V6
    assert isinstance(has_ipv6(), bool)
