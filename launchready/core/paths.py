"""Paths a user gives or a repository holds, symbolic links that loop included (`ln -s a a`).

`Path.resolve()` on a link that loops raises RuntimeError before Python 3.13 and OSError (or nothing)
after, so it is never called bare on such a path: `real_path` gives None instead, and `loops` says whether a
path is such a link, so the finding can name it and pass it over.
"""

from __future__ import annotations

import errno
from pathlib import Path

LOOP = "a symbolic link that loops (Too many levels of symbolic links)"


def real_path(path: Path) -> Path | None:
    """`path` with every link followed, or None when a link on the way loops or cannot be read."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def loops(path: Path) -> bool:
    """Whether following `path` runs into a symbolic link loop (ELOOP)."""
    try:
        path.stat()
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def same_file(one: Path, other: Path) -> bool:
    """Whether two paths are one file once links are followed; a path that loops is no file."""
    found = real_path(one)
    return found is not None and found == real_path(other)
