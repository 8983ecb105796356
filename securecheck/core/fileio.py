"""Writing files the user owns: atomically, private (0600), never half-written, never lost.

- `atomic_write` goes through a temporary file and a rename, and refuses a target that
  exists but is not a regular file (a device, a FIFO, a link to /proc/self/fd/1): run as
  root, a rename would replace /dev/null itself.
- `locked` serialises read-modify-write of one file across processes: `flock` on a lock
  file beside it on Linux and macOS, the `filelock` package (msvcrt) on Windows. Under the
  lock, any temporary file of ours beside the target belongs to a writer that died
  (kill -9 during fsync), and is removed.
- A file reached through a symbolic link is written where the link points (`through_links`),
  atomically in that directory, so a link into a dotfiles repository stays a link. Reports
  are the exception (`follow_links=False`): a planted link must not turn "write my report"
  into "overwrite that file", so the link itself is replaced.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from securecheck.core.errors import OutputError
from securecheck.core.inert import inert

LOCK_TIMEOUT_S = 30.0  # another securecheck holds it this long only if it hangs
LOCK_POLL_S = 0.1  # how often a waiting writer tries again (each try costs the holder CPU)
_TEMP_SUFFIX = ".tmp"
_TEMP_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"  # mkstemp's alphabet


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


def _create_temp(directory: Path, target: Path) -> tuple[int, str]:
    """A new file beside `target`, 0600, under a random name: what `tempfile.mkstemp` does
    (O_EXCL, never through a link), without importing tempfile, shutil and random (~5 ms of
    every audit, which writes its history)."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tag = "".join(_TEMP_LETTERS[byte % len(_TEMP_LETTERS)] for byte in os.urandom(8))
        name = os.path.join(directory, f".{target.name}.{tag}{_TEMP_SUFFIX}")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", str(directory))


def _temp_pattern(target: Path) -> re.Pattern[str]:
    # _create_temp's names: the prefix, 8 characters of [a-z0-9_], the suffix.
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


class _Timeout(Exception):
    pass


if sys.platform == "win32":

    @contextlib.contextmanager
    def _hold(lock_path: Path) -> Iterator[None]:
        """An exclusive lock on `lock_path` (msvcrt, through `filelock`)."""
        from filelock import FileLock, Timeout

        lock = FileLock(lock_path, mode=0o600, timeout=LOCK_TIMEOUT_S)
        try:
            lock.acquire(poll_interval=LOCK_POLL_S)
        except Timeout:
            raise _Timeout from None
        try:
            yield
        finally:
            lock.release()

else:

    @contextlib.contextmanager
    def _hold(lock_path: Path) -> Iterator[None]:
        """An exclusive `flock` on `lock_path`, waited for up to LOCK_TIMEOUT_S.

        This is what `filelock` does on Linux and macOS, in a dozen lines: its import
        (about 10 ms, a sixth of a headless start) would be paid by every audit, since
        every audit records its run. The kernel drops the lock when the descriptor
        closes, also when the process dies, so a crashed writer never leaves it held.
        """
        import fcntl

        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
        fd = os.open(lock_path, flags, 0o600)
        try:
            deadline = time.monotonic() + LOCK_TIMEOUT_S
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise _Timeout from None
                    time.sleep(LOCK_POLL_S)
            yield
        finally:
            os.close(fd)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[Path]:
    """Hold the lock of `path` (followed through links) and yield the file to write."""
    target = through_links(path)
    directory = target.parent if str(target.parent) else Path(".")
    with contextlib.ExitStack() as stack:
        try:
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            stack.enter_context(_hold(directory / f".{target.name}.lock"))
        except _Timeout:
            raise OutputError(
                f"{inert(str(path))}: another securecheck has held this file for "
                f"{LOCK_TIMEOUT_S:g} s; try again"
            ) from None
        except (OSError, ValueError) as exc:
            raise OutputError(f"{inert(str(path))}: cannot lock: {_reason(exc)}") from None
        remove_stale_temps(target)
        yield target


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
        fd, tmp = _create_temp(directory, target)
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        raise OutputError(f"{shown}: cannot write: {_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):  # created 0600 already; Windows has no fchmod
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
