"""SPF checks against crafted zones on a loopback DNS server: each RFC 7208 rule fails when broken."""

from __future__ import annotations

from tests.validators.email.crafted import errors, findings_for, split, txt, verdicts
from validators.email.expect import for_domain

D = "example.com"
NETBLOCKS = txt("_spf.example.net", "v=spf1 ip4:198.51.100.0/24 ~all")


def spf_verdicts(*lines: str) -> dict[str, set[str]]:
    return verdicts(findings_for("\n".join(lines), for_domain(D)), "email.spf")


def test_a_sound_record_passes_every_check() -> None:
    found = spf_verdicts(txt(D, "v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all"), NETBLOCKS)
    assert found == {check: {"info"} for check in ("email.spf.record", "email.spf.size", "email.spf.syntax",
                                                   "email.spf.all", "email.spf.lookups", "email.spf.void")}


def test_nested_includes_over_ten_lookups() -> None:
    leaves = [txt(f"l{i}.example.net", f"v=spf1 a:host{i}.example.net -all") for i in range(4)]
    hosts = [f"host{i}.example.net. 300 A 192.0.2.{i + 1}" for i in range(4)]
    middle = [txt("m1.example.net", "v=spf1 include:l0.example.net include:l1.example.net -all"),
              txt("m2.example.net", "v=spf1 include:l2.example.net include:l3.example.net -all")]
    record = txt(D, "v=spf1 include:m1.example.net include:m2.example.net mx -all")
    findings = findings_for("\n".join([record, *middle, *leaves, *hosts, f"{D}. 300 MX 10 host0.example.net."]),
                            for_domain(D))
    over = next(f for f in findings if f.check == "email.spf.lookups")
    assert over.severity.value == "error" and "11 DNS lookups" in over.message
    assert len(over.observed) == 11


def test_exactly_ten_lookups_pass() -> None:
    includes = " ".join(f"include:i{i}.example.net" for i in range(10))
    found = spf_verdicts(txt(D, f"v=spf1 {includes} -all"),
                         *(txt(f"i{i}.example.net", "v=spf1 ip4:192.0.2.1 -all") for i in range(10)))
    assert found["email.spf.lookups"] == {"info"}


def test_more_than_two_void_lookups() -> None:
    found = findings_for(txt(D, "v=spf1 a:gone1.example.org a:gone2.example.org mx:gone3.example.org -all"),
                         for_domain(D))
    void = next(f for f in found if f.check == "email.spf.void")
    assert void.severity.value == "error" and len(void.observed) == 3
    two = spf_verdicts(txt(D, "v=spf1 a:gone1.example.org a:gone2.example.org -all"))
    assert two["email.spf.void"] == {"info"}


def test_include_loop() -> None:
    found = findings_for("\n".join([txt(D, "v=spf1 include:loop.example.net -all"),
                                    txt("loop.example.net", f"v=spf1 include:{D} -all")]), for_domain(D))
    loop = [f for f in errors(found) if f.check == "email.spf.loop"]
    assert [f.message.split(";")[0] for f in loop] == [
        "SPF include/redirect loop example.com → loop.example.net → example.com"]


def test_redirect_is_followed_and_counts_as_an_ending() -> None:
    found = spf_verdicts(txt(D, "v=spf1 redirect=_spf.example.net"), NETBLOCKS)
    assert found["email.spf.all"] == {"info"} and found["email.spf.lookups"] == {"info"}
    broken = spf_verdicts(txt(D, "v=spf1 redirect=_spf.example.org"))
    assert broken["email.spf.include"] == {"error"} and broken["email.spf.void"] == {"info"}


def test_two_spf_records() -> None:
    found = findings_for("\n".join([txt(D, "v=spf1 -all"), txt(D, "v=spf1 include:_spf.example.net ~all")]),
                         for_domain(D))
    assert [(f.check, f.severity.value) for f in found if f.check.startswith("email.spf")] == [
        ("email.spf.record", "error")]
    assert "2 SPF records" in found[0].message


def test_ptr_and_missing_all_and_plus_all() -> None:
    assert spf_verdicts(txt(D, "v=spf1 ptr -all"))["email.spf.ptr"] == {"error"}
    assert spf_verdicts(txt(D, "v=spf1 ip4:192.0.2.1"))["email.spf.all"] == {"error"}
    assert spf_verdicts(txt(D, "v=spf1 +all"))["email.spf.all"] == {"error"}


def test_missing_record_and_syntax_error() -> None:
    assert spf_verdicts(txt(D, "google-site-verification=abc"))["email.spf.record"] == {"error"}
    assert spf_verdicts(txt(D, "v=spf1 ip4:192.0.2.300 -all"))["email.spf.syntax"] == {"error"}


def test_long_records_split_into_strings_are_measured_whole() -> None:
    ip4 = " ".join(f"ip4:192.0.2.{i}" for i in range(1, 32))
    long = f"v=spf1 {ip4} -all"
    assert 450 < len(long) <= 512
    assert spf_verdicts(txt(D, *split(long)))["email.spf.size"] == {"warning"}
    longer = f"v=spf1 {ip4} {ip4.replace('192.0.2', '198.51.100')} -all"
    found = spf_verdicts(txt(D, *split(longer)))
    assert found["email.spf.size"] == {"error"} and found["email.spf.syntax"] == {"info"}


def test_strings_joined_without_a_space_are_a_warning_and_the_include_an_error() -> None:
    """The joined term is valid ABNF (':' is a macro-literal), so the syntax is a warning that says launchready
    is stricter than the RFC; the lookup of that name finds no record, which receivers answer permerror
    (RFC 7208 §5.2), so the include is the error."""
    found = findings_for("\n".join([txt(D, "v=spf1 include:_spf.example.net", "include:_spf.example.org -all"),
                                    NETBLOCKS]), for_domain(D))
    syntax = next(f for f in found if f.check == "email.spf.syntax")
    assert syntax.severity.value == "warning" and "stricter than the RFC" in syntax.message
    assert {f.severity.value for f in found if f.check == "email.spf.include"} == {"error"}


def test_planned_terms_must_be_published() -> None:
    expected = for_domain(D)
    planned = type(expected)(domain=D, spf={D: "v=spf1 include:_spf.example.net include:amazonses.com ~all"})
    found = findings_for("\n".join([txt(D, "v=spf1 include:_spf.example.net ~all"), NETBLOCKS]), planned)
    missing = next(f for f in found if f.check == "email.spf.expected")
    assert missing.severity.value == "error" and "include:amazonses.com" in missing.message
