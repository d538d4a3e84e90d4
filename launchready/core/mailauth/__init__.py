"""Mail authentication text, parsed without the network: SPF (RFC 7208), DKIM key records
(RFC 6376) and DMARC (RFC 7489 and RFC 9989), plus the provider facts the planner and the spec
rules share. The validators resolve names; these modules only read record text.
"""
