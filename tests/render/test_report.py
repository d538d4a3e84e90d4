"""Report renderers: the text and Markdown tables show one row per verdict (the same answer from several
servers shares a row naming each of them), while JSON and JUnit keep one finding per server."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from launchready.core.findings import Finding, Report, failed, passed
from launchready.render.report import render_json, render_junit, render_markdown, render_report, render_text, rows

LEAK = "answers 198.51.100.8, the origin behind the proxy"


def leak(role: str, server: str, observed: str = "198.51.100.8") -> Finding:
    return failed("dns.origin_leak", "admin.example.net", f"admin.example.net A @ {role} {server}: {LEAK}",
                  type="A", resolver=server, observed=[observed])


def test_one_verdict_from_several_servers_is_one_row_naming_each() -> None:
    findings = [leak("resolver", "127.0.0.1:53"), leak("resolver", "127.0.0.1:5353"),
                leak("authoritative server", "127.0.0.1:5300")]
    [resolvers, authoritative] = rows(findings)
    assert resolvers.subject == "admin.example.net A @ 2 servers"
    assert resolvers.message == f"admin.example.net A @ resolvers 127.0.0.1:53, 127.0.0.1:5353: {LEAK}"
    assert authoritative.message == f"admin.example.net A @ authoritative server 127.0.0.1:5300: {LEAK}"


def test_different_answers_stay_apart() -> None:
    findings = [leak("resolver", "127.0.0.1:53"), leak("resolver", "127.0.0.1:54", observed="198.51.100.9")]
    assert [r.subject for r in rows(findings)] == ["admin.example.net A @ 127.0.0.1:53",
                                                    "admin.example.net A @ 127.0.0.1:54"]


def report() -> Report:
    checked = [passed("dns.answer", "www.example.net", f"www.example.net A @ resolver {server}: answers 192.0.2.1",
                      type="A", resolver=server, observed=["192.0.2.1"]) for server in ("127.0.0.1:53", "127.0.0.1:54")]
    spf = failed("email.spf.record", "example.org", 'no SPF record; publish "v=spf1 include:<provider> ~all"',
                 type="TXT", resolver="127.0.0.1:53")
    return Report.of([*checked, leak("resolver", "127.0.0.1:53"), leak("resolver", "127.0.0.1:54"), spf])


def test_text_rows_have_no_trailing_spaces() -> None:
    text = render_text(report())
    assert "admin.example.net A @ 2 servers" in text and text.count("\n") == len(text.splitlines())
    assert all(line == line.rstrip() for line in text.splitlines())


def test_markdown_is_safe_on_github() -> None:
    markdown = render_markdown(report())
    assert "| FAIL | `dns.origin_leak` | `admin.example.net A @ 2 servers` |" in markdown
    assert "publish \"v=spf1 `include:<provider>` \\~all\"" in markdown, "a scheme-like token is code, never HTML"
    assert "- `dns.answer` `www.example.net A @ 2 servers`: `www.example.net` A @ resolvers 127.0.0.1:53, " \
           "127.0.0.1:54: answers 192.0.2.1" in markdown
    assert "2 checks passed" in markdown


def test_machine_formats_keep_one_finding_per_server() -> None:
    assert len(json.loads(render_json(report()))["findings"]) == 5
    assert len(ET.fromstring(render_junit(report()).split("\n", 1)[1]).findall("testsuite/testcase")) == 5


def test_junit_failures_carry_whole_expected_and_observed_values() -> None:
    spf = "v=spf1 " + " ".join(f"include:_spf{n}.example.org" for n in range(8)) + " ~all"
    finding = failed("dns.answer", "example.org", "example.org TXT differs", type="TXT", resolver="127.0.0.1:53",
                     expected=["v=spf1 -all"], observed=[spf])
    [failure] = ET.fromstring(render_junit(Report.of([finding])).split("\n", 1)[1]).iter("failure")
    assert failure.text == f'expected: ["v=spf1 -all"]\nobserved: ["{spf}"]'


def test_markdown_and_junit_reports_name_the_command_that_made_them() -> None:
    report = Report.of([passed("email.spf.record", "example.com", "one SPF record")], title="launchready check email")
    assert render_report(report, "markdown").startswith("### launchready check email: PASS")
    assert '<testsuites name="launchready check email"' in render_report(report, "junit")


def test_text_report_shows_a_servers_emoji_codes_as_written() -> None:
    """Rich turns `:x:` into an emoji by default: a hostile server's banner or body text could make a failed
    check read as a tick in the terminal, so the text layout prints such codes as they came."""
    hostile = failed("http.body", "www.example.net", "www.example.net answered ':white_check_mark: all fine :x:'")
    said = "Cloudflare's ranges could not be refreshed: ':white_check_mark: all fine :x:'"
    text = render_text(Report.of([hostile]).model_copy(update={"notes": (said,)}))
    assert said in text
    assert ":white_check_mark: all fine :x:" in text
    assert "\u2705" not in text and "\u274c" not in text
