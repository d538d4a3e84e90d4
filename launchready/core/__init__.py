"""The domain core: the spec, the plan, findings, resource naming, errors and mail-auth text.

Everything else stands on it and it stands on nothing of launchready's: the core imports no
validator, command, demo, diff, adopt, preflight or handover module (tests/test_boundaries.py).
It needs no network and no Pulumi.
"""
