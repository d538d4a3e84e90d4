"""How a user's value appears in an error message: never in a form that could leak a credential.

A value that is wrong is often a value in the wrong place: an API token pasted under `zone.id`, a
password under `ttl`. So a message shows a value itself only when its shape cannot be a credential
(true/false, a small number, an address, a host name, an e-mail address, a path, a short word or
keyword such as -all) and otherwise its type and length: `text of 40 characters`. A URL shows its
scheme and host only (webhook URLs carry their secret in the path or query). Whatever the shape, a
value that holds a credential's mark is never plain: an AWS access key id (AKIA/ASIA + 16), a prefixed
Cloudflare token (cfut_, cfat_, cfk_), a run of 32 or more of [A-Za-z0-9_-] mixing capitals, small
letters and digits (Cloudflare's 40-character tokens, base64url), or a run of 16 or more letters and
digits with a capital that is not a camelCase word (API tokens, base64).

The one home for how a value that may be a secret is shown anywhere: in a message (`shown`, `quoted`),
as a key of a key path (`shown_key`), as a URL in a plan, report or diff (`shown_url`); and for the names
that say a value is a secret whatever its shape (`secret_name`: a config key for preflight, a URL's
query parameter for the spec, `credential_parameter`).
"""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import unquote, unquote_plus, urlsplit

SHORT_WORD = re.compile(r"^(?:[~+?-]?[A-Za-z]{1,12}|[A-Za-z][A-Za-z_-]{0,23})$")  # words, -all, names without digits
ADDRESS = re.compile(r"^(?:[0-9A-Fa-f.:/]{1,49}|[0-9A-Za-z]{0,4}(?::[0-9A-Za-z]{0,4}){2,8})(?:%[A-Za-z0-9]{1,16})?$")
HOST = re.compile(r"^(?=.{1,253}$)(?:[A-Za-z0-9*_-]{1,63}\.)+[A-Za-z0-9_-]{1,63}\.?$")
PATH = re.compile(r"^(?=.{1,64}$)/?[A-Za-z0-9._~*-]*(?:/[A-Za-z0-9._~*-]*)*$")  # with a "/": /a/b, open/*
EMAIL = re.compile(r"^(?:mailto:)?[A-Za-z0-9._%+-]{1,64}@(?P<host>[^@]{1,253})$")
AWS_KEY_ID = re.compile(r"(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z0-9]{16}")
"""AWS's unique-id prefixes (access keys AKIA, temporary ASIA; IAM docs, "Unique identifiers", read 2026-11)."""
CLOUDFLARE_TOKEN = re.compile(r"cf(?:k|ut|at)_[A-Za-z0-9_-]{32,}")
"""Cloudflare's prefixed credentials since 2026-04 (launchready/preflight/cloudflare_detector.py)."""
LONG_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,}")
LONG_RUN = re.compile(r"[A-Za-z0-9]{16,}")
CAMEL_WORD = re.compile(r"^[A-Za-z][a-z]+(?:[A-Z][a-z]+)*$")  # UseDefaultValue, not wJalrXUtnFEMI
SMALL_NUMBER = 10**6
SHOWN_LIMIT = 60


def shown(value: Any) -> str:
    """`value` for a `(got …)` part: itself when its shape cannot hold a secret, else type and length."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)  # .inf, .nan
    if isinstance(value, int | float):
        return repr(value) if abs(value) < SMALL_NUMBER else f"a number of {len(str(int(value)))} digits"
    if isinstance(value, str):
        return shown_text(value)
    if isinstance(value, dict):
        return "[secret]" if "secure" in value else shown_mapping(value)
    if isinstance(value, list | tuple):
        text = "[" + ", ".join(shown(item) for item in value[:4]) + "]"
        return text if len(text) <= SHOWN_LIMIT and len(value) <= 4 else \
            f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    return f"a value of type {type(value).__name__}"


def shown_text(value: str) -> str:
    if is_plain(value):
        return repr(value)
    if value.startswith(("http://", "https://")):
        host, scheme = url_host(value), value.split(":", 1)[0]
        return f"a {scheme}:// URL for {host}" if host and is_plain(host) else f"a URL of {len(value)} characters"
    return f"text of {len(value)} character{'s' if len(value) != 1 else ''}"


def url_host(url: str) -> str:
    """The host of a URL, or "" when it has none that can be read (`https://[::1/`)."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def is_plain(value: str) -> bool:
    """A short word, an address, a host name, an e-mail address or a path: shapes no credential has."""
    shaped = bool(SHORT_WORD.match(value) or ADDRESS.match(value) and any(c in value for c in ".:")
                  or HOST.match(value) or PATH.match(value) and "/" in value or is_email(value))
    return value == "" or shaped and not credential_shaped(value)


