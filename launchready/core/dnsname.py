"""DNS names, the one home for them: validity (RFC 1035 §2.3.4), normalisation (lowercase, IDNA,
no trailing dot) and zone-relative forms, shared by the spec, the planner, the validators and adopt.

Names are kept as lowercase FQDNs without the trailing dot: that is the form Cloudflare's API
returns (relative names drift, terraform-provider-cloudflare #5498), and the form the plan JSON uses.
"""

from __future__ import annotations

import re

# RFC 1035 §2.3.4 sizes; RFC 1123 §2.1 lets a label start with a digit. Underscores are allowed
# because service labels (_dmarc, selector._domainkey, _acme-challenge) are ordinary owner names.
_LABEL = re.compile(r"^(?!-)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
MAX_NAME_LENGTH = 253


def name_problem(name: str) -> str | None:
    """Why `name` is not a usable DNS name (RFC 1035 §2.3.4), or None when it is."""
    if not name:
        return "is empty"
    if len(name) > MAX_NAME_LENGTH:
        return f"is {len(name)} characters long; a DNS name has at most {MAX_NAME_LENGTH}"
    for label in name.split("."):
        if len(label) > 63:
            return f'has the label "{label[:20]}…" of {len(label)} characters; the limit is 63'
        if not _LABEL.match(label):
            return f'has the invalid label "{label}" (letters, digits, "-" and "_" only, no "-" at the ends)'
    return None


def normalize_name(value: str) -> str:
    """Lowercase, strip one trailing dot and IDNA-encode a user-written name."""
    text = value.strip().rstrip(".").lower()
    try:
        return text.encode("idna").decode("ascii") if not text.isascii() else text
    except UnicodeError as exc:
        raise ValueError(f'"{value}" is not a valid internationalised name ({exc})') from None


def name_error(value: str) -> str | None:
    """Why a user-written name cannot be used (IDNA included), or None: never raises."""
    try:
        return name_problem(normalize_name(value))
    except ValueError as exc:
        return str(exc)


def owner_name(value: str) -> str:
    """A record's owner as written in the spec: "@", a name relative to the zone, or an FQDN with a final
    dot (RFC 1035 §5.1). Normalised (lowercase, IDNA) with the final dot kept; ValueError when unusable."""
    text = value.strip()
    if text == "@":
        return text
    problem = name_error(text)
    if problem:
        raise ValueError(f'"{value}" {problem}')
    return normalize_name(text) + ("." if text.endswith(".") else "")


def target_problem(value: str) -> str | None:
    """Why a record target cannot be used, or None."""
    try:
        problem = name_problem(normalize_name(value))
    except ValueError as exc:
        return str(exc)
    return f'target "{value}" {problem}' if problem else None


def check_name(value: str) -> str:
    """Normalise a name and raise ValueError naming the rule it breaks."""
    name = normalize_name(value)
    problem = name_problem(name)
    if problem:
        raise ValueError(f'"{value}" {problem}')
    return name


def fqdn(label: str, zone: str) -> str:
    """The FQDN of `label` in `zone`; "@" and "apex" mean the zone itself; a final dot is dropped."""
    label = label.removesuffix(".")
    if label in ("@", "apex", ""):
        return zone
    if label == zone or label.endswith("." + zone):
        return label
    return f"{label}.{zone}"


def relative(name: str, zone: str) -> str:
    """The owner name relative to the zone, "@" for the apex (zone-file style)."""
    if name == zone:
        return "@"
    return name.removesuffix("." + zone)
