"""Calls to the Cloudflare API: one limiter per process (limiter.py) over a transport that gives each
request a deadline as a whole (transport.py); answers checked and pages bounded (reads.py); messages that
name the call and show the server's text short and scrubbed of the token (errors.py, text.py); the token
checked before any request (token.py). `adopt --from-cloudflare` today, and any later caller (rule
adoption) by building its SDK client with `limiter.http_client()`."""
