"""DNS names, the one home for them: validity (RFC 1035 §2.3.4), normalisation (lowercase, IDNA,
no trailing dot) and zone-relative forms, shared by the spec, the planner, the validators and adopt.

Names are kept as lowercase FQDNs without the trailing dot: that is the form Cloudflare's API
returns (relative names drift, terraform-provider-cloudflare #5498), and the form the plan JSON uses.
A name written with a final dot is absolute (RFC 1035 §5.1); without one, a spec name is relative to
the zone and a record target is a full host name.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING

from launchready.core.redact import credential_shaped, quoted, secret_like, shown

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList

# RFC 1035 §2.3.4 sizes; RFC 1123 §2.1 lets a label start with a digit. Underscores are allowed
# because service labels (_dmarc, selector._domainkey, _acme-challenge) are ordinary owner names.
_LABEL = re.compile(r"^(?!-)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
MAX_NAME_LENGTH = 253
IGNORED = frozenset("\u034f\u1806\u180b\u180c\u180d") | {chr(c) for c in range(0xFE00, 0xFE10)}
"""Characters IDNA mapping drops without a trace besides the format characters (Unicode category Cf):
RFC 3454 table B.1, "commonly mapped to nothing"."""


def invisible_problem(text: str) -> str | None:
    """A character normalisation would drop silently (a zero-width space, a soft hyphen): the name would
    not be the one the user sees, so it is refused rather than cleaned."""
    hidden = next((c for c in text if c in IGNORED or unicodedata.category(c) == "Cf"), None)
    return f"holds an invisible character (U+{ord(hidden):04X}); retype the name" if hidden else None


def label_problem(label: str) -> str | None:
    if not label:
        return "has an empty label (two dots in a row, or a dot at an end); remove the extra dot"
    if len(label) > 63:
        return f'has the label "{label[:20]}…" of {len(label)} characters; the limit is 63'
    if not _LABEL.match(label):
        return f'has the invalid label "{label}" (letters, digits, "-" and "_" only, no "-" at the ends)'
    if label.startswith("xn--"):
        import idna  # only for xn-- labels and non-ASCII names: ~3 ms of start-up otherwise

        try:
            idna.decode(label)  # an A-label must decode to a valid U-label (RFC 5890 §2.3.2.1)
        except idna.IDNAError:
            return f'has the label "{label}", which is not valid punycode (IDNA, RFC 5891); retype it'
    return None


def name_problem(name: str) -> str | None:
    """Why `name` is not a usable DNS name (RFC 1035 §2.3.4), or None when it is."""
    if not name:
        return "is empty"
    if len(name) > MAX_NAME_LENGTH:
        return f"is {len(name)} characters long; a DNS name has at most {MAX_NAME_LENGTH}"
    return next((p for p in map(label_problem, name.split(".")) if p), None)


def normalize_name(value: str) -> str:
    """Lowercase, strip one trailing dot and IDNA-encode a user-written name (UTS #46 mapping, IDNA 2008,
    the `idna` package); ValueError for invisible characters or a name IDNA refuses."""
    text = value.strip().removesuffix(".")
    if text.isascii():
        return text.lower()
    if problem := invisible_problem(text):
        raise ValueError(f"{quoted(value)} {problem}")
    import idna

    try:
        mapped = idna.uts46_remap(text, std3_rules=False, transitional=False)
        if "" in mapped.split("."):
            raise idna.IDNAError("an empty label (two dots in a row)")
        return ".".join(label if label.isascii() else idna.alabel(label).decode() for label in mapped.split("."))
    except (idna.IDNAError, UnicodeError) as exc:
        raise ValueError(f"{quoted(value)} is not a valid internationalised name ({exc})") from None


NOT_A_NAME = 'is not a DNS name: labels of letters, digits, "-" and "_", joined by dots'
"""Why a name that could hold a secret is refused: the rule it breaks would quote a label of it."""
CREDENTIAL_NAME = ("looks like a credential, not a name: a DNS name is public once published, and Pulumi state "
                   "keeps it in plain text; if it is a token or key, remove it and rotate it; if it is a name, "
                   "write it in lowercase")


def name_error(value: str) -> str | None:
    """Why a user-written name cannot be used (IDNA included), or None: never raises, and never quotes a
    label of a name that could hold a secret (the labels are lowercased, so masking the name as written
    would miss them)."""
    try:
        problem = name_problem(normalize_name(value))
    except ValueError as exc:
        problem = str(exc)
    return NOT_A_NAME if problem and secret_like(value) else problem


def refuse_credential(value: str) -> None:
    """A name the user chooses (the zone, a host key, a record's owner) never has a credential's shape: a
    token pasted there would be published in DNS. Lowercase is never credential-shaped, so a real name
    written with capitals has a one-step fix. Record data (targets, TXT text) is public by design."""
    if credential_shaped(value):
        raise ValueError(f"{shown(value)} {CREDENTIAL_NAME}")


def named(value: str, problem: str) -> str:
    """A name_error message about `value`, which names it unless it already does."""
    return problem if problem.startswith('"') else f"{quoted(value)} {problem}"


def owner_name(value: str) -> str:
    """A record's owner as written in the spec: "@", a name relative to the zone, or an FQDN with a final
    dot (RFC 1035 §5.1). Normalised (lowercase, IDNA) with the final dot kept; ValueError when unusable."""
    text = value.strip()
    if text == "@":
        return text
    refuse_credential(value)
    refuse_wildcard(value)
    if problem := name_error(text):
        raise ValueError(named(value, problem))
    return normalize_name(text) + ("." if text.endswith(".") else "")


def target_problem(value: str) -> str | None:
    """Why a record target cannot be used, or None."""
    problem = name_error(value)
    return problem if problem is None or problem.startswith('"') else f"target {quoted(value)} {problem}"


def check_name(value: str) -> str:
    """Normalise a name and raise ValueError naming the rule it breaks."""
    if problem := name_error(value):
        raise ValueError(named(value, problem))
    return normalize_name(value)


def web_name_problem(name: str) -> str | None:
    """A name that must hold a web certificate is a hostname: letters, digits and "-" (LDH, RFC 5280
    §4.2.1.6 and the CA/Browser Forum Baseline Requirements §7.1.4.2), so no "_" anywhere."""
    if "_" in name:
        return ('holds "_", which no web certificate may name (hostnames are letters, digits and "-", '
                "RFC 5280 §4.2.1.6); use \"-\"")
    return None


def absolute_problem(name: str) -> str | None:
    """Why a normalised absolute name (a zone, a record target) cannot be one: an IP address, or a last
    label of digits only, which no top-level domain is (RFC 3696 §2)."""
    try:
        ipaddress.ip_address(name)
        return "is an IP address, not a domain name"
    except ValueError:
        pass
    last = name.rsplit(".", 1)[-1]
    return f'ends in "{last}", digits only, which no top-level domain is (RFC 3696 §2)' if last.isdigit() else None


def url_hint(value: str) -> str | None:
    """How to write a domain given as a URL or with a port: DNS names carry neither."""
    from urllib.parse import urlsplit

    text = value.strip()
    if "://" in text or "/" in text:
        host = urlsplit(text if "://" in text else f"//{text}").hostname or ""
        return f'is a URL; write just the name{f" ({host})" if host and not credential_shaped(text) else ""}'
    if text.startswith("[") and "]:" in text:
        host, port = text[1:].split("]:", 1)
    elif text.count(":") == 1:
        host, _, port = text.partition(":")
    else:
        return None
    if port.isdigit():
        return f"holds a port (:{port}); DNS has no ports: write just {host} and set the port at the origin"
    return None


def check_zone(value: str) -> str:
    """A zone name: a usable DNS name, absolute, and a web hostname (the apex serves HTTPS)."""
    refuse_credential(value)
    if hint := url_hint(value):
        raise ValueError(f"{quoted(value)} {hint}")
    name = check_name(value)
    if problem := absolute_problem(name):
        raise ValueError(f'"{value}" {problem}; the zone is the domain you registered, such as example.com')
    if problem := web_name_problem(name):
        raise ValueError(f'"{value}" {problem}')
    return name


def written_zone(value: object) -> str | None:
    """The zone a spec's `zone` value names as written (`X`, or `{name: X}`), or None when it names no
    usable zone (the spec rules report that): host keys are read against it before the models run."""
    name = value.get("name") if isinstance(value, dict) else value
    try:
        return check_zone(name) if isinstance(name, str) else None
    except ValueError:
        return None


@cache
def public_suffixes() -> PublicSuffixList:
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()  # the bundled list: read offline


def foreign_domain(name: str) -> str | None:
    """The registrable domain a relative name of three labels or more ends in (api.example.net ends in
    example.net), by the Public Suffix List: such a key was meant as a name outside the zone. Two labels
    are read as labels of the zone: `eu.app`, `status.api` and `api.eu` are ordinary hosts, and their last
    labels happen to be top-level domains too."""
    found = public_suffixes().privatesuffix(name, accept_unknown=False) if name.count(".") >= 2 else None
    return found if isinstance(found, str) else None


def refuse_wildcard(value: str) -> None:
    if "*" in value.strip().split("."):
        raise ValueError(f"{quoted(value)} is a wildcard name: wildcard records are not supported yet (Cloudflare "
                         "serves them, docs \"Wildcard DNS records\", read 2026-11, but launchready cannot validate "
                         "them); declare each name you need")


def outside_zone(written: str, zone: str) -> str | None:
    """Why a name written with a final dot cannot be used in `zone`: it is absolute (RFC 1035 §5.1), as in a
    zone file, and does not end in the zone. None when it has no final dot or is in the zone (hosts keys
    and record names alike)."""
    absolute = normalize_name(written)
    if not written.strip().endswith(".") or absolute == zone or absolute.endswith("." + zone):
        return None
    return (f"{quoted(written)} ends with a dot, so it is the absolute name {absolute}. (RFC 1035 §5.1), outside "
            f'the zone {zone}; write "{absolute}" (relative to the zone) or "{absolute}.{zone}."')


def host_label(written: str, zone: str | None) -> str:
    """A `hosts` key as a label relative to the zone ("apex" for "@"), or ValueError saying how to write it.
    Relative unless it ends with a dot, which makes it absolute (RFC 1035 §5.1), as in `records`."""
    text = written.strip()
    if text in ("@", "apex"):
        return "apex"
    refuse_credential(written)
    refuse_wildcard(written)
    name = check_name(text)
    if problem := web_name_problem(name):
        raise ValueError(f'{quoted(written)} {problem}; a record such as _dmarc goes under records')
    inside = zone is not None and (name == zone or name.endswith("." + zone))
    if text.endswith(".") and zone is not None:
        if problem := outside_zone(written, zone):
            raise ValueError(problem)
        return "apex" if name == zone else name.removesuffix("." + zone)
    if inside:
        raise ValueError(f'{quoted(written)} is a full name in the zone {zone}, but host keys are relative to it: '
                         f'write "{relative(name, zone or "")}", or the absolute name with a final dot ("{name}.")')
    if domain := foreign_domain(name):
        whole, verb = f"{name}.{zone or '<zone>'}", "is" if domain == name else "ends in"
        raise ValueError(f'{quoted(written)} {verb} {domain}, another domain, and would become {whole}; write a label '
                         f'of this zone ("{name.split(".")[0]}", with cname: {name} to point it there), or, if you '
                         f'mean that long name, write it absolute: "{whole}."')
    return name


def fqdn(label: str, zone: str) -> str:
    """The FQDN of `label` in `zone`; "@" and "apex" mean the zone itself; a final dot is dropped."""
    label = label.removesuffix(".")
    if label in ("@", "apex", ""):
        return zone
    if label == zone or label.endswith("." + zone):
        return label
    return f"{label}.{zone}"


def in_zone(name: str, zone: str) -> bool:
    """Whether `name` (an FQDN, any case, a final dot allowed) is the zone or a name below it."""
    name = name.lower().removesuffix(".")
    return name == zone or name.endswith("." + zone)


def relative(name: str, zone: str) -> str:
    """The owner name relative to the zone, "@" for the apex (zone-file style)."""
    if name == zone:
        return "@"
    return name.removesuffix("." + zone)
