"""The one way launchready writes a file: whole or not at all.

A write goes to a temporary file in the same directory, is flushed to disk (fsync), then renamed
over the target (POSIX rename(2) is atomic within one file system), so a kill mid-write leaves the
old file or the new one, never a truncated one, and the temporary file is removed on failure.

Only regular files (and names where nothing is yet) are replaced that way. A character device
(/dev/null, a terminal) or a FIFO (a named pipe, or /dev/stdout in a pipeline) is written through,
opened as it is, so the device or the pipe stays what it was; anything else (a folder, a block device,
a socket) is refused. `--output -` is standard output.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from launchready.core.errors import InputError

STDOUT = Path("-")
"""`--output -`: standard output, as POSIX Utility Syntax Guideline 13 (XBD 12.2) reserves `-` for it.
The option parser (launchready/options.py) gives a file named `-` as an absolute path, never as this."""

KINDS = {stat.S_IFCHR: "a character device", stat.S_IFIFO: "a FIFO (a pipe)", stat.S_IFDIR: "a folder",
         stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket"}
"""What stat(2) can find at a path besides a regular file (or a symlink, which is followed), by name."""


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
    link stays a link. A path naming one of this process's descriptors (/dev/stdout) is written as it is
    open. Otherwise what the path names (links followed) decides: a regular file or nothing is replaced
    atomically, a character device or a FIFO is written through (`mode` unused), anything else is refused
    with an OSError whose strerror says what it is."""
    descriptor = own_descriptor(path)
    if descriptor is not None:
        for stream in (sys.stdout, sys.stderr):  # what the command printed before comes first
            stream.flush()
        write_all_bytes(descriptor, data)
        return
    kind = existing_kind(path)
    if kind is not None and kind != stat.S_IFREG:
        write_through(path, data, kind)
        return
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


def existing_kind(path: Path) -> int | None:
    """The file type (stat.S_IFMT) of what `path` names, symlinks followed as stat(2) follows them (so
    /dev/stdout, a link to /proc/self/fd/1, is the terminal, pipe or file behind it); None when nothing is
    there, or a part of the path is not a folder (the write then fails as it always did)."""
    try:
        return stat.S_IFMT(os.stat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return None


def own_descriptor(path: Path) -> int | None:
    """The descriptor number a path names in this process (`/dev/stdout`, `/dev/stderr`, `/dev/fd/N`,
    `/proc/self/fd/N`): written as it is open, so `-o /dev/stdout >> log` appends to the log the shell
    opened (its O_APPEND and offset kept) instead of replacing or overwriting it."""
    text = os.path.normpath(str(path))
    if text in ("/dev/stdout", "/dev/stderr"):
        return 1 if text == "/dev/stdout" else 2
    for prefix in ("/dev/fd/", "/proc/self/fd/"):
        if text.startswith(prefix) and text[len(prefix):].isdigit():
            return int(text[len(prefix):])
    return None


def write_all_bytes(descriptor: int, data: bytes) -> None:
    """Every byte into an open descriptor: a pipe or a terminal may take part of them per write(2)."""
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view):]


def write_through(path: Path, data: bytes, kind: int) -> None:
    """Write into a character device or a FIFO as it is (no temporary file, no rename, no truncation):
    replacing it would swap the device or the pipe for a regular file. Anything else is refused."""
    if kind not in (stat.S_IFCHR, stat.S_IFIFO):
        raise refusal(path, kind, "which launchready never writes into or replaces")
    descriptor = open_existing(path, kind)
    try:
        write_all_bytes(descriptor, data)
    finally:
        os.close(descriptor)


def refusal(path: Path, kind: int, why: str) -> OSError:
    """The OSError for a target of the wrong kind: its strerror says what the path is and why it is refused."""
    number = errno.EISDIR if kind == stat.S_IFDIR else errno.EINVAL
    return OSError(number, f"it is {KINDS.get(kind, 'not a regular file')}, {why}", str(path))


def open_existing(path: Path, kind: int) -> int:
    """Open for writing without O_CREAT or O_TRUNC. O_NONBLOCK first: POSIX open() fails at once with
    ENXIO for a FIFO no process has open for reading, where a blocking open would wait forever; then the
    descriptor is made blocking again (fcntl F_SETFL), so a slow reader is waited for. O_NOCTTY: a
    terminal never becomes the controlling one. A path swapped for another kind of file in between is
    refused before a byte is written."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ENXIO and kind == stat.S_IFIFO:
            raise OSError(errno.ENXIO, "it is a FIFO (a named pipe) and no process is reading it; start "
                          "its reader first", str(path)) from None
        raise
    if stat.S_IFMT(os.fstat(descriptor).st_mode) != kind:
        os.close(descriptor)
        raise OSError(errno.EAGAIN, "it was replaced by another kind of file while being opened; run again",
                      str(path))
    os.set_blocking(descriptor, True)
    return descriptor


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
    names the file that failed in its `filename`. Folders made on the way stay (empty). A target that is
    there but not a regular file (a device, a FIFO) is refused before anything is written: a write into it
    could not be taken back, and reading its old bytes could block or never end."""
    require_regular(files)
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


def require_regular(files: Mapping[Path, bytes]) -> None:
    """Refuse a set of files with a target that is there but not a regular file, naming it in `filename`."""
    for path in files:
        kind = existing_kind(path)
        if kind is not None and kind != stat.S_IFREG:
            raise refusal(path, kind, "and a set of files is written only over regular files")


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
    """A command's result: on stdout (no --output, or `--output -`), or into --output through write_atomic
    (an unwritable path, a refused kind of file or a failed write is bad input)."""
    if output is None or output == STDOUT:
        sys.stdout.write(text)
        return
    require_output_folder(output)
    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as exc:
        said = exc.strerror or str(exc)
        fix = "" if said.startswith("it is ") else "; give --output a file in a folder you can write to"
        raise InputError(f"cannot write {output}: {said}{fix}") from None  # "it is a FIFO…" carries its own fix


def require_output_folder(output: Path | None) -> None:
    """Fail before a long run, not after it, when --output could not be written: its folder is missing
    or not a folder, or it names a folder itself."""
    if output is None or output == STDOUT:
        return
    if output.is_dir():
        raise InputError(f"cannot write {output}: it is a folder; give --output a file name, such as "
                         f"{output / 'report.txt'}")
    if not output.parent.is_dir():
        what = "is not a folder" if output.parent.exists() else "does not exist"
        raise InputError(f"cannot write {output}: the folder {output.parent} {what}; create it first")


def on_stdout(output: Path | None) -> bool:
    """Whether a command's result goes to standard output: no --output, or `--output -`."""
    return output is None or output == STDOUT


def require_output_folder_for_stacks(output: Path, receives: str) -> None:
    """--output as the folder a run over several stacks writes into (`receives` says what, for the
    messages): not stdout, not a file, and no file on its way, so the folder can be made."""
    what = f"with several stacks --output names a FOLDER that receives {receives}; name a folder (it is made " \
           "when missing)"
    if output == STDOUT:
        raise InputError(f"--output - is stdout, but {what}")
    if output.exists() and not output.is_dir():
        raise InputError(f"--output {output} is a file; {what}")
    blocking = next((parent for parent in output.parents if parent.exists() and not parent.is_dir()), None)
    if blocking is not None:
        raise InputError(f"--output {output}: {blocking} is a file, not a folder, so no folder can be made "
                         "below it; name another folder")


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
