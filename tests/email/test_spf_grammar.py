"""SPF records against RFC 7208 §12's ABNF, one row per rule, each checked against pyspf as a second opinion.

pyspf validates every term before it evaluates any (its check1), so a record whose first term matches the
client (ip4:203.0.113.99) is judged on syntax alone; a loopback server answers the few lookups it makes.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from launchready.cli import app
from launchready.core.mailauth import spf
from tests.validators.email.crafted import serving, txt
from tests.validators.email.test_second_opinion import default_resolver

pyspf = pytest.importorskip("spf", reason="pyspf is in the dev extra")

VALID = [
    "a/24//64", "a:example.com/24 mx//128", "a//0", "mx/32", "ip4:192.0.2.0/0", "ip6:2001:db8::/32",
    "ip6:::ffff:192.0.2.1", "A:EXAMPLE.COM", "exists:%{i}.%{l1r-}.example.com", "include:%{ir}.%{v}._spf.%{d2}",
    "include:%{s}", "include:%%.example.com", "include:example.org.", "a:ex=ample.com", "foo=bar baz=",
    "foo=%{d}%_%-", "include:_spf.google.cominclude:sendgrid.net", "include:a..example.com",
]
"""Valid ABNF. The last two are names DNS cannot look up as written: launchready warns (spf.cautions)."""
INVALID = [
    "a/024", "a/33", "mx//129", "mx//0128", "ip4:192.0.02.0/24", "ip4:192.0.2.0/024", "ip4:192.0.2.0/33",
    "ip6:2001:db8::/129", "ip6:fe80::1%eth0", "include:%{c}.example.com", "exp=%{r}.example.com",
    "foo=%{c}bar", "foo=%{z}", "foo=%x", "include:localhost", "include:example.123", "include:%{d}com",
    "all:example.com", "ptr:", "redirect=a.example.com redirect=b.example.com",
    "exp=a.example.com exp=b.example.com", "include:example.com:80", "9foo=bar", "ip4:192.0.2.1/",
]


def ours(term: str) -> bool:
    try:
        spf.parse(f"v=spf1 ip4:203.0.113.99 {term} -all")
    except spf.SpfSyntaxError:
        return False
    return True


def theirs(term: str) -> bool:
    query = pyspf.query(i="203.0.113.99", s="a@example.com", h="mail.example.com", querytime=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        result = query.check(spf=f"v=spf1 ip4:203.0.113.99 {term} -all")
    return bool(result[0] != "permerror")


@pytest.mark.parametrize(("term", "valid"), [(t, True) for t in VALID] + [(t, False) for t in INVALID])
def test_grammar_agrees_with_pyspf(term: str, valid: bool) -> None:
    with serving(txt("example.com", "v=spf1 -all")) as endpoint, default_resolver(endpoint):
        assert (ours(term), theirs(term)) == (valid, valid)


@pytest.mark.parametrize("text", ["v=spf1 -all\n", "v=spf1 include:example.com\n -all", "v=spf1 a:é.example -all",
                                  "v=spf1 include:%{d0}.example.com -all", "v=spf1 a:example.com/32\n"])
def test_a_trailing_newline_or_non_ascii_is_not_accepted(text: str) -> None:
    """Python's `$` matches before a final newline; the grammar uses whole-string matches. %{d0} breaks
    §7.3's MUST (pyspf only notices when it expands the term, so it is not in the cross-check)."""
    with pytest.raises(spf.SpfSyntaxError):
        spf.parse(text)


def test_dual_cidr_lengths_are_kept() -> None:
    terms = spf.parse("v=spf1 a/24//64 mx:mail.example.com//48 a:example.com/0 -all")
    assert [(t.name, t.value, t.cidr4, t.cidr6) for t in terms[:3]] == [
        ("a", None, 24, 64), ("mx", "mail.example.com", None, 48), ("a", "example.com", 0, None)]


@pytest.mark.parametrize(("text", "cautioned"), [
    ("v=spf1 include:_spf.google.cominclude:sendgrid.net -all", True),
    ("v=spf1 include:a..example.com -all", True),
    ("v=spf1 include:" + "a" * 64 + ".example.com -all", True),
    ("v=spf1 include:_spf.example.com exists:%{i}.x:y.example.com foo=a:b -all", False),
])
def test_cautions_are_where_launchready_is_stricter_than_the_rfc(text: str, cautioned: bool) -> None:
    assert bool(spf.cautions(spf.parse(text))) is cautioned


def test_other_mail_names_reject_a_trailing_newline_too() -> None:
    from launchready.core.mailauth import dkim, dmarc
    assert dkim.is_selector("s1") and not dkim.is_selector("s1\n")
    assert dmarc.uri_host("mailto:d@example.com\n") is None


def test_plan_refuses_a_hand_written_spf_name_dns_cannot_look_up(tmp_path: Path) -> None:
    """The stack is launchready's own input: a term run together is refused there (exit 2), with a message
    that says the RFC allows the text and why it still cannot work."""
    stack = tmp_path / "Pulumi.x.yaml"
    stack.write_text("config:\n  launchready:domain:\n    zone: example.com\n    origin: {ipv4: [192.0.2.10]}\n"
                     '    records:\n      - {name: "@", type: TXT, content: '
                     '"v=spf1 include:_spf.google.cominclude:sendgrid.net -all"}\n')
    result = CliRunner().invoke(app, ["plan", "--stack-file", str(stack)])
    assert result.exit_code == 2 and "RFC 7208 allows the text" in result.output


def test_a_huge_hostile_term_is_clipped_in_the_message() -> None:
    from launchready.core.mailauth import dmarc
    with pytest.raises(spf.SpfSyntaxError) as raised:
        spf.parse("v=spf1 include:" + "x" * 60_000 + " -all")
    assert len(str(raised.value)) < 400 and "60008 characters" in str(raised.value)
    problem = dmarc.value_problem("p", "y" * 60_000)
    assert problem is not None and len(problem) < 200
