"""Calls to the Cloudflare API share one limiter per process (limiter.py): `adopt --from-cloudflare` today,
and any later caller (rule adoption) by building its SDK client with `client()`."""
