"""seed_phrase_files probe: is a wallet recovery phrase kept in a plain file?

Info-stealers sweep Desktop, Documents and Downloads for text that looks like a recovery
phrase; this probe looks in the same places first (`folders`), and stops at fixed limits
(file size, total bytes, file count, time), saying which one it hit. Each text-like file is
read through the host and searched by `matcher`; a finding is the file, home shown as `~`,
and the phrase's word count. The text read is dropped as soon as it is searched: no word
of it reaches a fact, a reason, a source or a log line.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from securecheck.core.model import FactValue, ProbeOutcome
from securecheck.i18n import _
from securecheck.probes.host import FILE_CAP, Host, ProbeSpec, known, unknown
from securecheck.probes.privacy import hide_home
from securecheck.probes.seed_phrase_files import DECLARATION
from securecheck.probes.seed_phrase_files.folders import (
    NOTE_FOLDERS,
    XDG_USER_DIRS,
    is_binary,
    looks_like_text,
    parse_user_dirs,
)
from securecheck.probes.seed_phrase_files.matcher import find_phrases_in_bytes

PROBE = "seed_phrase_files"


@dataclass(frozen=True)
class Limits:
    file_bytes: int = FILE_CAP  # a larger file is not read (1 MiB: notes are small)
    total_bytes: int = 64 << 20
    files: int = 2000
    seconds: float = 8.0  # well inside the audit's 30 s for all probes
    depth: int = 2  # sub-folders below Desktop/Documents/Downloads; the home: its top only


@dataclass
class Scan:
    found: list[str] = field(default_factory=list)
    files: int = 0
    bytes: int = 0
    too_large: int = 0
    unreadable: int = 0
    stopped: str | None = None  # the limit that ended the scan: file_limit, byte_limit, ...
    locked: list[str] = field(default_factory=list)  # note folders that could not be listed

    def not_scanned(self, limits: Limits) -> list[str]:
        out = []
        if self.too_large:
            out.append(f"too_large:{self.too_large}")
        if self.unreadable:
            out.append(f"unreadable:{self.unreadable}")
        if self.stopped == "file_limit":
            out.append(f"file_limit:{limits.files}")
        elif self.stopped == "byte_limit":
            out.append(f"byte_limit:{limits.total_bytes >> 20}")
        elif self.stopped == "time_budget":
            out.append(f"time_budget:{limits.seconds:g}")
        return out


def _home(host: Host) -> tuple[str, str] | None:
    """The home folder and the path separator of this host."""
    if host.system == "windows":
        home = host.env("USERPROFILE")
        return (home.rstrip("\\/"), "\\") if home else None
    home = host.env("HOME")
    return (home.rstrip("/"), "/") if home and home != "/" else None


def folders_to_scan(
    host: Host, home: str, sep: str, locked: list[str] | None = None
) -> list[tuple[str, int]]:
    """(folder, how deep to go below it): the note folders, then the home's top level.

    A note folder that exists but cannot be listed (macOS asks before a program may read
    Desktop, Documents and Downloads) is added to `locked`."""
    folders = [home + sep + name.replace("/", sep) for name in NOTE_FOLDERS]
    if host.system == "linux":
        user_dirs = host.read_text(home + sep + XDG_USER_DIRS)
        if user_dirs.ok and user_dirs.text is not None:
            folders += parse_user_dirs(user_dirs.text, home)
    seen: set[str] = set()
    out: list[tuple[str, int]] = []
    for folder in folders:
        key = folder.lower() if host.system != "linux" else folder
        if key in seen:
            continue
        seen.add(key)
        if host.list_dir(folder) is not None:
            out.append((folder, -1))
        elif locked is not None and host.exists(folder):
            locked.append(folder)
    out.append((home, 0))
    return out


def scan(
    host: Host,
    home: str,
    sep: str,
    limits: Limits = Limits(),
    clock: Callable[[], float] = time.monotonic,
) -> Scan:
    """Search the note folders below `home` within `limits`."""
    result = Scan()
    deadline = clock() + limits.seconds
    visited: set[str] = set()
    queue: deque[tuple[str, int]] = deque(
        (folder, limits.depth if depth < 0 else depth)
        for folder, depth in folders_to_scan(host, home, sep, result.locked)
    )
    while queue and result.stopped is None:
        folder, depth = queue.popleft()
        if folder in visited:
            continue
        visited.add(folder)
        for name in host.list_dir(folder) or ():
            if clock() > deadline:  # checked for every entry: a folder can hold 100,000 photos
                result.stopped = "time_budget"
                break
            if name.startswith("."):
                continue
            path = folder + sep + name
            stat = host.stat(path)
            if stat is None:
                continue
            if stat.is_dir:
                if depth > 0:
                    queue.append((path, depth - 1))
                continue
            if not looks_like_text(name) or path in visited:
                continue
            visited.add(path)
            if stat.size > limits.file_bytes:
                result.too_large += 1
                continue
            stop = _limit_reached(result, stat.size, limits)
            if stop is not None:
                result.stopped = stop
                break
            _search(host, path, home, result)
    return result


def _limit_reached(result: Scan, size: int, limits: Limits) -> str | None:
    if result.files >= limits.files:
        return "file_limit"
    if result.bytes + size > limits.total_bytes:
        return "byte_limit"
    return None


def _search(host: Host, path: str, home: str, result: Scan) -> None:
    read = host.read_bytes(path)  # bytes: the matcher reads UTF-8, no need to decode
    if not read.ok or read.data is None:
        result.unreadable += 1
        return
    result.files += 1
    result.bytes += len(read.data)
    if is_binary(read.data):
        return
    counts = find_phrases_in_bytes(read.data)
    if counts:
        shown = hide_home(path, [home])
        result.found.append(f"{shown} ({', '.join(str(c) for c in counts)})")


def run(host: Host) -> ProbeOutcome:
    where = _home(host)
    if where is None:
        return unknown(PROBE, _("the home folder is not known (HOME is not set)"))
    home, sep = where
    if host.list_dir(home) is None:
        return unknown(PROBE, _("the home folder cannot be read"), ["~"])
    limits = Limits()
    result = scan(host, home, sep, limits)
    facts: dict[str, FactValue] = {
        "files_scanned": result.files,
        "not_scanned": result.not_scanned(limits),
    }
    reasons = {}
    if result.found or (result.files and not result.locked):
        facts["found"] = result.found
    elif not result.locked:
        # Nothing to search is not the same as nothing found: decline rather than pass.
        reasons["found"] = _("an empty search proves nothing")
    else:
        # Finding nothing where securecheck could not look is no pass.
        shown = ", ".join(hide_home(f, [home]) for f in result.locked)
        reasons["found"] = _(
            "these folders could not be read: {folders} (on macOS, allow the terminal "
            "access to Desktop, Documents and Downloads folders)",
            folders=shown,
        )
    return known(
        PROBE, facts, ["~ (Desktop, Documents, Downloads, top level)"], fact_reasons=reasons
    )


SPEC = ProbeSpec(DECLARATION, run)