def is_email(value: str) -> bool:
    """local@host (or mailto:local@host) where host is a plain host name."""
    match = EMAIL.match(value)
    return bool(match and HOST.match(match["host"]))


def credential_shaped(value: str) -> bool:
    """An AWS access key id, a Cloudflare token, or a long run of letters and digits with a capital that no
    word has. A value in lowercase never is, unless it starts a Cloudflare token (cfut_, cfat_, cfk_)."""
    if AWS_KEY_ID.search(value) or CLOUDFLARE_TOKEN.search(value) or any(map(mixed, LONG_TOKEN.findall(value))):
        return True
    return any(not run.islower() and not run.isdigit() and not CAMEL_WORD.match(run) for run in LONG_RUN.findall(value))


def mixed(run: str) -> bool:
    """Capitals, small letters and digits together: a random token's alphabet, not a word's."""
    return any(c.isupper() for c in run) and any(c.islower() for c in run) and any(c.isdigit() for c in run)


def secret_like(value: str) -> bool:
    """A value no message quotes, nor any part of: credential-shaped, or holding an "@" (a URL's user and
    password, user@host:password); "@" alone is the apex."""
    return credential_shaped(value) or "@" in value and value != "@"


def quoted(value: str) -> str:
    """`value` in quotes for a message, or its shape when it could hold a secret."""
    return shown(value) if secret_like(value) else f'"{value}"'


def visible(value: str) -> str:
    """`value` as a plan or report shows it: itself, or its shape when it is credential-shaped."""
    return shown(value) if credential_shaped(value) else value


def shown_key(key: str) -> str:
    """A mapping key as a key path shows it: itself, or its length when it could be a credential (a token
    pasted as a key is reported where it is, by line, never quoted)."""
    return f"<a key of {len(key)} characters that could be a credential>" if secret_like(key) else key


def shown_mapping(value: dict[Any, Any]) -> str:
    """Keys are the user's own names, shown unless they could be a credential; their values are shown by the
    same rules, briefly."""
    items = list(value.items())[:4]
    text = "{" + ", ".join(f"{shown_mapping_key(key)}: {shown(item)}" for key, item in items) + "}"
    return text if len(text) <= SHOWN_LIMIT else f"a mapping of {len(value)} key{'s' if len(value) != 1 else ''}"


def shown_mapping_key(key: Any) -> str:
    return shown(key) if isinstance(key, str) and secret_like(key) else repr(key)


def secret_shaped(data: Any, limit: int = 100_000) -> set[str]:
    """Every string value in `data` that is not plain and holds no space, and every key that could be a
    credential: the values a message may quote whole and must not (at most `limit` are looked at)."""
    found: set[str] = set()
    pending, seen = [data], 0
    while pending and seen < limit:
        value, seen = pending.pop(), seen + 1
        if isinstance(value, dict):
            pending.extend(value.values())
            found.update(key for key in value if isinstance(key, str) and secret_like(key))
        elif isinstance(value, list | tuple):
            pending.extend(value)
        elif isinstance(value, str) and len(value) >= 8 and " " not in value and not is_plain(value):
            found.add(value)
    return found


TOKEN = re.compile(r"[^\s\"'(),;]+")


def masked_values(message: str, secrets: set[str]) -> str:
    """`message` with each whole token that is one of `secrets`, in any case (a DNS name is lowercased
    before a rule quotes it), shown by type and length instead."""
    if not secrets:
        return message
    folded = {secret.lower() for secret in secrets}
    return TOKEN.sub(lambda m: shown_text(m.group()) if m.group().lower() in folded else m.group(), message)


def masked_in(message: str, value: Any) -> str:
    """`message` with every copy of a non-plain `value` replaced by its shown form (a validator's own
    message may quote the value it refused). A word that holds the value inside it (`/open/*` for
    `open/*`) is shown by its own type and length as a whole: never spliced into, never left whole."""
    if not (isinstance(value, str) and len(value) >= 4 and not is_plain(value) and value in message):
        return message
    message = message.replace(f'"{value}"', value)
    if not TOKEN.fullmatch(value):
        return message.replace(value, shown_text(value))
    return TOKEN.sub(lambda m: m.group() if value not in m.group() else shown_text(m.group()), message)


