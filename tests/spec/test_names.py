"""Names as the user writes them: zone, host keys, record names and targets. Each problem is reported at
the key and line the user wrote, with the rule it breaks and how to write it instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.core.errors import SpecError
from launchready.core.stack import load_stack

HEAD = "config:\n  launchready:domain:\n    zone: example.com\n    origin: {ipv4: [192.0.2.1]}\n"


def problems(tmp_path: Path, body: str, head: str = HEAD) -> list[str]:
    """The problems of a stack file, each rendered as the CLI prints it (key path, line, message)."""
    (tmp_path / "Pulumi.yaml").write_text("name: launchready\nruntime: python\n")
    stack = tmp_path / "Pulumi.t.yaml"
    stack.write_text(head + body, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_stack(stack)
    return [str(problem) for problem in caught.value.problems]


def domain(zone: str) -> str:
    return f"config:\n  launchready:domain:\n    zone: {zone}\n    origin: {{ipv4: [192.0.2.1]}}\n"


@pytest.mark.parametrize("body", ["    hosts: {a: {cname: b}, b: {cname: a}}\n",
                                  "    records: [{name: x, type: CNAME, content: y},"
                                  " {name: y, type: CNAME, content: x}]\n"])
def test_a_one_label_target_is_refused_with_the_full_name_to_write(tmp_path: Path, body: str) -> None:
    found = problems(tmp_path, body)
    assert len(found) == 2, found
    assert all("is one label" in p and ".example.com\"" in p and "(line 5)" in p for p in found), found


def test_the_same_loop_written_in_full_is_a_loop(tmp_path: Path) -> None:
    found = problems(tmp_path, "    records: [{name: x, type: CNAME, content: y.example.com},"
                               " {name: y, type: CNAME, content: x.example.com}]\n")
    assert any("form a loop" in p for p in found), found


def test_an_origin_with_a_cname_and_addresses_is_refused(tmp_path: Path) -> None:
    head = "config:\n  launchready:domain:\n    zone: example.com\n"
    found = problems(tmp_path, "    origin: {cname: origin.example.net, ipv4: [192.0.2.1]}\n"
                               "    hosts: {apex: {flatten: true}}\n", head)
    assert found == ["origin (line 4): a CNAME (origin.example.net) cannot share a name with A/AAAA records "
                     "(RFC 1034 §3.6.2); keep one"]


def test_an_address_listed_twice_is_named_at_its_own_index_and_line(tmp_path: Path) -> None:
    head = "config:\n  launchready:domain:\n    zone: example.com\n"
    found = problems(tmp_path, "    origin: {ipv4: [192.0.2.1, 192.0.2.1]}\n", head)
    assert found == ["origin.ipv4[1] (line 4): 192.0.2.1 is listed twice in this list (first at [0]); remove this one"]


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.1", "0.0.0.0", "169.254.1.1"])
def test_a_proxied_origin_must_be_public(tmp_path: Path, address: str) -> None:
    head = "config:\n  launchready:domain:\n    zone: example.com\n"
    found = problems(tmp_path, f"    origin: {{ipv4: [{address}]}}\n", head)
    assert len(found) == 1 and found[0].startswith("origin.ipv4[0] (line 4): ") and "not reachable" in found[0]


def test_an_ipv4_mapped_ipv6_address_says_to_list_it_as_ipv4(tmp_path: Path) -> None:
    found = problems(tmp_path, '    hosts: {api: {ipv6: ["::ffff:192.0.2.1"]}}\n')
    assert found == ["hosts.api.ipv6[0] (line 5): ::ffff:c000:201 is an IPv4 address written as IPv6 (::ffff:…, "
                     "RFC 4291 §2.5.5.2); list 192.0.2.1 as an IPv4 address instead"]


HOSTS = ("    hosts:\n      api: {}\n      Shop: {proxied: false, ttl: 5}\n      bücher: {ttl: 300}\n"
         "      eu.api: {ttl: 7}\n      blog.example.com.: {proxied: false, ttl: 5}\n")


def test_normalised_host_keys_are_reported_as_written_at_their_line(tmp_path: Path) -> None:
    assert problems(tmp_path, HOSTS) == [
        "hosts.Shop (line 7): TTL 5 is rejected by Cloudflare; use 1 (automatic) or 60–86400 seconds",
        "hosts.bücher (line 8): proxied records always use TTL 1 (automatic); remove ttl: 300 or set proxied: false",
        'hosts["eu.api"] (line 9): proxied records always use TTL 1 (automatic); remove ttl: 7 or set proxied: false',
        'hosts["blog.example.com."] (line 10): TTL 5 is rejected by Cloudflare; use 1 (automatic) or 60–86400 seconds',
    ]


def test_a_typo_under_a_normalised_host_key_names_the_key_as_written(tmp_path: Path) -> None:
    found = problems(tmp_path, "    hosts:\n      api: {}\n      Shop: {proxid: true}\n")
    assert len(found) == 1
    assert found[0].startswith('hosts.Shop.proxid (line 7): is not a known key; did you mean "proxied"')


def test_every_second_spelling_of_a_host_is_reported_with_its_reason(tmp_path: Path) -> None:
    found = problems(tmp_path, '    hosts:\n      "@": {}\n      bücher: {}\n      www: {}\n      apex: {}\n'
                               "      xn--bcher-kva: {}\n      WWW: {}\n      www.example.com.: {}\n")
    assert found == [
        'hosts.apex (line 9): "@" and "apex" both name the apex ("@" is short for apex); keep one of them',
        'hosts.xn--bcher-kva (line 10): "bücher" and "xn--bcher-kva" are one host: the xn-- form is how DNS spells '
        "the internationalised name (IDNA, RFC 5891); keep one of them",
        'hosts.WWW (line 11): "www" and "WWW" are one host: DNS names ignore case (RFC 4343); keep one of them',
        'hosts["www.example.com."] (line 12): "www" and "www.example.com." are one host: a name with a final dot is '
        "the same name written in full; keep one of them",
    ]


@pytest.mark.parametrize(("key", "fragment"), [
    ("api.", 'ends with a dot, so it is the absolute name api. (RFC 1035 §5.1), outside the zone example.com; '
             'write "api" (relative to the zone) or "api.example.com."'),
    ("api.example.net", 'ends in example.net, another domain, and would become api.example.net.example.com'),
    ("api.example.com", 'is a full name in the zone example.com, but host keys are relative to it: write "api"'),
    ("_dmarc", 'holds "_", which no web certificate may name'),
    ("xn--a", "is not valid punycode"),
    ('"soft\\u00adhy"', "holds an invisible character (U+00AD)"),
])
def test_a_host_key_that_cannot_be_a_web_host_in_the_zone_is_refused(tmp_path: Path, key: str, fragment: str) -> None:
    found = problems(tmp_path, f"    hosts:\n      {key}: {{}}\n")
    assert len(found) == 1 and "(line 6)" in found[0] and fragment in found[0], found


def test_a_trailing_dot_means_the_same_in_records_as_in_hosts(tmp_path: Path) -> None:
    found = problems(tmp_path, '    records: [{name: "E.", type: TXT, content: x}]\n')
    assert found == ['records[0].name (line 5): "e." ends with a dot, so it is the absolute name e. (RFC 1035 §5.1), '
                     'outside the zone example.com; write "e" (relative to the zone) or "e.example.com."']


@pytest.mark.parametrize(("zone", "fragment"), [
    ("1.2.3.4", "is an IP address, not a domain name"),
    ("example.123", 'ends in "123", digits only, which no top-level domain is (RFC 3696 §2)'),
    ("xn--a.example", "is not valid punycode"),
    ("xn--55555555.example", "is not valid punycode"),
    ("xn--abc.example", "is not valid punycode"),
    ("exa_mple.com", 'holds "_", which no web certificate may name'),
    ("example.com..", "has an empty label (two dots in a row"),
    ('"example..com"', "has an empty label (two dots in a row"),
    ('"ex\\u200bample.com"', "holds an invisible character (U+200B)"),
    ("https://example.com/", "is a URL; write just the name (example.com)"),
])
def test_a_zone_that_is_no_registrable_web_domain_is_refused(tmp_path: Path, zone: str, fragment: str) -> None:
    found = problems(tmp_path, "", domain(zone))
    assert len(found) == 1 and found[0].startswith("zone.name (line 3): ") and fragment in found[0], found


@pytest.mark.parametrize("name", ["*", "*.dev"])
def test_a_wildcard_record_is_refused_as_not_supported_yet(tmp_path: Path, name: str) -> None:
    found = problems(tmp_path, f'    records: [{{name: "{name}", type: A, content: 192.0.2.5}}]\n')
    assert len(found) == 1 and "wildcard records are not supported yet" in found[0], found


def test_a_webhook_url_of_the_wrong_kind_is_one_message_at_its_key(tmp_path: Path) -> None:
    found = problems(tmp_path, '    monitoring: {slack_webhook_url: "http://hooks.example.net/x"}\n')
    assert len(found) == 1, found
    assert found[0].startswith("monitoring.slack_webhook_url (line 5): should be an https:// URL, or a Pulumi secret")


@pytest.mark.parametrize("key", ["eu.app", "status.api", "api.eu"])
def test_a_two_label_host_key_is_a_name_in_the_zone_even_when_its_last_label_is_a_tld(tmp_path: Path,
                                                                                       key: str) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: launchready\nruntime: python\n")
    stack = tmp_path / "Pulumi.t.yaml"
    stack.write_text(HEAD + f"    hosts:\n      {key}: {{}}\n")
    assert f"{key}.example.com" in {host.fqdn for host in load_stack(stack).plan.web_hosts}


@pytest.mark.parametrize("key", ['"*"', '"*.eu"'])
def test_a_wildcard_host_key_says_wildcards_are_not_supported(tmp_path: Path, key: str) -> None:
    found = problems(tmp_path, f"    hosts:\n      {key}: {{}}\n")
    assert len(found) == 1 and "is a wildcard name: wildcard records are not supported yet" in found[0], found


def test_a_host_key_shaped_like_a_token_is_refused_and_never_quoted(tmp_path: Path) -> None:
    found = problems(tmp_path, "    hosts:\n      sk_live_Zx9Qm2LkP7vT4hWc8sRb: {}\n")
    assert len(found) == 1 and "text of 28 characters looks like a credential" in found[0], found
    assert found[0].startswith("hosts.<a key of 28 characters that could be a credential> (line 6)")
    assert "zx9qm2" not in found[0].lower()
