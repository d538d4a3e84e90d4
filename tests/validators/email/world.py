"""The live world a stack's plan expects, as one crafted zone: every planned record plus what the
providers publish on their side (SES DKIM keys, Google's SPF and MX hosts, the MAIL FROM feedback host)."""

from __future__ import annotations

from launchready.core.plan import DomainPlan
from tests.email.keys import rsa_record
from tests.validators.email.crafted import split, txt

PROVIDER_SIDE = [
    txt("amazonses.com", "v=spf1 ip4:198.51.100.0/24 -all"),
    txt("_spf.google.com", "v=spf1 include:_netblocks.google.com ~all"),
    txt("_netblocks.google.com", "v=spf1 ip4:203.0.113.0/24 ~all"),
    *(f"{host}. 300 A 203.0.113.25" for host in ("aspmx.l.google.com", "alt1.aspmx.l.google.com",
                                                 "alt2.aspmx.l.google.com", "alt3.aspmx.l.google.com",
                                                 "alt4.aspmx.l.google.com", "feedback-smtp.eu-west-1.amazonses.com",
                                                 "feedback-smtp.us-east-1.amazonses.com")),
]


def record_line(record_type: str, name: str, content: str, priority: int | None, strings: tuple[str, ...]) -> str:
    if record_type == "TXT":
        return txt(name, *(strings or split(content)))
    if record_type == "MX":
        return f"{name}. 300 MX {priority} {content}{'' if content == '.' else '.'}"
    if record_type == "CNAME":
        return f"{name}. 300 CNAME {content}."
    return f"{name}. 300 {record_type} {content}"


def world_of(plan: DomainPlan, drop: str = "") -> str:
    """Zone text for the plan's mail records and the provider side; `drop` leaves out records whose key
    contains it (to break one thing)."""
    lines = [record_line(r.type, r.name, r.content, r.priority, r.txt_strings) for r in plan.records
             if r.type in ("TXT", "MX", "CNAME") and (not drop or drop not in r.key)]
    keys = [txt(r.content, *split(rsa_record())) for r in plan.records if r.content.endswith(".dkim.amazonses.com")]
    return "\n".join([*lines, *keys, *PROVIDER_SIDE])
