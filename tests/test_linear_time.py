"""Text from outside (a server under test, DNS, a zone file) never costs more than linear time: every parser
that runs on it, fed adversarial input at 8 KiB and at 64 KiB, costs less than ~20 times as much for the
larger (linear is 8 times, quadratic 64). CPU work on validate's event loop cannot be interrupted, so a
quadratic regex lets a hostile server stall a run far past --deadline.

CPU time (time.process_time), the cheapest of a few runs: other processes on the machine do not count."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from launchready.core.errors import InputError
from launchready.core.inputs.jsondoc import load_json
from launchready.core.inputs.yamltags import core_tag
from launchready.core.mailauth import dkim, dmarc, spf
from launchready.core.redact import credential_shaped, masked_values
from launchready.render.escape import md_plain, md_text
from validators.http.hsts import directives

SMALL, LARGE = 8 * 1024, 64 * 1024
LIMIT = 20.0
"""Cost of LARGE over cost of SMALL that still counts as linear (8 expected; quadratic gives 64)."""
FLOOR = 0.0005
"""Seconds under which a small run is measured as this much: timer resolution and noise."""


@dataclass(frozen=True)
class Case:
    """One parser, and the input of about n characters (text(n)) that is worst for it."""

    name: str
    parse: Callable[[str], object]
    text: Callable[[int], str]


def refused(read: Callable[[str], object], error: type[Exception] = InputError) -> Callable[[str], object]:
    """`read`, with its refusal (the expected verdict on most adversarial text) as a result."""
    def run(text: str) -> object:
        try:
            return read(text)
        except error as exc:
            return exc
    return run


spf_terms = refused(spf.parse, spf.SpfSyntaxError)


CASES = [
    Case("jsondoc: an unterminated string of escaped quotes", refused(lambda t: load_json(t, "aasa", "fix it")),
         lambda n: '"' + '\\"' * (n // 2)),
    Case("jsondoc: an unterminated string of backslashes", refused(lambda t: load_json(t, "aasa", "fix it")),
         lambda n: '["' + "\\\\" * (n // 2)),
    Case("hsts: spaces after a directive, then a bad character", directives, lambda n: "max-age=1;" + " " * n + ","),
    Case("hsts: spaces around '=' with no value", directives, lambda n: "max-age" + " " * n + "=" + " " * n),
    Case("hsts: an unterminated quoted value", directives, lambda n: 'max-age="' + "\\a" * (n // 2)),
    Case("escape: a link followed by a run of punctuation", lambda t: md_plain(t, table=True),
         lambda n: "://" + "." * n + "x"),
    Case("escape: a run of '[' with no ']'", md_plain, lambda n: "[" * n),
    Case("escape: authored text of backticks", md_text, lambda n: "`a" * (n // 2)),
    Case("spf: a domain whose last label fails late", spf_terms, lambda n: "v=spf1 include:a." + "a" * n + "-"),
    Case("spf: a run of CIDR suffixes", spf_terms, lambda n: "v=spf1 a:example.com" + "/1" * (n // 2)),
    Case("spf: a run of macros", spf_terms, lambda n: "v=spf1 exists:" + "%{s}" * (n // 4)),
    Case("dmarc: report URIs of mailto: repeated", dmarc.redacted, lambda n: "rua=" + "mailto:" * (n // 7)),
    Case("dmarc: a record of thousands of tags", dmarc.parse, lambda n: "v=DMARC1;" + "".join(
        f"t{index:05}=;" for index in range(n // 9))),
    Case("dmarc: a report URI list", lambda t: dmarc.value_problem("rua", t), lambda n: "mailto:a@b?x," * (n // 12)),
    Case("spf: a record of thousands of terms", spf_terms, lambda n: "v=spf1" + " a" * (n // 2)),
    Case("dkim: a key wrapped on every character", dkim.parse_tags, lambda n: "v=DKIM1; p=" + "A " * (n // 2)),
    Case("dkim: a record of empty tags", dkim.parse_tags, lambda n: "v=DKIM1" + ";" * n),
    Case("dkim: a selector that fails at its end", dkim.is_selector, lambda n: "a." * (n // 2) + "-"),
    Case("yaml: a hex-like scalar of underscores", core_tag, lambda n: "0x" + "_" * n + "!"),
    Case("yaml: a number-like scalar of underscores", core_tag, lambda n: "1" + "_" * n + "!"),
    Case("redact: one long token", credential_shaped, lambda n: "aB1-" * (n // 4)),
    Case("redact: a message of short words", lambda t: masked_values(t, {"s3cr3t-value"}), lambda n: "a " * (n // 2)),
]



def cost(parse: Callable[[str], object], text: str, *, runs: int = 3, budget: float = 2.0) -> float:
    """The cheapest of up to `runs` calls in CPU seconds; no more calls once `budget` seconds are spent (so a
    quadratic parser fails the test in one slow call, not three)."""
    best, spent = float("inf"), 0.0
    for _ in range(runs):
        started = time.process_time()
        parse(text)
        took = time.process_time() - started
        best, spent = min(best, took), spent + took
        if spent > budget:
            break
    return best


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_cost_grows_linearly(case: Case) -> None:
    small = max(cost(case.parse, case.text(SMALL), runs=5), FLOOR)
    large = cost(case.parse, case.text(LARGE))
    assert large < LIMIT * small, (f"{case.name}: {LARGE} characters cost {large:.4f} s, {large / small:.0f} "
                                   f"times {SMALL} characters ({small:.4f} s); linear is about 8")
