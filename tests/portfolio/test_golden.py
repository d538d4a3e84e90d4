"""The portfolio report's JSON and JUnit, byte for byte, for a fixed run: one stack passing, one failing,
one that did not parse. Regenerate with UPDATE_SNAPSHOTS=1 after an intended change, and review the diff."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from launchready.core.findings import Report, failed, passed
from launchready.portfolio.render import render_portfolio
from launchready.portfolio.section import Section

GOLDEN = Path(__file__).parent / "golden"


def sections() -> list[Section]:
    ok = Report.of([passed("dns.answer", "www.alpha.test", "www.alpha.test A @ 192.0.2.53:53: 192.0.2.50",
                           type="A", resolver="192.0.2.53:53", expected=["192.0.2.50"], observed=["192.0.2.50"])],
                   stack="alpha", zone="alpha.test", families=("dns",), elapsed_seconds=0.25,
                   stats={"dns_queries": 14, "dns_rounds": 1})
    bad = Report.of([failed("dns.stale", "www.beta.test", "www.beta.test A @ 192.0.2.53:53: 192.0.2.9, not "
                            "192.0.2.50 <the cached answer>", type="A", resolver="192.0.2.53:53"),
                     failed("http.hsts", "beta.test", "max-age=86400 is below one year", warning=True,
                            url="https://beta.test/")],
                    stack="beta", zone="beta.test", families=("dns", "http"), elapsed_seconds=0.5)
    return [Section("alpha", Path("portfolio/Pulumi.alpha.yaml"), "alpha.test", 0, report=ok),
            Section("beta", Path("portfolio/Pulumi.beta.yaml"), "beta.test", 1, report=bad),
            Section("gamma", Path("portfolio/Pulumi.gamma.yaml"), None, 2,
                    problem="error: portfolio/Pulumi.gamma.yaml: line 1, column 9: expected ',' or ']'; fix the "
                    "YAML syntax")]


def matches(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.write_text(text)
    assert path.exists(), f"{path} is missing; run UPDATE_SNAPSHOTS=1 pytest tests/portfolio"
    assert text == path.read_text()


@pytest.mark.parametrize(("fmt", "name"), [("json", "portfolio.json"), ("junit", "portfolio.xml"),
                                           ("markdown", "portfolio.md")])
def test_portfolio_report_matches_its_golden_file(fmt: str, name: str) -> None:
    matches(name, render_portfolio(sections(), fmt, "launchready validate", {"dns_queries": 14, "dns_rounds": 1}))


def test_junit_golden_is_one_suite_per_stack() -> None:
    root = ET.fromstring((GOLDEN / "portfolio.xml").read_text().split("?>", 1)[1])
    assert [(s.get("name"), s.get("failures"), s.get("errors")) for s in root] == [
        ("alpha", "0", "0"), ("beta", "1", "0"), ("gamma", "0", "1")]
