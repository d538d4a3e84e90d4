"""The one way launchready reads an input file (stack files, Pulumi.yaml, zone files, results and preview
JSON, Cloudflare ranges): bounded, regular files only, UTF-8 only, every failure an InputError (exit 2).

    read_text(path, kind)      bytes -> str, with the limits below
    decode(data, source)       UTF-8 (a UTF-8 BOM is dropped; UTF-16/32 is refused, naming it)
    yamldoc.load_yaml(...)     YAML as Pulumi reads it (YAML 1.2 core schema), depth and alias limits
    jsondoc.load_json(...)     JSON with depth, number and surrogate limits

Nothing is read before the file is known to be a regular file below its size limit, so `/dev/zero`,
a FIFO or a directory given as a file is a message, not a hang or a MemoryError.
"""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from launchready.core.errors import InputError

MiB = 1024 * 1024


@dataclass(frozen=True)
class InputKind:
    """What a file is for: its name in messages, its size limit, and what to do when it is missing."""

    noun: str
    limit: int
    missing_hint: str = ""


STACK_FILE = InputKind("stack file", 4 * MiB, "create it or pass --stack-file")
PROJECT_FILE = InputKind("Pulumi.yaml", 1 * MiB)
ZONE_FILE = InputKind("zone file", 16 * MiB, "export it from Cloudflare (DNS → Records → Export)")
RESULTS_FILE = InputKind("results file", 32 * MiB, "write it with `launchready validate --format json -o FILE`")
PREVIEW_FILE = InputKind("preview file", 64 * MiB, "save the output of `pulumi preview --json` there, "
                         "or pipe it in with -")
CA_BUNDLE = InputKind("CA bundle", 8 * MiB)
CREDENTIALS_FILE = InputKind("credentials file", 1 * MiB)
RANGES_FILE = InputKind("ranges file", 1 * MiB, "save https://www.cloudflare.com/ips-v4 and ips-v6 there")
BASELINE_FILE = InputKind("secrets baseline", 5 * MiB, "write it with `launchready preflight --update-baseline`")

SPECIAL_FILES = (
    (stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
)
BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"), (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"))


@dataclass(frozen=True)
class TextFile:
    """A file's text, and what a write-back must keep: its UTF-8 BOM and its line ending."""

    text: str
    bom: bool = False
    newline: str = "\n"


def read_text(path: Path, kind: InputKind) -> str:
    return decode(read_bytes(path, kind), str(path)).text


def read_bytes(path: Path, kind: InputKind) -> bytes:
    """The whole file, or InputError: missing, unreadable, not a regular file, or over `kind.limit`."""
    try:  # O_NONBLOCK: opening a FIFO never waits for a writer; a regular file ignores the flag
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        hint = f"; {kind.missing_hint}" if kind.missing_hint else ""
        raise InputError(f"{path}: no such {kind.noun}{hint}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the {kind.noun} ({exc.strerror or exc})") from None
    try:
        require_regular(path, os.fstat(descriptor), kind)
    except InputError:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb") as stream:
        try:
            data = stream.read(kind.limit + 1)
        except OSError as exc:
            raise InputError(f"{path}: cannot read the {kind.noun} ({exc.strerror or exc})") from None
    if len(data) > kind.limit:
        raise too_big(path, kind)
    return data


def require_regular(path: Path, status: os.stat_result, kind: InputKind) -> None:
    for test, what in SPECIAL_FILES:
        if test(status.st_mode):
            raise InputError(f"{path}: is {what}, not a {kind.noun}; name a regular file")
    if not stat.S_ISREG(status.st_mode):
        raise InputError(f"{path}: is not a regular file; name a regular {kind.noun}")
    if status.st_size > kind.limit:
        raise too_big(path, kind)


def too_big(path: Path | str, kind: InputKind) -> InputError:
    return InputError(f"{path}: larger than {kind.limit // MiB} MiB, the limit for a {kind.noun}; "
                      "is it the right file?")


def decode(data: bytes, source: str) -> TextFile:
    """UTF-8 text; a bad byte is named by its byte offset, line and column, so it can be found."""
    for mark, encoding in BOMS:
        if data.startswith(mark):
            raise InputError(f"{source}: saved as {encoding} (it starts with a {encoding} byte-order mark); "
                             "save it as UTF-8")
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8):] if bom else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: {bad_byte(body, exc.start)} is not UTF-8; save the file as UTF-8") from None
    return TextFile(text, bom, "\r\n" if "\r\n" in text[:65536] else "\n")


def bad_byte(data: bytes, offset: int) -> str:
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    return f"line {line}, column {offset - line_start + 1}: the byte 0x{data[offset]:02x} (byte offset {offset})"


def line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0D} | {0x7F} | frozenset(range(0x80, 0xA0))
BIDI_CONTROLS = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))
"""Embeddings, overrides and isolates (Unicode UAX #9 §2): text that displays in another order than it
is, in a terminal, a review diff or a report ("Trojan Source", CVE-2021-42574)."""


def unsafe_character(value: str) -> str | None:
    """The first control character (C0 but tab and newlines, DEL, C1), bidirectional control or lone
    surrogate in `value`, as U+XXXX: none belongs in a DNS name, a record's text or a setting, a control
    character such as ESC would reach the terminal raw when the value is printed, and a bidirectional
    override would show a reviewer other text than Cloudflare receives."""
    if value.isprintable():
        return None
    for char in value:
        code = ord(char)
        if code in CONTROL or code in BIDI_CONTROLS or 0xD800 <= code <= 0xDFFF:
            return f"{character_kind(code)} (U+{code:04X})"
    return None


def character_kind(code: int) -> str:
    if code in BIDI_CONTROLS:
        return "a bidirectional control"
    return "a lone surrogate" if 0xD800 <= code <= 0xDFFF else "a control character"
