"""Post-apply validators: check the live domain from the outside against the same plan the Pulumi
program applies. They never import pulumi or the components; every network endpoint is passed in.

Families (each a module with `async def check(ctx) -> list[Finding]`): dns, http, tls, email, mobile.
"""
