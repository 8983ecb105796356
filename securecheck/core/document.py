"""A file read for parsing: bounded, regular files only, and a parsed form that remembers
where each value stood (for `file:line:col: field: problem` messages).

Kept apart from the YAML loader (core/safe_yaml.py) so code that only reads bytes or reports
a problem does not import PyYAML (~25 ms of a headless start).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any, BinaryIO

from securecheck.core.errors import InputError, Problem

MAX_BYTES = 1 << 20  # 1 MiB: a generous rule pack is ~50 KiB
PathKey = tuple[str | int, ...]


class Document:
    """Parsed data plus where each value (and each mapping key) stood in the file.

    Filled in as the file is parsed (`data` last), so a plain class, not a frozen record.
    """

    __slots__ = ("data", "key_positions", "path", "positions")

    def __init__(self, path: str, data: Any) -> None:
        self.path = path
        self.data = data
        self.positions: dict[PathKey, tuple[int, int]] = {}
        self.key_positions: dict[PathKey, tuple[int, int]] = {}

    def where(self, path: PathKey, *, key: bool = False) -> tuple[int, int] | None:
        """Line and column (1-based) of `path`, or of its nearest ancestor that has one."""
        table = self.key_positions if key else self.positions
        if key and path in table:
            return table[path]
        probe = tuple(path)
        while True:
            if probe in self.positions:
                return self.positions[probe]
            if not probe:
                return None
            probe = probe[:-1]

    def problem(self, path: PathKey, message: str, *, key: bool = False) -> Problem:
        pos = self.where(path, key=key)
        line, col = pos if pos else (None, None)
        return Problem(self.path, message, line, col, dotted(path) or None)


def dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# Opening a FIFO for reading blocks until a writer comes; O_NONBLOCK returns at once, and the
# fstat below refuses it. No effect on regular files. (Windows has neither FIFOs nor the flag.)
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def _open_regular(path: Path) -> BinaryIO:
    """Open `path` for reading if it is a regular file; anything else is refused unread
    (a FIFO or /dev/stdin would wait forever, a device never ends)."""
    fd = os.open(path, _OPEN_FLAGS | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory")
        if not stat.S_ISREG(mode):
            raise _NotRegular
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


class _NotRegular(Exception):
    pass


def read_bounded(path: Path, limit: int = MAX_BYTES) -> bytes:
    shown = str(path)
    try:
        with _open_regular(path) as fh:
            raw = fh.read(limit + 1)
    except _NotRegular:
        raise InputError(
            [Problem(shown, "not a regular file (a device, a FIFO or a socket); refusing to read")]
        ) from None
    except FileNotFoundError:
        raise InputError([Problem(shown, "no such file")]) from None
    except IsADirectoryError:
        raise InputError([Problem(shown, "is a directory, not a file")]) from None
    except PermissionError:
        raise InputError([Problem(shown, "permission denied")]) from None
    except OSError as exc:
        raise InputError([Problem(shown, f"cannot read: {exc.strerror}")]) from None
    if len(raw) > limit:
        raise InputError([Problem(shown, f"larger than {limit // 1024} KiB; refusing to parse")])
    return raw


MAX_PROBLEMS = 50  # a broken 1 MiB file must not print a hundred thousand lines


def capped(problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], Problem(problems[0].path, f"… and {rest} more problems")]
