"""A null MX (RFC 7505) on a name whose SPF authorizes senders: receivers may reject that name's mail
(§4.2) and its bounces are lost, so email.mx.null fails; `v=spf1 -all` beside a null MX passes."""

from __future__ import annotations

from launchready.core.findings import Finding
from tests.validators.email.crafted import findings_for, txt
from validators.email.expect import for_domain

D = "example.com"
NULL_MX = f"{D}. 300 MX 0 ."


def null_mx(record: str) -> Finding:
    found = findings_for("\n".join([NULL_MX, txt(D, record), txt("_spf.example.net", "v=spf1 ip4:192.0.2.0/24 -all")]),
                         for_domain(D))
    return next(f for f in found if f.check == "email.mx.null")


def test_null_mx_beside_an_spf_that_authorizes_senders_fails() -> None:
    for record in ("v=spf1 include:_spf.example.net -all", "v=spf1 ip4:192.0.2.1 ~all", "v=spf1 a mx -all",
                   "v=spf1 redirect=_spf.example.net"):
        found = null_mx(record)
        assert found.severity.value == "error", record
        assert "RFC 7505 §4.2" in found.message and 'publish "v=spf1 -all"' in found.message


def test_null_mx_beside_spf_that_authorizes_no_one_passes() -> None:
    for record in ("v=spf1 -all", "v=spf1 ~all", "v=spf1 -ip4:192.0.2.1 -all"):
        assert null_mx(record).severity.value == "info", record
