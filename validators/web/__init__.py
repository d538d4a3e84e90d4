"""Shared by the http and tls check families: where a probe for HOST:PORT really connects (curl's
--connect-to), an httpx client that follows no redirect by itself, and one-hop-at-a-time fetches."""
