"""`adopt --zone-file` on zone files no export should contain: bounded $GENERATE, records of other zones
named in a note, a BOM, non-UTF-8 CAA text, and a spec snippet that always plans."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest

from launchready.adopt.snippet import declarable, snippet_entry, snippet_problem
from launchready.adopt.zonefile import parse_zone_text, read_zone_file
from launchready.core.errors import InputError
from launchready.core.inputs.yamldoc import load_yaml
from launchready.core.spec import parse_spec

ORIGIN = "$ORIGIN example.com.\n$TTL 300\n"


def test_a_huge_generate_is_refused_before_it_expands() -> None:
    started = time.monotonic()
    with pytest.raises(InputError, match=r"line 3: \$GENERATE makes more than 10,000 records"):
        parse_zone_text(ORIGIN + "$GENERATE 1-2000000 h$ A 192.0.2.1\n", "example.com")
    assert time.monotonic() - started < 1


def test_a_small_generate_still_reads() -> None:
    zone = parse_zone_text(ORIGIN + "$GENERATE 1-3 h$ A 192.0.2.$\n", "example.com")
    assert sorted(r.name for r in zone.records) == ["h1.example.com", "h2.example.com", "h3.example.com"]


def test_records_of_another_zone_are_left_out_with_a_note() -> None:
    zone = parse_zone_text(ORIGIN + "www IN A 192.0.2.1\nfoo.example.org. IN A 192.0.2.2\n", "example.com")
    assert [r.name for r in zone.records] == ["www.example.com"]
    assert zone.notes == ("1 record outside example.com left out (foo.example.org); a zone file of one zone "
                          "holds only its own names",)


def test_a_utf8_bom_does_not_break_origin(tmp_path: Path) -> None:
    path = tmp_path / "export.zone"
    path.write_bytes(codecs.BOM_UTF8 + (ORIGIN + "www IN A 192.0.2.1\n").encode())
    assert [r.name for r in read_zone_file(path, "example.com").records] == ["www.example.com"]


def test_non_utf8_caa_text_is_kept_escaped_and_left_out_of_the_snippet() -> None:
    zone = parse_zone_text(ORIGIN + '@ IN CAA 0 issue "ca\\255.example"\n', "example.com")
    [caa] = zone.records
    assert caa.content == '0 issue "ca\\xff.example"' and snippet_problem(caa, "example.com") == "its text is not UTF-8"


@pytest.mark.parametrize("line", ["www 0 IN A 192.0.2.1", 't IN TXT ""', "s IN SRV 1 1 443 .",
                                  '@ IN CAA 0 tbs "x"'])
def test_what_the_spec_would_refuse_stays_out_of_the_snippet(line: str) -> None:
    [record] = parse_zone_text(ORIGIN + line + "\n", "example.com").records
    assert not declarable(record, "example.com") and snippet_problem(record, "example.com")


def test_every_snippet_entry_plans() -> None:
    """Entry by entry; a set of CAA records is judged as a set by the spec (Cloudflare's CAs kept), which a
    snippet of what the zone holds today may not meet."""
    text = ORIGIN + ('w2 IN A 192.0.2.1\nt IN TXT "v=spf1 -all"\nm IN MX 10 mx.example.net.\n'
                     '_sip._tcp IN SRV 1 5 443 sip.example.net.\n')
    records = [r for r in parse_zone_text(text, "example.com").records if declarable(r, "example.com")]
    entries = "\n".join(snippet_entry(r, "example.com") for r in records)
    parsed = load_yaml(entries, "snippet").data
    assert len(parsed) == 4
    parse_spec({"zone": "example.com", "origin": {"ipv4": ["192.0.2.10"]}, "records": parsed})