MASKED, SECRET_PART = "…", "[secret]"


def shown_url(url: str) -> str:
    """A URL (or a path with a query) as a plan, report or diff shows it: scheme, host and path, with every
    query value masked ("?key=…"), a fragment as "#…", and any part that could be a credential as [secret];
    never a user or a password. Webhook URLs are shown by host alone (launchready.core.plan.monitor_model)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    origin = f"{parts.scheme}://{SECRET_PART if secret_like(host) else host}" if parts.scheme else ""
    port = f":{port_of(url)}" if parts.scheme and port_of(url) else ""
    path = "/".join(SECRET_PART if credential_shaped(unquote(step)) else step for step in parts.path.split("/"))
    fields = [field.partition("=") for field in parts.query.split("&") if field]
    query = "&".join((SECRET_PART if credential_shaped(unquote(name)) else name) + (f"={MASKED}" if sep else "")
                     for name, sep, _ in fields)
    return origin + port + path + (f"?{query}" if query else "") + (f"#{MASKED}" if parts.fragment else "")


def port_of(url: str) -> int | None:
    try:
        return urlsplit(url).port
    except ValueError:  # not a number, or out of range: the spec rules report it
        return None


def credential_in_url(url: str) -> str | None:
    """The part of a URL that holds a credential (its user and password, or a credential-shaped path, query
    or fragment, percent-decoded), or None: a URL kept in plain text must hold none."""
    parts = urlsplit(url)
    if "@" in parts.netloc:
        return "user and password"
    return next((name for name, text in (("path", parts.path), ("query", parts.query), ("fragment", parts.fragment))
                 if credential_shaped(unquote(text))), None)


SECRET_NAME = re.compile(r"token|passw(or)?d|secret|passphrase|credential|(api|private|access|auth|signing)_?key",
                         re.IGNORECASE)
"""A name that says its value is a secret, the way reviewers read a config file: token, password, secret,
passphrase, credential, api/private/access/auth/signing key."""
NOT_SECRET = re.compile(r"_?ids?$|_?urls?$|_?files?$|_?paths?$|^dkim_|verification", re.IGNORECASE)
"""Names that mention a secret but do not hold one: ids, URLs and file paths (`access_key_id`,
`token_file`), and values published in DNS anyway (SES `dkim_tokens`, site verification tokens).
Credential-shaped values under them are still caught by their shape."""
CREDENTIAL_URL = re.compile(r"webhook_?url$", re.IGNORECASE)
"""URLs that are credentials: a chat webhook's path is its secret (Slack, Discord), so
`monitoring.webhook_url` belongs in the stack file as a `secure:` value."""
QUERY_SECRET_WORDS = frozenset({"key", "apikey", "sig", "signature", "auth", "pass", "pwd", "hmac"})
"""Shorter words that name a credential in a URL's query by convention: Google APIs' `key=`, Azure SAS
`sig=`, AWS SigV4 `X-Amz-Signature=`, `auth=`, `pwd=`; too common as config keys to be judged so there."""


def words_of(name: str) -> str:
    """camelCase and snake_case read the same: `apiToken` -> `api_Token`."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)


def secret_name(name: str) -> bool:
    """A config key or parameter name that says its value is a secret (SECRET_NAME, not NOT_SECRET), or a
    webhook URL (CREDENTIAL_URL)."""
    words = words_of(name)
    if CREDENTIAL_URL.search(words):
        return True
    return bool(SECRET_NAME.search(words)) and not NOT_SECRET.search(words)


def credential_parameter(url: str) -> str | None:
    """The first query parameter of `url` whose name, percent-decoded, says it holds a credential whatever
    its value (`?key=hunter2`: short, so not credential-shaped); its name as written (`client%5Fsecret`:
    a decoded name could hold a control character), or None when there is none."""
    for written in (field.partition("=")[0] for field in urlsplit(url).query.split("&")):
        words = words_of(unquote_plus(written))
        by_word = not QUERY_SECRET_WORDS.isdisjoint(re.split(r"[^a-z0-9]+", words.lower()))
        if secret_name(words) or by_word and not NOT_SECRET.search(words):
            return written
    return None
