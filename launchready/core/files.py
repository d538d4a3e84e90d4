"""The one way launchready writes a file: whole or not at all.

A write goes to a temporary file in the same directory, is flushed to disk (fsync), then renamed
over the target (POSIX rename(2) is atomic within one file system), so a kill mid-write leaves the
old file or the new one, never a truncated one, and the temporary file is removed on failure.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from launchready.core.errors import InputError


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace `path` with `data`; a symlink is followed, so the file it points at is replaced."""
    target = path.resolve() if path.is_symlink() else path
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode if mode is not None else existing_mode(target))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    sync_directory(target.parent)


def existing_mode(path: Path) -> int:
    """Keep the permissions of the file being replaced; a new file gets 0o644 less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def sync_directory(folder: Path) -> None:
    """Make the rename itself durable (fsync of the directory; not every platform allows it)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def write_output(text: str, output: Path | None) -> None:
    """A command's result: on stdout, or atomically into --output (an unwritable path is bad input)."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from None


def require_output_folder(output: Path | None) -> None:
    """Fail before a long run, not after it, when --output names a folder that does not exist."""
    if output is not None and not output.parent.is_dir():
        raise InputError(f"cannot write {output}: the folder {output.parent} does not exist; create it first")
