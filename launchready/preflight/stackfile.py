"""The stack file as written: which config keys hold secrets, and whether they are `secure:`.

Pulumi stores a secret as `key: {secure: v1:...}` (`pulumi config set --secret`); anything else is
plaintext in a file that is committed. A key is treated as a secret by its name, the way reviewers
read a config file: token, password, secret, passphrase, credential, api/private/access/secret key
(launchready.core.redact.secret_name, the rule the spec applies to a check URL's query parameters too).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from launchready.core.findings import Finding, failed, passed
from launchready.core.inputs.yamldoc import YamlDocument
from launchready.core.redact import secret_name
from launchready.core.spec.lines import line_of, path_parts, shown_path
from launchready.preflight.scanning import is_tracked


def config_of(document: Any) -> Mapping[str, Any]:
    config = document.get("config") if isinstance(document, dict) else None
    return config if isinstance(config, dict) else {}


def is_secure(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"secure"} and isinstance(value["secure"], str)


def leaves(node: Any, path: str) -> Iterator[tuple[str, Any]]:
    """(key path, value) for every scalar and every secure value under `node`."""
    if is_secure(node):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from leaves(value, f"{path}[{i}]")
    else:
        yield path, node


def secret_named(path: str) -> bool:
    """Judge the last key of the path; camelCase and snake_case read the same (apiToken, api_token)."""
    return secret_name(re.sub(r"\[\d+\]$", "", path).split(".")[-1].split(":")[-1])


def plaintext_secret_paths(document: Any) -> list[str]:
    return [path for path, value in leaves(config_of(document), "")
            if secret_named(path) and not is_secure(value) and value not in (None, "")]


def secure_values(document: Any) -> dict[str, str]:
    """Key path → ciphertext of every secure value."""
    return {path: value["secure"] for path, value in leaves(config_of(document), "") if is_secure(value)}


def plaintext_findings(stack: YamlDocument, path: Path) -> list[Finding]:
    """One finding per plaintext secret, at the line of its key (so SARIF can point at it)."""
    document, source = stack.data, path.name
    paths = plaintext_secret_paths(document)
    if not paths:
        count = len(secure_values(document))
        return [passed("preflight.plaintext_secret", source, f"no secret-named key holds a plaintext value "
                       f"({count} secure value{'s' if count != 1 else ''})")]
    rotate = ("then rotate it: it was committed" if is_tracked(path) else
              "and rotate it if it was ever shared")
    return [plaintext_finding(stack, path, key, rotate) for key in paths]


def plaintext_finding(stack: YamlDocument, path: Path, key: str, rotate: str) -> Finding:
    """The finding for one plaintext secret; a key that itself looks like a credential (a token pasted as a
    key) is named by its length (core.spec.lines.shown_path), and its fix is to delete it, not encrypt it."""
    shown, where = shown_path(key), key_location(stack, path, key)
    if shown != key:
        return failed("preflight.plaintext_secret", shown, f"{path.name}: the key {shown} itself looks like a "
                      f"credential: delete it from the file {rotate}", location=where)
    return failed("preflight.plaintext_secret", key, f"{path.name}: {key} holds a plaintext value and its name "
                  f"says it is a secret; move it out of the file and store it encrypted with "
                  f"`pulumi config set --secret {config_key(key)} <value>` ({rotate})", location=where)


def key_location(stack: YamlDocument, path: Path, key: str) -> str:
    """FILE:LINE of a config key path (the file alone when the line is unknown)."""
    line = line_of(stack.root, ["config", *path_parts(key)])
    return f"{path}:{line}" if line else str(path)


def config_key(path: str) -> str:
    """The `pulumi config set` form of a key path: `--path` when it is nested."""
    top, dot, rest = path.partition(".")
    return f"--path '{top}.{rest}'" if dot else top


def encryption_salt(document: Any) -> str | None:
    salt = document.get("encryptionsalt") if isinstance(document, dict) else None
    return salt if isinstance(salt, str) else None


def uses_passphrase(document: Any) -> bool:
    provider = document.get("secretsprovider") if isinstance(document, dict) else None
    return encryption_salt(document) is not None or provider == "passphrase"
