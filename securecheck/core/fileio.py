"""Writing files the user owns: atomically, private (0600), never half-written, never lost.

- `atomic_write` goes through a temporary file and a rename, and refuses a target that
  exists but is not a regular file (a device, a FIFO, a link to /proc/self/fd/1): run as
  root, a rename would replace /dev/null itself.
- `locked` serialises read-modify-write of one file across processes (the `filelock`
  package: fcntl on Linux and macOS, msvcrt on Windows). Under the lock, any temporary
  file of ours beside the target belongs to a writer that died (kill -9 during fsync),
  and is removed.
- A file reached through a symbolic link is written where the link points (`through_links`),
  atomically in that directory, so a link into a dotfiles repository stays a link. Reports
  are the exception (`follow_links=False`): a planted link must not turn "write my report"
  into "overwrite that file", so the link itself is replaced.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from securecheck.core.errors import OutputError
from securecheck.core.inert import inert

LOCK_TIMEOUT_S = 30.0  # another securecheck holds it this long only if it hangs
LOCK_POLL_S = 0.1  # how often a waiting writer tries again (each try costs the holder CPU)
_TEMP_SUFFIX = ".tmp"


def _reason(exc: BaseException) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def through_links(path: Path) -> Path:
    """The file a chain of symbolic links ends at (the path itself when it is no link)."""
    return Path(os.path.realpath(path)) if Path(path).is_symlink() else Path(path)


def not_regular(path: Path) -> str | None:
    """Why `path` (links followed) cannot be replaced by a file: it exists and is a
    directory, a device, a FIFO or a socket. None when it is a regular file or absent."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode):
        return None
    return "is a directory" if stat.S_ISDIR(mode) else "exists and is not a regular file"


def _temp_pattern(target: Path) -> re.Pattern[str]:
    # mkstemp's names: the prefix, 8 characters of [a-z0-9_], the suffix.
    return re.compile(rf"^\.{re.escape(target.name)}\.[a-z0-9_]{{8}}{re.escape(_TEMP_SUFFIX)}$")


def remove_stale_temps(target: Path) -> None:
    """Remove temporary files of our own name beside `target` (regular files only)."""
    pattern = _temp_pattern(target)
    directory = target.parent if str(target.parent) else Path(".")
    with contextlib.suppress(OSError):
        for entry in os.scandir(directory):
            if pattern.match(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[Path]:
    """Hold the lock of `path` (followed through links) and yield the file to write."""
    from filelock import FileLock, Timeout  # only a run that writes pays for it

    target = through_links(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock = FileLock(directory / f".{target.name}.lock", mode=0o600, timeout=LOCK_TIMEOUT_S)
        lock.acquire(poll_interval=LOCK_POLL_S)
    except Timeout:
        raise OutputError(
            f"{inert(str(path))}: another securecheck has held this file for "
            f"{LOCK_TIMEOUT_S:g} s; try again"
        ) from None
    except (OSError, ValueError) as exc:
        raise OutputError(f"{inert(str(path))}: cannot lock: {_reason(exc)}") from None
    try:
        remove_stale_temps(target)
        yield target
    finally:
        lock.release()


def atomic_write(path: Path, data: bytes, mode: int = 0o600, *, follow_links: bool = False) -> None:
    """Write `data` to `path` through a temporary file and a rename.

    Readers see the old file or the new one, never a mix; a failure anywhere leaves the
    old file whole and no temporary file behind.
    """
    target = through_links(path) if follow_links else Path(path)
    shown = inert(str(path))
    refused = not_regular(path)  # links followed: a link to /proc/self/fd/1 is refused too
    if refused:
        raise OutputError(f"{shown}: cannot write: it {refused}")
    directory = target.parent if str(target.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=_TEMP_SUFFIX, dir=directory)
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        raise OutputError(f"{shown}: cannot write: {_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):  # mkstemp already made it 0600; Windows has no fchmod
                os.fchmod(fh.fileno(), mode)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"{shown}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
