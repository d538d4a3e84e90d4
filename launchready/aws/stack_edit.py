"""The stack-file edit `launchready email ses` makes: the ses entry under email.send, as a round trip.

Read through launchready's one reader (size limit, UTF-8) and edited with ruamel.yaml, so comments,
order and quoting stay; written back whole (launchready.core.files.write_atomic: same directory, fsync,
rename), through a symlink to the file it points at, with the file's own line endings and UTF-8 BOM.
Every shape the edit relies on is checked first: a wrong shape is bad input with its key path, found
before any AWS call is made.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from launchready.core.errors import InputError
from launchready.core.inputs import STACK_FILE, TextFile, decode, read_bytes


@dataclass(frozen=True)
class StackEdit:
    """The stack file as read (to write it back the same way) and the ses entry to fill in."""

    path: Path
    original: TextFile
    document: Any
    zone: str
    entry: Any


def round_trip() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long DKIM keys
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def open_edit(path: Path, key: str) -> StackEdit:
    """The stack file's round-trip document and its ses entry (added when missing), or InputError."""
    original = decode(read_bytes(path, STACK_FILE), str(path))
    document = round_trip().load(original.text)
    section = domain_section(document, path, key)
    return StackEdit(path, original, document, zone_name(section, path), ses_entry(section, path))


def is_mapping(value: Any) -> bool:
    return hasattr(value, "get") and hasattr(value, "items")


def domain_section(document: Any, path: Path, key: str) -> Any:
    config: Any = document.get("config") if is_mapping(document) else None
    section: Any = config.get(key) if is_mapping(config) else None
    if not is_mapping(section):
        raise InputError(f"{path}: the stack file has no config key {key} holding a mapping; add one first")
    return section


def zone_name(section: Any, path: Path) -> str:
    from launchready.core.dnsname import check_name
    from launchready.core.redact import shown

    zone = section.get("zone")
    name = zone.get("name") if is_mapping(zone) else zone
    if not isinstance(name, str):
        raise InputError(f"{path}: zone: should be the zone's name, such as example.com (got {shown(name)})")
    try:
        return check_name(name)
    except ValueError:
        raise InputError(f"{path}: zone: {shown(name)} is not a valid DNS name; write the zone's name, "
                         "such as example.com") from None


def ses_entry(section: Any, path: Path) -> Any:
    """The ses mapping under email.send, turning the `ses` shorthand into a mapping or adding one."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if section.get("email") is None:
        section["email"] = CommentedMap()
    email = section["email"]
    if not is_mapping(email):
        raise InputError(f"{path}: email: should be a mapping (send:, receive:, ...); see docs/email.md")
    if email.get("send") is None:
        email["send"] = CommentedSeq()
    if isinstance(email["send"], str) or is_mapping(email["send"]):  # `send: ses`, a shorthand of [ses]
        email["send"] = CommentedSeq([email["send"]])
    send = email["send"]
    if not isinstance(send, list):
        raise InputError(f"{path}: email.send: should be a list of providers (send: [ses]); see docs/email.md")
    for i, item in enumerate(send):
        if not isinstance(item, str) and not is_mapping(item):
            raise InputError(f"{path}: email.send[{i}]: should be a provider name (ses) or a mapping "
                             "(provider: ses, ...); see docs/email.md")
        if item == "ses":
            send[i] = CommentedMap(provider="ses")
            return send[i]
        if is_mapping(item) and item.get("provider") == "ses":
            return checked_entry(item, f"{path}: email.send[{i}]")
    send.append(CommentedMap(provider="ses"))
    return send[-1]


def checked_entry(entry: Any, where: str) -> Any:
    """The values the SES calls use must be text before any call: mail_from a label (or false for none),
    behavior_on_mx_failure one of SES's two words."""
    from launchready.core.redact import shown

    mail_from = entry.get("mail_from")
    if mail_from is not None and mail_from is not False and not isinstance(mail_from, str):
        raise InputError(f"{where}.mail_from: should be a subdomain label such as mail, or false (got "
                         f"{shown(mail_from)})")
    behavior = entry.get("behavior_on_mx_failure", "UseDefaultValue")
    if behavior not in ("UseDefaultValue", "RejectMessage"):
        raise InputError(f"{where}.behavior_on_mx_failure: should be UseDefaultValue or RejectMessage (got "
                         f"{shown(behavior)})")
    return entry


def record_identity(entry: Any, region: str, mail_from: Any, tokens: tuple[str, ...]) -> None:
    from ruamel.yaml.comments import CommentedSeq

    entry["region"] = region
    if "mail_from" not in entry:
        entry["mail_from"] = mail_from
    entry["dkim_tokens"] = CommentedSeq(tokens)


def written_form(edit: StackEdit) -> bytes:
    """The edited document as the file was: its line endings and its BOM."""
    import io

    stream = io.StringIO()
    round_trip().dump(edit.document, stream)
    text = stream.getvalue()
    if edit.original.newline == "\r\n":
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return (codecs.BOM_UTF8 if edit.original.bom else b"") + text.encode("utf-8")


def write_back(edit: StackEdit) -> None:
    from launchready.core.files import write_atomic

    try:
        write_atomic(edit.path, written_form(edit))
    except OSError as exc:
        raise InputError(f"cannot write {edit.path}: {exc.strerror or exc}") from None
