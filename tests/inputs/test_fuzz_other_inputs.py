"""Zone files, results JSON and preview JSON from hypothesis (spliced bytes and random structures), through
their readers in process: each is read or refused as bad input (InputError), never another exception,
within a time bound. 1,000 examples each under CI=true, 200 otherwise."""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from launchready.adopt.zonefile import read_zone_file
from launchready.core.errors import InputError
from launchready.core.inputs import PREVIEW_FILE, read_text
from launchready.handover.results import load_results
from launchready.preview import summarize
from tests.conftest import ON_CI

FUZZ = settings(max_examples=1000 if ON_CI else 200, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
ZONE = ('$ORIGIN example.com.\n$TTL 300\n@ 3600 IN SOA ns.example.com. h.example.com. 1 2 3 4 5\n'
        'www IN A 192.0.2.1 ; cf_tags=cf-proxied:true\n@ IN CAA 0 issue "letsencrypt.org"\n'
        '$GENERATE 1-3 h$ CNAME www\nt IN TXT "v=spf1 -all"\n')
RESULTS = json.dumps({"schema_version": 1, "ok": False, "notes": [], "summary": {"stack": "s"}, "findings": [
    {"check": "dns.answer", "severity": "error", "name": "www.example.com", "message": "m"}]})
PREVIEW = json.dumps({"steps": [{"op": "update", "urn": "urn:pulumi:s::p::cloudflare:index/dnsRecord:DnsRecord::r",
                                 "oldState": {"inputs": {"content": "a"}}, "newState": {"inputs": {"content": "b"}},
                                 "diffReasons": ["content"]}], "diagnostics": []})
JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=12),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                        max_size=3), max_leaves=15)


def read_preview(path: Path) -> None:
    """What `preview-summary FILE` does: the one reader, then the digest."""
    summarize(read_text(path, PREVIEW_FILE), str(path))


def read_or_refused(read: Any, path: Path, data: bytes) -> None:
    path.write_bytes(data)
    started = time.monotonic()
    with contextlib.suppress(InputError):  # refused as bad input: exit 2 with a message
        read(path)
    assert time.monotonic() - started < 2.0


def spliced(text: str, position: int, noise: bytes) -> bytes:
    data = text.encode()
    return data[: position % (len(data) + 1)] + noise + data[position % (len(data) + 1):]


@FUZZ
@given(position=st.integers(0, 10_000), noise=st.binary(max_size=24))
def test_zone_files(tmp_path_factory: Any, position: int, noise: bytes) -> None:
    read_or_refused(lambda p: read_zone_file(p, "example.com"), tmp_path_factory.mktemp("z") / "export.zone",
                    spliced(ZONE, position, noise))


@FUZZ
@given(position=st.integers(0, 10_000), noise=st.binary(max_size=24), which=st.sampled_from(["results", "preview"]))
def test_json_documents_with_bytes_spliced_in(tmp_path_factory: Any, position: int, noise: bytes, which: str) -> None:
    text, read = (RESULTS, load_results) if which == "results" else (PREVIEW, read_preview)
    read_or_refused(read, tmp_path_factory.mktemp("j") / "doc.json", spliced(text, position, noise))


@FUZZ
@given(document=JSON_VALUES, which=st.sampled_from(["results", "preview"]))
def test_json_documents_of_any_shape(tmp_path_factory: Any, document: Any, which: str) -> None:
    read = load_results if which == "results" else read_preview
    read_or_refused(read, tmp_path_factory.mktemp("s") / "doc.json", json.dumps(document).encode())
