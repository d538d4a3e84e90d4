"""SPF that authorizes every sender fails email.spf.all, wherever the term sits: at the top, behind a
redirect (RFC 7208 §6.1), behind a pass-qualified include (§5.2), or as an address range wider than
/8 (IPv4) or /16 (IPv6)."""

from __future__ import annotations

import pytest

from launchready.core.errors import SpecError
from launchready.core.findings import Finding
from launchready.core.stack import accept
from tests.email.specs import domain
from tests.validators.email.crafted import findings_for, txt
from validators.email.expect import for_domain

D = "example.com"


def spf_all(*lines: str) -> Finding:
    return next(f for f in findings_for("\n".join(lines), for_domain(D)) if f.check == "email.spf.all")


def test_redirect_to_plus_all_authorizes_everyone() -> None:
    found = spf_all(txt(D, "v=spf1 redirect=_spf.example.com"), txt("_spf.example.com", "v=spf1 +all"))
    assert found.severity.value == "error"
    assert '"+all" at _spf.example.com' in found.message and 'Change "+all" at _spf.example.com' in found.message


def test_redirect_to_neutral_all_is_judged_like_the_top() -> None:
    found = spf_all(txt(D, "v=spf1 redirect=_spf.example.com"), txt("_spf.example.com", "v=spf1 ?all"))
    assert found.severity.value == "error" and "_spf.example.com" in found.message


def test_include_of_plus_all_matches_everyone_before_minus_all() -> None:
    found = spf_all(txt(D, "v=spf1 include:_spf.example.net -all"), txt("_spf.example.net", "v=spf1 +all"))
    assert found.severity.value == "error"
    assert "remove the include" in found.message and found.observed == ["_spf.example.net: +all"]


def test_a_failing_include_of_plus_all_authorizes_no_one() -> None:
    found = spf_all(txt(D, "v=spf1 -include:_spf.example.net -all"), txt("_spf.example.net", "v=spf1 +all"))
    assert found.severity.value == "info"


def test_ip_ranges_wider_than_the_threshold() -> None:
    for term in ("ip4:0.0.0.0/0", "ip4:128.0.0.0/1", "ip4:10.0.0.0/7", "ip6:::/0", "ip6:2000::/3", "a/0"):
        found = spf_all(txt(D, f"v=spf1 {term} -all"), f"{D}. 300 A 192.0.2.1")
        assert found.severity.value == "error", term
        assert f'"{term}" at {D}' in found.message and "/8 or longer" in found.message


def test_ranges_at_the_threshold_and_unqualified_wide_ranges_pass() -> None:
    for term in ("ip4:10.0.0.0/8", "ip6:2001::/16", "-ip4:0.0.0.0/0", "~ip6:::/0"):
        assert spf_all(txt(D, f"v=spf1 {term} -all")).severity.value == "info", term


def test_terms_after_all_are_never_tested() -> None:
    assert spf_all(txt(D, "v=spf1 -all ip4:0.0.0.0/0")).severity.value == "info"


def test_the_spec_refuses_a_range_that_covers_everyone() -> None:
    for ip4, ip6 in ((["0.0.0.0/0"], []), ([], ["::/0"])):
        with pytest.raises(SpecError) as caught:
            accept(domain({"send": [{"provider": "custom", "ip4": ip4, "ip6": ip6}]}))
        (problem,) = [str(p) for p in caught.value.problems]
        assert problem.startswith("email.send[0]: ") and "authorizes every sender" in problem
    with pytest.raises(SpecError) as caught:
        accept(domain(None, [{"type": "TXT", "content": "v=spf1 ip4:0.0.0.0/1 -all"}]))
    assert [str(p).split(":")[0] for p in caught.value.problems] == ["records[0]"]
