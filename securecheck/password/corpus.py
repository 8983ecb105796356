"""The Pwned Passwords corpus on disk, searched where it lies.

Two layouts, as the official downloader writes them:
- one file of `SHA1HEX:COUNT` lines in hash order (upper-case hex; CRLF or LF);
- a directory of per-prefix files `00000.txt` … `FFFFF.txt`, each of `SUFFIX35:COUNT` lines
  (the range API's answers, CRLF, the last line possibly without an end).

A look-up memory-maps the file and searches it: no index, no preprocessing, no copy. Each
probe lands at a byte offset and resynchronises backwards to the start of its line. Because
SHA-1 hashes are uniform, the probe offset is interpolated from the key (a 20-billion-line file
is then found in about five probes, which matters when the file is not cached); a probe that
fails to halve the range is followed by a plain bisection, so a skewed or hostile file still
costs at most about 2·log2(lines) probes.

Opening validates cheaply: the shape of the first line, of the last one and of a few lines at
evenly spread offsets, and that those lines are in order. A wrong file is an InputError naming
file and line (or the byte offset, where counting lines would mean reading gigabytes).
"""

from __future__ import annotations

import itertools
import mmap
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from securecheck.core.errors import InputError, Problem

SHA1_HEX = 40
SUFFIX_HEX = SHA1_HEX - 5  # a per-prefix file holds the 35 characters after the prefix
NTLM_HEX = 32
SAMPLES = 16  # lines checked at evenly spread offsets when a file is opened
# Counting the lines before a bad one means reading the file up to it: only this far.
LINE_COUNT_LIMIT = 64 * 1024 * 1024
MAX_LINE = 128  # a hash, a colon and a count: anything longer is not a corpus line

_LINE = re.compile(rb"([0-9A-Fa-f]+):([0-9]+)\r?")
NTLM_HINT = (
    "this is the NTLM edition of Pwned Passwords (32-character hashes); securecheck needs the "
    "SHA-1 edition (the downloader without -n)"
)
ORDER_HINT = (
    "lines are not in hash order; this looks like the edition ordered by prevalence: "
    "use the one ordered by hash (the downloader writes that)"
)


class Corpus(Protocol):
    """Where a SHA-1 is looked up: how often it was seen, 0 when never."""

    path: Path
    layout: str  # "file" or "directory"

    def count(self, sha1_hex: bytes) -> int: ...

    def close(self) -> None: ...


def open_corpus(path: Path) -> Corpus:
    """The corpus at `path` (a file or a directory), validated; InputError when it is not one."""
    if path.is_dir():
        return PrefixDirectory(path)
    if not path.exists():
        raise InputError([Problem(str(path), "no such file or directory")])
    return SortedFile(path)


# --- lines ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # the offset of its "\n", or the size of the file
    key: bytes
    count: int


def _line_at(mm: mmap.mmap, start: int, width: int, path: Path) -> _Line:
    """The line that starts at `start`; InputError when it is not `HEX{width}:COUNT`."""
    end = mm.find(b"\n", start, start + MAX_LINE)
    if end < 0:
        end = len(mm) if len(mm) - start <= MAX_LINE else -1
    raw = mm[start:end] if end >= 0 else mm[start : start + MAX_LINE]
    found = _LINE.fullmatch(raw)
    if end < 0 or found is None or len(found.group(1)) != width:
        raise InputError([_problem(mm, path, start, _shape_message(raw, width))])
    return _Line(start, end, found.group(1), int(found.group(2)))


def _shape_message(raw: bytes, width: int) -> str:
    hex_part = raw.split(b":", 1)[0]
    if re.fullmatch(rb"[0-9A-Fa-f]+", hex_part):
        if len(hex_part) == NTLM_HEX or len(hex_part) == NTLM_HEX - 5:
            return NTLM_HINT
        if width == SHA1_HEX and len(hex_part) == SUFFIX_HEX:
            return (
                "this is one per-prefix file of the range layout (35-character suffixes): "
                "give the directory that holds 00000.txt … FFFFF.txt"
            )
    return f"expected {width} hexadecimal characters, a colon and a count (HASH:COUNT)"


def _problem(mm: mmap.mmap, path: Path, offset: int, message: str) -> Problem:
    if offset <= LINE_COUNT_LIMIT:
        line = 1 + _count_newlines(mm, offset)
        return Problem(str(path), message, line)
    return Problem(str(path), f"the line at byte {offset:,}: {message}")


def _count_newlines(mm: mmap.mmap, end: int) -> int:
    count, pos = 0, 0
    while True:
        pos = mm.find(b"\n", pos, end)
        if pos < 0:
            return count
        count += 1
        pos += 1


def _line_start(mm: mmap.mmap, lo: int, offset: int) -> int:
    """The start of the line holding `offset` (never before `lo`, itself a line start)."""
    return max(lo, mm.rfind(b"\n", lo, offset) + 1)


# --- search ---------------------------------------------------------------------------------


