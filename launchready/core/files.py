"""The one way launchready writes a file: whole or not at all.

A write goes to a temporary file in the same directory, is flushed to disk (fsync), then renamed
over the target (POSIX rename(2) is atomic within one file system), so a kill mid-write leaves the
old file or the new one, never a truncated one, and the temporary file is removed on failure.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from launchready.core.errors import InputError


class Terminated(BaseException):
    """SIGTERM arrived during a write: raised so the temporary file is removed before the process ends."""


@contextlib.contextmanager
def removing_on_sigterm() -> Iterator[None]:
    """`kill PID` (SIGTERM) ends Python without unwinding; during a write it raises Terminated instead,
    so the `except` below removes the temporary file, then the process ends as SIGTERM asked (exit 143).
    Only the main thread may set handlers; elsewhere the write runs as it is. SIGKILL cannot be caught:
    then the old file is still whole, and only a hidden `.NAME.*.tmp` file may stay behind."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: object) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    except Terminated:
        signal.signal(signal.SIGTERM, previous)
        raise SystemExit(128 + signal.SIGTERM) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace `path` with `data`; a symlink is followed, so the file it points at is replaced and the
    link stays a link."""
    target = path.resolve() if path.is_symlink() else path
    with removing_on_sigterm():
        write_replacing(target, data, mode)


def write_replacing(target: Path, data: bytes, mode: int | None) -> None:
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


def write_all(files: Mapping[Path, bytes]) -> None:
    """Write every file (making its folders) or none: when one fails, the files already written get their
    old bytes back (a new one is removed), so a half-deployed set never looks whole. The OSError raised
    names the file that failed in its `filename`. Folders made on the way stay (empty)."""
    done: list[tuple[Path, bytes | None]] = []
    for path, data in files.items():
        try:
            done.append((path, previous_bytes(path)))
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
        except BaseException as error:
            put_back(done)
            if isinstance(error, OSError):
                raise OSError(error.errno, error.strerror, str(path)) from error
            raise


def previous_bytes(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


def put_back(done: list[tuple[Path, bytes | None]]) -> None:
    """Undo a partial write_all, newest first; a file that cannot be put back is left as it is."""
    for path, data in reversed(done):
        with contextlib.suppress(OSError):
            if data is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, data)


def write_output(text: str, output: Path | None) -> None:
    """A command's result: on stdout, or atomically into --output (an unwritable path is bad input)."""
    if output is None:
        sys.stdout.write(text)
        return
    require_output_folder(output)
    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}; give --output a file in a folder you can "
                         "write to") from None


def require_output_folder(output: Path | None) -> None:
    """Fail before a long run, not after it, when --output could not be written: its folder is missing
    or not a folder, or it names a folder itself."""
    if output is None:
        return
    if output.is_dir():
        raise InputError(f"cannot write {output}: it is a folder; give --output a file name, such as "
                         f"{output / 'report.txt'}")
    if not output.parent.is_dir():
        what = "is not a folder" if output.parent.exists() else "does not exist"
        raise InputError(f"cannot write {output}: the folder {output.parent} {what}; create it first")


def require_writable(path: Path) -> None:
    """Fail before work that cannot be redone cheaply (AWS calls) when `path` could not be replaced:
    a temporary file is made and removed in the folder the atomic write would use."""
    target = path.resolve() if path.is_symlink() else path
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc} (in {target.parent}); nothing was "
                         "changed") from None
    os.close(handle)
    os.unlink(temporary)