def search(mm: mmap.mmap, key: bytes, width: int, path: Path) -> int:
    """How often `key` (`width` hex characters, the file's case) is in the sorted lines of `mm`.

    `lo` and `hi` are always line starts (or the end): every key before `lo` is smaller than
    `key`, every key from `hi` on is larger. Each probe removes at least the line it reads.
    """
    lo, hi = 0, len(mm)
    # The key's first 16 hex characters as a number, and those of the range's bounds.
    target = int(key[:16], 16)
    k_lo, k_hi = 0, 1 << 64
    interpolate = True
    while lo < hi:
        span = hi - lo
        if interpolate and k_hi > k_lo:
            fraction = (target - k_lo) / (k_hi - k_lo)
            probe = lo + int(min(max(fraction, 0.0), 1.0) * span)
        else:
            probe = lo + span // 2
        probe = min(probe, hi - 1)
        line = _line_at(mm, _line_start(mm, lo, probe), width, path)
        if line.key == key:
            return line.count
        if line.key < key:
            lo, k_lo = line.end + 1, int(line.key[:16], 16)
        else:
            hi, k_hi = line.start, int(line.key[:16], 16)
        # Interpolation again only if that probe at least halved the range.
        interpolate = (hi - lo) * 2 <= span
    return 0


def _case_of(key: bytes) -> str:
    has_upper = any(0x41 <= c <= 0x46 for c in key)
    has_lower = any(0x61 <= c <= 0x66 for c in key)
    return "mixed" if has_upper and has_lower else "lower" if has_lower else "upper"


def validate(mm: mmap.mmap, width: int, path: Path) -> str:
    """Check the first and last lines and SAMPLES more, in order; the file's hex case."""
    if len(mm) == 0:
        raise InputError([Problem(str(path), "the file is empty", 1)])
    size = len(mm)
    starts = [0]
    for i in range(1, SAMPLES + 1):
        offset = size * i // (SAMPLES + 1)
        start = _line_start(mm, 0, offset)
        if start > starts[-1]:
            starts.append(start)
    last = _line_start(mm, 0, size - 1)  # the last line, whether or not it ends in "\n"
    if last > starts[-1]:
        starts.append(last)
    lines = [_line_at(mm, s, width, path) for s in starts]
    # Lines of digits only say nothing about the case; the others must agree.
    cases = {_case_of(line.key) for line in lines if any(c > 0x39 for c in line.key)}
    if "mixed" in cases or len(cases) > 1:
        raise InputError([Problem(str(path), "hexadecimal digits in both cases", 1)])
    case = "lower" if cases == {"lower"} else "upper"
    for before, after in itertools.pairwise(lines):
        if after.key <= before.key:
            raise InputError([_problem(mm, path, after.start, ORDER_HINT)])
    return case


def _map(path: Path) -> mmap.mmap | None:
    """The file, mapped read-only (None when it is empty); InputError when unreadable."""
    try:
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size == 0:
                return None
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except OSError as exc:
        raise InputError([Problem(str(path), f"cannot read: {exc.strerror or exc}")]) from None
    # A search touches a handful of lines far apart: without this, every page fault reads
    # ahead and around it (up to megabytes), which on a cold cache costs milliseconds each.
    if hasattr(mmap, "MADV_RANDOM"):
        mapped.madvise(mmap.MADV_RANDOM)
    return mapped


# --- the two layouts ------------------------------------------------------------------------


class SortedFile:
    """One file of `SHA1HEX:COUNT` lines in hash order."""

    layout = "file"

    def __init__(self, path: Path) -> None:
        self.path = path
        mm = _map(path)
        if mm is None:
            raise InputError([Problem(str(path), "the file is empty", 1)])
        self._mm = mm
        try:
            self._case = validate(mm, SHA1_HEX, path)
        except BaseException:
            mm.close()
            raise

    def count(self, sha1_hex: bytes) -> int:
        key = sha1_hex.lower() if self._case == "lower" else sha1_hex.upper()
        return search(self._mm, key, SHA1_HEX, self.path)

    def close(self) -> None:
        self._mm.close()


class PrefixDirectory:
    """A directory of `XXXXX.txt` files of `SUFFIX35:COUNT` lines (the range layout)."""

    layout = "directory"

    def __init__(self, path: Path) -> None:
        self.path = path
        missing = [n for n in ("00000.txt", "FFFFF.txt") if not (path / n).is_file()]
        if missing:
            raise InputError(
                [
                    Problem(
                        str(path),
                        f"no {' or '.join(missing)}: not a directory of Pwned Passwords "
                        "ranges, or the download is incomplete",
                    )
                ]
            )
        for name in ("00000.txt", "FFFFF.txt"):
            self._check_file(path / name)

    def _check_file(self, file: Path) -> str:
        mm = _map(file)
        if mm is None:
            return "upper"  # an empty range is possible (none is today) and holds nothing
        try:
            return validate(mm, SUFFIX_HEX, file)
        finally:
            mm.close()

    def count(self, sha1_hex: bytes) -> int:
        upper = sha1_hex.upper()
        file = self.path / f"{upper[:5].decode('ascii')}.txt"
        if not file.is_file():
            raise InputError(
                [
                    Problem(
                        str(file), "missing from the corpus directory: the download is incomplete"
                    )
                ]
            )
        mm = _map(file)
        if mm is None:
            return 0
        try:
            return search(mm, upper[5:], SUFFIX_HEX, file)
        finally:
            mm.close()

    def close(self) -> None:
        pass
